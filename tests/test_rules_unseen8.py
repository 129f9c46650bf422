"""Unit tests of the rules added in the eighth round of issue 22. Every sentence here is invented for
the test, and so is every name."""
from __future__ import annotations

from itertools import combinations

from test_rules import covers, lex  # noqa: F401  (covers: the registry check in test_rules; lex: the lexicon)
from test_rules_unseen import extract, players


def pairs(extractor, text: str) -> set[frozenset]:
    return {frozenset(c.players) for c in extract(extractor, text).collaborations}


# ---------------------------------------------------------------- researchers from two organisations

@covers("collaboration_joint_team")
def test_researchers_from_two_organisations_who_act_together_collaborate(extractor):
    text = ("Researchers from Velmora University and the Tarn Institute found that heated regolith releases "
            "water on the Moon.\n")
    assert pairs(extractor, text) == {frozenset(("Velmora University", "Tarn Institute"))}


def test_a_team_of_engineers_at_two_companies_collaborates(extractor):
    text = "A team of engineers at Korvath Dynamics and Selenara Robotics built a drill for lunar ice.\n"
    assert pairs(extractor, text) == {frozenset(("Korvath Dynamics", "Selenara Robotics"))}


def test_a_joint_team_collaborates_even_as_the_object_of_a_selection(extractor):
    text = ("The Orbital Survey Office selected a joint team of engineers from Velmora University and the "
            "Tarn Institute to map lunar ice.\n")
    assert frozenset(("Velmora University", "Tarn Institute")) in pairs(extractor, text)


def test_a_study_s_longer_list_of_affiliations_is_no_collaboration(extractor):
    text = ("Scientists from Alder University, Brisk College and the Orvane Institute wrote a paper on lunar "
            "ice.\n")
    assert pairs(extractor, text) == set()


# ---------------------------------------------------------------- "one of the companies"

@covers("org_defined")
def test_one_of_the_companies_defines_an_organisation(extractor):
    text = "Redvane is one of the companies holding lunar delivery contracts.\n"
    assert players(extractor, text) == {"Redvane"}


def test_among_the_firms_defines_an_organisation(extractor):
    assert players(extractor, "Tarrow Lunar is among the firms selected to build ice drills.\n") == {"Tarrow Lunar"}


# ---------------------------------------------------------------- a place's "-based"

@covers("org_based")
def test_a_name_after_a_place_and_based_is_an_organisation(extractor):
    from spacekg.extract.candidates import org_based
    doc = extractor.nlp("The Denver-based Korbelix plans to mine helium-3 on the Moon.")
    chunk = doc[4:5]
    assert chunk.text == "Korbelix" and org_based(chunk, extractor.lexicon)
    doc = extractor.nlp("Laser-based Extraction is a technique for regolith.")
    assert not org_based(doc[3:4], extractor.lexicon)         # a technique, not a place, before "-based"


def test_a_lower_case_brand_after_a_place_and_based_is_a_player(extractor):
    text = ("Velcor, the Brazilian arm of Osaka-based oreline, is building a lunar lander that will "
            "prospect for water ice.\n")
    assert players(extractor, text) == {"Velcor", "oreline"}


def test_a_word_describing_a_noun_after_based_is_no_player(extractor):
    text = ("Korvane Orbital, co-founded by Ana Ruiz, a Lisbon-based IT consultant, plans to mine lunar ice. "
            "Velmora's Lisbon-based team will build its drill.\n")
    assert players(extractor, text) == {"Korvane Orbital", "Velmora"}


# ---------------------------------------------------------------- a name joined to a player

@covers("org_conj")
def test_a_one_word_brand_joined_to_a_player_is_a_player(extractor):
    text = "Launch costs fell thanks to competition from such companies as TarnX and Blue Kestrel Orbital.\n"
    assert players(extractor, text) == {"TarnX", "Blue Kestrel Orbital"}


# ---------------------------------------------------------------- who acts, through a joined verb

def test_the_subject_of_a_verb_joined_by_and_acts_through_it(extractor):
    from spacekg.extract.candidates import acts
    doc = extractor.nlp("Tarnvik needed a carrier for its payloads, and has signed Velmora Robotics.")
    assert acts(doc[0], {"sign"})
    doc = extractor.nlp("Tarnvik needed a carrier, and Velmora Robotics has signed the deal.")
    assert not acts(doc[0], {"sign"})                 # the joined verb has a subject of its own


def test_an_agency_that_signs_through_a_joined_verb_is_not_dropped_as_a_product(extractor):
    text = ("The first TASA payloads will land next year. TASA needed a carrier for them, and has signed "
            "Velmora Robotics to deliver them to the Moon.\n")
    assert "TASA" in players(extractor, text)


# ---------------------------------------------------------------- who pays is not who targets

def targeted(extractor, text: str) -> set[str]:
    return {t.player for t in extract(extractor, text).targets}


@covers("veto_funder_target")
def test_who_awards_a_grant_for_a_player_s_work_does_not_target_its_resources(extractor):
    text = "The Tarn Space Agency awarded Velmora Robotics a grant to map water ice on the Moon.\n"
    assert targeted(extractor, text) == {"Velmora Robotics"}


def test_who_a_player_was_awarded_money_from_does_not_target_its_resources(extractor):
    text = ("Velmora Robotics has been awarded $2 million from the Tarn Space Agency to pull oxygen out of "
            "lunar regolith.\n")
    assert targeted(extractor, text) == {"Velmora Robotics"}


def test_who_hires_a_carrier_for_its_own_rover_keeps_its_target(extractor):
    text = "The Tarn Space Agency selected Velmora Robotics to launch its ice-hunting rover to the Moon.\n"
    assert "Tarn Space Agency" in targeted(extractor, text)


# ---------------------------------------------------------------- an institution's fields run on past "and"

@covers("split_joined_names")
def test_an_institution_s_fields_after_of_run_on_past_and(lex):
    from spacekg.extract import inventory as I
    index = I.PlayerIndex(lex)
    assert I.joined_names("Tarn Institute of Geology and Space Physics", index) == []
    assert I.joined_names("Velmora College of Mining and Earth Sciences", index) == []
    assert I.joined_names("Eastvale Institute of Technology and Tarn Robotics", index) == \
        ["Eastvale Institute of Technology", "Tarn Robotics"]             # a name, not a field, after "and"


def test_an_institution_named_with_two_fields_is_one_player(extractor):
    text = ("The Tarn Institute of Geology and Space Physics will test a lunar ice drill built "
            "by Velmora Robotics.\n")
    assert players(extractor, text) == {"Tarn Institute of Geology and Space Physics",
                                        "Velmora Robotics"}


@covers("split_prefixed_definition")
def test_a_college_defined_after_its_university_s_possessive_is_a_unit_of_its_own(extractor):
    text = ("The study was led by Ana Ruiz of Tarnfield University's College of Mining and Earth Sciences "
            "(CMES). Tarnfield University will fly the experiment to the Moon.\n")
    names = players(extractor, text)
    assert "College of Mining and Earth Sciences" in names and "Tarnfield University" in names


# ---------------------------------------------------------------- people who study

@covers("veto_person")
def test_a_name_in_apposition_with_a_student_is_a_person(extractor):
    text = ("To find out, Katja Morrow, a geology student, and the Tarn Institute tested "
            "regolith sifters.\n")
    assert players(extractor, text) == {"Tarn Institute"}


def test_a_degree_before_student_names_no_employer(extractor):
    text = "Now a PhD student at Velmora University, she designs missions to mine lunar ice.\n"
    assert players(extractor, text) == {"Velmora University"}


# ---------------------------------------------------------------- investors who are people

@covers("drop_listed_person")
def test_people_listed_among_investors_are_not_players(extractor):
    text = ("Tarn Orbital is backed by a host of investors including Velmora Ventures, Kestrel Capital, "
            "Sachin Mehra and Priya Kannan.\n")
    out = extract(extractor, text)
    assert {p.name for p in out.players} == {"Tarn Orbital", "Velmora Ventures", "Kestrel Capital"}
    assert {r.name for r in out.rejected if r.rule == "drop_listed_person"} == {"Sachin Mehra", "Priya Kannan"}


def test_a_firm_the_model_reads_as_a_person_joined_to_a_player_stays(extractor):
    text = "Tarn Capital and Magra Lunar signed an agreement to mine lunar ice.\n"
    assert players(extractor, text) == {"Tarn Capital", "Magra Lunar"}


# ---------------------------------------------------------------- a team led by one of its members

@covers("collaboration_led_group")
def test_a_small_led_team_pairs_every_member_a_long_one_its_leader_with_each(extractor):
    # sixteenth round: a team of a few (JOINT_LIST_LIMIT) works as one; the eighth round made every team a hub
    members = ("Kestrel Labs", "Osk Aerospace", "Brightwater Robotics", "University of Tarn")
    for text, leader in (
            ("Velmora will build the rover. The Velmora-led lunar rover team includes Kestrel Labs, Osk Aerospace, "
             "Brightwater Robotics and the University of Tarn.\n", "Velmora"),
            ("The lunar rover team led by Velmora Robotics includes Kestrel Labs, Osk Aerospace, Brightwater "
             "Robotics and the University of Tarn.\n", "Velmora Robotics")):
        found = pairs(extractor, text)
        assert found == {frozenset(p) for p in combinations((leader,) + members, 2)}
    many = members + ("Quillon Motors", "Marten Instruments", "Tessaly Power")
    text = ("Velmora will build the rover. The Velmora-led lunar rover team includes "
            f"{', '.join(many[:-1])} and {many[-1]}.\n")
    assert pairs(extractor, text) == {frozenset(("Velmora", m)) for m in many}


def test_a_list_passes_over_an_unknown_member_with_a_small_word_in_its_name(extractor):
    from spacekg.extract.partners import _unknown_member
    doc = extractor.nlp("Kestrel Labs, Waves in Tarn, Osk Aerospace and Brightwater Robotics")
    at = next(t.i for t in doc if t.text == "Waves")
    assert _unknown_member(doc, at, len(doc), {})


# ---------------------------------------------------------------- a title-case dateline; a firm's "-based"

def test_a_title_case_dateline_with_a_wire_credit_is_no_player(extractor):
    text = ("Lorvik, Tarnshire (ABC PR) — The Tarn Space Agency has granted $450,000 to Velmora "
            "Robotics to map lunar ice.\n")
    assert players(extractor, text) == {"Tarn Space Agency", "Velmora Robotics"}


@covers("org_role")
def test_the_place_before_based_after_a_role_is_no_employer(extractor):
    text = "We met the chief executive of Lorvik-based Tarnova Copper about lunar metals.\n"
    assert "Lorvik" not in players(extractor, text)


def test_who_a_grant_comes_from_pays_and_so_acts(extractor):
    from spacekg.extract.candidates import pays
    doc = extractor.nlp("Velmora University secured new grant funding from Tarnex for its lunar ice study.")
    assert pays(next(t for t in doc if t.text == "Tarnex"), extractor.lexicon)
    doc = extractor.nlp("Velmora University shipped a drill from Tarnex to the launch site.")
    assert not pays(next(t for t in doc if t.text == "Tarnex"), extractor.lexicon)
