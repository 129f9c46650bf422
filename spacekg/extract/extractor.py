"""From a read Document to an Extraction: parse the blocks once, then run each rule over them."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import partial

from spacy.tokens import Doc, Span

from ..vocabulary import normalise
from .clauses import coreferent_subjects, entry_name, latest_subject, sentence_players
from .facts import Development, Evidence, Extraction, SegmentItem
from .lexicon import Lexicon, load_lexicon
from .market import describe_figures, figures_in, study_period
from .pipeline import load_nlp
from .players import (NO_PLAYERS_SECTIONS, Mention, PlayerIndex, find_players, in_prose, mention_matcher, mentions_in,
                      opening_blocks)
from .reader import Block, Document
from .relations import (collaborations_in, development_in, event_in, glossed_targets, section_targets, subsumed,
                        targets_in, technologies_in)
from .geography import situate
from .report import regions_in, report_info, statements
from .tables import Header, infobox_facts, label_value_figures, row_facts, table_rows

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
        rows = table_rows([b for b, _ in parsed], lex)
        find_players(parsed, index, lex, rows)
        out.report = report_info(doc, parsed)
        out.regions = regions_in(parsed, out.report, lex)
        places = {normalise(r) for r in out.regions} | {normalise(e.text) for _, d in parsed for e in d.ents
                                                        if e.label_ == "GPE"}
        index.forms = {k: v for k, v in index.forms.items() if normalise(k) not in places or index.headed(k)}
        players = index.players()
        names = {index.key(p.name): p.name for p in players}
        for key in index.forms:
            names.setdefault(key, next((p.name for p in players if index.key(p.name) == key), key))
        matcher = mention_matcher(self.nlp, index)
        period = study_period(doc.text)
        last_subject = None                 # the player "the company" / "it" refers to
        author = author_of(parsed, matcher)  # the player "we" refers to
        # after a heading, "the company" is the player the page is about (an encyclopedia entry, a profile)
        subject_of_page = Mention(author, parsed[0][1][0:0]) if author and parsed else None
        owners: dict[str, str] = {}         # product name -> the player it belongs to
        table_subject = author              # the player an infobox's "Products | ..." rows are about
        speakers: dict[str, str | None] = {}  # a transcript's speaker label -> the player it speaks for

        for position, (block, spacy_doc) in enumerate(parsed):
            kinds = block.section.kinds() if block.section else []
            section = block.section.heading if block.section else None
            if block.kind == "item" and "segment_dimension" in kinds:
                out.segments.append(segment_item(block, lex))
                continue
            if block.kind == "heading":
                last_subject = None         # a new story or section: "the company" starts afresh
            if position in rows:
                header = rows[position]
                if header is None:          # a table's first row names its columns, or an infobox's subject
                    table_subject = next((m.key for m in mentions_in(spacy_doc, matcher)
                                          if m.span.start == 0 and m.span.end == len(spacy_doc) - 1), author)
                    continue
                if in_prose(block) and table_row(out, doc.text, block, spacy_doc, header, matcher, names, lex,
                                                 table_subject):
                    continue                # a row read with its header states no sentence
            if headline(block):
                for sent in spacy_doc.sents:   # "Space Mining Market to Hit $3.4 Billion by 2030"
                    ev = evidence(doc.text, block, sent, "sentence", section=section)
                    out.market += figures_in(sent.text, _with_rule(ev, "market_headline", 0.8), period)
                continue
            if not in_prose(block) or ("players" in kinds and block.kind == "item"):
                continue                    # a key-players list names players, it states no relation
            mentions = mentions_in(spacy_doc, matcher)
            speaker = speaker_of(block.clean, doc.text, index, speakers)
            entry = entry_name(spacy_doc, mentions) if block.kind == "item" else None
            stated = False                  # the previous sentence stated a market figure
            for sent in spacy_doc.sents:
                here = sentence_players(sent, mentions)
                if entry is not None and entry not in here:
                    here = [entry] + here    # "Acme - Builds drills. Works with X": every sentence is Acme's
                here += coreferent_subjects(sent, here, last_subject or subject_of_page, lex, speaker or author, owners)
                last_subject = latest_subject(here) or last_subject
                ev = evidence(doc.text, block, sent, "sentence", section=section)
                figures = figures_in(sent.text, _with_rule(ev, "market_figure", 0.9), period, stated)
                out.market += figures
                stated = bool(figures)
                for m in here:
                    for p in players:
                        if p.name == names[m.key]:
                            p.mentions += 1
                if not here:
                    continue
                out.targets += targets_in(sent, here, names, _with_rule(ev, "target_cue", 0.8), lex) or \
                    section_targets(sent, here, names, section, _with_rule(ev, "section_heading", 0.6), lex)
                out.targets += glossed_targets(sent, here, names, _with_rule(ev, "parenthesis", 0.7))
                out.collaborations += collaborations_in(sent, here, names, _with_rule(ev, "collaboration_cue", 0.8),
                                                        lex)
                found = technologies_in(sent, here, names, _with_rule(ev, "technology_object", 0.7), lex)
                out.technologies += found
                for t in found:
                    for product in index.products:
                        if has_phrase(t.technology, product):
                            owners.setdefault(product, index.key(t.player))
                if "developments" not in kinds:
                    event = event_in(sent, here, names, _with_rule(ev, "event_verb", 0.6), lex)
                    if event:
                        out.developments.append(event)
            if "developments" in kinds and block.kind == "item":
                dev = development_item(doc.text, block, spacy_doc, mentions, names, lex)
                if dev:
                    out.developments.append(dev)
        out.players = players
        out.statements = statements(parsed, partial(evidence, doc.text), lex)
        out.market = describe_figures(out.market, doc.text, lex, out.report, doc.title, out.regions)
        dedupe(out)
        situate(out, parsed, lex)
        return out


def headline(block: Block) -> bool:
    """A heading or a bullet's title outside the sections that state nothing (contents, related reports ...)."""
    return block.kind in ("heading", "title") and not (block.section and set(block.section.kinds()) & NO_PLAYERS_SECTIONS)


def table_row(out: Extraction, text: str, block: Block, spacy_doc: Doc, header: Header, matcher,
              names: dict[str, str], lexicon: Lexicon, subject: str | None = None) -> bool:
    """Add what a table's data row states; False when its header gives no way to read it. `subject`
    is the player a two-column table (an infobox) is about."""
    start, end = block.to_source(0, len(block.clean))
    section = block.section.heading if block.section else None
    ev = Evidence(text[start:end], start, end, "table_row", 0.8, section)
    figures = label_value_figures(block.clean, ev, header.text)
    out.market += figures
    if not header.about_players:
        if subject is None or figures:
            return bool(figures)
        technologies, partners = infobox_facts(block.clean, names[subject], mentions_in(spacy_doc, matcher), names,
                                               ev, lexicon)
        out.technologies += technologies
        out.collaborations += partners
        return bool(technologies or partners)
    targets, technologies = row_facts(spacy_doc, block.clean, header, mentions_in(spacy_doc, matcher), names, ev,
                                      lexicon)
    out.targets += targets
    out.technologies += technologies
    return True


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
    by_player: dict[str, list[str]] = {}
    for t in out.technologies:
        by_player.setdefault(t.player, []).append(t.technology)
    dropped = {(p, t) for p, techs in by_player.items() for t in subsumed(techs)}
    out.technologies = [t for t in out.technologies if (t.player, t.technology) not in dropped]
    out.market = first(out.market, lambda m: (m.metric, m.value, m.year, m.from_year, m.to_year))
    out.segments = first(out.segments, lambda s: (s.dimension, s.label))
