"""Invented market graphs for the network and visualisation tests (no real company names).

`market_store(players=60)` is an in-memory store in the spacekg vocabulary with players, target
claims with evidence, collaborations, technologies, developments and regions, made from a seeded
random generator, so every run sees the same graph.
"""
from __future__ import annotations

import random

import pyoxigraph as ox

from spacekg.graph.namespaces import PREFIXES
from spacekg.graph.store import Store

FIRST = ["Aster", "Borealis", "Cobalt", "Dunmore", "Elara", "Ferrox", "Galena", "Halcyon", "Iridia", "Jovex",
         "Kestrel", "Lumen", "Meridian", "Nadir", "Orrery", "Perigee", "Quarry", "Regolux", "Selene", "Tycho"]
SECOND = ["Mining", "Robotics", "Space", "Resources", "Dynamics", "Orbital", "Extraction", "Labs"]
RESOURCES = ["Water/Ice", "Platinum Group Metals", "Rare Earth Elements", "Iron & Nickel", "Helium-3", "Regolith"]
PLATFORMS = ["Moon", "Asteroids", "Mars", "Other Celestial Bodies"]
TECHS = ["ISRU systems", "optical mining", "prospecting cubesats", "regolith sintering", "ice drills",
         "spectral imagers", "electrostatic sorters", "solar concentrators"]
REGIONS = ["Northland", "Southmark", "Eastvale"]
DOC = "invented-market.txt"


def esc(text: str) -> str:
    """A Turtle long-string body."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def r(path: str) -> str:
    """A full IRI under smr: (Turtle prefixed names may not contain '/')."""
    return f"<{PREFIXES['smr']}{path}>"


def slug(text: str) -> str:
    from spacekg.graph.iri import slug as s
    return s(text)


def market_turtle(players: int = 60, seed: int = 7, player_names: list[str] | None = None) -> str:
    rnd = random.Random(seed)
    names = list(player_names or [])
    taken = set(names)
    while len(names) < players:
        name = f"{rnd.choice(FIRST)} {rnd.choice(SECOND)}"
        if len(taken) >= len(FIRST) * len(SECOND) // 2:      # the plain names are running out
            name += f" {len(names)}"
        if name not in taken:
            names.append(name)
            taken.add(name)
    out = [f"@prefix {p}: <{iri}> ." for p, iri in PREFIXES.items()]
    report = r("report/invented")
    out.append(f'{report} a sm:Report ; sm:fileName "{DOC}" .')
    evidence_no = [0]

    def evidence(about: str, sentence: str, extra: str = "") -> None:
        evidence_no[0] += 1
        n = evidence_no[0]
        out.append(f'{r("evidence/inv/%d" % n)} a sm:Evidence ; sm:about {about} ; prov:wasDerivedFrom {report} ; '
                   f'sm:sentence "{esc(sentence)}" ; sm:charStart {n * 100} ; sm:charEnd {n * 100 + 90} {extra}.')

    def player(i: int) -> str:
        return r("player/" + slug(names[i]))

    def concept(kind: str, label: str) -> str:
        return r(kind + "/" + slug(label))

    for i, name in enumerate(names):
        out.append(f'{player(i)} a sm:Player ; rdfs:label "{esc(name)}" ; skos:altLabel "{esc(name)}, Inc." ; '
                   f'sm:kind "company" .')
    for kind, labels, cls in (("resource", RESOURCES, "sm:Resource"), ("platform", PLATFORMS, "sm:Platform")):
        for label in labels:
            out.append(f'{concept(kind, label)} a {cls}, skos:Concept ; rdfs:label "{esc(label)}" .')
    out.append(f'{concept("platform", "Moon")} skos:altLabel "lunar" .')
    for label in TECHS:
        out.append(f'{concept("technology", label)} a sm:Technology ; rdfs:label "{esc(label)}" .')
    for label in REGIONS:
        out.append(f'{concept("region", label)} a sm:Region ; rdfs:label "{esc(label)}" .')
    claim = 0
    for i, name in enumerate(names):
        for _ in range(rnd.randint(0, 2)):
            claim += 1
            res, plat = concept("resource", rnd.choice(RESOURCES)), rnd.choice(PLATFORMS)
            c = r("claim/inv/%d" % claim)
            out.append(f"{c} a sm:TargetClaim ; sm:player {player(i)} ; sm:resource {res} ; "
                       f"sm:platform {concept('platform', plat)} .")
            out.append(f"{player(i)} sm:targets {res}, {concept('platform', plat)} .")
            evidence(c, f"{name} plans to extract material on {plat}.")
        if rnd.random() < 0.5:
            j = rnd.randrange(len(names))
            if j != i:
                out.append(f"{player(i)} sm:collaboratesWith {player(j)} .")
                out.append(f"{player(j)} sm:collaboratesWith {player(i)} .")
                evidence(player(i), f"{name} signed an agreement with {names[j]}.",
                         f"; sm:subject {player(i)} ; sm:predicate sm:collaboratesWith ; sm:object {player(j)} ")
        if rnd.random() < 0.4:
            t = concept("technology", rnd.choice(TECHS))
            out.append(f"{player(i)} sm:develops {t} .")
            evidence(player(i), f"{name} is developing new equipment.",
                     f"; sm:subject {player(i)} ; sm:predicate sm:develops ; sm:object {t} ")
    for d in range(max(1, players // 8)):
        dev = r("development/inv/%d" % d)
        who = rnd.sample(range(len(names)), 2)
        plat, region = rnd.choice(PLATFORMS), rnd.choice(REGIONS)
        text = f"{names[who[0]]} and {names[who[1]]} announced a joint mission to {plat} from {region}."
        out.append(f'{dev} a sm:Development ; rdfs:label "{esc(text)}" ; sm:text "{esc(text)}" ; '
                   f"sm:participant {player(who[0])}, {player(who[1])} ; "
                   f"sm:concerns {concept('platform', plat)}, {concept('region', region)}, {r('phase/prospecting')} .")
        evidence(dev, text)
    return "\n".join(out) + "\n"


def market_store(players: int = 60, seed: int = 7, player_names: list[str] | None = None) -> Store:
    store = Store.in_memory()
    graph = ox.NamedNode(PREFIXES["smr"] + "report/invented")
    triples = ox.parse(market_turtle(players, seed, player_names).encode("utf-8"), format=ox.RdfFormat.TURTLE)
    with store.writer() as w:
        w.replace_graph(graph.value, (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples))
    return store
