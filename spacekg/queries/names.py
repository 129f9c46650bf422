"""Resolving names in questions to entities of the graph: players, resources, platforms, applications,
phases and technologies.

Names come from the store (rdfs:label, skos:altLabel, skos:prefLabel, read with labels.rq) and from
the vocabulary's synonyms (spacekg/vocabulary.py). Matching is case- and punctuation-insensitive
and tolerates small misspellings (difflib, stdlib):

    >>> names = Names.load(reader)
    >>> [m.entity.label for m in names.find("lunar ice")]
    ['Water/Ice', 'Moon']

One phrase may name several concepts of different dimensions: "lunar ice" is a resource synonym
that also contains the platform word "lunar", so it names Water/Ice AND Moon. Inside a longer
name of a player or technology ("Kalovex Asteroid Robotics") shorter concept words do not count.
"""
from __future__ import annotations

import difflib
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ..errors import SpacekgError, UnknownName
from ..vocabulary import load_vocabulary, normalise

CONCEPT_KINDS = ("resource", "platform", "application", "phase")
KINDS = ("player", *CONCEPT_KINDS, "technology")
REGION = "region"
ALL_KINDS = (*KINDS, REGION)
DIMENSION_KIND = {"resource_type": "resource", "platform": "platform", "application": "application",
                  "phase": "phase"}
KIND_PLURAL = {"player": "players", "resource": "resources", "platform": "platforms",
               "application": "applications", "phase": "phases", "technology": "technologies",
               "region": "regions"}

MAX_SPAN = 6                # longest name, in words, looked up
FUZZY_CUTOFF = 0.86
# Words that never start or end a misspelt name (they would match short names by accident).
STOP = frozenset("""a an the of on in at to for from by with and or vs versus its their his her our
which what who whom whose how is are was were be been do does did has have had will would can could
players player companies company firms firm organisations organizations startups space mining market
markets industry report technology technologies tech resource resources platform platforms any all
some other others that this these those there about using use uses""".split())


@lru_cache(maxsize=4)
def load_data(name: str) -> dict:
    """A YAML file of spacekg/data, parsed once (with libyaml when present: 8x faster, and a
    question's budget is half a second)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(resources.files("spacekg").joinpath(f"data/{name}").read_text("utf-8"), Loader=loader)


@lru_cache(maxsize=1)
def never_names() -> frozenset[str]:
    """Words no name or synonym may match on its own: function words and common verbs
    ("based" is not the phase synonym "base", "used" is not "uses"). From data/questions.yaml."""
    raw = load_data("questions.yaml")
    words = raw.get("function_words", []) + raw.get("never_names", [])
    return frozenset(str(w).casefold() for w in words)


@lru_cache(maxsize=1)
def geography() -> dict[str, list[str]]:
    """Region name -> the other ways to name it (aliases, demonyms), and each place -> its own
    name, from the `geography` section of data/lexicon.yaml."""
    raw = load_data("lexicon.yaml")
    geo = raw.get("geography") or {}
    out: dict[str, list[str]] = {}
    for r in geo.get("regions", []):
        out[r["name"]] = [str(x) for x in r.get("aliases", []) + r.get("demonyms", [])]
    for place in geo.get("places", []):
        out.setdefault(place["name"], [])
    return out


@dataclass(frozen=True)
class Entity:
    iri: str
    kind: str                   # one of KINDS
    label: str


@dataclass(frozen=True)
class Match:
    entity: Entity
    start: int                  # token span in the phrase
    end: int
    score: float                # 1.0 for an exact name, less for a misspelling

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Match) -> bool:
        return self.start < other.end and other.start < self.end


def key(text: str) -> str:
    """The form a name is compared in: lower case, no possessive, punctuation and hyphens as spaces."""
    text = re.sub(r"['’]s\b", "", text)
    return " ".join(normalise(text).replace("-", " ").replace("/", " ").split())


def singular(token: str) -> str:
    return token[:-1] if len(token) > 3 and token.endswith("s") and not token.endswith("ss") else token


class Names:
    """Every name of every entity, indexed by `key`."""

    def __init__(self, entities: Iterable[Entity], forms: dict[str, set[Entity]]):
        self.entities = sorted(set(entities), key=lambda e: (e.kind, e.label.casefold()))
        self.forms = forms
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for form in forms:
            self._by_length[len(form.split())].append(form)

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> Names:
        """From labels.rq records (entity, kind, label, name), plus the vocabulary's synonyms."""
        labels: dict[tuple[str, str], str] = {}
        names: dict[tuple[str, str], set[str]] = defaultdict(set)
        for r in rows:
            ident = (r["entity"], r["kind"])
            # several labels on one node ("CubeSat", "cubesat"): keep the first in code-point order
            if ident not in labels or r["label"] < labels[ident]:
                labels[ident] = r["label"]
            names[ident].add(r["name"])
        entities = {ident: Entity(ident[0], ident[1], label) for ident, label in labels.items()}
        by_label = {(e.kind, key(e.label)): e for e in entities.values()}
        forms: dict[str, set[Entity]] = defaultdict(set)
        never = never_names()
        for ident, entity in entities.items():
            for name in names[ident]:
                if key(name) and key(name) not in never:
                    forms[key(name)].add(entity)
        # every region of the geography list is a name a question may use, stored or not: "which
        # Japanese companies ..." is understood, and answered "the reports don't say" if need be
        from ..graph import iri as iris
        regions = {key(e.label): e for e in entities.values() if e.kind == REGION}
        for name, others in geography().items():
            entity = regions.get(key(name)) or Entity(iris.region(name), REGION, name)
            for form in [name, *others]:
                if key(form) and key(form) not in never:
                    forms[key(form)].add(entity)
        for concept in load_vocabulary().concepts():
            entity = by_label.get((DIMENSION_KIND.get(concept.dimension, ""), key(concept.label)))
            if entity is not None:
                for synonym in concept.synonyms:
                    if key(synonym) not in never:
                        forms[key(synonym)].add(entity)
        return cls(entities.values(), dict(forms))

    @classmethod
    def load(cls, reader) -> Names:
        """Read the names from a store (a `queries.access.Reader`).

        Reading and indexing every name of a thousand reports takes 0.4 s, most of a question's
        budget, so a local store keeps the index beside itself (STORE/cache/names-*.json), one
        file per snapshot and version of the data files: a new build moves to a new snapshot, and
        the old file is removed."""
        cache = _cache_file(reader.source)
        if cache is not None and cache.exists():
            try:
                return cls.from_json(json.loads(cache.read_text("utf-8")))
            except (OSError, ValueError, KeyError, IndexError):
                pass
        names = cls.from_rows(reader.rows("labels"))
        if cache is not None:
            _write_cache(cache, names.to_json())
        return names

    def to_json(self) -> dict:
        index = {e: i for i, e in enumerate(self.entities)}
        extra = [e for es in self.forms.values() for e in es if e not in index]
        for e in extra:
            index.setdefault(e, len(index))
        every = sorted(index, key=index.get)
        return {"entities": [[e.iri, e.kind, e.label] for e in every], "named": len(self.entities),
                "forms": {f: sorted(index[e] for e in es) for f, es in self.forms.items()}}

    @classmethod
    def from_json(cls, data: dict) -> Names:
        every = [Entity(*e) for e in data["entities"]]
        forms = {f: {every[i] for i in ids} for f, ids in data["forms"].items()}
        return cls(every[:data["named"]], forms)

    # ---------------------------------------------------------------- lookups

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities if e.kind == kind]

    def find(self, text: str, kinds: Iterable[str] = KINDS) -> list[Match]:
        """Every entity of `kinds` that `text` names, in text order (see the module docstring)."""
        kinds = set(kinds)
        tokens = key(text).split()
        found: list[Match] = []
        for i in range(len(tokens)):
            for j in range(i + 1, min(len(tokens), i + MAX_SPAN) + 1):
                for e in self.forms.get(" ".join(tokens[i:j]), ()):
                    if e.kind in kinds:
                        found.append(Match(e, i, j, 1.0))
        covered = {t for m in found for t in range(m.start, m.end)}
        found += self._fuzzy(tokens, kinds, covered)
        return _untangle(found)

    def one(self, text: str, kinds: Iterable[str]) -> Entity | None:
        """The single entity `text` names best (the longest, surest match), or None. Of two entities
        one name names alike, the one known by more names: "NASA" is the agency its reports define
        (with its full name and acronym), not a node a page made of its "Nasa"."""
        matches = self.find(text, kinds)
        if not matches:
            return None
        best = max(matches, key=lambda m: (m.length, m.score, self._names_of(m.entity), m.entity.label))
        return best.entity

    def _names_of(self, entity: Entity) -> int:
        counts = self.__dict__.get("_counts")
        if counts is None:
            counts = self.__dict__["_counts"] = Counter(e for es in self.forms.values() for e in es)
        return counts[entity]

    def containing(self, text: str, kind: str = "technology") -> list[Entity]:
        """Entities whose name holds every word of `text` ("robots" -> "autonomous excavation robots")."""
        wanted = {singular(t) for t in key(text).split() if t not in STOP}
        if not wanted:
            return []
        out = []
        for form, entities in self.forms.items():
            words = {singular(t) for t in form.split()}
            if wanted <= words:
                out += [e for e in entities if e.kind == kind and e not in out]
        return sorted(out, key=lambda e: e.label.casefold())

    def suggest(self, text: str, kinds: Iterable[str], n: int = 3) -> list[str]:
        """Labels close to `text`, for 'did you mean' replies."""
        kinds = set(kinds)
        labels = {key(e.label): e.label for e in self.entities if e.kind in kinds}
        close = difflib.get_close_matches(key(text), list(labels), n=n, cutoff=0.6)
        return [labels[c] for c in close]

    # ---------------------------------------------------------------- misspellings

    def _fuzzy(self, tokens: list[str], kinds: set[str], covered: set[int]) -> list[Match]:
        out = []
        for i in range(len(tokens)):
            for j in range(i + 1, min(len(tokens), i + 4) + 1):
                span = tokens[i:j]
                if any(t in covered for t in range(i, j)) or span[0] in STOP or span[-1] in STOP:
                    continue
                if span[0] in never_names() or span[-1] in never_names():
                    continue
                phrase = " ".join(span)
                if len(phrase) < 5:
                    continue
                pool = [f for n in (len(span) - 1, len(span), len(span) + 1) for f in self._by_length.get(n, ())]
                for form in difflib.get_close_matches(phrase, pool, n=3, cutoff=FUZZY_CUTOFF):
                    if form[0] != phrase[0] or len(form) < 4:
                        continue
                    score = difflib.SequenceMatcher(None, phrase, form).ratio()
                    out += [Match(e, i, j, score) for e in self.forms[form] if e.kind in kinds]
        return out


def _cache_file(source) -> Path | None:
    try:
        data = resources.files("spacekg").joinpath("data")
        version = "-".join(str(Path(str(data.joinpath(f))).stat().st_mtime_ns % 10 ** 9)
                           for f in ("questions.yaml", "lexicon.yaml", "vocabulary.yaml"))
    except OSError:
        return None
    return snapshot_cache_file(source, "names", version, "json")


def snapshot_cache_file(source, kind: str, version: str, suffix: str) -> Path | None:
    """A cache file kept for a local store's current snapshot,
    STORE/cache/KIND-SNAPSHOT-INODE-MTIME-VERSION.SUFFIX: a new build is a new snapshot, so a cache
    is never older than the store. None for anything else (an endpoint) or a snapshot gone."""
    snapshot = getattr(source, "snapshot", None)
    if not isinstance(snapshot, Path):
        return None
    try:
        st = snapshot.stat()
    except OSError:
        return None
    return snapshot.parent.parent / "cache" / f"{kind}-{snapshot.name}-{st.st_ino}-{st.st_mtime_ns}-{version}.{suffix}"


def _write_cache(path: Path, data: dict) -> None:
    """Write atomically; a store we may not write to simply goes without."""
    try:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps(data), "utf-8")
        os.replace(tmp, path)
        for old in path.parent.glob("names-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def _untangle(matches: list[Match]) -> list[Match]:
    """Drop matches inside a longer (or surer) one, except concepts of different dimensions."""
    keep: list[Match] = []
    for m in sorted(matches, key=lambda m: (-m.length, -m.score, m.start)):
        if any(m.entity == k.entity for k in keep):
            continue
        clash = False
        for k in keep:
            if not k.overlaps(m):
                continue
            if k.entity.kind in CONCEPT_KINDS and m.entity.kind in CONCEPT_KINDS and k.entity.kind != m.entity.kind:
                continue            # "lunar ice": Water/Ice, and Moon inside it
            if (k.start, k.end, k.score, k.entity.kind) == (m.start, m.end, m.score, m.entity.kind):
                continue            # one name, two entities of a kind: both (ambiguous)
            clash = True
            break
        if not clash:
            keep.append(m)
    return sorted(keep, key=lambda m: (m.start, m.end))


# ---------------------------------------------------------------- named-query parameters by name

# The kinds of entity a named query's parameter takes, by the parameter's name. A parameter not
# listed here (a literal such as `metric` or `dimension`) is passed on as it is.
PARAM_KINDS: dict[str, tuple[str, ...]] = {
    "player": ("player",), "partner": ("player",), "resource": ("resource",), "platform": ("platform",),
    "technology": ("technology",), "region": (REGION,), "concern": ("phase", "application"),
    "topic": ("phase", "application", "technology"), "target": ("resource", "platform"),
}


def resolve_params(source, query: str, params: dict[str, object], names: Names | None = None) -> dict[str, object]:
    """The parameters of the named query `query` with plain names resolved to IRIs.

    `spacekg query players-targeting -p platform=Moon`, the web editor's fields and
    `/query/NAME?platform=Moon` all come through here: a value that is already an IRI (<...>,
    http(s)://..., smr:...) is kept; a name is resolved as `ask` resolves it (labels, aliases,
    synonyms, small misspellings); `target` takes "lunar ice" (a resource on a platform). A name
    that matches nothing raises UnknownName naming it, never an empty answer.
    """
    from ..graph import iri
    from .access import Reader
    from .library import get, parse_value

    get(query)                                   # an unknown query is an error of its own
    out: dict[str, object] = {}
    for name, value in params.items():
        if value is None or not isinstance(value, str) or name not in PARAM_KINDS:
            out[name] = value
            continue
        parsed = parse_value(value)
        if not hasattr(parsed, "language"):       # a NamedNode: already an IRI
            out[name] = value
            continue
        if names is None:
            names = Names.load(Reader(source))
        kinds = PARAM_KINDS[name]
        found = names.find(value, kinds)
        if name == "target":
            res = [m.entity for m in found if m.entity.kind == "resource"]
            plat = [m.entity for m in found if m.entity.kind == "platform"]
            if res and plat:
                out[name] = iri.target(res[0].iri, plat[0].iri)
                continue
        if not found:
            close = names.suggest(value, kinds)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise UnknownName(f"no {' or '.join(kinds)} in the store matches '{value}' "
                              f"(parameter {name} of {query}){hint}")
        best = max(found, key=lambda m: (m.length, m.score))
        out[name] = best.entity.iri
    return out
