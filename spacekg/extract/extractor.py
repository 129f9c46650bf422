"""From a read Document to an Extraction: parse the blocks once, then run each rule over them."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import partial

from spacy.tokens import Doc, Span

from ..vocabulary import normalise
from .clauses import coreferent_subjects, latest_subject, sentence_players
from .facts import Development, Evidence, Extraction, SegmentItem
from .lexicon import Lexicon, load_lexicon
from .market import figures_in, study_period
from .pipeline import load_nlp
from .players import PlayerIndex, find_players, in_prose, mention_matcher, mentions_in
from .reader import Block, Document
from .relations import collaborations_in, development_in, event_in, targets_in, technologies_in
from .report import report_info, statements

NLP_BLOCKS = {"heading", "title", "item", "paragraph"}
PARENS = re.compile(r"\s*\(([^)]*)\)\s*")


class Extractor:
    """Holds the loaded pipeline; `extract(doc)` is cheap to call many times."""

    def __init__(self, nlp=None, lexicon: Lexicon | None = None):
        self.nlp = nlp or load_nlp()
        self.lexicon = lexicon or load_lexicon()

    def parse(self, doc: Document, batch_size: int = 64) -> list[tuple[Block, Doc]]:
        blocks = [b for b in doc.blocks if b.kind in NLP_BLOCKS]
        return list(zip(blocks, self.nlp.pipe((b.clean for b in blocks), batch_size=batch_size)))

    def extract(self, doc: Document) -> Extraction:
        return self.extract_parsed(doc, self.parse(doc))

    def extract_many(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[Extraction]:
        """Extract from many documents, feeding spaCy all their blocks in shared batches."""
        docs = list(docs)
        jobs = [(d, b) for d in docs for b in d.blocks if b.kind in NLP_BLOCKS]
        parsed = self.nlp.pipe((b.clean for _, b in jobs), batch_size=batch_size)
        by_doc: dict[int, list[tuple[Block, Doc]]] = {id(d): [] for d in docs}
        for (d, b), spacy_doc in zip(jobs, parsed):
            by_doc[id(d)].append((b, spacy_doc))
        for d in docs:
            yield self.extract_parsed(d, by_doc[id(d)])

    def extract_parsed(self, doc: Document, parsed: list[tuple[Block, Doc]]) -> Extraction:
        lex = self.lexicon
        out = Extraction(doc=doc.name, title=doc.title)
        index = PlayerIndex(lex)
        find_players(parsed, index, lex)
        out.regions = regions_in(parsed, doc)
        index.forms = {k: v for k, v in index.forms.items() if normalise(k) not in
                       {normalise(r) for r in out.regions}}
        players = index.players()
        names = {index.key(p.name): p.name for p in players}
        for key in index.forms:
            names.setdefault(key, next((p.name for p in players if index.key(p.name) == key), key))
        matcher = mention_matcher(self.nlp, index)
        period = study_period(doc.text)
        last_subject = None                 # the player "the company" / "it" refers to

        for block, spacy_doc in parsed:
            kinds = block.section.kinds() if block.section else []
            if block.kind == "item" and "segment_dimension" in kinds:
                out.segments.append(segment_item(block, lex))
                continue
            if block.kind == "heading":
                last_subject = None         # a new story or section: "the company" starts afresh
            if not in_prose(block) or ("players" in kinds and block.kind == "item"):
                continue                    # a key-players list names players, it states no relation
            mentions = mentions_in(spacy_doc, matcher)
            for sent in spacy_doc.sents:
                here = sentence_players(sent, mentions)
                here += coreferent_subjects(sent, here, last_subject, lex)
                last_subject = latest_subject(here) or last_subject
                ev = evidence(doc.text, block, sent, "sentence",
                              section=block.section.heading if block.section else None)
                out.market += figures_in(sent.text, _with_rule(ev, "market_figure", 0.9), period)
                for m in here:
                    for p in players:
                        if p.name == names[m.key]:
                            p.mentions += 1
                if not here:
                    continue
                out.targets += targets_in(sent, here, names, _with_rule(ev, "target_cue", 0.8), lex)
                out.collaborations += collaborations_in(sent, here, names, _with_rule(ev, "collaboration_cue", 0.8),
                                                        lex)
                out.technologies += technologies_in(sent, here, names, _with_rule(ev, "technology_object", 0.7),
                                                    lex)
                if "developments" not in kinds:
                    event = event_in(sent, here, names, _with_rule(ev, "event_verb", 0.6), lex)
                    if event:
                        out.developments.append(event)
            if "developments" in kinds and block.kind == "item":
                dev = development_item(doc.text, block, spacy_doc, mentions, names, lex)
                if dev:
                    out.developments.append(dev)
        out.players = players
        out.report = report_info(doc, parsed)
        out.statements = statements(parsed, partial(evidence, doc.text))
        dedupe(out)
        return out


def evidence(text: str, block: Block, sent: Span, rule: str, confidence: float = 0.8,
             section: str | None = None) -> Evidence:
    """The sentence as it stands in the document: `text[start:end]`, line breaks and all."""
    start, end = block.to_source(sent.start_char, sent.end_char)
    return Evidence(text[start:end], start, end, rule, confidence, section)


def _with_rule(ev: Evidence, rule: str, confidence: float) -> Evidence:
    return Evidence(ev.sentence, ev.start, ev.end, rule, confidence, ev.section)


def development_item(text: str, block: Block, spacy_doc: Doc, mentions, names,
                     lexicon: Lexicon) -> Development | None:
    """A bullet of a developments section is one development, whoever it names."""
    whole = spacy_doc[:]
    start, end = block.to_source(0, len(block.clean))
    ev = Evidence(text[start:end], start, end, "developments_section", 0.9, block.section.heading)
    return development_in(whole, mentions, names, ev, lexicon, block.clean)


def segment_item(block: Block, lex: Lexicon) -> SegmentItem:
    """"Asteroids (NEAs)" under "By Platform" -> platform "Asteroids (NEAs)", canonical "Asteroids"."""
    dimension = lex.segment_dimension(block.section.heading) or "other"
    label = block.clean
    vocab = lex.vocabulary
    canonical = None
    if dimension in vocab.dimensions:
        canonical = vocab.canonical(label, dimension) or vocab.canonical(PARENS.sub(" ", label).strip(), dimension)
        if canonical is None:
            inner = PARENS.search(label)
            canonical = vocab.canonical(inner.group(1), dimension) if inner else None
    return SegmentItem(dimension, label, canonical)


def regions_in(parsed: list[tuple[Block, Doc]], doc: Document | None = None) -> list[str]:
    """Countries and regions the document names, most frequent first: GPE entities, and the
    regions of a report series ("GCC" of "GCC Space Mining Market" beside "India Space Mining Market")."""
    counts: dict[str, int] = {}
    for block, spacy_doc in parsed:
        for ent in spacy_doc.ents:
            if ent.label_ == "GPE" and ent.text[:1].isupper():
                counts[ent.text] = counts.get(ent.text, 0) + 1
    for region in series_regions(doc) if doc is not None else []:
        counts[region] = counts.get(region, 0) + 1
    return sorted(counts, key=lambda r: -counts[r])


def series_regions(doc: Document) -> list[str]:
    """Report titles that differ only in their first words name regions: the related-reports list
    ("Asia Space Mining Market", "GCC Space Mining Market") and the document's own title."""
    titles = [b.clean for b in doc.blocks if b.section is not None and "related_reports" in b.section.kinds()
              and b.kind in ("item", "paragraph") and len(b.clean.split()) <= 8]
    if len(titles) < 2:
        return []
    tails: dict[str, int] = {}
    for t in titles:
        words = t.split()
        for n in range(2, len(words)):
            tail = " ".join(words[-n:])
            tails[tail] = tails.get(tail, 0) + 1
    if not tails:
        return []
    best = max(tails, key=lambda t: (tails[t], len(t)))
    if tails[best] < 2:
        return []
    out = []
    for t in titles + ([doc.title] if doc.title else []):
        if t.endswith(" " + best):
            out.append(t[:-len(best) - 1].strip())
    return [r for r in dict.fromkeys(out) if r and len(r.split()) <= 3]


def dedupe(out: Extraction) -> None:
    """One target per (player, resources, platforms, sentence); one collaboration per pair; etc."""
    def first(items, key):
        seen, kept = set(), []
        for item in items:
            k = key(item)
            if k not in seen:
                seen.add(k)
                kept.append(item)
        return kept

    out.targets = first(out.targets, lambda t: (t.player, tuple(t.resources), tuple(t.platforms),
                                                t.evidence.start if t.evidence else None))
    out.collaborations = first(out.collaborations, lambda c: frozenset(c.players))
    out.technologies = first(out.technologies, lambda t: (t.player, t.technology.casefold()))
    out.market = first(out.market, lambda m: (m.metric, m.value, m.year, m.from_year, m.to_year))
    out.segments = first(out.segments, lambda s: (s.dimension, s.label))
