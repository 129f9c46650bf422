"""`spacekg build --scheduler`: extraction on a real Dask cluster (distributed.LocalCluster with two
worker processes, started once for this module), into the store or pushed to a real Oxigraph server."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason='dask/distributed are not installed (pip install -e ".[test]")')

from triplestores import oxigraph  # noqa: E402

from spacekg.cli import cli  # noqa: E402
from spacekg.cluster import ClusterBuild, cluster_build, cluster_outcomes, find_sources  # noqa: E402
from spacekg.corpus import build, process_chunk  # noqa: E402
from spacekg.graph.remote.endpoint import Endpoint  # noqa: E402
from spacekg.graph.results import plain  # noqa: E402
from spacekg.graph.store import Store  # noqa: E402

TESTS = Path(__file__).parent
REPORTS = sorted((TESTS / "reports").glob("*.*"))
REGIONS = ["Iceland", "Peru", "Ghana", "Laos", "Oman", "Chad"]


def report_text(region: str) -> str:
    """A small report with invented companies (tests only)."""
    return f"""{region} Lunar Resources Outlook

Market Overview

The {region} space resources market is expected to reach USD 0.7 billion by 2031, at a CAGR of 21.5% from 2025 to 2031.

Leading Key Players

  • Tessaly Drillworks Ltd.
  • Orvane Space Systems
  • {region[:3]}mara Robotics

Recent Developments

  • Tessaly Drillworks is developing regolith excavation rovers to extract water ice on the Moon.
  • Orvane Space Systems signed an agreement with {region[:3]}mara Robotics to prospect asteroids for platinum group metals.
"""


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two worker processes (one thread each), and its address."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=50) as lc:
        yield lc


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cluster-corpus")
    for region in REGIONS:
        (root / f"{region.lower()}-outlook.txt").write_text(report_text(region))
    return root


def graph_dump(store: Store) -> list[bytes]:
    """Every quad of the store, one N-Quads line each, sorted (stores keep no order)."""
    import pyoxigraph as ox
    return sorted(ox.serialize(store.quads(), format=ox.RdfFormat.N_QUADS).splitlines())


# ---------------------------------------------------------------- the same answers

def test_each_document_gives_the_bytes_of_a_local_build(cluster, extractor):
    """A task's N-Quads are the bytes a local build writes for the same document."""
    sources, errors = find_sources(REPORTS)
    assert not errors and len(sources) == len(REPORTS)
    client = distributed.Client(cluster.scheduler_address, set_as_default=False)
    try:
        outcomes = {o.name: o for o in cluster_outcomes(client, sources, ClusterBuild())}
    finally:
        client.close()
    assert sorted(outcomes) == sorted(p.name for p in REPORTS)
    for path in REPORTS:
        local, = process_chunk(extractor, [str(path)])
        remote = outcomes[path.name]
        assert remote.problem is None and local.problem is None
        assert remote.graph == local.graph
        assert remote.nquads == local.nquads                     # byte for byte
        assert (remote.players, remote.relations) == (local.players, local.relations)


def test_store_built_on_the_cluster_equals_a_local_build(cluster, tmp_path, report_store):
    from conftest import INVENTED_REPORTS
    paths = [TESTS / "reports" / name for name in INVENTED_REPORTS]    # as report_store was built
    report = cluster_build(paths, tmp_path / "store", scheduler=cluster.scheduler_address)
    assert sorted(report.documents) == sorted(INVENTED_REPORTS) and not report.failed
    assert report.workers == 2
    assert graph_dump(Store.open(tmp_path / "store")) == graph_dump(report_store)


# ---------------------------------------------------------------- bad documents, unchanged documents

def test_a_failing_document_is_named_and_the_rest_land(cluster, tmp_path, small_corpus, runner):
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    good = sorted(small_corpus.iterdir())[:2]
    for p in good:
        (corpus / p.name).write_bytes(p.read_bytes())
    (corpus / "empty.txt").write_text("   \n")
    (corpus / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    store = tmp_path / "store"
    result = runner.invoke(cli, ["build", str(corpus), "--scheduler", cluster.scheduler_address,
                                 "--store", str(store), "--json"])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert sorted(summary["documents"]) == sorted(p.name for p in good)
    assert sorted(Path(f["path"]).name for f in summary["failed"]) == ["empty.txt", "picture.txt"]
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 2 and all(line.startswith("spacekg: error: ") for line in errors)
    assert any("empty.txt: empty file" in line for line in errors)
    assert "Traceback" not in result.output
    names = [r["n"] for r in Store.open(store).query("SELECT ?n { ?r sm:fileName ?n }").records()]
    assert sorted(names) == sorted(p.name for p in good)


def test_unchanged_documents_are_skipped_before_any_task_is_sent(cluster, tmp_path, small_corpus):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted(small_corpus.iterdir())[:3]:
        (corpus / p.name).write_bytes(p.read_bytes())
    store = tmp_path / "store"
    first = cluster_build([corpus], store, scheduler=cluster.scheduler_address)
    assert len(first.documents) == 3
    # Nothing changed: no scheduler is needed at all (this address has none).
    again = cluster_build([corpus], store, scheduler="tcp://127.0.0.1:9")
    assert again.documents == [] and sorted(again.unchanged) == sorted(first.documents) and not again.failed
    changed = sorted(corpus.iterdir())[0]
    changed.write_text(changed.read_text() + "\nAnalysts expect prospecting missions to grow.\n")
    third = cluster_build([corpus], store, scheduler=cluster.scheduler_address)
    assert third.documents == [changed.name] and len(third.unchanged) == 2


def test_fsspec_urls_are_read_by_the_workers(cluster, tmp_path, small_corpus):
    """A file:// URL goes through fsspec on the workers; a directory URL is expanded on the client."""
    store = tmp_path / "store"
    url = "file://" + str(small_corpus)
    report = cluster_build([url], store, scheduler=cluster.scheduler_address)
    assert sorted(report.documents) == sorted(p.name for p in small_corpus.iterdir()) and not report.failed
    st = Store.open(store)
    sources = [r["s"] for r in st.query("SELECT ?s { ?r a sm:Report ; dcterms:source ?s }").records()]
    assert sorted(sources) == sorted(f"file://{p}" for p in small_corpus.iterdir())
    again = cluster_build([url], store, scheduler="tcp://127.0.0.1:9")       # hashed through fsspec too
    assert not again.documents and len(again.unchanged) == len(REGIONS)
    missing = cluster_build(["file://" + str(tmp_path / "nowhere.txt")], store, scheduler=cluster.scheduler_address)
    assert [e.problem for e in missing.failed] == ["no such file or directory"]


# ---------------------------------------------------------------- workers that die, builds that stop

def test_a_worker_killed_mid_build_costs_only_a_retry(cluster, tmp_path, small_corpus, nlp):
    client = distributed.Client(cluster.scheduler_address, set_as_default=False)
    pids = client.run(os.getpid)                     # worker address -> the worker process
    client.close()
    assert len(pids) == 2
    killed = []

    def progress(p):
        if p.done == 1 and not killed:               # one document in, the others queued or running
            victim = sorted(pids.values())[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    report = cluster_build([small_corpus], tmp_path / "cluster", scheduler=cluster.scheduler_address,
                           progress=progress, in_flight=len(REGIONS))
    assert killed
    assert not report.failed and sorted(report.documents) == sorted(p.name for p in small_corpus.iterdir())
    local = build([small_corpus], tmp_path / "local")
    assert sorted(local.documents) == sorted(report.documents)
    assert graph_dump(Store.open(tmp_path / "cluster")) == graph_dump(Store.open(tmp_path / "local"))
    cluster.wait_for_workers(2, timeout=120)         # the nanny restarts it, for the tests after this one


def test_a_build_stopped_half_way_leaves_the_store_as_it_was(cluster, tmp_path, small_corpus):
    store = tmp_path / "store"
    first = cluster_build([TESTS / "reports"], store, scheduler=cluster.scheduler_address)
    assert first.documents
    before = graph_dump(Store.open(store))
    head = (store / "HEAD").read_text()

    def stop(p):
        if p.done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        cluster_build([small_corpus], store, scheduler=cluster.scheduler_address, progress=stop)
    assert (store / "HEAD").read_text() == head
    assert graph_dump(Store.open(store)) == before


def test_an_unreachable_scheduler_is_one_error_line(tmp_path, runner):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = runner.invoke(cli, ["build", str(TESTS / "reports"), "--scheduler", "tcp://127.0.0.1:9",
                                     "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert result.stderr.startswith("spacekg: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


# ---------------------------------------------------------------- pushed to a server, asked through --endpoint

def test_pushed_to_oxigraph_server_and_asked_through_endpoint(cluster, tmp_path, runner):
    server = oxigraph("cluster")
    args = ["build", str(TESTS / "reports"), "--scheduler", cluster.scheduler_address,
            "--push-to", server.base + "/store", "--endpoint", server.base + "/query", "--json"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert sorted(summary["documents"]) == sorted(p.name for p in REPORTS)
    assert summary["pushed_to"] == server.base + "/store"

    local = tmp_path / "local"
    build([TESTS / "reports"], local)
    st = Store.open(local)
    ep = Endpoint(server.base + "/query")
    assert sorted(ep.graphs()) == sorted(st.graphs())
    for g in st.graphs():                          # every graph as the local build has it
        on_server = ep.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").triples
        assert {tuple(map(plain, (t.subject, t.predicate, t.object))) for t in on_server} == \
            {tuple(map(plain, (q.subject, q.predicate, q.object))) for q in st.quads(g)}

    question = "which players target lunar ice?"
    remote = runner.invoke(cli, ["ask", question, "--endpoint", server.base + "/query"])
    here = runner.invoke(cli, ["ask", question, "--store", str(local)])
    assert remote.exit_code == 0 and remote.stdout == here.stdout
    assert "Water/Ice" in remote.stdout

    again = runner.invoke(cli, args)                 # the server's hashes: nothing to send
    assert again.exit_code == 0
    summary = json.loads(again.stdout)
    assert summary["documents"] == [] and sorted(summary["unchanged"]) == sorted(p.name for p in REPORTS)


# ---------------------------------------------------------------- Dask costs nothing when unused

def test_help_and_ask_do_not_import_dask(sample_store):
    code = ("import sys\n"
            "from spacekg.cli import main\n"
            "sys.argv = ['spacekg', '--store', sys.argv[1], 'ask', 'which players target lunar ice?']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.argv = ['spacekg', 'build', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('DASK', sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n")
    out = subprocess.run([sys.executable, "-c", code, str(sample_store.path)], capture_output=True, text=True,
                         timeout=120)
    assert "--scheduler" in out.stdout and "Water/Ice" in out.stdout
    assert out.stdout.rstrip().splitlines()[-1] == "DASK []"


def test_push_to_without_a_cluster_uses_local_workers(tmp_path, runner, nlp):
    """`--push-to` with the --jobs workers of this machine; a URL then needs --scheduler."""
    server = oxigraph("cluster-local")
    doc = tmp_path / "tundra-outlook.txt"
    doc.write_text(report_text("Tundra"))
    (tmp_path / "other.txt").write_text(report_text("Taiga"))
    result = runner.invoke(cli, ["build", str(doc), "file://" + str(tmp_path / "other.txt"),
                                 "--push-to", server.base + "/store", "--json"])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"] == [doc.name] and summary["workers"] == 0
    assert [f["error"] for f in summary["failed"]] == ["URLs are read by Dask workers: give --scheduler"]
    names = [r["n"] for r in Endpoint(server.base + "/query").query("SELECT ?n { ?r sm:fileName ?n }").records()]
    assert names == [doc.name]
