"""Acronyms a document defines ("Full Name (ACR)"), for joining them across the store.

Within one document the inventory already makes "Full Name" and "ACR" one player (inventory.py,
ACRONYM_DEF; candidates.py, alias_definition). Another report may name the player by its acronym
alone; `definitions` lists what this document defines, each with the sentence that defines it, so
that the store can join that other report's bare "ACR" to the same node (spacekg/graph/aliases.py).
It reads a finished Extraction (and the document's text), so `extract --json` and the document's
own graph stay as they are: the definitions travel beside the graph (corpus.Outcome).

This module imports no spaCy at import time: the graph layer reads `AcronymDefinition`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .facts import Evidence, Extraction
from .rules import confidence, rule

# An acronym as a definition writes it: a capital first, two capitals at least, short
# ("OSRA", "LXA", "AC&E"); "Acme" (a quoted short name) is no acronym and is never joined.
ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&-]{1,10}")
SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def is_acronym(name: str) -> bool:
    return ACRONYM.fullmatch(name) is not None and sum(c.isupper() for c in name) >= 2


@dataclass(frozen=True)
class AcronymDefinition:
    """"Full Name (ACR)" read in one document: `acronym` names the player the document calls
    `long_form` (its canonical name there), and `evidence` is the sentence that says so."""
    acronym: str
    long_form: str
    evidence: Evidence
    kind: str = "company"         # the player's kind in that document (agency, company ...)


@rule("acronym_join", "inventory")
def definitions(ex: Extraction, text: str | None = None) -> list[AcronymDefinition]:
    """Merges, across the store, a bare acronym with the player another report defines it for:
    "Lunar Ore Agency (LOA)" in one report makes "LOA" alone in any other report the same player
    (its name there becomes an alias). Yields the definition only where the text writes the long
    form with the acronym in parentheses and the acronym's letters start the long form's words; an
    acronym two reports define differently is joined to neither (spacekg/graph/aliases.py)."""
    from .inventory import abbreviates          # imports spaCy: only when a document is built

    out: list[AcronymDefinition] = []
    for p in ex.players:
        if p.generic:
            continue
        longs = [p.name] + [a for a in p.aliases if not is_acronym(a)]
        for short in sorted(a for a in p.aliases if is_acronym(a) and a != p.name):
            for long in longs:
                if not abbreviates(short, long):
                    continue
                ev = _evidence(short, long, [a.evidence for a in p.admitted], text)
                if ev is not None:
                    out.append(AcronymDefinition(short, p.name, ev, p.kind))
                    break
    return out


def _pattern(short: str, long: str) -> re.Pattern:
    """"Full Name (ACR)", "Full Name, Inc. (ACR)", the long form's words across a line break."""
    words = r"\s+".join(re.escape(w) for w in long.split())
    return re.compile(rf"{words}[^()\n]{{0,20}}?\(\s*{re.escape(short)}\s*\)")


def _evidence(short: str, long: str, admitted: list[Evidence], text: str | None) -> Evidence | None:
    """The sentence that defines `short` as `long`: within one the extractor read the player in
    (a whole block, for some rules), else in the document's text; None when the text has no
    definition (the inventory joined the two forms some other way)."""
    pattern = _pattern(short, long)
    rule_id, conf = definitions.rule_id, confidence(definitions.rule_id)
    for ev in admitted:
        m = pattern.search(ev.sentence) if ev.sentence else None
        if m is not None:
            start, end = _sentence_around(ev.sentence, m)
            return Evidence(ev.sentence[start:end], ev.start + start, ev.start + end, rule_id, conf, ev.section)
    m = pattern.search(text) if text else None
    if m is None:
        return None
    start, end = _sentence_around(text, m)
    return Evidence(text[start:end], start, end, rule_id, conf)


def _sentence_around(text: str, m: re.Match) -> tuple[int, int]:
    """The sentence holding the match: from the end of the one before to the next full stop or line end."""
    start = max((e.end() for e in SENTENCE_END.finditer(text, 0, m.start())), default=0)
    end = next((e.end() for e in SENTENCE_END.finditer(text, m.end())), len(text))
    while start < m.start() and text[start].isspace():
        start += 1
    while end > m.end() and text[end - 1].isspace():
        end -= 1
    return start, end
