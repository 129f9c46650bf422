"""The command line, through click's CliRunner and once as a real installed console script."""
import csv
import io
import json
import shutil
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from spacekg.cli import cli

PLAYERS = "SELECT ?name { ?p a sm:Player ; rdfs:label ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def store_dir(sample_store):
    return str(sample_store.path)


def run(runner, *args, **kw):
    return runner.invoke(cli, list(args), catch_exceptions=False, **kw)


def test_build_prints_summary_and_rebuild_skips(runner, tmp_path, nlp):
    store = str(tmp_path / "s")
    r = run(runner, "build", "--store", store)
    assert r.exit_code == 0, r.output
    assert "Built 1 document(s)" in r.output and "players: 10" in r.output
    r = run(runner, "build", "--store", store, "--json")
    assert json.loads(r.output)["unchanged"] == ["china-space-mining-market.txt"]


def test_build_reports_bad_files_and_keeps_good_ones(runner, tmp_path, sample_path, nlp):
    store = str(tmp_path / "s")
    (tmp_path / "empty.txt").write_text("")
    r = runner.invoke(cli, ["build", "--store", store, str(sample_path), str(tmp_path / "empty.txt"),
                            str(tmp_path / "missing.txt")])
    assert r.exit_code == 1
    assert "empty.txt: empty file" in r.stderr and "missing.txt: no such file" in r.stderr
    assert "Built 1 document(s)" in r.stdout


def test_extract_json_contract(runner, sample_path, nlp):
    r = run(runner, "extract", str(sample_path), "--json")
    data = json.loads(r.output)
    assert data["doc"] == "china-space-mining-market.txt"
    assert any(t["player"] == "Moon Express" and t.get("resource") == "Water/Ice" for t in data["targets"])


def test_extract_missing_file_is_one_line(runner):
    r = runner.invoke(cli, ["extract", "/no/such/file.txt", "--json"])
    assert r.exit_code == 1
    assert r.stderr.strip() == "spacekg: error: /no/such/file.txt: no such file"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_sparql_select_formats(runner, store_dir, fmt):
    r = run(runner, "sparql", PLAYERS, "--store", store_dir, "--format", fmt)
    assert r.exit_code == 0
    out = r.output
    if fmt == "json":
        names = [b["name"]["value"] for b in json.loads(out)["results"]["bindings"]]
    elif fmt == "csv":
        names = [row[0] for row in csv.reader(io.StringIO(out))][1:]
    elif fmt == "tsv":
        names = [line.strip('"') for line in out.splitlines()[1:]]
    elif fmt == "xml":
        assert "<sparql" in out
        names = [n for n in ("NASA", "Moon Express") if n in out]
    else:
        names = [line.strip() for line in out.splitlines()[2:]]
    assert "NASA" in names and "Moon Express" in names


def test_sparql_ask_construct_describe(runner, store_dir):
    assert run(runner, "sparql", "ASK { ?p a sm:Player }", "--store", store_dir).output.strip() == "yes"
    r = run(runner, "sparql", "CONSTRUCT { ?p a sm:Player } WHERE { ?p a sm:Player }", "--store", store_dir)
    assert len(Graph().parse(data=r.output, format="turtle")) == 10
    r = run(runner, "sparql", "DESCRIBE <https://w3id.org/spacekg/id/player/nasa>", "--store", store_dir)
    assert "NASA" in r.output


def test_sparql_from_file(runner, store_dir, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text(PLAYERS)
    assert "NASA" in run(runner, "sparql", "-f", str(f), "--store", store_dir).output


@pytest.mark.parametrize("query, message", [
    ("SELECT * { ?s ?p ", "SPARQL syntax error: error at 1:"),
    ("DELETE WHERE { ?s ?p ?o }", "not allowed"),
    ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is not allowed"),
])
def test_sparql_errors_are_one_line(runner, store_dir, query, message):
    r = runner.invoke(cli, ["sparql", query, "--store", store_dir])
    assert r.exit_code == 1
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_unreadable_store_is_one_line(runner, tmp_path):
    r = runner.invoke(cli, ["stats", "--store", str(tmp_path / "nothing-here")])
    assert r.exit_code == 1 and "no store at" in r.stderr


def test_export_turtle_is_isomorphic_to_the_store(runner, store_dir, sample_store, tmp_path):
    out = tmp_path / "g.ttl"
    assert run(runner, "export", "--store", store_dir, "--format", "ttl", "-o", str(out)).exit_code == 0
    exported = Graph().parse(out, format="turtle")
    nt = run(runner, "export", "--store", store_dir, "--format", "nt").output
    assert isomorphic(exported, Graph().parse(data=nt, format="nt"))
    assert len(exported) == len({q.triple for q in sample_store.quads()})


def test_export_datasets_and_jsonld(runner, store_dir, sample_store):
    trig = run(runner, "export", "--store", store_dir, "--format", "trig").output
    ds = Dataset()
    ds.parse(data=trig, format="trig")
    assert len(list(ds.quads((None, None, None, None)))) == len(sample_store)
    jsonld = run(runner, "export", "--store", store_dir, "--format", "jsonld").output
    ds = Dataset()
    ds.parse(data=jsonld, format="json-ld")
    assert len(list(ds.quads((None, None, None, None)))) == len(sample_store)


def test_stats(runner, store_dir):
    data = json.loads(run(runner, "stats", "--store", store_dir, "--format", "json").output)
    assert data["documents"] == 1 and data["players"] == 10 and data["named_graphs"] == 2


def test_named_query(runner, store_dir):
    r = run(runner, "query", "players-targeting", "-p", "resource=smr:resource/water-ice",
            "-p", "platform=smr:platform/moon", "--store", store_dir, "--format", "json")
    rows = json.loads(r.output)["results"]["bindings"]
    assert [row["name"]["value"] for row in rows] == ["Moon Express"]
    assert "lunar ice" in rows[0]["sentence"]["value"]


def test_store_from_environment_and_group_option(runner, store_dir):
    assert "NASA" in run(runner, "sparql", PLAYERS, env={"SPACEKG_STORE": store_dir}).output
    assert "NASA" in run(runner, "--store", store_dir, "sparql", PLAYERS).output


def test_installed_console_script(store_dir):
    exe = shutil.which("spacekg") or str(__import__("pathlib").Path(sys.executable).with_name("spacekg"))
    out = subprocess.run([exe, "sparql", PLAYERS, "--store", store_dir, "--format", "csv"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Moon Express" in out.stdout
    bad = subprocess.run([exe, "sparql", "SELECT * {", "--store", store_dir], capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
