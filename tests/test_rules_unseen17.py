"""Unit tests of the nineteenth round of issue 22 (written from error classes of new private sets of real
pages, read after they were scored). Every sentence here is invented for the test, and so is every
name."""
from __future__ import annotations

from test_rules import covers, lex, parse, span_of  # noqa: F401  (fixtures and the registry check)
from test_rules_unseen import extract, players

from spacekg.extract import candidates as C


def test_a_capitalised_adjective_where_only_a_noun_fits_is_a_name(parse):
    doc = parse("Selenotic is developing multiple lunar landers.\n")[0][1]
    assert doc[0].pos_ == "ADJ" and C.nominal_adjective(doc[0])     # the tagger's adjective, as a subject
    doc = parse("Spacious cabins are planned for the station.\n")[0][1]
    assert not C.nominal_adjective(doc[0])                          # an adjective before its noun


@covers("org_subject")
def test_a_subject_the_tagger_calls_an_adjective_is_proposed(extractor):
    text = "Lunar news\nSelenotic is developing multiple lunar landers for the south pole.\n"
    assert "Selenotic" in players(extractor, text)


@covers("players_entry_headings")
def test_headings_whose_paragraphs_open_with_the_same_name_are_a_directorys_entries(extractor):
    text = ("Lunar landers: a guide\n\nBrask Mare\n\nBrask Mare sells drills to miners.\n\n"
            "Velmora Orbital\n\nVelmora Orbital's rover will map the crater floor.\n")
    out = extract(extractor, text)
    rules = {p.name: {a.evidence.rule for a in p.admitted} for p in out.players}
    assert all("players_entry_headings" in rules.get(name, ()) for name in ("Brask Mare", "Velmora Orbital"))
    assert C._opens_with_name("Brask Mare sells drills.", "Brask Mare")
    assert not C._opens_with_name("Brask Mare Crater lies north.", "Brask Mare")     # the name goes on


@covers("org_employer")
def test_a_name_before_a_units_words_and_a_persons_role_is_the_employer(parse, lex):
    doc = parse("Velmora space systems head Ana Ruiz said the tests went well.\n")[0][1]
    assert C.org_employer(span_of(doc, "Velmora"), lex)
    doc = parse("Perdix program manager Ana Ruiz said the tests went well.\n")[0][1]
    assert not C.org_employer(span_of(doc, "Perdix"), lex)             # a programme's manager


@covers("extend_name")
def test_a_centre_for_a_list_of_fields_is_one_name(extractor):
    text = ("Lunar news\nThe start-up has allies around the world, including the Velmora Centre for Dust, "
            "Orbits, and Tides (DOT) at the University of Brask.\n")
    found = players(extractor, text)
    assert "Velmora Centre for Dust, Orbits, and Tides" in found
    assert not {"Orbits", "Tides", "Velmora Centre for Dust"} & set(found)


@covers("ner_org")
def test_an_entity_run_on_through_with_stops_before_the_partner(extractor):
    text = "Lunar news\nThe consortium is led by the Tarnland Institute of Soil Research and Testing with Velm University.\n"
    found = players(extractor, text)
    assert {"Tarnland Institute of Soil Research and Testing", "Velm University"} <= set(found)
    assert "Testing" not in found


@covers("players_membership")
def test_a_listed_unit_named_by_a_country_and_fields_is_one_name(extractor):
    text = ("Lunar news\nThe coalition includes Norway Astronomy and Space Science Institute; Velmora Research "
            "Institute; and Tarnland Automotive Institute.\n")
    found = players(extractor, text)
    assert "Norway Astronomy and Space Science Institute" in found
    assert not {"Norway Astronomy", "Space Science Institute"} & set(found)


@covers("lowercase_brand")
def test_a_lower_case_brand_used_as_a_name_in_two_paragraphs_is_a_player(extractor):
    text = ("Lunar news\n“We are on track,” said Ana Ruiz, founder and CEO of oreline.\n\n"
            "The rover was developed by oreline’s subsidiary in Lisbon.\n")
    assert "oreline" in players(extractor, text)


@covers("lowercase_brand")
def test_a_lower_case_word_ending_a_sentence_after_a_nationality_and_company_is_a_name(extractor):
    text = "Lunar news\nThe rover rides on a lander built by Japanese company oreline. It lands in May.\n"
    assert "oreline" in players(extractor, text)
    text = "Lunar news\nThe rover rides on a lander built by a company subsidiary. It lands in May.\n"
    assert "subsidiary" not in players(extractor, text)


@covers("veto_lower_words")
def test_a_founders_name_with_bin_inside_an_institutions_name_is_no_description():
    from spacekg.extract.lexicon import load_lexicon
    from spacekg.extract.vetoes import Name, veto_lower_words
    assert not veto_lower_words(Name.of("Tarik bin Velmora Space Centre"), load_lexicon())
    assert veto_lower_words(Name.of("Velmora regolith team"), load_lexicon())


@covers("veto_region_name")
def test_a_nationality_with_a_legal_form_is_no_name(lex):
    from spacekg.extract.vetoes import Name, veto_region_name
    assert veto_region_name(Name.of("Japanese Company"), lex)       # "Japanese Company Set to Fly ...": a headline
    assert not veto_region_name(Name.of("Velmora Company"), lex)


@covers("org_role")
def test_a_ministers_portfolio_is_no_organisation(parse, lex):
    doc = parse("The deal was signed by Ana Ruiz, Minister of Innovation, and Jo Roe, chief executive of Velmora.\n")[0][1]
    assert not C.org_role(span_of(doc, "Innovation"), lex)
    assert C.org_role(span_of(doc, "Velmora"), lex)
