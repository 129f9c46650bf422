"""`spacekg players`: every player with what it targets and develops, filtered by resource,
platform or technology (names resolved like `spacekg ask` resolves them).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..errors import QuestionError
from ..graph import iri
from .access import Reader
from .names import Entity, Names

COLUMNS = ["player", "kind", "resources", "platforms", "technologies", "claims", "reports", "sources"]


@dataclass
class PlayersTable:
    understood: str
    columns: list[str]
    rows: list[list[object]]


def players_table(store, resource: str | None = None, platform: str | None = None,
                  technology: str | None = None, sort: str = "name", timeout: float | None = None) -> PlayersTable:
    """The players table; `store` is anything with `.query(sparql, substitutions=, timeout=)`.

    `reports` is the number of reports that mention a player; sort="reports" puts the most
    mentioned first (sort="name", the default, orders by name).
    """
    reader = Reader(store, timeout)
    names = Names.load(reader) if (resource or platform or technology) else None
    res = _one(names, resource, "resource")
    plat = _one(names, platform, "platform")
    techs = _technologies(names, technology)

    keep: set[str] | None = None
    if res or plat:
        target = iri.target(res.iri, plat.iri) if res and plat else (res or plat).iri
        keep = {r["player"] for r in reader.rows("targets-by-reports", target=target)}
    if techs:
        using = {r["player"] for t in techs for r in reader.rows("technologies-by-reports", technology=t.iri)}
        keep = using if keep is None else keep & using

    targets: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"resources": [], "platforms": []})
    for r in reader.rows("targets-by-reports"):                 # most reported first
        column = {"resource": "resources", "platform": "platforms"}.get(r["kind"])
        if column:
            targets[r["player"]][column].append(r["targetLabel"])
    developed: dict[str, list[str]] = defaultdict(list)
    for r in reader.rows("technologies-by-reports"):           # most reported first
        developed[r["player"]].append(r["technologyLabel"])

    reports = {r["player"]: r["reports"] for r in reader.rows("players-by-reports")}
    rows = []
    for p in _one_label_each(reader.rows("players")):
        if keep is not None and p["player"] not in keep:
            continue
        t = targets.get(p["player"], {"resources": [], "platforms": []})
        rows.append([p["name"], p.get("kind") or "", "; ".join(t["resources"]), "; ".join(t["platforms"]),
                     "; ".join(developed.get(p["player"], [])), p.get("claims") or 0,
                     reports.get(p["player"], 0), p.get("sources") or ""])
    if sort == "reports":
        rows.sort(key=lambda row: -row[COLUMNS.index("reports")])     # stable: ties stay in name order
    return PlayersTable(_describe(res, plat, techs), COLUMNS, rows)


def _one_label_each(rows: list[dict]) -> list[dict]:
    """One row per player node: reports that spell a name in two cases ("Tarn School Of Mines",
    "... of Mines") give one node two labels; the first in code-point order names it, as in the
    question index (names.Names). The rows keep the query's order."""
    first: dict[str, dict] = {}
    for r in rows:
        if r["player"] not in first or r["name"] < first[r["player"]]["name"]:
            first[r["player"]] = r
    return [r for r in rows if first[r["player"]] is r]


def _one(names: Names | None, text: str | None, kind: str) -> Entity | None:
    if not text:
        return None
    e = names.one(text, (kind,))
    if e is None:
        raise QuestionError(_unknown(names, text, kind))
    return e


def _technologies(names: Names | None, text: str | None) -> list[Entity]:
    if not text:
        return []
    found = list(dict.fromkeys([m.entity for m in names.find(text, ("technology",))]
                               + names.containing(text, "technology")))
    if not found:
        raise QuestionError(_unknown(names, text, "technology"))
    return found


def _unknown(names: Names, text: str, kind: str) -> str:
    close = names.suggest(text, (kind,))
    known = [e.label for e in names.of_kind(kind)]
    hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(known) or 'none'}"
    return f"no {kind} in the store matches '{text}' ({hint})"


def _describe(res: Entity | None, plat: Entity | None, techs: list[Entity]) -> str:
    parts = []
    if res or plat:
        parts.append("targeting " + " on ".join(e.label for e in (res, plat) if e))
    if techs:
        parts.append("using " + " or ".join(t.label for t in techs))
    return "players " + " and ".join(parts) if parts else "players"


ALIAS_COLUMNS = ["acronym", "player", "status", "defined in", "joined in", "rule", "sentence"]


def alias_table(store, timeout: float | None = None) -> PlayersTable:
    """`spacekg players --aliases`: the acronyms reports define, and where the store joined a bare
    acronym to the player it names (status "joined"), or did not because reports define it
    differently ("not joined: ..."), or found it nowhere alone ("defined only")."""
    rows = []
    for r in Reader(store, timeout).rows("aliases"):
        if r["status"] == "conflict":
            status = "not joined: defined differently elsewhere"
        else:
            status = "joined" if r.get("joinedIn") else "defined only"
        rows.append([r["acronym"], r["name"], status, r["definedIn"], r.get("joinedIn") or "", r["rule"],
                     " ".join(str(r["sentence"]).split())])
    return PlayersTable("acronyms defined in the reports", ALIAS_COLUMNS, rows)
