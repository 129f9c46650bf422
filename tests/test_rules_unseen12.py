"""Unit tests of the rules changed in the fourteenth round of issue 22 (written from the error classes
of the private sets of real pages read so far: institutes whose field names hold "and", a possessive
the parser hangs on a modifier, joint developers, firms named in an "including" subject, and the
companies an agency chose named in the next sentence). Every sentence here is invented for the test,
and so is every name."""
from __future__ import annotations

from test_rules import covers, lex  # noqa: F401  (covers: the registry check; lex: the lexicon)
from test_rules_rosters import every_pair, pairs
from test_rules_unseen import extract, players


def technologies(extractor, text: str) -> set[tuple[str, str]]:
    return {(t.player, t.technology) for t in extract(extractor, text).technologies}


# ---------------------------------------------------------------- a unit's fields run on past "and"

@covers("extend_name", "split_joined_names")
def test_an_institute_whose_field_holds_and_is_one_player(extractor):
    text = ("The Quellen Institute of Dust and Crater Engineering will build a regolith sieve for the "
            "lunar base.\n")
    assert players(extractor, text) == {"Quellen Institute of Dust and Crater Engineering"}


def test_an_agency_whose_field_is_hyphenated_is_one_player(extractor):
    text = ("Engineers from the Tarsk Agency for Polar-Ice Science and Technology joined the "
            "Orlan Space Agency to study lunar ice.\n")
    assert players(extractor, text) == {"Tarsk Agency for Polar-Ice Science and Technology",
                                        "Orlan Space Agency"}


def test_two_organisations_joined_by_and_stay_two(extractor):
    # the second half is named on its own too: a second organisation, not the institute's field
    text = ("The Quellen Institute of Dust and Crater Engineering signed a supply agreement on Monday. "
            "Crater Engineering will deliver the sieves in May.\n")
    found = players(extractor, text)
    assert "Crater Engineering" in found and "Quellen Institute of Dust and Crater Engineering" not in found


# ---------------------------------------------------------------- the owner of a described technology

@covers("technology_object")
def test_a_possessive_the_parser_hangs_on_a_modifier_still_owns_the_technology(extractor):
    text = "Varden Space's cutting-edge sintering technology will use a laser to solidify regolith.\n"
    assert ("Varden Space", "cutting-edge sintering technology") in technologies(extractor, text)


@covers("veto_other_maker_technology")
def test_a_product_the_page_credits_to_its_maker_is_not_also_the_topic_players(extractor):
    text = ("The Pelham Space Agency is planning a lunar gateway station. The Pelham Space Agency said the "
            "station would be finished by 2030, and the Pelham Space Agency will pay for it.\n\n"
            "The station will carry Velmarm-3, a robotic arm, to move cargo between modules.\n\n"
            "Tarn Robotics will build Velmarm-3 under a contract signed in May.\n")
    assert {p for p, t in technologies(extractor, text) if "Velmarm-3" in t} == {"Tarn Robotics"}


# ---------------------------------------------------------------- joint developers

@covers("collaboration_joint_subjects")
def test_two_firms_developing_one_system_collaborate(extractor):
    text = "Tamsin Mining and Harrow Robotics are developing a novel system to mine water ice on the Moon.\n"
    assert pairs(extractor, text) == every_pair("Tamsin Mining", "Harrow Robotics")


def test_firms_each_developing_their_own_do_not(extractor):
    text = "Tamsin Mining and Harrow Robotics are each developing landers to mine water ice on the Moon.\n"
    assert pairs(extractor, text) == set()


def test_the_firms_an_including_subject_names_develop_together(extractor):
    text = ("Three companies, including Brevik Mining, Colter Robotics and Ansel Space Systems, are "
            "developing a drill to mine water ice on the Moon.\n")
    assert pairs(extractor, text) == every_pair("Brevik Mining", "Colter Robotics", "Ansel Space Systems")


# ---------------------------------------------------------------- the companies chosen, named next

@covers("collaboration_selected_members")
def test_the_companies_an_agency_chose_are_named_as_subjects_of_the_next_sentence(extractor):
    text = ("The Pelham Space Agency has chosen three companies for its rover study. Korvath Motors, Osk "
            "Aerospace and Brisk Robotics will begin work this year.\n")
    assert pairs(extractor, text) == {frozenset(("Pelham Space Agency", m))
                                      for m in ("Korvath Motors", "Osk Aerospace", "Brisk Robotics")}


def test_firms_named_as_subjects_without_a_choice_before_them_pair_with_nobody(extractor):
    text = ("The Pelham Space Agency opened a rover office in May. Korvath Motors, Osk Aerospace and "
            "Brisk Robotics will begin work this year.\n")
    assert pairs(extractor, text) == set()


def test_a_shortlist_names_the_chooser(extractor):
    text = ("The Merrin Space Agency has picked three companies for its solar array study. Dallow "
            "Aerospace, Fenwick Power and Gresham Robotics have been shortlisted from seven bidders.\n")
    assert pairs(extractor, text) == {frozenset(("Merrin Space Agency", m))
                                      for m in ("Dallow Aerospace", "Fenwick Power", "Gresham Robotics")}
