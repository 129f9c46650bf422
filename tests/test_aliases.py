"""Acronyms joined across the store (spacekg/graph/aliases.py), on stores built from hand-written
facts with invented names: "Lunar Ore Agency (LOA)" in one report, "LOA" alone in another, one
player; whatever the order the reports land in; undone when the defining report goes; never for
near-miss names."""
from __future__ import annotations

import pytest

from spacekg.extract.acronyms import definitions
from spacekg.extract.facts import Admission, Collaboration, Evidence, Extraction, Player, Target
from spacekg.graph import iri
from spacekg.graph.aliases import resolve
from spacekg.graph.convert import quads, triple_quads
from spacekg.graph.namespaces import ALIAS_GRAPH, ONTOLOGY_GRAPH
from spacekg.graph.ontology import ontology_graph
from spacekg.graph.rdf import document_triples
from spacekg.graph.shapes import validate_source
from spacekg.graph.store import Store
from spacekg.queries.library import run_named
from spacekg.queries.players import players_table


def ev(sentence: str, rule: str = "test") -> Evidence:
    return Evidence(sentence, 0, len(sentence), rule)


def defining(name: str, acronym: str, sentence: str, kind: str = "agency") -> Player:
    """A player a report names "Full Name (ACR)": the acronym an alias, admitted from that sentence."""
    return Player(name, [acronym], kind, admitted=[Admission(name, ev(sentence, "ner_org")),
                                                   Admission(acronym, ev(sentence, "alias_definition"))])


def report(doc: str, players: list[Player], targets=(), pairs=()) -> Extraction:
    return Extraction(doc, players=players,
                      targets=[Target(p, [r], [pl], ev(f"{p} targets {r} on {pl}.")) for p, r, pl in targets],
                      collaborations=[Collaboration(pair, ev(f"{pair[0]} works with {pair[1]}.")) for pair in pairs])


A = report("a.txt", [defining("Lunar Ore Agency", "LOA", "The Lunar Ore Agency (LOA) licenses drilling near the pole."),
                     Player("Basalt Forge")],
           [("Lunar Ore Agency", "Water/Ice", "Moon")])
B = report("b.txt", [Player("LOA", kind="company"), Player("Crater Works")],
           [("LOA", "Helium-3", "Moon")], [("LOA", "Crater Works")])
C = report("c.txt", [Player("Lunar Ore Agency"), Player("LOA"), Player("Basalt Forge")],
           [("Lunar Ore Agency", "Regolith", "Moon"), ("LOA", "Water/Ice", "Moon")], [("LOA", "Lunar Ore Agency")])
LOA, FULL = iri.player("LOA"), iri.player("Lunar Ore Agency")


def land(store: Store, *extractions: Extraction):
    """Documents into the store as a build lands them: their graphs as built, then the joins."""
    with store.writer() as w:
        w.replace_graph(ONTOLOGY_GRAPH, quads(ontology_graph()))
        landed = {}
        for ex in extractions:
            rep, triples = document_triples(ex)
            w.replace_graph(str(rep), triple_quads(triples, str(rep)))
            landed[str(rep)] = definitions(ex)
        return resolve(w.db, landed)


def drop(store: Store, *docs: str):
    with store.writer() as w:
        for d in docs:
            w.remove_graph(iri.report(d))
        return resolve(w.db, dropped={iri.report(d) for d in docs})


def content(store: Store) -> set[str]:
    return {str(q) for q in store.quads()}


def fresh(tmp_path, name: str) -> Store:
    return Store.open(tmp_path / name, create=True)


def test_the_definition_is_read_with_its_sentence_and_rule():
    (d,) = definitions(A)
    assert (d.acronym, d.long_form, d.evidence.rule) == ("LOA", "Lunar Ore Agency", "acronym_join")
    assert "Lunar Ore Agency (LOA)" in d.evidence.sentence
    # no "(LOA)" anywhere: the two forms were joined some other way, which defines nothing
    assert definitions(report("x.txt", [Player("Lunar Ore Agency", ["LOA"], admitted=[
        Admission("LOA", ev("LOA drills."))])])) == []


def test_a_definition_found_in_the_documents_text():
    text = "Intro.\nOperators include the Lunar Ore\nAgency (LOA), which drills. Others follow."
    ex = report("t.txt", [Player("Lunar Ore Agency", ["LOA"])])
    (d,) = definitions(ex, text)
    assert d.evidence.sentence == "Operators include the Lunar Ore\nAgency (LOA), which drills."
    assert text[d.evidence.start:d.evidence.end] == d.evidence.sentence


def test_a_bare_acronym_in_another_report_joins_the_defined_player(tmp_path):
    store = fresh(tmp_path, "s")
    land(store, A)
    land(store, B)
    rows = {r["name"]: r for r in run_named(store, "players").records()}
    assert "LOA" not in rows and rows["Lunar Ore Agency"]["aliases"] == "LOA"
    assert set(rows["Lunar Ore Agency"]["sources"].split("; ")) == {"a.txt", "b.txt"}
    # no report graph names smr:player/loa any more (the alias graph records the join)
    assert not store.query(f"ASK {{ GRAPH ?g {{ {{ ?s ?p <{LOA}> }} UNION {{ <{LOA}> ?p ?o }} }} "
                           f"FILTER (?g != <{ALIAS_GRAPH}>) }}").boolean
    partners = {r["partnerName"] for r in run_named(store, "partners-by-reports", player=FULL).records()}
    assert partners == {"Crater Works"}
    table = players_table(store)
    assert [r for r in table.rows if r[0] == "LOA"] == []
    # every graph still conforms to the shapes (one rdfs:label, one kind per player and graph)
    assert all(not vs for vs in validate_source(store).values())


def test_the_store_does_not_depend_on_the_order_documents_were_built(tmp_path):
    one, two, both = fresh(tmp_path, "1"), fresh(tmp_path, "2"), fresh(tmp_path, "3")
    land(one, A)
    land(one, B)
    land(one, C)
    land(two, C)
    land(two, B)
    land(two, A)
    land(both, A, B, C)
    assert content(one) == content(two) == content(both)
    assert store_has_alias_graph(both)


def store_has_alias_graph(store: Store) -> bool:
    return store.has_graph(ALIAS_GRAPH)


def test_removing_the_defining_report_undoes_the_join(tmp_path):
    joined, plain = fresh(tmp_path, "joined"), fresh(tmp_path, "plain")
    land(joined, A, B, C)
    drop(joined, "a.txt")
    land(plain, B, C)
    assert content(joined) == content(plain)
    names = {r["name"] for r in run_named(joined, "players").records()}
    assert {"LOA", "Lunar Ore Agency"} <= names
    land(joined, A)                                        # and back again
    fresh_all = fresh(tmp_path, "all")
    land(fresh_all, A, B, C)
    assert content(joined) == content(fresh_all)


def test_one_report_naming_both_forms_is_merged_and_split_back(tmp_path):
    store = fresh(tmp_path, "s")
    land(store, C)
    before = content(store)
    land(store, A)
    rows = run_named(store, "players").records()
    assert [r["name"] for r in rows].count("Lunar Ore Agency") == 1 and "LOA" not in [r["name"] for r in rows]
    # "LOA and Lunar Ore Agency partner" in c.txt: one player now, no collaboration with itself
    assert not store.query(f"ASK {{ <{FULL}> sm:collaboratesWith <{FULL}> }}").boolean
    assert all(not vs for vs in validate_source(store).values())
    drop(store, "a.txt")
    assert content(store) == before


def test_an_acronym_defined_differently_joins_nothing(tmp_path):
    other = report("d.txt", [defining("Lunar Orbit Alliance", "LOA", "The Lunar Orbit Alliance (LOA) plans relays.")])
    store = fresh(tmp_path, "s")
    land(store, A, B)
    res = land(store, other)
    names = {r["name"] for r in run_named(store, "players").records()}
    assert {"LOA", "Lunar Ore Agency", "Lunar Orbit Alliance"} <= names
    assert res.applied == [] and [c.acronym for c in res.conflicts] == ["LOA"]
    assert res.lines() == ["alias: LOA not joined: reports define it differently "
                           "(Lunar Orbit Alliance in d.txt; Lunar Ore Agency in a.txt)"]
    with store.writer() as w:                            # nothing new: nothing to say
        assert resolve(w.db).lines() == []
    res = drop(store, "d.txt")                           # the other meaning gone: the join is made
    assert "LOA" not in {r["name"] for r in run_named(store, "players").records()}
    assert res.lines() == ["alias: LOA = Lunar Ore Agency (defined in a.txt; joined in 1 other report)"]
    res = drop(store, "a.txt")
    assert res.lines() == ["alias: LOA no longer joined to Lunar Ore Agency (no report defines it so any more)"]


def test_near_misses_stay_apart(tmp_path):
    """"Xeno Space (XS)" joins "XS", not "Xeno Space Systems"; "Ace" (a company) is not "ACE"."""
    docs = [report("e.txt", [defining("Xeno Space", "XS", "Xeno Space (XS) builds drills."),
                             defining("Astro Crater Exploration", "ACE", "Astro Crater Exploration (ACE) maps ice.")]),
            report("f.txt", [Player("Xeno Space Systems"), Player("XS"), Player("Ace", kind="company")],
                   [("Ace", "Water/Ice", "Moon")]),
            report("g.txt", [Player("ACE")], [("ACE", "Regolith", "Moon")])]
    store = fresh(tmp_path, "s")
    land(store, *docs)
    rows = {r["name"]: r for r in run_named(store, "players").records()}
    assert {"Xeno Space", "Xeno Space Systems", "Ace", "Astro Crater Exploration"} <= set(rows)
    assert "XS" not in rows and "ACE" not in rows
    assert set(rows["Xeno Space"]["sources"].split("; ")) == {"e.txt", "f.txt"}
    assert rows["Ace"]["sources"] == "f.txt"
    assert set(rows["Astro Crater Exploration"]["sources"].split("; ")) == {"e.txt", "g.txt"}


def test_a_common_word_is_no_acronym():
    """"Lunar Ice Forum Exchange (Life)": not capitals, not an acronym; nothing defined."""
    ex = report("h.txt", [Player("Lunar Ice Forum Exchange", ["Life"], admitted=[
        Admission("Life", ev("The Lunar Ice Forum Exchange (Life) meets yearly."))])])
    assert definitions(ex) == []


def test_a_join_that_changes_its_kind_rewrites_the_graphs_again(tmp_path):
    """Two later reports call the Lunar Ore Agency a company: the join's kind changes, and the
    graphs rewritten before are rewritten again; an unrelated report leaves them as they are."""
    later = [report(f"k{i}.txt", [defining("Lunar Ore Agency", "LOA", f"Lunar Ore Agency (LOA) report {i}.", "company")])
             for i in (1, 2)]
    unrelated = report("u.txt", [Player("Crater Works")], [("Crater Works", "Regolith", "Moon")])
    step, once = fresh(tmp_path, "step"), fresh(tmp_path, "once")
    land(step, A, B, C)
    land(step, unrelated)
    land(step, *later)
    land(once, A, B, C, unrelated, *later)
    assert content(step) == content(once)
    # the graphs of b.txt and c.txt (rewritten) give the kind most definitions give; a.txt keeps its own
    kinds = {(r["g"], r["kind"]) for r in step.query(
        f"SELECT ?g ?kind {{ GRAPH ?g {{ <{FULL}> sm:kind ?kind }} }}").records()}
    assert kinds == {(iri.report("a.txt"), "agency"), (iri.report("b.txt"), "company"), (iri.report("c.txt"), "company"),
                     (iri.report("k1.txt"), "company"), (iri.report("k2.txt"), "company")}
