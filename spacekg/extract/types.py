"""Data types the extraction stages hand each other (the facts they end in are in facts.py).

    Source     where in a block a name or fact was read (a sentence of it, or the whole block)
    Candidate  a surface form a candidate rule proposed as a player, with the rule's id
    Rejection  a name a veto rule refused, with the veto's id and the rule that proposed it
    Mention    a player named (or referred to) at a span of a parsed block
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:                       # spaCy is imported only when extraction runs
    from spacy.tokens import Span

    from .reader import Block


@dataclass(frozen=True)
class Source:
    """Characters `start:end` of a block's clean text: what a rule read (a name, or the whole block).
    The extractor widens it to its sentence for evidence."""
    block: Block
    start: int
    end: int

    @classmethod
    def of(cls, block: Block, span: Span | None = None) -> Source:
        if span is None:
            return cls(block, 0, len(block.clean))
        return cls(block, span.start_char, span.end_char)


@dataclass
class Candidate:
    surface: str
    rule: str                   # the id of the candidate rule that proposed it (rules.py)
    rank: float                 # that rule's rank (data/rules.yaml): the highest-ranked rule names the form
    listed: bool = False        # named in a key-players list or table
    source: Source | None = None


@dataclass(frozen=True)
class Rejection:
    name: str
    rule: str                   # the id of the veto or inventory rule that refused it
    proposed_by: str            # the id of the candidate rule that proposed it
    source: Source | None = None


@dataclass
class Mention:
    key: str                    # the player's key in the inventory (PlayerIndex.forms)
    span: Span
