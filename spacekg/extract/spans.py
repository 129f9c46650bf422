"""Names in passing: proper-noun spans no candidate rule read, admitted where one clause says organisation.

The candidate rules (candidates.py) read prose: the subject of a company verb, "X, a start-up", a
legal form, a list of players. On real pages many organisations are named only in passing, where
those clauses do not stand: as the modifier of a person's role ("a Tarnix veteran"), as the owner
of a product ("Tarnix's Kestrel lander"), as a person's employer ("vice president at Tarnix"), as the
leader of a funding round, or in a line the reader takes for a heading because a truncated excerpt
ends in it. This step walks every proper-noun span of the page that no rule proposed or refused
(`leftover_spans`) and admits it where one of the span rules below finds such a clause. Each rule
reads only the words around the span, never the name itself.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Span

from .clauses import cached, entities
from .geography import gazetteer
from .inventory import PlayerIndex
from .lexicon import Lexicon
from .rules import rule
from .structure import NO_PLAYERS_SECTIONS
from .types import Source

# entity labels whose spans may be organisations the model labelled otherwise; not dates or amounts
NAME_LABELS = {"ORG", "PERSON", "GPE", "PRODUCT", "NORP", "FAC", "WORK_OF_ART", "LOC", "EVENT", "LAW"}
NOT_ORGANISATIONS = {"PERSON", "GPE", "LOC", "NORP"}     # labels a span rule does not overrule
JOINTS = {"of", "&", "-"}        # words inside a name: "Institute of ...", "Tarn & Velm"
MAX_WORDS = 8


def _name_token(t) -> bool:
    """A word that can be part of a name: a proper noun, or a capitalised, camel-case or
    digit-led word ("8Rx") that does not open its sentence (the small model tags a coined name a
    verb or a noun: "company Tarnix a contract")."""
    if t.pos_ == "PROPN":
        return True
    text = t.text
    if not text[:1].isalnum() or t.is_sent_start or t.is_stop or \
            t.pos_ in ("PRON", "DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "PUNCT"):
        return False
    return text[:1].isupper() or (text[:1].isdigit() and any(c.isalpha() for c in text)) or \
        (text[:1].islower() and any(c.isupper() for c in text[1:]))


def proper_runs(doc: Doc) -> tuple[Span, ...]:
    """Maximal runs of name words, joined over "of", "&", "-" when a name word follows (found once per
    Doc: the people and the leftover spans both read them)."""
    return cached(doc, "proper_runs", lambda d: tuple(_runs(d)))


def _runs(doc: Doc) -> Iterator[Span]:
    i, n = 0, len(doc)
    while i < n:
        if not _name_token(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            if _name_token(doc[j]) and not doc[j].is_sent_start:
                j += 1
            elif doc[j].lower_ in JOINTS and j + 1 < n and _name_token(doc[j + 1]) and not doc[j + 1].is_sent_start:
                j += 2
            else:
                break
        yield doc[i:j]
        i = j


def _trimmed(span: Span) -> Span | None:
    """The span without a leading article or mark, and before a possessive's mark or a lower-case
    word other than "of" (an entity "Tarnix in Velde" is "Tarnix")."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    for t in doc[start:end]:
        if _possessive(t) or t.text in ("'", "’") or (t.text.islower() and t.lower_ not in JOINTS):
            end = t.i
            break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in JOINTS):
        end -= 1
    if end <= start or end - start > MAX_WORDS:
        return None
    return doc[start:end]


def _possessive(t) -> bool:
    return t.tag_ == "POS" or t.text in ("'s", "’s")


def _owner(span: Span) -> bool:
    """The span owns what follows it ("Tarnix's fund"): what the clause says is the owned thing's."""
    return span.end < len(span.doc) and _possessive(span.doc[span.end])


def _title_case(sent: Span) -> bool:
    """A headline or a line of navigation: most of its words capitalised (inventory.headline_sentence
    asks something else: a line with no full stop and hardly a lower-case word)."""
    words = [t for t in sent if t.is_alpha and not t.is_stop]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) > 0.6 * len(words)


def _labels(span: Span) -> set[str]:
    """The entity labels of the span's words."""
    return {t.ent_type_ for t in span if t.ent_type_}


def leftover_spans(parsed: list[tuple], index: PlayerIndex) -> Iterator[tuple[object, Span]]:
    """Every entity span (organisation, person, place, product ... labels) and every run of proper
    nouns on the page, outside the sections that name no players, whose name no candidate rule
    proposed and no veto refused, nor the first words of a player's name ("Tarn's drill" where "Tarn
    Space Systems" is a player: the mentions read it as that player); `(block, span)`, each name once."""
    known = set(index.forms) | {index.resolve(index.key(r.name)) for r in index.rejected}
    for block, doc in parsed:
        if block.section and set(block.section.kinds()) & NO_PLAYERS_SECTIONS:
            continue
        for span in [e for e in entities(doc) if e.label_ in NAME_LABELS] + list(proper_runs(doc)):
            span = _trimmed(span)
            if span is None:
                continue
            surface = span.text
            if len(surface) < 2 or len(surface) > 60 or "\n" in surface or not any(c.isupper() for c in surface):
                continue
            key = index.resolve(index.key(surface))
            if key and key not in known and not _short_form(key, index):
                known.add(key)
                yield block, span


def _short_form(key: str, index: PlayerIndex) -> bool:
    return any(k.startswith(key + " ") for k in index.forms)


@rule("span_cue_noun", "candidates", lexicon=("org_cue_nouns",))
def after_cue_noun(span: Span, lexicon: Lexicon, people: set[str]) -> bool:
    """Yields a name right after a lower-case organisation noun in a line the prose rules do not
    read (a truncated excerpt's last line, taken for a heading): "... awarded logistics company
    Tarnix a contract". The noun vouches for the name whatever label the model gave it."""
    doc = span.doc
    prev = doc[span.start - 1] if span.start else None
    return prev is not None and prev.text.islower() and prev.lower_ in lexicon.words("org_cue_nouns") and \
        not _owner(span)                # the noun vouches for the name, whatever label the model gave it


@rule("span_role_modifier", "candidates", lexicon=("person_roles", "former_member_nouns"))
def before_person_role(span: Span, lexicon: Lexicon, people: set[str]) -> bool:
    """Yields an organisation the model labels one, written as the modifier of a person's role or
    past: "Tarnix co-founders Ana Ruiz and ...", "a Tarnix veteran", "Tarnix billionaire Ivo
    Brandt". The name is the organisation the person belongs or belonged to."""
    doc = span.doc
    if span.end >= len(doc) or "ORG" not in _labels(span) or _owner(span):
        return False
    after = doc[span.end]
    if after.text == "-" and span.end + 1 < len(doc):      # "Tarnix-backed": not a role
        return False
    return after.text.islower() and lexicon.has(after, "person_roles", "former_member_nouns")


@rule("span_product_owner", "candidates", lexicon=("product_heads", "device_heads", "technology_heads",
                                                   "launch_vehicle_heads"))
def owns_product(span: Span, lexicon: Lexicon, people: set[str]) -> bool:
    """Yields the owner of a product, written with a possessive before the product's head noun within
    a few words: "Tarnix's home-grown Kestrel lander", "Tarnix’s reusable Velde 9 rocket". Not a
    person, a place or a nation ("China's lander"), and not a name the page uses for a person."""
    doc = span.doc
    if not _owner(span) or _title_case(span.sent) or span[-1].tag_ in ("NNS", "NNPS"):
        return False                    # "Home / Education / Students’ robots ...": a headline's words
    if _labels(span) & NOT_ORGANISATIONS or span.text in people:
        return False
    for t in doc[span.end + 1:span.end + 6]:
        if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP", "CCONJ"):
            return False
        if t.pos_ == "NOUN" and t.text.islower() and \
                lexicon.has(t, "product_heads", "device_heads", "technology_heads", "launch_vehicle_heads"):
            return True
    return False


@rule("span_employer", "candidates", lexicon=("person_roles",))
def employs_person(span: Span, lexicon: Lexicon, people: set[str]) -> bool:
    """Yields a person's employer after "at", the person's role a few words before: "vice president
    for corporate development at Tarnix", "professor of geology at Velde". Not a place, nor a campus
    after a name ("the University of Tarn at Korvel")."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "at" or _labels(span) & {"GPE", "LOC"} or _owner(span):
        return False
    if not doc[span.start - 2].text.islower():
        return False                    # "the University of Tarn at Korvel": a campus, not an employer
    before = doc[max(0, span.start - 7):span.start - 1]
    return any(t.pos_ == "NOUN" and lexicon.has(t, "person_roles") for t in before) and \
        not any(t.is_punct and t.text != "-" for t in before[-3:])


@rule("span_round_leader", "candidates", lexicon=("funding_nouns",))
def leads_round(span: Span, lexicon: Lexicon, people: set[str]) -> bool:
    """Yields the leader of a funding round: "a Series B round led by Tarn Ventures", "co-led
    by 8Rx and Velde Fund" (the sentence names the round). Not a person the page names as one."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "by" or doc[span.start - 2].lower_ not in ("led", "co-led"):
        return False
    if span.text in people or _owner(span):
        return False                    # "led by Ivo Brandt's Tarn Fund": the fund leads
    words = {t.lower_ for t in span.sent}
    return bool(words & lexicon.words("funding_nouns"))


@rule("span_award_recipient", "candidates", lexicon=("award_verbs", "contract_nouns"))
def receives_award(span: Span, lexicon: Lexicon, people: set[str]) -> bool:
    """Yields the recipient of a contract an award verb gives, written between the verb and the
    contract: "the agency awarded Tarnix a $6.9 million contract", "in favour of awarding Tarnix a
    contract". Not a person, a place or a nation."""
    doc = span.doc
    if span.start < 1 or _owner(span) or _labels(span) & {"PERSON", "NORP"} or span.text in people or \
            span.text.casefold() in gazetteer(lexicon).regions:
        return False                    # the model may label a coined name a place: the gazetteer knows places
    verb = doc[span.start - 1]
    if verb.pos_ not in ("VERB", "NOUN") or not lexicon.has(verb, "award_verbs"):
        return False
    after = doc[span.end:span.end + 6]
    if not after or after[0].lower_ not in ("a", "an", "the"):
        return False
    for t in after[1:]:
        if lexicon.has(t, "contract_nouns"):
            return True
        if t.pos_ in ("VERB", "ADP", "PUNCT") and t.text not in ("$", "-"):
            return False
    return False


SPAN_RULES: tuple[Callable, ...] = (after_cue_noun, before_person_role, owns_product, employs_person, leads_round,
                                    receives_award)


def admit_spans(parsed: list[tuple], index: PlayerIndex, lexicon: Lexicon, people: set[str]) -> None:
    """Admit each leftover span (`leftover_spans`) that one of SPAN_RULES reads as an organisation."""
    for block, span in leftover_spans(parsed, index):
        fired = next((r for r in SPAN_RULES if r(span, lexicon, people)), None)
        if fired is not None:
            index.add(span.text, fired.rule_id, source=Source.of(block, span))
