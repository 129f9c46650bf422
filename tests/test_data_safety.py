"""Data safety (issue 15): documents never share a graph, outputs never replace what they should not,
FIFOs and devices are refused, the size limit says MiB, progress shows in logs, the build summary
counts distinct players."""
from __future__ import annotations

import json
import os
import stat
import threading

import pytest

from spacekg.cli import ProgressLines, cli
from spacekg.corpus import build, remove
from spacekg.errors import InputError
from spacekg.extract import reader
from spacekg.graph import iri
from spacekg.graph.store import Store
from spacekg.output import output_file, write_bytes


def probe(region: str, player: str = "Ferrovane Robotics") -> str:
    return f"""{region} Space Mining Outlook

{player} plans to mine water ice on the Moon by 2031.
The {region} space mining market is projected to reach USD 1.2 billion by 2030.
"""


def names_in_store(store: Store) -> list[str]:
    res = store.query("SELECT ?name { ?r a sm:Report ; sm:fileName ?name }")
    return sorted(r["name"] for r in res.records())


# ---------------------------------------------------------------- item 2: one graph per document

def test_names_with_the_same_iri_never_share_a_graph(tmp_path, nlp, runner):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, region in (("a b.txt", "Norway"), ("a-b.txt", "Chile"), ("A_B.txt", "Kenya")):
        (folder / name).write_text(probe(region))
    assert len({iri.report(n) for n in ("a b.txt", "a-b.txt", "A_B.txt")}) == 1
    store = Store.open(tmp_path / "store", create=True)
    report = build([folder], store)
    assert report.documents == ["A_B.txt"]                    # the first in order; the others refused
    assert sorted(os.path.basename(e.path) for e in report.failed) == ["a b.txt", "a-b.txt"]
    for e in report.failed:
        assert "A_B.txt" in e.problem and "same report IRI" in e.problem
    assert names_in_store(store) == ["A_B.txt"]

    r = runner.invoke(cli, ["build", "--store", str(store.path), str(folder)])
    assert r.exit_code == 1 and r.output.count("same report IRI") == 2
    store.refresh()
    assert names_in_store(store) == ["A_B.txt"]               # the stored one wins at every rebuild

    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "a-b.txt").write_text(probe("Chile"))
    again = build([alone], store)                             # alone, in a later build: still refused
    assert not again.documents and "the stored document 'A_B.txt'" in again.failed[0].problem
    assert names_in_store(store) == ["A_B.txt"]

    assert remove(["a-b.txt"], store) == []                   # not this document: nothing removed
    assert names_in_store(store) == ["A_B.txt"]
    assert remove(["A_B.txt"], store) == ["A_B.txt"]
    assert names_in_store(store) == []


def test_ordinary_names_keep_their_iris():
    assert iri.report("china-space-mining-market.txt") == "https://w3id.org/spacekg/id/report/china-space-mining-market-txt"
    assert iri.report("Lunar Ice 2024.pdf") == "https://w3id.org/spacekg/id/report/lunar-ice-2024-pdf"


# ---------------------------------------------------------------- item 3: outputs

def test_output_never_follows_or_replaces_what_it_did_not_choose(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "out.ttl"
    for trap in ("out.ttl.tmp", ".out.ttl.tmp"):
        (tmp_path / trap).symlink_to(victim)                  # a symlink where the old code put its temp file
    write_bytes(out, b"data")
    assert out.read_bytes() == b"data" and victim.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.ttl.tmp", "out.ttl", "out.ttl.tmp", "victim.txt"]


def test_a_symlink_at_out_stays_a_link_and_its_target_is_written(tmp_path):
    target = tmp_path / "real.ttl"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    write_bytes(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640        # an existing file keeps its permissions


def test_a_fifo_is_written_directly(tmp_path):
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    got = []
    reader_thread = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader_thread.start()
    write_bytes(fifo, b"through the pipe")
    reader_thread.join(10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_device_is_written_directly_and_never_replaced(tmp_path):
    write_bytes("/dev/null", b"nothing")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    if os.path.exists("/dev/full"):
        with pytest.raises(OSError):
            write_bytes("/dev/full", b"x" * 100_000)
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_text("previous")
    with pytest.raises(RuntimeError):
        with output_file(out) as f:
            f.write(b"half")
            raise RuntimeError("stop")
    assert out.read_text() == "previous" and [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_export_to_a_fifo_a_device_and_stdout(tmp_path, runner, sample_store):
    r = runner.invoke(cli, ["export", "--store", str(sample_store.path), "--format", "nt", "-o", "/dev/null"])
    assert r.exit_code == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    r = runner.invoke(cli, ["export", "--store", str(sample_store.path), "--format", "nt", "-o", "-"])
    assert r.exit_code == 0 and r.stdout.count(" .\n") > 100
    if os.path.exists("/dev/full"):
        r = runner.invoke(cli, ["export", "--store", str(sample_store.path), "--format", "nt", "-o", "/dev/full"])
        assert r.exit_code == 1 and "cannot write /dev/full" in r.output
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_viz_writes_through_a_symlink_it_was_given(tmp_path, runner, sample_store):
    target = tmp_path / "real.dot"
    target.write_text("")
    (tmp_path / "net.dot").symlink_to(target)
    r = runner.invoke(cli, ["viz", "--store", str(sample_store.path), "-o", str(tmp_path / "net.dot")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "net.dot").is_symlink() and target.read_text().startswith("graph spacekg {")


# ---------------------------------------------------------------- items 8, 9: reading

def test_fifos_and_devices_are_refused_with_one_line(tmp_path, runner):
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    for path in (fifo, zero):
        with pytest.raises(InputError, match="not a regular file"):
            reader.read_document(path)
        r = runner.invoke(cli, ["build", "--store", str(tmp_path / "store"), str(path)])
        assert r.exit_code == 1 and "not a regular file" in r.output
        assert "Traceback" not in r.output
    r = runner.invoke(cli, ["extract", str(fifo)])
    assert r.exit_code != 0 and "not a regular file" in r.output


def test_the_size_limit_is_said_in_mib(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (21 * 2**20 // 5))
    with pytest.raises(InputError, match=r"the limit is 20 MiB"):
        reader.read_document(big)


def test_progress_lines_when_not_a_terminal(capsys):
    ticks = iter([0.0, 1.0, 12.0, 13.0, 30.0])
    progress = ProgressLines("building", every=10.0, clock=lambda: next(ticks))
    progress(8, 40)                 # 1 s in: too soon
    progress(16, 40)                # 12 s: a line
    progress(24, 40)                # 1 s after it: too soon
    progress(40, 40)                # the end: a line, since one was printed
    assert capsys.readouterr().err.splitlines() == ["building: 16/40 documents", "building: 40/40 documents"]
    quiet = ProgressLines("building", clock=iter([0.0, 1.0]).__next__)
    quiet(1, 1)
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------- item 11: the summary

def test_the_build_summary_counts_distinct_players(tmp_path, nlp, runner):
    folder = tmp_path / "reports"
    folder.mkdir()
    for region in ("Norway", "Chile", "Kenya"):
        (folder / f"{region.lower()}.txt").write_text(probe(region))
    r = runner.invoke(cli, ["build", "--store", str(tmp_path / "store"), "--json", str(folder)])
    summary = json.loads(r.stdout)
    stats = runner.invoke(cli, ["stats", "--store", str(tmp_path / "store"), "--format", "json"])
    assert summary["player_mentions"] == 3 * summary["players"] and summary["players"] >= 1
    assert json.loads(stats.stdout)["players"] == summary["players"]
    r = runner.invoke(cli, ["build", "--force", "--store", str(tmp_path / "store"), str(folder)])
    assert f"players: {summary['players']} ({summary['player_mentions']} counted per document)" in r.stdout
