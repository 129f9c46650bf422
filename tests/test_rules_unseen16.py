"""Unit tests of the eighteenth round of issue 22 (written from error classes of four new private sets of
real pages, read after they were scored). Every sentence here is invented for the test, and so is
every name."""
from __future__ import annotations

from spacy.tokens import Span
from test_rules import covers, lex, parse, span_of  # noqa: F401  (fixtures and the registry check)

from spacekg.extract import vetoes as V


def as_person(doc, text: str) -> Span:
    """The span of `text` in `doc`, tagged PERSON as the small model sometimes tags a firm's name."""
    span = span_of(doc, text)
    doc.ents = [Span(doc, span.start, span.end, label="PERSON")]
    return span_of(doc, text)


@covers("veto_person")
def test_a_name_after_a_verb_of_saying_is_the_speaker_only_when_it_is_the_verbs_subject(parse, lex):
    doc = parse("Roe said Star Harbor is currently focusing on its propulsion system.\n")[0][1]
    assert not V.person_context(as_person(doc, "Star Harbor"), lex)     # the subject of what was said
    doc = parse("“The drill works,” said Jane Roe, who leads the mission.\n")[0][1]
    assert V.person_context(as_person(doc, "Jane Roe"), lex)            # the one who said it
    doc = parse("Jane Roe said the drill works.\n")[0][1]
    assert V.person_context(as_person(doc, "Jane Roe"), lex)


def test_a_name_written_twice_in_a_row_is_the_name_once(lex):
    from spacekg.extract.inventory import clean_name
    assert clean_name("Orbex Lunar Orbex Lunar", lex) == "Orbex Lunar"     # a link's title glued to its text
    assert clean_name("Walla Walla", lex) == "Walla Walla"                 # a one-word name doubled is a name
    assert clean_name("Orbex Lunar", lex) == "Orbex Lunar"


@covers("extend_name")
def test_a_unit_named_by_fields_alone_begins_after_its_owners_name(extractor):
    from test_rules_unseen import players
    text = "Lunar news\nThe mission is run from the Brask Solar and Space Physics Laboratory, where students study regolith.\n"
    assert "Solar and Space Physics Laboratory" in players(extractor, text)
    text = "Lunar news\nTarn Robotics and Velm Space Institute will build a drill for lunar ice.\n"
    assert {"Tarn Robotics", "Velm Space Institute"} <= players(extractor, text)   # a firm, then a named institute
