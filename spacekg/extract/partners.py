"""Parties named together in a sentence: a list of names ("X along with Y, Z and the W") and the
phrase "in partnership with Y and Z". The collaboration rules pair them (collaborations.py); the
target rules keep a listed partner from the clause's targets (targets.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .clauses import governor, is_verb
from .lexicon import Lexicon
from .relation_helpers import clause_subjects, unique_players
from .rules import rule
from .types import Mention

LIST_JOINERS = {",", ";", "and", "the", "(", ")", "as", "well", "&", "along", "together", "plus", "/", "with"}


def name_list(sent: Span, start: int, active: list[Mention]) -> list[Mention]:
    """The players listed from token `start` on: "metal powder producer X along with Y, Z and the W",
    "the X (XA), the Y as well as the Z", "A; B; and C": consecutive names joined by commas,
    semicolons, "and", "as well as", "along with", after at most a few describing words before the
    first name. A name in the list that is no known player is passed over ("X, the Kestrel
    Observatory, Y and Z": X, Y and Z)."""
    by_start = {m.span.start: m for m in active}
    doc = sent.doc
    i, skipped = start, 0
    while i < sent.end and i not in by_start:
        if doc[i].pos_ in ("VERB", "AUX", "ADP") and doc[i].lower_ not in LIST_JOINERS or doc[i].text in (".", ";", ":") \
                or skipped >= 5:
            return []
        i, skipped = i + 1, skipped + 1
    found: list[Mention] = []
    while i < sent.end:
        m = by_start.get(i)
        if m is not None:
            glossed = found and i > 0 and doc[i - 1].text == "(" and found[-1].span.end == i - 1
            if not glossed:                     # "the X Agency (XA)": the acronym is the same party
                found.append(m)
            i = m.span.end
            continue
        t = doc[i]
        if t.lower_ in LIST_JOINERS or (t.is_upper and t.i > 0 and doc[t.i - 1].text == "("):
            i += 1
            continue
        if found and t.pos_ == "PROPN" and _unknown_member(doc, i, sent.end, by_start):
            i += 1                              # "X, the Kestrel Observatory, Y": a member no player names
            continue
        if found and (place_end := _member_place(doc, i, sent.end)) > i:
            i = place_end                       # "X in Porto, Portugal, and Y": where a member sits
            continue
        break
    return unique_players(found)


def _member_place(doc, i: int, end: int) -> int:
    """Where "in Porto, Portugal" after a listed name ends (the token after it), or `i`: "in", "at"
    or "from" and places the model labels as such, with the commas between them."""
    if doc[i].lower_ not in ("in", "at", "from"):
        return i
    j = i + 1
    while j < end and (doc[j].ent_type_ in ("GPE", "LOC") or doc[j].text == "," and j + 1 < end and
                       doc[j + 1].ent_type_ in ("GPE", "LOC")):
        j += 1
    return j if j > i + 1 else i


def _unknown_member(doc, i: int, end: int, by_start: dict) -> bool:
    """Token `i` opens or continues a proper name that is no known player, standing in a list: at
    most five capitalised words (with "of", "in", "for" or "de" between two: "Waves in Tarn"), then a
    comma, a semicolon, "and", "with" or "/" (a list goes on)."""
    j = i
    while j < end and j - i < 5 and j not in by_start and (
            doc[j].pos_ == "PROPN" or j > i and doc[j].lower_ in ("of", "in", "for", "de") and j + 1 < end and
            doc[j + 1].pos_ == "PROPN"):
        j += 1
    return j < end and (doc[j].lower_ in (",", ";", "and", "with", "/", "&") or j in by_start)


@dataclass
class PartnerPhrase:
    """What "in partnership with Y and Z" says: the pairs it makes, and whom each listed party is
    the partner of (so the clause's other players are not)."""
    pairs: list[tuple[str, str]] = field(default_factory=list)
    actors: dict[str, set[str]] = field(default_factory=dict)     # partner key -> the players it works with
    words: frozenset[int] = frozenset()                          # the token positions of "in partnership with"

    def vetoes(self, pair: tuple[str, str]) -> bool:
        """A pair of a listed party with a player that is neither its actor nor a fellow party."""
        a, b = pair
        return any(x in self.actors and y not in self.actors[x] and y not in self.actors for x, y in ((a, b), (b, a)))


@rule("collaboration_partner_phrase", "relations", lexicon=("partner_phrase_nouns", "unit_heads"))
def partner_phrase(sent: Span, active: list[Mention], lexicon: Lexicon) -> PartnerPhrase:
    """Yields a collaboration between each party listed in "in partnership with Y and Z" ("in
    collaboration with", "in cooperation with") and the player the phrase is attached to: the subject
    (or passive agent) of the verb it modifies ("X, in partnership with Y, builds ..."), else the
    nearest player named before it ("the spectrometer by Y in partnership with Z": Y; "X's relay,
    which in collaboration with Y ..."; X). The listed parties pair with no other player of the
    sentence ("the drill was built by W, and the spectrometer by Y in partnership with Z": not W and Z)."""
    out = PartnerPhrase()
    doc = sent.doc
    nouns = lexicon.words("partner_phrase_nouns")
    for t in sent:
        if t.lower_ != "in":
            continue
        j = t.i + 1
        while j < sent.end - 1 and doc[j].pos_ == "ADJ":     # "in close partnership with"
            j += 1
        if j + 1 >= sent.end or doc[j].lemma_.casefold() not in nouns or doc[j + 1].lower_ != "with":
            continue
        partners = name_list(sent, j + 2, active)
        if partners:
            out.words = out.words | frozenset(range(t.i, j + 2))
        keys = {p.key for p in partners}
        actors: list[Mention] = []
        if is_verb(t.head):
            by_verb: dict[int, list[Mention]] = {}
            for m in active:
                by_verb.setdefault(governor(m.span.root).i, []).append(m)
            actors = [m for m in clause_subjects(t.head, by_verb, active) if m.key not in keys]
        if not actors:
            before = [m for m in active if m.span.end <= t.i and m.key not in keys and
                      not any(w.text == ";" or _named_unit(w, lexicon) for w in doc[m.span.end:t.i])]
            actors = [max(before, key=lambda m: m.span.end)] if before else []
        for p in partners:
            out.actors.setdefault(p.key, set())     # a listed party even when its actor is no known player
            for actor in unique_players(actors):
                out.pairs.append((actor.key, p.key))
                out.actors[p.key].add(actor.key)
    return out


def _named_unit(token: Token, lexicon: Lexicon) -> bool:
    """A proper name whose last word says it is a unit of an organisation ("Kestrel Space Center")."""
    return token.pos_ == "PROPN" and lexicon.has(token, "unit_heads")
