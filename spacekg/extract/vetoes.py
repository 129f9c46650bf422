"""Veto rules: names refused as players, from the name alone or from the words around it.

Name vetoes (`name_veto`) read only the candidate name; every candidate of every rule passes them
before the inventory takes it. Context vetoes (`context_veto`) read the span where the model or a
pattern found a name ("said Jane Roe", "its PolarScout drill", "based in Toulouse"). Each returns
True to refuse, and the first that refuses is recorded as the reason (`spacekg extract --explain`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from ..vocabulary import normalise
from .clauses import based_at, cached, entities, possessed_run, token_lowers
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

@rule("veto_shape", "vetoes", lexicon=("institution_words",))
def veto_shape(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes what is not shaped like a name: a list of chemical formulas ("CO2, CO"), empty, over
    seven words (ten for an institution's, an institution word among its first three: "Ministry of
    Schools, Arts, Games, Physics and Technology", "Tarn Institute of Soil Mechanics and Road
    Design"), under two or over 80 characters, no letter, a number of three digits or more
    ("Fiscal 2025"), or a person's initials ("Y.N.M.", "K.Sa", "M. Vale")."""
    text = name.text
    words = text.split()
    longest = 10 if any(w.casefold() in lexicon.words("institution_words") for w in words[:3]) else 7
    if len(words) >= 2 and all(FORMULA.fullmatch(w.strip(",;")) for w in words) and any(c.isdigit() for c in text):
        return True                             # "CO2, CO": a list of chemical formulas (not one name, "CD3D")
    if len(words) == 1 and not text.isupper() and text.casefold() in FUNCTION_WORDS:
        return True                             # "In" of a split "In-Space Systems": a function word
    if len(words) == 1 and INITIALS.fullmatch(text):
        return True                             # "K.Sa", "Y.N.M.": a person's initials (a paper's credits)
    if len(words) == 2 and re.fullmatch(r"[A-Z]\.", words[0]) and re.fullmatch(r"[A-Z][a-z]+", words[1]):
        return True                             # "M. Vale": a person's initial and surname
    return not words or len(words) > longest or len(text) < 2 or len(text) > 80 or \
        not any(c.isalpha() for c in text) or re.search(r"\d{3,}", text) is not None


FUNCTION_WORDS = {w for w in STOP_WORDS if len(w) <= 4}
# A person's initials as a paper's author credits write them: "A.T", "Y.N.M.", "H.Sa", "K.Kum".
INITIALS = re.compile(r"[A-Z]\.(?:[A-Z][a-z]{0,3}\.?){1,3}")


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
    """Vetoes a publisher of reports or news: a website's name ("Orbit.com"), a name ending in a
    publisher word ("Deep Horizon Analytics", "Orbital Times"), unless an institution word says
    otherwise ("Agency of Space Research")."""
    words = name.words
    if re.search(r"\w\.(?:com|org|net|io|news|info)$", name.text, re.I):
        return True                             # "Orbit.com": a website's name
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


@rule("veto_person_role", "vetoes", lexicon=("person_roles", "degree_words"))
def veto_person_role(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a person's role ("Founder & CEO", "Chief Executive Officer") or degree ("Master of Space
    Studies", "PhD Mechanical Engineering")."""
    if len(name.words) >= 2 and name.words[0] in lexicon.words("degree_words"):
        return True
    return all(w in lexicon.words("person_roles") or w in ("and", "of", "&") for w in name.words)


@rule("veto_person_title", "vetoes", lexicon=("person_roles", "org_head_words"))
def veto_person_title(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a person named with a role, or a role with its organisation ("Acme Lunar founder", "Vice
    President Jane Roe", "Agency Administrator"): a role word among two or more words. Not a firm's
    name that only opens with one and ends in an organisation word ("Lead Edge Robotics")."""
    roles = lexicon.words("person_roles")
    if len(name.words) >= 3 and name.words[0] in roles and name.words[-1] in lexicon.words("org_head_words") and \
            not any(w in roles or w in ("of", "at", "for") for w in name.words[1:]):
        return False
    return len(name.words) >= 2 and any(w in roles for w in name.words)


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
    return is_honorific(name.text.split()[0], lexicon)


def is_honorific(word: str, lexicon: Lexicon) -> bool:
    """"Dr.", "Mr", "prof": a person's title (the lexicon's `honorifics`)."""
    return word.casefold().rstrip(".") in lexicon.words("honorifics")


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
    device noun ("Deep Ultraviolet Camera", "Polar Regolith Excavator", "Crew Landing System") or
    opening with one and "of" ("Collector of Lunar Ice"), unless a legal suffix makes it a firm ("Acme
    Drill Ltd." ends in "Ltd.")."""
    words = name.words
    return ((len(words) >= 2 and words[-1] in lexicon.words("device_heads")) or
            (len(words) >= 3 and words[0] in lexicon.words("device_heads") and words[1] == "of")) and \
        not any(is_legal_suffix(w, lexicon) for w in words)


@rule("veto_caption", "vetoes", lexicon=("caption_words",))
def veto_caption(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes an image's caption or alt text taken for a name: two or more words ending in a caption
    word ("Tarn Mining Logo", "Lunar Economy Map")."""
    return len(name.words) >= 2 and name.words[-1] in lexicon.words("caption_words")


@rule("veto_never_player", "vetoes", lexicon=("never_players",))
def veto_never_player(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a heavenly body or a union of states the model tags as an organisation ("the Sun",
    "EU"): the lexicon's never_players, matched on the whole name."""
    return name.norm in {normalise(w) for w in lexicon.words("never_players")}


def organisation_word(word: str, lexicon: Lexicon) -> bool:
    """An organisation's head word, unit word, generic noun or legal suffix ("robotics", "labs", "inc")."""
    return word in lexicon.words("org_head_words") or word in lexicon.words("unit_words") or \
        word in lexicon.words("generic_org_nouns") or is_legal_suffix(word, lexicon)


KNOWN_THING_DESIGNATOR = re.compile(r"(?: (?:\d+[a-z]?|[ivx]{1,4}|m\d|mission \d+))+$|-\d+[a-z]?$")


def known_things(lexicon: Lexicon) -> frozenset[str]:
    """The lexicon's known_things (missions, vehicles, telescopes, programmes), normalised, as one set."""
    return lexicon.cached("known_things", lambda lex: frozenset(
        normalise(str(w)) for group in lex.raw["known_things"].values() for w in group))


@rule("veto_known_thing", "vetoes", lexicon=("known_things", "surface_feature_words", "org_head_words", "unit_words",
                                            "generic_org_nouns", "legal_suffixes", "surface_feature_heads",
                                            "launch_site_heads"))
def veto_known_thing(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a mission, spacecraft, launch vehicle, telescope or agency programme the lexicon knows
    by name (known_things, general knowledge of the industry), alone or with a number or a mission
    designator after it ("Artemis III", "Luna-25", "Hakuto-R Mission 2"), and a place on the Moon or
    a planet named the Latin way ("Mare Imbrium", "Lacus Mortis") or by a landform ("Korvel Crater",
    "Tarn Connecting Ridge"), and a launch or test site ("Korvel Satellite Launch Center"): the statistical model tags such
    names ORG, but they are things, programmes or places, and their makers are the players."""
    if len(name.words) == 2 and name.words[0] in lexicon.words("surface_feature_words") and name.text[:1].isupper() \
            and not organisation_word(name.words[1], lexicon):
        return True                             # "Mare Imbrium", not "Mare Robotics"
    if len(name.words) >= 2 and name.words[-1] in lexicon.words("surface_feature_heads"):
        return True                             # "Tarn Connecting Ridge", "Korvel Crater"
    if len(name.words) >= 2 and any(name.norm.endswith(" " + h) for h in lexicon.words("launch_site_heads")):
        return True                             # "Korvel Satellite Launch Center", "Tarn Air Force Base"
    things = known_things(lexicon)
    norm = name.norm[4:] if name.norm.startswith("the ") else name.norm
    return norm in things or KNOWN_THING_DESIGNATOR.sub("", norm) in things


def region_names(lexicon: Lexicon) -> frozenset[str]:
    """Every country, state, province, market region and city the lexicon knows (the geography's
    regions and places, with aliases and demonyms; `countries`; `states_and_provinces`), normalised."""
    from .geography import gazetteer
    return lexicon.cached("region_names", lambda lex: frozenset(
        normalise(str(w)) for w in [*gazetteer(lex).regions, *lex.raw["countries"], *lex.raw["states_and_provinces"]]))


@rule("veto_region_name", "vetoes", lexicon=("countries", "states_and_provinces", "geography", "legal_suffixes"))
def veto_region_name(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a country, a state or province, a region or a known city, named alone ("Texas",
    "Nicaragua", "Ontario", "Toulouse"), or its people ("Emiratis"): a place, whatever rule proposed it
    ("X of Korvel, Texas, a joint venture of ...", "new partners include Nicaragua and ..."), also with
    a legal form after it ("Japanese Company Set to Fly ...", a headline's nationality and noun); a
    place's agency or firm has more words."""
    names = region_names(lexicon)
    words = list(name.words)
    while len(words) > 1 and is_legal_suffix(words[-1], lexicon):
        words.pop()                             # "Japanese Company Set to ...": a headline's nationality
    norm = " ".join(words)
    return norm in names or (norm.endswith("s") and " " not in norm and norm[:-1] in names)


@rule("veto_academic_unit", "vetoes", lexicon=("academic_unit_heads", "academic_fields"))
def veto_academic_unit(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a university's unit named by its field alone ("Department of Civil and Aerospace
    Engineering", "College of Engineering"), or the field itself, as a professor's chair or a degree
    names it ("Mechanical Engineering", "Civil and Chemical Engineering"): part of an institution, not
    a player of its own; not a government's department ("Department of Lunar Affairs") nor a firm whose
    name has a word of its own ("Tarnwick Engineering")."""
    words = name.words[1:] if name.words[:1] == ["the"] else name.words
    fields = lexicon.words("academic_fields")
    if len(words) >= 2 and all(w in fields or w in ("and", "&") for w in words) and words[-1] in fields:
        return True
    return len(words) >= 3 and words[0] in lexicon.words("academic_unit_heads") and words[1] == "of" and \
        all(w in fields or w == "and" for w in words[2:])


@rule("veto_group_noun", "vetoes", lexicon=("member_nouns", "org_head_words"))
def veto_group_noun(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a description of a group, not a name: two or more words ending in a plural member noun
    that no organisation's name ends in ("Australian Industry Collaborators", "Lunar Start-ups")."""
    return len(name.words) >= 2 and name.words[-1] in lexicon.words("member_nouns") and \
        name.words[-1].endswith("s") and name.words[-1] not in lexicon.words("org_head_words")


@rule("veto_lower_words", "vetoes", lexicon=("legal_suffixes",))
def veto_lower_words(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a phrase with lower-case words after its first ("ISRU tech development", "Tarn
    regolith team"): a description, not a name; small words ("of", "de") and legal forms excepted."""
    words = name.text.split()[1:]
    return any(w[:1].islower() and w.isalpha() and w not in SMALL_WORDS and w not in NAME_SMALL_WORDS and
               not is_legal_suffix(w.casefold(), lexicon) for w in words)


NAME_SMALL_WORDS = {"of", "and", "the", "for", "de", "del", "la", "le", "les", "des", "du", "der", "di", "da", "y",
                    "et", "und", "on", "in", "at", "to", "van", "von", "e",
                    "bin", "bint", "ibn", "al", "el"}     # a founder's name in an institution's ("Ali bin Omar Centre")


@rule("veto_agreement_name", "vetoes", lexicon=("agreement_nouns",))
def veto_agreement_name(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes the name of an agreement ("Implementation Arrangement", "Tarn Accord"): two or more
    words ending in an agreement noun."""
    return len(name.words) >= 2 and name.words[-1] in lexicon.words("agreement_nouns")


@rule("veto_document_part", "vetoes", lexicon=("document_parts",))
def veto_document_part(name: Name, lexicon: Lexicon) -> bool:
    """Vetoes a labelled part of a document or a programme: a part noun and its designator ("Appendix
    C", "Figure 4", "Track 2", "Phase II"), a letter, a number or a Roman numeral."""
    words = name.text.split()
    return len(words) == 2 and words[0].casefold() in lexicon.words("document_parts") and \
        re.fullmatch(r"[A-Z]|\d{1,2}[a-z]?|[IVX]{1,4}", words[1]) is not None


NAME_VETOES = (veto_shape, veto_never_player, veto_known_thing, veto_region_name, veto_academic_unit, veto_document_part, veto_group_noun, veto_lower_words, veto_agreement_name, veto_not_player_phrase, veto_not_player_word, veto_vocabulary_term, veto_publisher,
               veto_generic_opening, veto_bare_legal_suffix, veto_heading_words, veto_person_role,
               veto_person_title, veto_calendar, veto_handle,
               veto_honorific, veto_state, veto_reference_word, veto_lower_case, veto_device_name, veto_caption)


def name_veto(text: str, lexicon: Lexicon, lowercase: bool = False) -> str | None:
    """The id of the first name veto that refuses `text`, or None when every one lets it pass.
    (The vetoes read only the text and the lexicon: each answer is kept, a few thousand names.)"""
    memo = lexicon.__dict__.setdefault("_name_vetoes", {})
    key = (text, lowercase)
    if key in memo:
        return memo[key]
    if len(memo) >= NAME_VETO_MEMO:
        memo.clear()
    name = Name.of(text, lowercase)
    memo[key] = next((veto.rule_id for veto in NAME_VETOES if veto(name, lexicon)), None)
    return memo[key]


NAME_VETO_MEMO = 50_000


# ---------------------------------------------------------------- context vetoes

def _lower_words_before(doc: Doc, start: int, n: int) -> str:
    """The lower-case forms of the (at most) `n` tokens before token `start`, joined by spaces."""
    return " ".join(token_lowers(doc)[max(start - n, 0):start])


@rule("veto_person", "vetoes", lexicon=("person_roles", "study_roles", "speech_verbs", "unit_words", "org_head_words",
                                        "partner_titles"))
def person_context(span: Span, lexicon: Lexicon, people: set[str] = frozenset(), speech: bool = True) -> bool:
    """Vetoes a person: a known person's name or surname, or a name next to a role ("Its chief
    executive, Jane Roe, said"; "Jane Roe, the agency's head of exploration", "Ana Ruiz, a senior
    engineering student", "Jo Smith, founding partner of X", "Jo van Ark, who founded X"), or (unless
    `speech` is False) one PERSON entity beside a verb of saying
    that does not end in an organisation head word ("Tarn Space says" is a company's statement).
    "Acme's chief executive" is Acme's."""
    if span.text in people:
        return True
    doc = span.doc
    if span[0].ent_type_ != "PERSON" and any(lexicon.has(t, "unit_words") for t in span):
        return False                            # "Director, Tarn Observatory of Kanto, Ivo Brandt": the observatory
    lowers = token_lowers(doc)
    if span.start > 0 and doc[span.start - 1].text[:1].isupper() and is_honorific(lowers[span.start - 1], lexicon):
        return True                             # "Mr Brandt's company": a person, whatever follows
    if span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s"):
        return False
    roles = lexicon.words("person_roles")
    before = lowers[max(span.start - 4, 0):span.start]
    if any(w in roles for w in before) and (before[-1] == "," or before[-1] in roles):
        return True
    if titled_role_before(span, lexicon):
        return True
    if employee_of(span):
        return True
    if role_listed(span, lexicon):
        return True
    after = span.end                            # where the (at most six) words after the name start
    # "Ana Ruiz and Ivo Brandt, both ...": read after the last name (not after "Tarn Robotics and Ivo Brandt")
    if after < len(doc) and lowers[after] == "and" and not any(lexicon.has(t, "org_head_words") for t in span):
        j = after + 1
        while j < len(doc) and doc[j].pos_ == "PROPN":
            j += 1
        if j > after + 1 and j < len(doc) and doc[j].text == ",":
            after = j
    comma_after = after + 1 < len(doc) and lowers[after] == ","
    if comma_after and lowers[after + 1] == "who" and len(span) >= 2 and \
            span[0].ent_type_ == "PERSON" and not any(lexicon.has(t, "org_head_words") for t in span):
        return True                             # "Jo van Ark, who founded X in 2018, ...": a person
    if comma_after:
        roles = lexicon.union("person_roles", "study_roles")
        for t in doc[after + 1:after + 6]:      # "Ana Ruiz and Ivo Brandt, both assistant professors of ..."
            if t.text == "-" and not doc[t.i - 1].whitespace_:
                continue                        # "Co-Founder": one word
            if t.is_punct or t.pos_ in ("ADP", "SCONJ", "CCONJ", "AUX"):
                break                           # "X, along with engineers at Y": no appositive of X
            if t.lower_ in roles or (t.tag_ == "NNS" and t.lemma_.casefold() in roles):
                return True
            if t.lemma_.casefold() == "partner" and doc[t.i - 1].lower_ in lexicon.words("partner_titles"):
                return True                     # "Jo Smith, founding partner of X": a person's title
    if not speech or (len(span) >= 2 and span[-1].lower_ in lexicon.words("org_head_words")):
        return False                            # "Tarn Space says ...": a company's name, whatever its label
    said = lexicon.words("speech_verbs")
    before, after = span.start - 1, span.end
    speaker = after < len(doc) and doc[after].lower_ in said or \
        before >= 0 and doc[before].lower_ in said and span.root.head.i == before
    if len(span) < 2 or not speaker:            # "said Jane Roe", not "Roe said Tarn Space is ...": its subject
        return False
    # inside one PERSON entity (read from the tokens: doc.ents makes every entity's span anew)
    return span[0].ent_type_ == "PERSON" and all(t.ent_type_ == "PERSON" and t.ent_iob_ == "I" for t in span[1:])


TITLE_LINKS = {"of", "the", "and", "for", "&"}


def titled_role_before(span: Span, lexicon: Lexicon) -> bool:
    """"the Minister of the Economy, Ana Ruiz,": a role with its capitalised portfolio, then a comma,
    right before the name (a role word further back than `person_context`'s few words)."""
    doc = span.doc
    if span.start < 3 or doc[span.start - 1].text != ",":
        return False
    for j in range(span.start - 2, max(span.start - 10, -1), -1):
        t = doc[j]
        if t.lower_ in lexicon.words("person_roles") and t.text[:1].isupper():
            return j < span.start - 2
        if not (t.text[:1].isupper() or t.lower_ in TITLE_LINKS):
            return False
    return False


def employee_of(span: Span) -> bool:
    """"Ana Ruiz from the Tarn Institute of Technology", "Ana Ruiz at Tarn": a two-word PERSON
    entity followed by where that person works."""
    doc = span.doc
    if len(span) != 2 or not all(t.ent_type_ == "PERSON" for t in span) or span.end + 1 >= len(doc) or \
            doc[span.end].lower_ not in ("from", "at"):
        return False
    k = span.end + 1 + (doc[span.end + 1].lower_ == "the")
    return k < len(doc) and doc[k].ent_type_ == "ORG"


def role_listed(span: Span, lexicon: Lexicon) -> bool:
    """"founders Jane Roe and Ken Oda": a name right after a plural role noun, or joined by "and" to
    one that is."""
    doc = span.doc
    roles = lexicon.words("person_roles")

    def plural_role(t) -> bool:
        return t.tag_ == "NNS" and t.lower_.rstrip("s") in roles

    if span.start > 0 and plural_role(doc[span.start - 1]):
        return True
    root = span.root
    if root.dep_ == "conj":
        first = root.head
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        before = doc[max(first.left_edge.i - 1, 0):first.i]
        return all(t.pos_ == "PROPN" and t.is_title for t in span) and any(plural_role(t) for t in before)
    return False


@rule("veto_product", "vetoes", lexicon=("technology_heads", "org_cue_nouns", "org_head_words", "unit_words",
                                         "made_thing_verbs", "institution_words", "person_roles", "countries",
                                         "geography", "states_and_provinces"))
def product_context(span: Span, lexicon: Lexicon) -> bool:
    """Vetoes a product name: "its PolarScout drill", "the Halley-class lander", "Acme's Pathfinder
    bus", "its first tug, Kittiwake,", "its new Kittiwake", "a rover called Nomad", "Nomad has been
    designed to ..." (not the maker
    before a product noun, "a Tui Aerospace lander", "a TSA probe", "on Tarnix rockets", nor "a company
    called Ironhold")."""
    doc = span.doc
    if len(span) >= 2 and lexicon.has(span[-1], "unit_words") and span[-1].text[:1].isupper():
        return False                                        # "the agency's Tarn Flight Center": a unit
    if len(span) >= 3 and (span[0].lower_ in lexicon.words("institution_words") or lexicon.has(span[0], "unit_words")) \
            and span[1].lower_ == "of":
        return False                                        # "Norway's Ministry of Land and Seas": its ministry
    if len(span) >= 2 and is_legal_suffix(span[-1].lower_, lexicon):
        return False                                        # "a firm simply called Tarn Mining Ltd.": a firm
    heads = lexicon.words("technology_heads")
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ in lexicon.words("person_roles"):
        return False                                        # "Tarn's first TSA astronaut": the agency's
    if operator_acronym(span):
        return False                                        # "a TSA spacecraft": the agency's, no "TSA" spacecraft
    if nxt is not None and nxt.lower_ in heads and maker_name(span, lexicon):
        return False                                        # "a Tui Aerospace lander": who made it
    if nxt is not None and nxt.lower_ in heads and nxt.tag_ == "NNS" and \
            (span.start == 0 or doc[span.start - 1].pos_ not in ("DET", "NUM", "PRON", "PART", "CCONJ", "PUNCT")):
        return False                                        # "to fly on Tarnix rockets": who makes them, not
                                                            # "aboard Perdix and Tull rockets": a family's names
    if nxt is not None and (nxt.lower_ in heads or nxt.lower_ in ("-class", "class") or
                            (nxt.text == "-" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ == "class")):
        return True
    if span.root.dep_ == "nsubjpass" and span.root.head.lemma_.casefold() in lexicon.words("made_thing_verbs"):
        return True                                         # "PaleScan has been designed to ...": a thing
    first = span.start - 1
    while first > 0 and doc[first].pos_ == "ADJ" and doc[first].text.islower():
        first -= 1                                          # "its new Kittiwake"
    prev = doc[first] if first >= 0 else None
    if len(span) == 1 and prev is not None and prev.lower_ in ("'s", "’s") and first > 0 and \
            (doc[first - 1].ent_type_ == "GPE" or normalise(doc[first - 1].text) in region_names(lexicon)):
        return False                                        # "Tarnland's Velmora": the country's firm (one word)
    if prev is not None and prev.lower_ in ("its", "their", "'s", "’s") and not owned_actor(span):
        return True
    head = span.root.head
    if span.root.dep_ == "appos" and head.i < span.start and head.pos_ == "NOUN" and \
            lexicon.has(head, "technology_heads"):
        return True                                         # "its first tug, Kittiwake,"
    before = _lower_words_before(doc, span.start, 2)
    if not before.endswith(("known as", "called", "named", "dubbed", "codenamed", "code-named")):
        return False
    return not (named_org(span, lexicon) or (span.end < len(doc) and doc[span.end].lower_ == "as"))  # "known as LUPEX"


def _owned_pair(doc, i: int) -> bool:
    """From token `i`: a person's possessive, the name it owns, then the verb of the pair ("Ivo Brandt's
    Tarn Orbital are positioning ...")."""
    k = i
    while k < len(doc) and k - i < 4 and doc[k].pos_ == "PROPN" and doc[k].text not in ("'s", "’s"):
        k += 1
    owned = possessed_run(doc, k) if k > i else None
    return owned is not None and owned.end < len(doc) and doc[owned.end].pos_ in ("VERB", "AUX")


def owned_actor(span: Span) -> bool:
    """"Ana Ruiz's Velmora, meanwhile, ...", "Ana Ruiz's Velmora — one of the largest start-ups",
    "Ana Ruiz's Velmora and Ivo Brandt's Tarn Orbital are ...", "Japan's Velmora thinks ...": a name
    after the possessive of a person or a country that heads its own clause (a verb, a comma, a dash
    or a second such pair follows): who acts is an organisation, not a product."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ not in ("'s", "’s") or \
            doc[span.start - 2].ent_type_ not in ("PERSON", "GPE"):
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    person = doc[span.start - 2].ent_type_ == "PERSON"      # a country's name before a comma may be its facility
    if person and nxt is not None and nxt.lower_ == "and" and _owned_pair(doc, span.end + 1):
        return True                             # "Ana Ruiz's Velmora and Ivo Brandt's Tarn Orbital are ..."
    return nxt is not None and ((nxt.text in (",", "—", "–", "--") and person) or
                                (nxt.pos_ in ("VERB", "AUX") and span.root.dep_ in ("nsubj", "appos")))


@rule("veto_place", "vetoes", lexicon=("org_head_words", "place_heads", "state_words", "unit_words", "led_words"))
def place_context(span: Span, lexicon: Lexicon | None = None) -> bool:
    """Vetoes a place: "based in Toulouse", "the Republic of Paraguay", "their chamber in Lyon", or a
    GPE/LOC/NORP/FAC entity, unless the name ends in an organisation head word ("Wadi Minerals",
    "Andes Orbital": the model reads the place word) or a unit word ("Tarnfield Observatory")."""
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].lower_ == "in" and \
            doc[span.start - 2].lower_ in ("based", "headquartered", "located", "headquarters"):
        return True
    if lexicon is not None and maker_name(span, lexicon) and span[-1].lower_ not in lexicon.words("place_heads"):
        return False
    if lexicon is not None and len(span) >= 2 and span[-1].text[:1].isupper() and lexicon.has(span[-1], "unit_words") \
            and span[-1].lower_ not in lexicon.words("place_heads"):
        return False                            # "the Tarnfield Observatory": an institution, whatever its label
    if lexicon is not None and len(span) >= 3 and span[-1].lower_ in ("center", "centre") and \
            any(t.lower_ in lexicon.words("org_head_words") for t in span[1:-1]):
        return False                            # "the Tarnfield Space Flight Center": a space agency's centre
    if based_pair(span):
        return True                             # "Tarnfield-based Acme", "the Lyon and Turin-based company"
    prev = doc[span.start - 1] if span.start > 0 else None
    if lexicon is not None and span.start >= 2 and prev.lower_ == "of" and \
            doc[span.start - 2].lower_ in lexicon.words("state_words"):
        return True                             # "the Republic of Paraguay"
    if lexicon is not None and town_of_region(span, lexicon):
        return True                             # "Velmora of Tarnfield, Colorado": a town
    if len(span) == 1 and prev is not None and prev.head.i < prev.i and (
            (prev.lower_ in ("in", "near") and prev.head.pos_ == "NOUN") or
            (prev.lower_ == "from" and prev.head.text[:1].isupper())):
        return True                             # "their chamber in Lyon", "Pollux Dynamics from Accra"
    if lexicon is not None and prev is not None and prev.text.islower() and prev.lower_ in lexicon.words("org_cue_nouns"):
        return False                            # "the Israeli startup Tarsis": the cue noun names it, whatever its label
    if lexicon is not None and hyphened_before(doc, span.start, lexicon.words("led_words")) is not None:
        return False                            # "Jo Smith-led Tarsis": what someone leads is no place
    return any(e.label_ in ("GPE", "LOC", "NORP", "FAC") and e.start <= span.start and span.end <= e.end
               for e in entities(doc))


def hyphened_before(doc: Doc, i: int, words: frozenset[str]) -> Token | None:
    """The word hyphened onto one of `words` right before token `i` ("Tokyo" in "Tokyo-based X",
    "Smith" in "Jo Smith-led X"), or None."""
    if i < 3 or doc[i - 1].lower_ not in words or doc[i - 2].text not in ("-", "–") or doc[i - 2].whitespace_ or \
            doc[i - 3].whitespace_:
        return None
    return doc[i - 3]


def based_pair(span: Span) -> bool:
    """"bids by Tarnfield-based Acme", "the Lyon and Turin-based company": the place of a "-based"
    modifier, or a name joined to it by "and"."""
    doc = span.doc
    k = span.end
    if k + 1 < len(doc) and doc[k].lower_ == "and":
        k += 1
        while k < len(doc) and doc[k].pos_ == "PROPN":
            k += 1
        if k == span.end + 1:
            return False
    return based_at(doc, k)


def town_of_region(span: Span, lexicon: Lexicon) -> bool:
    """"... of Tarnfield, Colorado", "in Quarra, Japan", "Acme (Tarnfield, Colorado)": a name after
    "of"/"in"/"from" or an opening bracket, followed by a comma and a region the lexicon's geography
    knows, is a town."""
    from .geography import gazetteer
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].lower_ not in ("of", "in", "from", "(") or span.end + 1 >= len(doc) or \
            doc[span.end].text != ",":
        return False
    nxt = doc[span.end + 1:span.end + 3]
    if len(nxt) == 2 and nxt[1].tag_ == "POS":
        return False                            # "the mission of Tarn, Norway's first start-up": an appositive
    regions = gazetteer(lexicon).regions
    return nxt[0].text[:1].isupper() and (nxt[0].lower_ in regions or nxt.text.casefold() in regions)


def state_or_province(tokens: Span, lexicon: Lexicon) -> bool:
    """The tokens are a state or province of a federal country or a US postal code ("Utah", "Ontario",
    "NJ", "Calif.")."""
    text = tokens.text
    code = text.isupper() or text.endswith(".")         # "NJ", "Calif.", not the word "in" or "or"
    return (code and text.casefold() in lexicon.words("us_state_codes")) or text.casefold() in lexicon.words("states_and_provinces")


@rule("veto_address", "vetoes", lexicon=("states_and_provinces", "us_state_codes"))
def address_context(span: Span, lexicon: Lexicon) -> bool:
    """Vetoes the town and the state of an address written after a name: "Tarn Orbital, Korvel, OH:",
    "X of Korvel, Utah", "Ardmoor, Calif.", "X of Tarnfield, $6.2 million": a name followed by a
    comma and a state or province (or a US postal code), or after "of" and before an amount, is a
    town; a state or code after a capitalised word and a comma is a state."""
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.text == "," and span.start >= 2 and doc[span.start - 2].text[:1].isupper() and \
            state_or_province(span, lexicon):
        return True
    if prev is None or prev.lower_ not in (",", "of", "in", "from", "(") or span.end + 1 >= len(doc) or \
            doc[span.end].text != ",":
        return False
    for n in (3, 2, 1):                         # "New Mexico", "D.C.", "NJ"
        state = doc[span.end + 1:span.end + 1 + n]
        if len(state) == n and state_or_province(state, lexicon):
            return True
    amount = doc[span.end + 1:span.end + 3]     # "Velmora Robotics of Tarnfield, $6.2 million"
    return prev.lower_ == "of" and len(amount) == 2 and amount[0].text in ("$", "US$") and amount[1].like_num


@rule("veto_source", "vetoes", lexicon=("report_nouns", "attribution_verbs", "reporting_verbs", "credit_labels",
                                        "forecast_verbs", "source_nouns", "authoring_verbs"))
def source_context(span: Span, lexicon: Lexicon | None = None) -> bool:
    """Vetoes who is quoted as a source or publishes the text: "analysts at X", "according to (data firm) X",
    "as per X", a wire's "(X) — ...",
    "X is published by Y", "..., reported X", "as reported by X", "X reports: ...", "X reports that
    ...", "he told X", "(via X)", an image's "Credit: X" (`credit_line`), "X forecasts revenue of $N",
    "X's latest report forecasts ..." (`report_author`), a study's author ("a study performed by X",
    "a report by X": `study_author`), an example of a source ("catalogues like X")."""
    doc = span.doc
    start = span.start
    while start > 0 and span.start - start < 5 and doc[start - 1].text.islower() and \
            doc[start - 1].pos_ in ("NOUN", "ADJ", "PROPN"):
        start -= 1                              # "according to technology analytics firm X"
    before = _lower_words_before(doc, start, 2)
    if before.endswith(("analysts at", "analyst at", "analysts from", "according to", "economists at",
                        "published by", "reported by", "as per")):
        return True
    if REPORTS_OF.search(_lower_words_before(doc, start, 6)):
        return True                             # "as per the reports of X", "according to a report by X"
    if span.end + 2 < len(doc) and doc[span.end].text == "(" and doc[span.end + 1].is_upper and \
            doc[span.end + 2].text == ")" and span.start > 0 and doc[span.start - 1].lower_ == "by":
        return True                             # a wire byline, "by Ana Ruiz Lima (TNW)": a writer and a dateline
    if span.start >= 1 and doc[span.start - 1].text == "(" and span.end + 1 < len(doc) and \
            doc[span.end].text == ")" and doc[span.end + 1].text in ("—", "–", "-", "--") and \
            (span.start == 1 or doc[span.start - 1].is_sent_start):
        return True                             # "(Tarn Wire) — Interest in ...": a wire's credit
    if span.end + 1 < len(doc) and doc[span.end].lower_ in ("reports", "reported", "writes", "wrote") and \
            doc[span.end + 1].text == ":":
        return True                             # "The Lunar Ledger reports: ..." quotes an outlet
    if lexicon is not None and credit_line(span, lexicon):
        return True                             # "Image credit: Tarn Agency / Ana Ruiz": an image's source
    if span.start >= 2 and doc[span.start - 1].lower_ == "via" and doc[span.start - 2].text == "(":
        return True                             # "(via Orbital Weekly)"
    if lexicon is not None and span.end + 1 < len(doc) and doc[span.end].lower_ in lexicon.words("reporting_verbs") and \
            doc[span.end + 1].lower_ in ("that", "how"):
        return True                             # "Orbital Weekly reports that ...": a source
    if span.start > 0 and doc[span.start - 1].lower_ in ("told", "tells") and span.root.dep_ in ("dobj", "dative"):
        return True                             # "..., he told Orbital Weekly": an outlet
    if span.start >= 2 and doc[span.start - 1].lower_ in ("reported", "reports", "writes", "wrote") and \
            doc[span.start - 2].is_punct:
        return True                             # "...," reported Orbital Weekly on 2 May: an outlet
    if lexicon is not None and trailing_report(span, lexicon):
        return True                             # "..., the Orbital Ledger of Lima reported on Monday.": an outlet
    root = span.root                            # "The Orbital Ledger is published by ...": a publication
    if root.dep_ == "nsubjpass" and root.head.lemma_ == "publish":
        return True
    if lexicon is not None and root.dep_ == "nsubj" and root.head.lemma_.casefold() in lexicon.words("forecast_verbs") \
            and any(e.label_ in ("MONEY", "PERCENT") and e.start > root.head.i for e in root.sent.ents):
        return True                             # "Tarn Insight forecasts revenue of $12 billion by 2040": a source
    if lexicon is not None and (study_author(span, lexicon) or source_example(span, lexicon)):
        return True
    return lexicon is not None and report_author(span, lexicon)


def before_article(span: Span) -> int:
    """The index of the token before the span and its leading "the"s (-1 at the document's start)."""
    k = span.start - 1
    while k >= 0 and span.doc[k].lower_ == "the":
        k -= 1
    return k


def example_noun(span: Span):
    """The word before "like", "including" or "such as" right before the span ("catalogues like X":
    "catalogues"), or None."""
    doc = span.doc
    k = span.start - 1
    if k >= 1 and doc[k].lower_ == "as" and doc[k - 1].lower_ == "such":
        k -= 1
    elif k < 0 or doc[k].lower_ not in ("like", "including"):
        return None
    return doc[k - 1] if k >= 1 else None


def study_author(span: Span, lexicon: Lexicon) -> bool:
    """"A study performed by X", "a report by X", "research conducted by X": the agent of a report noun."""
    doc = span.doc
    k = before_article(span)
    if k < 1 or doc[k].lower_ != "by":
        return False
    head = doc[k].head
    if head.pos_ == "VERB" and head.lemma_.casefold() in lexicon.words("authoring_verbs"):
        head = head.head if head.dep_ == "acl" else head
    return head.pos_ == "NOUN" and head.lemma_.casefold() in lexicon.words("report_nouns")


def source_example(span: Span, lexicon: Lexicon) -> bool:
    """"catalogues like X", "outlets such as X": an example of a plural noun of sources."""
    noun = example_noun(span)
    return noun is not None and noun.lower_ in lexicon.words("source_nouns")


REPORTS_OF = re.compile(r"(?:according to|as per|per) (?:the |a |an )?(?:\w+ )?reports? (?:of|by|from)$")


def trailing_report(span: Span, lexicon: Lexicon) -> bool:
    """"X signed a deal with Y, the Orbital Ledger (of Lima) reported on Monday.": after a comma, the
    subject of a reporting verb that closes the sentence with nothing but a date is the outlet."""
    doc = span.doc
    k = before_article(span)
    if k < 0 or doc[k].text != ",":
        return False
    j = span.end
    if j + 1 < len(doc) and doc[j].lower_ == "of" and doc[j + 1].ent_type_ in ("GPE", "LOC"):
        j += 1
        while j < len(doc) and doc[j].ent_type_ in ("GPE", "LOC"):
            j += 1                              # "the Orbital Ledger of Lima"
    if j >= len(doc) or doc[j].lower_ not in lexicon.words("reporting_verbs"):
        return False
    rest = doc[j + 1:doc[j].sent.end]
    return all(t.is_punct or t.ent_type_ in ("DATE", "TIME") or t.lower_ in ("on", "in", "last", "this", "earlier")
               for t in rest)


def credit_line(span: Span, lexicon: Lexicon) -> bool:
    """A name in an image's credit line: after a credit label and its colon ("Credits: A / B",
    "Image credit: A", "Photo: A") in the same sentence, or in a copyright notice ("© 2024 A")."""
    doc = span.doc
    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
    mark = next((t.i for t in reversed(doc[max(sent.start, span.start - 4):span.start])
                 if t.text == "©" or t.lower_ == "copyright"), None)
    if mark is not None and all(t.like_num or t.is_punct for t in doc[mark + 1:span.start]):
        return True                             # "[© 2024 Tarn Wire": the copyright holder of the text
    colon = next((t.i for t in doc[sent.start:span.start] if t.text == ":"), None)
    if colon is None:
        return False
    label = " ".join(t.lower_ for t in doc[max(sent.start, colon - 2):colon])
    return any(label == w or label.endswith(" " + w) for w in lexicon.words("credit_labels"))


def report_author(span: Span, lexicon: Lexicon) -> bool:
    """"Tarn Insight's latest lunar markets report forecasts ...": the author of a report that
    forecasts or estimates is a data source, not a player."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].lower_ not in ("'s", "’s"):
        return False
    verbs = lexicon.words("attribution_verbs")
    for t in doc[span.end + 1:span.end + 8]:
        if t.is_punct:
            return False
        if t.lower_ in lexicon.words("report_nouns") and t.i + 1 < len(doc) and \
                (doc[t.i + 1].lower_ in verbs or (doc[t.i + 1].tag_ == "MD" and t.i + 2 < len(doc) and
                                                 doc[t.i + 2].lower_ in verbs)):
            return True                         # read from the words: the parser often takes "report" for the verb
    return False


@rule("veto_facility", "vetoes", lexicon=("facility_heads", "org_head_words", "legal_suffixes", "unit_words"))
def facility_context(span: Span, lexicon: Lexicon) -> bool:
    """Vetoes a station, programme or mission, not its operator: "an International Lunar Research
    Station", "the Artemis III mission", "Chang'e-7", "the Curation Facility for Lunar Samples", "a
    Tarn Direct-to-Phase II contract"; not an institution named by its field ("the Institute of
    Orbital Law")."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in ("a", "an") and \
            span.root.dep_ not in ("compound", "amod", "npadvmod", "nmod"):
        return True                             # not "an OSRA-led framework"
    if any(lexicon.has(t, "unit_words") and t.i + 1 < span.end and doc[t.i + 1].lower_ in ("of", "for")
           for t in span[:-1]):
        return False                            # "the International Institute of Lunar and Orbital Law": an institute
    if span[-1].lower_ in lexicon.words("facility_heads") or \
            any(t.lower_ in lexicon.words("facility_heads") and doc[t.i + 1].lower_ in ("for", "of", "to")
                for t in span[1:-1]):
        return True                             # "the Curation Facility for Lunar Samples", "Perdix Mission to Mars"
    if span.end + 1 < len(doc) and doc[span.end].text == "-" and not doc[span.end - 1].whitespace_ and \
            doc[span.end + 1].lower_ == "to":
        return True                             # "a Tarn Direct-to-Phase II contract": a programme's track
    if len(span) == 1 and NUMBER_LED_NAME.fullmatch(span.text):
        return False                            # "7KV co-led the round": a name written with a number
    numbers = [t for t in span if any(c.isdigit() for c in t.text)]
    if len(numbers) == 1 and numbers[0].i == span.start and len(span) >= 2 and \
            re.fullmatch(r"\d+[A-Za-z]+", numbers[0].text) and span[-1].lower_ in lexicon.words("org_head_words"):
        return False                            # "4D Systems": a firm's name that opens with a number and letters
    if len(numbers) == 1 and 0 < numbers[0].i - span.start < len(span) - 1 and \
            (span[-1].lower_ in lexicon.words("org_head_words") or span[-1].lower_.rstrip(".") in lexicon.words("legal_suffixes")):
        return False                            # "Explorer 1 Fund", "Orbit 7 Ventures": an organisation's name
    return any(c.isdigit() for c in span.text) or bool(re.search(r"\b(?!X$)[IVX]{1,4}$", span.text))
    # (a lone "X" ends a brand, "Tarn X", more often than it numbers a mission)


FORMULA = re.compile(r"(?:[A-Z][a-z]?\d*){1,4}")
NUMBER_LED_NAME = re.compile(r"\d[A-Z]{2,4}")
OPEN_QUOTES = ("“", '"', "‘")
CLOSE_QUOTES = ("”", '"', "’")


@rule("veto_quoted_title", "vetoes")
def quoted_title(span: Span) -> bool:
    """Vetoes a name inside a quoted title: the name of a campaign, a session or a talk written in
    quotes and in title case ("the “Grow Beyond Orbit” campaign", “Shaping the Future of Ice
    Mining”). Quoted speech, written in sentence case, keeps its names."""
    doc = span.doc
    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
    if len(span[0]) > 1 and span[0].text[0] in "“\"":
        opening = span.start - 1                # "“Grow" read as one token
    else:
        opening = next((t.i for t in reversed(doc[sent.start:span.end - 1]) if t.text in OPEN_QUOTES + CLOSE_QUOTES),
                       None)
        if opening is None or doc[opening].text not in OPEN_QUOTES:
            return False
        if doc[opening].text == '"' and sum(t.text == '"' for t in doc[sent.start:opening]) % 2 == 1:
            return False                        # a straight quote that closes an earlier one
    closing = next((t.i for t in doc[span.end:sent.end] if t.text[:1] in CLOSE_QUOTES), None)
    if closing is None:
        return False
    words = [t.text.strip("“”\"") for t in doc[opening + 1:closing]]
    words = [w for w in words if w.isalpha() and len(w) > 3]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


@rule("veto_common_noun", "vetoes", lexicon=("management_verbs", "actor_verbs"))
def common_noun(span: Span, lexicon: Lexicon) -> bool:
    """Vetoes one capitalised word the tagger reads as a common noun ("Artist's concept", "Dimensions
    | 2 m"): a word written with a capital only because it opens a sentence or a cell, not a name.
    Not the subject of a verb of running something or of one only an organisation or a person takes
    ("Tarntech manages the laboratory", "Telestra signs a contract")."""
    t = span[0]
    if t.dep_ == "nsubj" and (t.head.lemma_.casefold() in lexicon.words("management_verbs") or
                              t.head.lemma_.casefold() in lexicon.words("actor_verbs")):
        return False
    return len(span) == 1 and t.tag_ in ("NN", "NNS") and t.text.istitle() and t.is_alpha


@rule("veto_goal_heading", "vetoes", lexicon=("org_head_words", "legal_suffixes", "unit_words"))
def goal_heading(span: Span, lexicon: Lexicon) -> bool:
    """Vetoes a goal written in title case that opens with a verb ("Increase Access to Lunar Surfaces",
    "Expand Use of Orbit" in a programme's list of aims, "Using Driven Innovation"): the tagger reads
    its first word as a verb's base form or gerund at the start of the line, and no organisation word
    ends it."""
    first = span[0]
    return len(span) >= 2 and first.tag_ in ("VB", "VBG") and first.text[:1].isupper() and \
        (first.i == 0 or first.is_sent_start or first.doc[first.i - 1].is_punct) and \
        not organisation_word(span[-1].lower_, lexicon)


@rule("veto_defined_term", "vetoes", lexicon=("concept_nouns",))
def defined_term(span: Span, lexicon: Lexicon) -> bool:
    """Vetoes a word the sentence defines as a concept: the subject of "is a measure / a kind / a
    layer of ..." ("Albedo is a measure of how much light a body reflects"): a term, not a name."""
    root = span.root
    if len(span) != 1 or root.dep_ != "nsubj" or root.head.lemma_ != "be":
        return False
    return any(c.dep_ == "attr" and c.lemma_.casefold() in lexicon.words("concept_nouns") and
               any(p.dep_ == "prep" and p.lower_ == "of" for p in c.children) for c in root.head.children)


@rule("veto_event", "vetoes", lexicon=("event_words",))
def event_context(span: Span, lexicon: Lexicon) -> bool:
    """Vetoes an event, a meeting or its venue: a name ending in an event word ("the Regolith
    Roundtable"), followed by a capitalised one ("Tarn Resources Week 2026"), a session's title
    followed by who moderates it ("Regolith Futures, moderated by Ana Ruiz"), or the place an event
    is held at ("held at the Kirchberg Convention Hall")."""
    doc = span.doc
    events = lexicon.words("event_words")
    if span[-1].lower_ in events and span[-1].text[:1].isupper():
        return True
    if span.end < len(doc) and doc[span.end].lower_ in events and doc[span.end].text[:1].isupper():
        return True
    after = [t.lower_ for t in doc[span.end:span.end + 3]]
    if after[:1] == [","] and len(after) == 3 and after[1] in ("moderated", "chaired", "hosted") and after[2] == "by":
        return True                             # "... kicked off with Regolith Futures, moderated by Ana Ruiz": a session
    before = [t.lower_ for t in doc[max(span.start - 3, 0):span.start] if t.lower_ not in ("the", "a", "an")]
    return len(before) >= 2 and before[-2] in ("held", "hosted", "took", "staged") and before[-1] in ("at", "in")


TICKER = re.compile(r"[A-Z]{1,6}(?:\.[A-Z]{1,2})?|\d{3,6}")


@rule("veto_ticker", "vetoes")
def ticker_context(span: Span) -> bool:
    """Vetoes a stock exchange and a ticker: "(NYSE: TARN)", "TYO: 4821", "(Securities code: 4821)":
    a name right before a colon and a ticker (capitals or digits), or the ticker after one; and a
    ticker in square brackets after a name ("Tarn Orbital [TRN]")."""
    doc = span.doc
    after = span.end + 1 < len(doc) and doc[span.end].text == ":" and TICKER.fullmatch(doc[span.end + 1].text)
    ticker = span.start >= 2 and doc[span.start - 1].text == ":" and TICKER.fullmatch(span.text) and \
        doc[span.start - 2].text[:1].isupper()
    bracketed = 2 <= span.start and span.end < len(doc) and doc[span.start - 1].text == "[" and \
        doc[span.end].text == "]" and span.text.isupper() and len(span.text) <= 5 and doc[span.start - 2].text[:1].isupper()
    return bool(after or ticker or bracketed)


def context_veto(span: Span, lexicon: Lexicon, people: set[str], speech: bool = True) -> str | None:
    """The id of the first context veto that refuses the name at `span`, or None; `speech=False`
    leaves out the person veto's verb-of-saying reading, for a rule whose own evidence outweighs it.
    (Several candidate rules ask about the same span: the answer is kept per Doc, span, lexicon and
    people.)"""
    memo = cached(span.doc, "context_veto", lambda d: {})
    key = (span.start, span.end, id(lexicon), id(people), speech)
    found = memo.get(key)
    if found is None or found[0] is not people or found[1] is not lexicon:
        found = memo[key] = (people, lexicon, _context_veto(span, lexicon, people, speech))
    return found[2]


def _context_veto(span: Span, lexicon: Lexicon, people: set[str], speech: bool = True) -> str | None:
    if span.text in getattr(people, "first_named", ()):
        return "veto_first_name"
    if person_context(span, lexicon, people, speech):
        return person_context.rule_id
    if product_context(span, lexicon):
        return product_context.rule_id
    product = product_veto(span, lexicon)
    if product is not None and not (product == "product_head" and maker_name(span, lexicon)):
        return product
    if place_context(span, lexicon):
        return place_context.rule_id
    if address_context(span, lexicon):
        return address_context.rule_id
    if source_context(span, lexicon):
        return source_context.rule_id
    if ticker_context(span):
        return ticker_context.rule_id
    if facility_context(span, lexicon):
        return facility_context.rule_id
    if quoted_title(span):
        return quoted_title.rule_id
    if event_context(span, lexicon):
        return event_context.rule_id
    if common_noun(span, lexicon):
        return common_noun.rule_id
    if goal_heading(span, lexicon):
        return goal_heading.rule_id
    if defined_term(span, lexicon):
        return defined_term.rule_id
    return None


def not_an_org(span: Span, lexicon: Lexicon, people: set[str], speech: bool = True) -> bool:
    return context_veto(span, lexicon, people, speech) is not None


def operator_acronym(span: Span) -> bool:
    """"a TSA spacecraft", "an ESRO mission", "a TarnX rocket": one acronym or brand (letters only)
    between an indefinite article and a noun names whose thing it is; a product's own name takes "the"
    ("the MAPP rover")."""
    doc = span.doc
    return len(span) == 1 and span.start > 0 and doc[span.start - 1].lower_ in ("a", "an") and \
        span.text.isalpha() and OPERATOR_SHAPE.fullmatch(span.text) is not None and span.end < len(doc) and \
        doc[span.end].pos_ == "NOUN"


# An acronym ("TSA", "DoD") or a brand with a capital inside ("TarnX"): an operator's shape.
OPERATOR_SHAPE = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*")


def named_org(span: Span, lexicon: Lexicon) -> bool:
    """"The venture, named Selene Partners,", "a new company called Ironhold", "the accelerator known
    as Sparkwerx": the name of an organisation a cue noun introduces."""
    doc = span.doc
    i = span.start - 1
    if i >= 2 and doc[i].lower_ == "as" and doc[i - 1].lower_ == "known":
        i -= 1                                  # "the technology accelerator known as Sparkwerx"
    elif i < 1 or doc[i].lower_ not in ("named", "called", "dubbed"):
        return False
    i -= 1
    if doc[i].text == ",":
        i -= 1
    if i >= 2 and doc[i - 1].text == "-" and \
            f"{doc[i - 2].lower_}-{doc[i].lower_}" in lexicon.words("org_cue_nouns"):
        return True                             # "a start-up named Velm Dynamics" ("start", "-", "up")
    return i >= 0 and doc[i].pos_ == "NOUN" and lexicon.has(doc[i], "org_cue_nouns")


def maker_name(span: Span, lexicon: Lexicon) -> bool:
    """A name of two or more words ending in an organisation head word ("Tui Aerospace"), not in a
    word of the domain vocabulary: the maker's name even when it only modifies a product noun."""
    words = [t.lower_ for t in span]
    return len(words) >= 2 and words[-1] in lexicon.words("org_head_words") and \
        lexicon.vocabulary.lookup(span[0].text) is None and span[0].text[:1].isupper() and \
        (words[-1] not in lexicon.words("technology_heads") or plural_head_before_product(span, lexicon))


def plural_head_before_product(span: Span, lexicon: Lexicon) -> bool:
    """"another Tarn Machines lander", "a Kestrel Instruments spectrometer": a name ending in a plural
    head word that is also a product noun, written before another product noun, names the maker (a
    product is not named by one plural product noun before another)."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is not None and span[-1].tag_ == "NNPS" and nxt.lower_ != span[-1].lower_ and \
        (nxt.lower_ in lexicon.words("technology_heads") or nxt.lower_ in lexicon.words("facility_heads"))
