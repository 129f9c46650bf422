"""The registry of extraction rules: every fact and every rejected name is traceable to one of them.

Like spaCy's registered factories, a rule is a plain function registered under an id:

    @rule("org_suffix", stage="candidates", lexicon=("legal_suffixes",))
    def org_suffix(...):
        \"\"\"Yields: "Capitalised Words Inc./Ltd./Corporation" as a player candidate.\"\"\"

The id is what the rule stamps on what it produces: a fact's `Evidence.rule` (and so `sm:rule` in
the graph), the rule that admitted a player, the rule that vetoed a candidate name. Its docstring
says what it yields or vetoes (`spacekg extract FILE --explain` and the README list them). A rule's
confidence is read from data/rules.yaml (what each number means is said there), not typed where the
rule is called. A rule declares the lexicon keys it reads; `check_lexicon` refuses a lexicon that
lacks one when the extractor loads.

Stages, in the order data flows (each in its own module):
    structure   the document's blocks, headings, tables, bylines           (structure.py, tables.py)
    candidates  names proposed as players                                  (candidates.py, spans.py)
    vetoes      names refused as players, from the name alone or its context (vetoes.py)
    inventory   candidates merged, normalised and resolved into players    (inventory.py)
    mentions    where the players are named, and what refers back to them (mentions.py, clauses.py)
    relations   targets, collaborations, technologies, developments        (targets.py, partners.py,
                collaborations.py, technologies.py, product_makers.py, developments.py, tables.py)
    market      market figures                                             (market.py, tables.py)
    statements  trends, drivers, challenges, findings, outlook             (report.py)
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import SpacekgError
from ..vocabulary import data_file
from .facts import Evidence

STAGES = ("structure", "candidates", "vetoes", "inventory", "mentions", "relations", "market", "statements")


class RuleError(SpacekgError):
    """A rule registered twice, without a docstring, or with a lexicon key the lexicon lacks."""


@dataclass(frozen=True)
class Rule:
    id: str
    stage: str
    doc: str                                    # what it yields or vetoes (the function's docstring)
    func: Callable = field(repr=False, compare=False)
    lexicon: tuple[str, ...] = ()               # the lexicon keys it reads

    @property
    def summary(self) -> str:
        return self.doc.split("\n\n")[0].replace("\n", " ")

    @property
    def confidence(self) -> float:
        return confidence(self.id)


REGISTRY: dict[str, Rule] = {}


def rule(id: str, stage: str, lexicon: tuple[str, ...] = ()) -> Callable[[Callable], Callable]:
    """Register a function as the rule `id` of `stage`; the function gets `.rule_id`."""
    if stage not in STAGES:
        raise RuleError(f"rule {id}: unknown stage {stage!r}")

    def register(func: Callable) -> Callable:
        if id in REGISTRY:
            raise RuleError(f"rule {id} is registered twice ({REGISTRY[id].func.__qualname__}, {func.__qualname__})")
        doc = inspect.getdoc(func)
        if not doc:
            raise RuleError(f"rule {id} ({func.__qualname__}) has no docstring saying what it yields or vetoes")
        REGISTRY[id] = Rule(id, stage, doc, func, tuple(lexicon))
        func.rule_id = id
        return func
    return register


def get(id: str) -> Rule:
    try:
        return REGISTRY[id]
    except KeyError:
        raise RuleError(f"no rule {id!r} is registered") from None


def rules(stage: str | None = None) -> list[Rule]:
    """The registered rules (of one stage), with every rule module imported."""
    load_rule_modules()
    return [r for r in REGISTRY.values() if stage is None or r.stage == stage]


def load_rule_modules() -> None:
    """Import the modules that register rules (importing spaCy)."""
    from . import (acronyms, candidates, decision, extractor, geography, inventory, products, report, vetoes,  # noqa: F401
                   targets, partners, collaborations, technologies, developments, product_makers)


@lru_cache(maxsize=1)
def _settings() -> dict:
    return data_file("rules.yaml")


def confidence(id: str) -> float | None:
    """The confidence a rule's facts carry: its measured precision (data/rules.yaml), None where no
    gold judges what it yields; a rule the table does not list is an error."""
    table = _settings()["confidence"]
    if id not in table:
        raise RuleError(f"rule {id!r} has no confidence in data/rules.yaml")
    return None if table[id] is None else float(table[id])


def rank(id: str) -> float:
    """A candidate rule's rank: of two rules proposing the same surface form, the higher names it."""
    table = _settings()["rank"]
    if id not in table:
        raise RuleError(f"candidate rule {id!r} has no rank in data/rules.yaml")
    return float(table[id])


@lru_cache(maxsize=1)
def weak_rules() -> frozenset[str]:
    """Candidate rules whose names the inventory drops or merges when the document contradicts them."""
    return frozenset(_settings()["weak"])


@lru_cache(maxsize=1)
def organisation_evidence() -> frozenset[str]:
    """Candidate rules whose evidence says a name is an organisation (a legal form, "X, a start-up",
    a person's employer): they keep a name the document also writes as a thing."""
    return frozenset(_settings()["organisation_evidence"])


def stamp(evidence: Evidence, rule_id: str) -> Evidence:
    """The evidence with the id and confidence of the rule that produced a fact from it."""
    e = evidence                    # (the constructor: dataclasses.replace is slow, and this runs per sentence)
    return Evidence(e.sentence, e.start, e.end, rule_id, confidence(rule_id), e.section)


def check_lexicon(lexicon) -> None:
    """Every lexicon key a registered rule reads is in the lexicon (else RuleError, at load time)."""
    missing = sorted({(key, r.id) for r in rules() for key in r.lexicon if key not in lexicon.raw})
    if missing:
        raise RuleError("lexicon keys missing from data/lexicon.yaml: " +
                        ", ".join(f"{k} (rule {r})" for k, r in missing))
