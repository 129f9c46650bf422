"""The report's own knowledge: what it is, and what it says beyond players.

- `ReportInfo`: title, publisher, region covered, study period, last-updated date, the questions it
  promises to answer, and the sibling reports it lists (each with its region), read from layout and
  cue phrases.
- `Statement`s: trends, drivers, challenges, key findings and outlook sentences, each with its
  heading (a titled bullet's title), its text, what it concerns (segment concepts, technologies,
  regions found by the term ruler and the NER) and its horizons ("by 2031").

Everything comes from the section structure the reader recognised and from the lexicon; nothing
depends on one report's headings.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .clauses import span_entities
from .dates import first_date, horizons_in
from ..vocabulary import normalise
from .facts import RelatedReport, ReportInfo, Statement
from .lexicon import Lexicon
from .market import study_period
from .pipeline import TERMS_KEY
from .reader import Block, Document
from .rules import rule

STATEMENT_KINDS = {"trends": "trend", "drivers": "driver", "challenges": "challenge", "findings": "finding",
                   "outlook": "outlook"}
UPDATED = re.compile(r"\b(?:last\s+updated|updated(?:\s+on)?|published(?:\s+on)?|release\s+date|date)\s*:?\s*",
                     re.I)
PUBLISHER = re.compile(r"(?:\bpublished\s+by|\bpublisher\s*:|©\s*(?:\d{4}\s+)?|\bcopyright\s*(?:©\s*)?(?:\d{4}\s+)?)"
                       r"\s*(?P<name>[A-Z][\w&.,'’ -]{1,60}?)(?=\s*(?:[|.;\n]|all rights|$))", re.I | re.M)


def report_info(doc: Document, parsed: list[tuple[Block, Doc]]) -> ReportInfo:
    info = ReportInfo(title=doc.title)
    info.study_period = study_period(doc.text)
    for m in UPDATED.finditer(doc.text[:5000]):
        info.last_updated = first_date(doc.text[m.end():m.end() + 40])
        if info.last_updated:
            break
    p = PUBLISHER.search(doc.text)
    if p:
        info.publisher = p.group("name").strip(" ,.-")
    for block in doc.blocks:
        kinds = block.section.kinds() if block.section else []
        if block.kind == "item" and "questions" in kinds and block.clean.endswith("?"):
            info.questions.append(block.clean)
        elif block.kind in ("item", "heading") and "related_reports" in kinds and block.section.start < block.start:
            info.related.append(RelatedReport(block.clean, None))
    suffix = common_suffix([r.title for r in info.related] + ([doc.title] if doc.title else []))
    for r in info.related:
        r.region = strip_suffix(r.title, suffix)
    if doc.title:
        info.region = strip_suffix(doc.title, suffix) if len(info.related) >= 2 else title_region(parsed, doc.title)
    return info


def common_suffix(titles: list[str]) -> list[str]:
    """The words every title ends with ("Space Mining Market"), if at least two titles share two words."""
    if len(titles) < 2:
        return []
    split = [t.split() for t in titles]
    suffix: list[str] = []
    for words in zip(*(reversed(s) for s in split)):
        if len({w.casefold() for w in words}) != 1:
            break
        suffix.insert(0, words[0])
    return suffix if len(suffix) >= 2 else []


def strip_suffix(title: str, suffix: list[str]) -> str | None:
    words = title.split()
    if suffix and len(words) > len(suffix) and [w.casefold() for w in words[-len(suffix):]] == \
            [w.casefold() for w in suffix]:
        return " ".join(words[:-len(suffix)])
    return None


def title_region(parsed: list[tuple[Block, Doc]], title: str) -> str | None:
    """The first place the model finds in the title ("China" in "China Space Mining Market")."""
    for block, spacy_doc in parsed:
        if block.kind == "heading" and block.clean == title:
            for ent in spacy_doc.ents:
                if ent.label_ in ("GPE", "LOC") and len(ent) <= 3:
                    return ent.text
            return None
    return None


@rule("outlook_sentence", "statements")
def outlook_sentence(block: Block) -> bool:
    """Yields an outlook statement per sentence of an outlook section's untitled paragraph."""
    return block.kind == "paragraph" and not block.title


def _section_rules() -> dict[str, str]:
    """One rule per statement kind: "trend_section" yields a trend per bullet or paragraph of a trends section."""
    ids = {}
    for kind in dict.fromkeys(STATEMENT_KINDS.values()):
        def section(block: Block) -> bool:
            return block.kind in ("item", "paragraph")
        section.__doc__ = f"Yields a {kind} statement per bullet or paragraph of a {kind} section (with its title)."
        ids[kind] = rule(f"{kind}_section", "statements")(section).rule_id
    return ids


SECTION_RULES = _section_rules()


def statements(parsed: list[tuple[Block, Doc]], evidence_of, lexicon: Lexicon) -> list[Statement]:
    """Trends, drivers, challenges, findings and outlook sentences, with what they concern.

    `evidence_of(block, span)` makes the Evidence for a span of a block (the extractor's helper).
    """
    out: list[Statement] = []
    titles: dict[str, Doc] = {}
    for block, spacy_doc in parsed:
        kinds = block.section.kinds() if block.section else []
        kind = next((STATEMENT_KINDS[k] for k in kinds if k in STATEMENT_KINDS), None)
        if kind is None:
            continue
        if block.kind == "title":
            titles[block.clean] = spacy_doc
            continue
        if block.kind not in ("item", "paragraph"):
            continue
        if kind == "outlook" and outlook_sentence(block):
            for sent in spacy_doc.sents:          # an outlook paragraph: one statement per sentence
                out.append(Statement(kind, sent.text, None, evidence_of(block, sent, outlook_sentence.rule_id),
                                     concerns_of([sent], lexicon), horizons_in(sent.text)))
            continue
        title = [titles[block.title][:]] if block.title in titles else []
        concerns = concerns_of([spacy_doc[:]] + title, lexicon, regions_from=[spacy_doc[:]])
        out.append(Statement(kind, block.clean, block.title, evidence_of(block, spacy_doc[:], SECTION_RULES[kind]),
                             concerns, horizons_in(block.clean)))
    return out


def concerns_of(spans: list[Span], lexicon: Lexicon, regions_from: list[Span] | None = None) -> dict[str, list[str]]:
    """Segment concepts (by dimension) and technologies named in the spans; regions named in
    `regions_from` (default: the same spans; title-case headings mislead the model about places)."""
    found: dict[str, list[str]] = {}

    def add(key: str, value: str) -> None:
        values = found.setdefault(key, [])
        if value not in values:
            values.append(value)

    for span in spans:
        for term in span.doc.spans.get(TERMS_KEY, []):
            if span.start <= term.start and term.end <= span.end:
                add(term.label_, term.id_)
    for span in spans if regions_from is None else regions_from:
        for ent in span_entities(span):
            if is_region(ent, lexicon):
                add("region", ent.text)
    return found


def is_region(ent: Span, lexicon: Lexicon) -> bool:
    """A country or region the model found, unless it is a body, a technology or a name's modifier."""
    text = ent.text
    if ent.label_ != "GPE" or not text[:1].isupper():
        return False
    if ent.root.dep_ == "compound" and ent.root.head.i >= ent.end:
        return False                            # "Xyz space telescope": a name, not a place
    norm = normalise(text)
    return not (lexicon.vocabulary.lookup(text) or norm in lexicon.technology_forms
                or norm in lexicon.words("not_regions"))


def regions_in(parsed: list[tuple[Block, Doc]], info: ReportInfo, lexicon: Lexicon) -> list[str]:
    """The regions a document names, most frequent first: its own region, the regions of the reports
    it lists, and the countries the model finds in its prose (not in title-case headings)."""
    counts: dict[str, int] = {}
    for region in [info.region] + [r.region for r in info.related]:
        if region:
            counts[region] = counts.get(region, 0) + 1
    for block, spacy_doc in parsed:
        if block.kind in ("item", "paragraph"):
            for ent in spacy_doc.ents:
                if is_region(ent, lexicon):
                    name = (ent[1:] if len(ent) > 1 and ent[0].lower_ == "the" else ent).text
                    counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda r: -counts[r])
