"""The player decision: a small trained model that weighs all the evidence the rules gathered about a name.

The candidate rules propose names and the vetoes refuse them one clause at a time; each is right
most of the time and wrong in its own way on pages nobody wrote a rule for. This step looks at every
name the document proposed, admitted or refused, and reads the evidence as a whole: which rules
admitted it, which vetoes refused which of its forms, how the model labelled its mentions, how often
and where the page names it, and its shape (an acronym, a legal form, an organisation head word).
Nothing in it is a name: the features say how a name was found, never what it is, so what it learns
carries to organisations no page in training named.

A logistic regression over those features (`PlayerModel`, weights in data/player_model.json,
trained by training/player_model.py on annotated pages) gives each name a probability of being a
player. An admitted name below `drop_below` is dropped (rule `veto_player_model`); a refused name
above `admit_above` is admitted again (rule `player_model`), with the sentence of its refusal as
evidence. With no weights file the step changes nothing.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..vocabulary import normalise
from .inventory import PlayerIndex
from .rules import rank, rule
from .types import Candidate, Rejection

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "player_model.json"
ENTITY_LABELS = ("ORG", "GPE", "PERSON", "PRODUCT", "NORP", "LOC", "FAC", "WORK_OF_ART", "EVENT", "LAW")


@dataclass
class NameEvidence:
    """What the document says about one candidate name (one inventory key)."""
    key: str
    admitted: bool
    surfaces: Counter = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)

    @property
    def surface(self) -> str:
        return self.surfaces.most_common(1)[0][0]


def gather(index: PlayerIndex, parsed: list[tuple]) -> dict[str, NameEvidence]:
    """Every name the rules admitted or refused, keyed like the inventory, with its features."""
    names: dict[str, NameEvidence] = {}
    for key, forms in index.forms.items():
        if forms:
            ev = names[key] = NameEvidence(key, True)
            for surface, cand in forms.items():
                ev.surfaces[surface] += 1
                ev.features[f"rule:{cand.rule}"] = 1.0
                ev.features["listed"] = max(ev.features.get("listed", 0.0), float(cand.listed))
    for r in index.rejected:
        key = index.resolve(index.key(r.name))
        if not key or len(r.name) > 80:
            continue
        ev = names.setdefault(key, NameEvidence(key, False))
        ev.rejections.append(r)
        if not ev.admitted:             # an admitted name is known by its admitted forms
            ev.surfaces[r.name] += 1
        ev.features[f"veto:{r.rule}"] = 1.0
        ev.features[f"proposed:{r.proposed_by}"] = 1.0
    labels: dict[str, Counter] = defaultdict(Counter)
    for _, spacy_doc in parsed:
        for ent in spacy_doc.ents:
            key = index.resolve(index.key(ent.text))
            if key in names:
                labels[key][ent.label_] += 1
    for key, ev in names.items():
        ev.features.update(context_features(ev, parsed))
    text = index.text
    head = text[:400]
    lex = index.lexicon
    org_heads = lex.words("org_head_words")
    suffixes = lex.words("legal_suffixes")
    for key, ev in names.items():
        f = ev.features
        f["admitted"] = float(ev.admitted)
        f["refused"] = float(bool(ev.rejections))
        seen = labels.get(key, Counter())
        total = sum(seen.values())
        for label in ENTITY_LABELS:
            if seen[label]:
                f[f"ner:{label}"] = seen[label] / total
        if not total:
            f["ner:none"] = 1.0
        surface = ev.surface
        words = surface.split()
        count = len(re.findall(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text)) if surface else 0
        f["mentions"] = math.log1p(count)
        f["once"] = float(count <= 1)
        f["in_head"] = float(bool(surface) and surface in head)
        f[f"words:{min(len(words), 4)}"] = 1.0
        f["acronym"] = float(len(words) == 1 and surface.isupper() and len(surface) >= 2)
        f["digit"] = float(any(c.isdigit() for c in surface))
        f["lower_start"] = float(surface[:1].islower())
        norm_words = normalise(surface).split()
        f["org_head"] = float(len(norm_words) > 1 and norm_words[-1] in org_heads)
        f["legal_form"] = float(any(w in suffixes or w.rstrip(".") in suffixes for w in norm_words[1:]))
        f["defined_acronym"] = float(key in index.acronyms.values())
        f["forms"] = math.log1p(len(ev.surfaces))
    return names


def context_features(ev: NameEvidence, parsed: list[tuple]) -> dict[str, float]:
    """How the page uses the name, over all its mentions: the word before and after it, its syntactic
    role and the lemma of the word it hangs on ("signed", "by", "aboard"), each as the share of the
    mentions that have it. The name's own words are never a feature."""
    seen: Counter = Counter()
    mentions = 0
    surfaces = [s for s in ev.surfaces if s and len(s) <= 60]
    for _, spacy_doc in parsed:
        text = spacy_doc.text
        for surface in surfaces:
            for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
                span = spacy_doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None:
                    continue
                mentions += 1
                before = spacy_doc[span.start - 1] if span.start > 0 else None
                after = spacy_doc[span.end] if span.end < len(spacy_doc) else None
                seen[f"prev:{_word(before)}"] += 1
                seen[f"next:{_word(after)}"] += 1
                root = span.root
                seen[f"dep:{root.dep_}"] += 1
                if root.head is not root and root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss",
                                                           "appos", "compound", "conj"):
                    seen[f"head:{root.dep_}:{root.head.lemma_.lower()}"] += 1
    return {k: v / mentions for k, v in seen.items()} if mentions else {"no_mention": 1.0}


def _word(token) -> str:
    """A neighbouring token as a feature value: its lower-cased word, or its kind when it is not a word."""
    if token is None:
        return "<edge>"
    if token.is_punct:
        return token.text if token.text in ",.:;()'\"-" else "<punct>"
    if token.like_num:
        return "<num>"
    if token.text[:1].isupper():
        return "<Cap>"
    return token.lower_


@dataclass
class PlayerModel:
    """A logistic regression over `gather`'s features, with the two thresholds that act on it."""
    weights: dict[str, float]
    bias: float
    drop_below: float
    admit_above: float
    trained_on: str = ""

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> PlayerModel | None:
        if not path.is_file():
            return None
        data = json.loads(path.read_text("utf-8"))
        return cls(data["weights"], data["bias"], data["drop_below"], data["admit_above"], data.get("trained_on", ""))

    def save(self, path: Path = MODEL_FILE) -> None:
        data = {"trained_on": self.trained_on, "bias": round(self.bias, 6), "drop_below": self.drop_below,
                "admit_above": self.admit_above,
                "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if abs(v) > 1e-6}}
        path.write_text(json.dumps(data, indent=1) + "\n", "utf-8")

    def score(self, ev: NameEvidence) -> float:
        """The probability that the name `ev` is a player."""
        return self.probability(ev.features)

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@rule("veto_player_model", "vetoes")
def drop_unlikely(ev: NameEvidence, p: float, model: PlayerModel) -> bool:
    """Vetoes an admitted name that the player model (data/player_model.json), weighing every rule
    that admitted or refused its forms, its entity labels, how often and where it is named and its
    shape, scores below its `drop_below` threshold."""
    return ev.admitted and p < model.drop_below


@rule("player_model", "candidates")
def admit_likely(ev: NameEvidence, p: float, model: PlayerModel) -> bool:
    """Yields a refused name that the player model scores above its `admit_above` threshold: the
    evidence across the page outweighs the one clause that refused it (a company the entity model
    labels a place, a name first met in a list a veto read as people)."""
    return not ev.admitted and p > model.admit_above and any(r.source is not None for r in ev.rejections)


def decide(index: PlayerIndex, parsed: list[tuple], model: PlayerModel | None) -> None:
    """Apply the model to every name the rules admitted or refused (no model: nothing changes)."""
    if model is None:
        return
    for key, ev in gather(index, parsed).items():
        p = model.score(ev)
        if drop_unlikely(ev, p, model):
            index.drop(key, drop_unlikely.rule_id)
        elif admit_likely(ev, p, model):
            r = next(r for r in ev.rejections if r.source is not None)
            surface = ev.surface
            index.forms[key] = {surface: Candidate(surface, admit_likely.rule_id, rank(admit_likely.rule_id),
                                                   source=r.source)}
