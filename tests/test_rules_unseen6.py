"""Unit tests of the rules added in the sixth round of issue 22, from the error classes of two private
sets of real pages that had only been scored before (sets 2 and 4). Every sentence here is invented
for the test, and so is every name."""
from __future__ import annotations

from spacekg.extract import vetoes as V
from spacekg.extract.reader import read_text

from test_rules import covers, lex  # noqa: F401  (covers: the registry check in test_rules; lex: the lexicon)
from test_rules_unseen import extract, players


def parsed(extractor, text):
    return extractor.parse(read_text(text))[0][1]


# ---------------------------------------------------------------- names the context says are organisations

@covers("veto_place", "drop_place_name")
def test_an_organisation_cue_noun_beats_a_place_label(extractor, lex):
    text = ("Chilean startup Mondego has inked a deal with the Norwegian lunar firm Skjold Orbital to "
            "test its oxygen reactor. Mondego has built the reactor in two years.\n")
    doc = parsed(extractor, text)
    name = next(e for e in doc.ents if e.text == "Mondego")          # the model: GPE
    assert not V.place_context(doc[name.start:name.end], lex)
    assert "Mondego" in players(extractor, text)


@covers("lowercase_brand")
def test_a_lower_case_brand_after_a_cue_noun_and_before_to(extractor):
    text = ("Tarn Orbital has inked a deal with lunar delivery firm moonreach to fly its reactor. "
            "Under the deal, in which moonreach will deliver the reactor to the surface, the two share costs.\n")
    assert "moonreach" in players(extractor, text)


@covers("drop_product_name")
def test_a_name_ending_in_an_organisation_word_is_not_dropped_as_a_product(lex):
    from spacekg.extract.inventory import PlayerIndex, prune
    index = PlayerIndex(lex)
    for name in ("Pellick Robotics", "Pellick"):          # both only from the model's entities,
        index.add(name, "ner_org")
    index.products, index.actors = {"Pellick Robotics", "Pellick"}, set()   # both also read as products
    prune([], index)
    assert index.key("Pellick Robotics") in index.forms and index.key("Pellick") not in index.forms


@covers("drop_product_name")
def test_the_backer_of_a_hyphenated_backed_thing_is_an_actor(extractor, lex):
    from spacekg.extract.candidates import actors_in
    text = "The mission will carry six OSKA-sponsored payloads and several OSKA instruments.\n"
    assert "OSKA" in actors_in(extractor.parse(read_text(text)), lex)
    assert "OSKA" not in actors_in(extractor.parse(read_text("The mission will carry OSKA instruments.\n")), lex)


@covers("trim_possessed")
def test_an_entity_ending_in_a_bare_possessive_mark_is_its_owner(extractor, lex):
    from spacekg.extract.candidates import before_possessive
    doc = parsed(extractor, "With luck, Tarnwick Minerals' extractor will dig the lunar surface within a few years.\n")
    ent = next(e for e in doc.ents if e.text.startswith("Tarnwick"))
    assert ent.text == "Tarnwick Minerals'"                         # the model's entity takes the mark
    assert before_possessive(ent, lex).text == "Tarnwick Minerals"


@covers("product_code")
def test_a_code_shaped_name_before_an_organisation_noun_is_an_organisation(extractor, lex):
    doc = parsed(extractor, "A study by the TARN2SEA association looked at demand for lunar oxygen.\n")
    code = next(t for t in doc if t.text == "TARN2SEA")
    from spacekg.extract.products import code_name
    assert not code_name(code, lex)
    other = parsed(extractor, "The TARN2SEA rover will look for ice.\n")
    assert code_name(next(t for t in other if t.text == "TARN2SEA"), lex)


# ---------------------------------------------------------------- sources, bylines, places and nationalities

@covers("veto_source")
def test_an_outlet_reporting_at_the_end_of_a_sentence_is_a_source(extractor):
    text = ("Chilean startup Mondego has inked a memorandum with Skjold Orbital to build an oxygen plant on the "
            "Moon, The Orbit Times of Chile reported on Monday.\n")
    found = players(extractor, text)
    assert not any("Times" in n for n in found)
    assert {"Mondego", "Skjold Orbital"} <= found


@covers("veto_source", "players_peer_list")
def test_reports_of_an_outlet_are_its_source_even_in_a_list(extractor):
    text = ("As per the reports of Orbit Daily, Tarn Orbital and Skjold Robotics have worked together on drills. "
            "Tarn Orbital signed a contract with Skjold Robotics in 2029.\n")
    assert "Orbit Daily" not in players(extractor, text)
    assert {"Tarn Orbital", "Skjold Robotics"} <= players(extractor, text)


@covers("veto_source")
def test_a_wire_byline_with_a_dateline_is_no_player(extractor):
    text = ("by Ivo Brandt Lima (TNW) May 2, 2031\n\nTarn Orbital has signed a contract with the Lima Space "
            "Agency to prospect for lunar ice.\n")
    assert not any(n.startswith("Ivo") for n in players(extractor, text))


@covers("players_membership")
def test_nationalities_before_companies_are_not_a_list_of_names(extractor):
    text = ("Tarapaca has signed a memorandum with Skjold Orbital. An envoy held a dinner in Oslo for "
            "the Chilean and Norwegian companies.\n")
    found = players(extractor, text)
    assert "Chilean" not in found and "Norwegian" not in found


@covers("org_context")
def test_a_place_before_based_after_a_role_is_not_the_employer(extractor):
    text = "Ana Ruiz, CEO of Lima based Tarn Orbital, holds a sample of lunar regolith.\n"
    assert "Lima" not in players(extractor, text)


@covers("veto_shape")
def test_a_one_word_function_word_is_no_name(lex):
    assert V.name_veto("In", lex) == "veto_shape"
    assert V.name_veto("Via", lex) == "veto_shape"
    assert V.name_veto("ONE", lex) is None          # an all-capitals name stays
    assert V.name_veto("Inara", lex) is None


# ---------------------------------------------------------------- award entries under a chosen group

AWARDS = ("The Tarn Space Agency has partnered with nine companies to mature ways of making propellant on "
          "the Moon.\n\n"
          "Among the firms awarded for their work are:\n\n"
          "Quillon Dynamics LLC, Akron, Ohio, $4.1m\n\n"
          "A test of a plant that splits lunar ice into hydrogen and oxygen, with storage tanks.\n\n"
          "Halverson Robotics Inc, Boise, Idaho, $2.3m\n\n"
          "Halverson Robotics will work with the Tarnfield Institute of Mining to build a drill that cuts ice.\n")


@covers("collaboration_selected_members")
def test_award_entries_under_a_chosen_group_pair_with_the_chooser(extractor):
    pairs = {tuple(sorted(c.players)) for c in extract(extractor, AWARDS).collaborations}
    assert ("Quillon Dynamics", "Tarn Space Agency") in pairs
    assert ("Halverson Robotics", "Tarn Space Agency") in pairs
    assert ("Tarn Space Agency", "Tarnfield Institute of Mining") not in pairs    # a description's partner


def test_award_entry_lines_alone_choose_no_one(extractor):
    text = AWARDS.replace("Among the firms awarded for their work are:\n\n", "")
    pairs = {tuple(sorted(c.players)) for c in extract(extractor, text).collaborations}
    assert ("Quillon Dynamics", "Tarn Space Agency") not in pairs
