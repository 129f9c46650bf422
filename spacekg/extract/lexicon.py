"""The extraction lexicon (data/lexicon.yaml): section cues, organisation cues, verbs, technology terms."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from ..errors import SpacekgError
from ..vocabulary import Vocabulary, data_file, load_vocabulary, normalise


class LexiconError(SpacekgError):
    """The lexicon lacks a list a rule reads."""


MEMO_LIMIT = 100_000          # answers kept per `Lexicon.memoised` table
_MISSING = object()


@dataclass
class Lexicon:
    raw: dict[str, Any]
    vocabulary: Vocabulary
    _sets: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    _cached: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _memos: dict[str, dict] = field(default_factory=dict, repr=False, compare=False)

    def words(self, key: str) -> frozenset[str]:
        """A flat list of the lexicon as a lower-cased set (computed once); a key the lexicon does not
        have is an error, not an empty set."""
        found = self._sets.get(key)             # one look-up on the common path: the rules ask very often
        if found is None:
            if key not in self.raw:
                raise LexiconError(f"data/lexicon.yaml has no list {key!r}")
            found = self._sets[key] = frozenset(str(w).casefold() for w in self.raw[key])
        return found

    def has(self, token, *keys: str) -> bool:
        """The token's lemma or its lower-case form is in one of the lexicon sets `keys`
        ("drills" and "drill" are both technology heads)."""
        lemma, lower = token.lemma_.casefold(), token.lower_
        for k in keys:
            words = self._sets.get(k) or self.words(k)
            if lemma in words or lower in words:
                return True
        return False

    def union(self, *keys: str) -> frozenset[str]:
        """The lexicon sets `keys` as one set, built once ("agreement_nouns", "joint_work_nouns")."""
        return self.cached("union:" + "|".join(keys), lambda lex: frozenset().union(*(lex.words(k) for k in keys)))

    def has_word(self, word: str, *keys: str) -> bool:
        """`word` is in one of the lexicon sets `keys` (without building their union)."""
        return any(word in self.words(k) for k in keys)

    def cached(self, key: str, compute):
        """`compute(self)`, worked out once per lexicon (a pattern or set built from its lists)."""
        if key not in self._cached:
            self._cached[key] = compute(self)
        return self._cached[key]

    def memoised(self, table: str, arg, compute):
        """`compute(arg)`, remembered in the table `table` of this lexicon: for a pure function of
        `arg` and the lexicon's lists (a name's key, a cleaned name) that the rules ask again and
        again with the same few hundred names. A table is emptied when it holds MEMO_LIMIT answers,
        so that a long build's memory stays flat."""
        memo = self._memos.get(table)
        if memo is None:
            memo = self._memos[table] = {}
        found = memo.get(arg, _MISSING)
        if found is _MISSING:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            found = memo[arg] = compute(arg)
        return found

    def phrases(self, key: str) -> frozenset[str]:
        """The words of the lexicon set `key` that are phrases (a space or a hyphen in them: "co-develop")."""
        name = f"_phrases/{key}"
        if name not in self._sets:
            self._sets[name] = frozenset(w for w in self.words(key) if " " in w or "-" in w)
        return self._sets[name]

    def normalised(self, key: str, sub: str) -> frozenset[str]:
        """`raw[key][sub]` normalised like names are (computed once)."""
        name = f"{key}/{sub}"
        if name not in self._sets:
            self._sets[name] = frozenset(normalise(str(w)) for w in self.raw[key][sub])
        return self._sets[name]

    def heading_words(self) -> frozenset[str]:
        """Words of headings and page furniture: dimension names, not-player words, industry names."""
        if "_heading_words" not in self._sets:
            words = set(self.words("industry_words"))
            words.update(normalise(str(w)) for w in self.raw["not_players"]["words"])
            for dim in self.vocabulary.dimensions.values():
                for h in dim.headings:
                    words.update(normalise(h).split())
            self._sets["_heading_words"] = frozenset(words)
        return self._sets["_heading_words"]

    def technologies(self) -> list[tuple[str, list[str]]]:
        """(canonical name, other spellings) of every technology in the lexicon."""
        return [(str(t["label"]), [str(x) for x in t.get("synonyms", [])]) for t in self.raw["technologies"]]

    @cached_property
    def technology_forms(self) -> set[str]:
        """Every spelling of every lexicon technology, normalised."""
        return {normalise(form) for label, synonyms in self.technologies() for form in (label, *synonyms)}

    def section_kind(self, heading: str) -> str | None:
        """The kind of section a heading opens ("players", "developments" ...), or None."""
        h = " " + normalise(heading) + " "
        for kind, cues in self.raw["sections"].items():
            if any(" " + normalise(c) + " " in h for c in cues):
                return kind
        return None

    def segment_dimension(self, heading: str) -> str | None:
        """"By Resource Type" -> "resource_type"; None when the heading names no dimension."""
        h = normalise(re.sub(r"^\s*(by|per|based on)\s+", "", heading, flags=re.I))
        for name, dim in self.vocabulary.dimensions.items():
            if h in {normalise(x) for x in dim.headings} or h == normalise(name.replace("_", " ")):
                return name
        return None

    def is_boilerplate(self, text: str) -> bool:
        """Menu and call-to-action text ("CHOOSE LICENCE TYPE", "Consulting Services ...")."""
        if len(text.split()) > 15:
            return False
        t = " " + normalise(text) + " "
        return any(" " + normalise(c) + " " in t for c in self.raw["sections"]["boilerplate"])


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = data_file("lexicon.yaml")
    return Lexicon(raw, load_vocabulary())
