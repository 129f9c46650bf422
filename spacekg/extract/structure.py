"""The document's structure, as the later stages read it: which blocks are prose, which open the
document (headings, title, byline), which are headlines, and which are table rows (tables.py).
"""
from __future__ import annotations

from .tables import is_row

NLP_BLOCKS = {"heading", "title", "item", "paragraph"}       # the blocks spaCy parses
PROSE_BLOCKS = {"item", "paragraph"}
NO_PLAYERS_SECTIONS = {"questions", "related_reports", "toc", "boilerplate", "segment_dimension", "contact",
                       "disclaimer"}
FIRST_PERSON = {"we", "us", "our", "ours"}


def in_prose(block) -> bool:
    return block.kind in PROSE_BLOCKS and not (set(block.section.kinds()) & NO_PLAYERS_SECTIONS
                                               if block.section else False)


# ---------------------------------------------------------------- finding mentions


def headline(block) -> bool:
    """A heading or a bullet's title outside the sections that state nothing (contents, related reports ...)."""
    return block.kind in ("heading", "title") and not (block.section and
                                                       set(block.section.kinds()) & NO_PLAYERS_SECTIONS)


def section_kinds(block) -> list[str]:
    return block.section.kinds() if block.section else []


def opening_blocks(parsed: list[tuple]) -> list[tuple]:
    """The document's opening: its headings, title, byline and up to three short header lines
    ("Founder & CEO at X"), up to the first sentence of prose."""
    out = []
    lines = 0
    for block, doc in parsed:
        short = block.kind in ("paragraph", "item") and len(block.clean.split(" | ")[0].split()) <= 12
        if block.kind not in ("heading", "title") and not short:
            break
        out.append((block, doc))
        lines += short and block.kind == "paragraph"
        if lines == 3 or is_row(block.clean):
            break                   # "Jane Roe" / "Founder & CEO at Acme" / "2d": a post's header lines;
                                    # an infobox's first row names its subject, the others its facts
    return out
