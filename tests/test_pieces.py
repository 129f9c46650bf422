"""Long documents extracted in bounded pieces (spacekg/extract/pieces.py): split at block and section
boundaries, the pieces' facts merged, every offset still an offset into the whole document.

The document is generated from sections written here about invented companies; time and memory
figures are in benchmarks/long_document.py, not here."""
from __future__ import annotations

import itertools

import pytest

from spacekg.extract import pieces as pieces_module
from spacekg.extract.pieces import PIECE_CHARS, is_long, pieces
from spacekg.extract.reader import read_text

PREFIXES = ["Vel", "Quor", "Tand", "Mirr", "Osk", "Brev", "Zan", "Kel"]
ENDINGS = ["ithra", "orane", "ventis", "amor"]
NAMES = [f"{p}{e} {h}" for (p, e), h in zip(itertools.product(PREFIXES, ENDINGS), itertools.cycle(["Resources",
                                                                                                     "Mining"]))]
TITLE = "Space Resources Survey\n\n"


def section(i: int) -> str:
    """A section about one invented company, with a partner from another section; "The company"
    refers back within the section."""
    name, partner = NAMES[i % len(NAMES)], NAMES[(i + 7) % len(NAMES)]
    return (f"{name} Profile\n\n"
            f"{name} plans to extract water ice from the lunar south pole with robotic drills. "
            f"The company is also developing a prospecting spacecraft to mine platinum from near-Earth asteroids.\n\n"
            f"In 2027, {name} signed an agreement with {partner} to test excavation hardware.\n\n")


def long_text(sections: int) -> str:
    return TITLE + "".join(section(i) for i in range(sections))


@pytest.fixture(scope="module")
def extractor():
    from spacekg.extract.extractor import Extractor
    return Extractor()


def test_a_long_document_splits_at_section_starts_never_inside_a_block():
    doc = read_text(long_text(6000), "long.txt")          # about 1.9 MB
    assert is_long(doc)
    parts = list(pieces(doc))
    assert len(parts) > 10
    assert [b for p in parts for b in p.blocks] == doc.blocks      # every block once, in order, whole
    for p in parts:
        assert p.text is doc.text                                  # offsets stay offsets into the document
        chars = sum(b.end - b.start for b in p.blocks)
        assert chars < 2 * PIECE_CHARS
    assert all(p.blocks[0].kind == "heading" for p in parts)        # cut where a section starts


def test_pieces_give_the_sum_of_their_sections(extractor):
    count = len(NAMES)
    doc = read_text(long_text(count), "long.txt")
    seen = []
    extractor.on_piece = lambda name, done, total: seen.append((name, done, total))
    try:
        merged = extractor.extract_pieces(doc, size=1500)
    finally:
        extractor.on_piece = None
    assert len(seen) > 5 and seen[-1][1] == seen[-1][2] == len(seen) and seen[0][0] == "long.txt"

    players: dict[str, int] = {}
    targets, collaborations = set(), set()
    for i in range(count):
        alone = extractor.extract(read_text(TITLE + section(i), f"s{i}.txt"))
        for p in alone.players:
            players[p.name] = players.get(p.name, 0) + p.mentions
        targets |= {(t.player, tuple(t.resources), tuple(t.platforms), t.evidence.sentence) for t in alone.targets}
        collaborations |= {frozenset(c.players) for c in alone.collaborations}
    assert set(players) == set(NAMES)
    assert {p.name: p.mentions for p in merged.players} == players          # mentions added up across pieces
    assert len(merged.players) == len(NAMES)                                 # one player per name
    assert {(t.player, tuple(t.resources), tuple(t.platforms), t.evidence.sentence) for t in merged.targets} \
        == targets
    assert len(merged.targets) == 2 * count
    assert {frozenset(c.players) for c in merged.collaborations} == collaborations

    text = doc.text
    evidence = [t.evidence for t in merged.targets] + [c.evidence for c in merged.collaborations] + \
        [a.evidence for p in merged.players for a in p.admitted]
    for ev in evidence:
        assert ev.sentence and text[ev.start:ev.end] == ev.sentence
    # the "The company" sentences are found at their own place in the document, one per section
    company = [t.evidence.start for t in merged.targets if t.evidence.sentence.startswith("The company")]
    assert len(set(company)) == count


def test_only_long_documents_take_the_piece_path(extractor, monkeypatch):
    short = read_text(TITLE + section(0) + section(1), "short.txt")
    long = read_text(long_text(12), "long.txt")
    whole_short = extractor.extract(short).to_json()
    monkeypatch.setattr(pieces_module, "LONG_DOCUMENT_CHARS", len(short.text) + 1)
    monkeypatch.setattr(pieces_module, "PIECE_CHARS", 600)
    assert not is_long(short) and is_long(long)
    calls = []
    extractor.on_piece = lambda name, done, total: calls.append(name)
    try:
        many = list(extractor.extract_many([short, long, read_text(short.text, "again.txt")]))
        one = extractor.extract(long)
    finally:
        extractor.on_piece = None
    assert [e.doc for e in many] == ["short.txt", "long.txt", "again.txt"]
    assert many[0].to_json() == whole_short == {**many[2].to_json(), "doc": "short.txt"}     # short ones: as before
    assert set(calls) == {"long.txt"} and len(calls) > 2
    assert one.to_json() == many[1].to_json()
    whole = extractor.extract(long, whole=True)                               # the old path, on demand
    assert {p.name for p in whole.players} == {p.name for p in one.players}


def test_a_build_of_one_long_document_reports_its_pieces(tmp_path, monkeypatch):
    from spacekg.corpus import build

    path = tmp_path / "long.txt"
    path.write_text(long_text(12), encoding="utf-8")
    monkeypatch.setattr(pieces_module, "LONG_DOCUMENT_CHARS", 1000)
    monkeypatch.setattr(pieces_module, "PIECE_CHARS", 600)
    calls = []
    report = build([path], store=tmp_path / "store", jobs=4,
                   piece_progress=lambda name, done, total: calls.append((name, done, total)))
    assert report.documents == ["long.txt"] and not report.failed
    assert report.players == len({NAMES[i] for i in range(12)} | {NAMES[i + 7] for i in range(12)})
    assert len(calls) > 2 and calls[-1][1] == calls[-1][2] and {c[0] for c in calls} == {"long.txt"}


def test_progress_lines_name_the_pieces_every_ten_seconds():
    import click

    from spacekg.cli import ProgressLines

    now = [0.0]
    lines = ProgressLines("building", clock=lambda: now[0])
    printed = []
    original = click.echo
    click.echo = lambda message=None, **kw: printed.append(message)
    try:
        for i in range(1, 31):
            now[0] += 1.0
            lines.piece("big.txt", i, 30)
    finally:
        click.echo = original
    assert printed == ["building: big.txt: piece 10/30", "building: big.txt: piece 20/30",
                       "building: big.txt: piece 30/30"]


def test_the_cluster_task_and_the_local_chunk_extract_a_long_document_alike(tmp_path, monkeypatch, extractor):
    """`build --scheduler` runs daskworker.extract_document on a worker, a local build
    corpus.process_chunk: both reach the piece path through corpus.extract_all."""
    pytest.importorskip("distributed")
    from spacekg import daskworker
    from spacekg.corpus import process_chunk

    path = tmp_path / "long.txt"
    path.write_text(long_text(12), encoding="utf-8")
    monkeypatch.setattr(pieces_module, "LONG_DOCUMENT_CHARS", 1000)
    monkeypatch.setattr(pieces_module, "PIECE_CHARS", 600)
    calls = []
    monkeypatch.setattr(extractor, "on_piece", lambda name, done, total: calls.append(done))
    monkeypatch.setattr(daskworker, "_EXTRACTOR", extractor)
    local, = process_chunk(extractor, [str(path)])
    remote = daskworker.extract_document(str(path), str(path))
    assert local.problem is None and remote.problem is None
    assert local.nquads == remote.nquads and local.players == remote.players > 12
    assert len(calls) > 4 and calls.count(1) == 2          # each went piece by piece
