"""Veto rules: names refused as players, from the name alone or from the words around it.

Name vetoes (`name_veto`) read only the candidate name; every candidate of every rule passes them
before the inventory takes it. Context vetoes (`context_veto`) read the span where the model or a
pattern found a name ("said Jane Roe", "its PolarScout drill", "based in Toulouse"). Each returns
True to refuse, and the first that refuses is recorded as the reason (`spacekg extract --explain`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from ..vocabulary import normalise
from .lexicon import Lexicon
from .products import product_veto
from .rules import rule

SMALL_WORDS = {"and", "of", "the", "for", "by", "in"}


@dataclass
class Name:
    """A candidate name as the name vetoes read it."""
    text: str
    norm: str                   # normalised (vocabulary.normalise)
    words: list[str]            # the normalised words
    lowercase: bool = False     # the proposing rule vouches for a lower-case brand ("oreline")

    @classmethod
    def of(cls, text: str, lowercase: bool = False) -> Name:
        norm = normalise(text)
        return cls(text, norm, norm.split(), lowercase)


def lexicon_word(word: str, lexicon: Lexicon) -> bool:
    """A word of the domain vocabulary, a dimension heading, a not-player word or a small word."""
    return lexicon.vocabulary.lookup(word) is not None or word in SMALL_WORDS or word in lexicon.heading_words()


def is_legal_suffix(word: str, lexicon: Lexicon) -> bool:
    suffixes = lexicon.words("legal_suffixes")
    return word in suffixes or word.rstrip(".") in suffixes


# ---------------------------------------------------------------- name vetoes

@rule("veto_shape", "vetoes")
def veto_shape(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes what is not shaped like a name: empty, over seven words, under two or over 80
    characters, no letter, or a number of three digits or more ("Fiscal 2025")."""
    text = name.text
    words = text.split()
    return not words or len(words) > 7 or len(text) < 2 or len(text) > 80 or \
        not any(c.isalpha() for c in text) or re.search(r"\d{3,}", text) is not None


@rule("veto_not_player_phrase", "vetoes", lexicon=("not_players",))
def veto_not_player_phrase(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a phrase the lexicon lists as never a player ("Executive Summary", "Series A")."""
    return name.norm in lexicon.normalised("not_players", "phrases")


@rule("veto_not_player_word", "vetoes", lexicon=("not_players",))
def veto_not_player_word(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a name ending in a word the lexicon lists as never ending a player's name ("Market
    Overview", "Artemis Program", "Headquarters")."""
    return bool(name.words) and name.words[-1] in lexicon.normalised("not_players", "words")


@rule("veto_vocabulary_term", "vetoes", lexicon=("technologies",))
def veto_vocabulary_term(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a segment value or a technology of the vocabulary ("Lunar Regolith", "ISRU")."""
    return lexicon.vocabulary.lookup(name.text) is not None or name.norm in lexicon.technology_forms


@rule("veto_publisher", "vetoes", lexicon=("publisher_words", "institution_words"))
def veto_publisher(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a publisher of reports or news: a name ending in a publisher word ("Deep Horizon
    Analytics", "Orbital Times"), unless an institution word says otherwise ("Agency of Space Research")."""
    words = name.words
    return len(words) > 1 and words[-1] in lexicon.words("publisher_words") and \
        not lexicon.words("institution_words") & set(words)


@rule("veto_generic_opening", "vetoes", lexicon=("generic_org_nouns",))
def veto_generic_opening(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a name opening with a generic organisation noun ("Companies Such", "Startup Ecosystem"),
    or one that is such a noun phrase as a whole."""
    return bool(name.words) and name.words[0] in lexicon.words("generic_org_nouns") or \
        name.norm in lexicon.words("generic_org_nouns")


@rule("veto_bare_legal_suffix", "vetoes", lexicon=("legal_suffixes",))
def veto_bare_legal_suffix(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a legal suffix without a name ("Ltd.", "SAS")."""
    return all(is_legal_suffix(w, lexicon) for w in name.words)


@rule("veto_heading_words", "vetoes", lexicon=("industry_words", "not_players"))
def veto_heading_words(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a name made only of vocabulary and heading words, one of them a heading word
    ("Platform Asteroids", "Aerospace & Defense"): a heading, not a name."""
    heading_words = lexicon.heading_words()
    return all(lexicon_word(w, lexicon) for w in name.words) and any(w in heading_words for w in name.words)


@rule("veto_person_role", "vetoes", lexicon=("person_roles",))
def veto_person_role(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a person's role ("Founder & CEO", "Chief Executive Officer")."""
    return all(w in lexicon.words("person_roles") or w in ("and", "of", "&") for w in name.words)


@rule("veto_person_title", "vetoes", lexicon=("person_roles",))
def veto_person_title(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a person named with a role, or a role with its organisation ("Acme Lunar founder", "Vice
    President Jane Roe", "Agency Administrator"): a role word among two or more words."""
    return len(name.words) >= 2 and any(w in lexicon.words("person_roles") for w in name.words)


@rule("veto_calendar", "vetoes", lexicon=("calendar_words",))
def veto_calendar(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes months and days ("February", "Thursday", "May 2024")."""
    return bool(name.words) and all(w in lexicon.words("calendar_words") or w.isdigit() for w in name.words)


@rule("veto_handle", "vetoes")
def veto_handle(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes hashtags and handles ("#NewSpace #ISRU", "@acme")."""
    return "#" in name.text or "@" in name.text


@rule("veto_honorific", "vetoes", lexicon=("honorifics",))
def veto_honorific(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a name opening with a person's title ("Dr. Ana Vidal", "Prof. Lee")."""
    return name.text.split()[0].casefold().rstrip(".") in lexicon.words("honorifics")


@rule("veto_state", "vetoes", lexicon=("state_words", "org_head_words"))
def veto_state(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a country's formal name ("Republic of Paraguay", "Kingdom of X"), or a union or
    federation of states named by its adjective ("Andean Union", "Northern Federation")."""
    words = name.words
    return (len(words) >= 3 and words[1] == "of" and words[0] in lexicon.words("state_words")) or \
        (len(words) == 2 and words[1] in ("union", "federation", "kingdom", "republic", "emirates") and
         not words[0] in lexicon.words("org_head_words"))


@rule("veto_reference_word", "vetoes", lexicon=("org_head_words",))
def veto_reference_word(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes one organisation word alone, not in capitals ("the Authority's", "the Agency"): a
    reference back to a name, not a name."""
    return len(name.words) == 1 and name.norm in lexicon.words("org_head_words") and not name.text.isupper()


@rule("veto_lower_case", "vetoes", lexicon=("legal_suffixes",))
def veto_lower_case(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a lower-case phrase ("the market leader"), unless the proposing rule vouches for a
    lower-case brand, a capital stands inside it ("eSpace") or a legal suffix follows ("espace, inc.")."""
    text, words = name.text, name.text.split()
    return not (name.lowercase or text[0].isupper() or text[0].isdigit() or any(c.isupper() for c in text[1:]) or
                (len(words) == 2 and words[1].casefold() in lexicon.words("legal_suffixes")))


@rule("veto_device_name", "vetoes", lexicon=("device_heads", "legal_suffixes"))
def veto_device_name(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a device, instrument or experiment named as such: two or more words ending in a singular
    device noun ("Deep Ultraviolet Camera", "Polar Regolith Excavator", "Crew Landing System"), unless
    a legal suffix makes it a firm ("Acme Drill Ltd." ends in "Ltd.")."""
    words = name.words
    return len(words) >= 2 and words[-1] in lexicon.words("device_heads") and \
        not any(is_legal_suffix(w, lexicon) for w in words)


NAME_VETOES = (veto_shape, veto_not_player_phrase, veto_not_player_word, veto_vocabulary_term, veto_publisher,
               veto_generic_opening, veto_bare_legal_suffix, veto_heading_words, veto_person_role,
               veto_person_title, veto_calendar, veto_handle,
               veto_honorific, veto_state, veto_reference_word, veto_lower_case, veto_device_name)


def name_veto(text: str, lexicon: Lexicon, lowercase: bool = False) -> str | None:
    """The id of the first name veto that refuses `text`, or None when every one lets it pass."""
    name = Name.of(text, lowercase)
    for veto in NAME_VETOES:
        if veto(name, lexicon):
            return veto.rule_id
    return None


# ---------------------------------------------------------------- context vetoes

@rule("veto_person", "vetoes", lexicon=("person_roles", "speech_verbs"))
def person_context(span: Span, lexicon: Lexicon, people: set[str] = frozenset()) -> bool:
    """Vetoes a person: a known person's name or surname, or a name next to a role ("Its chief
    executive, Jane Roe, said"; "Jane Roe, the agency's head of exploration"), or one PERSON entity
    beside a verb of saying. "Acme's chief executive" is Acme's."""
    if span.text in people:
        return True
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s"):
        return False
    roles = lexicon.words("person_roles")
    before = doc[max(span.start - 4, 0):span.start]
    after = doc[span.end:span.end + 6]
    if any(t.lower_ in roles for t in before) and (not before or before[-1].text == "," or
                                                  before[-1].lower_ in roles):
        return True
    if len(after) >= 2 and after[0].text == ",":
        for t in after[1:]:
            if t.is_punct:
                break
            if t.lower_ in roles:
                return True
    said = lexicon.words("speech_verbs")
    near = [t.lower_ for t in doc[max(span.start - 1, 0):span.start]] + [t.lower_ for t in doc[span.end:span.end + 1]]
    if len(span) < 2 or not any(w in said for w in near):
        return False
    # inside one PERSON entity (read from the tokens: doc.ents makes every entity's span anew)
    return span[0].ent_type_ == "PERSON" and all(t.ent_type_ == "PERSON" and t.ent_iob_ == "I" for t in span[1:])


@rule("veto_product", "vetoes", lexicon=("technology_heads", "org_cue_nouns", "org_head_words"))
def product_context(span: Span, lexicon: Lexicon) -> bool:
    """Vetoes a product name: "its PolarScout drill", "the Halley-class lander", "Acme's Pathfinder
    bus", "its first tug, Kittiwake,", "a rover called Nomad" (not the maker before a product noun,
    "a Tui Aerospace lander", nor "a company called Ironhold")."""
    doc = span.doc
    heads = lexicon.words("technology_heads")
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ in heads and maker_name(span, lexicon):
        return False                                        # "a Tui Aerospace lander": who made it
    if nxt is not None and (nxt.lower_ in heads or nxt.lower_ in ("-class", "class") or
                            (nxt.text == "-" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ == "class")):
        return True
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ in ("its", "their", "'s", "’s"):
        return True
    head = span.root.head
    if span.root.dep_ == "appos" and head.i < span.start and head.pos_ == "NOUN" and \
            lexicon.has(head, "technology_heads"):
        return True                                         # "its first tug, Kittiwake,"
    before = " ".join(t.lower_ for t in doc[max(span.start - 2, 0):span.start])
    if not before.endswith(("known as", "called", "named", "dubbed", "codenamed", "code-named")):
        return False
    return not (named_org(span, lexicon) or (span.end < len(doc) and doc[span.end].lower_ == "as"))  # "known as LUPEX"


@rule("veto_place", "vetoes", lexicon=("org_head_words", "place_heads", "state_words"))
def place_context(span: Span, lexicon: Lexicon | None = None) -> bool:
    """Vetoes a place: "based in Toulouse", "the Republic of Paraguay", "their chamber in Lyon", or a
    GPE/LOC/NORP/FAC entity, unless the name ends in an organisation head word ("Wadi Minerals",
    "Andes Orbital": the model reads the place word)."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.start - 2, 0):span.start]]
    if len(before) == 2 and before[1] == "in" and before[0] in ("based", "headquartered", "located", "headquarters"):
        return True
    if lexicon is not None and maker_name(span, lexicon) and span[-1].lower_ not in lexicon.words("place_heads"):
        return False
    prev = doc[span.start - 1] if span.start > 0 else None
    if lexicon is not None and span.start >= 2 and prev.lower_ == "of" and \
            doc[span.start - 2].lower_ in lexicon.words("state_words"):
        return True                             # "the Republic of Paraguay"
    if len(span) == 1 and prev is not None and prev.head.i < prev.i and (
            (prev.lower_ in ("in", "near") and prev.head.pos_ == "NOUN") or
            (prev.lower_ == "from" and prev.head.text[:1].isupper())):
        return True                             # "their chamber in Lyon", "Pollux Dynamics from Accra"
    return any(e.label_ in ("GPE", "LOC", "NORP", "FAC") and e.start <= span.start and span.end <= e.end
               for e in doc.ents)


@rule("veto_source", "vetoes")
def source_context(span: Span) -> bool:
    """Vetoes who is quoted as a source or publishes the text: "analysts at X", "according to X",
    "X is published by Y"."""
    doc = span.doc
    before = " ".join(t.lower_ for t in doc[max(span.start - 2, 0):span.start])
    if before.endswith(("analysts at", "analyst at", "analysts from", "according to", "economists at",
                        "published by")):
        return True
    root = span.root                            # "The Orbital Ledger is published by ...": a publication
    return root.dep_ == "nsubjpass" and root.head.lemma_ == "publish"


@rule("veto_facility", "vetoes", lexicon=("facility_heads",))
def facility_context(span: Span, lexicon: Lexicon) -> bool:
    """Vetoes a station, programme or mission, not its operator: "an International Lunar Research
    Station", "the Artemis III mission", "Chang'e-7"."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in ("a", "an") and \
            span.root.dep_ not in ("compound", "amod", "npadvmod", "nmod"):
        return True                             # not "an OSRA-led framework"
    if span[-1].lower_ in lexicon.words("facility_heads"):
        return True
    return any(c.isdigit() for c in span.text) or bool(re.search(r"\b[IVX]{1,4}$", span.text))


def context_veto(span: Span, lexicon: Lexicon, people: set[str]) -> str | None:
    """The id of the first context veto that refuses the name at `span`, or None."""
    if person_context(span, lexicon, people):
        return person_context.rule_id
    if product_context(span, lexicon):
        return product_context.rule_id
    product = product_veto(span, lexicon)
    if product is not None and not (product == "product_head" and maker_name(span, lexicon)):
        return product
    if place_context(span, lexicon):
        return place_context.rule_id
    if source_context(span):
        return source_context.rule_id
    if facility_context(span, lexicon):
        return facility_context.rule_id
    return None


def not_an_org(span: Span, lexicon: Lexicon, people: set[str]) -> bool:
    return context_veto(span, lexicon, people) is not None


def named_org(span: Span, lexicon: Lexicon) -> bool:
    """"The venture, named Selene Partners,", "a new company called Ironhold": the name of an
    organisation a cue noun introduces."""
    doc = span.doc
    i = span.start - 1
    if i < 1 or doc[i].lower_ not in ("named", "called", "dubbed"):
        return False
    i -= 1
    if doc[i].text == ",":
        i -= 1
    return i >= 0 and doc[i].pos_ == "NOUN" and lexicon.has(doc[i], "org_cue_nouns")


def maker_name(span: Span, lexicon: Lexicon) -> bool:
    """A name of two or more words ending in an organisation head word ("Tui Aerospace"), not in a
    word of the domain vocabulary: the maker's name even when it only modifies a product noun."""
    words = [t.lower_ for t in span]
    return len(words) >= 2 and words[-1] in lexicon.words("org_head_words") and \
        lexicon.vocabulary.lookup(span[0].text) is None and span[0].text[:1].isupper() and \
        words[-1] not in lexicon.words("technology_heads")
