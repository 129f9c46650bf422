"""Common given names: a short name that opens with one is a person's, whatever label the model gives it.

The small model often labels a person's name ORG or nothing ("A subset of the instrument team,
consisting of Patrick Mellor, Morgan Birks, ..."), and then a candidate rule reads it as an
organisation. A name of two or three capitalised words whose first word is a common given name and
which holds no organisation word ("Robotics", "Institute", "Inc.", "Tech") nor a month is a person's.
The names come from the US census lists that the `names` package ships (MIT licence), kept where at
least MIN_SHARE percent of people bear them, so that rare names that are also ordinary words
("Luna", "Star") stay out.
"""
from __future__ import annotations

import importlib.resources
from functools import lru_cache

from spacy.tokens import Span

from .geography import gazetteer
from .lexicon import Lexicon

MIN_SHARE = 0.01        # percent of the census population bearing the name
CENSUS_FILES = ("dist.male.first", "dist.female.first")
PLACE_LABELS = ("GPE", "LOC", "FAC", "NORP")
NAME_WORD_LISTS = ("org_head_words", "legal_suffixes", "institution_words", "institution_short_words", "unit_words",
                   "calendar_words")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The common given names, capitalised ("Patrick"); empty when the `names` package is missing."""
    try:
        root = importlib.resources.files("names")
    except ModuleNotFoundError:
        return frozenset()
    out = set()
    for name in CENSUS_FILES:
        for line in (root / name).read_text().splitlines():
            fields = line.split()
            if len(fields) >= 2 and float(fields[1]) >= MIN_SHARE:
                out.add(fields[0].capitalize())
    return frozenset(out)


def person_shaped(span: Span, lexicon: Lexicon) -> bool:
    """Two or three capitalised words, the first a common given name, none an organisation word, an
    acronym or a number, and not opening with a place the model or the gazetteer knows: "Patrick
    Mellor", not "Morgan Robotics", "Grace TSA" nor "Dakota Polytechnic"."""
    words = span.text.split()
    if not 2 <= len(words) <= 3 or words[0] not in given_names():
        return False
    if any(not w[:1].isupper() or w.isupper() or not w.replace("-", "").replace("'", "").isalpha() for w in words):
        return False
    if span[0].ent_type_ in PLACE_LABELS or words[0].casefold() in gazetteer(lexicon).regions:
        return False                    # "Savannah Robotics": a place's name first
    return not any(lexicon.has(t, *NAME_WORD_LISTS) for t in span)
