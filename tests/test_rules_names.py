"""Unit tests of the name rules added for real pages (issue 22): the page's "# source:" header line,
missions and spacecraft vetoed document-wide, agencies written attributively. Every sentence here is
invented for the test. Rules tested here mark themselves with test_rules.covers."""
from __future__ import annotations

import pytest

from spacekg.extract import candidates as C
from spacekg.extract import inventory as I
from spacekg.extract.reader import read_text

from test_rules import covers, names_of  # noqa: F401  (covers: the registry check in test_rules)


@pytest.fixture(scope="module")
def lex():
    from spacekg.extract.lexicon import load_lexicon
    return load_lexicon()


def players(extractor, text, name="probe.txt"):
    return {p.name for p in extractor.extract(read_text(text, name)).players}


# ---------------------------------------------------------------- the source header line

HEADED = ("# source: https://news.example.org/2031/velmora-drill\n"
          "Velmora Orbital Wins Lunar Drill Contract\n"
          "Velmora Orbital, a start-up based in Lisbon, has signed a contract with the Tarn Space Agency to build "
          "an ice drill for the lunar south pole. The drill will be tested in 2032 at a quarry before it flies.\n")


def test_the_source_line_is_metadata_not_text(extractor):
    doc = read_text(HEADED)
    assert doc.source_url == "https://news.example.org/2031/velmora-drill"
    assert doc.blocks[0].kind == "source"
    assert doc.title == "Velmora Orbital Wins Lunar Drill Contract"       # the line after it is the title
    assert all(b.kind != "source" for b, _ in extractor.parse(doc))        # never read as a sentence
    out = extractor.extract(doc)
    assert {p.name for p in out.players} >= {"Velmora Orbital", "Tarn Space Agency"}
    for p in out.players:
        for a in p.admitted:
            assert "source:" not in a.evidence.sentence and "https://" not in a.evidence.sentence
    assert read_text("Velmora Orbital builds drills.\n").source_url is None


def test_a_markdown_source_line_is_metadata_too():
    doc = read_text("# source: https://example.org/a\n\n# Velmora Orbital\n\nVelmora Orbital builds drills.\n", "p.md")
    assert doc.source_url == "https://example.org/a" and doc.title == "Velmora Orbital"


def test_the_header_address_names_the_publisher(extractor):
    text = ("# source: https://www.orbitwire.com/story\nDrills for the Moon\n"
            "Drills are coming, Velmora Orbital told Orbitwire on Tuesday. Velmora Orbital builds ice drills.\n")
    assert "Orbitwire" not in players(extractor, text)


def test_a_heading_line_above_an_unwrapped_paragraph_stands_alone():
    long = ("Velmora Orbital builds ice drills and sells them to agencies; its first drill was tested in a quarry "
            "in 2030 and its second, larger one will fly to the lunar south pole on a commercial lander in 2033.")
    doc = read_text("Drills at a glance\n2030 Forecast\nLegal Questions in Resource Ownership\n" + long + "\n")
    kinds = [(b.kind, b.clean) for b in doc.blocks]
    assert ("heading", "Legal Questions in Resource Ownership") in kinds
    assert kinds[-1] == ("paragraph", long)
