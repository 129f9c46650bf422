"""From a read Document to an Extraction: parse the blocks once, then run the stages over them.

structure (structure.py, tables.py) -> candidates and vetoes (candidates.py, vetoes.py) -> the player
inventory (inventory.py) -> mentions and coreference (mentions.py, clauses.py) -> relation and market
rules (targets.py, collaborations.py, technologies.py, product_makers.py, developments.py, market.py,
tables.py) -> statements (report.py) -> dedupe. Every rule is registered in rules.py and stamps its
id on the evidence of what it produces.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial

from spacy.tokens import Doc, Span

from ..vocabulary import normalise
from .candidates import find_players
from .clauses import cached, forget_cached
from .coreference import Coreference
from .decision import PlayerModel, decide
from .facts import Admission, Development, Evidence, Extraction, Player, Rejected, ReportInfo, SegmentItem
from .inventory import PlayerIndex, join_initials
from .lexicon import Lexicon, load_lexicon
from .market import describe_figures, headline_figures, market_figures, study_period
from .mentions import author_of, mention_matcher, mentions_in
from .pieces import is_long, merge, pieces
from .pipeline import load_nlp
from .reader import Block, Document
# the relation rules, imported in this order (the order the rule registry and data/rules.yaml list them)
from .targets import glossed_targets, section_targets, targets_in
from .collaborations import collaborations_in, headline_collaborations
from .rosters import Roster
from .technologies import subsumed, technologies_in
from .developments import development_in, event_in
from .product_makers import named_products_in, reconcile_makers, topic_products
from .geography import gazetteer, situate
from .report import regions_in, report_info, statements
from .rules import check_lexicon, confidence, rule, stamp
from .structure import NLP_BLOCKS, headline, in_prose
from .tables import Header, infobox_facts, label_value_figures, row_facts, table_rows
from .types import Source

PARENS = re.compile(r"\s*\(([^)]*)\)\s*")
SHIPPED = object()                  # Extractor's default player model: the one data/ ships, if any


class Extractor:
    """Holds the loaded pipeline; `extract(doc)` is cheap to call many times.

    A document longer than `pieces.LONG_DOCUMENT_CHARS` characters is extracted in pieces cut at
    section and block boundaries (extract/pieces.py), so that its parsed spaCy Docs never outlive
    their piece and memory stays flat however long the document; `on_piece(name, done, total)`,
    when set, is called after each piece. Shorter documents (every ordinary report) take the
    whole-document path. Across a piece boundary coreference ("the company" naming a player of an
    earlier piece) and a table split from its header are lost: see pieces.py for why that is
    acceptable for very long documents.
    """

    def __init__(self, nlp=None, lexicon: Lexicon | None = None,
                 on_piece: Callable[[str, int, int], None] | None = None, player_model=SHIPPED):
        self.nlp = nlp or load_nlp()
        self.lexicon = lexicon or load_lexicon()
        self.on_piece = on_piece
        # the player decision (decision.py): the shipped weights, None for the rules alone, or another model
        self.player_model = PlayerModel.load() if player_model is SHIPPED else player_model
        check_lexicon(self.lexicon)         # a lexicon list a rule reads and the lexicon lacks: an error now

    def parse(self, doc: Document, batch_size: int = 64) -> list[tuple[Block, Doc]]:
        blocks = [b for b in doc.blocks if b.kind in NLP_BLOCKS]
        return list(zip(blocks, self.nlp.pipe((b.clean for b in blocks), batch_size=batch_size)))

    def extract(self, doc: Document, whole: bool = False) -> Extraction:
        """The document's facts; `whole=True` parses a long document at once too (the old path,
        kept for measuring: benchmarks/long_document.py)."""
        if is_long(doc) and not whole:
            return self.extract_pieces(doc)
        return self.extract_parsed(doc, self.parse(doc))

    def extract_pieces(self, doc: Document, size: int | None = None) -> Extraction:
        """Extract piece by piece (each parsed, read and let go before the next), then merge."""
        parts = list(pieces(doc, size))
        done: list[Extraction] = []
        for i, part in enumerate(parts, 1):
            parsed = self.parse(part)
            report = None
            if done:    # the whole text's own facts (title, publisher, period) as the first piece read them
                first = done[0].report
                report = report_info(replace(part, text=""), parsed)    # this piece's questions, related reports
                report.title, report.publisher, report.study_period, report.last_updated = \
                    first.title, first.publisher, first.study_period, first.last_updated
                report.region = first.region
            done.append(self.extract_parsed(part, parsed, report, piece=True))
            del parsed
            if self.on_piece:
                self.on_piece(doc.name, i, len(parts))
        out = merge(done)
        out.market = describe_figures(out.market, doc.text, self.lexicon, out.report, doc.title, out.regions)
        dedupe(out)
        return out

    def extract_many(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[Extraction]:
        """Extract from many documents, feeding spaCy all their blocks in shared batches (a long
        document on its own, in pieces)."""
        docs = list(docs)
        short = [d for d in docs if not is_long(d)]
        jobs = [(d, b) for d in short for b in d.blocks if b.kind in NLP_BLOCKS]
        parsed = self.nlp.pipe((b.clean for _, b in jobs), batch_size=batch_size)
        by_doc: dict[int, list[tuple[Block, Doc]]] = {id(d): [] for d in short}
        for (d, b), spacy_doc in zip(jobs, parsed):
            by_doc[id(d)].append((b, spacy_doc))
        for d in docs:
            if id(d) not in by_doc:
                yield self.extract_pieces(d)
                continue
            blocks = by_doc.pop(id(d))
            out = self.extract_parsed(d, blocks)
            forget_cached(blocks)
            yield out

    def extract_parsed(self, doc: Document, parsed: list[tuple[Block, Doc]], report: ReportInfo | None = None,
                       piece: bool = False) -> Extraction:
        """The stages over parsed blocks. For a piece of a long document (`piece=True`) the market
        figures are described and everything deduped once all pieces are merged (extract_pieces),
        and `report`, when given, stands for what the document says about itself (read from the
        whole text once, not again for every piece)."""
        lex = self.lexicon
        out = Extraction(doc=doc.name, title=doc.title)
        index = PlayerIndex(lex, text=doc.text, source_url=doc.source_url)
        rows = table_rows([b for b, _ in parsed], lex)
        find_players(parsed, index, lex, rows)
        out.report = report if report is not None else report_info(doc, parsed)
        out.regions = regions_in(parsed, out.report, lex)
        known = {normalise(r) for r in gazetteer(lex).regions} | {normalise(str(r)) for r in lex.raw["market_regions"]}
        places = {normalise(r) for r in out.regions} | {normalise(e.text) for _, d in parsed for e in d.ents
                                                        if e.label_ == "GPE"}
        places |= {normalise(str(r)) for r in lex.raw["market_regions"]}   # "Top Region North America" in a fact box
        drop_places(index, places, known)
        decide(index, parsed, self.player_model)
        join_initials(index)
        players = index.players()
        names = {index.key(p.name): p.name for p in players}
        by_name = {p.name: p for p in players}
        for key in index.forms:         # a key whose player is named otherwise ("x europe s a": "X Europe")
            if key not in names:
                player = _player_of(index, key, by_name)
                names[key] = player.name if player is not None else key
        matcher = mention_matcher(self.nlp, index)
        keys = {name: key for key, name in names.items()}
        period = study_period(doc.text)
        coref = Coreference.start(parsed, index, lex, matcher, doc.text, author_of(parsed, matcher))
        roster = Roster(lex)                # the group a sentence formed, and the members named since

        unowned: list = []                  # named products whose sentence does not say who makes them
        for position, (block, spacy_doc) in enumerate(parsed):
            kinds = block.section.kinds() if block.section else []
            section = block.section.heading if block.section else None
            if block.kind == "item" and "segment_dimension" in kinds:
                out.segments.append(segment_item(block, lex))
                continue
            if block.kind == "heading":
                coref.heading()
                roster.heading()
            if position in rows:
                header = rows[position]
                if header is None:          # a table's first row names its columns, or an infobox's subject
                    coref.table_header(spacy_doc)
                    continue
                if in_prose(block) and table_row(out, doc.text, block, spacy_doc, header, matcher, names, lex,
                                                 coref.table_subject):
                    continue                # a row read with its header states no sentence
            if headline(block):
                mentions = mentions_in(spacy_doc, matcher)
                for sent in spacy_doc.sents:   # "Space Mining Market to Hit $3.4 Billion by 2030"
                    ev = evidence(doc.text, block, sent, section=section)
                    out.market += headline_figures(sent.text, ev, period)
                    out.collaborations += headline_collaborations(sent, mentions, names, ev, lex)
                    coref.headline(sent, mentions)
                continue
            if not in_prose(block) or ("players" in kinds and block.kind == "item"):
                continue                    # a key-players list names players, it states no relation
            found_in_block = coref.block(block, spacy_doc)
            roster.block(block, spacy_doc)
            stated = False                  # the previous sentence stated a market figure
            for sent in spacy_doc.sents:
                here = coref.sentence(sent, found_in_block)
                ev = evidence(doc.text, block, sent, section=section)
                figures = market_figures(sent.text, ev, period, stated)
                out.market += figures
                stated = bool(figures)
                for m in here:
                    for p in players:
                        if p.name == names[m.key]:
                            p.mentions += 1
                named, unnamed = named_products_in(sent, here, names, ev, lex)
                out.technologies += named
                coref.credit(named)
                last = coref.last_subject or coref.subject_of_page
                unowned += [(p, ev, last.key if last is not None else None) for p in unnamed]
                if not here:
                    continue
                out.targets += targets_in(sent, here, names, ev, lex) or \
                    section_targets(sent, here, names, section, ev, lex)
                out.targets += glossed_targets(sent, here, names, ev)
                just_chosen = coref.selector is not None and coref.just_chose == coref.selector
                paired = collaborations_in(sent, here, names, ev, lex, coref.selector, coref.partners,
                                           chosen_item=coref.chosen(block), just_chosen=just_chosen,
                                           newcomers=coref.newcomers)
                out.collaborations += paired
                out.collaborations += roster.sentence(sent, here, names, ev, item=block.kind == "item")
                coref.collaborated(paired, keys)
                found = technologies_in(sent, here, names, ev, lex)
                out.technologies += found
                coref.credit(found)
                if "developments" not in kinds:
                    event = event_in(sent, here, names, ev, lex)
                    if event:
                        out.developments.append(event)
            if "developments" in kinds and block.kind == "item":
                dev = development_item(doc.text, block, spacy_doc, found_in_block.mentions, names, lex)
                if dev:
                    out.developments.append(dev)
        out.players = players
        out.technologies += topic_products(unowned, players, names)
        out.statements = statements(parsed, partial(evidence, doc.text), lex)
        provenance(out, doc.text, index, parsed)
        if not piece:
            out.market = describe_figures(out.market, doc.text, lex, out.report, doc.title, out.regions)
            dedupe(out)
        situate(out, parsed, lex)
        return out


@rule("drop_place_name", "inventory", lexicon=("market_regions",))
def drop_places(index: PlayerIndex, places: set[str], regions: set[str] = frozenset()) -> None:
    """Drops a player whose name is a place the document names (a region it covers, a GPE entity), a
    place the lexicon's geography knows ("UAE" tagged an organisation) or a market region of the
    lexicon ("North America" read out of a fact box's "Top Region" line),
    unless it ends in an organisation head word ("Wadi Minerals") or the text says it is one
    (`PlayerIndex.vouched`: "Wadi is a start-up"; a list of companies, "corporations such as Wadi,
    ...", vouches for a GPE-labelled name that is not one of the `regions` the lexicon knows)."""
    for key in list(index.forms):
        listed = normalise(key) not in regions and \
            any(c.rule == "players_enumeration" for c in index.forms[key].values())
        if normalise(key) in places | regions and not index.headed(key) and not index.vouched(key) and not listed:
            index.drop(key, drop_places.rule_id)


def provenance(out: Extraction, text: str, index: PlayerIndex, parsed: list[tuple[Block, Doc]]) -> None:
    """Each player's evidence (per surface form: the sentence it was read in, stamped with the rule
    that admitted it) and each rejected candidate with its sentence."""
    docs = {id(block): spacy_doc for block, spacy_doc in parsed}

    def source_evidence(source: Source | None, rule_id: str, measured: bool = True) -> Evidence | None:
        if source is None:
            return None
        block = source.block
        spacy_doc = docs.get(id(block))
        start, end = source.start, source.end
        if spacy_doc is not None and (start, end) != (0, len(block.clean)):
            start, end = sentence_around(spacy_doc, start)
        a, b = block.to_source(start, end)
        section = block.section.heading if block.section else None
        return Evidence(text[a:b], a, b, rule_id, confidence(rule_id) if measured else None, section)

    by_name = {p.name: p for p in out.players}
    for key, forms in index.forms.items():
        player = _player_of(index, key, by_name)
        if player is None:
            continue
        for cand in index.candidates(key):
            ev = source_evidence(cand.source, cand.rule)
            player.admitted.append(Admission(cand.surface, ev or Evidence("", 0, 0, cand.rule, confidence(cand.rule))))
    seen = set()
    for r in index.rejected:
        marker = (r.name, r.rule, r.source.block.start if r.source else None, r.source.start if r.source else None)
        if marker not in seen:
            seen.add(marker)
            out.rejected.append(Rejected(r.name, r.rule, r.proposed_by,
                                         source_evidence(r.source, r.rule, measured=False)))


def sentence_around(spacy_doc: Doc, char: int) -> tuple[int, int]:
    """(start, end) characters of the sentence holding character `char` (sentence bounds cached per Doc)."""
    bounds = cached(spacy_doc, "sentence_chars", lambda d: [(s.start_char, s.end_char) for s in d.sents])
    i = max(bisect_right(bounds, (char, float("inf"))) - 1, 0)
    return bounds[i] if bounds else (0, len(spacy_doc.text))


def _player_of(index: PlayerIndex, key: str, by_name: dict[str, Player]) -> Player | None:
    from .inventory import _best_canonical, canonical_name
    names = sorted(index.forms[key], key=lambda s: (len(s), s))
    return by_name.get(canonical_name(_best_canonical(names, index), index)) if names else None


@rule("table_row", "relations", lexicon=("table_columns",))
def table_row(out: Extraction, text: str, block: Block, spacy_doc: Doc, header: Header, matcher,
              names: dict[str, str], lexicon: Lexicon, subject: str | None = None) -> bool:
    """Yields what a table's data row states read with its header: market figures (label | value),
    targets and technologies (a company landscape table), products and partners (an infobox about
    one player). False when its header gives no way to read it. `subject`
    is the player a two-column table (an infobox) is about."""
    start, end = block.to_source(0, len(block.clean))
    section = block.section.heading if block.section else None
    ev = stamp(Evidence(text[start:end], start, end, "", 0.0, section), table_row.rule_id)
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


def evidence(text: str, block: Block, sent: Span, rule_id: str = "", section: str | None = None) -> Evidence:
    """The sentence as it stands in the document: `text[start:end]`, line breaks and all; stamped with
    `rule_id` when given, else by the rule that reads it."""
    start, end = block.to_source(sent.start_char, sent.end_char)
    ev = Evidence(text[start:end], start, end, "", 0.0, section)
    return stamp(ev, rule_id) if rule_id else ev


@rule("developments_section", "relations")
def development_item(text: str, block: Block, spacy_doc: Doc, mentions, names,
                     lexicon: Lexicon) -> Development | None:
    """Yields a development per bullet of a developments section, whoever it names."""
    whole = spacy_doc[:]
    start, end = block.to_source(0, len(block.clean))
    ev = stamp(Evidence(text[start:end], start, end, "", 0.0, block.section.heading), development_item.rule_id)
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
    out.technologies = first(reconcile_makers(out.technologies), lambda t: (t.player, t.technology.casefold()))
    by_player: dict[str, list[str]] = {}
    for t in out.technologies:
        by_player.setdefault(t.player, []).append(t.technology)
    dropped = {(p, t) for p, techs in by_player.items() for t in subsumed(techs)}
    out.technologies = [t for t in out.technologies if (t.player, t.technology) not in dropped]
    out.market = first(out.market, lambda m: (m.metric, m.value, m.year, m.from_year, m.to_year))
    out.segments = first(out.segments, lambda s: (s.dimension, s.label))
