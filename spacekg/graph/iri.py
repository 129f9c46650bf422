"""Minting IRIs (as plain strings) for instances: smr:player/selenara-robotics, smr:report/china-space-mining-market-txt ...

Names from documents may hold anything (quotes, angle brackets, newlines, emoji, right-to-left
text). A slug keeps letters and digits of any script, lower-cased, joined by '-', so every IRI is
valid; a name with no letters or digits at all gets a short hash instead.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from .namespaces import SMR

# Letters, digits and combining marks of any script; everything else separates words.
_NOT_WORD = re.compile(r"[^\w]+|_+", re.UNICODE)
# Characters an IRI may never hold even if \w allows them (none today; kept as a guard).
_IRI_FORBIDDEN = re.compile(r"[\x00-\x20<>\"{}|\\^`\u0080-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_SLUG = 80


@lru_cache(maxsize=8192)
def slug(text: str) -> str:
    """A name as a slug (cached: a document's graph mints its name and its players' many times)."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    s = _NOT_WORD.sub("-", norm).strip("-")
    s = _IRI_FORBIDDEN.sub("", s)
    if len(s) > MAX_SLUG:
        s = s[:MAX_SLUG].rstrip("-") + "-" + _digest(text)[:8]
    return s or "x-" + _digest(text)[:12]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def mint(kind: str, *parts: str) -> str:
    """smr:<kind>/<slug>[/<slug>...]."""
    return SMR + kind + "/" + "/".join(slug(p) for p in parts)


def player(name: str) -> str:
    return mint("player", name)


def report(doc_name: str) -> str:
    """The report node; also the name of the document's named graph."""
    return mint("report", doc_name)


CONCEPT_PATHS = {"resource_type": "resource", "platform": "platform", "application": "application",
                 "phase": "phase", "topic": "topic"}


def concept(dimension: str, label: str) -> str:
    return mint(CONCEPT_PATHS.get(dimension, dimension), label)


def scheme(dimension: str) -> str:
    return mint("scheme", dimension.replace("_", "-"))


def target(resource_iri: str, platform_iri: str) -> str:
    """A resource on a platform: smr:target/water-ice/moon from smr:resource/water-ice and smr:platform/moon."""
    return f"{SMR}target/{resource_iri.rsplit('/', 1)[-1]}/{platform_iri.rsplit('/', 1)[-1]}"


def technology(name: str) -> str:
    return mint("technology", name)


def region(name: str) -> str:
    return mint("region", name)


def local(doc_name: str, kind: str, n: int) -> str:
    """A node that belongs to one document: smr:<kind>/<doc>/<n> (claims, evidence, developments)."""
    return f"{SMR}{kind}/{slug(doc_name)}/{n}"
