"""Long documents in bounded pieces: split at block and section boundaries, merge the pieces' Extractions.

spaCy's parse of a block costs far more memory than its text (about 160 MB per MB of text), and
`Extractor.extract` keeps every parsed block of a document until its rules have run, so memory
grew with the document (a 15 MB file reached 2.4 GB). A document longer than
`LONG_DOCUMENT_CHARS` is therefore cut into pieces of about `PIECE_CHARS` characters, each
extracted on its own (its blocks parsed, its rules run, its parsed Docs dropped) before the next
is parsed; memory then depends on the piece, not on the document.

A piece is the same `Document` (same text, name, title) holding a run of its blocks, so every
offset a rule writes is still an offset into the whole document's text (`Block.to_source` maps a
block's clean text back to `Document.text`), and document-wide facts read from the whole text
(the study period, the base year, the publisher) are read the same in every piece.

What is lost across a piece boundary: whatever the rules carry from one block to the next.
Coreference ("the company", "it", a speaker) does not reach back into an earlier piece; a table
is read with its header only if both fall in one piece (cuts avoid runs of items); a player
admitted in one piece (by its key-players entry, say) and only mentioned by a short form in a
later one is not counted there. Pieces are cut at section starts where possible, and these links
rarely span sections, so for a very long document (a book-length report, a merged news archive)
the loss is small, where the alternative was a build that takes gigabytes or is killed.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from .facts import Extraction, Player
from .reader import Block, Document

# A document whose text is longer than this is extracted in pieces. Every bundled and test
# document is far below it (the largest is about 13,000 characters), so they take the whole-document
# path, byte for byte as before.
LONG_DOCUMENT_CHARS = 200_000
# The size a piece aims at: it ends at the first section start after this many characters, else at
# the first block that is not inside a list or table after twice as many, else at any block
# boundary after four times as many. A block is never split.
PIECE_CHARS = 100_000


def is_long(doc: Document, limit: int | None = None) -> bool:
    return len(doc.text) > (LONG_DOCUMENT_CHARS if limit is None else limit)


def pieces(doc: Document, size: int | None = None) -> Iterator[Document]:
    """The document as consecutive runs of its blocks, each a Document of its own (same text)."""
    size = PIECE_CHARS if size is None else size
    run: list[Block] = []
    chars = 0
    for block in doc.blocks:
        if run and _cut_before(run[-1], block, chars, size):
            yield replace(doc, blocks=run)
            run, chars = [], 0
        run.append(block)
        chars += block.end - block.start
    if run or not doc.blocks:
        yield replace(doc, blocks=run)


def _cut_before(last: Block, block: Block, chars: int, size: int) -> bool:
    if chars >= size and block.kind == "heading":
        return True                                  # a section starts
    if chars >= 2 * size and not (block.kind == "item" and last.kind == "item"):
        return True                                  # not inside a list or a table
    return chars >= 4 * size


def merge(parts: list[Extraction]) -> Extraction:
    """One Extraction from its pieces': players merged by name or alias (one piece may call "Acme
    Space Holdings" what another calls "Acme Space": the name seen first is kept, the other becomes
    an alias and the facts naming it are renamed; aliases, mentions and evidence combined), facts
    concatenated in document order, the report's own facts from the first piece that states them.
    The caller dedupes."""
    first = parts[0]
    out = Extraction(doc=first.doc, title=first.title)
    renamed: dict[str, str] = {}
    out.players = _merge_players((p for part in parts for p in part.players), renamed)
    out.counterparties = _merge_players((p for part in parts for p in part.counterparties), {})
    for name in ("targets", "collaborations", "technologies", "developments", "market", "segments",
                 "statements", "counterparty_links", "rejected"):
        setattr(out, name, [item for part in parts for item in getattr(part, name)])
    if renamed:
        _rename(out, renamed)
    out.regions = list(dict.fromkeys(r for part in parts for r in part.regions))
    out.report = first.report
    for part in parts[1:]:
        if part.report is None:
            continue
        if out.report is None:
            out.report = part.report
            continue
        for field_name in ("title", "publisher", "region", "study_period", "last_updated"):
            if getattr(out.report, field_name) is None:
                setattr(out.report, field_name, getattr(part.report, field_name))
        out.report.questions += part.report.questions
        out.report.related += part.report.related
    return out


def _merge_players(players, renamed: dict[str, str]) -> list[Player]:
    """Players in order of first appearance, one per name; a player whose name or an alias is
    already some kept player's name or alias joins that one (`renamed[its name] = kept name`)."""
    kept: list[Player] = []
    by_form: dict[str, Player] = {}
    for p in players:
        into = by_form.get(p.name) or next((by_form[a] for a in p.aliases if a in by_form), None)
        if into is None:
            into = replace(p, aliases=list(p.aliases), based_in=list(p.based_in), admitted=list(p.admitted))
            kept.append(into)
        else:
            if p.name != into.name:
                renamed[p.name] = into.name
            into.aliases = sorted((set(into.aliases) | set(p.aliases) | {p.name}) - {into.name})
            into.based_in += [r for r in p.based_in if r not in into.based_in]
            into.listed = into.listed or p.listed
            into.mentions += p.mentions
            forms = {a.form for a in into.admitted}
            into.admitted += [a for a in p.admitted if a.form not in forms]
        for form in [into.name, *into.aliases]:
            by_form.setdefault(form, into)
    return kept


def _rename(out: Extraction, renamed: dict[str, str]) -> None:
    """The facts naming a player by the name its piece gave it, renamed to the merged player's."""
    def to(name: str) -> str:
        return renamed.get(name, name)

    for t in out.targets:
        t.player = to(t.player)
    for t in out.technologies:
        t.player = to(t.player)
    for d in out.developments:
        d.participants = list(dict.fromkeys(to(n) for n in d.participants))
    collaborations = []
    for c in out.collaborations:
        pair = tuple(sorted(to(n) for n in c.players))
        if pair[0] != pair[1]:
            c.players = pair
            collaborations.append(c)
    out.collaborations = collaborations
    for c in out.counterparty_links:
        c.players = tuple(to(n) for n in c.players)
