"""Unit tests of the rules changed in the sixteenth round of issue 22 (written from error classes of
the private sets of real pages read so far: partners named only in a headline, in a small team's
list, or after "a company called"). Every sentence here is invented for the test, and so is every
name."""
from __future__ import annotations

from itertools import combinations

from test_rules import covers, lex  # noqa: F401  (covers: the registry check; lex: the lexicon)
from test_rules_unseen import extract

BODY = ("\n\nVelm Dynamics and Orlan University are named here. Brandel Space Agency is an agency. Kessor "
        "Aerospace builds landers. Quarrow Engineering builds drills. Harlen Systems makes parts.\n")


def pairs(extractor, text: str) -> set[frozenset]:
    return {frozenset(c.players) for c in extract(extractor, text).collaborations}


def every_pair(*names: str) -> set[frozenset]:
    return {frozenset(p) for p in combinations(names, 2)}


def pair(a: str, b: str) -> frozenset:
    return frozenset((a, b))


# ---------------------------------------------------------------- a headline's partners

@covers("collaboration_headline")
def test_a_headline_pairs_two_players_its_verb_joins(extractor):
    for headline, a, b in (
            ("Velm Dynamics Partners With Orlan University on Lunar Drill", "Velm Dynamics", "Orlan University"),
            ("Velm Dynamics Teams Up With Orlan University to Mine Lunar Ice", "Velm Dynamics", "Orlan University"),
            ("Brandel Space Agency Taps Kessor Aerospace for Lunar Lander", "Brandel Space Agency", "Kessor Aerospace"),
            ("Kessor Aerospace Signs Agreement With Harlen Systems", "Kessor Aerospace", "Harlen Systems"),
            ("Brandel Space Agency Selects Quarrow Engineering for Six Small Business Awards",
             "Brandel Space Agency", "Quarrow Engineering"),
            ("Brandel Space Agency Awards Kessor Aerospace Contract for Lunar Relay Payloads",
             "Brandel Space Agency", "Kessor Aerospace"),
            ("Velm Dynamics and Harlen Systems Sign Lunar Ice Deal", "Velm Dynamics", "Harlen Systems"),
            ("Quarrow Engineering Wins Brandel Space Agency Contract", "Quarrow Engineering", "Brandel Space Agency")):
        assert pair(a, b) in pairs(extractor, headline + BODY), headline


def test_a_headline_that_only_names_two_players_pairs_nothing(extractor):
    for headline in ("Quarrow Engineering Beats Harlen Systems in Drill Contest",
                     "Quarrow Engineering Wins Award as Harlen Systems Looks On",
                     "Velm Dynamics and Orlan University Report Results"):
        assert pair("Quarrow Engineering", "Harlen Systems") not in pairs(extractor, headline + BODY)
        assert pair("Velm Dynamics", "Orlan University") not in pairs(extractor, headline + BODY)


# ---------------------------------------------------------------- co-winners of one contract

@covers("veto_co_recipients")
def test_players_that_won_one_contract_together_collaborate(extractor):
    text = ("Tarnwick Robotics and Orlan Cosmos won a study contract from the Velm Ministry of Defence for "
            "two relay satellites.\n")
    assert pair("Tarnwick Robotics", "Orlan Cosmos") in pairs(extractor, text)


def test_players_that_won_contracts_in_the_plural_do_not(extractor):
    text = "Quarrow Engineering and Harlen Systems won study contracts from the Velm Ministry of Defence.\n"
    found = pairs(extractor, text)
    assert pair("Quarrow Engineering", "Harlen Systems") not in found
    assert pair("Quarrow Engineering", "Velm Ministry of Defence") in found


# ---------------------------------------------------------------- "a company called X" is the subject

@covers("collaboration_cue")
def test_a_company_called_by_name_is_the_subject_of_its_clause(extractor):
    text = ("A British company called Tarnwick Robotics has won a Brandel Space Agency (BSA) contract to "
            "refine its technology that turns lunar regolith into oxygen.\n")
    assert pairs(extractor, text) == {pair("Tarnwick Robotics", "Brandel Space Agency")}


def test_a_start_up_named_by_name_signs_its_own_agreement(extractor):
    text = "A start-up named Velm Dynamics signed an agreement with Orlan University to test a regolith drill.\n"
    assert pairs(extractor, text) == {pair("Velm Dynamics", "Orlan University")}


# ---------------------------------------------------------------- a small team's members

@covers("collaboration_roster")
def test_a_team_no_earlier_sentence_formed_pairs_every_member_it_lists(extractor):
    text = ("Members of the team include Tarnwick Robotics, Quarrow Engineering Inc., the "
            "University of Velm Research Institute and Kessor Aerospace.\n")
    assert pairs(extractor, text) == every_pair("Tarnwick Robotics", "Quarrow Engineering",
                                                "University of Velm Research Institute", "Kessor Aerospace")


def test_partners_no_group_names_are_no_team(extractor):
    # "Other partners" of whom? No sentence formed a group, and the subject names none
    text = "Other partners include Tarnwick Robotics, Quarrow Engineering and Kessor Aerospace.\n"
    assert pairs(extractor, text) == set()


def test_a_long_list_of_a_team_no_sentence_formed_pairs_nothing(extractor):
    names = ("Tarnwick Robotics", "Quarrow Engineering", "Kessor Aerospace", "Harlen Systems", "Velm Dynamics",
             "Brandel Instruments", "Orlan Motors")
    text = f"Members of the team include {', '.join(names[:-1])} and {names[-1]}.\n"
    assert not pairs(extractor, text) & every_pair(*names)


@covers("collaboration_joint_team")
def test_a_team_from_several_organisations_that_built_something_pairs_them(extractor):
    text = ("The sampler is being developed by a team from Tarnwick Robotics, Quarrow Engineering, Orlan "
            "University and Kessor Aerospace.\n")
    assert pairs(extractor, text) == every_pair("Tarnwick Robotics", "Quarrow Engineering", "Orlan University",
                                                "Kessor Aerospace")


# ---------------------------------------------------------------- a chosen item names its awardee and its partners

@covers("collaboration_selected_members")
def test_an_awardee_in_a_chosen_list_pairs_with_the_partners_its_item_names(extractor):
    text = ("The Brandel Space Agency selected three proposals for lunar power studies:\n\n"
            "- Tarnwick Robotics of Velmtown, Orlia - The company will partner with Quarrow Engineering and "
            "Harlen Systems.\n"
            "- Kessor Aerospace of Brandel, Orlia - The company will partner with Velm Dynamics.\n")
    found = pairs(extractor, text)
    assert {pair("Tarnwick Robotics", "Quarrow Engineering"), pair("Tarnwick Robotics", "Harlen Systems"),
            pair("Kessor Aerospace", "Velm Dynamics")} <= found
    assert pair("Quarrow Engineering", "Harlen Systems") not in found


# ---------------------------------------------------------------- an acronym the page never defines

def players_with_aliases(extractor, text: str) -> dict[str, set[str]]:
    return {p.name: set(p.aliases) for p in extract(extractor, text).players}


@covers("alias_initials")
def test_an_undefined_acronym_that_spells_a_players_name_is_that_player(extractor):
    text = ("The Velmish Orbital Agency will fund the drill.\n\n"
            "VOA said the drill will fly in 2028. VOA also signed a deal with Kessor Aerospace.\n")
    found = players_with_aliases(extractor, text)
    assert "VOA" in found["Velmish Orbital Agency"] and "VOA" not in found
    assert pairs(extractor, text) == {pair("Velmish Orbital Agency", "Kessor Aerospace")}


def test_an_acronym_two_names_spell_joins_neither(extractor):
    text = ("The Velmish Orbital Agency and the Vantor Ocean Authority will fund the drill.\n\n"
            "VOA said the drill will fly in 2028. VOA also signed a deal with Kessor Aerospace.\n")
    found = players_with_aliases(extractor, text)
    assert "VOA" not in found.get("Velmish Orbital Agency", set())
    assert "VOA" not in found.get("Vantor Ocean Authority", set())


def test_the_initials_of_a_name_skip_small_words_or_keep_them_and_set_accents_aside():
    from spacekg.extract.inventory import initials
    assert initials("Office of Lunar Affairs", False) == "OLA" and initials("Office of Lunar Affairs", True) == "OOLA"
    assert initials("Centre National d'Études Orbitales", False) == "CNEO"
    assert initials("Velm Orbital Systems Ltd", False) == "VOSL"
    assert initials("ZRA Space Agency", False) == ""          # a name holding an acronym spells none


# ---------------------------------------------------------------- "the company X" introduces X

def test_a_cue_noun_right_before_a_name_does_not_refer_back(extractor):
    text = ("Velmspace builds drills.\n\n"
            "The American company Tarnmeer together with the startup Quillune presented a prototype of a "
            "lunar excavator.\n")
    assert not {p for p in pairs(extractor, text) if "Velmspace" in p}


# ---------------------------------------------------------------- a headline that chooses many companies

@covers("collaboration_selected_members")
def test_a_headline_that_picks_companies_makes_its_chooser_the_selector_of_the_next_sentence(extractor):
    text = ("Brandel Space Agency Picks Three Firms for Lunar Night Battery Work\n\n"
            "Tarnwick Robotics, Quarrow Engineering and Harlen Systems have been shortlisted out of seven "
            "bidders to keep developing solar arrays for the Moon. The Brandel Space Agency "
            "will review the designs in May.\n")
    found = pairs(extractor, text)
    assert {pair("Brandel Space Agency", x) for x in ("Tarnwick Robotics", "Quarrow Engineering",
                                                       "Harlen Systems")} <= found
    assert pair("Tarnwick Robotics", "Quarrow Engineering") not in found
