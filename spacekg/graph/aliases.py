"""Acronyms joined across the store: "Full Name (ACR)" in one report, "ACR" alone in another, one player.

Each document mints its players' IRIs from their names (rdf.py), so a report that only writes
"ACR" holds smr:player/acr while the report that defines it holds smr:player/full-name. After
documents land (a build, a remove), `resolve` runs once over the store:

1. The definitions: every report's "Full Name (ACR)" with its sentence (extract/acronyms.py),
   kept in the alias graph (smr:graph/aliases) as sm:AcronymDefinition nodes, so a later build
   or remove can recompute without the documents' text.
2. The joins: an acronym whose definitions all name one player (one IRI) joins; an acronym two
   reports define differently joins nothing (an sm:AliasConflict, said in `build` output).
3. The rewrite: in every document graph that names a player whose label is exactly the acronym
   ("ACR", not "Acr" or "Ace"), that player's IRI becomes the defined player's, its name an
   skos:altLabel and the defined name its rdfs:label. The queries need no change: one IRI, one
   node, in every report graph (no owl:sameAs to follow).
4. Undo: a rewritten graph keeps, in the alias graph, the triples it held about the players
   involved before the rewrite (sm:AliasRewrite, as N-Triples), so the next resolve starts from
   the document as it was built: removing the defining report, or a new report that defines the
   acronym differently, undoes the join exactly.

The store's content is a function of the set of documents, never of the order they were built in:
each rewritten graph is rewrite(document as built, joins of all definitions), and the alias
graph is written whole from the definitions.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from ..extract.acronyms import AcronymDefinition
from . import iri
from .namespaces import ALIAS_GRAPH, SM, SMR

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
PLAYER = ox.NamedNode(SM + "Player")
KIND = ox.NamedNode(SM + "kind")
COLLABORATES = ox.NamedNode(SM + "collaboratesWith")
GRAPH = ox.NamedNode(ALIAS_GRAPH)


def _sm(name: str) -> ox.NamedNode:
    return ox.NamedNode(SM + name)


@dataclass(frozen=True)
class Definition:
    """An acronym definition as the store keeps it: which report, what it says, where."""
    report: str                  # the report's IRI (its graph's name)
    acronym: str
    long_form: str               # the player's canonical name in that report
    sentence: str
    start: int
    end: int
    rule: str
    kind: str = "company"

    @classmethod
    def of(cls, report: str, d: AcronymDefinition) -> Definition:
        ev = d.evidence
        return cls(report, d.acronym, d.long_form, ev.sentence, ev.start, ev.end, ev.rule, d.kind)

    @property
    def player(self) -> str:
        return iri.player(self.long_form)

    @property
    def node(self) -> str:
        return f"{SMR}alias/definition/{_local(self.report)}/{iri.slug(self.acronym)}"


@dataclass(frozen=True)
class Join:
    """Reports' bare `acronym` joined to the player `name` (IRI `player`)."""
    acronym: str
    name: str
    player: str
    joined: str                              # the IRI the acronym alone mints (smr:player/acr)
    definitions: tuple[Definition, ...]
    kind: str = "company"                    # the kind its definitions give it (the most of them)
    joined_in: tuple[str, ...] = ()          # report IRIs whose graph was rewritten

    @property
    def node(self) -> str:
        return f"{SMR}alias/join/{iri.slug(self.acronym)}"


@dataclass(frozen=True)
class Conflict:
    """An acronym reports define as different players: joined to none of them."""
    acronym: str
    definitions: tuple[Definition, ...]

    @property
    def node(self) -> str:
        return f"{SMR}alias/conflict/{iri.slug(self.acronym)}"


@dataclass
class Resolution:
    """What `resolve` found and did."""
    joins: list[Join] = field(default_factory=list)          # every join in the store (joined somewhere or not)
    conflicts: list[Conflict] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)       # graphs this run rewrote or restored
    names: dict[str, str] = field(default_factory=dict)      # report IRI -> file name
    unresolved: str | None = None                            # why nothing could be joined (a server not read)
    concerned: set[str] | None = None      # the acronyms this run's documents or changes concern (None: all)
    undone: list[Join] = field(default_factory=list)         # joins that stood before this run and no more

    @property
    def applied(self) -> list[Join]:
        """The joins some report's bare acronym took part in."""
        return [j for j in self.joins if j.joined_in]

    def to_json(self) -> dict:
        """The joins that apply and the conflicts, as `build --format json` prints them."""
        def name(r: str) -> str:
            return self.names.get(r, r)
        return {"aliases": [{"acronym": j.acronym, "name": j.name, "player": j.player,
                             "defined_in": sorted({name(d.report) for d in j.definitions}),
                             "joined_in": sorted(name(g) for g in j.joined_in)} for j in self.applied],
                "alias_conflicts": [{"acronym": c.acronym,
                                     "definitions": [{"name": d.long_form, "report": name(d.report)}
                                                     for d in c.definitions]} for c in self.conflicts]}

    def lines(self) -> list[str]:
        """One line per join that applies and per conflict that this run's documents concern (or
        that this run made or undid), for `build` and `remove` output."""
        def shown(acronym: str) -> bool:
            return self.concerned is None or acronym in self.concerned
        out = [f"alias: {self.unresolved}"] if self.unresolved else []
        conflicted = {c.acronym for c in self.conflicts}
        for j in self.undone:
            if j.acronym not in conflicted:
                out.append(f"alias: {j.acronym} no longer joined to {j.name} (no report defines it so any more)")
        for j in (j for j in self.applied if shown(j.acronym)):
            defined = ", ".join(sorted({self.names.get(d.report, d.report) for d in j.definitions}))
            out.append(f"alias: {j.acronym} = {j.name} (defined in {defined}; joined in "
                       f"{len(j.joined_in)} other report{'s' if len(j.joined_in) != 1 else ''})")
        for c in (c for c in self.conflicts if shown(c.acronym)):
            meanings = "; ".join(f"{d.long_form} in {self.names.get(d.report, d.report)}"
                                 for d in sorted(c.definitions, key=lambda d: (d.long_form, d.report)))
            out.append(f"alias: {c.acronym} not joined: reports define it differently ({meanings})")
        return out


@dataclass(frozen=True)
class _Undo:
    """What a rewritten graph held about the players a rewrite touched, before it."""
    canonicals: frozenset[str]
    triples: frozenset[ox.Triple]
    acronyms: frozenset[str] = frozenset()      # the joins applied to the graph


# ---------------------------------------------------------------- the step

def resolve(db: ox.Store, landed: Mapping[str, Iterable[AcronymDefinition]] | None = None,
            dropped: Iterable[str] = ()) -> Resolution:
    """Join acronyms across the store `db` (a writer's pyoxigraph store), after the documents of
    `landed` (report IRI -> the acronyms it defines) were (re)loaded as built and those of
    `dropped` (report IRIs) removed. Rewrites the document graphs concerned and the alias graph."""
    names = _report_names(db)
    definitions, undo, before, applied_before = _state(db, names, landed, dropped)
    joins, conflicts = plan(definitions)

    old_joins, old_conflicts = plan(before)
    changed = _changed_joins(old_joins, joins)
    by_joined = {ox.NamedNode(j.joined): j for j in joins}
    todo = _graphs_naming(db, joins) | _concerning(undo, changed)
    joined_in: dict[str, set[str]] = defaultdict(set)
    new_undo: dict[str, _Undo] = {}
    for g in set(undo) - todo:                # rewritten by joins that stand as they were: left as they are
        new_undo[g] = undo[g]
        for acronym in undo[g].acronyms:
            joined_in[acronym].add(g)
    result = Resolution(conflicts=conflicts, names=names)
    for g in sorted(todo):
        current = {q.triple for q in db.quads_for_pattern(None, None, None, ox.NamedNode(g))}
        original = _original(current, undo.get(g))
        rewrites = {o: j for o, j in by_joined.items()
                    if ox.Triple(o, RDF_TYPE, PLAYER) in original and ox.Triple(o, LABEL, ox.Literal(j.acronym)) in original}
        new, record = rewrite(original, rewrites) if rewrites else (original, None)
        if new != current:
            db.remove_graph(ox.NamedNode(g))
            db.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g)) for t in new)
            result.rewritten.append(g)
        if record is not None:
            new_undo[g] = record
            for j in rewrites.values():
                joined_in[j.acronym].add(g)
    result.joins = [replace(j, joined_in=tuple(sorted(joined_in[j.acronym]))) for j in joins]
    fresh = set(landed or {}) | set(dropped)
    standing = {j.acronym for j in joins}
    result.undone = [j for j in old_joins if j.acronym not in standing and j.acronym in applied_before]
    result.concerned = {k[0] for k in changed} | ({c.acronym for c in old_conflicts} ^ {c.acronym for c in conflicts}) | \
        {j.acronym for j in result.joins if (set(j.joined_in) | {d.report for d in j.definitions}) & fresh} | \
        {c.acronym for c in conflicts if {d.report for d in c.definitions} & fresh}
    _write(db, sorted(definitions, key=lambda d: d.node), result.joins, conflicts, new_undo)
    return result


def _state(db: ox.Store, names: Mapping[str, str], landed: Mapping[str, Iterable[AcronymDefinition]] | None,
           dropped: Iterable[str]) -> tuple[set[Definition], dict[str, _Undo], set[Definition], set[str]]:
    """The definitions of the store's documents and the rewrites to undo: those kept in the alias
    graph, but from the documents just (re)built (`landed`) their new definitions and no rewrite
    (their graphs are as built), and nothing of removed documents; and the definitions the alias
    graph held (the joins the rewrites it keeps were made with), and the acronyms joined somewhere."""
    landed = {r: list(ds) for r, ds in (landed or {}).items()}
    fresh = set(landed) | set(dropped)
    stored, undo = _read(db)
    definitions = {d for d in stored if d.report not in fresh and d.report in names}
    for r, ds in landed.items():
        seen: set[str] = set()
        for d in ds:
            if r in names and d.acronym not in seen:           # one meaning per acronym and report
                seen.add(d.acronym)
                definitions.add(Definition.of(r, d))
    applied = {a for u in undo.values() for a in u.acronyms}
    return definitions, {g: u for g, u in undo.items() if g not in fresh and g in names}, stored, applied


def _changed_joins(old: list[Join], new: list[Join]) -> set[tuple]:
    """The joins made, undone, or whose name or kind changed: (acronym, player, joined, name, kind)."""
    def key(j: Join) -> tuple:
        return j.acronym, j.player, j.joined, j.name, j.kind
    return {key(j) for j in old} ^ {key(j) for j in new}


def _concerning(undo: Mapping[str, _Undo], changed: set[tuple]) -> set[str]:
    """The rewritten graphs a changed join concerns: the others hold what they would be rewritten
    to already."""
    players, acronyms = {k[1] for k in changed}, {k[0] for k in changed}
    return {g for g, u in undo.items() if u.canonicals & players or u.acronyms & acronyms}


def resolve_remote(endpoint, landed: Mapping[str, Iterable[AcronymDefinition]]) -> tuple[Resolution, dict[str, list]]:
    """`resolve` for a SPARQL server (`build --push-to ... --endpoint ...`): the graphs it needs
    (every report's file name, the alias graph, the graphs a join or an undo concerns) are read
    through `endpoint` into a store in memory and resolved there. Returns the resolution and the
    graphs to send back whole (graph IRI -> triples): those rewritten, and the alias graph."""
    from .shapes import graph_triples

    endpoint.refresh()                                   # the documents just sent are on the server
    db = ox.Store()
    if not endpoint.graphs():
        return Resolution(), {}
    rows = endpoint.query("SELECT ?g ?name { GRAPH ?g { ?g sm:fileName ?name } }").records()
    db.extend(ox.Quad(ox.NamedNode(r["g"]), _sm("fileName"), ox.Literal(r["name"]), ox.NamedNode(r["g"]))
              for r in rows)
    if endpoint.has_graph(ALIAS_GRAPH):
        db.extend(ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in graph_triples(endpoint, ALIAS_GRAPH))
    definitions, undo, before, _ = _state(db, _report_names(db), landed, ())
    joins, _ = plan(definitions)
    needed = _concerning(undo, _changed_joins(plan(before)[0], joins))
    if joins:
        values = " ".join(f"(<{j.joined}> {_quote(j.acronym)})" for j in joins)
        q = f"SELECT DISTINCT ?g {{ VALUES (?o ?l) {{ {values} }} GRAPH ?g {{ ?o a sm:Player ; rdfs:label ?l }} }}"
        needed |= {str(r["g"]) for r in endpoint.query(q).records()}
    for g in sorted(needed):
        db.remove_graph(ox.NamedNode(g))
        db.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g)) for t in graph_triples(endpoint, g))
    result = resolve(db, landed)
    send = {g: [q.triple for q in db.quads_for_pattern(None, None, None, ox.NamedNode(g))] for g in result.rewritten}
    alias_triples = [q.triple for q in db.quads_for_pattern(None, None, None, GRAPH)]
    if alias_triples or endpoint.has_graph(ALIAS_GRAPH):
        send[ALIAS_GRAPH] = alias_triples
    return result, send


def plan(definitions: Iterable[Definition]) -> tuple[list[Join], list[Conflict]]:
    """Joins (an acronym all of whose definitions name one player) and conflicts (the others)."""
    by_acronym: dict[str, list[Definition]] = defaultdict(list)
    for d in definitions:
        by_acronym[d.acronym].append(d)
    joins, conflicts = [], []
    for acronym, ds in sorted(by_acronym.items()):
        ds = sorted(ds, key=lambda d: (d.report, d.long_form))
        players = {d.player for d in ds}
        if len(players) > 1:
            conflicts.append(Conflict(acronym, tuple(ds)))
            continue
        player, joined = players.pop(), iri.player(acronym)
        if player == joined:
            continue
        counts = Counter(d.long_form for d in ds)            # "Full Name" over "Full name": most written
        name = min(counts, key=lambda n: (-counts[n], n))
        kinds = Counter(d.kind for d in ds)
        joins.append(Join(acronym, name, player, joined, tuple(ds), min(kinds, key=lambda k: (-kinds[k], k))))
    return joins, conflicts


def rewrite(original: set[ox.Triple], rewrites: Mapping[ox.NamedNode, Join]) -> tuple[set[ox.Triple], _Undo]:
    """A document graph with each joined player (smr:player/acr, labelled "ACR") renamed to its
    defined player: one rdfs:label (the defined name, or the one this graph already gives that
    player), the acronym an altLabel, one sm:kind; and what to undo it with."""
    sub = {o: ox.NamedNode(j.player) for o, j in rewrites.items()}
    canon = set(sub.values())
    out: set[ox.Triple] = set()
    for t in original:
        s, p, o = t.subject, t.predicate, t.object
        if s in sub and p == LABEL:
            out.add(ox.Triple(sub[s], ALT_LABEL, o))
            continue
        s2, o2 = sub.get(s, s), (sub.get(o, o) if isinstance(o, ox.NamedNode) else o)
        if p == COLLABORATES and s2 == o2:                  # "ACR and Full Name partner": one player now
            continue
        out.add(ox.Triple(s2, p, o2))
    for c in canon:
        name = next(j.name for o, j in rewrites.items() if sub[o] == c)
        own = sorted(t.object.value for t in original if t.subject == c and t.predicate == LABEL)
        label = own[0] if own else name
        out = {t for t in out if not (t.subject == c and t.predicate == LABEL)}
        out.add(ox.Triple(c, LABEL, ox.Literal(label)))
        out.discard(ox.Triple(c, ALT_LABEL, ox.Literal(label)))
        if any(t.subject == c and t.predicate == KIND for t in out):   # the kind its definitions give, in every graph
            out = {t for t in out if not (t.subject == c and t.predicate == KIND)}
            out.add(ox.Triple(c, KIND, ox.Literal(next(j.kind for o, j in rewrites.items() if sub[o] == c))))
    touched = canon | set(sub)
    before = frozenset(t for t in original if t.subject in touched or t.object in touched)
    return out, _Undo(frozenset(c.value for c in canon), before, frozenset(j.acronym for j in rewrites.values()))


def _original(current: set[ox.Triple], undo: _Undo | None) -> set[ox.Triple]:
    """The graph as its document was built: every triple a rewrite touched (it names a canonical
    player) replaced by what the graph held before."""
    if undo is None:
        return current
    canon = {ox.NamedNode(c) for c in undo.canonicals}
    return {t for t in current if t.subject not in canon and t.object not in canon} | set(undo.triples)


# ---------------------------------------------------------------- reading and writing the store

def _local(report: str) -> str:
    return report.rsplit("/", 1)[-1]


def _report_names(db: ox.Store) -> dict[str, str]:
    """Report IRI -> file name, of the documents whose graph is in the store."""
    q = f"SELECT ?g ?name {{ GRAPH ?g {{ ?g <{SM}fileName> ?name }} }}"
    return {s["g"].value: s["name"].value for s in db.query(q)}


def _graphs_naming(db: ox.Store, joins: list[Join]) -> set[str]:
    """The graphs holding a player labelled exactly as a joined acronym."""
    if not joins:
        return set()
    values = " ".join(f"(<{j.joined}> {_quote(j.acronym)})" for j in joins)
    q = (f"SELECT DISTINCT ?g {{ VALUES (?o ?l) {{ {values} }} "
         f"GRAPH ?g {{ ?o a <{SM}Player> ; <{LABEL.value}> ?l }} }}")
    return {s["g"].value for s in db.query(q)}


def _quote(text: str) -> str:
    return str(ox.Literal(text))


def _read(db: ox.Store) -> tuple[set[Definition], dict[str, _Undo]]:
    if not db.contains_named_graph(GRAPH):
        return set(), {}
    q = (f"SELECT ?report ?acronym ?long ?sentence ?start ?end ?rule ?kind {{ GRAPH <{ALIAS_GRAPH}> {{ "
         f"?d a <{SM}AcronymDefinition> ; <{SM}definedIn> ?report ; <{SM}acronym> ?acronym ; <{SM}longForm> ?long ; "
         f"<{SM}sentence> ?sentence ; <{SM}charStart> ?start ; <{SM}charEnd> ?end ; <{SM}rule> ?rule ; "
         f"<{SM}definedKind> ?kind }} }}")
    defs = {Definition(s["report"].value, s["acronym"].value, s["long"].value, s["sentence"].value,
                       int(s["start"].value), int(s["end"].value), s["rule"].value, s["kind"].value)
            for s in db.query(q)}
    q = (f"SELECT ?u ?g ?triples {{ GRAPH <{ALIAS_GRAPH}> {{ ?u a <{SM}AliasRewrite> ; <{SM}rewrote> ?g ; "
         f"<{SM}originalTriples> ?triples }} }}")
    undo = {}
    for s in db.query(q):
        canon = {q.object.value for q in db.quads_for_pattern(s["u"], _sm("canonicalPlayer"), None, GRAPH)}
        triples = frozenset(q.triple for q in ox.parse(s["triples"].value.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        acronyms = {q.object.value for q in db.quads_for_pattern(s["u"], _sm("acronym"), None, GRAPH)}
        undo[s["g"].value] = _Undo(frozenset(canon), triples, frozenset(acronyms))
    return defs, undo


def _write(db: ox.Store, definitions: list[Definition], joins: list[Join], conflicts: list[Conflict],
           undo: dict[str, _Undo]) -> None:
    """The alias graph, written whole (its content depends on the set of documents only)."""
    if db.contains_named_graph(GRAPH):
        db.remove_graph(GRAPH)
    quads: list[ox.Quad] = []

    def add(s: str, p: str, o) -> None:
        quads.append(ox.Quad(ox.NamedNode(s), _sm(p) if ":" not in p else ox.NamedNode(p), o, GRAPH))

    for d in definitions:
        add(d.node, RDF_TYPE.value, _sm("AcronymDefinition"))
        add(d.node, "acronym", ox.Literal(d.acronym))
        add(d.node, "longForm", ox.Literal(d.long_form))
        add(d.node, "expands", ox.NamedNode(d.player))
        add(d.node, "definedIn", ox.NamedNode(d.report))
        add(d.node, "sentence", ox.Literal(d.sentence))
        add(d.node, "charStart", ox.Literal(str(d.start), datatype=XSD_INTEGER))
        add(d.node, "charEnd", ox.Literal(str(d.end), datatype=XSD_INTEGER))
        add(d.node, "rule", ox.Literal(d.rule))
        add(d.node, "definedKind", ox.Literal(d.kind))
    for j in joins:
        add(j.node, RDF_TYPE.value, _sm("AliasJoin"))
        add(j.node, "acronym", ox.Literal(j.acronym))
        add(j.node, "canonicalPlayer", ox.NamedNode(j.player))
        add(j.node, "joinedPlayer", ox.NamedNode(j.joined))
        for d in j.definitions:
            add(j.node, "definition", ox.NamedNode(d.node))
        for g in j.joined_in:
            add(j.node, "joinedIn", ox.NamedNode(g))
    for c in conflicts:
        add(c.node, RDF_TYPE.value, _sm("AliasConflict"))
        add(c.node, "acronym", ox.Literal(c.acronym))
        for d in c.definitions:
            add(c.node, "definition", ox.NamedNode(d.node))
    for g, u in sorted(undo.items()):
        node = f"{SMR}alias/rewrite/{_local(g)}"
        add(node, RDF_TYPE.value, _sm("AliasRewrite"))
        add(node, "rewrote", ox.NamedNode(g))
        for c in sorted(u.canonicals):
            add(node, "canonicalPlayer", ox.NamedNode(c))
        for a in sorted(u.acronyms):
            add(node, "acronym", ox.Literal(a))
        text = ox.serialize(sorted(u.triples, key=str), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        add(node, "originalTriples", ox.Literal(text))
    if quads:
        db.extend(quads)
