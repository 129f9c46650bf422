"""The analyst's workspace of `spacekg serve`: server-side HTML pages over the named queries.

Datasette is the model: every page has a URL, every row links somewhere, and the same content
answers as HTML to a browser and as JSON to a program (`?format=json` or `Accept: application/json`).

    GET /                    what the store holds, the ask box, most-connected players, latest
                             developments, market figures, the SPARQL editor (`?named=NAME&param=value`
                             opens it with that query and its parameters filled in)
    GET /entity/KIND/SLUG    a player, resource, platform, technology, region ... (the IRI smr:KIND/SLUG)
    GET /map                 the competitive map as a heatmap, each cell links to its statements
    GET /timeline            developments, outlook and forecasts in time order (?region= ?player= ?year=)
    GET /reports, /reports/FILE   the reports, and one report's card
    GET /query/NAME          a named query: an HTML table when a browser asks, SPARQL results otherwise
    GET /graph/entity/KIND/SLUG   the interactive graph framed on one entity's neighbourhood

Each page's content is a plain dict built from named queries (`*_content` functions); the HTML is
a Jinja2 template over that dict (autoescaped: text from documents is always text). Page queries
are the library's own, with values bound, so they run in this process without the time-limit
child process that user queries get. What a page reads from the whole store (counts, the map, the
timeline, the network view) is kept per store snapshot: a new build shows on the next request.
"""
from __future__ import annotations

import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..graph import iri as iris
from ..graph.namespaces import PREFIXES, SM, SMR
from . import negotiate
from .app import PAGE_POLICY, HTTPProblem, Service, _describe_store

ENTITY_CLASSES = {SM + "Player": "player", SM + "Resource": "resource", SM + "Platform": "platform",
                  SM + "Technology": "technology", SM + "Region": "region", SM + "Application": "application",
                  SM + "Phase": "phase", SM + "Development": "development", SM + "Report": "report"}
KIND_NAMES = {"player": "Player", "resource": "Resource", "platform": "Platform", "technology": "Technology",
              "region": "Region", "application": "Application", "phase": "Phase", "development": "Development",
              "report": "Report"}
MAP_DIMENSIONS = ("resource", "platform", "phase", "application")
CONCEPT_DIMENSION = {"resource": "resource_type", "platform": "platform", "phase": "phase",
                     "application": "application"}
# Result columns read as prose: shown wide.
PROSE = {"sentence", "text", "what", "evidence", "questions", "heading"}
# IRI columns that the plain `name` / `label` / `title` column of a result may label.
ENTITY_COLUMNS = {"player", "entity", "node", "concept", "technology", "region", "report", "partner", "target",
                  "about", "resource", "platform"}
TIMELINE_PAGE = 200
TIMELINE_PLAYERS = 150         # the players offered in the timeline's filter: those in the most items
NEIGHBOURS = 60                # at most this many neighbours in an entity's graph frame
EDGE_SENTENCES = 5             # and this many evidence sentences per edge there
CACHE_ENTRIES = 64


# ---------------------------------------------------------------- links

def entity_path(iri: str | None) -> str | None:
    """The page of an entity: smr:player/moon-express -> /entity/player/moon-express (None if not ours)."""
    if not iri or not isinstance(iri, str) or not iri.startswith(SMR) or len(iri) == len(SMR):
        return None
    rest = iri[len(SMR):]
    if rest.startswith("report/"):
        return None
    return "/entity/" + quote(rest, safe="/-_.~")


def report_path(source: str | None) -> str | None:
    return "/reports/" + quote(source, safe="-_.~") if source else None


def compact(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


# ---------------------------------------------------------------- a cache per store snapshot

class SnapshotCache:
    """Answers that read the whole store, kept until the store's snapshot changes (a new build)."""

    def __init__(self, entries: int = CACHE_ENTRIES):
        self.entries = entries
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store, key: tuple, compute: Callable[[], object]):
        version = _version(store)
        if version is None:
            return compute()
        full = (version, key)
        with self._lock:
            if full in self._data:
                self._data.move_to_end(full)
                return self._data[full]
        value = compute()
        with self._lock:
            self._data[full] = value
            while len(self._data) > self.entries:
                self._data.popitem(last=False)
        return value


def _version(store) -> str | None:
    snapshot = getattr(store, "snapshot", None)
    if snapshot is None:
        return None if getattr(store, "path", 1) is not None else f"memory-{id(store)}"
    return str(snapshot)


# ---------------------------------------------------------------- running the library's queries

class Reader:
    """The named queries a page needs, run in this process (values bound, never pasted)."""

    def __init__(self, store):
        self.store = store

    def rows(self, name: str, **params) -> list[dict]:
        from ..queries.library import run_named
        return run_named(self.store, name, **{k: v for k, v in params.items() if v is not None}).records()

    def many(self, **queries: tuple[str, dict]) -> dict[str, list[dict]]:
        """Several queries at once ({key: (name, params)}), in threads: pyoxigraph releases the
        GIL while it evaluates, so a page's independent queries overlap."""
        futures = {key: _POOL.submit(self.rows, name, **params) for key, (name, params) in queries.items()}
        return {key: f.result() for key, f in futures.items()}


_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="spacekg-page")


# ---------------------------------------------------------------- page contents (plain dicts)

def front_content(store, cache: SnapshotCache) -> dict:
    def compute():
        r = Reader(store)
        counts = (r.rows("stats") or [{}])[0]
        regions = {row["region"] for row in r.rows("report-info") if row.get("region")}
        players = [{"iri": p["player"], "name": p["name"], "connections": p["connections"],
                    "href": entity_path(p["player"])} for p in r.rows("player-connections")]
        timeline = _timeline_items(r.rows("timeline"))
        dated = [t for t in timeline if t["when"] and t["kind"] == "Development"]
        latest = sorted(dated, key=lambda t: t["when"], reverse=True)[:10]
        figures = [_figure(f) for f in r.rows("market-figures")][:12]
        return {"counts": {"reports": counts.get("documents", 0), "players": counts.get("players", 0),
                           "claims": counts.get("target_claims", 0), "developments": counts.get("developments", 0),
                           "regions": len(regions), "technologies": counts.get("technologies", 0),
                           "market figures": counts.get("market_figures", 0)},
                "store": _describe_store(store), "last_build": _last_build(store), "players": players,
                "latest": latest, "figures": figures}
    return cache.get(store, ("front",), compute)


def _last_build(store) -> str | None:
    snapshot = getattr(store, "snapshot", None)
    try:
        return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(snapshot.stat().st_mtime)) if snapshot else None
    except OSError:
        return None


def _figure(row: dict) -> dict:
    if row.get("kind") == "cagr":
        what = f"CAGR {float(row['value']):g}%"
        when = f"{row.get('fromYear') or '?'}–{row.get('toYear') or '?'}"
    else:
        value = float(row["value"])
        what = (f"USD {value / 1e9:.2f} bn" if value >= 1e9 else f"USD {value / 1e6:.0f} m") \
            if row.get("unit") == "USD" else f"{value:g} {row.get('unit') or ''}"
        what = "Market size " + what
        when = str(row.get("year") or "")
    return {"what": what, "when": when, "forecast": bool(row.get("forecast")), "source": row.get("source"),
            "href": report_path(row.get("source")), "sentence": row.get("sentence") or ""}


def joined_into(store, iri: str) -> str | None:
    """The player a bare acronym's IRI (smr:player/tra) was joined to across reports, if any."""
    import pyoxigraph as ox
    rows = store.query("SELECT ?player { ?join a sm:AliasJoin ; sm:joinedPlayer ?acronym ; sm:canonicalPlayer ?player }",
                       substitutions={"acronym": ox.NamedNode(iri)}).records()
    return str(rows[0]["player"]) if rows else None


def entity_content(store, iri: str) -> dict | None:
    """Everything the store says about one entity, or None when nothing names it.

    Lists that grow with the corpus come in two parts: a summary counted in reports (every target,
    partner, technology, player), and at most 50 evidence sentences read for those only, with
    links to the named queries that list them all."""
    r = Reader(store)
    card = r.rows("entity-card", entity=iri)
    if not card:
        return None
    classes = [row["value"] for row in card if row["field"] == "class"]
    kinds = [ENTITY_CLASSES[c] for c in classes if c in ENTITY_CLASSES]
    kind = next((k for k in KIND_NAMES if k in kinds), None)
    labels = sorted({row["value"] for row in card if row["field"] == "label"}, key=lambda s: (s.casefold(), s))
    label = labels[0] if labels else iri.rsplit("/", 1)[-1]
    aliases = sorted({row["value"] for row in card if row["field"] in ("alias", "label")} - {label},
                     key=str.casefold)
    wanted = {"mentions": ("entity-reports", {"entity": iri})}
    if kind == "player":
        wanted.update(targets=("targets-by-reports", {"player": iri}), claims=("entity-claims", {"player": iri}),
                      partners=("partners-by-reports", {"player": iri}),
                      technologies=("technologies-by-reports", {"player": iri}),
                      links=("entity-links", {"player": iri}))
    elif kind in ("resource", "platform"):
        wanted["players"] = ("targets-by-reports", {"target": iri})
    elif kind in ("phase", "application"):
        wanted["players"] = ("players-targeting", {"concern": iri})
    elif kind == "technology":
        wanted["players"] = ("technologies-by-reports", {"technology": iri})
    if kind in ("player", "resource", "platform", "phase", "application", "technology"):
        wanted["developments"] = ("entity-developments", {"entity": iri})
    got = r.many(**wanted)
    mentions = got["mentions"]
    curie = compact(iri)
    out = {"iri": iri, "curie": curie, "label": label, "aliases": aliases, "kind": kind,
           "kind_name": KIND_NAMES.get(kind, "Entity"),
           "player_kind": next((row["value"] for row in card if row["field"] == "kind"), None),
           "text": next((row["value"] for row in card if row["field"] == "text"), None),
           "date": next((str(row["value"]) for row in card if row["field"] == "date"), None),
           "generic": any(row["field"] == "generic" and str(row["value"]).lower() in ("true", "1") for row in card),
           "based_in": [{"iri": row["value"], "label": row.get("valueLabel") or row["value"].rsplit("/", 1)[-1],
                         "href": entity_path(row["value"])} for row in card if row["field"] == "basedIn"],
           "report_count": int(mentions[0]["reports"]) if mentions else 0,
           "reports": [{"source": row["source"], "title": row.get("title") or row["source"],
                        "href": report_path(row["source"])} for row in mentions][:50],
           "targets": [], "target_evidence": [], "partners": [], "partner_evidence": [], "technologies": [],
           "technology_evidence": [], "players": [], "developments": []}
    if kind == "player":
        out["targets"] = [{"iri": row["target"], "label": row.get("targetLabel") or row["target"].rsplit("/", 1)[-1],
                           "href": entity_path(row["target"]), "kind": row["kind"], "reports": int(row["reports"]),
                           "statements": _target_statements(iri, row["target"], row["kind"])}
                          for row in got["targets"]]
        names = {t["iri"]: t["label"] for t in out["targets"]}
        out["target_evidence"] = [{"named": [{"iri": t, "label": names.get(t) or _concept_label(t),
                                              "href": entity_path(t)}
                                             for t in sorted((row.get("targets") or "").split())],
                                   **_evidence(row)} for row in got["claims"]]
        out["partners"] = [{"iri": row["partner"], "label": row["partnerName"], "href": entity_path(row["partner"]),
                            "reports": int(row["reports"])} for row in got["partners"]]
        out["technologies"] = [{"iri": row["technology"], "label": row.get("technologyLabel") or row["technology"],
                                "href": entity_path(row["technology"]), "reports": int(row["reports"])}
                               for row in got["technologies"]]
        for row in got["links"]:
            item = {"iri": row["other"], "label": row.get("otherLabel") or row["other"].rsplit("/", 1)[-1],
                    "href": entity_path(row["other"]), **_evidence(row)}
            out["partner_evidence" if row["relation"] == "partner" else "technology_evidence"].append(item)
    elif kind in ("resource", "platform"):
        out["players"] = [{"iri": row["player"], "label": row["name"], "href": entity_path(row["player"]),
                           "reports": int(row["reports"]),
                           "statements": "/query/map-statements?" + urlencode({"player": compact(row["player"]),
                                                                                "concept": curie})}
                          for row in got["players"]]
    elif kind in ("phase", "application"):
        seen: dict[str, dict] = {}
        for row in got["players"]:
            p = seen.setdefault(row["player"], {"iri": row["player"], "label": row["name"],
                                                "href": entity_path(row["player"]), "reports": set(),
                                                "statements": "/query/map-statements?" + urlencode(
                                                    {"player": compact(row["player"]), "concept": curie})})
            p["reports"].add(row["source"])
        out["players"] = sorted(({**p, "reports": len(p["reports"])} for p in seen.values()),
                                key=lambda p: (-p["reports"], p["label"].casefold()))
    elif kind == "technology":
        out["players"] = [{"iri": row["player"], "label": row["name"], "href": entity_path(row["player"]),
                           "reports": int(row["reports"]),
                           "statements": "/query/players-technologies?" + urlencode(
                               {"player": compact(row["player"]), "technology": curie})}
                          for row in got["players"]]
    if kind in ("player", "resource", "platform", "phase", "application", "technology"):
        out["developments"] = _developments(got["developments"])
        param = {"player": "player", "resource": "resource", "platform": "platform"}.get(kind, "topic")
        out["all_developments"] = "/query/developments?" + urlencode({param: curie})
    if kind == "region":
        out["timeline"] = "/timeline?" + urlencode({"region": iri[len(SMR):]})
    elif kind in ("player", "resource", "platform", "technology", "phase", "application"):
        out["timeline"] = "/timeline?" + urlencode({"player": iri[len(SMR):]})
    # the network view links players, concepts and technologies through these facts (never regions)
    connected = any(out[k] for k in ("targets", "partners", "technologies", "developments", "players"))
    out["graph"] = "/graph/entity/" + iri[len(SMR):] if connected and kind != "region" else None
    out["named"] = _named_links(kind, iri)
    return out


def _target_statements(player: str, target: str, kind: str) -> str:
    """The query page listing the sentences behind one of a player's targets."""
    if kind == "resource on platform":
        resource, platform = target[len(SMR + "target/"):].split("/", 1)
        return "/query/players-targeting?" + urlencode({"player": compact(player),
                                                        "resource": "smr:resource/" + resource,
                                                        "platform": "smr:platform/" + platform})
    return "/query/map-statements?" + urlencode({"player": compact(player), "concept": compact(target)})


def _concept_label(iri: str) -> str:
    """A concept's name from its IRI, for the targets of a claim (the summary above has the labels)."""
    return iri.rsplit("/", 1)[-1].replace("-", " ")


def _evidence(row: dict) -> dict:
    return {"sentence": row.get("sentence") or "", "source": row.get("source") or "",
            "source_href": report_path(row.get("source")), "start": row.get("start"), "end": row.get("end")}


def _split(text: str | None) -> list[str]:
    return [t for t in (text or "").split("; ") if t]


def _developments(rows: list[dict]) -> list[dict]:
    out, seen = [], set()
    for row in rows:
        if row["development"] in seen:
            continue
        seen.add(row["development"])
        out.append({"iri": row["development"], "date": str(row["date"]) if row.get("date") else None,
                    "text": row.get("text") or "",
                    "participants": [{"label": p, "href": entity_path(iris.player(p))}
                                     for p in _split(row.get("participants"))],
                    "concerns": _split(row.get("concerns")), **_evidence(row)})
    return out


def _named_links(kind: str | None, iri: str) -> list[dict]:
    """The named queries about this entity, opened in the editor with it filled in."""
    param = {"player": [("players-targeting", "player"), ("collaborations", "player"),
                        ("developments", "player"), ("targets-by-reports", "player")],
             "resource": [("players-targeting", "resource"), ("developments", "resource")],
             "platform": [("players-targeting", "platform"), ("developments", "platform")],
             "technology": [("players-technologies", "technology"), ("developments", "topic")]}.get(kind or "", [])
    return [{"name": name, "href": "/?" + urlencode({"named": name, p: compact(iri)}),
             "query": f"/query/{name}?" + urlencode({p: compact(iri)})} for name, p in param]


def map_content(store, cache: SnapshotCache, dimension: str) -> dict:
    def compute():
        r = Reader(store)
        counts = r.rows("competitive-map-counts", dimension=dimension)
        listed = r.rows("listed-segments", dimension=dimension)
        columns = sorted({row["conceptLabel"] for row in counts} | {row["label"] for row in listed},
                         key=str.casefold)
        cells: dict[str, dict[str, int]] = {}
        for row in counts:
            cells.setdefault(row["name"], {})[row["conceptLabel"]] = int(row["statements"])
        players = sorted(cells, key=lambda p: (-sum(cells[p].values()), p.casefold()))
        top = max((n for c in cells.values() for n in c.values()), default=0)
        concept_iri = {label: iris.concept(CONCEPT_DIMENSION[dimension], label) for label in columns}
        for row in listed:
            concept_iri[row["label"]] = row["concept"]
        rows = []
        for p in players:
            player_iri = iris.player(p)
            row_cells = []
            for c in columns:
                n = cells[p].get(c, 0)
                href = ("/query/map-statements?" + urlencode({"player": compact(player_iri),
                                                               "concept": compact(concept_iri[c])})) if n else None
                row_cells.append({"concept": c, "count": n, "href": href,
                                  "level": 0 if not n else min(5, 1 + int(4 * n / max(top, 1)))})
            rows.append({"player": p, "iri": player_iri, "href": entity_path(player_iri),
                         "total": sum(cells[p].values()), "cells": row_cells})
        return {"dimension": dimension, "dimensions": list(MAP_DIMENSIONS),
                "columns": [{"label": c, "iri": concept_iri[c], "href": entity_path(concept_iri[c])} for c in columns],
                "rows": rows, "max": top}
    return cache.get(store, ("map", dimension), compute)


def _timeline_items(rows: list[dict]) -> list[dict]:
    items: dict[str, dict] = {}
    for row in rows:
        item = items.get(row["item"])
        if item is None:
            when = str(row["when"]) if row.get("when") is not None else None
            item = items[row["item"]] = {
                "iri": row["item"], "kind": row["kindLabel"], "when": when, "year": when[:4] if when else None,
                "what": row["what"], "source": row["source"], "source_href": report_path(row["source"]),
                "region": row.get("regionLabel"), "region_iri": row.get("region"),
                "region_href": entity_path(row.get("region")), "participants": []}
        if row.get("participant") and all(p["iri"] != row["participant"] for p in item["participants"]):
            item["participants"].append({"iri": row["participant"], "label": row["participantName"],
                                         "href": entity_path(row["participant"])})
    for item in items.values():
        item["participants"].sort(key=lambda p: p["label"].casefold())
    # dated items in time order, undated ones last; then by source and item, so the order repeats
    return sorted(items.values(), key=lambda it: (it["when"] is None, it["when"] or "", it["source"], it["iri"]))


def timeline_content(store, cache: SnapshotCache, region: str | None, player: str | None, year: str | None,
                     page: int) -> dict:
    everything = cache.get(store, ("timeline",), lambda: _timeline_items(Reader(store).rows("timeline")))
    region_iri = SMR + region if region else None
    player_iri = SMR + player if player else None
    if player_iri:
        key = ("timeline", "player", player_iri)
        chosen = set(it["iri"] for it in cache.get(
            store, key, lambda: _timeline_items(Reader(store).rows("timeline", player=player_iri))))
        items = [it for it in everything if it["iri"] in chosen]
    else:
        items = everything
    if region_iri:
        items = [it for it in items if it["region_iri"] == region_iri]
    if year:
        items = [it for it in items if it["year"] == year]
    regions = sorted({(it["region_iri"], it["region"]) for it in everything if it["region_iri"]},
                     key=lambda r: (r[1] or "").casefold())
    years = sorted({it["year"] for it in everything if it["year"]})
    counted: dict[str, list] = {}
    for it in everything:
        for p in it["participants"]:
            counted.setdefault(p["iri"], [p["label"], 0])[1] += 1
    most = sorted(counted.items(), key=lambda kv: (-kv[1][1], kv[1][0].casefold()))[:TIMELINE_PLAYERS]
    players = sorted(({"value": k[len(SMR):], "label": v[0]} for k, v in most), key=lambda p: p["label"].casefold())
    start = (page - 1) * TIMELINE_PAGE
    shown = items[start:start + TIMELINE_PAGE]
    player_label = None
    if player_iri:
        player_label = next((p["label"] for it in items for p in it["participants"] if p["iri"] == player_iri),
                            player_iri.rsplit("/", 1)[-1])
    return {"entries": shown, "total": len(items), "page": page, "pages": max(1, -(-len(items) // TIMELINE_PAGE)),
            "undated": sum(1 for it in items if not it["when"]),
            "regions": [{"value": r[len(SMR):], "label": label or r} for r, label in regions],
            "years": years, "players": players, "region": region, "player": player, "player_label": player_label,
            "year": year}


def reports_content(store, cache: SnapshotCache) -> dict:
    def compute():
        rows = Reader(store).rows("report-info")
        return {"reports": [_report_row(row) for row in rows]}
    return cache.get(store, ("reports",), compute)


def _report_row(row: dict) -> dict:
    return {"iri": row["report"], "source": row["source"], "href": report_path(row["source"]),
            "title": row.get("title") or row["source"], "region": row.get("region"),
            "period": f"{row['from']}–{row['to']}" if row.get("from") and row.get("to") else None,
            "updated": str(row["updated"]) if row.get("updated") else None, "publisher": row.get("publisher"),
            "questions": [q for q in (row.get("questions") or "").split(" | ") if q]}


def report_content(store, source: str) -> dict | None:
    r = Reader(store)
    report_iri = iris.report(source)
    info = r.rows("report-info", report=report_iri)
    if not info:
        return None
    out = _report_row(info[0])
    statements: dict[str, dict] = {}
    for row in r.rows("report-statements-of", report=report_iri):
        st = statements.get(row["statement"])
        if st is None:
            st = statements[row["statement"]] = {"kind": row["kindLabel"], "heading": row.get("heading"),
                                                 "text": row["text"], "about": []}
        if row.get("about") and all(a["iri"] != row["about"] for a in st["about"]):
            st["about"].append({"iri": row["about"], "label": row.get("aboutLabel") or row["about"].rsplit("/", 1)[-1],
                                "href": entity_path(row["about"])})
    groups: dict[str, list] = {}
    for st in statements.values():
        groups.setdefault(st["kind"], []).append(st)
    out["statements"] = [{"kind": k, "entries": v} for k, v in groups.items()]
    out["players"] = [{"iri": row["player"], "label": row["name"], "kind": row.get("kind"),
                       "href": entity_path(row["player"])} for row in r.rows("report-players", report=report_iri)]
    return out


def market_content(store, cache: SnapshotCache, year: int | None) -> dict:
    """Every publisher's estimate of each market, projected to one year, the spread, and the
    estimates whose base, forecast and CAGR do not agree (what `spacekg market` prints)."""
    from ..queries import market as mk

    def compute():
        comparison, check = mk.compare(store, year), mk.check(store)
        usd = mk.money
        markets = [{"market": m.market, "region": m.region, "year": m.year, "summary": m.summary,
                    "spread": {"min": usd(m.minimum), "median": usd(m.median), "max": usd(m.maximum),
                               "ratio": round(m.ratio, 2) if m.ratio else None},
                    "estimates": [{"estimate": p.estimate, "value": usd(p.value), "how": p.how,
                                   "outside_window": p.outside_window, "rate": p.rate, "window": p.window,
                                   "source": p.source, "href": report_path(p.source), "sentence": p.sentence}
                                  for p in m.projections]}
                   for m in comparison.markets]
        findings = [{"message": f.message, "consistent": f.consistent, "kind": f.kind, "source": f.source,
                     "href": report_path(f.source), "sentence": f.evidence} for f in check.findings]
        return {"year": year, "markets": markets, "summary": check.summary,
                "inconsistent": [f for f in findings if not f["consistent"]],
                "consistent": [f for f in findings if f["consistent"]]}
    return cache.get(store, ("market", year), compute)


def results_content(results, show_iris: bool = False) -> dict:
    """A SELECT answer as a table whose labels link to entity pages; IRI columns that a label column
    names are hidden unless `show_iris` (and the label links to the IRI's page)."""
    if results.kind == "ask":
        return {"kind": "ask", "boolean": bool(results.boolean)}
    if results.kind != "select":
        return {"kind": "graph", "text": results.raw.decode("utf-8", "replace")}
    variables = list(results.variables)
    records = results.records()
    labelled = label_columns(variables, records)
    hidden = set() if show_iris else hidden_columns(variables, records, labelled)
    columns = [v for v in variables if v not in hidden]
    label_of = {label: iri_var for iri_var, label in labelled.items()}
    rows = []
    for rec in records:
        cells = []
        for v in columns:
            value = rec.get(v)
            text = "" if value is None else str(value)
            href = None
            if v in label_of:
                href = entity_path(rec.get(label_of[v]))
            elif isinstance(value, str) and value.startswith(SMR):
                href = entity_path(value)
                text = compact(value)
            elif v == "source" and value:
                href = report_path(text)
            cells.append({"text": text, "href": href})
        rows.append(cells)
    return {"kind": "select", "columns": [{"name": v, "prose": v in PROSE} for v in columns], "rows": rows,
            "count": len(rows), "hidden": sorted(hidden)}


def hidden_columns(variables: list[str], records: list[dict], labelled: dict[str, str]) -> set[str]:
    """What a table leaves out until IRIs are asked for: IRI columns (a labelled one shows as its
    link; an unlabelled one, such as a claim, is an identifier) and columns with no value at all,
    as long as something is left to show."""
    empty = {v for v in variables if all(r.get(v) in (None, "") for r in records)}
    iri_only = {v for v in variables if v not in empty
                and all(isinstance(r.get(v), str) and r[v].startswith(("http://", "https://"))
                        for r in records if r.get(v) is not None)}
    hidden = empty | iri_only | set(labelled)
    if len(hidden) < len(variables):
        return hidden
    fewer = set(labelled) | empty
    return fewer if len(fewer) < len(variables) else set()


def label_columns(variables: list[str], records: list[dict]) -> dict[str, str]:
    """{IRI column: label column} for the columns that hold IRIs and have a label beside them:
    `xLabel` or `xName` for column `x`; the plain `name`, `label` or `title` for an entity column
    (player first), never for a claim, evidence or development column."""
    iri_columns = []
    for v in variables:
        values = [r.get(v) for r in records if r.get(v) is not None]
        if values and all(isinstance(x, str) and x.startswith(("http://", "https://")) for x in values):
            iri_columns.append(v)
    out: dict[str, str] = {}
    for v in iri_columns:
        for candidate in (f"{v}Label", f"{v}Name"):
            if candidate in variables and candidate not in out.values():
                out[v] = candidate
                break
    generic = [c for c in ("name", "label", "title") if c in variables]
    for v in sorted((v for v in iri_columns if v not in out and v in ENTITY_COLUMNS),
                    key=lambda v: (v != "player", variables.index(v))):
        free = [c for c in generic if c not in out.values()]
        if free:
            out[v] = free[0]
    return out


# ---------------------------------------------------------------- HTTP

def neighbourhood(graph, node: str, limit: int = NEIGHBOURS):
    """The node and its neighbours, at most `limit` of them: those with the most evidence behind
    their edge first, then the best connected (a player named in hundreds of reports has thousands
    of neighbours, too many to lay out for a page or to read)."""
    neighbours = sorted(graph.neighbors(node), key=lambda n: (-graph.edges[node, n].get("weight", 1),
                                                               -graph.degree(n), n))
    part = graph.subgraph([node, *neighbours[:limit]]).copy()
    for _, _, d in part.edges(data=True):           # the page lists a few sentences per edge, not hundreds
        d["evidence"] = d.get("evidence", [])[:EDGE_SENTENCES]
    return part


def wants_json(request: Request) -> bool:
    fmt = (request.query_params.get("format") or "").lower()
    if fmt:
        return fmt == "json"
    ranges = negotiate.parse_accept(request.headers.get("accept") or "text/html")
    return negotiate._quality("application/json", ranges) > negotiate._quality("text/html", ranges)


def wants_html(request: Request) -> bool:
    """For /query/NAME: HTML only when asked (?format=html) or when the browser prefers it to every
    results format (a browser sends text/html first; a SPARQL client never lists it)."""
    fmt = (request.query_params.get("format") or "").lower()
    if fmt:
        return fmt == "html"
    ranges = negotiate.parse_accept(request.headers.get("accept") or "*/*")
    html_q = max((q for rng, q, s in ranges if rng == "text/html"), default=0.0)
    best_other = max(negotiate._quality(m, ranges) for m in negotiate.TABULAR)
    return html_q > 0 and html_q >= best_other and any(rng == "text/html" for rng, _, _ in ranges)


def _json_default(value):
    return str(value)


class Pages:
    """The routes of the workspace, sharing the app's Service (store, limiter, time limit)."""

    def __init__(self, service: Service):
        self.service = service
        self.cache = SnapshotCache()
        self.env = Environment(loader=PackageLoader("spacekg.server", "templates"), autoescape=select_autoescape(),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.filters["compact"] = compact
        self.env.globals["entity_path"] = entity_path
        self._graph_lock = threading.Lock()

    def render(self, request: Request, template: str, content: dict, status: int = 200, **extra) -> Response:
        if wants_json(request):
            return JSONResponse(json.loads(json.dumps(content, default=_json_default)), status_code=status,
                                headers={"Vary": "Accept"})
        html = self.env.get_template(template).render(content=content, path=request.url.path, **extra)
        return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": PAGE_POLICY,
                                                               "Vary": "Accept"})

    async def call(self, fn, *args):
        """The workspace's own queries (named, cached per build) run on the page threads, never
        behind the query slots: a page stays responsive while users' slow queries run."""
        return await self.service.page_call(fn, *args)

    # ---- pages

    async def front(self, request: Request) -> Response:
        from ..queries.library import named_queries
        self.service.check_url(request)
        content = await self.call(front_content, self.service.store, self.cache)
        queries = named_queries()
        chosen = request.query_params.get("named") or ""
        if chosen and chosen not in queries:
            raise HTTPProblem(404, f"no named query '{chosen}'")
        filled = {k: v for k, v in request.query_params.items() if k != "named"}
        editor = {"named": chosen, "text": queries[chosen].text if chosen else None,
                  "params": [{"name": n, "description": d, "value": filled.get(n, "")}
                             for n, d in (queries[chosen].params.items() if chosen else [])]}
        listing = [{"name": q.name, "summary": q.summary, "text": q.text, "params": list(q.params.items())}
                   for q in queries.values()]
        return self.render(request, "front.html", content, queries=listing, editor=editor,
                           timeout=self.service.timeout, has_ask=self.service.ask is not None,
                           has_graph=self.service.graph_page is not None)

    async def entity(self, request: Request) -> Response:
        path = request.path_params["path"].strip("/")
        if not path or not re.fullmatch(r"[A-Za-z0-9._~%/-]+", path):
            raise HTTPProblem(404, f"no entity at /entity/{path}")
        content = await self.call(entity_content, self.service.store, SMR + path)
        if content is None:
            joined = await self.call(joined_into, self.service.store, SMR + path)
            if joined:                       # an acronym joined to the player it names (graph/aliases.py)
                return RedirectResponse(entity_path(joined), status_code=301)
            raise HTTPProblem(404, f"nothing in the store is smr:{path}")
        return self.render(request, "entity.html", content)

    async def competitive_map(self, request: Request) -> Response:
        dimension = request.query_params.get("dimension") or "resource"
        if dimension not in MAP_DIMENSIONS:
            raise HTTPProblem(400, f"unknown dimension '{dimension}' (choose from {', '.join(MAP_DIMENSIONS)})")
        content = await self.call(map_content, self.service.store, self.cache, dimension)
        return self.render(request, "map.html", content)

    async def timeline(self, request: Request) -> Response:
        q = request.query_params
        year = q.get("year") or None
        if year and not re.fullmatch(r"\d{4}", year):
            raise HTTPProblem(400, f"year must be four digits, not '{year}'")
        try:
            page = max(1, int(q.get("page") or 1))
        except ValueError:
            raise HTTPProblem(400, "page must be a number") from None
        content = await self.call(timeline_content, self.service.store, self.cache, q.get("region") or None,
                                  q.get("player") or None, year, page)
        return self.render(request, "timeline.html", content)

    async def market(self, request: Request) -> Response:
        year = request.query_params.get("year") or None
        if year and not re.fullmatch(r"\d{4}", year):
            raise HTTPProblem(400, f"year must be four digits, not '{year}'")
        content = await self.call(market_content, self.service.store, self.cache, int(year) if year else None)
        return self.render(request, "market.html", content)

    async def reports(self, request: Request) -> Response:
        content = await self.call(reports_content, self.service.store, self.cache)
        return self.render(request, "reports.html", content)

    async def report(self, request: Request) -> Response:
        source = request.path_params["source"]
        content = await self.call(report_content, self.service.store, source)
        if content is None:
            raise HTTPProblem(404, f"no report '{source}' in the store")
        return self.render(request, "report.html", content)

    async def entity_graph(self, request: Request) -> Response:
        path = request.path_params["path"].strip("/")
        html = await self.call(self._entity_graph, SMR + path)
        return HTMLResponse(html)

    def _entity_graph(self, iri: str) -> str:
        from ..errors import VizError
        from ..queries.network import project, view
        from ..viz.html import render
        store = self.service.store
        whole = self.cache.get(store, ("network",), lambda: project(store))
        if iri not in whole:
            raise HTTPProblem(404, f"smr:{iri[len(SMR):]} is not in the network view")
        try:
            part = view(neighbourhood(whole, iri), focus=iri, depth=1)
        except VizError as e:
            raise HTTPProblem(404, str(e)) from None
        shown = part.number_of_nodes() - 1
        everyone = whole.degree(iri)
        title = f"{whole.nodes[iri]['label']}: neighbourhood" + (
            f" (the {shown} closest of {everyone} neighbours)" if shown < everyone else "")
        return render(part, title=title)

    def query_page(self, data_route):
        """/query/NAME: the app's SPARQL answer, or an HTML table when a browser asks for one."""
        async def route(request: Request) -> Response:
            if not wants_html(request):
                return await data_route(request)
            from ..queries.library import named_queries, run_named
            self.service.check_url(request)
            name = request.path_params["name"]
            queries = named_queries()
            if name not in queries:
                raise HTTPProblem(404, f"no named query '{name}'")
            params = {k: v for k, v in request.query_params.items() if k not in ("format", "iris") and v != ""}
            service = self.service
            results = await self.call(lambda: run_named(service.store, name, timeout=service.timeout, **params))
            show_iris = request.query_params.get("iris") == "1"
            content = results_content(results, show_iris)
            toggle = dict(request.query_params)
            toggle.pop("format", None)
            if show_iris:
                toggle.pop("iris", None)
            else:
                toggle["iris"] = "1"
            data_link = "?" + urlencode({**params, "format": "json"})
            html = self.env.get_template("results.html").render(
                content=content, query=queries[name], params=params, show_iris=show_iris,
                toggle="?" + urlencode(toggle), data_link=data_link,
                csv_link="?" + urlencode({**params, "format": "csv"}),
                editor="/?" + urlencode({"named": name, **params}), path=request.url.path)
            return HTMLResponse(html, headers={"Content-Security-Policy": PAGE_POLICY, "Vary": "Accept"})
        return route

    def routes(self) -> list[Route]:
        return [Route("/", self.front),
                Route("/entity/{path:path}", self.entity),
                Route("/map", self.competitive_map),
                Route("/timeline", self.timeline),
                Route("/market", self.market),
                Route("/reports", self.reports),
                Route("/reports/{source}", self.report),
                Route("/graph/entity/{path:path}", self.entity_graph)]
