"""Unit tests of the rules added in the ninth round of issue 22 (written from the error classes of three
newly annotated private sets of real pages). Every sentence here is invented for the test, and so is
every name."""
from __future__ import annotations

from spacekg.extract import vetoes as V
from spacekg.extract.technologies import vague_technology
from test_rules import covers, lex, parse  # noqa: F401  (covers: the registry check; lex, parse: fixtures)
from test_rules_unseen import extract, players
from test_rules_unseen8 import pairs


def targets(extractor, text: str) -> set[tuple]:
    return {(t.player, *t.resources, *t.platforms) for t in extract(extractor, text).targets}


# ---------------------------------------------------------------- names used as vehicles

def test_a_launched_name_is_a_vehicle_not_a_player(extractor):
    text = "Korvath Dynamics will launch Velka next year. Velka will image the asteroid.\n"
    assert players(extractor, text) == {"Korvath Dynamics"}


def test_a_name_that_separates_from_a_stage_is_a_vehicle(extractor):
    text = "Velka will separate from the upper stage an hour after launch, Korvath Dynamics said.\n"
    assert players(extractor, text) == {"Korvath Dynamics"}


def test_a_name_aboard_which_a_camera_flies_is_a_vehicle(extractor):
    assert players(extractor, "A camera aboard Velka imaged the asteroid for Korvath Dynamics.\n") == \
        {"Korvath Dynamics"}


def test_a_launched_fund_with_an_organisation_word_stays_a_player(extractor):
    text = "Korvath Dynamics launched Velka Ventures, a fund for lunar startups.\n"
    assert players(extractor, text) == {"Korvath Dynamics", "Velka Ventures"}


def test_the_first_piece_of_a_hyphened_designation_is_no_player(extractor):
    text = "The Perdix-C lander delivered payloads for Korvath Dynamics. Perdix will land again in 2027.\n"
    assert players(extractor, text) == {"Korvath Dynamics"}


def test_a_maker_before_a_hyphened_participle_stays_a_player(extractor):
    assert "Korvath Dynamics" in players(extractor, "A Korvath Dynamics-built lander will carry the drill.\n")


# ---------------------------------------------------------------- investors named after a plural noun

def test_investors_named_right_after_the_plural_noun_are_players(extractor):
    text = "Brisk Capital led the round; joining it were investors Tarn Six, Velmora, Orvane VC, Kestrel 2 and Lumo.\n"
    assert players(extractor, text) == {"Brisk Capital", "Tarn Six", "Velmora", "Orvane VC", "Kestrel 2", "Lumo"}


def test_backers_named_right_after_the_plural_noun_are_players(extractor):
    assert players(extractor, "The round drew backers Tarn Six, Velmora and Orvane VC.\n") == \
        {"Tarn Six", "Velmora", "Orvane VC"}


def test_people_among_listed_investors_are_still_no_players(extractor):
    assert players(extractor, "Her fellow investors Jane Holt and Tom Reyes joined the round.\n") == set()


def test_the_other_investors_are_not_the_lead_investor(extractor):
    text = ("Velmora Capital led the round. The other investors include Tarn Six, an investment vehicle managed "
            "by Brisk Partners, and Orvane Fund.\n")
    assert pairs(extractor, text) == set()


# ---------------------------------------------------------------- an organisation cue beats the model's labels

def test_a_cue_noun_keeps_vouching_after_a_later_plain_mention(extractor):
    text = ("Mining startup Norvia has raised $18M in a seed round.\n\n"
            "Norvia has built diggers that sift lunar soil for helium-3 on the Moon.\n\n"
            "Norvia’s machines are small and light.\n")
    assert players(extractor, text) == {"Norvia"}
    assert targets(extractor, text) == {("Norvia", "Regolith", "Helium-3", "Moon")}


def test_a_company_name_beside_a_verb_of_saying_is_no_person(extractor):
    text = ("Chinese startup Tarn Space signed a deal with Velmora Robotics last week.\n\n"
            "Tarn Space says asteroids hold water.\n")
    assert players(extractor, text) == {"Tarn Space", "Velmora Robotics"}


def test_a_person_beside_a_verb_of_saying_is_still_a_person(extractor):
    assert players(extractor, "Jane Holt said the drill works, and Korvath Dynamics agreed.\n") == \
        {"Korvath Dynamics"}


# ---------------------------------------------------------------- descriptions, captions and sources

def test_a_place_before_a_generic_noun_in_capitals_is_a_description(extractor):
    text = ("Tarn Robotics raised $13 million. The California Startup will use it to build a drill for "
            "asteroid mining.\n")
    assert players(extractor, text) == {"Tarn Robotics"}


@covers("veto_caption")
def test_an_image_caption_is_no_name(lex):
    assert V.name_veto("Tarn Mining Logo", lex) == "veto_caption"
    assert V.name_veto("Lunar Economy Map", lex) == "veto_caption"
    assert V.name_veto("Tarn Mining", lex) is None


def test_the_author_of_a_study_is_a_source_not_a_player(extractor):
    text = ("A study carried out by the Tarn Corporation, a consultancy in Denver, predicts that lunar services "
            "will earn $1.5 billion. The Tarn study examined 19 teams.\n")
    assert players(extractor, text) == set()


def test_an_example_of_a_catalogue_is_a_source_not_a_player(extractor):
    text = "Asteroid catalogues like Velkarank estimate that 700 asteroids are worth more than $100 trillion.\n"
    assert players(extractor, text) == set()


def test_the_solar_system_is_no_technology(parse, lex):
    _, doc = parse("The probe will study the early solar system.\n")[0]
    phrase = next(c for c in doc.noun_chunks if c.root.lower_ == "system")
    assert vague_technology(phrase, lex)
    other = next(c for c in parse("The probe carries a solar power system.\n")[0][1].noun_chunks
                 if c.root.lower_ == "system")
    assert not vague_technology(other, lex)


# ---------------------------------------------------------------- a cue word inside a name cues nothing

def test_a_partnership_word_inside_an_investor_s_name_is_no_cue(extractor):
    text = "The round was led by Brisk Partners, with Orvane Fund and Velmora Capital joining.\n"
    assert pairs(extractor, text) == set()


def test_an_investor_named_partners_does_not_make_a_list_of_investors_partners(extractor):
    text = ("Orvane Fund led the round for Tarn Robotics. The investors include Velmora Capital and Brisk "
            "Partners.\n")
    assert pairs(extractor, text) == set()


# ---------------------------------------------------------------- more names that are not players

def test_an_all_caps_dateline_with_a_site_s_credit_is_no_player(extractor):
    text = ("TORVIK (orbitnews.com) – Korvath Dynamics this week launched its first prospecting spacecraft to "
            "study asteroids.\n")
    assert players(extractor, text) == {"Korvath Dynamics"}
    assert pairs(extractor, text) == set()


def test_a_former_employer_and_a_link_tag_are_cleaned_off_a_name(lex):
    from spacekg.extract.inventory import clean_name
    assert clean_name("ex-Korvath Dynamics", lex) == "Korvath Dynamics"
    assert clean_name("[PDF] Korvath Dynamics", lex) == "Korvath Dynamics"
    assert clean_name("PDF] Korvath Dynamics", lex) == "Korvath Dynamics"


def test_an_acronym_written_before_its_expansion_and_a_vehicle_noun_is_a_thing(parse, lex):
    from spacekg.extract.candidates import thing_names
    parsed = parse("The agency's VART (Velmora Asteroid Redirect Test) spacecraft will strike the moonlet.\n")
    assert {"VART", "Velmora Asteroid Redirect Test"} <= thing_names(parsed, lex)


@covers("org_before_cue")
def test_what_a_startup_belongs_to_is_an_organisation(extractor):
    assert players(extractor, "Kappa Hatchery startup Velmora raised $2 million to mine asteroids.\n") == \
        {"Kappa Hatchery", "Velmora"}


def test_a_place_before_a_startup_is_no_organisation(extractor):
    assert players(extractor, "Houston startup Velmora wants to mine asteroids.\n") == {"Velmora"}
    assert players(extractor, "For it the drill is made by the Lorvik firm Tarn Optics.\n") == {"Tarn Optics"}


# ---------------------------------------------------------------- relations that are not partnerships

@covers("veto_person_affiliation")
def test_a_person_s_employers_in_brackets_are_not_the_subject_s_partners(extractor):
    text = ("Tarn Lunar raised a seed round. Tarn Lunar’s founding team includes Ana Ruiz (Korvath Dynamics, "
            "Velmora Robotics).\n")
    assert pairs(extractor, text) == set()


@covers("veto_founded_by")
def test_the_founders_of_a_joint_venture_are_partners_of_each_other_only(extractor):
    text = ("The round was topped up by Orvane Capital, the Brisk Bank and Tarn Capital, a joint venture formed by "
            "snack maker Velmora and insurer Kestrel Group.\n")
    assert pairs(extractor, text) == {frozenset(("Velmora", "Kestrel Group"))}


def test_a_fund_s_limited_partners_are_not_its_partners(extractor):
    text = ("The Brisk Fund counts carmaker Velmora Motors and the bank Orvane Financial among its limited "
            "partners.\n")
    assert pairs(extractor, text) == set()


def test_an_employer_before_alum_gets_no_target_and_no_partner(extractor):
    text = ("Velmora Space was founded by Jo Smith alongside his co-founder, Korvath Dynamics and Tarn Agency "
            "alum Ana Ruiz; the firm hopes to mine an asteroid by 2030.\n")
    assert targets(extractor, text) == {("Velmora Space", "Asteroids")}
    assert pairs(extractor, text) == set()


def test_the_site_after_the_bar_of_a_page_s_title_is_its_publisher(extractor):
    text = ("Secretive lunar startup led by former agency engineers raises new tranche of funding | TechLedger\n\n"
            "Velmora Space has raised $15 million to mine helium-3 on the Moon.\n")
    assert players(extractor, text) == {"Velmora Space"}


def test_a_company_s_own_title_bar_keeps_the_company(extractor):
    text = ("Velmora Space raises new funding | Velmora Space\n\n"
            "Velmora Space has raised $15 million to mine helium-3 on the Moon.\n")
    assert players(extractor, text) == {"Velmora Space"}


def test_a_founding_partner_of_a_fund_is_a_person(extractor):
    text = "Dana Kellow, founding partner of Brisk Capital, will join the Velmora Space board of directors.\n"
    assert players(extractor, text) == {"Brisk Capital", "Velmora Space"}


def test_size_and_number_words_do_not_name_a_technology(parse, lex):
    for text, head in (("Velmora Space will fly a much larger lander.\n", "lander"),
                       ("Velmora Space launched a few satellites.\n", "satellites"),
                       ("Velmora Space has patent pending technology.\n", "technology")):
        phrase = next(c for c in parse(text)[0][1].noun_chunks if c.root.lower_ == head)
        assert vague_technology(phrase, lex), text
    kept = next(c for c in parse("Velmora Space will fly a larger ice drill.\n")[0][1].noun_chunks
                if c.root.lower_ == "drill")
    assert not vague_technology(kept, lex)


# ---------------------------------------------------------------- from sets 26 and 28 (read second)

def test_places_in_brackets_after_listed_names_are_no_players(extractor):
    text = ("The organizations selected for the first track are Tarn Orbital (Kent, Washington); Velmora Launch "
            "(Centennial, Colorado); the University of Korvath (Urbana, Illinois); and Brisk Aerospace Systems "
            "(Lorvik, Norway).\n")
    assert players(extractor, text) == {"Tarn Orbital", "Velmora Launch", "University of Korvath",
                                        "Brisk Aerospace Systems"}


def test_two_names_an_appositive_counts_are_two_players(extractor):
    found = players(extractor, "Velmora Space will fly rovers from Kestrel and Astrion, two startups from Pune.\n")
    assert {"Kestrel", "Astrion"} <= found and "Kestrel and Astrion" not in found


def test_an_expert_in_apposition_is_a_person(extractor):
    text = "Ding Velka, an expert from the Tarnfield Institute of Technology, showed a robot that builds with lunar soil.\n"
    assert players(extractor, text) == {"Tarnfield Institute of Technology"}


def test_domain_words_before_a_generic_noun_in_a_headline_are_a_description(extractor):
    text = "Asteroid-Mining Startup Plans Second Private Flight\nVelmora Space plans to mine asteroids.\n"
    assert players(extractor, text) == {"Velmora Space"}


def test_a_country_s_acronym_the_model_calls_an_organisation_is_a_place(extractor):
    text = ("The UAE-made Tarn rover flew on a Velmora Space lander. The UAE plans more lunar missions, and "
            "Velmora Space will carry them.\n")
    assert "UAE" not in players(extractor, text)


def test_names_joined_by_a_spaced_slash_are_two(extractor):
    text = ("Velmora Space wrote a study for Brisk Capital/ Tarn Robotics which mapped the lunar value chain. "
            "Brisk Capital and Tarn Robotics paid for it.\n")
    assert {"Brisk Capital", "Tarn Robotics"} <= players(extractor, text)
    assert "Brisk Capital/ Tarn Robotics" not in players(extractor, text)


def test_an_acronym_before_its_expansion_ending_in_a_vehicle_noun_is_a_thing(parse, lex):
    from spacekg.extract.candidates import thing_names
    parsed = parse("The agency is developing the TPLO (Tarn Pathfinder Lunar Orbiter) with Velmora Space.\n")
    assert {"TPLO", "Tarn Pathfinder Lunar Orbiter"} <= thing_names(parsed, lex)


def test_a_university_s_name_goes_on_through_its_campus(extractor):
    text = ("Velmora Space worked with the University of Tarnfield at El Paso and Brisk Technological University "
            "on lunar bricks.\n")
    assert players(extractor, text) == {"Velmora Space", "University of Tarnfield at El Paso",
                                        "Brisk Technological University"}


@covers("org_led")
def test_what_a_person_leads_or_a_firm_backs_is_an_organisation(extractor):
    assert players(extractor, "Home to Jo Smith-led Velmora, the region leads the sector.\n") == {"Velmora"}
    assert "Velmora" not in players(extractor, "Brisk Capital paid for the Tarn-led Velmora mission to the Moon.\n")
