"""Unit tests of the twenty-second round of issue 22 (written from error classes of new private sets of
real pages, read after they were scored): organisations named only in passing, which no candidate rule
read (spans.py), and two name repairs. Every sentence here is invented for the test, and so is every
name."""
from __future__ import annotations

from test_rules import covers, lex, parse, span_of  # noqa: F401  (fixtures and the registry check)
from test_rules_unseen import extract, players


def admitted_by(out, name: str) -> set[str]:
    """The rules that admitted the player `name` (its evidence, one per surface form)."""
    return {a.evidence.rule for p in out.players if p.name == name for a in p.admitted if a.evidence}


@covers("span_cue_noun")
def test_a_name_after_an_organisation_noun_in_a_cut_last_line_is_a_player(extractor):
    text = ("Rover news\nThe rover will map frozen water near the lunar poles from 2027.\n\n"
            "The agency paid lunar delivery company Strovane a sum worth almost $3")
    out = extract(extractor, text)
    assert "Strovane" in {p.name for p in out.players}
    assert admitted_by(out, "Strovane") == {"span_cue_noun"}


@covers("span_role_modifier")
def test_an_organisation_before_a_persons_past_role_is_a_player(extractor):
    found = players(extractor, "Lunar news\nA Velmorasoft veteran, Ana Ruiz founded the mining start-up "
                               "Tarn Lunar in 2022 with two friends.\n")
    assert "Velmorasoft" in found


@covers("span_product_owner")
def test_the_owner_of_a_product_named_with_a_possessive_is_a_player(extractor):
    # (the other rules find this owner too; the rule reads such owners on pages where none of them does)
    out = extract(extractor, "Lunar news\nThe ice drill will reach the surface aboard Strobane’s home-built "
                             "Kestrel lander next spring, the mission team said.\n")
    assert "Strobane" in {p.name for p in out.players}


def test_a_headline_word_before_a_possessive_is_no_owner(extractor):
    found = players(extractor, "Home / Education / Pupils’ Robots Dig Lunar Soil In Desert Test\n\n"
                               "Teams of pupils built small robots that dig simulated lunar soil.\n")
    assert not found & {"Pupils", "Education"}


@covers("span_employer")
def test_a_persons_employer_after_at_is_a_player(extractor):
    found = players(extractor, "Lunar news\nThe founder left the asteroid venture in 2019. Ana Ruiz is now "
                               "vice president for corporate strategy at Orbivex, and her exit is not explained.\n")
    assert "Orbivex" in found


@covers("span_round_leader")
def test_the_leader_of_a_funding_round_is_a_player_but_not_the_owner_of_the_fund(extractor):
    out = extract(extractor, "Funding news\nIts seed round was led by Ivo Brandt’s Kestrel Fund in 2021.\n")
    assert "span_round_leader" not in admitted_by(out, "Ivo Brandt")         # the fund leads, not its owner
    assert "Nova Thresk" in players(extractor, "Funding news\nThe asteroid start-up closed a $25 million Series B round "
                                               "led by Nova Thresk, with more money from two angels.\n")


@covers("span_award_recipient")
def test_the_company_an_award_verb_gives_a_contract_is_a_player(extractor):
    out = extract(extractor, "Lunar news\nThe Harbor Space Agency awarded Selenia a $6.9 million contract "
                             "to test a helium extraction system on the Moon.\n")
    assert "Selenia" in {p.name for p in out.players}             # labelled a place by the model
    assert frozenset({"Harbor Space Agency", "Selenia"}) in {frozenset(c.players) for c in out.collaborations}


def test_a_list_closed_by_and_ends_before_the_rest_of_the_sentence(extractor):
    found = players(extractor, "Lunar news\nU.S. companies Strovane and Orvane Machines, both part of the "
                               "agency's delivery programme, landed in May and June, respectively.\n")
    assert {"Strovane", "Orvane Machines"} <= found
    assert not found & {"landed", "respectively"}


def test_a_wire_services_dateline_is_cut_from_the_name_after_it(extractor):
    found = players(extractor, "Osaka, May 2 (Tarn Press)--Velde University and Orvane Corp. <4411> are to "
                               "begin joint research on lunar homes with spin gravity.\n")
    assert "Velde University" in found
    assert not any("Press" in name for name in found)
