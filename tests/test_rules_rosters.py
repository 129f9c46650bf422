"""Unit tests of rosters.py: a group one sentence forms or leads, and the members later sentences and
list items name (issue 22, thirteenth round). Every sentence here is invented for the test, and so is
every name."""
from __future__ import annotations

from itertools import combinations

from test_rules import covers, lex  # noqa: F401  (covers: the registry check in test_rules; lex: the lexicon)
from test_rules_unseen import extract


def pairs(extractor, text: str) -> set[frozenset]:
    return {frozenset(c.players) for c in extract(extractor, text).collaborations}


def every_pair(*names: str) -> set[frozenset]:
    return {frozenset(p) for p in combinations(names, 2)}


# ---------------------------------------------------------------- a group formed, its members listed below

@covers("collaboration_formed_group", "collaboration_roster")
def test_a_consortium_formed_in_one_sentence_pairs_every_member_the_list_below_names(extractor):
    text = ("Lunar rover consortium\n\n"
            "Tarn Motors and its sister firm Velmora Motors set up a consortium on Monday with three "
            "institutes to study how a rover could drive on the Moon.\n\n"
            "The member institutions are:\n\n"
            "- Quillon Aerospace Research Institute (QARI)\n"
            "- Marten Institute of Civil Engineering (MICE)\n"
            "- Tessaly Energy Research Institute (TERI)\n")
    members = ("Tarn Motors", "Velmora Motors", "Quillon Aerospace Research Institute",
               "Marten Institute of Civil Engineering", "Tessaly Energy Research Institute")
    assert every_pair(*members) <= pairs(extractor, text)


def hub(leader: str, *members: str) -> set[frozenset]:
    return {frozenset((leader, m)) for m in members}


@covers("collaboration_roster")
def test_the_other_participants_of_a_small_led_team_pair_with_its_leader_and_each_other(extractor):
    # sixteenth round: the annotated pages pair every two members of a team of a few (JOINT_LIST_LIMIT)
    text = ("Korvath Atomics, a maker of power units and the leader of the Brightline team, won an agency "
            "award in March. The team's other participants include Orvane Robotics Inc., Kettering Dynamics "
            "and Halvard Space Center.\n")
    assert pairs(extractor, text) == every_pair("Korvath Atomics", "Orvane Robotics", "Kettering Dynamics",
                                                "Halvard Space Center")


def test_the_members_of_a_team_a_player_leads_join_its_leader_in_a_later_sentence(extractor):
    text = ("Selenara Power leads a team that will build a radioisotope generator for the lunar night. "
            "Other members of the team include Osk Aerospace and Brisk Thermal.\n")
    assert pairs(extractor, text) == every_pair("Selenara Power", "Osk Aerospace", "Brisk Thermal")


def test_a_long_list_of_a_led_teams_members_pairs_each_with_the_leader_only(extractor):
    members = ("Osk Aerospace", "Brisk Thermal", "Kestrel Labs", "Velmora Optics", "Quillon Motors",
               "Marten Instruments", "Tessaly Power")
    text = ("Selenara Power leads a team that will build a radioisotope generator for the lunar night. "
            f"Other members of the team include {', '.join(members[:-1])} and {members[-1]}.\n")
    assert pairs(extractor, text) == hub("Selenara Power", *members)


@covers("collaboration_formed_group")
def test_a_small_team_a_player_leads_including_partners_pairs_every_member(extractor):
    text = ("Redmoor leads a team of firms and colleges for the drill work, including Kestrel Labs, Osk "
            "Aerospace and the University of Tarn.\n")
    assert pairs(extractor, text) == every_pair("Redmoor", "Kestrel Labs", "Osk Aerospace", "University of Tarn")


def test_a_coalition_listed_with_semicolons_pairs_every_member(extractor):
    text = ("The coalition includes Quillon Aerospace Institute; Marten Research Institute; and Varnholt "
            "Automotive Institute.\n")
    assert pairs(extractor, text) == every_pair("Quillon Aerospace Institute", "Marten Research Institute",
                                                "Varnholt Automotive Institute")


# ---------------------------------------------------------------- where the roster ends

def test_a_heading_closes_the_group(extractor):
    text = ("Tarn Motors formed a consortium to study lunar mobility.\n\n"
            "Other news\n\n"
            "The partner institutes are:\n\n"
            "- Quillon Aerospace Research Institute\n"
            "- Marten Institute of Civil Engineering\n")
    assert not {p for p in pairs(extractor, text) if "Tarn Motors" in p}


def test_a_list_under_a_line_that_names_no_group_is_no_roster(extractor):
    text = ("Tarn Motors formed a consortium to study lunar mobility.\n\n"
            "The company also sells parts to:\n\n"
            "- Quillon Aerospace Research Institute\n"
            "- Marten Institute of Civil Engineering\n")
    assert not {p for p in pairs(extractor, text) if "Tarn Motors" in p}


def test_a_group_nobody_formed_pairs_nothing_across_sentences(extractor):
    text = ("The agency will announce the winners in May. The team's other participants include Orvane "
            "Robotics and Kettering Dynamics.\n")
    assert pairs(extractor, text) <= every_pair("Orvane Robotics", "Kettering Dynamics")


# ---------------------------------------------------------------- label lines, further members, a leading clause

@covers("collaboration_formed_group")
def test_a_label_line_names_a_consortium_by_its_members_and_their_countries(extractor):
    text = ("Project Tarnlight\n\n"
            "Consortium: Velmora Systems GmbH, Austria; Kestrel Applications NV, Belgium; Osk Robotics SA, France\n")
    assert pairs(extractor, text) == every_pair("Velmora Systems", "Kestrel Applications", "Osk Robotics")


def test_a_label_line_of_winners_is_no_consortium(extractor):
    text = "Award recipients: Velmora Systems, Kestrel Applications and Osk Robotics\n"
    assert pairs(extractor, text) == set()


def test_a_consortium_a_player_leads_in_an_opening_clause_lists_members_after_including(extractor):
    text = ("Leading a consortium of relay firms, Tarnspace will run a lunar relay network. The consortium "
            "includes Kestrel Telecom as integrator and smaller firms including Osk Satellites and Brisk "
            "Antennas.\n")
    assert every_pair("Tarnspace", "Kestrel Telecom", "Osk Satellites", "Brisk Antennas") <= pairs(extractor, text)


@covers("collaboration_formed_group")
def test_a_consortium_formed_by_a_player_including_others_pairs_every_member(extractor):
    text = ("The survey goes to a consortium formed by Tarnedge Space, including Velmora Optics, Kestrel "
            "Networks and Osk Precision.\n")
    assert pairs(extractor, text) == every_pair("Tarnedge Space", "Velmora Optics", "Kestrel Networks",
                                                "Osk Precision")


@covers("collaboration_group")
def test_a_collaboration_between_kinds_of_organisation_including_named_ones_pairs_them(extractor):
    text = ("The rover payload is a collaboration between two colleges and a test centre, including the "
            "University of Tarn, Velmora State University and Kestrel Systems.\n")
    assert pairs(extractor, text) == every_pair("University of Tarn", "Velmora State University", "Kestrel Systems")


def test_a_team_a_player_leads_with_partners_that_include_others_pairs_every_member(extractor):
    text = ("Korvath will lead a team for the lander bid, with partners that include Velmora Electromagnetic "
            "Systems, Osk Orbital and Brisk Flight Industries.\n")
    assert pairs(extractor, text) == every_pair("Korvath", "Velmora Electromagnetic Systems", "Osk Orbital",
                                                "Brisk Flight Industries")


def test_a_consortium_that_counts_engineers_from_players_adds_the_players(extractor):
    text = ("Tarn Motors formed a consortium to study lunar mobility. The consortium counts engineers from Osk "
            "Labs and Brisk Robotics.\n")
    assert pairs(extractor, text) == every_pair("Tarn Motors", "Osk Labs", "Brisk Robotics")


# ---------------------------------------------------------------- a chooser's selectees, one per list item

def test_the_selectees_listed_under_a_colon_line_are_players_the_chooser_pairs_with(extractor):
    text = ("Agency picks companies for lunar study\n\n"
            "The Orbital Research Office has selected five companies for a study of lunar infrastructure.\n\n"
            "The program selectees are:\n\n- Tarnway\n- Kestrel Industries\n- Osk\n- Velmora Robotics\n"
            "- Brisk Space\n")
    out = extract(extractor, text)
    chosen = {"Tarnway", "Kestrel Industries", "Osk", "Velmora Robotics", "Brisk Space"}
    assert chosen <= {p.name for p in out.players}
    assert {frozenset(("Orbital Research Office", c)) for c in chosen} == pairs(extractor, text)
