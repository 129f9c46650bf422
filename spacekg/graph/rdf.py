"""Facts in, RDF out: one Extraction becomes the named graph of its document.

Shared entities (players, technologies, regions, segment concepts) get IRIs from their names, so
the same player in many reports is one node; what one document says (claims, evidence,
developments, market figures) gets IRIs local to that document, so rebuilding a document replaces
exactly its own statements.
"""
from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as _rdflib_namespace

from ..extract.facts import Evidence, Extraction
from ..text import money, shorten
from ..vocabulary import Vocabulary, load_vocabulary
from . import iri, namespaces
from .namespaces import PREFIXES


class _Terms:
    """A namespace's terms by attribute (SM.Player), each made once: rdflib makes and checks a new
    URIRef at every access, and a document's graph asks for thousands."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term


class _Namespace(Namespace):
    """rdflib's Namespace (a str: SM + "x" still works), its attribute terms made once (_Terms)."""

    def __getattr__(self, name: str):
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


SM = _Namespace(namespaces.SM)
DCTERMS, PROV, RDF, RDFS, SKOS, XSD = (_Terms(getattr(_rdflib_namespace, n))
                                       for n in ("DCTERMS", "PROV", "RDF", "RDFS", "SKOS", "XSD"))

# Characters no XML document may hold (RDF/XML and SPARQL XML results would break on them).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# The shape of a document's graph. Raised when the graph builder writes something new (2: targets
# of a resource on a platform; 3: the market a figure sizes and its publisher; home
# regions, unnamed counterparties and expected dates; 4: acronym definitions kept for the store's
# cross-report joins, extraction tuned on real pages): a build rebuilds the
# documents stored with another, even unchanged files, so that every document answers the queries
# written for the new shape.
GRAPH_FORMAT = 4

CLASS_OF_DIMENSION = {"resource_type": SM.Resource, "platform": SM.Platform, "application": SM.Application,
                      "phase": SM.Phase, "topic": SM.Topic}


def new_graph(identifier: URIRef | None = None) -> Graph:
    g = Graph(identifier=identifier)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def document_graph(ex: Extraction, content_hash: str | None = None, source_path: str | None = None,
                   vocabulary: Vocabulary | None = None) -> Graph:
    """The named graph for one document (its identifier is the report's IRI)."""
    report, triples = document_triples(ex, content_hash, source_path, vocabulary)
    g = new_graph(report)
    for t in triples:
        g.add(t)
    return g


def document_triples(ex: Extraction, content_hash: str | None = None, source_path: str | None = None,
                     vocabulary: Vocabulary | None = None, text_length: int | None = None) -> tuple[URIRef, list[tuple]]:
    """The report's IRI and the distinct triples of its named graph, without an rdflib Graph: a
    build writes them straight to N-Quads (adding them to a Graph first took a third of a
    document's graph-building time). `text_length` (characters of the document's text) lets the
    shapes check that every evidence span lies inside the document."""
    vocab = vocabulary or load_vocabulary()
    report = URIRef(iri.report(ex.doc))
    builder = _Builder(ex.doc, report, vocab)
    builder.report(ex, content_hash, source_path, text_length)
    builder.players(ex)
    builder.segments(ex)
    builder.targets(ex)
    builder.collaborations(ex)
    builder.technologies(ex)
    builder.developments(ex)
    builder.market(ex)
    builder.regions(ex)
    builder.report_info(ex)
    builder.statements(ex)
    return report, list(builder.triples)


def target_triples(resource: URIRef, resource_label: str, platform: URIRef, platform_label: str) -> list[tuple]:
    """The description of a resource on a platform: smr:target/water-ice/moon, "Water/Ice on Moon"."""
    t = URIRef(iri.target(resource, platform))
    return [(t, RDF.type, SM.Target), (t, RDFS.label, Literal(f"{resource_label} on {platform_label}")),
            (t, SM.targetResource, resource), (t, SM.targetPlatform, platform)]


class _Builder:
    def __init__(self, doc: str, report: URIRef, vocab: Vocabulary):
        self.doc, self.report_iri, self.vocab = doc, report, vocab
        self.triples: dict[tuple, None] = {}          # a set that keeps the order of first addition
        self.counter = 0
        self.player_iris: dict[str, URIRef] = {}
        self.concept_labels: dict[URIRef, str] = {}
        self.new_concepts: set[URIRef] = set()           # outside the vocabulary: described in this graph
        self.literals: dict[tuple, Literal] = {}         # made once per document (rdflib's are slow to make)
        self.nodes: dict[tuple, URIRef] = {}             # technologies and regions already described
        self.concepts: dict[tuple, tuple[URIRef, str]] = {}

    def next(self, kind: str) -> URIRef:
        self.counter += 1
        return URIRef(iri.local(self.doc, kind, self.counter))

    def literal(self, value, datatype: URIRef | None = None) -> Literal:
        """`Literal(value, datatype=datatype)`, made once per document: its evidence repeats rules,
        sections, confidences, offsets and sentences."""
        key = (value.__class__, str(value) if isinstance(value, Decimal) else value, datatype)
        found = self.literals.get(key)
        if found is None:
            found = self.literals[key] = Literal(value, datatype=datatype)
        return found

    def add(self, s, p, o) -> None:
        if isinstance(o, Literal) and o.datatype is None and XML_INVALID.search(o):
            o = Literal(XML_INVALID.sub(" ", o), lang=o.language)
        self.triples[(s, p, o)] = None

    # ---------------------------------------------------------------- nodes

    def report(self, ex: Extraction, content_hash: str | None, source_path: str | None,
               text_length: int | None = None) -> None:
        r = self.report_iri
        self.add(r, RDF.type, SM.Report)
        self.add(r, RDFS.label, Literal(ex.title or ex.doc))
        self.add(r, SM.fileName, Literal(ex.doc))
        if ex.title:
            self.add(r, DCTERMS.title, Literal(ex.title))
        if content_hash:
            self.add(r, SM.contentHash, Literal(content_hash))
        self.add(r, SM.graphFormat, Literal(GRAPH_FORMAT))
        if source_path:
            self.add(r, DCTERMS.source, Literal(source_path))
        if text_length is not None:
            self.add(r, SM.textLength, Literal(text_length, datatype=XSD.integer))

    def player(self, name: str) -> URIRef:
        if name not in self.player_iris:
            p = URIRef(iri.player(name))
            self.player_iris[name] = p
            self.add(p, RDF.type, SM.Player)
            self.add(p, RDFS.label, Literal(name))
            self.add(p, SM.mentionedIn, self.report_iri)
        return self.player_iris[name]

    def players(self, ex: Extraction) -> None:
        for pl in ex.players:
            p = self.player(pl.name)
            self.add(p, SM.kind, Literal(pl.kind))
            for alias in pl.aliases:
                self.add(p, SKOS.altLabel, Literal(alias))
            for region in pl.based_in:
                self.add(p, SM.basedIn, self.region(region))
            if pl.generic:
                self.add(p, SM.generic, Literal(True))
            if pl.listed:
                self.add(self.report_iri, SM.listsPlayer, p)
        for c in ex.counterparties:             # "a consortium in China": a generic player with its region
            p = self.counterparty(c.name)
            for region in c.based_in:
                self.add(p, SM.basedIn, self.region(region))

    def counterparty(self, name: str) -> URIRef:
        """An unnamed counterparty: a sm:Counterparty (a generic player, sm:generic true), not a
        sm:Player, so that lists of named players leave it out."""
        p = URIRef(iri.mint("counterparty", name))
        self.add(p, RDF.type, SM.Counterparty)
        self.add(p, RDFS.label, Literal(name))
        self.add(p, SM.generic, Literal(True))
        self.add(p, SM.mentionedIn, self.report_iri)
        return p

    def concept(self, dimension: str, label: str) -> URIRef:
        """A segment concept; labels outside the vocabulary become new concepts in their scheme."""
        known = self.concepts.get((dimension, label))
        if known is not None:                 # described already: only its label for targets is set again
            self.concept_labels[known[0]] = known[1]
            return known[0]
        canonical = self.vocab.canonical(label, dimension) if dimension in self.vocab.dimensions else None
        c = URIRef(iri.concept(dimension, canonical or label))
        self.concept_labels[c] = canonical or label
        if canonical is None:
            self.new_concepts.add(c)
            self.add(c, RDF.type, CLASS_OF_DIMENSION.get(dimension, SKOS.Concept))
            self.add(c, RDF.type, SKOS.Concept)
            self.add(c, RDFS.label, Literal(label))
            self.add(c, SKOS.prefLabel, Literal(label))
            self.add(c, SKOS.inScheme, URIRef(iri.scheme(dimension)))
        self.concepts[dimension, label] = (c, canonical or label)
        return c

    def target(self, resource: URIRef, platform: URIRef) -> URIRef:
        """A resource on a platform (sm:Target). The ontology graph describes those of the
        vocabulary's concepts; one with a concept from outside it is described here."""
        t = URIRef(iri.target(resource, platform))
        if {resource, platform} & self.new_concepts:
            for triple in target_triples(resource, self.concept_labels[resource], platform,
                                         self.concept_labels[platform]):
                self.add(*triple)
        return t

    def concerned(self, dimension: str, label: str) -> URIRef:
        """What a development or statement concerns: a technology, a region or a segment concept."""
        if dimension == "technology":
            return self.technology(label)
        if dimension == "region":
            return self.region(label)
        return self.concept(dimension, label)

    def technology(self, name: str) -> URIRef:
        t = self.nodes.get(("technology", name))
        if t is None:
            t = self.nodes["technology", name] = URIRef(iri.technology(name))
            self.add(t, RDF.type, SM.Technology)
            self.add(t, RDFS.label, Literal(name))
        return t

    def evidence(self, about: URIRef, ev: Evidence | None) -> URIRef | None:
        if ev is None:
            return None
        e = self.next("evidence")
        self.add(e, RDF.type, SM.Evidence)
        self.add(e, SM.about, about)
        self.add(e, PROV.wasDerivedFrom, self.report_iri)
        self.add(e, SM.sentence, self.literal(ev.sentence))
        self.add(e, SM.charStart, self.literal(ev.start, XSD.integer))
        self.add(e, SM.charEnd, self.literal(ev.end, XSD.integer))
        self.add(e, SM.rule, self.literal(ev.rule))
        if ev.confidence is not None:           # None: no gold measured the rule
            self.add(e, SM.confidence, self.literal(Decimal(str(round(ev.confidence, 3))), XSD.decimal))
        if ev.section:
            self.add(e, SM.section, self.literal(ev.section))
        return e

    # ---------------------------------------------------------------- statements

    def segments(self, ex: Extraction) -> None:
        for item in ex.segments:
            c = self.concept(item.dimension, item.canonical or item.label)
            self.add(self.report_iri, SM.segment, c)
            if item.canonical and item.canonical != item.label:
                self.add(c, SKOS.altLabel, Literal(item.label))

    def targets(self, ex: Extraction) -> None:
        for t in ex.targets:
            claim = self.next("claim")
            p = self.player(t.player)
            self.add(claim, RDF.type, SM.TargetClaim)
            self.add(claim, SM.player, p)
            claim_resources, claim_platforms = [], []
            for r in t.resources:
                c = self.concept("resource_type", r)
                claim_resources.append(c)
                self.add(claim, SM.resource, c)
                self.add(p, SM.targetsResource, c)
                self.add(p, SM.targets, c)
            for pl in t.platforms:
                c = self.concept("platform", pl)
                claim_platforms.append(c)
                self.add(claim, SM.platform, c)
                self.add(p, SM.targetsPlatform, c)
                self.add(p, SM.targets, c)
            for r in claim_resources:
                for pl in claim_platforms:
                    self.add(p, SM.targetsResourceOnPlatform, self.target(r, pl))
            for ph in t.phases:
                self.add(claim, SM.concerns, self.concept("phase", ph))
            for ap in t.applications:
                self.add(claim, SM.concerns, self.concept("application", ap))
            self.evidence(claim, t.evidence)

    def collaborations(self, ex: Extraction) -> None:
        for a_name, b_name, c in [(*c.players, c) for c in ex.counterparty_links]:
            a, b = self.player(a_name), self.counterparty(b_name)
            self.add(a, SM.worksWith, b)
            self.statement(a, SM.worksWith, b, c.evidence)
        for c in ex.collaborations:
            a, b = (self.player(n) for n in c.players)
            self.add(a, SM.collaboratesWith, b)
            self.add(b, SM.collaboratesWith, a)
            self.statement(a, SM.collaboratesWith, b, c.evidence)

    def technologies(self, ex: Extraction) -> None:
        for t in ex.technologies:
            p, tech = self.player(t.player), self.technology(t.technology)
            self.add(p, SM.develops, tech)
            self.statement(p, SM.develops, tech, t.evidence)

    def statement(self, subject: URIRef, predicate: URIRef, obj: URIRef, ev: Evidence | None) -> None:
        """The evidence of a relation between two nodes: about its subject, naming the whole triple."""
        e = self.evidence(subject, ev)
        if e is not None:
            self.add(e, SM.subject, subject)
            self.add(e, SM.predicate, predicate)
            self.add(e, SM.object, obj)

    def developments(self, ex: Extraction) -> None:
        for d in ex.developments:
            dev = self.next("development")
            self.add(dev, RDF.type, SM.Development)
            self.add(dev, SM.text, Literal(d.text))
            self.add(dev, RDFS.label, Literal(shorten(d.text)))
            self.add(dev, PROV.wasDerivedFrom, self.report_iri)
            for name in d.participants:
                self.add(dev, SM.participant, self.player(name))
            for name in d.counterparties:
                self.add(dev, SM.counterparty, self.counterparty(name))
            if d.date:
                self.add(dev, SM.date, _date_literal(d.date))
            if d.expected_date:
                self.add(dev, SM.expectedDate, _date_literal(d.expected_date))
            for dimension, labels in d.concerns.items():
                for label in labels:
                    self.add(dev, SM.concerns, self.concerned(dimension, label))
            self.evidence(dev, d.evidence)

    def market(self, ex: Extraction) -> None:
        for m in ex.market:
            f = self.next("figure")
            self.add(f, RDF.type, SM.MarketFigure)
            self.add(f, SM.metric, Literal(m.metric))
            self.add(f, SM.value, Literal(Decimal(repr(m.value)), datatype=XSD.decimal))
            self.add(f, SM.unit, Literal(m.unit))
            self.add(f, SM.figureOf, self.report_iri)
            self.add(f, SM.forecast, Literal(m.forecast))
            if m.year is not None:
                self.add(f, SM.year, Literal(str(m.year), datatype=XSD.gYear))
            if m.from_year is not None:
                self.add(f, SM.fromYear, Literal(str(m.from_year), datatype=XSD.gYear))
            if m.to_year is not None:
                self.add(f, SM.toYear, Literal(str(m.to_year), datatype=XSD.gYear))
            if m.unit != "USD":
                label = f"CAGR {m.value:g}% ({m.from_year}-{m.to_year})"
            elif m.year is None:
                label = f"Cumulative {money(m.value, m.unit)} ({m.from_year}-{m.to_year})"
            else:
                label = f"Market size {money(m.value, m.unit)} ({m.year})"
            self.add(f, RDFS.label, Literal(label))
            self.market_of(f, m)
            self.evidence(f, m.evidence)

    def market_of(self, f: URIRef, m) -> None:
        """What a figure sizes (sm:market: a scope in a region) and whom it is credited to."""
        if m.market or m.region:
            node = URIRef(iri.mint("market", m.market or "unnamed", m.region or "global"))
            self.add(f, SM.market, node)
            self.add(node, RDF.type, SM.Market)
            self.add(node, RDFS.label, Literal(f"{m.market or 'unnamed market'} ({m.region or 'global'})"))
            if m.market:
                self.add(node, SM.scope, Literal(m.market))
            self.add(node, SM.marketRegion, self.region(m.region or "global"))
        if m.publisher:
            self.add(f, SM.publisher, Literal(m.publisher))
        if m.attribution:
            self.add(f, SM.attribution, Literal(m.attribution))
        if m.segment:
            self.add(f, SM.segmentName, Literal(m.segment))

    def regions(self, ex: Extraction) -> None:
        for i, name in enumerate(ex.regions):
            r = self.region(name)
            self.add(r, SM.mentionedIn, self.report_iri)
            if i == 0 and not (ex.report and ex.report.region):
                self.add(self.report_iri, SM.region, r)


    def report_info(self, ex: Extraction) -> None:
        info, r = ex.report, self.report_iri
        if info is None:
            return
        if info.publisher:
            self.add(r, DCTERMS.publisher, Literal(info.publisher))
        if info.region:
            self.add(r, SM.region, self.region(info.region))
        if info.study_period:
            self.add(r, SM.studyPeriodStart, Literal(str(info.study_period[0]), datatype=XSD.gYear))
            self.add(r, SM.studyPeriodEnd, Literal(str(info.study_period[1]), datatype=XSD.gYear))
        if info.last_updated:
            self.add(r, DCTERMS.modified, _date_literal(info.last_updated))
        for q in info.questions:
            self.add(r, SM.question, Literal(q))
        for related in info.related:
            stub = URIRef(iri.mint("report", related.title))
            self.add(r, SM.relatedReport, stub)
            self.add(stub, RDF.type, SM.Report)
            self.add(stub, RDFS.label, Literal(related.title))
            self.add(stub, DCTERMS.title, Literal(related.title))
            if related.region:
                self.add(stub, SM.region, self.region(related.region))

    def region(self, name: str) -> URIRef:
        node = self.nodes.get(("region", name))
        if node is None:
            node = self.nodes["region", name] = URIRef(iri.region(name))
            self.add(node, RDF.type, SM.Region)
            self.add(node, RDFS.label, Literal(name))
        return node

    def statements(self, ex: Extraction) -> None:
        base = _base_year(ex)
        for st in ex.statements:
            node = self.next(st.kind)
            self.add(node, RDF.type, STATEMENT_CLASSES[st.kind])
            self.add(node, SM.text, Literal(st.text))
            self.add(node, RDFS.label, Literal(st.heading or shorten(st.text)))
            self.add(node, SM.statementOf, self.report_iri)
            if st.heading:
                self.add(node, SM.heading, Literal(st.heading))
            for dimension, labels in st.concerns.items():
                for label in labels:
                    self.add(node, SM.concerns, self.concerned(dimension, label))
            for h in st.horizons:
                if h.kind == "relative":
                    self.add(node, SM.horizon, Literal(h.text))
                    if h.years_ahead:
                        self.add(node, SM.yearsAhead, Literal(h.years_ahead, datatype=XSD.integer))
                        if base:                     # "over the next decade" in a 2025 report: by 2035
                            self.add(node, SM.date, Literal(str(base + h.years_ahead), datatype=XSD.gYear))
                else:
                    self.add(node, SM.date, _date_literal(h.value if h.kind != "period" else str(h.year)))
            self.evidence(node, st.evidence)


def _base_year(ex: Extraction) -> int | None:
    """The year a report speaks from: its last update, else the start of its study period."""
    info = ex.report
    if info and info.last_updated:
        return int(info.last_updated[:4])
    if info and info.study_period:
        return info.study_period[0]
    return None


STATEMENT_CLASSES = {"trend": SM.Trend, "driver": SM.Driver, "challenge": SM.Challenge, "finding": SM.KeyFinding,
                     "outlook": SM.Outlook}


def _date_literal(value: str) -> Literal:
    if len(value) == 4 and value.isdigit():
        return Literal(value, datatype=XSD.gYear)
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return Literal(value, datatype=XSD.date)
    if len(value) == 7 and value[4] == "-":
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value)
