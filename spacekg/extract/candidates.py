"""Candidate rules: names proposed as players, each stamped with the id of the rule that proposed it.

Every rule reads the parsed blocks and hands names to the inventory (`PlayerIndex.add`), which
passes them through the name vetoes. Rules that read the model's entities or proper-noun runs
first pass the span through the context vetoes (vetoes.py: a person, a product, a place, a source,
a facility); what a veto refuses is recorded with the veto's id. `find_players` runs them in order.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .inventory import (LIST_RULES, NAME_CONNECTORS, PlayerIndex, abbreviated_suffix, abbreviates, clean_name,
                        drop_publisher, drop_things, fields_joined, headline_sentence, one_name_with_and, prune,
                        short_forms, split_merged)
from .clauses import cached, colon_intro, entities, possessed_run, third_person_stems, token_lowers, token_texts
from .lexicon import Lexicon
from .pipeline import ORGS_KEY
from .products import products_of
from .rules import rule
from .structure import FIRST_PERSON, in_prose, opening_blocks
from .tables import Header, player_cell
from .types import Source
from .geography import gazetteer
from .given_names import person_shaped
from .spans import admit_spans, proper_runs
from .vetoes import (context_veto, example_noun, hyphened_before, is_honorific, is_legal_suffix, lexicon_word, owned_actor, maker_name, named_org,
                     operator_acronym,
                     not_an_org, person_context, place_context, name_veto, product_context, source_context,
                     study_author, town_of_region)


@rule("players_table", "candidates", lexicon=("table_columns",))
def players_table(block, header: Header | None, index: PlayerIndex) -> bool:
    """Yields the player a company landscape table's row names in its player column ("Company |
    Focus" rows). True when the block is such a row (no other candidate rule reads it)."""
    name = player_cell(block.clean, header) if header is not None and in_prose(block) else None
    if name:
        index.add(name, players_table.rule_id, listed=True, source=Source.of(block))
    return bool(name)


@rule("players_list", "candidates")
def list_candidates(block, doc: Doc, index: PlayerIndex) -> None:
    """Yields the items of a key-players section: "Selenara Robotics, Inc.", "OSRA (in collaboration
    with ...)". Not a sentence, nor a place, a date or a number filling the item ("Denver" in a table's
    headquarters column: refused as veto_place)."""
    text = block.clean.split(" | ")[0]            # a table row: the first cell names the company
    text = re.split(r"\s+[–—-]\s+|:\s", text, maxsplit=1)[0]
    if len(text.split()) > 8:
        return
    if any(e.label_ in ("GPE", "LOC", "NORP", "DATE", "MONEY", "PERCENT", "CARDINAL")
           and e.start == 0 and e.end >= len(doc) - 1 for e in entities(doc)):
        index.reject(text, place_context.rule_id, list_candidates.rule_id, Source.of(block))
        return
    index.add(text, list_candidates.rule_id, listed=True, source=Source.of(block))


@rule("players_plain_list", "candidates", lexicon=("legal_suffixes",))
def plain_list(block, doc: Doc, index: PlayerIndex) -> None:
    """Yields the names of a key-players paragraph that is only a list: "Acme Lunar, Beta Orbital; Gamma Mining and Delta"."""
    if any(t.pos_ in ("VERB", "AUX") for t in doc) or len(re.findall(r"[,;]", block.clean)) < 2:
        return
    _enumerated(block.clean, index, plain_list.rule_id, Source.of(block))


@rule("players_heading_entries", "candidates", lexicon=("member_nouns", "institution_words", "org_head_words",
                                                        "legal_suffixes"))
def heading_entries(parsed: list[tuple], index: PlayerIndex) -> None:
    """Yields the names heading the entries under a line that introduces organisations and ends in a
    colon ("Eight university teams reached the final round:", then "Tarn Polytechnic University",
    its bullet points, "Velmora Institute of Technology", its bullet points, ...): the headings
    shaped like organisations' names, when there are two or more (`_organisation_shaped`)."""
    lex = index.lexicon
    members = lex.words("member_nouns")
    institutions = lex.words("institution_words")
    shaped = lex.words("org_head_words") | lex.words("legal_suffixes")
    blocks = [b for b, _ in parsed]
    for i, intro in enumerate(blocks):
        if intro.kind != "paragraph" or not intro.clean.rstrip().endswith(":") or \
                not any(w.casefold() in members for w in re.findall(r"[\w-]+", intro.clean)):
            continue
        heads = []
        for b in blocks[i + 1:]:
            if b.kind == "heading":
                heads.append(b)
            elif b.kind != "item":
                break
        entries = [(h, h.clean.rstrip(" *†‡")) for h in heads]
        orgs = [(h, name) for h, name in entries if _organisation_shaped(name, institutions, shaped)]
        if len(orgs) >= 2:
            for h, name in orgs:
                index.add(name, heading_entries.rule_id, listed=True, source=Source.of(h))


@rule("players_entry_headings", "candidates", lexicon=("back_reference_pronouns", "org_cue_nouns"))
def entry_headings(parsed: list[tuple], index: PlayerIndex) -> None:
    """Yields the names heading a directory's entries, each a short heading whose paragraph speaks of it
    as an organisation: "Velmora Robotics", then "Recipient of a lunar grant. They are building a
    drill"; "Tarn University", then "The University's laboratory tests ..." (a back-reference opening
    one of the paragraph's first sentences: lexicon `back_reference_pronouns`, or "The" and an
    organisation noun, `org_cue_nouns`; or the heading's name opening the paragraph,
    `_opens_with_name`). Two such entries at least, as a visit's stops, an award's recipients or a
    cohort's members are listed; a lone heading may be a section's title, and so is a
    heading in capitals ("EPISODE NOTES")."""
    found = []
    for (heading, _), (after, _) in zip(parsed, parsed[1:]):
        name = heading.clean.strip(" *†‡")
        words = name.split()
        if heading.kind != "heading" or after.kind != "paragraph" or not 1 <= len(words) <= 6 or \
                not words[0][:1].isupper() or name[-1:] in ".?!:;," or (len(words) > 1 and name.isupper()) or \
                not (_refers_back(after.clean, index.lexicon) or _opens_with_name(after.clean, name)):
            continue
        found.append((heading, name))
    if len(found) >= 2:
        for heading, name in found:
            index.add(name, entry_headings.rule_id, listed=True, source=Source.of(heading))


def _opens_with_name(text: str, name: str) -> bool:
    """A paragraph that opens with its heading's name as the subject or possessor of its first sentence
    ("Velmora Robotics", then "Velmora Robotics is building a drill" or "Velmora Robotics' rover ...")."""
    return bool(re.match(re.escape(name) + r"(?:['’]s?\s|\s+[a-z])", text.lstrip()))


def _refers_back(text: str, lexicon: Lexicon) -> bool:
    """A paragraph whose first words (up to forty) open a sentence with a pronoun or "The" and an
    organisation noun ("They are designing ...", "The company provides ...", "Its rover ..."): it is
    about an organisation named just before. A capital opens a sentence even where a line break lost
    the full stop ("Recipient of a grant They are ...")."""
    def compile(lex: Lexicon) -> re.Pattern:
        pronouns = "|".join(re.escape(w.capitalize()) for w in sorted(lex.words("back_reference_pronouns")))
        nouns = "|".join(re.escape(w) for w in sorted(lex.words("org_cue_nouns"), key=len, reverse=True))
        return re.compile(rf"(?:^|\s)(?:(?:{pronouns})|The (?i:{nouns}))(?:['’]s)?\b")
    return bool(lexicon.cached("back_reference", compile).search(" ".join(text.split()[:40])))


def _organisation_shaped(name: str, institutions: set[str], ends: set[str]) -> bool:
    """An institution word anywhere ("University of Tarn, Lisbon"), or an organisation word or a
    legal suffix last ("Tarn Robotics", "Velmora Lunar Inc.")."""
    words = [w.casefold().rstrip(".,") for w in name.split()]
    return len(words) >= 2 and (any(w in institutions for w in words) or words[-1] in ends)


def enum_cue(lexicon: Lexicon) -> re.Pattern:
    """A plural noun for organisations (the lexicon's `enumeration_nouns`) and, within the clause,
    the words or the colon that open a list of them ("companies operating in the market are",
    "corporations such as", "has selected four companies to ...: A; B; C"); or contracts awarded to
    several ("awarded contracts to A, B and C")."""
    def compile(lex: Lexicon) -> re.Pattern:
        nouns = "|".join(re.escape(w) for w in sorted(lex.words("enumeration_nouns"), key=len, reverse=True))
        return re.compile(rf"\b(?:{nouns})\b[^.:;]{{0,80}}?(?:\b(?P<cue>are|include|includes|including|such as|"
                          r"like|namely|comprise|profiled)\b:?|(?P<dash>\s[–—])|:)\s*"
                          r"|\b(?:awarded|granted)\s+(?:\S+\s+){0,3}?(?P<award>contracts|awards|grants)\s+to\s+", re.I)
    return lexicon.cached("enum_cue", compile)


ENUM_STOP = re.compile(r",?\s+(?:along with|among others|as well as|together with|etc|and others|and many others|"
                       r"and a\b|and several\b|and other\b|and various\b)\b.*$", re.I)


@rule("players_enumeration", "candidates", lexicon=("abbreviated_legal_suffixes", "legal_suffixes", "enumeration_nouns"))
def enumeration_candidates(block, index: PlayerIndex) -> None:
    """Yields the names an enumeration of players lists: "Major companies operating in the market are A, B, C and D" (to the end of the sentence,
    which a model may wrongly end at "Acme, Inc.")."""
    text = block.clean
    abbreviation = abbreviated_suffix(index.lexicon)
    sentence_end = re.compile(rf"(?:\b(?:{abbreviation}|[A-Z])\.|[.!?])(?=\s|$)", re.I)
    for m in enum_cue(index.lexicon).finditer(text):
        end = len(text)
        for stop in sentence_end.finditer(text, m.end()):
            if re.match(rf"(?:{abbreviation}|[A-Z])\.$", stop.group(), re.I):
                continue                        # an abbreviation, not the end of the sentence
            end = stop.end()
            break
        if m.group("cue") is None and m.group("dash") is None and m.group("award") is None and \
                not _town_list(text[m.end():end], index.lexicon):
            continue                            # a bare colon opens a list only as "A of X, Ohio; B ...; and C"
        _enumerated(text[m.end():end], index, enumeration_candidates.rule_id, Source.of(block))


def address_line(lexicon: Lexicon) -> re.Pattern:
    """A line that opens with a name and its town and US state, or its town and an amount: "Tarn
    Orbital, Korvel, OH: ...", "Quillon Energy LLC of Korvel, Utah, $2.1 million", "Velmora
    Robotics of Tarnfield, $6.2 million – ..."."""
    def compile(lex: Lexicon) -> re.Pattern:
        name = r"[A-Z][\w&.’'+-]*(?:\s+(?:&\s+)?[A-Z0-9][\w&.’'+-]*){0,5}(?:,?\s+[A-Z][A-Za-z.]{1,12})?"
        return re.compile(rf"(?P<name>{name})(?:(?:,|\s+of)\s+(?P<town>{TOWN}),\s+(?:{_states(lex)})"
                          rf"(?=[\s,:;.–—-]|$)|\s+of\s+(?P<town2>{TOWN}),\s+(?:US)?\$\s?\d)")
    return lexicon.cached("address_line", compile)


def bracket_address(lexicon: Lexicon) -> re.Pattern:
    """A name (or its possessive) with its town and US state in brackets, after the start of a clause:
    "...; Tarn Orbital's (Korvel, CO) experience in sample return", "and Velde Labs (Ardmoor, AZ)"."""
    def compile(lex: Lexicon) -> re.Pattern:
        name = r"[A-Z][\w&.’'+/-]*(?:\s+(?:&\s+)?[A-Z0-9][\w&.’'+/-]*){0,5}"
        return re.compile(rf"(?:^|(?<=[;:,•]\s)|(?<=\band\s))(?P<name>{name}?)(?:['’]s)?\s+"
                          rf"\((?P<town>{TOWN}),\s+(?:{_states(lex)})\)")
    return lexicon.cached("bracket_address", compile)


# A town's name in an address: one to three capitalised words ("Korvel", "West Korvel", "Ardmoor-Tarn").
TOWN = r"[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,2}"


def _states(lex: Lexicon) -> str:
    """The lexicon's states, provinces and US state codes as one alternation, longest first."""
    return "|".join(sorted((re.escape(str(w)) for w in lex.raw["states_and_provinces"] + lex.raw["us_state_codes"]),
                           key=len, reverse=True))


def address_towns(parsed: list[tuple], lexicon: Lexicon) -> set[str]:
    """The towns of the document's address lines and bracketed addresses: places, wherever a name is
    written "of" one."""
    found = (address_line(lexicon).match(block.clean) for block, _ in parsed)
    towns = {m.group("town") or m.group("town2") for m in found if m is not None}
    return towns | {m.group("town") for block, _ in parsed for m in bracket_address(lexicon).finditer(block.clean)}


@rule("players_address", "candidates", lexicon=("states_and_provinces", "us_state_codes"))
def address_candidates(block, index: PlayerIndex) -> None:
    """Yields the name that opens a line with its town and US state, as award lists write their
    winners: "Tarn Orbital, Korvel, OH: $9 million to fly ..." (the town and the state are places:
    vetoes.py, veto_address), and a name given its town and state in brackets ("; Velde Labs's
    (Ardmoor, AZ) experience with navigation")."""
    m = address_line(index.lexicon).match(block.clean)
    if m:
        index.add(m.group("name"), address_candidates.rule_id, source=Source(block, m.start("name"), m.end("name")))
    for m in bracket_address(index.lexicon).finditer(block.clean):
        index.add(m.group("name"), address_candidates.rule_id, source=Source(block, m.start("name"), m.end("name")))


def _town_list(rest: str, lexicon: Lexicon) -> bool:
    """"A of Tarnfield, Ohio; B of Kessel, Texas; and C": items split by semicolons, ending in a
    region the lexicon's geography knows."""
    regions = gazetteer(lexicon).regions
    items = rest.split(";")
    return len(items) >= 2 and any(_town_tail(i, regions) for i in items)


def _town_tail(item: str, regions) -> bool:
    """"B of Mojave, California": an item ending in a comma and a region the geography knows."""
    return "," in item and item.rsplit(",", 1)[1].strip(" .").casefold() in regions


def _enumerated(rest: str, index: PlayerIndex, rule_id: str, source: Source, names_only: bool = False) -> None:
    """The names of a list "A, B, C and D" (each capitalised, or a lower-case brand with a legal suffix),
    without the places in brackets after them ("A (Kent, Ohio); B (Lyon, France)"). With `names_only`,
    each item is cut where its capitalised words end ("TSA fund missions" -> "TSA")."""
    rest = PARENTHESES.sub("", rest) if names_only else PLACE_IN_BRACKETS.sub("", rest)   # "A (Kent, Ohio); B"
    rest = TICKERS.sub("", rest)                                              # "A [ACX], B (NYSE: BX)"
    rest = LISTED_RELATIVE.sub("", rest)        # "A, which is a subsidiary of B, C and D": the clause is no item
    rest = ENUM_STOP.sub("", rest.rstrip())
    rest = LIST_VERB.split(rest, maxsplit=1)[0]     # "such as A and B have made investments in X and Y"
    if not re.search(rf"\b{abbreviated_suffix(index.lexicon)}\.$", rest, re.I):
        rest = rest.rstrip(".")
    rest = re.split(r":|\s[–—-]\s", rest)[0]
    suffixes = "|".join(re.escape(w.rstrip(".")) for w in sorted(index.lexicon.words("legal_suffixes"), key=len,
                                                                  reverse=True))
    rest = re.sub(rf",\s*((?:{suffixes})\.?)(?=\s*(?:,|and\b|or\b|$))", r" \1", rest, flags=re.I)  # "Acme, Inc."
    if ";" in rest:                             # "A of Golden, Colorado; B of Mojave, California; and C"
        regions = gazetteer(index.lexicon).regions
        rest = "; ".join(i.rsplit(",", 1)[0] if _town_tail(i, regions) else i for i in rest.split(";"))
    items = _one_names(_closed_list(re.split(r"([,;]\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)", rest),
                                    index.lexicon), index.lexicon)
    items = [i.strip() for i in items if i.strip()]
    if len(items) < 2:
        return
    for item in items:
        item = re.split(r"\s+(?:among|in|which|that|who|have|has|are|is)\s+", item)[0]
        item = LISTED_OWNER.sub("", item)          # "Jo Roe's Tarnix": the owner's firm, not the owner
        if names_only and item[:1].isupper() and not re.match(r"^[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?['’]s\s+[a-z]", item):
            item = CAPITALISED_RUN.match(item).group().strip()
        words = item.split()
        lower_name = item[:1].islower() and (
            (len(words) == 1 and any(c.isupper() for c in item[1:])) or          # "eSpace"
            (len(words) == 2 and words[1].casefold().rstrip(".") in {w.rstrip(".") for w in
                                                                       index.lexicon.words("legal_suffixes")}))
        brand = listed_brand(item, items, index)
        if item[:1].isupper() or lower_name or brand:                           # "espace, inc."
            index.add(item, rule_id, source=source, lowercase=brand)


def _closed_list(parts: list[str], lexicon: Lexicon) -> list[str]:
    """A list's split (items and separators) up to where it ends: once an "and" or "or" has closed
    it, an item of lower-case words is the sentence going on, not a name ("A and B, both part of
    the agency's programme, launched in May and June, respectively": not "launched", nor
    "respectively"). A lower-case name with a legal form ("velmora ltd") stays an item."""
    suffixes = {w.rstrip(".") for w in lexicon.words("legal_suffixes")}
    closed = False
    out = parts[:1]
    for sep, item in zip(parts[1::2], parts[2::2]):
        words = item.split()
        if closed and item.strip()[:1].islower() and len(words) > 1 and \
                not any(w.casefold().rstrip(".") in suffixes for w in words[1:]):
            break
        closed = closed or bool(re.search(r"\b(?:and|or)\b", sep))
        out += [sep, item]
    return out


def _one_names(parts: list[str], lexicon: Lexicon) -> list[str]:
    """A list's items from its split (items and the separators between them), with two items only an
    "and" separates put back together when they are one name: fields before the "and" (the first
    word may be a country's name), a unit's name after it ("A; Solar and Dust Research Institute; and
    B", "Norway Astronomy and Space Science Institute"; inventory.one_name_with_and), not
    "A, Velmora and Tarn Research Institute"."""
    fields = lexicon.words("field_words")
    regions = lexicon.cached("country_words", lambda lex: frozenset(gazetteer(lex).regions) | lex.words("countries"))
    items = [parts[0]]
    for sep, item in zip(parts[1::2], parts[2::2]):
        first = [w.casefold() for w in items[-1].split()]
        if first and first[0] in regions and len(first) > 1:
            first = first[1:]                   # "Norway Astronomy and Space Science Institute": a country's
        if sep.strip() == "and" and first and all(w in fields for w in first) and \
                one_name_with_and(f"{items[-1].strip()} and {item.strip()}", lexicon):
            items[-1] = f"{items[-1].strip()} and {item.strip()}"
        else:
            items.append(item)
    return items


# A person who owns a listed name: "Jo Roe's Tarnix" (first and last name; not "Japan's velmora", nor a
# unit's owner, "TARN University's Space Hub").
LISTED_OWNER = re.compile(r"^[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}['’]s\s+(?=[A-Z])")


# A relative clause between commas inside a list ("A, which is a unit of B, C and D"): not an item.
LISTED_RELATIVE = re.compile(r",\s+(?:which|who)\s+[^,;]*(?=[,;])")


# Stock tickers written after names: "[ACX]", "(NYSE: ACX)", "(TSE: 9348)" (vetoes.py: veto_ticker).
TICKERS = re.compile(r"\s*(?:\[[A-Z]{1,5}\]|\([A-Z][A-Za-z ]{1,20}:\s*[A-Z0-9.]{1,6}\))")


# The verb after a list's last item: the list ends there.
LIST_VERB = re.compile(r"\s+(?:have|has|had|are|is|were|was|will|would|can|could|do|does|did)\s+")
CAPITALISED_RUN = re.compile(r"[A-Z0-9][\w&.+’'-]*(?:\s+(?:(?:of|for|de|du|des|et|and|&|the)\s+)*[A-Z0-9][\w&.+’'-]*)*")


def listed_brand(item: str, items: list[str], index: PlayerIndex) -> bool:
    """"Acme, velmora and Tarn Orbital": one lower-case word listed among capitalised names (after a
    place's possessive, "Japan's velmora") is a lower-case brand: not a small word, a vocabulary
    word, a plural, or a word of the kind of things listed ("others", "startups")."""
    word = re.sub(r"^[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?['’]s\s+", "", item)
    lex = index.lexicon
    if not re.fullmatch(r"[a-z][a-z0-9-]{3,}", word) or word.endswith("s") or \
            sum(1 for i in items if i[:1].isupper()) < 1:
        return False
    from spacy.lang.en.stop_words import STOP_WORDS
    return word not in STOP_WORDS and lex.vocabulary.lookup(word) is None and word not in lex.technology_forms and \
        not any(word in lex.words(k) for k in ("member_nouns", "generic_org_nouns", "org_cue_nouns", "org_head_words"))


ALIAS_DEF = re.compile(r"(?P<long>[A-Z][\w&.'’-]*(?:\s+(?:&\s+|of\s+|de\s+|del\s+|la\s+|des\s+|du\s+|der\s+|for\s+|"
                       r"and\s+|on\s+)?[A-Z][\w&.'’-]*)"
                       r"{0,7}),?\s*"
                       r"\(\s*(?P<q>[\"“'‘])?(?P<short>[A-Za-z][\w&.-]{1,20})[\"”'’]?\s*\)")


@rule("alias_definition", "candidates", lexicon=("org_head_words", "legal_suffixes"))
def alias_definitions(block, index: PlayerIndex) -> None:
    """Yields a name with its short form as an alias: "European Space Agency (ESA)", "Acme Lunar Inc. (\"Acme\")": the short form is an alias."""
    text = block.clean
    heads = index.lexicon.words("org_head_words") | index.lexicon.words("legal_suffixes")
    for m in ALIAS_DEF.finditer(text):
        long, short = m.group("long").strip(), m.group("short")
        key = index.resolve(index.key(clean_name(long, index.lexicon)))
        known = key in index.forms or any(key.startswith(k + " ") for k in index.forms)
        initials = _initials(re.findall(r"[A-Za-z][\w'-]*", long), NAME_CONNECTORS | {"inc", "ltd", "llc", "corp", "co"})
        fits = short.upper() == initials or short.upper().rstrip("S") == initials or \
            abbreviates(short, long) or (m.group("q") and short.casefold() in long.casefold())
        if fits and (known or (m.group("q") is not None) or long.split()[-1].casefold().rstrip(".") in heads):
            index.add(f"{clean_name(long, index.lexicon)} ({short})", alias_definitions.rule_id, source=Source.of(block))


def _initials(words: list[str], skip: set[str] = NAME_CONNECTORS) -> str:
    """The capitals of the words' first letters, small words (`skip`) left out."""
    return "".join(w[0] for w in words if w.casefold() not in skip).upper()


@rule("split_prefixed_definition", "inventory", lexicon=("unit_words",))
def prefixed_definitions(parsed: list[tuple], index: PlayerIndex) -> None:
    """Drops a name read together with what it runs, and yields the leading name as a player of its
    own: in "AGENCY Lunar Payload Services (LPS)" and "AGENCY's Lunar Payload Services (LPS)" the
    acronym's letters are the initials of the words after a leading name (written in capitals, or a
    player the document names elsewhere), not of the whole. The rest with its acronym is a unit of
    that player when it ends in a unit word or starts with one ("AGENCY Tarn Research Center (TRC)",
    "Tarn's College of Arts and Sciences (CAS)"); otherwise it is a
    programme or a product: its acronym, its name and the end of its name read alone are dropped
    where only weak rules proposed them."""
    heads = index.lexicon.words("unit_words")
    definitions = (m for block, _ in parsed if in_prose(block) for m in ALIAS_DEF.finditer(block.clean))
    for m in definitions:
        words, short = m.group("long").split(), m.group("short")
        if len(short) < 3 or not short.isupper() or _initials(words) == short.upper():
            continue
        cut = next((n for n in (1, 2) if len(words) - n >= 2 and _initials(words[n:]) == short.upper()), None)
        if cut is None:
            continue
        prefix, rest = re.sub(r"['’]s$", "", " ".join(words[:cut])), " ".join(words[cut:])
        prefix_key = index.resolve(index.key(prefix))
        if not (prefix.isupper() and len(prefix) >= 2 or prefix_key in index.forms):
            continue
        tail = rest.split()
        unit = tail[-1].casefold() in heads or tail[0].casefold() in heads     # "... Research Center", "College of ..."
        merged = index.resolve(index.key(m.group("long")))
        if merged in index.forms and merged != prefix_key:
            cand = max(index.forms[merged].values(), key=lambda c: c.rank)
            index.drop(merged, prefixed_definitions.rule_id)
            index.add(prefix, cand.rule, source=cand.source)
            if unit:
                index.add(f"{rest} ({short})", cand.rule, source=cand.source)
        if unit:
            continue
        named = dict.fromkeys(index.resolve(index.key(n)) for n in [short] + [" ".join(tail[i:]) for i in range(len(tail) - 1)])
        for key in named:       # the programme's acronym, name and the end of its name read alone (in text order)
            if index.weakly_held(key):
                index.drop(key, prefixed_definitions.rule_id)


def after_dateline(span: Span) -> Span:
    """"LISBON - Marisco Space": a news story's dateline (a city in capitals and a dash) read into
    the name that follows it."""
    if span.start == 0 and len(span) > 2 and span[0].is_upper and span[0].is_alpha and len(span[0]) > 1 and \
            span[1].text in ("-", "--", "–", "—") and all(t.pos_ == "PROPN" for t in span[2:]):
        return span[2:]
    return span


@rule("ner_org", "candidates", lexicon=("person_roles", "role_modifiers"))
def ner_candidates(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon, people: set[str]) -> None:
    """Yields the trained model's ORG entities in prose (a dateline, a person "of" it, a place "of" an
    institution, the start of a person's role, "Technical" of "Technical Director", and a partner
    after "with" trimmed; two names an appositive counts, "A and B, two start-ups", apart), unless a
    context veto refuses them or the entity is a one-word modifier of a common noun ("Sovereign funds")."""
    if len(doc) < 4:
        return                  # a table cell or a bare list item: the model has no context to judge
    end = 0                     # where the last entity, extended, ends
    for ent in entities(doc):
        if ent.label_ != "ORG" or ent.end <= end:
            continue            # "Arts, Games" inside "the Ministry of Schools, Arts, Games, ..."
        ent = with_place_of(after_person_of(after_dateline(ent), people, lexicon), lexicon)
        ent = before_possessive(ent, lexicon)
        ent = before_role(ent, lexicon)
        if len(ent) > 1 and ent[-1].pos_ == "CCONJ":
            ent = ent[:-1]                      # "7KV and": the model's entity ran on into the list
        partner = next((t.i for t in ent[1:] if t.lower_ == "with" and t.pos_ == "ADP"), None)
        if partner is not None:
            ent = ent.doc[ent.start:partner]    # "Tarn Institute with Velm University": on into a partner
        ent = extend_into(ent, lexicon, index, block, ner_candidates.rule_id)
        ent = with_lower_brand(ent, lexicon)
        end = ent.end
        if headline_verb(ent, lexicon):
            index.reject(ent.text, headline_verb.rule_id, ner_candidates.rule_id, Source.of(block, ent))
            ent = ent[:-1]
        if person_before_of(ent, lexicon):
            continue
        veto = context_veto(ent, lexicon, people)
        if veto is None and clean_name(ent.text, lexicon) in people and clean_name(ent.text, lexicon) != ent.text:
            veto = first_name_people.rule_id        # "https://... Ivo Brandt &": a byline after an address
        if veto is not None:
            index.reject(ent.text, veto, ner_candidates.rule_id, Source.of(block, ent))
        elif not _modifier(ent):
            for part in described_pair(ent):
                index.add(part.text, ner_candidates.rule_id, source=Source.of(block, part))


def before_role(ent: Span, lexicon: Lexicon) -> Span:
    """"Tarnix Technical Director Jo Ruiz": the entity without the first words of a person's role that
    it ran into (the lexicon's role_modifiers before a role noun)."""
    doc = ent.doc
    if ent.end >= len(doc) or doc[ent.end].lower_ not in lexicon.words("person_roles"):
        return ent
    end = ent.end
    while end - 1 > ent.start and doc[end - 1].lower_ in lexicon.words("role_modifiers"):
        end -= 1
    return doc[ent.start:end]


def described_pair(ent: Span) -> list[Span]:
    """The entity, or its two names where an appositive counts them: "Kestrel and Astrion, two
    start-ups from Pune" (the model read one organisation called "Kestrel and Astrion")."""
    doc = ent.doc
    ands = [t.i for t in ent if t.lower_ == "and" and t.pos_ == "CCONJ"]
    if len(ands) != 1 or ent.end + 1 >= len(doc) or doc[ent.end].text != "," or \
            doc[ent.end + 1].lower_ not in ("two", "both"):
        return [ent]
    i = ands[0]
    return [p for p in (doc[ent.start:i], doc[i + 1:ent.end]) if len(p)]


@rule("trim_possessed", "candidates", lexicon=("unit_words",))
def before_possessive(ent: Span, lexicon: Lexicon) -> Span:
    """Yields the owner where the model's entity runs on past a possessive ("Arvo Systems’s Pale
    Lidar Upgrade received ..."): what follows is the owner's product or project, read on
    its own by the proper-noun rules. Not an owner's unit ("the University of Tarn’s Space
    Laboratory", ending in a unit word): that is the player (inventory.owned_unit drops the owner
    where the unit has a name of its own); nor a country's ("Norway’s Ministry of Fisheries"): the
    player is what follows."""
    if len(ent) > 1 and ent[-1].tag_ == "POS":
        ent = ent.doc[ent.start:ent.end - 1]    # "Tarn Resources' extractor": the owner, without its mark
    marks = [t.i for t in ent[1:-1] if t.tag_ == "POS"]
    if not marks or lexicon.has(ent[-1], "unit_words"):
        return ent
    owner = ent.doc[ent.start:marks[0]]
    if gazetteer(lexicon).regions.get(owner.text.casefold()) == owner.text:
        return ent.doc[marks[0] + 1:ent.end]
    return owner


@rule("extend_name", "candidates", lexicon=("unit_words", "name_continuers", "campus_heads", "field_words",
                                            "countries"))
def extended(span: Span, lexicon: Lexicon) -> Span:
    """Yields the whole name where the model's entity stops short: a unit's name goes on through
    "for"/"of" and its capitalised field ("the Office for Outer Orbit Affairs", "Laboratory for
    Atmospheric Physics"), and any name goes on through a small word of the languages names are
    kept in ("Banque de Crédit et d'Épargne"), a unit's through "of the" and the institution it
    belongs to ("Dust Institute of the Tarn Academy of Sciences"), a ministry's through its list of
    fields and a university's through its campus ("University of Tarn at Lorvik"). A unit's name
    begins at the field before its "and" ("the Solar and Dust Physics Institute", not "Dust Physics
    Institute"). A place after "of" is `with_place_of`'s, a person's organisation after "of" is not
    part of the person."""
    doc = span.doc
    continuers = lexicon.words("name_continuers")
    end = span.end
    if span.start >= 2 and doc[span.start - 1].text == "(" and doc[span.start - 2].is_upper and \
            doc[span.start - 2].is_alpha:       # "QROVE (Quarry Robotics Operations for Venus and Earth)"
        close = next((t.i for t in doc[span.end:span.end + 12] if t.text == ")"), None)
        if close is not None and close > span.end and abbreviates(doc[span.start - 2].text, doc[span.start:close].text):
            return doc[span.start:close]
    while end + 1 < len(doc):
        word = doc[end]
        unit = doc[end - 1].lower_ in lexicon.words("unit_words") and word.lower_ in ("for", "of")
        if not (unit or word.lower_ in continuers or (word.lower_ in ("d'", "d’", "l'", "l’"))):
            break
        j = end + 1
        if j < len(doc) and doc[j].lower_ in ("d'", "d’", "l'", "l’"):
            j += 1                          # "et d'Investissement"
        if unit and j + 1 < len(doc) and doc[j].lower_ == "the" and _institution_after(doc, j + 1, lexicon):
            j += 1                          # "Dust Physics Institute of the Tarn Academy of Sciences"
        k = _capital_run(doc, j, ("and", "&"))
        if k == j or (unit and any(e.start == j and e.label_ == "PERSON" and e.end == k for e in entities(doc))):
            break
        end = k
    end = _field_list_end(doc, span.start, end, lexicon)
    end = _field_and_end(doc, span.start, end, lexicon)
    end = _campus_end(doc, span.start, end, lexicon)
    start = _field_and_start(doc, span.start, end, lexicon)
    if (start, end) == (span.start, span.end):
        return span
    return doc[start:end]


def _capital_run(doc: Doc, j: int, joints: tuple[str, ...]) -> int:
    """The end of the capitalised words from token `j`, through a joint word between two of them
    ("Dust and Crater", "Polar-Ice")."""
    k = j
    while k < len(doc) and (_capital(doc[k]) or (k > j and doc[k].lower_ in joints and
                                                 k + 1 < len(doc) and _capital(doc[k + 1]))):
        k += 1
    return k


def _institution_after(doc: Doc, j: int, lexicon: Lexicon) -> bool:
    """Whether the capitalised words from token `j` name an institution (hold one of the lexicon's
    `unit_words`): "the Tarn Academy of Sciences", not "the Moon"; nor one the text gives an acronym
    of its own ("Velm Laboratories of the Tarn Institute of Technology (TIT)": two players; but "Dust
    Institute of the Tarn Academy of Sciences (DIT)" is one)."""
    k = _capital_run(doc, j, ("and", "&"))
    while k + 1 < len(doc) and doc[k].lower_ in ("of", "for") and _capital(doc[k + 1]):
        k = _capital_run(doc, k + 1, ("and", "&"))
    defined = k + 1 < len(doc) and doc[k].text == "(" and abbreviates(doc[k + 1].text, doc[j:k].text)
    return k > j and not defined and any(t.lower_ in lexicon.words("unit_words") for t in doc[j:k])


def _campus_end(doc: Doc, start: int, end: int, lexicon: Lexicon) -> int:
    """"the University of Tarn at Lorvik": a university's name goes on through "at" and its campus."""
    while start < end and doc[start].pos_ == "DET":
        start += 1
    if start >= end or doc[start].lower_ not in lexicon.words("campus_heads") or end + 1 >= len(doc) or \
            doc[end].lower_ != "at":
        return end
    k = end + 1
    while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper():
        k += 1
    return k if k > end + 1 else end


def _field_and_end(doc: Doc, start: int, end: int, lexicon: Lexicon) -> int:
    """"the Tarn Institute of Dust and Crater Engineering", "the Velm Agency for Polar-Ice Science":
    a unit's field, named after "of"/"for", goes on past "and", "&" or a hyphen when what follows is
    capitalised words ending in a field word (lexicon `field_words`) and holding no unit word of its
    own (not "the Institute of Dust and the Velm Agency")."""
    units = lexicon.words("unit_words")
    if end + 1 >= len(doc) or not any(doc[i].lower_ in ("of", "for") and doc[i - 1].lower_ in units
                                      for i in range(start + 1, end - 1)):
        return end
    joint = doc[end]
    if not (joint.lower_ in ("and", "&") or (joint.text == "-" and not doc[end - 1].whitespace_)):
        return end
    k = _capital_run(doc, end + 1, ("and", "&", "-"))
    words = [t.lower_ for t in doc[end + 1:k] if t.is_alpha]
    if not words or words[-1] not in lexicon.words("field_words") or any(w in units for w in words) or \
            any(t.ent_type_ in ("PERSON", "GPE") for t in doc[end + 1:k]):
        return end
    return k


def _field_list_end(doc: Doc, start: int, end: int, lexicon: Lexicon) -> int:
    """"the Ministry of Schools, Arts, Games, Physics and Technology", "the Centre for Dust, Orbits,
    and Tides": an institution's name goes on through a list of one-word fields after "of" or "for"
    up to the "and" (or ", and") that ends it: past two commas
    ("the Ministry of Quarries, Energy, and Water"), or one when every word of the list is one of the
    lexicon's `field_words` ("the Department of Trade, Science and Energy"). Not through an
    acronym, an organisation's entity or a person's or place's name ("the Ministry of Quarries, TSA
    and VSA")."""
    of = next((t.i for t in doc[start:end] if t.lower_ in ("of", "for")), None)
    if of is None or not any(t.lower_ in lexicon.words("institution_words") for t in doc[start:of]):
        return end
    fields = lexicon.words("field_words")

    def field(i: int) -> bool:        # (a one-word "person" is no person's name: "..., and Tides")
        t = doc[i] if i < len(doc) else None
        person = t is not None and t.ent_type_ == "PERSON" and i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I"
        return t is not None and _capital(t) and not t.is_upper and t.ent_type_ != "GPE" and not person and \
            (t.lower_ in fields or not (t.ent_type_ == "ORG" and t.ent_iob_ == "B"))

    listed = [doc[end - 1].lower_]
    k = end
    while k + 1 < len(doc) and doc[k].text == ",":
        j = k + 1
        if doc[j].lower_ == "and" and field(j + 1):            # "..., Energy, and Water"
            last = j + 1
        elif not field(j):
            return end
        elif j + 2 < len(doc) and doc[j + 1].lower_ == "and" and field(j + 2):
            listed.append(doc[j].lower_)
            last = j + 2
        elif j + 1 < len(doc) and doc[j + 1].text == ",":
            listed.append(doc[j].lower_)
            k = j + 1
            continue
        else:
            return end
        listed.append(doc[last].lower_)
        commas = sum(1 for t in doc[of:last] if t.text == ",")
        return last + 1 if commas >= 2 or all(w in fields for w in listed) else end
    return end


def _field_and_start(doc: Doc, start: int, end: int, lexicon: Lexicon) -> int:
    """"the Solar and Dust Physics Institute", "Tarn Astronomy and Crater Science Institute": a unit's
    name (it holds a unit word, and no "the" opens it) begins at the capitalised words before its
    "and" when they are fields (lexicon `field_words`; the first may be a country's name), are not
    the field of a name before them ("the Academy of Sciences and Velm Space Institute"), and the
    block names them nowhere but before an "and"; not a company's name ("Tarn Robotics and Velm
    Space Institute": "Tarn" is no field). A unit named by fields alone begins at the fields after
    its owner's name ("UTarn Solar and Space Physics Laboratory": "Solar and Space Physics Laboratory")."""
    units, fields = lexicon.words("unit_words"), lexicon.words("field_words")
    if start < 2 or doc[start].pos_ == "DET" or doc[start - 1].lower_ not in ("and", "&") or \
            not _capital(doc[start - 2]) or doc[start - 2].lower_ not in fields or \
            not any(t.lower_ in units for t in doc[start:end]):
        return start
    j = start - 2
    while j > 0 and _capital(doc[j - 1]) and start - j < 4 and doc[j - 1].pos_ != "DET":
        j -= 1
    run = doc[j:start - 1]
    before = doc[j - 1] if j > 0 else None
    if before is not None and (before.lower_ in ("of", "for", "and", "&") or
                               (_capital(before) and before.pos_ != "DET")):
        return start                # "the Office of Robotics and ...": the field of the unit before
    country = run[0].ent_type_ in ("GPE", "NORP") or run[0].lower_ in lexicon.words("countries")
    strange = [t.i for t in run if t.lower_ not in fields and not (t.i == j and country)]
    if strange and all(t.lower_ in fields or t.lower_ in units for t in doc[start:end]):
        j, strange = strange[-1] + 1, []    # "UTarn Solar and Space Physics Laboratory": a name of fields
        run = doc[j:start - 1]              # alone begins after its owner's name (the word before "and" is a field)
    if strange or doc.text.count(run.text) > doc.text.count(run.text + " and "):
        return start
    return j


def with_lower_brand(span: Span, lexicon: Lexicon) -> Span:
    """"velmora Technologies, a Lisbon firm": a lone organisation word the model tagged, after a
    lower-case word that is no small word nor a vocabulary word, is a lower-case brand's name."""
    doc = span.doc
    if len(span) != 1 or span.start == 0 or span[0].lower_ not in lexicon.words("org_head_words"):
        return span
    prev = doc[span.start - 1]
    if prev.is_alpha and prev.text.islower() and len(prev) >= 3 and not prev.is_stop and \
            lexicon.vocabulary.lookup(prev.text) is None and prev.lower_ not in lexicon.technology_forms and \
            (prev.i == 0 or doc[prev.i - 1].is_sent_start or doc[prev.i - 1].pos_ not in ("DET", "ADJ", "NUM")):
        return doc[span.start - 1:span.end]
    return span


def _capital(token) -> bool:
    """A capitalised word, or one elided onto a capitalised word ("d’Investissement")."""
    t = token.text
    return t[:1].isupper() or (len(t) > 2 and t[0] in "dlDL" and t[1] in "'’" and t[2].isupper())


VERB_KEYS = ("org_subject_verbs", "membership_verbs", "technology_verbs", "event_verbs", "joint_work_verbs",
             "commissioning_verbs", "funding_verbs", "fundraising_verbs", "member_verbs")


@rule("trim_headline_verb", "candidates", lexicon=VERB_KEYS + ("org_head_words",))
def headline_verb(span: Span, lexicon: Lexicon) -> bool:
    """Trims the verb a title-case headline glues onto the name before it ("Velmora Aims to ...",
    "Tarn Unites the ..."): in a headline-style line, a name's last word that is a verb of the
    lexicon with a third-person "-s" (and not an organisation word: "Works") is cut off."""
    if len(span) < 2:
        return False
    last = span[-1]
    if not (last.text[:1].isupper() and last.lower_.endswith("s")) or lexicon.has(last, "org_head_words"):
        return False
    stems = third_person_stems(last.lower_)
    if not any(stem in lexicon.words(k) for k in VERB_KEYS for stem in stems):
        return False
    sent = span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]
    return headline_sentence(sent)


def extend_into(span: Span, lexicon: Lexicon, index: PlayerIndex, block, proposer: str) -> Span:
    """`span` extended by `extended`; the short form is recorded as trimmed by extend_name."""
    longer = extended(span, lexicon)
    if (longer.start, longer.end) != (span.start, span.end):
        index.reject(span.text, extended.rule_id, proposer, Source.of(block, span))
    return longer


@rule("org_suffix", "candidates", lexicon=("legal_suffixes", "us_state_codes"))
def suffix_candidates(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon, vetoed: bool = True) -> None:
    """Yields "Capitalised Words Inc./Ltd./Corporation" (the pipeline's spacekg_org_suffix spans),
    unless it names a product, a place or a study's author (with `vetoed`; the opening of a document
    is not vetoed).
    A lower-case brand the document already names as a player, just before it, is part of the name:
    "acme Europe S.A." is acme's subsidiary, its own player, not "Europe S.A."."""
    for span in doc.spans.get(ORGS_KEY, []):
        span = with_place_of(with_brand(span, index), lexicon)
        d = span.doc
        span = with_fields_before(span, lexicon)
        if span.start >= 2 and d[span.start - 1].text in ("-", "–") and not d[span.start - 1].whitespace_ and \
                not d[span.start - 2].whitespace_ and d[span.start - 2].text[:1].isupper():
            span = d[span.start - 2:span.end]   # "Tarrow-Velde Corporation": the hyphened first word is the name's
        if span[-1].lower_ in lexicon.words("us_state_codes") and span[-1].text.isupper() and \
                span.start + 1 < span.end and d[span.end - 2].text == ",":
            continue                                # "(Korvel, CO)": a town and its state, no "Co."
        if span.end < len(d) and not span[-1].whitespace_ and d[span.end].text in ("-", "–"):
            continue                                # "Ana Ruiz, Co-Founder of X": a word, no legal suffix
        veto = None
        if vetoed:
            veto = product_context.rule_id if product_context(span, lexicon) else \
                place_context.rule_id if place_context(span, lexicon) else \
                source_context.rule_id if study_author(span, lexicon) else None   # "a study performed by X Corp."
        if veto is not None:
            index.reject(span.text, veto, suffix_candidates.rule_id, Source.of(block, span))
        else:
            index.add(span.text, suffix_candidates.rule_id, source=Source.of(block, span))


def with_fields_before(span: Span, lexicon: Lexicon) -> Span:
    """"Tarn Research and Development Inc.": `span` ("Development Inc.") with the name before "and",
    when fields on both sides of "and" make one name (inventory.fields_joined)."""
    d = span.doc
    if span.start < 2 or d[span.start - 1].lower_ != "and" or not d[span.start - 2].text[:1].isupper():
        return span
    start = span.start - 2
    while start > 0 and span.start - 1 - start < 4 and d[start - 1].text[:1].isupper() and d[start - 1].is_alpha:
        start -= 1
    longer = d[start:span.end]
    return longer if fields_joined(longer.text, lexicon) else span


def with_brand(span: Span, index: PlayerIndex) -> Span:
    """`span` with the lower-case brand before it ("acme" + "Europe S.A."), when the inventory already
    holds that brand as a player, or when the rest is only a place and a legal form: no firm is
    called "Europe S.A.", so the word before it, no vocabulary word, is its brand."""
    if span.start == 0:
        return span
    prev = span.doc[span.start - 1]
    if not (prev.is_alpha and prev.text[:1].islower() and not prev.is_stop):
        return span
    lexicon = index.lexicon
    place_only = len(span) >= 2 and is_legal_suffix(span[-1].lower_, lexicon) and \
        " ".join(t.text for t in span[:-1]).casefold() in gazetteer(lexicon).regions and \
        lexicon.vocabulary.lookup(prev.text) is None and prev.lower_ not in lexicon.technology_forms
    if index.key(prev.text) in index.forms or place_only:
        return span.doc[span.start - 1:span.end]
    return span


@rule("org_cue", "candidates", lexicon=("org_cue_nouns", "founding_verbs"))
def org_cue(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name after an organisation cue noun ("the startup Xyz", "Company Aral Orbit",
    a person's "Jane Roe's company Xyz", not "the firm's Xyz"), one a cue noun calls so ("a new
    company called Ironhold"), or the first example of a plural one ("firms such as Xyz")."""
    doc = chunk.doc
    cues = lexicon.words("org_cue_nouns")
    before = doc[max(chunk.start - 2, 0):chunk.start]
    possessive = [t for t in before if t.lower_ in ("'s", "’s")]
    persons = all(t.i > 0 and doc[t.i - 1].ent_type_ == "PERSON" for t in possessive)   # "Jane's company X"
    return (any(t.lower_ in cues and not _ends_a_name(t) for t in before) and
            not any(t.lower_ in ("of", "for") for t in before) and
            (not possessive or persons)) or named_org(chunk, lexicon) or cue_list_head(chunk, lexicon)


def _ends_a_name(t: Token) -> bool:
    """"The Tarn Space Agency funds X": a capitalised cue noun after a capitalised word ends a name."""
    return t.text[:1].isupper() and t.i > 0 and t.doc[t.i - 1].text[:1].isupper() and t.doc[t.i - 1].is_alpha


def cue_list_head(chunk: Span, lexicon: Lexicon) -> bool:
    """"companies like X", "start-ups such as X", "firms including X": a plural cue noun and a word
    that introduces its examples, right before the name."""
    noun = example_noun(chunk)
    return noun is not None and noun.tag_ in ("NNS", "NNPS") and lexicon.has(noun, "org_cue_nouns")


@rule("org_appositive", "candidates", lexicon=("org_cue_nouns",))
def org_appositive(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name with an organisation appositive: "X, a Seattle-based asteroid mining
    startup, ...", "X, a maker of dust shields"."""
    return appositive_cue(chunk, lexicon)


@rule("org_role", "candidates", lexicon=("person_roles", "field_words"))
def org_role(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields the organisation a person's role is held at: "chief executive of X", "Founder & CEO at X".
    Not a portfolio named by fields alone ("Minister of Innovation", "Secretary of Energy")."""
    fields = lexicon.words("field_words")
    return role_of(chunk, lexicon) and not all(t.lower_ in fields for t in chunk if t.is_alpha)


@rule("org_head", "candidates", lexicon=("org_head_words", "institution_words"))
def org_head(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name of two or more words ending in an organisation head word ("Selenara
    Robotics"), not opening with a vocabulary or heading word; or an institution's name written in
    its own language, its head word first ("Politecnico di Tarno", "Universidad de Lorvik")."""
    if len(chunk) >= 3 and chunk[0].lower_ in lexicon.words("institution_words") and \
            chunk[1].lower_ in NAME_CONNECTORS - {"of", "and", "the", "for"}:
        return True
    return len(chunk) >= 2 and chunk[-1].lower_ in lexicon.words("org_head_words") and \
        not lexicon_word(chunk[0].lower_, lexicon)


@rule("org_based", "candidates", lexicon=("geography",))
def org_based(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name right after a place and "-based" ("Tokyo-based Velmora", "a
    Lisbon-headquartered Tarn Orbital"): what a place is the base of is an organisation. Not a
    technique ("Laser-based Extraction"): the word before "-based" must be a place; and not a word
    that describes a noun after it ("a Lisbon-based IT consultant")."""
    return based_on_place(chunk.doc, chunk.start, lexicon) and not (chunk.root.dep_ == "compound" and
                                                                  chunk.root.head.i >= chunk.end)


def based_on_place(doc: Doc, i: int, lexicon: Lexicon) -> bool:
    """Token `i` follows "<place>-based" (or another of the gazetteer's based words)."""
    place = hyphened_before(doc, i, gazetteer(lexicon).based_words)
    return place is not None and (place.ent_type_ in ("GPE", "LOC") or place.text.casefold() in gazetteer(lexicon).regions)


@rule("org_led", "candidates", lexicon=("led_words",))
def org_led(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name right after "<Name>-led" or "-backed", "-owned" ("Jo Smith-led Velmora",
    "Tarn-backed Velmora"): what a person or a firm leads, backs or owns is an organisation. Not a
    name that describes a noun after it ("the Tarn-led Velmora mission")."""
    leader = hyphened_before(chunk.doc, chunk.start, lexicon.words("led_words"))
    return leader is not None and leader.text[:1].isupper() and \
        not (chunk.root.dep_ == "compound" and chunk.root.head.i >= chunk.end)


@rule("org_subject", "candidates", lexicon=("org_subject_verbs",))
def org_subject(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name that is the subject of an organisation verb ("X announced ...", "X, which
    has signed ...")."""
    return _subject_of(chunk, lexicon.words("org_subject_verbs"))


@rule("org_partner", "candidates", lexicon=("collaboration_cues", "joint_work_nouns", "joint_work_verbs"))
def org_partner(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name after "with" that follows a word of working together ("a partnership
    with Xyz", "a joint mission with Xyz")."""
    return chunk.root.dep_ == "pobj" and chunk.root.head.lower_ == "with" and _with_partner(chunk.root.head, lexicon)


@rule("org_defined", "candidates", lexicon=("org_cue_nouns",))
def org_defined(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name the text defines as an organisation: the subject of "is a/an ... <cue
    noun>" ("Velmora is a Lisbon-based start-up", "Tarn was a company that ..."), whatever label the
    model gave it; or "X is one of the companies ...", "X is among the firms ..."."""
    root = chunk.root
    if root.dep_ != "nsubj" or root.head.lemma_ != "be" or root.i > root.head.i:
        return False
    for attr in root.head.children:
        if attr.dep_ == "attr" and attr.i > root.i and lexicon.has(attr, "org_cue_nouns") and \
                any(c.lower_ in ("a", "an") for c in attr.children):
            return True
        if attr.i > root.i and _one_of_cue_nouns(attr, lexicon):
            return True
    return False


def _one_of_cue_nouns(t: Token, lexicon: Lexicon) -> bool:
    """"one of the companies", "one of three start-ups", "among the firms": a member of a plural cue noun."""
    if t.dep_ == "attr" and t.lower_ == "one":
        preps = [c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"]
    elif t.dep_ == "prep" and t.lower_ == "among":
        preps = [t]
    else:
        return False
    def plural_cue(o: Token) -> bool:
        start_ups = o.lower_ == "ups" and o.i >= 2 and o.doc[o.i - 2].lower_ == "start"     # "start-ups": 3 tokens
        return o.dep_ == "pobj" and o.tag_ == "NNS" and (lexicon.has(o, "org_cue_nouns") or start_ups)
    return any(plural_cue(o) for p in preps for o in p.children)


@rule("org_maker", "candidates", lexicon=("technology_heads",))
def org_maker(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name whose possessive owns a product ("Xyz's lunar rover", "Xyz's Falcon 4
    launcher", "Xyz's Danish-made lander"): who builds or flies a named machine is an organisation."""
    doc = chunk.doc
    if chunk.end + 1 >= len(doc) or doc[chunk.end].lower_ not in ("'s", "’s"):
        return False
    for t in doc[chunk.end + 1:chunk.end + 7]:
        hyphened = t.text in ("-", "–") and not t.whitespace_ or \
            doc[t.i - 1].text in ("-", "–") and not doc[t.i - 1].whitespace_
        if hyphened:
            continue                            # a hyphened modifier: "Danish-made"
        if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP", "CCONJ"):
            return False
        if t.pos_ == "NOUN" and t.head.i == t.i or t.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos"):
            return lexicon.has(t, "technology_heads")
    return False


@rule("org_context", "candidates", lexicon=("person_roles", "org_cue_nouns"))
def org_context(chunk: Span, lexicon: Lexicon, people: set[str]) -> bool:
    """Yields a name the model calls a place or a facility when a role, an organisation appositive or
    a definition says it is an organisation ("CEO of Andes", "Wadi, a Lisbon startup", "Wadi is a
    company ..."): the context beats the model's label. Not a person, a product or a source."""
    return not (person_context(chunk, lexicon, people) or product_context(chunk, lexicon) or
                source_context(chunk, lexicon)) and \
        (role_of(chunk, lexicon) or appositive_cue(chunk, lexicon, head_only=True) or org_defined(chunk, lexicon))


@rule("org_affiliation", "candidates")
def org_affiliation(chunk: Span, lexicon: Lexicon, people: set[str] = frozenset()) -> bool:
    """Yields the organisation a named person is from, of or at ("Ana Ruiz from Velmora", "said
    Ken Oda of the Tarn Institute"): a person's affiliation is an organisation, whatever label the
    model gave it (a place, nothing). Not a place after a person's "from" ("from Lisbon"): the
    document must not use the name as a place elsewhere (`index.places` judges that later)."""
    doc = chunk.doc
    i = chunk.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ not in ("from", "of", "at") or town_of_region(chunk, lexicon):
        return False                            # (not "X of Tarnfield, Colorado": a town)
    if any(e.label_ == "PERSON" and e.end == i and len(e) >= 2 for e in entities(doc)):
        return True
    return any(doc[i - 1].text == p.split()[-1] for p in people if len(p.split()) >= 2)


@rule("org_employer", "candidates", lexicon=("person_roles", "facility_heads", "product_heads"))
def org_employer(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields the organisation that employs or belongs to a person: a name modifying a person's role
    ("a former Velmora engineer", "Tarn Orbital CEO Ana Ruiz", "Velmora space systems head Ana Ruiz"),
    or one a named person owns ("Ana Ruiz's Velmora, meanwhile, ..." and not her product: the name
    heads its phrase)."""
    root = chunk.root
    if _unit_role_after(chunk, lexicon):
        return True
    if root.dep_ == "compound" and root.head.i == chunk.end and lexicon.has(root.head, "person_roles") and \
            root.head.tag_ in ("NN", "NNS", "NNP") and not any(t.ent_type_ in ("NORP", "GPE", "LOC") for t in chunk) and \
            chunk.text.casefold() not in gazetteer(lexicon).regions:
        return True
    return person_owned(chunk)


def _unit_role_after(chunk: Span, lexicon: Lexicon) -> bool:
    """"Velmora space systems head Ana Ruiz said": a person's role after the name with one to three
    lower-case words of a unit between, and the person's capitalised name after the role. Not when a
    word between names a programme, a mission or a product ("Perdix program manager Ana Ruiz")."""
    doc = chunk.doc
    things = ("facility_heads", "product_heads")
    k = chunk.end
    while k + 2 < len(doc) and k - chunk.end <= 3:
        t = doc[k]
        if not (t.is_alpha and t.text.islower()) or t.is_stop or lexicon.has(t, *things):
            return False
        if lexicon.has(t, "person_roles"):
            return k > chunk.end and all(doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() for j in (k + 1, k + 2))
        k += 1
    return False


def person_owned(chunk: Span) -> bool:
    """"Ana Ruiz's Velmora, meanwhile, ...": a name after a full-named person's possessive that
    heads its own phrase (a comma or a verb follows)."""
    doc = chunk.doc
    return chunk.start >= 3 and doc[chunk.start - 3].ent_type_ == "PERSON" and owned_actor(chunk)


@rule("org_before_cue", "candidates", lexicon=("org_cue_nouns",))
def org_before_cue(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a name right before a lower-case organisation cue noun that itself names an organisation
    ("Tarnwell Accelerator startup Velmora", "Brisk contractor Velmora"): what a start-up, a contractor
    or a subsidiary belongs to is an organisation. Not a place or a nationality ("Houston startup X",
    and after an article, "the Almaty firm X", where the model often misses the place), nor a
    capitalised word of the domain or one that opens the sentence alone ("Mining startup X")."""
    doc = chunk.doc
    k = chunk.end
    if k + 1 >= len(doc) or not doc[k].text.islower() or doc[k].lower_ not in lexicon.words("org_cue_nouns"):
        return False
    if doc[k + 1].pos_ != "PROPN" or not doc[k + 1].text[:1].isupper():
        return False
    if len(chunk) == 1 and (chunk[0].is_sent_start or chunk.start == 0):
        return False
    if chunk.start > 0 and doc[chunk.start - 1].pos_ == "DET":
        return False                            # "the Almaty firm X": after an article, most often a place
    if any(t.ent_type_ in ("GPE", "NORP", "LOC", "DATE") for t in chunk) or \
            chunk.text.casefold() in gazetteer(lexicon).regions:
        return False
    return not any(lexicon_word(t.lower_, lexicon) for t in chunk)


CHUNK_RULES = (org_cue, org_appositive, org_defined, org_role, org_head, org_based, org_led, org_subject,
               org_partner, org_maker, org_employer, org_before_cue)


def cue_candidates(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon, people: set[str]) -> None:
    """Runs the proper-noun rules over every run of proper nouns: the first of CHUNK_RULES that fires
    names it, after the context vetoes (which `org_context` can overrule)."""
    cues = lexicon.words("org_cue_nouns")
    for chunk in with_cue_runs(list(proper_chunks(doc)), doc, lexicon):
        chunk = after_role_of(after_person_of(chunk, people, lexicon), lexicon)
        chunk = extended(chunk, lexicon)
        source = Source.of(block, chunk)
        if len(chunk) >= 2 and chunk[0].lower_ in cues and chunk[0].text[:1].isupper() and \
                chunk[1].text[:1].isupper():
            chunk = chunk[1:]                   # "Company Aral Orbit is occupied with ...": a cue in capitals
            veto = context_veto(chunk, lexicon, people)
            if veto is None:
                index.add(chunk.text, org_cue.rule_id, source=source)
            else:
                index.reject(chunk.text, veto, org_cue.rule_id, source)
            continue
        veto = context_veto(chunk, lexicon, people)
        if veto is not None:
            if org_context(chunk, lexicon, people):
                index.add(chunk.text, org_context.rule_id, source=source)
            elif veto == place_context.rule_id and org_affiliation(chunk, lexicon, people) and \
                    not place_words_before(chunk):
                index.add(chunk.text, org_affiliation.rule_id, source=source)
            elif veto == place_context.rule_id and org_unit(chunk, lexicon):
                index.add(chunk.text, org_unit.rule_id, source=source)
            elif veto == product_context.rule_id and org_employer(chunk, lexicon) and person_owned(chunk):
                index.add(chunk.text, org_employer.rule_id, source=source)
            else:
                proposer = next((r for r in CHUNK_RULES if r(chunk, lexicon)), None)
                if proposer is not None:
                    index.reject(chunk.text, veto, proposer.rule_id, source)
            continue
        fired = next((r for r in CHUNK_RULES if r(chunk, lexicon)), None)
        if fired is None and org_affiliation(chunk, lexicon, people):
            fired = org_affiliation
        if fired is not None:
            index.add(chunk.text, fired.rule_id, source=source)


@rule("org_unit", "candidates", lexicon=("unit_words",))
def org_unit(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields an organisation's unit named after its possessive ("the Agency's Tarn Flight Center",
    "OSRA's Basalt Laboratory"): two or more capitalised words ending in a unit word, owned by an
    organisation (an ORG entity or an acronym), whatever place label the model gave the unit."""
    doc = chunk.doc
    if len(chunk) < 2 or not lexicon.has(chunk[-1], "unit_words") or chunk.start < 2 or \
            doc[chunk.start - 1].lower_ not in ("'s", "’s"):
        return False
    owner = doc[chunk.start - 2]
    return owner.ent_type_ == "ORG" or (owner.is_upper and owner.is_alpha and len(owner) >= 2)


def place_words_before(chunk: Span) -> bool:
    """"the city of X", "the state of X": a place's own words right before the name."""
    doc = chunk.doc
    return chunk.start >= 2 and doc[chunk.start - 2].lower_ in ("city", "state", "province", "town", "region")


def after_role_of(chunk: Span, lexicon: Lexicon) -> Span:
    """"CEO of Xyz" read as one run of proper nouns: the role is not part of the name (org_role then
    reads the role before it). Not "Head of Programmes at Xyz", where the organisation follows."""
    doc = chunk.doc
    if chunk.end < len(doc) and doc[chunk.end].lower_ in ("at", "for", "with"):
        return chunk                            # "Head of Programmes at Lyra": the role goes on to "at"
    for t in chunk:
        if t.lower_ == "of" and t.i > chunk.start and t.i + 1 < chunk.end and \
                all(w.lower_ in lexicon.words("person_roles") or w.text == "&" for w in doc[chunk.start:t.i]):
            return doc[t.i + 1:chunk.end]
    return chunk


def with_place_of(span: Span, lexicon: Lexicon) -> Span:
    """"the Federal Institute of Lunar Engineering of Recife": an institution's name goes on
    through "of" and a place the model left outside it; so does a name ending in one of the lexicon's
    `national_heads` through "of" and a country ("Export Bank of Norway", "Growth Finance Corp. of
    Norway"), not through "of" and a town ("Tarn Mining Corp. of Denver")."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].lower_ != "of":
        return span
    institution = any(t.lower_ in lexicon.words("institution_words") for t in span)
    if not institution and span[-1].lower_ not in lexicon.words("national_heads"):
        return span
    end = span.end + 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
        end += 1
    if not 1 <= end - span.end - 1 <= 2 or any(e.label_ in ("ORG", "PERSON") and e.start == span.end + 1
                                               for e in entities(doc)):
        return span
    if not institution and gazetteer(lexicon).regions.get(doc[span.end + 1:end].text.casefold()) != \
            doc[span.end + 1:end].text:
        return span                             # a region's own name (a country), not a town within one
    return doc[span.start:end]


def person_before_of(span: Span, lexicon: Lexicon) -> bool:
    """"Ivo Brandt of Sierra Orbital" read as two names: the first, person-like, is the person."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].lower_ != "of":
        return False
    tail = next((c for c in proper_chunks(doc[span.end + 1:]) if c.start == span.end + 1), None)
    return tail is not None and after_person_of(doc[span.start:tail.end], set(), lexicon).start == tail.start


def after_person_of(chunk: Span, people: set[str], lexicon: Lexicon) -> Span:
    """"Tom Ward of Castor Launch": a person of an organisation names the organisation.

    The part before "of" is a person when the model tags it PERSON, the document names that person
    elsewhere, or it is two or three title-case words before a name that ends in an organisation
    head word; "University of X", "Institute of X" are untouched."""
    doc = chunk.doc
    for t in chunk:
        if t.lower_ != "of" or t.i == chunk.start or t.i + 1 >= chunk.end:
            continue
        head, tail = doc[chunk.start:t.i], doc[t.i + 1:chunk.end]
        if any(w.lower_ in lexicon.words("institution_words") for w in head):
            continue                            # "University of X", "School of X"
        person_like = 2 <= len(head) <= 3 and all(w.text.istitle() and w.is_alpha for w in head) and \
            maker_name(tail, lexicon) and \
            not any(w.lower_ in lexicon.words("org_head_words") for w in head)
        if person_like or head.text in people or \
                any(e.label_ == "PERSON" and e.start <= head.start and e.end == t.i for e in entities(doc)):
            return tail
    return chunk


@rule("lowercase_brand", "candidates", lexicon=("org_subject_verbs", "technology_verbs", "org_cue_nouns", "furniture_words",
                                               "relation_nouns"))
def lowercase_brands(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon,
                     slots: dict[str, list] | None = None) -> None:
    """Yields lower-case brands: "oreline will mature its software": a sentence that opens with a lower-case word acting as the
    subject of an organisation verb names a lower-case brand (prose sentences start with a capital);
    so does a lower-case word with an organisation appositive ("nemora, a Nairobi startup", "its
    teammate nemora, a Lima startup"), and one
    the text uses where only a name fits twice over (`_lowercase_name_slots`): in this block, or,
    given the document's `slots` to gather into, anywhere in the document (`lowercase_slot_names`)."""
    verbs = lexicon.words("org_subject_verbs") | lexicon.words("technology_verbs")
    cues = lexicon.words("org_cue_nouns")
    for t in _before_comma(doc):                # "nemora, a Nairobi startup that builds probes"
        if t.is_alpha and t.text.islower() and len(t) >= 3 and t.pos_ in ("NOUN", "PROPN", "ADJ") and \
                appositive_cue(doc[t.i:t.i + 1], lexicon) and doc[t.i + 2].lower_ in ("a", "an") and \
                not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in _unrelated(t, lexicon)) and \
                (t.i == 0 or doc[t.i - 1].pos_ not in ("DET", "ADJ", "PRON", "NUM")) and \
                t.lower_ not in cues and t.lower_ not in lexicon.words("generic_org_nouns") and \
                lexicon.vocabulary.lookup(t.text) is None and t.lower_ not in lexicon.technology_forms:
            index.add(t.text, lowercase_brands.rule_id, lowercase=True, source=Source.of(block, doc[t.i:t.i + 1]))
    for sent in doc.sents:
        first = sent[0]
        if not (first.is_alpha and first.text.islower() and len(first) >= 3) or first.pos_ in ("PRON", "DET"):
            continue
        if first.dep_ != "nsubj" or first.head.lemma_.casefold() not in verbs or \
                any(c.dep_ in ("det", "amod", "compound", "poss") for c in first.children):
            continue
        if lexicon.vocabulary.lookup(first.text) is not None or first.lower_ in lexicon.technology_forms or \
                first.lower_ in lexicon.words("furniture_words"):
            continue                            # "date 2031-02-17 The start-up ...": a page's label
        index.add(first.text, lowercase_brands.rule_id, lowercase=True, source=Source.of(block, sent[0:1]))
    found = {w: [(block, t) for t in tokens] for w, tokens in _lowercase_name_slots(doc, lexicon, verbs, cues).items()}
    if slots is None:
        lowercase_slot_names(found, index)
    else:
        for w, tokens in found.items():
            slots.setdefault(w, []).extend(tokens)


def _unrelated(t: Token, lexicon: Lexicon) -> list[Token]:
    """A word's modifiers, less a relation noun before it and that noun's owner ("its teammate
    nemora", "our partner nemora"): a relation to another firm is said only of a name."""
    related = [c for c in t.children if c.dep_ == "compound" and c.lower_ in lexicon.words("relation_nouns")]
    if not related:
        return list(t.children)
    return [c for c in t.children if c not in related and c.dep_ != "poss"]


def lowercase_slot_names(slots: dict[str, list], index: PlayerIndex) -> None:
    """Admits the lower-case words used where only a name fits at least twice over, counted across
    the blocks `slots` gathers ("founder and CEO of oreline." in one paragraph, "developed by
    oreline's subsidiary" in another)."""
    for found in slots.values():
        if len(found) >= 2:
            block, t = found[0]
            index.add(t.text, lowercase_brands.rule_id, lowercase=True, source=Source.of(block, t.doc[t.i:t.i + 1]))


def _before_comma(doc: Doc) -> list[Token]:
    """The tokens a comma follows, two or more tokens before the block's end: where an appositive
    ("X, a Nairobi startup") can begin (`appositive_cue` asks for no other)."""
    texts = token_texts(doc)
    return [doc[i] for i in range(len(texts) - 3) if texts[i + 1] == ","]


def _lowercase_name_slots(doc: Doc, lexicon: Lexicon, verbs: set[str], cues: set[str]) -> dict[str, list[Token]]:
    """Lower-case words the block uses where only a name fits, each with its tokens counted by weight
    (a name is one used so at least twice over, `lowercase_slot_names`): right after a lower-case
    organisation noun with no determiner and before a verb, "and" or a comma, or a full stop after a
    nationality ("Japanese firm oreline and ...", "built by Japanese company oreline.", which counts
    twice: nothing but a name follows a bare "firm" there; "investor confidence." and "a company
    email" do not qualify), as the bare subject of an organisation verb inside a sentence
    ("Last week, oreline announced"), after a place's "-based" ("Tokyo-based oreline, ..."), after a
    person's role ("CEO of oreline"), between commas after such a noun ("services company, oreline,"),
    as a bare possessive ("oreline's lander") and owned by a country before a verb or a comma
    ("Japan's oreline will ..."). Common nouns in
    those places carry a determiner or a plural."""
    def word(t: Token) -> bool:
        return t.is_alpha and t.text.islower() and len(t) >= 3 and t.tag_ in ("NN", "NNP") and \
            t.lower_ not in cues and t.lower_ not in lexicon.words("generic_org_nouns") and \
            lexicon.vocabulary.lookup(t.text) is None and t.lower_ not in lexicon.technology_forms
    evidence: dict[str, list[Token]] = {}
    for i, text in enumerate(token_texts(doc)):
        if not (text.islower() and len(text) >= 3):
            continue                            # `word` asks this first, of the text alone
        t = doc[i]
        if not word(t):
            continue
        before = doc[t.i - 1] if t.i else None
        after = doc[t.i + 1] if t.i + 1 < len(doc) else None
        bare = not any(c.dep_ in ("det", "amod", "compound", "poss", "nummod") for c in t.children)
        weight = 0
        if before is not None and before.text in cues and (t.i < 2 or doc[t.i - 2].pos_ not in ("DET", "PRON")) \
                and not any(c.dep_ in ("det", "poss") for c in t.children) and after is not None \
                and (after.pos_ in ("VERB", "AUX", "CCONJ") or after.text == "," or
                     (after.lower_ == "to" and t.i + 2 < len(doc) and doc[t.i + 2].tag_ == "VB") or
                     (after.text == "." and t.i >= 2 and doc[t.i - 2].ent_type_ in ("NORP", "GPE"))):
            weight = 2              # "startup oreline said", "firm oreline to join", "by Japanese company oreline."
        elif before is not None and before.text == "," and t.i >= 2 and doc[t.i - 2].text in cues and \
                after is not None and after.text == "," and bare:
            weight = 2                                          # "lunar services company, oreline, revealed"
        elif based_on_place(doc, t.i, lexicon) and after is not None and \
                not any(c.dep_ in ("poss", "det") for c in t.children) and \
                (after.pos_ in ("VERB", "AUX", "CCONJ") or after.is_punct):
            weight = 2                                          # "Tokyo-based oreline, which ..."
        elif before is not None and before.lower_ in ("of", "at") and t.i >= 2 and \
                doc[t.i - 2].lower_ in lexicon.words("person_roles"):
            weight = 1                                          # "CEO of oreline"
        elif bare and t.dep_ == "nsubj" and t.head.lemma_.casefold() in verbs and \
                before is not None and (before.pos_ not in ("DET", "ADJ", "PRON", "NUM", "NOUN") or before.tag_ == "WDT"):
            weight = 1                                          # ", oreline announced", "in which oreline will deliver"
        elif bare and after is not None and after.tag_ == "POS":
            weight = 1                                          # "oreline's lander"
        elif _country_owned(t) and after is not None and (after.pos_ in ("VERB", "AUX", "CCONJ") or after.text == ","):
            weight = 1                                          # "Japan's oreline will ...", "with Peru's oreline,"
        if weight:
            evidence.setdefault(t.lower_, []).extend([t] * weight)
    return evidence


def _country_owned(t: Token) -> bool:
    """"Japan's oreline": a word whose only modifier is a place's possessive (a country's firm)."""
    mods = [c for c in t.children if c.dep_ in ("det", "amod", "compound", "poss", "nummod")]
    return len(mods) == 1 and mods[0].dep_ == "poss" and mods[0].ent_type_ == "GPE" and \
        any(c.tag_ == "POS" for c in mods[0].children)


def role_of(chunk: Span, lexicon: Lexicon) -> bool:
    """"chief executive of X", "Founder & CEO at X": the organisation a person's role is held at.
    Not a field that a person's name follows ("Chief of Space Operations Jane Roe": a title)."""
    doc = chunk.doc
    if chunk.start < 2 or doc[chunk.start - 1].lower_ not in ("of", "at"):
        return False
    if len(chunk) >= 3 and chunk[-1].ent_type_ == "PERSON" and chunk[-2].ent_type_ == "PERSON" and \
            chunk[0].ent_type_ != "PERSON":
        return False
    after = chunk.end + 1 if chunk.end + 1 < len(doc) and doc[chunk.end].text in ("-", "–") else chunk.end
    if after < len(doc) and doc[after].lower_ in gazetteer(lexicon).based_words:
        return False                            # "CEO of Lima(-)based Tarn Orbital": the place of the firm
    return doc[chunk.start - 2].lower_ in lexicon.words("person_roles")


def _modifier(span: Span) -> bool:
    """A one-word adjective-like "name" before a common noun: "Sovereign funds", "National agencies"."""
    root = span.root
    return len(span) == 1 and not root.text.isupper() and root.dep_ in ("amod", "compound") and \
        root.head.pos_ == "NOUN" and root.head.text.islower() and root.head.i == span.end   # not "an OSRA contract"


def _with_partner(prep, lexicon: Lexicon) -> bool:
    """"with" after a word of working together: "a joint mission with X", "partnered with X"."""
    head = prep.head
    return lexicon.has(head, "collaboration_cues", "joint_work_nouns", "joint_work_verbs") or \
        any(c.lower_ in ("joint", "shared", "common") for c in head.children)


def appositive_cue(chunk: Span, lexicon: Lexicon, head_only: bool = False) -> bool:
    """"X, a Seattle-based asteroid mining startup, ..." / "X, a maker of dust shields" / "X, Peru's
    first start-up" (as with `head_only`). With `head_only`, the cue must head the appositive as a
    common noun ("X, a Lisbon startup", not "X, a team from the University of Y", nor "..., and the
    US, the Tarn Space Agency said"). Never a cue that is the subject of the next clause."""
    doc = chunk.doc
    if chunk.end + 2 >= len(doc) or doc[chunk.end].text != ",":
        return False
    start = chunk.end + 2
    if doc[chunk.end + 1].lower_ not in ("a", "an", "the"):
        if not (doc[chunk.end + 1].pos_ == "PROPN" and doc[chunk.end + 2].tag_ == "POS"):
            return False
        start, head_only = chunk.end + 3, True  # "X, Norway's first venture-backed start-up"
    for t in doc[start:chunk.end + 14]:
        if t.is_punct and t.text not in ("-", "–"):
            return False
        if t.lower_ == "at" or \
                (head_only and t.lower_ in ("of", "from", "in", "with", "for", "that", "which", "who")):
            return False                        # "Ana Ruiz, a geologist at Tarn University": a person
        if lexicon.has(t, "org_cue_nouns"):
            return t.dep_ not in ("nsubj", "nsubjpass") and not (head_only and t.pos_ == "PROPN")
    return False


def _subject_of(chunk: Span, verbs: set[str]) -> bool:
    """The subject of an organisation verb, directly or through ", which has ..."."""
    root = chunk.root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.casefold() in verbs:
        return True
    for child in root.children:
        if child.dep_ == "relcl" and child.lemma_.casefold() in verbs and \
                any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "that") for c in child.children):
            return True
    return False


def with_cue_runs(chunks: list[Span], doc: Doc, lexicon: Lexicon) -> list[Span]:
    """The proper-noun runs, with each name written right after a lower-case organisation cue noun
    taken whole whatever the tagger made of its words: in "startup Lunar Harbor" or "logistics
    company Strobion" the model may tag the name a common noun, an adjective or even a verb, and the
    run of proper nouns then stops short ("Lunar") or never starts. The name is the run of capitalised
    words after the cue; a stop word, a date or a line break ends it. Not a person who founded or
    runs the organisation ("the company Jo Ames founded")."""
    cues = lexicon.words("org_cue_nouns")
    founding = lexicon.words("founding_verbs")
    starts = {c.start: c for c in chunks}
    out = list(chunks)
    for t in doc[:-1]:
        if t.lower_ not in cues or not t.text.islower():
            continue
        j = t.i + 1
        while j < len(doc) and _name_word(doc[j]):        # (a line break is a token of its own: it ends the run)
            j += 1
        if j == t.i + 1 or (j < len(doc) and doc[j].lemma_.casefold() in founding):
            continue
        run = doc[t.i + 1:j]
        old = starts.get(run.start)
        if old is not None and old.end >= run.end:
            continue
        out = [c for c in out if c is not old and not (c.start >= run.start and c.end <= run.end)] + [run]
    return sorted(out, key=lambda c: c.start)


def _name_word(t: Token) -> bool:
    """A capitalised word that may be part of a name: not a stop word ("To", "The"), not a date or a
    time (a person's role or name after a cue, "the company CEO Jo Ames", the person vetoes refuse)."""
    return t.text[:1].isupper() and (t.is_alpha or "-" in t.text) and not t.is_stop and \
        t.ent_type_ not in ("DATE", "TIME", "NORP") and not t.is_sent_start


def proper_chunks(doc: Doc):
    """Maximal runs of proper nouns (and '&', "of" between them): name candidates. A capitalised word
    hyphened onto the first one belongs to the name ("Tarrow-Velde Aeronautical College"); a
    camel-case word is a name whatever its tag ("VelMora plans ...", tagged a common noun), and so is
    a capitalised word tagged an adjective where only a noun can stand (`nominal_adjective`).
    Worked out once per parsed block (several rules walk them)."""
    if isinstance(doc, Doc):
        return iter(cached(doc, "proper_chunks", lambda d: list(_proper_chunks(d))))
    return _proper_chunks(doc)


def _proper_chunks(doc: Doc):
    i = 0
    while i < len(doc):
        if (doc[i].pos_ == "PROPN" or camel_case(doc[i]) or nominal_adjective(doc[i])) and doc[i].text[:1].isalpha():
            j = i + 1
            if i >= 2 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_ and \
                    doc[i - 2].text[:1].isupper() and doc[i - 2].is_alpha:
                i -= 2
            while j < len(doc) and (doc[j].pos_ == "PROPN" or (doc[j].text in ("&", "of") and j + 1 < len(doc)
                                                                and doc[j + 1].pos_ == "PROPN")):
                j += 1
            yield doc[i:j]
            i = j
        else:
            i += 1


NOMINAL_SLOTS = ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos")


def nominal_adjective(token) -> bool:
    """"Tarnotic is developing two landers": a capitalised word the tagger calls an adjective (its
    ending reads like one) that stands where only a noun can, as a subject, an object or a possessor.
    An adjective cannot fill those slots, so the word is a name."""
    return token.pos_ == "ADJ" and token.dep_ in NOMINAL_SLOTS and token.is_alpha and token.text[:1].isupper() \
        and not token.is_upper


def camel_case(token) -> bool:
    """"VelMora", "TarnX": a capital inside a word that also has lower-case letters."""
    t = token.text
    return t.isalpha() and t[0].isupper() and any(c.isupper() for c in t[1:]) and any(c.islower() for c in t)


# ---------------------------------------------------------------- what is not an organisation


def products_in(parsed: list[tuple], lexicon: Lexicon) -> set[str]:
    """Proper names the document uses as product names ("its IceProbe instrument")."""
    out: set[str] = set()
    for block, doc in parsed:
        for chunk in proper_chunks(doc):
            if product_context(chunk, lexicon) or defined_as_thing(chunk, lexicon) or mission_name(chunk, lexicon):
                out.add(chunk.text)
        for p in products_of(doc, lexicon):
            if p.rule != "product_head":        # (a name before a product noun may be its maker's: product_context)
                out |= {n.text for n in p.names()}
                out |= {n[0].text for n in p.names() if len(n) > 1 and n[1].text == "-"}   # "ORCA" of "ORCA-B"
        out |= {e.text for e in entities(doc) if e.label_ == "ORG" and defined_as_thing(e, lexicon)}
    return out


def mission_name(chunk: Span, lexicon: Lexicon) -> bool:
    """"the Psyche mission", "the Perdix programme": a name that modifies a mission or programme noun
    names that mission (and a name the document uses so is a thing, not a player); not a plural
    noun's ("Tarn facilities", "Tarn missions": the operator's)."""
    doc = chunk.doc
    nxt = doc[chunk.end] if chunk.end < len(doc) else None
    return nxt is not None and nxt.lower_ in lexicon.words("facility_heads") and nxt.tag_ != "NNS" and \
        not operator_acronym(chunk) and \
        chunk.root.dep_ in ("compound", "nmod") and not maker_name(chunk, lexicon) and \
        not (nxt.dep_ == "compound" and lexicon.has(nxt.head, "org_cue_nouns"))   # "a Tui Aerospace mission"; "a Tarn study group"


def defined_as_thing(chunk: Span, lexicon: Lexicon) -> bool:
    """"Storm is a 25 kg hopper", "LVAP is the Authority's first flight programme": a name defined by
    "is a/the ..." with a thing's head noun (technology or programme) names that thing."""
    root = chunk.root
    heads = lexicon.words("technology_heads") | lexicon.words("facility_heads")
    generic = lexicon.words("generic_technology_heads")
    if _copula_thing_after(chunk, heads - generic):
        return True
    if root.dep_ != "nsubj" or root.head.lemma_ != "be":
        return False
    for attr in root.head.children:
        if attr.dep_ == "attr" and attr.i > root.i and attr.lower_ in heads and attr.lower_ not in generic:
            return True
    return False


def _copula_thing_after(chunk: Span, heads: set[str]) -> bool:
    """The words after the name read "is a [modifiers] <thing's head>", however the model parsed them
    ("Built by X, Storm is a rotary drill ...": the opening participle often leaves "Storm" without
    a subject's role). The head ends its noun phrase: "is a drill maker" is not a drill."""
    doc = chunk.doc
    j = chunk.end
    if j + 2 >= len(doc) or doc[j].lower_ not in ("is", "was") or doc[j + 1].lower_ not in ("a", "an"):
        return False
    for k in range(j + 2, min(j + 7, len(doc))):
        t = doc[k]
        if t.lower_ in heads:
            return k + 1 >= len(doc) or doc[k + 1].pos_ not in ("NOUN", "PROPN")
        if t.pos_ not in ("ADJ", "NOUN", "PROPN", "ADV", "NUM") and t.text != "-":
            return False
    return False


def people_in(parsed: list[tuple], lexicon: Lexicon) -> set[str]:
    """Names of people in the document (and their surnames): PERSON entities next to a role, names
    that open with a common given name (given_names.person_shaped), and those whose first name the
    document also uses alone (`first_name_people`)."""
    out: set[str] = set()
    coordinated: set[str] = set()               # known only as "A and B said"
    solid: set[str] = set()
    labelled = False                            # the block before was a people label alone
    for block, doc in parsed:
        for ent in labelled_people(doc, lexicon, labelled):
            out |= {ent.text, surname(ent)}
            solid.add(ent.text)
        labelled = doc.text.strip().casefold() in lexicon.words("people_labels")
        for name in honoured_names(doc, lexicon):
            out |= {name.text, surname(name)}
            solid.add(name.text)
        for span in entities(doc) + proper_runs(doc):
            if person_shaped(span, lexicon):        # "Patrick Mellor", however the model labels it
                out |= {span.text, surname(span)}
                solid.add(span.text)
        for ent in entities(doc):
            if ent.label_ == "PERSON" and len(ent) >= 2 and person_context(ent, lexicon):
                out.add(ent.text)
                out.add(surname(ent))
                root = ent.root
                if person_context(ent, lexicon, speech=False) or \
                        not (root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)):
                    solid.add(ent.text)
                else:
                    coordinated.add(ent.text)
    people = People(out | first_name_people(parsed))
    people.first_named = first_name_people(parsed) - out
    people.spoken = coordinated - solid
    return people


def surname(name: Span) -> str:
    """The last word of a person's name as written ("Ruiz-Ortega" of "Ana Ruiz-Ortega", which the
    tokenizer splits at the hyphen)."""
    return name.text.split()[-1]


def honoured_names(doc: Doc, lexicon: Lexicon) -> list[Span]:
    """"Mr Brand-Tolley", "Dr. Ana Ruiz": the proper nouns right after a capitalised honorific (the
    lexicon's `honorifics`) name a person, wherever else the page names them and however the model
    labels them."""
    out: list[Span] = []
    for t in doc:
        if not (t.text[:1].isupper() and is_honorific(t.text, lexicon)):
            continue
        start = t.i + 1 + (t.i + 1 < len(doc) and doc[t.i + 1].text == ".")
        end = start
        while end < len(doc) and (doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() or
                                  doc[end].text == "-" and not doc[end - 1].whitespace_):
            end += 1
        if end > start and doc[end - 1].text != "-":
            out.append(doc[start:end])
    return out


def labelled_people(doc: Doc, lexicon: Lexicon, after_label: bool = False) -> list[Span]:
    """"Key people Ana Ruiz, Ivo Brandt": the PERSON entities listed right after a profile's people
    label (the lexicon's people_labels), or at the start of the line after one (`after_label`)."""
    out: list[Span] = []
    labels = [label.split() for label in lexicon.words("people_labels")]
    firsts = {w[0] for w in labels}
    starts = [0] if after_label else []
    for t in doc:
        if t.lower_ not in firsts:
            continue
        label = next((w for w in labels if [x.lower_ for x in doc[t.i:t.i + len(w)]] == w), None)
        if label is not None:
            starts.append(t.i + len(label))
    for i in starts:
        while i < len(doc) and doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "B":
            end = i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            if end - i >= 2:
                out.append(doc[i:end])
            i = end + 1 if end < len(doc) and doc[end].text in (",", ";") else end
    return out


def first_names_paired(ent: Span) -> bool:
    """"Ivo and Lena discuss ...": a one-word PERSON joined by "and" to another one-word PERSON."""
    doc = ent.doc
    for conj, other in ((ent.end, ent.end + 1), (ent.start - 1, ent.start - 2)):
        if 0 <= other < len(doc) and 0 <= conj < len(doc) and doc[conj].lower_ == "and" and \
                doc[other].ent_type_ == "PERSON" and doc[other].ent_iob_ == "B" and \
                (other + 1 >= len(doc) or doc[other + 1].ent_iob_ != "I"):
            return True
    return False


class People(set):
    """The document's people; `first_named` are those only `veto_first_name` found (its id is
    recorded when it refuses one), `spoken` the full names known only as a PERSON entity beside a
    verb of saying and joined by "and" to another name ("velmora and Tarn Petra said")."""
    first_named: set[str] = set()
    spoken: set[str] = set()

    def unspoken(self) -> "People":
        """The people without those known only from a verb of saying."""
        out = People(self - self.spoken)
        out.first_named = self.first_named
        return out


@rule("veto_first_name", "vetoes")
def first_name_people(parsed: list[tuple]) -> set[str]:
    """Vetoes a person called by first name elsewhere: a two- or three-word PERSON entity ("Ivo
    Brandt") whose first word the document also uses alone as a PERSON ("Ivo and Lena discuss ..."),
    wherever the model calls the full name an organisation (a byline, a list of hosts)."""
    alone = {e.text for _, doc in parsed for e in entities(doc) if e.label_ == "PERSON" and len(e) == 1 and
             e[0].is_title and first_names_paired(e)}
    if not alone:
        return set()
    return {e.text for _, doc in parsed for e in entities(doc) if e.label_ == "PERSON" and 2 <= len(e) <= 3 and
            e[0].text in alone and all(t.is_title and t.is_alpha for t in e)}


def places_in(parsed: list[tuple]) -> set[str]:
    """The document's place names: its GPE and LOC entities, and the town of a "Town, Region" pair
    whose region is one ("Pasadena, California": the model often tags only the region)."""
    places = set()
    for _, doc in parsed:
        for e in entities(doc):
            if e.label_ not in ("GPE", "LOC"):
                continue
            places.add(e.text)
            if e.start >= 2 and doc[e.start - 1].text == ",":
                town = doc[e.start - 2]
                if town.pos_ == "PROPN" and town.is_title and town.is_alpha:
                    places.add(town.text)
    return places


def introduces_members(block, doc: Doc, lexicon: Lexicon) -> bool:
    """The block ends by introducing a list of organisations: its last sentence ends with ":" and
    names them with a plural member noun ("awarded $25,000 each to the following teams:")."""
    last = colon_intro(block.clean, doc)
    return last is not None and \
        any(t.lower_ in lexicon.words("member_nouns") and t.tag_ in ("NNS", "NNPS", "NN") for t in last)


ITEM_AFFILIATION = re.compile(r"\s+(?:from|of|at|in|with|led by|based in)\s+(?:the\s+)?(?=[A-Z])|\s[–—-]\s|:\s|\s\(|,\s")


@rule("players_intro_list", "candidates", lexicon=("member_nouns",))
def intro_list_item(block, index: PlayerIndex) -> None:
    """Yields the name each item of a list gives when the line before introduces organisations
    ("the following runner-up teams:" then "- Crater Owls from the Eastvale Institute", "- Team
    Basalt"): the item's name up to its affiliation, dash, colon or comma."""
    name = ITEM_AFFILIATION.split(block.clean, maxsplit=1)[0].strip()
    if name[:1].isupper() and len(name.split()) <= 6 and not name.endswith((".", "!", "?")):
        index.add(name, intro_list_item.rule_id, listed=True, source=Source.of(block))


def backer_cue(lexicon: Lexicon) -> re.Pattern:
    """The lexicon's `backer_cues`, as one pattern ("with participation from", "investments from")."""
    def compile(lex: Lexicon) -> re.Pattern:
        cues = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(lex.words("backer_cues"), key=len,
                                                                            reverse=True))
        return re.compile(rf"\b(?:{cues})\b(?:\s+(?:include|including|are|were))?:?\s+", re.I)
    return lexicon.cached("backer_cue", compile)


@rule("players_backers", "candidates", lexicon=("backer_cues",))
def backer_candidates(block, index: PlayerIndex) -> None:
    """Yields the backers a funding story lists: "led by X, with participation from A, B, and C", "with
    additional investments from A, B and C" (each item cut where its capitalised words end)."""
    text = block.clean
    for m in backer_cue(index.lexicon).finditer(text):
        rest = re.split(r"(?<=[a-z0-9)])\.(?:\s|$)", text[m.end():], maxsplit=1)[0]
        _enumerated(rest, index, backer_candidates.rule_id, Source.of(block), names_only=True)


@rule("players_membership", "candidates", lexicon=("member_nouns", "member_verbs", "org_plural_nouns"))
def membership_candidates(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon) -> None:
    """Yields the members a group's clause lists: "Backers include A, B and C", "The Selkie
    Consortium comprises A, B and C" (the subject a member noun, or a name ending in one), and
    "A, B and C are among the start-ups that ..." (the list before "are among" a member noun), and
    the names right after a plural organisation noun ("joined by investors A, B and C")."""
    nouns, verbs = lexicon.words("member_nouns"), lexicon.words("member_verbs")
    if not _member_noun_pattern(lexicon).search(block.clean):
        return                                  # no member noun: nothing to read (and no loop over the tokens)
    for sent in doc.sents:
        for v in sent:
            if v.pos_ not in ("VERB", "AUX") or v.lower_ not in verbs:
                continue
            subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
            if v.lemma_ != "be" and any(c.lower_ in nouns for c in subjects):
                _enumerated(doc.text[v.idx + len(v.text):sent.end_char], index, membership_candidates.rule_id,
                            Source.of(block, sent), names_only=True)
            elif v.lemma_ == "be" and subjects and any(
                    c.dep_ == "prep" and c.lower_ == "among" and any(o.lower_ in nouns for o in c.children)
                    for c in v.children):
                _enumerated(PARENTHESES.sub(" ", doc.text[sent.start_char:v.idx]), index,
                            membership_candidates.rule_id, Source.of(block, sent))
        for t in sent:                          # "agencies ... including A, B and C", "partners such as A and B"
            if t.tag_ == "NNS" and t.lower_ in lexicon.words("org_plural_nouns") and t.i + 1 < sent.end and \
                    doc[t.i + 1].pos_ == "PROPN" and doc[t.i + 1].text[:1].isupper():
                _enumerated(doc.text[t.idx + len(t.text):sent.end_char], index, membership_candidates.rule_id,
                            Source.of(block, sent), names_only=True)      # "joined by investors A, B and C"
            if t.lower_ == "including" or (t.lower_ == "as" and t.i > 0 and doc[t.i - 1].lower_ == "such"):
                noun = next((w for w in reversed(doc[max(sent.start, t.i - 8):t.i]) if w.tag_ == "NNS"), None)
                if noun is not None and noun.lower_ in nouns:
                    _enumerated(doc.text[t.idx + len(t.text):sent.end_char], index, membership_candidates.rule_id,
                                Source.of(block, sent), names_only=True)
        for m in UNIT_LIST.finditer(sent.text):     # "The Tarn, Vell and Oska laboratories will ..."
            listed = doc.char_span(sent.start_char + m.start("list"), sent.start_char + m.end("list"),
                                   alignment_mode="expand")
            if listed is not None and any(t.ent_type_ == "NORP" for t in listed):
                continue                        # "the Israeli and Japanese companies": nationalities
            if m.group("noun").casefold() in lexicon.words("member_nouns") | {"laboratories", "institutes",
                                                                              "observatories", "universities"}:
                _enumerated(m.group("list"), index, membership_candidates.rule_id, Source.of(block, sent))


def _member_noun_pattern(lexicon: Lexicon) -> re.Pattern:
    """The member nouns (and the plural unit nouns a group's members take) as one pattern, built once per lexicon."""
    return lexicon.cached("member_noun_pattern", lambda lex: _words_pattern(
        lex.words("member_nouns") | {"laboratories", "institutes", "observatories", "universities"}))


@lru_cache(maxsize=16)
def _words_pattern(words: frozenset[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I)


PARENTHESES = re.compile(r"\s*\([^)]*\)")
PLACE_IN_BRACKETS = re.compile(r"\s*\([^(),]+,[^()]*\)")     # "(Kent, Ohio)": where a listed name is
_ITEM = r"[A-Z][\w&.+’'-]*(?:\s+[A-Z][\w&.+’'-]*){0,4}"
UNIT_LIST = re.compile(rf"(?P<list>{_ITEM}(?:,\s+{_ITEM})*,?\s+and\s+{_ITEM})\s+(?P<noun>[a-z]+s)\b")
LIST_ITEM = r"[A-Z][\w&.+’'-]*(?:\s+(?:of\s+|de\s+|for\s+|&\s+)?[A-Z0-9][\w&.+’'-]*){0,5}"
NAME_LIST = re.compile(rf"(?:the\s+)?{LIST_ITEM}(?:,\s+(?:the\s+)?{LIST_ITEM})+,?\s+(?:and|or)\s+(?:the\s+)?{LIST_ITEM}")


SHARED_HEAD = re.compile(r"\b(?P<a>[A-Z][\w-]*)\s+and\s+(?P<b>[A-Z][\w-]*)\s+(?P<mid>(?:[A-Z][\w-]*\s+){0,2})"
                         r"(?P<head>[A-Z][a-z]+(?:ies|s))\b")


@rule("players_shared_head", "candidates", lexicon=("unit_words",))
def shared_head(block, index: PlayerIndex) -> None:
    """Yields each organisation of a plural name shared by two ("the Tarnish and Oskan Space
    Agencies": the Tarnish Space Agency and the Oskan Space Agency): a capitalised plural of a unit
    word after "A and B"."""
    units = index.lexicon.words("unit_words")
    for m in SHARED_HEAD.finditer(block.clean):
        head = m.group("head")
        singular = head[:-3] + "y" if head.endswith("ies") else head[:-1]
        if singular.casefold() not in units:
            continue
        for who in (m.group("a"), m.group("b")):
            index.add(f"{who} {m.group('mid')}{singular}", shared_head.rule_id, source=Source.of(block))


REFERRING_WORDS = {"this", "these", "that", "those", "its", "their", "our", "such"}


@rule("players_peer_list", "candidates")
def peer_list(block, doc: Doc, index: PlayerIndex) -> None:
    """Yields the other names of a list of three or more capitalised names, two of which are
    already players ("Quill Robotics, Tarn, Ossory Labs and Vell Orbital will provide ..."): names
    listed side by side in one clause are of one kind. Not a name the model reads as a person's
    (investors who are people: "backed by A, B, Ana Ruiz and Ivo Brandt")."""
    doc_text = doc.text
    for sent in doc.sents:
        if "," not in doc_text[sent.start_char:sent.end_char]:
            continue                            # a list needs a comma (and removing brackets adds none)
        text = PARENTHESES.sub("", sent.text)
        for m in NAME_LIST.finditer(text):
            items = [clean_name(LISTED_OWNER.sub("", i), index.lexicon) for i in re.split(r",\s+|\s+(?:and|or)\s+", m.group())]
            items = [i for i in items if i]
            known = [i for i in items if index.resolve(index.key(i)) in index.forms]
            if len(items) < 3 or len(known) < 2:
                continue
            for item in items:
                at = sent.text.find(item)
                span = doc.char_span(sent.start_char + at, sent.start_char + at + len(item),
                                     alignment_mode="expand") if at >= 0 else None
                person = span is not None and len(span) >= 2 and all(t.ent_type_ == "PERSON" for t in span)
                if item not in known and span is not None and span[0].pos_ == "PROPN" and not person and \
                        (span.start == 0 or doc[span.start - 1].lower_ not in REFERRING_WORDS) and \
                        not source_context(span, index.lexicon):       # not "as per reports of X, A and B"
                    index.add(item, peer_list.rule_id, source=Source.of(block, span))   # not "this Strategic Partnership, A and B"


@rule("org_place_subject", "candidates", lexicon=("geography", "market_regions"))
def place_subjects(parsed: list[tuple], index: PlayerIndex, lexicon: Lexicon) -> None:
    """Yields a name the model calls a place but the document uses as an actor: the subject of a
    verb in two or more sentences ("Velmora has secured ...", "Velmora, with Tarn, continues ..."),
    never after "in"/"at"/"near"/"from" nor before "-based", and not a place of the lexicon's
    geography or a market region: an unknown one-word company the small model reads as a town."""
    from .geography import gazetteer
    known = set(gazetteer(lexicon).regions) | {str(r).casefold() for r in lexicon.raw["market_regions"]}
    subject: dict[str, list] = {}
    placed: set[str] = set()
    for block, doc in parsed:
        if not in_prose(block):
            continue
        for e in entities(doc):
            if e.label_ not in ("GPE", "LOC"):
                continue
            prev = doc[e.start - 1] if e.start > 0 else None
            nxt = doc[e.end] if e.end < len(doc) else None
            if (prev is not None and prev.lower_ in ("in", "at", "near", "from", "across", "throughout")) or \
                    (nxt is not None and nxt.text in ("-", "–") and e.end + 1 < len(doc) and
                     doc[e.end + 1].lower_ in ("based", "headquartered")) or (nxt is not None and nxt.text == ","
                                                                            and e.end + 1 < len(doc) and
                                                                            doc[e.end + 1].ent_type_ == "GPE"):
                placed.add(e.text)
            elif e.root.dep_ in ("nsubj", "nsubjpass") and e.root.head.pos_ in ("VERB", "AUX"):
                subject.setdefault(e.text, []).append((block, e))
    for name, uses in subject.items():
        proper = [(block, e) for block, e in uses if all(t.pos_ == "PROPN" for t in e)]
        if len(uses) >= 2 and name not in placed and name.casefold() not in known and proper:
            block, e = proper[0]                # (the tagger may read it as a common noun where it opens a text)
            index.add(name, place_subjects.rule_id, source=Source.of(block, e))


def find_players(parsed: list[tuple], index: PlayerIndex, lexicon: Lexicon, rows: dict[int, Header | None]) -> None:
    """Run every candidate rule over the parsed blocks, filling `index`; `rows` are the blocks'
    table rows (`tables.table_rows`), which the extractor reads too."""
    people = people_in(parsed, lexicon)
    index.products = products_in(parsed, lexicon)
    index.things = thing_names(parsed, lexicon)
    index.actors = actors_in(parsed, lexicon)
    index.places = places_in(parsed) | address_towns(parsed, lexicon)
    members_follow = False
    slots: dict[str, list] = {}                 # lower-case words where only a name fits, by word
    for position, (block, doc) in enumerate(parsed):
        kinds = block.section.kinds() if block.section else []
        header = rows.get(position)
        if block.kind == "item" and members_follow:
            intro_list_item(block, index)
        else:
            members_follow = introduces_members(block, doc, lexicon)
        if players_table(block, header, index):
            continue
        if block.kind == "item" and "players" in kinds and "segment_dimension" not in kinds:
            list_candidates(block, doc, index)
            continue
        if block.kind == "paragraph" and "players" in kinds:
            plain_list(block, doc, index)
        if not in_prose(block):
            continue
        ner_candidates(block, doc, index, lexicon, people)
        if len(doc) >= 4:           # a table cell or a bare list item: no context to judge by
            suffix_candidates(block, doc, index, lexicon)
        cue_candidates(block, doc, index, lexicon, people)
        lowercase_brands(block, doc, index, lexicon, slots)
        enumeration_candidates(block, index)
        address_candidates(block, index)
        backer_candidates(block, index)
        membership_candidates(block, doc, index, lexicon)
        shared_head(block, index)
        handle_candidates(block, doc, index, lexicon)
        agent_candidates(block, doc, index, lexicon, people)
    lowercase_slot_names(slots, index)
    author_candidates(parsed, index, lexicon)
    heading_entries(parsed, index)
    entry_headings(parsed, index)
    place_subjects(parsed, index, lexicon)
    subsidiaries(parsed, index, lexicon)
    unspoken = people.unspoken()            # the coordination outweighs a PERSON label beside "said"
    for block, doc in parsed:
        if in_prose(block):
            coordinated_candidates(block, doc, index, lexicon, unspoken)
    for block, doc in parsed:
        if in_prose(block):
            peer_list(block, doc, index)
    for block, doc in parsed:
        if in_prose(block):
            alias_definitions(block, index)
    short_forms(parsed, index)
    prefixed_definitions(parsed, index)
    drop_listed_people(parsed, index, lexicon)
    drop_term_acronyms(parsed, index)
    drop_refused_acronyms(parsed, index)
    split_merged(index)
    prune(parsed, index)
    drop_things(index)
    drop_publisher(parsed, index)
    admit_spans(parsed, index, lexicon, people)


@rule("drop_listed_person", "inventory", lexicon=("org_head_words", "legal_suffixes", "institution_words",
                                                  "enumeration_nouns"))
def drop_listed_people(parsed: list[tuple], index: PlayerIndex, lexicon: Lexicon) -> None:
    """Drops a name only list rules proposed ("investors include A, B, Ana Ruiz and Ivo Brandt") that the
    model reads as a person's wherever the document writes it: two or three words, every one inside a
    PERSON entity, none an organisation word, a number or an acronym, and not listed after a plural
    company noun ("the companies A and B"). Backers and members who are people are not players."""
    org_words = lexicon.words("org_head_words") | lexicon.words("legal_suffixes") | \
        lexicon.words("institution_words")
    plural_nouns = "|".join(re.escape(w) for w in lexicon.words("enumeration_nouns") if w not in ("players", "participants"))
    for key in list(index.forms):
        forms = index.forms[key]
        if not all(c.rule in LIST_RULES for c in forms.values()):
            continue
        if any(re.search(rf"\b(?:{plural_nouns})\s+{re.escape(f)}\b", index.text, re.I) for f in forms):
            continue                    # "the companies Tarn Fab and Velde Space": firms, however the model reads them
        if all(_read_as_person(f, parsed, org_words) for f in forms) or \
                any(_described_as_person(f, parsed, lexicon) for f in forms):
            index.drop(key, drop_listed_people.rule_id)


def _described_as_person(form: str, parsed: list[tuple], lexicon: Lexicon) -> bool:
    """"collaborators included Ana Ruiz, an adjunct lecturer at X": a listed name the text gives a
    person's role in apposition, however the model labels it."""
    for _, doc in parsed:
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and person_context(span, lexicon, speech=False):
                return True
    return False


def _read_as_person(form: str, parsed: list[tuple], org_words: frozenset[str]) -> bool:
    words = form.split()
    if not 2 <= len(words) <= 3 or any(w.casefold().rstrip(".,") in org_words for w in words):
        return False
    if any(any(c.isdigit() for c in w) or (len(w) >= 2 and w.isupper()) for w in words):
        return False                    # "Kestrel 2", "Orvane VC": no person's name has a number or an acronym
    seen = False
    for _, doc in parsed:
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or not all(t.ent_type_ == "PERSON" for t in span):
                return False
            seen = True
    return seen


TERM_ACRONYM = re.compile(r"(?P<words>(?:\b[a-z][a-z-]*\s+){1,6})\((?P<acr>[A-Z]{2,6})\)")


@rule("drop_term_acronym", "inventory")
def drop_term_acronyms(parsed: list[tuple], index: PlayerIndex) -> None:
    """Drops an acronym the document defines from lower-case words ("orbit debris awareness (ODA)"):
    the short form of a term, not of a name, wherever else it stands (only what weak rules proposed)."""
    terms = set()
    for block, _ in parsed:
        for m in TERM_ACRONYM.finditer(block.clean):
            words = m.group("words").split()
            if any(abbreviates(m.group("acr"), " ".join(words[-n:])) and len(words[-n:]) >= len(m.group("acr")) - 1
                   for n in range(1, len(words) + 1)):
                terms.add(index.key(m.group("acr")))
    for key in list(index.forms):
        if key in terms and index.weakly_held(key):
            index.drop(key, drop_term_acronyms.rule_id)


@rule("drop_refused_acronym", "inventory")
def drop_refused_acronyms(parsed: list[tuple], index: PlayerIndex) -> None:
    """Drops an acronym the document defines for a name the name vetoes refuse ("an outfit called
    Tarn Market Research (TMR) ... TMR claims"): the short form of a publisher, a programme or a
    heading is not a player wherever else it stands, whichever rule proposed it."""
    refused = set()
    for block, _ in parsed:
        for m in ALIAS_DEF.finditer(block.clean):
            long, short = m.group("long").strip(), m.group("short")
            if abbreviates(short, long) and name_veto(clean_name(long, index.lexicon), index.lexicon) is not None:
                refused.add(index.key(short))
    for key in list(index.forms):
        if key in refused and all(index.key(f) == key for f in index.forms[key]):
            index.drop(key, drop_refused_acronyms.rule_id)


@rule("org_conj", "candidates")
def coordinated_candidates(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon, people: set[str]) -> None:
    """Yields a name joined by "and"/"or" to a player: "Both Gannet Space and Kestrel Drill focus on
    Mars", "TarnX and Kestrel Drill": a name of two words or more, or one written as only a name is
    (`brand_shaped`), joined to a player shares its role, so it is an organisation too (the player
    may be one word: "velmora and Tarn Petra said"; the model's PERSON label beside a verb of saying
    does not outweigh the coordination); a person's
    possessive joined so names the person's company ("Ana Ruiz's Velmora and Ivo Brandt’ Tarn Orbital")."""
    chunks = [c for c in proper_chunks(doc) if len(c) >= 2 or brand_shaped(c[0])]
    known = [c for c in chunks if index.resolve(index.key(clean_name(c.text, lexicon))) in index.forms]
    surfaces = {surface for forms in index.forms.values() for surface in forms}     # asked first: few words are one
    known += [doc[i:i + 1] for i, text in enumerate(token_texts(doc))
              if text in surfaces and doc[i].is_alpha and text in index.forms.get(index.resolve(index.key(text)), ())]
    for chunk in chunks:
        if chunk in known or not_an_org(chunk, lexicon, people, speech=False) or person_at(chunk) or persons_at(chunk):
            continue
        root = chunk.root
        partners = [root.head] if root.dep_ == "conj" else [c for c in root.children if c.dep_ == "conj"]
        if any(k.start <= p.i < k.end for p in partners for k in known):
            owned = _owned_after(chunk)
            if owned is not None:               # "X's Velmora and Ivo Brandt’ Tarn Orbital": his company
                index.add(owned.text, coordinated_candidates.rule_id, source=Source.of(block, owned))
            else:
                index.add(chunk.text, coordinated_candidates.rule_id, source=Source.of(block, chunk))


def brand_shaped(t: Token) -> bool:
    """One word written as only a name is: a capital inside it after a lower-case letter ("TarnX",
    "VelmoraSpace"), or an acronym of three or more capitals ("TSRA")."""
    text = t.text
    return t.is_alpha and (re.search(r"[a-z][A-Z]", text) is not None or len(text) >= 3 and text.isupper())


def _owned_after(chunk: Span) -> Span | None:
    """"Ivo Brandt’ Tarn Orbital": the name a person's possessive owns, or None."""
    if not all(t.ent_type_ == "PERSON" for t in chunk):
        return None
    return possessed_run(chunk.doc, chunk.end)


def persons_at(chunk: Span) -> bool:
    """"Ana Ruiz and Ben Ortiz from the Y Agency": two names the model calls people, joined by "and",
    the last followed by the organisation they are from."""
    doc = chunk.doc
    if chunk.end + 1 >= len(doc) or doc[chunk.end].lower_ != "and" or not all(t.ent_type_ == "PERSON" for t in chunk):
        return False
    end = chunk.end + 1
    while end < len(doc) and doc[end].ent_type_ == "PERSON":
        end += 1
    return end > chunk.end + 1 and end < len(doc) and doc[end].lower_ in ("of", "from", "at")


def person_at(chunk: Span) -> bool:
    """"Ana Ruiz from X and Ben Ortiz of the Y Agency": a name the model calls a person, followed by
    the organisation it is of, from or at."""
    doc = chunk.doc
    return chunk.end < len(doc) and doc[chunk.end].lower_ in ("of", "from", "at") and \
        all(t.ent_type_ == "PERSON" for t in chunk)


@rule("author_heading", "candidates", lexicon=("org_head_words", "person_roles", "institution_words"))
def author_candidates(parsed: list[tuple], index: PlayerIndex, lexicon: Lexicon) -> None:
    """Yields the author of a document written as "we": a document written as "we" (a fund's letter, a company's post) names its author in its
    opening: an organisation-headed name there ("X Ventures: portfolio notes", not a title's "The
    Future of Lunar Exploration") or the organisation of the writer's role ("Founder & CEO at X") is a player."""
    if not any(t.lower_ in FIRST_PERSON and t.pos_ == "PRON" for block, doc in parsed if block.kind == "paragraph"
               for t in doc):
        return
    for block, doc in opening_blocks(parsed):
        for chunk in proper_chunks(doc):
            if any(t.lower_ == "of" for t in chunk) and chunk[0].lower_ not in lexicon.words("institution_words"):
                continue                        # a title's "The Future of Lunar Exploration: ..."
            if (maker_name(chunk, lexicon) or role_of(chunk, lexicon) or index.headed(index.key(chunk.text))) and \
                    not index._lexicon_word(chunk[0].lower_):
                index.add(chunk.text, author_candidates.rule_id, source=Source.of(block, chunk))
        suffix_candidates(block, doc, index, lexicon, vetoed=False)   # "Acme Space Systems, Inc. - Annual Report"
    site_owner(parsed, index)


@rule("org_handle", "candidates", lexicon=("technology_heads", "org_cue_nouns"))
def handle_candidates(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon) -> None:
    """Yields the account a post @-mentions as a maker, an example of organisations or who awards,
    funds or works with: "@Tarn Orbital's Kestrel lander", "@Velmora lunar lander", "companies ...
    like @VelmoraFab", "a contract from @Tarn" (the name without its "@", up to where its
    capitalised words end)."""
    if "@" not in block.clean:
        return
    for t in doc:
        if not (t.text.startswith("@") and len(t) > 2 and t.text[1].isupper()):
            continue
        end = t.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and \
                not doc[end].text.startswith("@"):
            end += 1
        after = doc[end:end + 3]
        maker = (len(after) and after[0].lower_ in ("'s", "’s")) or any(lexicon.has(a, "technology_heads") for a in after)
        sent = t.sent if doc.has_annotation("SENT_START") else doc[:]
        listed = any(w.tag_ == "NNS" and lexicon.has(w, "org_cue_nouns") for w in doc[sent.start:t.i]) and \
            any(w.lower_ in ("like", "as", "including") for w in doc[max(sent.start, t.i - 2):t.i])
        agent = t.i > 0 and doc[t.i - 1].lower_ in ("from", "by", "with")    # "a contract from @Tarn"
        if maker or listed or agent:
            name = " ".join([t.text[1:]] + [w.text for w in doc[t.i + 1:end]])
            index.add(name, handle_candidates.rule_id, source=Source.of(block, doc[t.i:end]))


@rule("org_subsidiary", "candidates", lexicon=("geography", "market_regions"))
def subsidiaries(parsed: list[tuple], index: PlayerIndex, lexicon: Lexicon) -> None:
    """Yields a player's unit named by a place right after the player's name ("an investment in
    Velmora Orbital Luxembourg through ..."): the subsidiary is its own player, not the parent, nor
    a place. The place is one the document or the lexicon's geography names; the parent a name of
    two or more words; not "Velmora Orbital, Luxembourg" nor a longer name going on."""
    from .geography import gazetteer
    places = {p.casefold() for p in index.places} | set(gazetteer(lexicon).regions) | \
        {str(r).casefold() for r in lexicon.raw["market_regions"]}
    forms = sorted({f for fs in index.forms.values() for f in fs if " " in f and f[:1].isupper()}, key=len, reverse=True)
    if not forms:
        return
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in forms) + r") ([A-Z][\w]+)(?![\w-]|,| [A-Z])")
    for block, _ in parsed:
        if not in_prose(block):
            continue
        for m in pattern.finditer(block.clean):
            if m.group(2).casefold() in places:
                index.add(m.group(0), subsidiaries.rule_id, source=Source(block, m.start(), m.end()))


@rule("org_site_owner", "candidates")
def site_owner(parsed: list[tuple], index: PlayerIndex) -> None:
    """Yields the author of a page written as "we" on its own site: the name in its opening lines
    spelled like the site's address ("Velmora+ Master Plan" on velmoraplus.example): a company's own
    page names itself. (The publisher of a page about others is dropped by drop_publisher.)"""
    from .inventory import page_address, site_names
    opening = parsed[:2]                        # the page's title (and an address, as drop_publisher reads them)
    sites = site_names(page_address(parsed, index) or "")
    if not sites:
        return
    for block, doc in opening:
        for chunk in proper_chunks(doc):
            for end in range(chunk.end, chunk.start, -1):
                name = doc[chunk.start:end]
                spelled = re.sub(r"[^a-z0-9]", "", name.text.casefold().replace("+", "plus").replace("&", "and"))
                if spelled in sites and len(spelled) >= 4:
                    index.add(name.text, site_owner.rule_id, source=Source.of(block, name))
                    return


# ---------------------------------------------------------------- missions, spacecraft, bodies (document-wide)

THING_ACRONYM = re.compile(r"(?P<long>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|to|the|for|and|on|in|de|mission|"
                           r"program|programme|project)){0,8})\s+\((?P<short>[A-Z][A-Za-z0-9&-]{1,10})(?:['’]s)?\)"
                           r"(?:\s+(?P<after>[a-z]+)|,\s+(?:a|an|the)\s+(?P<appos>[a-z]+))?")
# An acronym first, its expansion in brackets, then perhaps a noun: "the TMKB (Tarn Mission to Kuiper Belt)
# probe", "the TPLO (Tarn Pathfinder Lunar Orbiter)".
SHORT_FIRST = re.compile(r"\b(?P<short>[A-Z][A-Z0-9-]{1,9})\s+\((?P<long>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|to|the|"
                         r"for|and|on|in|&)){1,8})\)(?:\s+(?P<after>[a-z]+))?")
DESIGNATION = re.compile(r"^\d{1,3}$")
# "Moon-Earth Deep-field interferometry (DFI)": capitalised words and a lower-case term, abbreviated.
TERM_DEF = re.compile(r"(?P<long>(?:[A-Z]\w*(?:-[a-z]\w*)*[-\s]){1,6})(?P<term>[a-z]{4,})\s+\((?P<short>[A-Z]{2,6})\)")
# A segmentation title: "By Resource Type (Helium-3, Regolith), By Platform (Moon, ...)".
SEGMENT_GROUP = re.compile(r"\bBy (?:[A-Z][\w/-]*\s?){1,3}\((?P<values>[^()]*(?:\([^()]*\)[^()]*)*)\)")


def _expands_acronym(doc: Doc, start: int) -> bool:
    """The words from `start` on are (part of) what an acronym is "short for" or "stands for": the
    marker right before them, or before the capitalised words and "and"/"of" that lead up to them
    ("TRENCH (short for Regolith Excavation and Nodule Coring Hardware)")."""
    i = start
    while i > 0 and start - i < 10 and (doc[i - 1].pos_ in ("PROPN", "ADJ", "NOUN") and doc[i - 1].text[:1].isupper()
                                        or doc[i - 1].lower_ in ("and", "of", "-", "&")):
        i -= 1
    return i >= 2 and doc[i - 1].lower_ == "for" and doc[i - 2].lower_ in ("short", "stands", "stand", "standing")


@rule("veto_thing_name", "vetoes", lexicon=("facility_heads", "device_heads", "technology_heads", "body_nouns", "example_cues",
                                            "series_cues", "unit_words", "org_head_words", "spacecraft_verbs",
                                            "aboard_words", "association_heads"))
def thing_names(parsed: list[tuple], lexicon: Lexicon) -> set[str]:
    """Vetoes, everywhere in the document, a name it writes as a mission, a programme, a spacecraft
    or a heavenly body (not as an organisation) somewhere: the examples of a plural thing noun
    ("missions such as Perdix, Kestrel-RX and Tull", "three missions, starting with Halcyon Moon,
    followed by ..."), names in apposition with one ("the Tarn Lander and Perdix, programmes aimed
    at ..."), names likened to one ("Like Perdix and Tull, Osk is a probe ..."), a name used as a
    vehicle ("Perdix will separate from the stage", "aboard Perdix", "will launch Perdix") or the
    first piece of a designation ("the Perdix-C lander"), a body's name
    ("asteroid Vellum", "comet Oskar"), a designation ("Perdix 12", "the Perdix 11 mission"), what an
    acronym is "short for", a name with a programme as appositive ("Perdix, a Mars landing program"),
    an acronym whose expansion names a mission or programme ("the Tarn Mission to the Kuiper Belt
    (TMKB)", "the TMKB (Tarn Mission to Kuiper Belt) probe", "the TPLO (Tarn Pathfinder Lunar Orbiter)", "the Open Frontier Initiative (OFI) program", "the Tarn Payload Services (TPS)
    program"), a term's acronym and its capitalised words ("Moon-Earth Deep-field interferometry
    (DFI)"), and the values of a segmentation title ("By Technology (Robotic Mining, Remote
    Sensing)"). The inventory drops such a name unless the document gives it organisation evidence
    (`drop_thing_name`)."""
    plural_things = (lexicon.words("facility_heads") | lexicon.words("technology_heads") |
                     lexicon.words("body_nouns")) - lexicon.words("generic_technology_heads")
    cues = lexicon.words("example_cues")
    series = lexicon.words("series_cues")
    bodies = lexicon.words("body_nouns")
    vehicles = lexicon.words("facility_heads") | lexicon.words("technology_heads")
    out: set[str] = set()
    for block, doc in parsed:
        lowers, texts = token_lowers(doc), token_texts(doc)
        for i, lower in enumerate(lowers):
            if not (lower in plural_things or lower in ("like", "unlike") or lower in bodies or texts[i].isdigit()):
                continue                        # none of the tests below can hold (each asks one of these first)
            t = doc[i]
            if t.tag_ == "NNS" and t.lower_ in plural_things:
                out |= _examples_after(doc, t, cues)
                if t.i >= 2 and doc[t.i - 1].text == ",":
                    out |= _listed_before(doc, t.i - 1)       # "A and B, programmes aimed at ..."
                sent_end = t.sent.end if doc.has_annotation("SENT_START") else len(doc)
                for j in range(t.i + 1, sent_end):            # "... missions, starting with A, followed by B and C"
                    words = f"{lowers[j]} {lowers[j + 1]}" if j + 1 < len(doc) else ""
                    if words in series:
                        out |= set(_listed_names(doc, j + 2))
            if t.lower_ in ("like", "unlike") and (t.i == 0 or t.is_sent_start) and _likened_to_thing(t, plural_things):
                out |= set(_listed_names(doc, t.i + 1))     # "Like A, B and C, Perdix is a mission ..."
            if t.lower_ in bodies and t.text.islower() and t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN":
                out |= set(_listed_names(doc, t.i + 1)[:1])   # "asteroid Vellum"
            if _numbered_body(t, bodies):
                out.add(doc[t.i + 1:_names_run(doc, t.i + 1)[1]].text)   # "asteroid 4127 Vellum", "12 Oskar, 31 Tull"
        for chunk in proper_chunks(doc):
            nxt = doc[chunk.end] if chunk.end < len(doc) else None
            after = doc[nxt.i + 1] if nxt is not None and nxt.i + 1 < len(doc) else None
            if nxt is not None and DESIGNATION.match(nxt.text) and not maker_name(chunk, lexicon) and \
                    not (after is not None and (after.tag_ in ("NN", "NNS") or after.text == "%") and
                         after.lower_ not in plural_things) and \
                    chunk.root.ent_type_ != "PERSON":   # not "4 min read", "12 %", a byline's name; "Perdix 11 mission"
                out |= {chunk.text, chunk[-1].text}           # "Perdix 12", "a Tarn Perdix 9 booster"
            if nxt is not None and nxt.lower_ in bodies and nxt.text.islower():
                out.add(chunk.text)                           # "the Vellum asteroid"
            if _expands_acronym(doc, chunk.start):
                out.add(chunk.text)                           # "ALExIS, short for Autonomous Lunar Explorer"
            if _programme_appositive(doc, chunk, lexicon):
                out.add(chunk.text)                           # "Perdix, a Mars landing program the firm scrapped"
            if _used_as_spacecraft(doc, chunk, lexicon):
                out.add(chunk.text)                           # "Perdix will separate", "aboard Perdix", "launch Perdix"
            if _designation_piece(doc, chunk):
                out.add(chunk.text)                           # "Perdix" of "the Perdix-C lander", "Tarn-REx"
        for m in TERM_DEF.finditer(block.clean):
            words = re.split(r"[-\s]+", m.group("long").strip(" -")) + [m.group("term")]
            initials = "".join(w[0] for w in words if w).upper()
            if initials.endswith(m.group("short")):
                out |= {m.group("short"), m.group("long").strip(" -")}    # a term's acronym, and its cut-off words
        groups = list(SEGMENT_GROUP.finditer(block.clean))
        if len(groups) >= 2:                                  # values of a market segmentation, not names
            for g in groups:
                out |= {v.strip() for v in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*\(", g.group("values"))
                        if v.strip()[:1].isupper()}
        for m in SHORT_FIRST.finditer(block.clean):          # "the TMKB (Tarn Mission to Kuiper Belt) probe"
            named = m.group("after") in vehicles or m.group("long").split()[-1].casefold() in vehicles
            if named and abbreviates(m.group("short"), m.group("long")):
                out |= {m.group("short"), m.group("long")}    # "the TPLO (Tarn Pathfinder Lunar Orbiter)"
        for m in THING_ACRONYM.finditer(block.clean):
            long, short, after = m.group("long"), m.group("short"), m.group("after") or m.group("appos")
            words = [w.casefold() for w in long.split()]
            if not any(abbreviates(short, " ".join(long.split()[-n:])) for n in range(1, len(words) + 1)):
                continue
            head = next((words[k - 1] for k, w in enumerate(words) if k and w in NAME_CONNECTORS | {"to", "on", "in"}),
                        words[-1])
            org = head in lexicon.words("unit_words") or head in lexicon.words("org_head_words")
            called = after is not None and (after in lexicon.words("facility_heads") or     # "... (OFI), a program"
                                            after in lexicon.words("device_heads"))         # "... (TPS-R) spacecraft"
            thing = head in lexicon.words("facility_heads") or head in lexicon.words("device_heads")
            # "a Tarn Launch Alliance (TLA) rocket": its maker
            unit = head in lexicon.words("unit_words") or head in lexicon.words("association_heads")
            if (called and not unit) or (thing and not org):   # "Tarn Services (TS) program", "Collector of Ice ... (CIX)"
                out |= {short, long}
    return out


def _used_as_spacecraft(doc: Doc, chunk: Span, lexicon: Lexicon) -> bool:
    """The name is used as a vehicle: the subject of a verb only a spacecraft does ("Perdix will
    separate from the stage", "Perdix will fly by the asteroid"), the object of "aboard", or what
    is launched ("the firm will launch Perdix next year"), with no noun after it ("launch Perdix
    satellites" names a product line, read elsewhere)."""
    root = chunk.root
    nxt = doc[chunk.end] if chunk.end < len(doc) else None
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") or root.ent_type_ == "PERSON" or \
            len(chunk) > 1 and chunk[-1].lower_ in lexicon.words("org_head_words"):   # "launched Velka Ventures"
        return False
    head = root.head
    if root.dep_ == "nsubj" and head.pos_ == "VERB" and head.lemma_.lower() in lexicon.words("spacecraft_verbs"):
        return head.lemma_.lower() != "fly" or any(c.lower_ in ("by", "past") for c in head.children)
    if root.dep_ == "pobj" and head.lower_ in lexicon.words("aboard_words"):
        return True
    return root.dep_ == "dobj" and head.lemma_.lower() == "launch" and chunk.start == root.i - len(chunk) + 1


def _designation_piece(doc: Doc, chunk: Span) -> bool:
    """The name is glued by a hyphen to a short designation: a number or up to three characters
    starting with a capital ("Perdix-C", "Perdix-2", "Tarn-REx"): the model labels the first piece
    of a vehicle's or mission's name, not an organisation ("Tarn-Velka" has a name on both sides)."""
    k = chunk.end
    if k + 1 >= len(doc) or doc[k].text != "-" or chunk[-1].whitespace_ or doc[k].whitespace_:
        return False
    piece = doc[k + 1].text
    return piece.isdigit() or (len(piece) <= 3 and piece[:1].isupper())


def _programme_appositive(doc: Doc, chunk: Span, lexicon: Lexicon) -> bool:
    """"Perdix, a Mars landing program ...": an appositive headed by a programme or mission noun."""
    if chunk.end + 2 >= len(doc) or doc[chunk.end].text != "," or doc[chunk.end + 1].lower_ not in ("a", "an"):
        return False
    for t in doc[chunk.end + 2:chunk.end + 8]:
        if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP"):
            return False
        if t.lower_ in lexicon.words("facility_heads") and t.pos_ == "NOUN":
            return not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "NOUN")
    return False


def _likened_to_thing(like, things: set[str]) -> bool:
    """"Like A and B, Perdix is a mission ...": the clause after a sentence's opening comparison
    defines its subject as a thing (a mission, a probe ...)."""
    sent = like.sent
    return any(t.dep_ == "attr" and t.head.lemma_ == "be" and (t.lower_ in things or t.lower_ + "s" in things)
               for t in sent)


def _numbered_body(number: Token, bodies: set[str]) -> bool:
    """A minor planet's catalogue number before its name ("asteroid 4127 Vellum", "M-type asteroids
    such as 12 Oskar and 31 Tull"): a bare integer, then a capitalised name, in a sentence that
    names a kind of heavenly body."""
    if not number.text.isdigit():
        return False                    # no number (the test every other word fails: asked first)
    doc = number.doc
    if number.text.startswith("0") or (number.i > 0 and doc[number.i - 1].text in "-/." and
                                       not doc[number.i - 1].whitespace_):
        return False                    # "2031-06-08 The Tarn Space Agency": a date's day
    if not (number.text.isdigit() and number.i + 1 < len(doc) and doc[number.i + 1].text[:1].isupper() and
            doc[number.i + 1].is_alpha and _names_run(doc, number.i + 1) is not None):
        return False
    sent = number.sent if doc.has_annotation("SENT_START") else doc[:]
    return any(t.lower_ in bodies and t.text.islower() for t in sent)


def _names_run(doc: Doc, i: int) -> tuple[str, int] | None:
    """The name starting at token i (capitalised words, digits and hyphens written together:
    "Kestrel-RX", "Perdix 2"), and the token after it; None when no name starts there."""
    if i >= len(doc) or not (doc[i].text[:1].isupper() or doc[i].pos_ == "PROPN"):
        return None
    j = i
    while j < len(doc) and (doc[j].text[:1].isupper() or doc[j].text[:1].isdigit() or doc[j].pos_ == "PROPN" or
                            (doc[j].text in ("-", "–") and not doc[j - 1].whitespace_)):
        j += 1
    return (doc[i:j].text, j) if j > i else None


def _listed_names(doc: Doc, i: int) -> list[str]:
    """The names of a list starting at token i ("A, B-2 and C"): each name, and the part of a
    hyphenated one before its hyphen (what a model reads as the name: "Kestrel" of "Kestrel-RX")."""
    out: list[str] = []
    while True:
        run = _names_run(doc, i)
        if run is None:
            return out
        name, i = run
        if i < len(doc) and doc[i].lower_ in ("'s", "’s"):
            return out                          # "Tarnex's Perdix 9": the owner is its maker, not a thing
        out.append(name)
        out += [p for p in re.split(r"[-–]", name)[:1] if p != name]
        out += [name.rsplit(" ", 1)[0]] if re.search(r" \d{1,3}$", name) else []
        if i < len(doc) and doc[i].text == ",":
            i += 1
        if i < len(doc) and doc[i].lower_ in ("and", "or", "&"):
            i += 1


def _examples_after(doc: Doc, noun, cues: set[str]) -> set[str]:
    """"missions such as A, B and C", "probes like A", "programmes, including A and B"."""
    i = noun.i + 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    for n in (2, 1):
        words = " ".join(t.lower_ for t in doc[i:i + n])
        if len(doc[i:i + n]) == n and words in cues:
            return set(_listed_names(doc, i + n))
    return set()


def _listed_before(doc: Doc, comma: int) -> set[str]:
    """"the Tarn Lander and Perdix, programmes ...": the names of the list that ends at `comma`."""
    out: set[str] = set()
    j = comma
    while j > 0:
        k = j
        while k > 0 and (doc[k - 1].pos_ == "PROPN" or doc[k - 1].text[:1].isupper()):
            k -= 1
        if k == j:
            break
        out.add(doc[k:j].text)
        if k > 0 and doc[k - 1].lower_ in ("and", "or", ","):
            j = k - 1
            if j > 0 and doc[j - 1].text == "," and doc[j].lower_ in ("and", "or"):
                j -= 1
        else:
            break
    return out


def actors_in(parsed: list[tuple], lexicon: Lexicon) -> set[str]:
    """Names the document makes the subject of a verb only an organisation or a person takes ("Tarn
    has asked ...", "Velmora signed ...", "Tarn needed a carrier and has signed ...": `acts`): the
    lexicon's actor_verbs; who a grant or a contract comes from (`pays`); and the owners of a programme
    or a mission ("Tarn's Perdix programme"); and who backs something ("a Tarn-funded rover": the
    lexicon's backing_participles)."""
    verbs = lexicon.words("actor_verbs")
    backing = lexicon.words("backing_participles")
    out: set[str] = set()
    for _, doc in parsed:
        for t in doc[2:]:
            if t.lower_ in backing and doc[t.i - 1].text == "-" and doc[t.i - 2].text[:1].isupper():
                out.add(doc[t.i - 2].text)      # "NASA-sponsored payloads": the sponsor acts
        for chunk in proper_chunks(doc):
            if acts(chunk.root, verbs) or owns_programme(chunk, lexicon) or pays(chunk.root, lexicon):
                out.add(chunk.text)
        for e in entities(doc):
            if acts(e.root, verbs) or pays(e.root, lexicon):
                out.add(e.text)
    return out


def pays(root: Token, lexicon: Lexicon) -> bool:
    """`root` is where a grant, a contract or funding comes from ("a $2 million grant from Tarn",
    "an award from the Tarn Agency"): only an organisation (or a person) pays."""
    if root.dep_ != "pobj" or root.head.lower_ != "from":
        return False
    head = root.head.head                       # "a grant from X", or "won a grant from X" (the verb's object)
    if head.pos_ == "NOUN":
        nouns = [head]
    else:
        nouns = [c for c in head.children if c.dep_ == "dobj"] if head.pos_ == "VERB" else []
    return any(lexicon.has(n, "funding_nouns", "agreement_nouns") or n.lemma_ == "award" for n in nouns)


def acts(root: Token, verbs: set[str]) -> bool:
    """`root` is the subject of one of `verbs`, or of a verb joined to its own by "and" that has no
    subject of its own ("Tarn needed a carrier and has signed Velmora")."""
    if root.dep_ != "nsubj":
        return False
    head = root.head
    return head.lemma_.casefold() in verbs or \
        any(c.dep_ == "conj" and c.pos_ == "VERB" and c.lemma_.casefold() in verbs and
            not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) for c in head.children)


def owns_programme(chunk: Span, lexicon: Lexicon) -> bool:
    """"Tarn's Perdix programme", "Tarn’s lunar mission": a possessor of a programme or mission noun."""
    doc = chunk.doc
    if chunk.end >= len(doc) or doc[chunk.end].lower_ not in ("'s", "’s"):
        return False
    for t in doc[chunk.end + 1:chunk.end + 5]:
        if t.is_punct:
            return False
        if t.lower_ in lexicon.words("programme_nouns") or t.lower_ in ("mission", "missions"):
            return True
    return False


def _made_by_one_word(span: Span, lexicon: Lexicon) -> bool:
    """"The drill was developed by Tarnelli": one word after "by" and a participle of making is its
    maker, whatever the model's PERSON label (a person would be named in full)."""
    doc = span.doc
    by = span.start - 1
    return len(span) == 1 and by >= 1 and doc[by].lower_ == "by" and \
        doc[by - 1].lemma_.casefold() in lexicon.words("passive_maker_verbs")


@rule("org_agent", "candidates", lexicon=("agent_participles", "facility_heads", "technology_heads", "group_nouns",
                                          "passive_maker_verbs"))
def agent_candidates(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon, people: set[str]) -> None:
    """Yields who makes, runs or pays for a thing, and the members a group's name holds: the names
    after "by" that follows a thing noun or a participle of making ("the Osk-2 lander, a mission by
    Tarn and Velmora", "a rover built by Quill Robotics"), and the names joined before a group noun
    ("the Tarn and Velmora Orbital consortium"), and a maker written before its product's designation
    ("atop a TarnX Perdix 9 booster": a camel-case or capitals name) or product noun ("aboard a TarnX
    Condor Heavy rocket": camel case only; "the QRS Explorer spacecraft" may be named for initials),
    whatever label the model gave them (none, a product, a place); not a person (but one word the
    model calls a person after "built by" is the maker), and not what a context veto refuses."""
    things = lexicon.words("facility_heads") | lexicon.words("technology_heads")
    participles = lexicon.words("agent_participles")
    groups = lexicon.words("group_nouns")
    found: list[Span] = []
    for t in doc:
        if t.lower_ == "by" and t.i > 0 and (doc[t.i - 1].lower_ in participles or
                                               (doc[t.i - 1].lower_ in things and doc[t.i - 1].pos_ == "NOUN")):
            found += _agent_list(doc, t)
        if t.lower_ in groups and t.pos_ == "NOUN" and t.i >= 3:
            found += _group_members(doc, t.i)
    for chunk in proper_chunks(doc):                # "atop a Tarnex Perdix 9 booster": the maker before a designation
        nxt = doc[chunk.end] if chunk.end < len(doc) else None
        designated = nxt is not None and DESIGNATION.match(nxt.text)
        product = nxt is not None and nxt.text.islower() and nxt.lower_ in things and camel_case(chunk[0])
        if len(chunk) >= 2 and (designated or product) and chunk.start > 0 and \
                doc[chunk.start - 1].lower_ in ("a", "an", "the") and (camel_case(chunk[0]) or
                                                                   (chunk[0].is_upper and len(chunk[0]) >= 3)) and \
                not lexicon.has(chunk[0], "technology_heads") and lexicon.vocabulary.lookup(chunk[0].text) is None:
            found.append(chunk[:1])                 # "aboard a TarnX Condor Heavy rocket" (camel case) too
    for span in found:
        if span.text in people or (span[0].ent_type_ == "PERSON" and not _made_by_one_word(span, lexicon)):
            continue
        veto = context_veto(span, lexicon, people)
        if veto is None or veto in ("veto_product", "veto_place", "product_head", "veto_facility"):
            index.add(span.text, agent_candidates.rule_id, source=Source.of(block, span))


def _agent_list(doc: Doc, by) -> list[Span]:
    """The names "by" governs, with those joined to them ("by the Tarn Agency and Velmora"): each the
    run of proper nouns holding the word, else the model's entity; none that owns or modifies a noun."""
    objects = [c for c in by.children if c.dep_ == "pobj"]
    for o in list(objects):
        objects += [c for c in o.conjuncts if c.i > o.i]
    chunks = {t.i: chunk for chunk in proper_chunks(doc) for t in chunk}
    for e in entities(doc):
        if not any(t.dep_ == "cc" for t in e):          # not "Tarnwick and Quellmoor" read as one
            for t in e:
                chunks.setdefault(t.i, e)
    out: list[Span] = []
    for o in objects:
        span = chunks.get(o.i)
        if span is None or span.root.i != o.i or o.pos_ != "PROPN" and not o.text[:1].isupper():
            continue
        if span[0].lower_ == "the":
            span = span[1:]
        nxt = doc[span.end] if span.end < len(doc) else None
        if len(span) and not (nxt is not None and (nxt.lower_ in ("'s", "’s") or nxt.pos_ == "NOUN")):
            out.append(span)
    return out


def _group_members(doc: Doc, noun: int) -> list[Span]:
    """"the Tarn and Velmora Orbital consortium": two names joined by "and"/"&" right before a group noun."""
    j = noun
    k = j
    while k > 0 and doc[k - 1].text[:1].isupper() and (doc[k - 1].pos_ == "PROPN" or doc[k - 1].is_upper):
        k -= 1
    if k == j or k < 2 or doc[k - 1].lower_ not in ("and", "&"):
        return []
    second = doc[k:j]
    m = k - 1
    n = m
    while n > 0 and doc[n - 1].text[:1].isupper() and (doc[n - 1].pos_ == "PROPN" or doc[n - 1].is_upper):
        n -= 1
    if n == m:
        return []
    return [doc[n:m], second]
