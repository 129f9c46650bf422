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
