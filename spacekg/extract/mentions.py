"""Mentions: where the players of the inventory are named in the parsed blocks, and who "we" is.

A PhraseMatcher built from every surface form of every player (and each form without its legal
suffix) finds the mentions, including those the model missed; the longest wins and a name inside a
vocabulary term is not a mention. What refers back to a player ("the company", "it", "we") is
resolved per sentence in clauses.py (`coreferent_subjects`), driven by the extractor.
"""
from __future__ import annotations

import re

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .inventory import PlayerIndex, canonical_name
from .pipeline import TERMS_KEY
from .reader import Block
from .structure import opening_blocks
from .types import Mention


def mention_matcher(nlp, index: PlayerIndex) -> PhraseMatcher:
    """Every player's surface forms (and their canonical short forms), as the text may write them."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for key, forms in index.forms.items():
        patterns = []
        for surface in forms:
            short = canonical_name(surface, index)
            for form in dict.fromkeys([surface, short]):
                patterns += [nlp.make_doc(v) for v in written_variants(form, index)]
        matcher.add(key, patterns)
    return matcher


def written_variants(form: str, index: PlayerIndex) -> list[str]:
    """A name as the text may also write it: "&" as "and" and back, and a group's head noun in lower
    case ("the A & B Consortium" is "the A and B consortium" in the next sentence)."""
    out = [form]
    if " & " in form or " and " in form:
        out.append(form.replace(" & ", " and ") if " & " in form else form.replace(" and ", " & "))
    words = form.split()
    if len(words) >= 2 and words[-1].istitle() and words[-1].casefold() in index.lexicon.words("generic_org_nouns"):
        out += [" ".join(v.split()[:-1] + [words[-1].casefold()]) for v in list(out)]
    return out


def mentions_in(doc: Doc, matcher: PhraseMatcher) -> list[Mention]:
    """Longest non-overlapping player mentions in a doc, skipping those inside a segment term."""
    found = []
    for match_id, start, end in matcher(doc):
        found.append(Mention(doc.vocab.strings[match_id], doc[start:end]))
    found.sort(key=lambda m: (-(m.span.end - m.span.start), m.span.start))
    taken: set[int] = set()
    out = []
    for m in found:
        if taken & set(range(m.span.start, m.span.end)):
            continue
        if _inside_term(m.span):
            continue
        taken |= set(range(m.span.start, m.span.end))
        out.append(m)
    return sorted(out, key=lambda m: m.span.start)


def _inside_term(span: Span) -> bool:
    return any(t.start <= span.start and span.end <= t.end and (t.end - t.start) > (span.end - span.start)
               for t in span.doc.spans.get(TERMS_KEY, []))


SPEAKER = re.compile(r"^\s*(?:\[[0-9:.]+\]\s*)?(?P<who>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3}):\s")


def speaker_of(text: str, document: str, index: PlayerIndex, cache: dict[str, str | None]) -> str | None:
    """In a transcript, "DAHL: We supply the excavator": the player the speaker speaks for (a key),
    the first player named right after the speaker's name where the document introduces them
    ("Henrik Dahl (Fennick Regolith Systems)", "Valentina Rojas, founder of Cumbre Lunar Systems")."""
    m = SPEAKER.match(text)
    if m is None:
        return None
    label = m.group("who")
    if label not in cache:
        cache[label] = None
        surname = label.split()[-1].capitalize()
        forms = sorted(((f, k) for k, fs in index.forms.items() for f in fs), key=lambda x: -len(x[0]))
        for hit in re.finditer(rf"\b{re.escape(surname)}\b", document):
            window = re.split(r"[.\n]\s", document[hit.end():hit.end() + 100], maxsplit=1)[0]
            found = [(window.find(f), k) for f, k in forms if has_phrase(window, f)]
            if found:
                cache[label] = min(found)[1]
                break
    return cache[label]


def author_of(parsed: list[tuple[Block, Doc]], matcher) -> str | None:
    """The player a document speaks for ("Our story | Acme Lunar", "Acme Capital - Letter to
    Partners"): the one player its opening headings name, when they name exactly one."""
    keys: set[str] = set()
    for block, spacy_doc in opening_blocks(parsed):    # "*Acme Lunar · blog · 2 June*", "CEO at Acme"
        keys.update(m.key for m in mentions_in(spacy_doc, matcher))
    return next(iter(keys)) if len(keys) == 1 else None


def has_phrase(text: str, phrase: str) -> bool:
    """`phrase` stands in `text` as whole words ("Storm" in "the Storm drill", not in "Stormont")."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
