"""Whole-store summaries: the rows of the queries that read every report, kept once per build.

"Who partners with whom", "what happened in 2029", "the latest developments", "what is the CAGR",
"which players appear in the most reports" and "who got funding" each run a named query over every
report of the store: 0.3-2 s on a thousand reports (1.9M triples), whatever part of the answer is
shown. Their rows do not change until the store does, and a store changes only by a build or a
remove, which makes a new snapshot (graph/store.py). So the rows are computed once per snapshot,
by the very same named queries, and kept beside it in an SQLite file:

    STORE/cache/summaries-<snapshot>-<inode>-<mtime>-<version>.sqlite

with one table of rows in each query's own order, and the columns a question filters on (a
development's year, a figure's metric) indexed. A question then reads its rows with SQL in
milliseconds; the answer is the one the query gives, row for row (tests/test_ask_summaries.py
compares them). `spacekg build` and `spacekg remove` fill the file for the snapshot they make
(`summarise`); a store that has none yet fills it query by query, the first time each is asked.
A new snapshot has a new file name, and the old files are removed: a summary can never be older
than the store it answers for.

Only a local store keeps summaries: through `--endpoint` the server runs the queries, as before.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .library import get
from .names import snapshot_cache_file

VERSION = 1                      # of the file's layout; the queries' texts are part of the key too


@dataclass(frozen=True)
class Summarised:
    """A named query whose rows are kept, and how a bound parameter selects among them."""
    name: str
    select: Callable[[dict], tuple[str, tuple, dict]] | None = None   # params -> (SQL condition, args, columns set)
    params: frozenset[str] = frozenset()       # the parameters `select` understands (others: run the query)
    keys: frozenset[str] = frozenset()         # parameters whose value picks rows kept apart (a topic)
    year: str | None = None                    # the column a row's year is read from
    kind: str | None = None                    # the column kept as a filter


def _years(params: dict) -> tuple[str, tuple, dict]:
    lo, hi = _value(params.get("from")), _value(params.get("to"))
    conditions, args = [], []
    if lo is not None or hi is not None:
        conditions.append("year IS NOT NULL")
    if lo is not None:
        conditions.append("year >= ?")
        args.append(int(lo))
    if hi is not None:
        conditions.append("year <= ?")
        args.append(int(hi))
    return " AND ".join(conditions), tuple(args), {"from": _plain(lo), "to": _plain(hi)}


def _metric(params: dict) -> tuple[str, tuple, dict]:
    metric = _value(params.get("metric"))
    if metric is None:
        return "", (), {}
    return "kind = ?", (str(metric),), {"metric": str(metric)}


FUNDING_TOPIC = "Investment & Funding"       # a topic of the vocabulary: "who got funding" (ask.funding)

QUERIES = {q.name: q for q in [
    Summarised("partners-by-reports"),
    Summarised("counterparties"),
    Summarised("players-by-reports"),
    Summarised("expected-dates"),
    Summarised("latest-development-date"),
    Summarised("developments-dated", _years, frozenset({"from", "to"}), year="date"),
    Summarised("market-figures", _metric, frozenset({"metric"}), kind="kind"),
    Summarised("developments", keys=frozenset({"topic"})),
]}


def _warm() -> list[tuple[str, dict]]:
    """What a build computes at once: every summarised query (with no key bound, when it has
    none) and the developments about funding."""
    from ..graph import iri

    return [(q.name, {}) for q in QUERIES.values() if not q.keys] + \
        [("developments", {"topic": iri.concept("topic", FUNDING_TOPIC)})]


def _key(q: Summarised, params: dict) -> tuple[str, dict]:
    """The name the rows are kept under, and the parameters they are computed with."""
    bound = {k: params[k] for k in sorted(q.keys) if params.get(k) is not None}
    if not bound:
        return q.name, {}
    return q.name + "?" + "&".join(f"{k}={_value(v)}" for k, v in bound.items()), bound


def _value(term: object) -> object:
    """A bound parameter's value (a pyoxigraph Literal, or a plain value)."""
    return getattr(term, "value", term)


def _plain(value: object) -> object:
    return None if value is None else int(value)


def _year(value: object) -> int | None:
    """The year of a date as developments-dated computes it: the first four characters as an integer."""
    text = str(value)[:4] if value is not None else ""
    return int(text) if text.isdigit() and len(text) == 4 else None


def _version() -> str:
    """The layout's version and the texts of the summarised queries: a changed query is a new file."""
    digest = hashlib.sha1(str(VERSION).encode())
    for name in sorted(QUERIES):
        digest.update(get(name).text.encode())
    return digest.hexdigest()[:12]


def cache_file(source) -> Path | None:
    """The summaries file of a local store's current snapshot; None for anything else (an endpoint)."""
    return snapshot_cache_file(source, "summaries", _version(), "sqlite")


class Summaries:
    """The summaries of one snapshot. `rows(name, params, run)` answers from the file, running the
    query and keeping its rows first when the file does not have them yet."""

    def __init__(self, path: Path):
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._done: set[str] | None = None

    @classmethod
    def of(cls, source) -> Summaries | None:
        path = cache_file(source)
        return cls(path) if path is not None else None

    @staticmethod
    def answers(name: str, params: dict) -> bool:
        """Whether the summaries hold the rows of `name` with these parameters bound."""
        q = QUERIES.get(name)
        bound = {k for k, v in params.items() if v is not None}
        return q is not None and bound <= q.params | q.keys and (not q.keys or bool(bound & q.keys))

    def rows(self, name: str, params: dict, run: Callable[..., list[dict]]) -> list[dict] | None:
        """The rows of `name` with `params` bound, or None when the file cannot be read or written
        (a store on a read-only disk simply goes without summaries). `run(name, **keys)` gives the
        query's rows over the whole store, when the file does not have them yet."""
        q = QUERIES[name]
        kept_as, keys = _key(q, params)
        try:
            if kept_as not in self._kept():
                self._keep(q, kept_as, run(name, **keys))
            where, args, columns = q.select(params) if q.select else ("", (), {})
            sql = f"SELECT data FROM rows WHERE query = ?{' AND ' + where if where else ''} ORDER BY pos"
            # one JSON array decoded at once: a thousand reports' partnerships are 12,000 rows
            out = json.loads("[" + ",".join(d for d, in self._connect().execute(sql, (kept_as, *args))) + "]")
        except (sqlite3.Error, OSError, ValueError):
            return None
        if columns:
            for row in out:
                row.update(columns)
        return out

    def fill(self, run: Callable[..., list[dict]]) -> None:
        """Compute what a build warms that the file does not have yet (`run(name, **keys)`: the rows)."""
        for name, params in _warm():
            q = QUERIES[name]
            kept_as, keys = _key(q, params)
            if kept_as not in self._kept():
                self._keep(q, kept_as, run(name, **keys))

    # ---------------------------------------------------------------- the file

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(exist_ok=True)
            fresh = not self.path.exists()
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._db.executescript("""
                CREATE TABLE IF NOT EXISTS kept (query TEXT PRIMARY KEY, rows INTEGER);
                CREATE TABLE IF NOT EXISTS rows (query TEXT, pos INTEGER, year INTEGER, kind TEXT, data TEXT,
                                                 PRIMARY KEY (query, pos));
                CREATE INDEX IF NOT EXISTS rows_year ON rows (query, year, pos);
                CREATE INDEX IF NOT EXISTS rows_kind ON rows (query, kind, pos);
            """)
            if fresh:
                _remove_others(self.path)
        return self._db

    def _kept(self) -> set[str]:
        if self._done is None:
            self._done = {q for q, in self._connect().execute("SELECT query FROM kept")}
        return self._done

    def _keep(self, q: Summarised, name: str, rows: list[dict]) -> None:
        """Store the rows of `q` under `name` in one transaction (readers see all or nothing)."""
        db = self._connect()
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("SELECT 1 FROM kept WHERE query = ?", (name,)).fetchone() is None:
                db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?)",
                               ((name, i, _year(r.get(q.year)) if q.year else None,
                                 str(r.get(q.kind)) if q.kind and r.get(q.kind) is not None else None,
                                 json.dumps(r, ensure_ascii=False)) for i, r in enumerate(rows)))
                db.execute("INSERT INTO kept VALUES (?, ?)", (name, len(rows)))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._kept().add(name)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _remove_others(path: Path) -> None:
    """Remove the summaries of snapshots that are gone, and of this snapshot under an older version
    (a reader may still be on the previous snapshot: its file stays until the snapshot goes)."""
    snapshots = path.parent.parent / "snapshots"
    this = path.name.split("-")[1]
    for old in path.parent.glob("summaries-*.sqlite*"):
        name = old.name.split("-")[1] if old.name.count("-") >= 1 else ""
        if old.name.startswith(path.name) or (name != this and (snapshots / name).is_dir()):
            continue
        try:
            old.unlink()
        except OSError:
            pass


def summarise(store) -> Path | None:
    """Compute the summaries of a local store's current snapshot (after a build or a remove), so
    that the first question is as fast as the next. Returns the file, or None when there is none."""
    from .access import Reader

    summaries = Summaries.of(store)
    if summaries is None:
        return None
    reader = Reader(store)
    try:
        summaries.fill(reader.rows)
    except (sqlite3.Error, OSError):
        return None
    finally:
        summaries.close()
    return summaries.path
