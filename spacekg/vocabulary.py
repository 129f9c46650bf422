"""The segmentation vocabulary (data/vocabulary.yaml): dimensions, canonical concepts, synonyms.

Shared by extraction (to recognise segment values in text) and by the graph (to write the SKOS
schemes), so it lives here and imports nothing heavy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Concept:
    dimension: str          # resource_type | platform | application | phase
    label: str              # canonical label
    synonyms: tuple[str, ...]


@dataclass
class Dimension:
    name: str
    rdf_class: str          # the ontology class of its concepts (Resource, Platform ...)
    scheme_label: str
    headings: list[str]
    concepts: list[Concept] = field(default_factory=list)


@dataclass
class Vocabulary:
    dimensions: dict[str, Dimension]

    def concepts(self, dimension: str | None = None) -> list[Concept]:
        dims = [self.dimensions[dimension]] if dimension else self.dimensions.values()
        return [c for d in dims for c in d.concepts]

    def lookup(self, surface: str, dimension: str | None = None) -> Concept | None:
        """The concept whose label or synonym is `surface` (case- and punctuation-insensitive)."""
        index, form = self._index(), normalise(surface)
        return index.get((dimension, form)) or (None if dimension else index.get((None, form)))

    def canonical(self, surface: str, dimension: str) -> str | None:
        concept = self.lookup(surface, dimension)
        return concept.label if concept else None

    @lru_cache(maxsize=None)
    def _index(self) -> dict[tuple[str | None, str], Concept]:
        index: dict[tuple[str | None, str], Concept] = {}
        for c in self.concepts():
            for form in (c.label, *c.synonyms):
                index.setdefault((c.dimension, normalise(form)), c)
                index.setdefault((None, normalise(form)), c)
        return index

    def __hash__(self) -> int:          # for lru_cache on methods
        return id(self)


PUNCTUATION = re.compile(r"[^\w\s/+-]")


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Lower case, '&' as 'and', punctuation other than '-' and '/' dropped, spaces collapsed.
    (Cached: the extraction rules normalise the same few thousand names hundreds of thousands of
    times per corpus.)"""
    text = text.casefold().replace("&", " and ")
    return " ".join(PUNCTUATION.sub(" ", text).split())


def data_file(name: str) -> dict:
    """One of the package's YAML data files (spacekg/data/NAME), read with libyaml's safe loader when
    PyYAML has it (the same objects, about ten times faster than the pure-Python one)."""
    text = resources.files("spacekg").joinpath(f"data/{name}").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    raw = data_file("vocabulary.yaml")
    dims = {}
    for name, spec in raw.items():
        dim = Dimension(name, spec["class"], spec["scheme_label"], list(spec.get("headings", [])))
        dim.concepts = [Concept(name, c["label"], tuple(str(s) for s in c.get("synonyms", [])))
                        for c in spec["concepts"]]
        dims[name] = dim
    return Vocabulary(dims)
