"""Text in, plain Python facts out.

    >>> from spacekg.extract import extract
    >>> facts = extract("report.txt")          # an Extraction (see facts.py)
    >>> facts.to_json()["players"]

spaCy is imported only when extraction runs, so importing this package (or `facts`) stays cheap.
"""
from __future__ import annotations

import os

from .facts import Extraction


def extract(path: str | os.PathLike) -> Extraction:
    """Read one file and extract its facts."""
    from .extractor import Extractor
    from .reader import read_document

    return Extractor().extract(read_document(path))


def extract_text(text: str, name: str = "text.txt") -> Extraction:
    """Extract the facts of a string (notebooks, tests)."""
    from .extractor import Extractor
    from .reader import read_text

    return Extractor().extract(read_text(text, name))


__all__ = ["Extraction", "extract", "extract_text"]
