"""Plain dataclasses for what one document yields, before any graph.

`Extraction.to_json()` is the extraction JSON contract (README.md, "The extraction JSON"). This module imports nothing
heavy, so the graph package can use these types without loading spaCy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Evidence:
    """Where a fact was read: the sentence, exactly as it stands in `Document.text`."""
    sentence: str
    start: int
    end: int
    rule: str                     # the id of the registered rule that produced the fact (extract/rules.py)
    confidence: float | None = 0.8    # the rule's measured precision (data/rules.yaml); None: not measured
    section: str | None = None


@dataclass
class Player:
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "company"
    listed: bool = False          # named in a key-players list
    mentions: int = 0
    based_in: list[str] = field(default_factory=list)   # home regions the text states ("a Japanese company")
    generic: bool = False         # an unnamed counterparty ("a consortium in China"), not a named player
    # one per surface form: the sentence it was read in, stamped with the candidate rule that admitted it
    admitted: list[Admission] = field(default_factory=list)


@dataclass
class Admission:
    """A player's surface form and the evidence of the candidate rule that admitted it."""
    form: str
    evidence: Evidence


@dataclass
class Rejected:
    """A candidate name a veto or inventory rule refused."""
    name: str
    rule: str                     # the veto's (or inventory rule's) id
    proposed_by: str              # the candidate rule that proposed it
    evidence: Evidence | None = None


@dataclass
class Target:
    """One target claim: the players one piece of text says go after these resources/platforms."""
    player: str
    resources: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    evidence: Evidence | None = None
    phases: list[str] = field(default_factory=list)
    applications: list[str] = field(default_factory=list)


@dataclass
class Collaboration:
    players: tuple[str, str]
    evidence: Evidence | None = None


@dataclass
class TechnologyUse:
    player: str
    technology: str
    evidence: Evidence | None = None
    # the sentence names the player with it only as what includes, carries or delivers it (or the
    # document's topic): a maker the document names elsewhere wins (product_makers.reconcile_makers)
    weak: bool = False


@dataclass
class Development:
    participants: list[str]
    text: str
    date: str | None = None
    evidence: Evidence | None = None
    concerns: dict[str, list[str]] = field(default_factory=dict)   # kind -> canonical labels
    expected_date: str | None = None      # when it is expected to happen ("expected to launch by 2029")
    counterparties: list[str] = field(default_factory=list)   # unnamed ones taking part ("investors in China")


@dataclass
class MarketFigure:
    metric: str                   # "market_size" | "cagr"
    value: float                  # USD for market_size, percent for cagr
    unit: str                     # "USD" | "percent"
    year: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    forecast: bool = False
    evidence: Evidence | None = None
    # what the figure sizes, and who states it (filled by market.describe_figures)
    market: str | None = None     # the scope the text names: "space mining", "helium-3", "lunar economy"
    region: str | None = None     # "global", "China", "Asia Pacific"
    publisher: str | None = None  # the firm the figure is credited to
    attribution: str | None = None  # how the publisher was found: stated | quoted | page | address
    segment: str | None = None    # a segment's figure ("the construction segment"): segment_revenue
    position: int = 0             # offset of the figure in its evidence sentence (not in the JSON)


@dataclass
class SegmentItem:
    dimension: str                # resource_type | application | phase | platform
    label: str                    # as the report writes it
    canonical: str | None         # the vocabulary concept it maps to, if any


@dataclass
class Horizon:
    """A date or horizon as written ("by 2031", "over the next decade") with its typed values."""
    text: str
    kind: str                     # year | date | month | period | decade | relative
    year: int | None = None       # the year it points at (the end year of a period)
    from_year: int | None = None
    date: str | None = None       # ISO date (YYYY-MM-DD or YYYY-MM) where the text gives one
    years_ahead: int | None = None   # for relative horizons: "next decade" -> 10
    start: int = 0                # offsets in the string searched
    end: int = 0

    @property
    def value(self) -> str:
        """The most precise typed value: a date, a year, a period, or the words."""
        if self.date:
            return self.date
        if self.from_year and self.year:
            return f"{self.from_year}/{self.year}"
        if self.year:
            return str(self.year)
        return self.text


@dataclass
class Statement:
    """A trend, driver, challenge, key finding or outlook sentence of a report."""
    kind: str                                   # trend | driver | challenge | finding | outlook
    text: str
    heading: str | None
    evidence: Evidence
    concerns: dict[str, list[str]] = field(default_factory=dict)   # dimension/technology/region -> labels
    horizons: list[Horizon] = field(default_factory=list)


@dataclass
class RelatedReport:
    title: str
    region: str | None


@dataclass
class ReportInfo:
    """What a document says about itself."""
    title: str | None = None
    publisher: str | None = None
    region: str | None = None
    study_period: tuple[int, int] | None = None
    last_updated: str | None = None             # ISO date
    questions: list[str] = field(default_factory=list)
    related: list[RelatedReport] = field(default_factory=list)


@dataclass
class Extraction:
    doc: str
    title: str | None = None
    players: list[Player] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    collaborations: list[Collaboration] = field(default_factory=list)
    technologies: list[TechnologyUse] = field(default_factory=list)
    developments: list[Development] = field(default_factory=list)
    market: list[MarketFigure] = field(default_factory=list)
    segments: list[SegmentItem] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    report: ReportInfo | None = None
    statements: list[Statement] = field(default_factory=list)
    # unnamed counterparties ("a consortium in China"): generic players with a region, kept apart
    # from `players` and `collaborations`, which name players
    counterparties: list[Player] = field(default_factory=list)
    counterparty_links: list[Collaboration] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)      # not in the JSON contract: see explain.py

    def to_json(self) -> dict[str, Any]:
        """The extraction JSON (README.md; plus `segments`, `regions` and `title`)."""
        def ev(e: Evidence | None) -> dict[str, Any]:
            if e is None:
                return {}
            return {"evidence": e.sentence, "start": e.start, "end": e.end, "rule": e.rule,
                    "confidence": e.confidence}

        targets = []
        for t in self.targets:
            item: dict[str, Any] = {"player": t.player}
            if t.resources:
                item["resource"] = t.resources[0] if len(t.resources) == 1 else list(t.resources)
            if t.platforms:
                item["platform"] = t.platforms[0] if len(t.platforms) == 1 else list(t.platforms)
            if t.phases:
                item["phases"] = list(t.phases)
            if t.applications:
                item["applications"] = list(t.applications)
            targets.append({**item, **ev(t.evidence)})

        market = []
        for m in self.market:
            if m.unit == "USD":
                item = {"metric": m.metric, "value_usd": m.value, "year": m.year}
                if m.from_year is not None or m.to_year is not None:      # a cumulative figure's period
                    item.update({"from": m.from_year, "to": m.to_year})
            else:
                item = {"metric": m.metric, "percent": m.value, "from": m.from_year, "to": m.to_year}
            if m.forecast:
                item["forecast"] = True
            for key in ("market", "region", "publisher", "attribution", "segment"):
                if getattr(m, key) is not None:
                    item[key] = getattr(m, key)
            market.append({**item, **ev(m.evidence)})

        segments: dict[str, list[str]] = {}
        for s in self.segments:
            segments.setdefault(s.dimension, []).append(s.label)

        return {
            "doc": self.doc,
            "title": self.title,
            "players": [{"name": p.name, "aliases": list(p.aliases), "kind": p.kind,
                         **({"based_in": list(p.based_in)} if p.based_in else {}),
                         **({"generic": True} if p.generic else {})} for p in self.players],
            "targets": targets,
            "collaborations": [list(c.players) for c in self.collaborations],
            "collaboration_evidence": [{"players": list(c.players), **ev(c.evidence)} for c in self.collaborations],
            "technologies": [{"player": t.player, "technology": t.technology, **ev(t.evidence)}
                             for t in self.technologies],
            "developments": [{"participants": list(d.participants), "text": d.text, "date": d.date,
                              **({"expected_date": d.expected_date} if d.expected_date else {}),
                              **({"counterparties": list(d.counterparties)} if d.counterparties else {}),
                              **({"concerns": d.concerns} if d.concerns else {}), **ev(d.evidence)}
                             for d in self.developments],
            "market": market,
            "segments": segments,
            "regions": list(self.regions),
            "report": _report_json(self.report),
            **({"counterparties": [{"name": c.name, "based_in": list(c.based_in)} for c in self.counterparties],
                "counterparty_links": [{"players": list(c.players), **ev(c.evidence)}
                                       for c in self.counterparty_links]} if self.counterparties else {}),
            "statements": [{"kind": st.kind, "heading": st.heading, "text": st.text, "concerns": st.concerns,
                            "horizons": [h.value for h in st.horizons], **ev(st.evidence)}
                           for st in self.statements],
        }


def _report_json(info: ReportInfo | None) -> dict[str, Any] | None:
    if info is None:
        return None
    return {"title": info.title, "publisher": info.publisher, "region": info.region,
            "study_period": list(info.study_period) if info.study_period else None,
            "last_updated": info.last_updated, "questions": list(info.questions),
            "related_reports": [{"title": r.title, "region": r.region} for r in info.related]}
