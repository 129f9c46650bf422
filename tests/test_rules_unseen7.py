"""Unit tests of the rules added in the seventh round of issue 22. Every sentence here is invented for
the test, and so is every name."""
from __future__ import annotations

from test_rules import covers  # noqa: F401  (covers: the registry check in test_rules)
from test_rules_unseen import extract, players


# ---------------------------------------------------------------- an agency read together with its programme

@covers("split_prefixed_definition")
def test_an_agency_before_its_programme_and_acronym_is_a_player_of_its_own(extractor):
    text = ("Tarn Orbital will fly its oxygen reactor to the Moon on a future ORSA Lunar Cargo Services "
            "(LCS) mission. Tarn Orbital was founded in 2019.\n")
    out = extract(extractor, text)
    assert {p.name for p in out.players} == {"Tarn Orbital", "ORSA"}
    assert any(r.name == "ORSA Lunar Cargo Services" and r.rule == "split_prefixed_definition" for r in out.rejected)


def test_an_agency_before_its_named_unit_gives_the_agency_and_the_unit(extractor):
    text = ("The drill built by Velmora Robotics will be tested at the ORSA Tarn Research Center (TRC) "
            "next year. Velmora Robotics is based in Porto.\n")
    out = extract(extractor, text)
    assert {p.name for p in out.players} == {"Velmora Robotics", "ORSA", "Tarn Research Center"}
    assert "TRC" in next(p for p in out.players if p.name == "Tarn Research Center").aliases


def test_a_name_whose_own_initials_make_the_acronym_is_not_split(extractor):
    text = ("Velmora Robotics signed a contract with the Orbital Survey and Resource Agency (OSRA) to build "
            "a drill.\n")
    assert players(extractor, text) == {"Velmora Robotics", "Orbital Survey and Resource Agency"}


# ---------------------------------------------------------------- a group's members, with where they sit

@covers("collaboration_group")
def test_members_of_a_partnership_are_paired_past_a_member_s_place(extractor):
    text = ("SPECTRA is a partnership between the ORSA, the Open University of Tarn in Lisbon, Portugal, "
            "and the Lusitanian Space Agency (LSA).\n")
    pairs = {frozenset(c.players) for c in extract(extractor, text).collaborations}
    members = ("ORSA", "Open University of Tarn", "Lusitanian Space Agency")
    assert {frozenset((a, b)) for a in members for b in members if a < b} <= pairs


# ---------------------------------------------------------------- contracts that name their holder

@covers("collaboration_contract_party")
def test_the_holder_of_a_contract_that_funds_a_player_collaborates_with_it(extractor):
    text = ("The ORSA contract will fund Velmora Robotics for nine months to perfect a process that "
            "releases oxygen from lunar soil.\n")
    assert {c.players for c in extract(extractor, text).collaborations} == {("ORSA", "Velmora Robotics")}


def test_a_possessive_agreement_pairs_its_holder_with_each_party_it_covers(extractor):
    text = "Velmora Robotics's agreement covers Tarn Orbital and Quillon Mining for the next two years.\n"
    pairs = {c.players for c in extract(extractor, text).collaborations}
    assert pairs == {("Tarn Orbital", "Velmora Robotics"), ("Quillon Mining", "Velmora Robotics")}


def test_an_agency_calling_upon_a_company_to_build_collaborates_with_it(extractor):
    text = ("The Lusitanian Space Agency has called upon Porto-based Velmora Robotics to build and deliver "
            "a prototype ice drill.\n")
    assert {c.players for c in extract(extractor, text).collaborations} == \
        {("Lusitanian Space Agency", "Velmora Robotics")}
