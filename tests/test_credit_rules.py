"""Targets and collaborations credited to the actor, on invented sentences (rules of issue 22 in
spacekg/extract/targets.py and collaborations.py: veto_other_clause_target, veto_employer, veto_other_cell_target,
veto_other_maker_target and the collaboration rules that follow them)."""
from spacekg.extract.reader import read_text
from spacekg.extract.targets import employer_only, listed_beside
from spacekg.extract.types import Mention


def extract(extractor, text, name="text.txt"):
    return extractor.extract(read_text(text, name=name))


def targets(ex):
    return {(t.player, x) for t in ex.targets for x in [*t.resources, *t.platforms]}


def pairs(ex):
    return {frozenset(c.players) for c in ex.collaborations}


def rules_of(ex):
    return {t.evidence.rule for t in ex.targets} | {c.evidence.rule for c in ex.collaborations}


# ---------------------------------------------------------------- targets

# rule: veto_other_clause_target
def test_a_clause_with_its_own_subject_is_not_the_main_subjects(extractor):
    ex = extract(extractor, "Tarnwick Orbital builds landers. Tarnwick Orbital pays for research, while Ostrava "
                            "speeds up lunar geology and asteroid surveys.")
    assert not [t for t in ex.targets if t.player == "Tarnwick Orbital"]


def test_a_hyphenated_verbs_subject_holds_its_clause(extractor):
    ex = extract(extractor, "Tarnwick Orbital builds landers. Quessel Robotics builds drills. While Tarnwick "
                            "Orbital has flip-flopped for a decade on Mars or the Moon, Quessel Robotics has kept "
                            "its plans for an asteroid outpost.")
    found = targets(ex)
    assert ("Quessel Robotics", "Asteroids") in found
    assert ("Quessel Robotics", "Mars") not in found


def test_a_player_subject_of_its_own_clause_keeps_its_claim(extractor):
    ex = extract(extractor, "Tarnwick Orbital builds landers. Quessel Robotics builds drills. While Tarnwick "
                            "Orbital weighs the Moon, Quessel Robotics plans to mine asteroids.")
    found = targets(ex)
    assert ("Quessel Robotics", "Asteroids") in found
    assert ("Quessel Robotics", "Moon") not in found


def test_its_own_thing_as_subject_keeps_the_claim(extractor):
    ex = extract(extractor, "Tarnwick Orbital builds landers. Tarnwick Orbital said its lander will mine "
                            "water ice on the Moon.")
    assert ("Tarnwick Orbital", "Moon") in targets(ex)


# rule: veto_employer
def test_the_employer_of_a_named_person_is_not_the_actor(nlp, extractor):
    lex = extractor.lexicon
    doc = nlp("Quessel Robotics was backed by Ambry Labs’ Larry Holloway.")
    employer = Mention("ambry labs", doc[5:7])
    assert doc[9].ent_type_ == "PERSON"         # the model's reading this rule relies on
    assert employer_only(employer, [employer], lex)
    doc = nlp("Quessel Robotics was carried by Ambry Labs’ Kestrel lander.")
    assert not employer_only(Mention("ambry labs", doc[5:7]), [], lex)


# rule: veto_other_cell_target
def test_a_name_in_another_cell_of_a_flattened_row(extractor):
    text = ("Tarnwick Orbital builds landers for the Moon.\n\nVehicle | Lumen-4 |\nPad | Sorrel Point |\n"
            "Prime contractor | Ambry Heavy Industries |\nMoon lander | |\nPart | Rover |\n")
    ex = extract(extractor, text)
    assert ("Tarnwick Orbital", "Moon") in targets(ex)
    assert not [t for t in ex.targets if t.player == "Ambry Heavy Industries"]


# rule: veto_other_maker_target
def test_the_maker_of_another_thing_in_a_gapped_clause(extractor):
    ex = extract(extractor, "Tarnwick Orbital builds landers. Quessel Robotics builds drills. Ambry Labs builds "
                            "sensors. On Kestrel-2, the drill that will mine lunar ice is being made by Quessel "
                            "Robotics of Austin, Texas, and the camera by Ambry Labs.")
    found = targets(ex)
    assert ("Quessel Robotics", "Water/Ice") in found
    assert ("Ambry Labs", "Water/Ice") not in found


# ---------------------------------------------------------------- collaborations

# rule: veto_listed_subjects
def test_names_listed_with_the_subject_are_not_its_objects(extractor):
    ex = extract(extractor, "Inovar Dynamics builds rovers. Saltmere Robotics builds arms. University of Lorne, "
                            "Inovar Dynamics, Saltmere Robotics and Kestrow Labs will supply expert advice, and "
                            "regional collaborators include Veloria Systems.")
    assert not [p for p in pairs(ex) if "University of Lorne" in p]


def test_a_list_of_names_is_not_a_two_party_deal_line(extractor):
    ex = extract(extractor, "Inovar Dynamics, Saltmere Robotics sign lunar drill deal.")
    assert frozenset({"Inovar Dynamics", "Saltmere Robotics"}) in pairs(ex)


def test_a_name_inside_another_players_name_is_not_a_member(extractor):
    ex = extract(extractor, "Quessel Robotics builds drills. Ambry Labs builds sensors. Ostrel Agency builds "
                            "rockets. The test campaign was a collaboration between Quessel Robotics, the Brannock "
                            "Observatory, the Ostrel Agency/Tamsin Kestrel Laboratory, with Ambry Labs.")
    found = pairs(ex)
    assert frozenset({"Quessel Robotics", "Ambry Labs"}) in found
    assert not [p for p in found if "Ostrel Agency" in p]


def test_an_unknown_name_in_a_members_list_does_not_end_it(extractor):
    ex = extract(extractor, "Quessel Robotics builds drills. Ambry Labs builds sensors. The demonstrator is a "
                            "collaboration between Quessel Robotics, the Moorfield Array, the Tamsin Kestrel "
                            "Laboratory, with Ambry Labs.")
    assert frozenset({"Quessel Robotics", "Ambry Labs"}) in pairs(ex)


# rule: veto_managed_by
def test_the_manager_and_owner_of_a_player_are_not_its_partners(extractor):
    ex = extract(extractor, "Quessel Robotics builds drills. Ambry Labs builds sensors. Tarnwick Orbital builds "
                            "landers. Administered for Tarnwick Orbital by Ambry Labs, Quessel Robotics also "
                            "provides drilling services.")
    assert pairs(ex) == set()


def test_a_facility_run_by_a_player_still_pairs_its_user(extractor):
    ex = extract(extractor, "Gorsedd Works builds reactors. Gorsedd Works will carry out the tests at the "
                            "Cairnloch Vacuum Facility, run by Strathmore University.")
    assert frozenset({"Gorsedd Works", "Strathmore University"}) in pairs(ex)


# rule: veto_employer
def test_former_employers_of_founders_are_not_partners(extractor):
    ex = extract(extractor, "Quessel Robotics builds drills. Ambry Labs builds sensors. Tarnwick Orbital builds "
                            "landers. Created in 2024 by a former Ambry Labs scientist and a former Tarnwick "
                            "Orbital engineer, Quessel Robotics designs drills.")
    assert pairs(ex) == set()


# rule: veto_glossed_name
def test_a_name_glossed_in_parentheses_is_not_a_partner_of_itself(extractor):
    ex = extract(extractor, "In March, the Kestrel Space Centre (Centre national de Kestrel - CNK), the Ostrel "
                            "Space Agency, the Brannock Innovation Centre and Ambry Labs signed a memorandum on "
                            "lunar oxygen. CNK will lead the work.")
    found = pairs(ex)
    assert frozenset({"CNK", "Ostrel Space Agency"}) in found
    assert frozenset({"CNK", "Kestrel Space Centre"}) not in found


# rule: new_organisation_subject
def test_another_company_brought_in_is_what_the_company_means_next(extractor):
    text = ("Quessel Robotics flew a prospecting probe last year. A rival firm, known as Brindle Corp, "
            "prefers to fund itself. Last spring, the company partnered with Ambry Labs to design robot arms.")
    ex = extract(extractor, text)
    assert frozenset({"Quessel Robotics", "Ambry Labs"}) not in pairs(ex)


# rule: veto_programme_owner
def test_the_owner_of_a_programme_worked_under_is_not_the_actor(extractor):
    ex = extract(extractor, "The Ostrel Ministry of Industry gave grants to three teams building lunar diggers "
                            "under the Brannock Space Agency’s Earth to Moon Kestrel initiative.")
    assert not [t for t in ex.targets if t.player == "Brannock Space Agency"]
    assert pairs(ex) == set()


# rule: veto_programme_name
def test_a_platform_in_a_programmes_name_is_no_target(extractor):
    ex = extract(extractor, "Quessel Robotics builds drills. Quessel Robotics joined the Lunar Kestrel Challenge "
                            "to test its drill in 2027.")
    assert ("Quessel Robotics", "Moon") not in targets(ex)
    ex = extract(extractor, "Quessel Robotics builds drills. Quessel Robotics joined a lunar programme to test "
                            "its drill in 2027.")
    assert ("Quessel Robotics", "Moon") in targets(ex)


# rule: veto_term_as_name
def test_a_platform_word_that_names_a_business_is_no_target(extractor):
    ex = extract(extractor, "Quessel Robotics builds drills. Quessel Robotics has set up a weather-data "
                            "business, Callisto, to pay for its asteroid prospecting.")
    found = targets(ex)
    assert ("Quessel Robotics", "Asteroids") in found
    assert ("Quessel Robotics", "Other Celestial Bodies") not in found


# rule: veto_listed_beside_target
def test_an_item_of_a_list_is_not_credited_with_the_others(nlp):
    doc = nlp("The report covers lunar ice, solar wind and the Ambry Labs camera.")
    ice = next(t.i for t in doc if t.text == "ice")
    assert listed_beside(Mention("ambry labs", doc[10:12]), doc[ice:ice + 1])
    doc = nlp("Ambry Labs will mine lunar ice.")
    assert not listed_beside(Mention("ambry labs", doc[0:2]), doc[4:5])


# rule: veto_launch_service
def test_flying_on_a_players_rocket_is_a_service_not_a_partnership(extractor):
    ex = extract(extractor, "Tarnwick Orbital builds rockets. Quessel Robotics builds refineries. Quessel Robotics "
                            "will bolt its refinery to a commercial satellite and send it up on Tarnwick Orbital "
                            "rockets.")
    assert pairs(ex) == set()
    ex = extract(extractor, "Tarnwick Orbital builds landers. Quessel Robotics builds drills. Quessel Robotics "
                            "will fly its drill on a Tarnwick Orbital lander.")
    assert pairs(ex) == {frozenset({"Quessel Robotics", "Tarnwick Orbital"})}
