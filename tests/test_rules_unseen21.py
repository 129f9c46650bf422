"""Unit tests of the twenty-third round of issue 22 (written from error classes of new private sets of
real pages, read after they were scored): partners named around a group or a team, partners a
sentence opens with, a hand-over between two players, and people's names read as organisations.
Every sentence here is invented for the test, and so is every name."""
from __future__ import annotations

from test_rules import covers, lex, parse, span_of  # noqa: F401  (fixtures and the registry check)
from test_rules_unseen import extract, players


def pairs(extractor, text: str) -> set[frozenset[str]]:
    return {frozenset(c.players) for c in extract(extractor, text).collaborations}


def pair_rules(extractor, text: str) -> dict[frozenset[str], str]:
    return {frozenset(c.players): c.evidence.rule for c in extract(extractor, text).collaborations}


@covers("collaboration_fronted_partners")
def test_partners_a_sentence_opens_with_work_with_its_subject_and_each_other(extractor):
    found = pair_rules(extractor, "Lunar news\nTogether with Marrow University, Fenwick Robotics and the Tarn "
                                  "Space Center, Corvel Space Systems will build hardware to make oxygen from "
                                  "lunar regolith.\n")
    team = ["Marrow University", "Fenwick Robotics", "Tarn Space Center", "Corvel Space Systems"]
    assert {frozenset((a, b)) for a in team for b in team if a < b} <= set(found)
    assert found[frozenset(("Corvel Space Systems", "Marrow University"))] == "collaboration_fronted_partners"


def test_rivals_set_side_by_side_are_no_fronted_partners(extractor):
    found = pairs(extractor, "Lunar news\nAlong with Fenwick Robotics, Corvel Space Systems is building a "
                             "lander for the lunar south pole.\n")
    assert frozenset(("Fenwick Robotics", "Corvel Space Systems")) not in found


@covers("collaboration_handover")
def test_a_thing_handed_over_from_one_player_to_another_links_them(extractor):
    found = pair_rules(extractor, "Mission news\nThe flight model of the spectrometer was handed over from "
                                  "Pellam Space to the Tarn Space Agency in March.\n")
    assert found.get(frozenset(("Pellam Space", "Tarn Space Agency"))) == "collaboration_handover"


def test_a_collaboration_between_the_people_of_two_organisations_links_them(extractor):
    found = pairs(extractor, "Lunar news\nThe drill grew out of a collaboration between researchers "
                             "at Marrow University and Pellam Space.\n")
    assert frozenset(("Marrow University", "Pellam Space")) in found


def test_engineers_who_join_a_collaboration_link_their_organisation(extractor):
    text = ("Lunar news\nThe drill was developed through a collaboration between Marrow University and Pellam "
            "Space, along with engineers at Ostrava Mining.\n")
    assert "Pellam Space" in players(extractor, text)        # "engineers" after the comma is no role of its
    found = pairs(extractor, text)
    assert {frozenset(("Marrow University", "Ostrava Mining")), frozenset(("Pellam Space", "Ostrava Mining"))} <= found


def test_researchers_supporting_a_joint_team_link_their_organisation(extractor):
    found = pairs(extractor, "Lunar news\nWith its regolith sorter, the joint team from the Norland Research "
                             "Institute and the Tarn Space Center, supported by researchers from Marrow University, "
                             "won the competition.\n")
    assert {frozenset(("Norland Research Institute", "Marrow University")),
            frozenset(("Tarn Space Center", "Marrow University"))} <= found


def test_the_backer_of_a_led_consortium_works_with_its_leader(extractor):
    found = pair_rules(extractor, "Lunar news\nThe mission will be run by a consortium led by Pellam Space, "
                                  "supported by the Norland Space Agency, and including partners from two "
                                  "countries.\n")
    assert found.get(frozenset(("Pellam Space", "Norland Space Agency"))) == "collaboration_led_group"


def test_joint_initiators_of_a_challenge_work_together(extractor):
    found = pairs(extractor, "Lunar news\nThe Lunar Dig Challenge, a contest for regolith diggers, was launched two "
                             "years ago by the Norland Space Agency and the Tarn Space Agency.\n")
    assert frozenset(("Norland Space Agency", "Tarn Space Agency")) in found


def test_the_owner_of_the_programme_a_player_is_part_of_gets_not_its_target(extractor):
    out = extract(extractor, "Lunar news\nCorvel Space Systems, part of the Tarn Space Agency's cargo delivery "
                             "programme, will land a rover near the lunar south pole in 2027.\n")
    moon = {t.player for t in out.targets if "Moon" in t.platforms}
    assert "Corvel Space Systems" in moon and "Tarn Space Agency" not in moon


def test_a_listed_member_described_as_a_person_is_not_a_player(extractor):
    found = players(extractor, "Lunar news\nHis collaborators included Tomas Verhaal, an adjunct lecturer in "
                               "astronautics at Marrow University, and Ines Carvo, a mineral economist.\n")
    assert not found & {"Tomas Verhaal", "Ines Carvo"}
    assert "Marrow University" in found


def test_a_hyphenated_surname_alone_is_the_person_named_before(extractor):
    found = players(extractor, "Lunar news\nHeading the programme is Ana Ruiz-Ortega, director of the Centre "
                               "for Regolith Studies at Marrow University. While Ruiz-Ortega did not respond to "
                               "a request for comment, the university confirmed the plan.\n")
    assert "Ruiz-Ortega" not in found


def test_an_organisation_listed_before_a_person_with_a_role_stays_a_player(extractor):
    found = players(extractor, "Lunar news\nThe study team is joined by Ana Ruiz, a trajectory expert, Ivo "
                               "Brandt, a roboticist at Fenwick Robotics and Jo Smith, a mineral economist.\n")
    assert "Fenwick Robotics" in found


def test_institutions_the_model_reads_as_one_name_are_split(extractor):
    found = players(extractor, "Lunar news\nThe spectrometer was built with the support of scientists at "
                               "the University of Korvel, University of Strand and the Marrow Research Council.\n")
    assert {"University of Korvel", "University of Strand"} <= found
    assert not any("," in name for name in found)


def test_a_team_led_by_a_player_and_made_up_of_others_links_them(extractor):
    found = pairs(extractor, "Lunar news\nThe mission saw the involvement of a national team led by the Tarn "
                             "Space Institute and made up of Velde Polytechnic and the University of Korvel.\n")
    assert {frozenset(("Tarn Space Institute", "Velde Polytechnic")),
            frozenset(("Tarn Space Institute", "University of Korvel"))} <= found


def test_people_listed_in_a_team_are_not_players_however_the_model_labels_them(extractor):
    found = players(extractor, "Mission news\nA subset of the instrument team, consisting of John Goldmark, "
                               "Patrick Pelowski, Morgan Birks and David Lorence, met at the Tarn Space Center. "
                               "Pellam Space built the spectrometer.\n")
    assert not found & {"John Goldmark", "Patrick Pelowski", "Morgan Birks", "David Lorence"}
    assert {"Tarn Space Center", "Pellam Space"} <= found


def test_names_that_open_with_a_given_name_but_hold_an_organisation_word_stay_players(extractor):
    found = players(extractor, "Funding news\nThe seed round was led by Morgan Robotics and Grace Ventures, and "
                               "Corvel Space Systems will use it to build a drill with Morgan Tech.\n")
    assert {"Morgan Robotics", "Grace Ventures", "Morgan Tech"} <= found


def test_given_names_come_from_the_census_lists_and_leave_out_the_lexicons_words(parse, lex):
    from spacekg.extract.given_names import given_names, person_shaped

    def shaped(text: str, name: str) -> bool:
        (_, doc), = parse(f"{text}\n")
        return person_shaped(span_of(doc, name), lex)

    assert {"Patrick", "Morgan", "David"} <= given_names()
    assert shaped("We met Patrick Mellor there.", "Patrick Mellor")
    assert not shaped("We met Patrick Mellor there in April Showers.", "April Showers")   # a month first
    assert not shaped("We met Patrick Mellor at Morgan Robotics.", "Morgan Robotics")


def test_a_co_founders_title_is_no_legal_suffix(extractor):
    found = players(extractor, "Podcast notes\nOur guest this week is Ivo Brandt, Co-Founder of Pellam Space.\n")
    assert found == {"Pellam Space"}
