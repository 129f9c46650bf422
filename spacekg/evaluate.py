"""Scoring extraction against gold annotations: precision, recall and F1 per category.

A gold file is a JSON object in the schema of tests/gold/seed.json: `doc` (the document's file
name), `players` (name, aliases, kind, `generic`), `targets` (player, resource and/or platform,
`inferred`), `collaborations` (pairs), `technologies` (player, technology) and `market`.

The rules are those of the team scorer (shared/tools/score.py), so that both give the same
numbers on the same inputs:
- names are compared after case folding, '&' -> 'and', punctuation dropped and legal suffixes
  ("Inc", "Ltd", "Corporation" ...) removed; any alias of a gold player counts as that player;
- generic players ("a consortium in China") and inferred targets are optional: found, they
  count as right; missed, they cost nothing;
- technologies match on word overlap (Jaccard >= 0.34) for the same player;
- market sizes compare on value rounded to 3 significant digits and year; CAGRs on percent and
  period.

`evaluate(path)` scores one gold file or every gold file in a folder, reading each document
from beside its gold file (or from `docs`), and sums the counts over documents (micro average).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

CATEGORIES = ("players", "targets", "collaborations", "technologies", "market")
# The team scorer's name normalisation: words dropped before names are compared.
SUFFIXES = {"inc", "ltd", "llc", "corp", "corporation", "co", "company", "plc", "gmbh", "sa",
            "ag", "limited", "the", "technologies", "technology"}
TECH_STOPWORDS = {"the", "a", "of", "and", "for", "systems", "system"}
TECH_OVERLAP = 0.34


# ---------------------------------------------------------------- counts

@dataclass
class Score:
    """Counts for one category; precision/recall/F1 follow from them."""
    tp: int = 0
    pred: int = 0
    gold: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def p(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.pred + other.pred, self.gold + other.gold,
                     self.missing + other.missing, self.extra + other.extra)

    def to_json(self, details: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"p": round(self.p, 3), "r": round(self.r, 3), "f1": round(self.f1, 3),
                               "tp": self.tp, "pred": self.pred, "gold": self.gold}
        if details:
            out["missing"] = self.missing
            out["extra"] = self.extra
        return out


def total(scores: dict[str, Score]) -> Score:
    """All categories together (micro average)."""
    out = Score()
    for s in scores.values():
        out = out + Score(s.tp, s.pred, s.gold)
    return out


# ---------------------------------------------------------------- normalisation

def norm(name: str) -> str:
    words = re.sub(r"[^\w\s+-]", " ", name.casefold().replace("&", " and ")).split()
    kept = [w for w in words if w not in SUFFIXES]
    return " ".join(kept or words)


class Names:
    """Maps any surface form of a gold player (name or alias) to that player's key."""

    def __init__(self, gold_players: list[dict]):
        self.key: dict[str, str] = {}
        for p in gold_players:
            canon = norm(p["name"])
            for n in [p["name"], *p.get("aliases", [])]:
                self.key[norm(n)] = canon

    def __call__(self, name: str) -> str:
        n = norm(name)
        return self.key.get(n, n)


def _values(v) -> list:
    return v if isinstance(v, list) else [v]


def target_pairs(targets: list[dict], key: Names) -> set[tuple[str, str, str]]:
    """(player, "resource"|"platform", value) for every value a target names."""
    out = set()
    for t in targets:
        who = key(t["player"])
        for kind in ("resource", "platform"):
            for item in _values(t.get(kind)):
                if item:
                    out.add((who, kind, str(item).casefold()))
    return out


def market_items(items: list[dict]) -> set[tuple]:
    out: set[tuple] = set()
    for m in items:
        if m.get("metric") == "market_size" and m.get("value_usd") is not None and m.get("year") is not None:
            out.add(("market_size", int(m["year"]), float(f"{float(m['value_usd']):.3g}")))
        elif m.get("metric") == "cagr" and m.get("percent") is not None:
            out.add(("cagr", m.get("from"), m.get("to"), round(float(m["percent"]), 2)))
    return out


# ---------------------------------------------------------------- matching

def set_score(pred: set, gold: set, optional: set = frozenset()) -> Score:
    """Exact matches; optional gold items count when found and cost nothing when missed."""
    gold = gold | (pred & optional)
    return Score(len(pred & gold), len(pred), len(gold),
                 sorted(map(_show, gold - pred)), sorted(map(_show, pred - gold)))


def _show(item) -> str:
    if isinstance(item, frozenset):
        return " + ".join(sorted(item))
    if isinstance(item, tuple):
        return " / ".join(str(x) for x in item)
    return str(item)


def _tech_words(s: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", s.casefold())) - TECH_STOPWORDS


def tech_score(pred: list[dict], gold: list[dict], key: Names) -> Score:
    """(player, technology) pairs; a predicted technology matches an unused gold one of the same
    player when their words overlap enough."""
    g = [(key(t["player"]), _tech_words(t["technology"]), t["technology"]) for t in gold]
    p = [(key(t["player"]), _tech_words(t["technology"]), t["technology"]) for t in pred]
    used: set[int] = set()
    extra = []
    for who, words, text in p:
        for i, (gwho, gwords, _) in enumerate(g):
            if i not in used and who == gwho and words and gwords and \
                    len(words & gwords) / len(words | gwords) >= TECH_OVERLAP:
                used.add(i)
                break
        else:
            extra.append(f"{who} / {text}")
    missing = [f"{who} / {text}" for i, (who, _, text) in enumerate(g) if i not in used]
    return Score(len(used), len(p), len(g), sorted(missing), sorted(extra))


def score(pred: dict, gold: dict) -> dict[str, Score]:
    """Score one extraction JSON (see README.md, "The extraction JSON") against one gold JSON."""
    key = Names(gold.get("players", []))
    generic = {key(p["name"]) for p in gold.get("players", []) if p.get("generic")}
    gold_players = {key(p["name"]) for p in gold.get("players", [])} - generic
    gold_targets = [t for t in gold.get("targets", []) if key(t["player"]) not in generic]
    hard_t = target_pairs([t for t in gold_targets if not t.get("inferred")], key)
    pred_t = target_pairs(pred.get("targets", []), key)
    soft_t = target_pairs([t for t in gold_targets if t.get("inferred")], key) | \
        {x for x in pred_t if x[0] in generic}
    pairs = [c for c in gold.get("collaborations", []) if len(c) == 2]
    hard_c = {frozenset(map(key, c)) for c in pairs if not set(map(key, c)) & generic}
    soft_c = {frozenset(map(key, c)) for c in pairs if set(map(key, c)) & generic}
    pred_c = {frozenset(map(key, c)) for c in pred.get("collaborations", []) if len(c) == 2}
    return {
        "players": set_score({key(p["name"]) for p in pred.get("players", [])}, gold_players, generic),
        "targets": set_score(pred_t, hard_t, soft_t),
        "collaborations": set_score(pred_c, hard_c, soft_c),
        "technologies": tech_score([t for t in pred.get("technologies", []) if key(t["player"]) not in generic],
                                   [t for t in gold.get("technologies", []) if key(t["player"]) not in generic],
                                   key),
        "market": set_score(market_items(pred.get("market", [])), market_items(gold.get("market", []))),
    }


# ---------------------------------------------------------------- gold files and documents

@dataclass
class DocumentScore:
    gold_path: Path
    doc_path: Path
    scores: dict[str, Score]


@dataclass
class Evaluation:
    documents: list[DocumentScore]

    @property
    def scores(self) -> dict[str, Score]:
        """Each category's counts summed over the documents."""
        out = {c: Score() for c in CATEGORIES}
        for d in self.documents:
            for c in CATEGORIES:
                out[c] = out[c] + d.scores[c]
        return out

    @property
    def overall(self) -> Score:
        return total(self.scores)

    def to_json(self, details: bool = False) -> dict[str, Any]:
        return {
            "documents": [{"doc": d.doc_path.name, "gold": str(d.gold_path),
                           **{c: s.to_json(details) for c, s in d.scores.items()},
                           "overall": total(d.scores).to_json(False)} for d in self.documents],
            **{c: s.to_json(False) for c, s in self.scores.items()},
            "overall": self.overall.to_json(False),
        }


def load_gold(path: Path) -> dict:
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as e:
        raise InputError(str(path), f"cannot read: {e.strerror or e}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(str(path), f"not valid JSON ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("doc"), str):
        raise InputError(str(path), "not a gold file (a JSON object with a \"doc\" field)")
    return data


def gold_files(path: Path) -> list[Path]:
    """The gold file itself, or every JSON file with a "doc" field in a folder (recursively)."""
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    if path.is_file():
        return [path]
    found = []
    for p in sorted(path.rglob("*.json")):
        try:
            data = json.loads(p.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("doc"), str):
            found.append(p)
    if not found:
        raise InputError(str(path), "no gold files (JSON objects with a \"doc\" field) in this folder")
    return found


def find_document(gold_path: Path, name: str, docs: Path | None = None) -> Path:
    """The document a gold file describes: in `docs`, beside the gold file, in a folder next to
    it (gold/ and seed/ side by side), or the bundled sample report."""
    gold_path = gold_path.resolve()
    places = ([docs] if docs else []) + [gold_path.parent]
    places += sorted(p for p in gold_path.parent.parent.iterdir() if p.is_dir() and p != gold_path.parent) \
        if gold_path.parent.parent.is_dir() else []
    for place in places:
        candidate = place / name
        if candidate.is_file():
            return candidate
    from importlib import resources
    bundled = Path(str(resources.files("spacekg").joinpath("data", name)))
    if bundled.is_file():
        return bundled
    raise InputError(str(gold_path), f"cannot find its document '{name}' (looked in "
                                     f"{', '.join(str(p) for p in places)}; use --docs DIR)")


def evaluate(path: str | Path, docs: str | Path | None = None, extractor=None) -> Evaluation:
    """Extract every document a gold file (or a folder of them) describes, and score it."""
    from .extract.reader import read_document

    if extractor is None:
        from .extract.extractor import Extractor
        extractor = Extractor()
    out = []
    for gold_path in gold_files(Path(path)):
        gold = load_gold(gold_path)
        doc_path = find_document(gold_path, gold["doc"], Path(docs) if docs else None)
        pred = extractor.extract(read_document(doc_path)).to_json()
        out.append(DocumentScore(gold_path, doc_path, score(pred, gold)))
    return Evaluation(out)
