"""Corpus builds: incremental rebuilds, removal, cross-report players, parallel workers, bad files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from spacekg.cli import cli
from spacekg.corpus import BuildReport, Outcome, build, chunks, plan, process_chunk, remove
from spacekg.graph import iri
from spacekg.graph.store import Store
from spacekg.queries.library import run_named

REGIONS = ["Norway", "Chile", "Kenya"]


def report_text(region: str, extra: str = "", size: str = "0.4") -> str:
    """A small report with invented companies: two appear in every region's report, one in one only."""
    local = f"{region[:3]}tari Orbital"
    return f"""{region} Space Mining Market

Market Overview

The {region} space mining market is projected to grow from USD {size} billion in 2025 to USD 1.9 billion by 2032.
Analysts in {region} expect prospecting missions to grow. {extra}

Leading Key Players

  • Selenara Robotics, Inc.
  • Quorvex Mining Ltd.
  • {local}

Recent Developments

  • Selenara Robotics plans to mine water ice on the Moon by 2030 with partners in {region}.
  • Quorvex Mining signed a partnership agreement with {local} to develop asteroid prospecting probes.
"""


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "reports"
    for i, region in enumerate(REGIONS):
        sub = root / ("north" if i == 0 else "south")          # nested: builds search recursively
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{region.lower()}.txt").write_text(report_text(region))
    return root


def quads(store: Store) -> set[str]:
    return {str(q) for q in store.quads()}


def test_incremental_build_skips_unchanged_replaces_changed(tmp_path, corpus, nlp):
    store = Store.open(tmp_path / "store", create=True)
    first = build([corpus], store)
    assert sorted(first.documents) == ["chile.txt", "kenya.txt", "norway.txt"] and not first.failed
    head = (store.path / "HEAD").read_text()

    again = build([corpus], store)
    assert again.documents == [] and sorted(again.unchanged) == ["chile.txt", "kenya.txt", "norway.txt"]
    assert (store.path / "HEAD").read_text() == head              # nothing changed: no new snapshot

    before = quads(store)
    chile = corpus / "south" / "chile.txt"
    chile.write_text(report_text("Chile", size="0.7"))
    third = build([corpus], store)
    assert third.documents == ["chile.txt"] and sorted(third.unchanged) == ["kenya.txt", "norway.txt"]
    after = quads(store)
    graph = str(iri.report("chile.txt"))
    # the changed document's graph was replaced: no quad of the old version survives beside the new one
    assert {q for q in before if graph not in q} == {q for q in after if graph not in q}
    hashes = store.query("SELECT ?h { ?r sm:fileName 'chile.txt' ; sm:contentHash ?h }").records()
    assert len(hashes) == 1
    sizes = "SELECT ?v { ?f sm:metric 'market_size' ; sm:value ?v ; sm:figureOf ?r . ?r sm:fileName 'chile.txt' }"
    assert 7e8 in {r["v"] for r in store.query(sizes).records()}
    assert 4e8 not in {r["v"] for r in store.query(sizes).records()}


def test_documents_built_with_an_older_graph_format_are_rebuilt(tmp_path, corpus, nlp):
    store = Store.open(tmp_path / "store", create=True)
    build([corpus], store)
    norway = str(iri.report("norway.txt"))
    with store.writer() as w:                  # as an older spacekg left it: no sm:graphFormat, no targets
        old = [q for q in store.quads(norway)
               if not q.predicate.value.endswith(("#graphFormat", "#targetsResourceOnPlatform"))]
        w.replace_graph(norway, old)
    store = Store.open(store.path)
    again = build([corpus], store)
    assert again.documents == ["norway.txt"] and sorted(again.unchanged) == ["chile.txt", "kenya.txt"]
    lunar = run_named(store, "targets-by-reports", target="smr:target/water-ice/moon").records()
    assert [(r["name"], r["reports"]) for r in lunar] == [("Selenara Robotics", 3)]


def test_remove_drops_one_document(tmp_path, corpus, nlp, runner):
    store = Store.open(tmp_path / "store", create=True)
    build([corpus], store)
    assert remove(["kenya.txt"], store) == ["kenya.txt"]
    assert not store.has_graph(str(iri.report("kenya.txt")))
    assert store.has_graph(str(iri.report("chile.txt")))
    assert not any("Kentari" in q for q in quads(store))

    r = runner.invoke(cli, ["remove", "--store", str(store.path), str(corpus / "south" / "chile.txt"), "nope.txt"])
    assert r.exit_code == 1
    assert "removed: " in r.output and "not in store: nope.txt" in r.output
    store.refresh()
    assert not store.has_graph(str(iri.report("chile.txt")))
    # removed documents are rebuilt on the next build, unchanged ones skipped
    rebuilt = build([corpus], store)
    assert sorted(rebuilt.documents) == ["chile.txt", "kenya.txt"] and rebuilt.unchanged == ["norway.txt"]


def test_same_player_in_three_reports_is_one_node(tmp_path, corpus, nlp):
    store = Store.open(tmp_path / "store", create=True)
    build([corpus], store)
    selenara = str(iri.player("Selenara Robotics"))
    nodes = store.query("SELECT DISTINCT ?p { ?p a sm:Player ; rdfs:label ?l FILTER(CONTAINS(?l, 'Selenara')) }")
    assert [r["p"] for r in nodes.records()] == [selenara]
    mentioned = store.query("SELECT DISTINCT ?p ?r { ?p sm:mentionedIn ?r }",
                            substitutions={"p": NamedNode(selenara)}).records()
    assert {r["r"] for r in mentioned} == {str(iri.report(f"{r.lower()}.txt")) for r in REGIONS}

    rows = run_named(store, "players-by-reports").records()
    counts = {r["name"]: r["reports"] for r in rows}
    assert counts["Selenara Robotics"] == 3 and counts["Quorvex Mining"] == 3
    assert counts["Nortari Orbital"] == 1
    assert [r["reports"] for r in rows] == sorted((r["reports"] for r in rows), reverse=True)

    in_chile = run_named(store, "players-by-reports", region="smr:region/chile").records()
    assert {r["name"] for r in in_chile} >= {"Selenara Robotics", "Quorvex Mining", "Chitari Orbital"}
    assert "Nortari Orbital" not in {r["name"] for r in in_chile}

    regions = run_named(store, "regions-of-player", player=f"<{selenara}>").records()
    assert sorted(r["regionName"] for r in regions) == sorted(REGIONS)
    assert all(r["reports"] == 1 and r["player"] == selenara for r in regions)

    files = run_named(store, "reports-of-player", player=f"<{selenara}>").records()
    assert sorted(r["file"] for r in files) == ["chile.txt", "kenya.txt", "norway.txt"]


def test_query_players_by_reports_on_the_command_line(tmp_path, corpus, nlp, runner):
    store = str(tmp_path / "store")
    assert runner.invoke(cli, ["build", "--store", store, str(corpus)]).exit_code == 0
    r = runner.invoke(cli, ["query", "players-by-reports", "--store", store, "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)["results"]["bindings"]
    first = {k: v["value"] for k, v in rows[0].items()}
    assert first["reports"] == "3" and first["name"] in ("Selenara Robotics", "Quorvex Mining")


def test_cross_report_questions_and_players_by_reports(tmp_path, corpus, nlp, runner):
    store = str(tmp_path / "store")
    assert runner.invoke(cli, ["build", "--store", store, str(corpus)]).exit_code == 0

    r = runner.invoke(cli, ["ask", "which players appear in the most reports?", "--store", store, "--format", "json"])
    assert r.exit_code == 0, r.output
    answer = json.loads(r.output)
    assert answer["family"] == "players-by-reports"
    rows = answer["sections"][0]["rows"]
    assert {row["player"] for row in rows[:2]} == {"Selenara Robotics", "Quorvex Mining"}
    assert [row["reports"] for row in rows[:3]] == [3, 3, 1]

    r = runner.invoke(cli, ["ask", "which regions' reports mention Selenara Robotics?", "--store", store,
                            "--format", "json"])
    assert r.exit_code == 0, r.output
    answer = json.loads(r.output)
    assert answer["family"] == "player-reports"
    regions, reports = answer["sections"]
    assert sorted(row["region"] for row in regions["rows"]) == sorted(REGIONS)
    assert sorted(row["report"] for row in reports["rows"]) == ["chile.txt", "kenya.txt", "norway.txt"]
    assert "mentioned in 3 reports" in answer["answer"][0]

    r = runner.invoke(cli, ["players", "--sort", "reports", "--store", store, "--format", "json"])
    assert r.exit_code == 0, r.output
    table = json.loads(r.output)
    assert [row["reports"] for row in table[:3]] == [3, 3, 1]
    assert {row["player"] for row in table[:2]} == {"Selenara Robotics", "Quorvex Mining"}


def test_jobs_2_gives_the_same_graph_as_jobs_1(tmp_path, corpus, nlp):
    (corpus / "south" / "empty.txt").write_text("")
    one = Store.open(tmp_path / "one", create=True)
    two = Store.open(tmp_path / "two", create=True)
    r1 = build([corpus], one, jobs=1)
    r2 = build([corpus], two, jobs=2, chunk_docs=1)
    assert r2.jobs == 2
    assert sorted(r1.documents) == sorted(r2.documents) == ["chile.txt", "kenya.txt", "norway.txt"]
    assert [e.path for e in r1.failed] == [e.path for e in r2.failed] == [str(corpus / "south" / "empty.txt")]
    assert quads(one) == quads(two) and len(quads(one)) > 100


def test_mixed_good_and_bad_files(tmp_path, corpus, nlp, runner):
    bad = corpus / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "blank.md").write_text("   \n\n  ")
    (bad / "symbols.txt").write_text("1234 5678 ---- ....\n")
    (bad / "binary.pdf").write_bytes(b"\x00\x01\x02 not a pdf at all \xff\xfe")
    (bad / "notes.docx").write_bytes(b"PK\x03\x04")                       # unsupported: not even tried
    (bad / ".hidden.txt").write_text(report_text("Peru"))                  # hidden files are skipped
    dup = corpus / "copy"
    dup.mkdir()
    (dup / "kenya.txt").write_text(report_text("Kenya", "A second file with the same name."))
    store = str(tmp_path / "store")
    r = runner.invoke(cli, ["build", "--store", store, "--json", str(corpus), str(tmp_path / "missing.txt")])
    assert r.exit_code == 1
    summary = json.loads(r.stdout)
    assert sorted(summary["documents"]) == ["chile.txt", "kenya.txt", "norway.txt"]
    failed = {Path(f["path"]).name: f["error"] for f in summary["failed"]}
    assert set(failed) == {"empty.txt", "blank.md", "symbols.txt", "binary.pdf", "missing.txt", "kenya.txt"}
    assert "same file name" in failed["kenya.txt"]
    assert failed["missing.txt"] == "no such file or directory"
    for line in r.stderr.strip().splitlines():                             # one line per bad file
        assert line.startswith("spacekg: error: ")
    assert len(r.stderr.strip().splitlines()) == 6
    assert "Traceback" not in r.stderr
    # the good documents are in the store
    assert Store.open(store).has_graph(str(iri.report("norway.txt")))


def test_a_document_that_breaks_extraction_fails_alone(tmp_path, extractor):
    class Fragile:
        """The real extractor, except that one document makes it raise (as a bug would)."""

        def extract_many(self, docs):
            return (self.extract(d) for d in docs)

        def extract(self, doc):
            if "Kenya" in doc.text:
                raise ValueError("[E088] Text of length 2000000 exceeds maximum of 1000000.")
            return extractor.extract(doc)

    paths = []
    for region in REGIONS:
        p = tmp_path / f"{region.lower()}.txt"
        p.write_text(report_text(region))
        paths.append(str(p))
    out = process_chunk(Fragile(), paths)
    assert [o.name for o in out if o.problem is None] == ["norway.txt", "chile.txt"]
    broken = [o for o in out if o.problem is not None]
    assert len(broken) == 1 and broken[0].path.endswith("kenya.txt")
    assert broken[0].problem.startswith("extraction failed: [E088]")
    assert all(o.nquads for o in out if o.problem is None)


def test_progress_and_bounded_chunks(tmp_path, corpus, nlp):
    calls = []
    report = build([corpus], Store.open(tmp_path / "s", create=True), chunk_docs=1,
                   progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]          # one chunk (one document) at a time
    assert report.triples > 0
    assert chunks(list(range(5)), 2) == [[0, 1], [2, 3], [4]]


def test_plan_skips_same_file_given_twice(tmp_path, corpus):
    f = corpus / "north" / "norway.txt"
    report = BuildReport()
    todo = plan([f, f, corpus / "north" / ".." / "north" / "norway.txt"], {}, report)
    assert todo == [f] and not report.failed
    assert isinstance(Outcome(str(f), problem="x").error().problem, str)
