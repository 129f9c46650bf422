"""Named products: the spacecraft, rovers, landers, robots, instruments and missions a page names.

One recogniser decides "is this a product's name?" for two stages:
- vetoes: a product name is not a player (`product_veto`, used by vetoes.context_veto and by
  candidates.products_in, which tells the inventory what the document uses as a product name);
- relations: a named product is a technology, credited to its maker (`technology_product`, product_makers.py).

A name is a product's when it is written like one (each shape a registered rule):
    product_code       a code name with digits: "NEO-7", "Kestrel-2B", "Miko2"; or a
                       capitals code with a hyphenated letter "ORCA-B"
    product_head       a name before a product head noun: "the Wayfarer lander", "its QUILL drill"
    product_called     a head noun "called / named / dubbed / known as" a name: "a rover called Nomad"
    product_appositive a head noun and a name in apposition: "its next mission, Odin", "Wayfarer, a
                       small tug"
    product_expansion  an expansion ending in a product head with its acronym: "Polar Ice Scout
                       Rover (PISR)", "the Deep Regolith Drill, or DRD"
What a page calls the product is kept as it names it: the name with its head noun ("Wayfarer lander"),
an expansion with its acronym ("Polar Ice Scout Rover (PISR)").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .clauses import cached, token_lowers, token_texts
from .lexicon import Lexicon
from .rules import rule

CALLED = ("called", "named", "dubbed", "codenamed", "code-named", "nicknamed", "christened")
CODE = re.compile(r"^(?=.*[A-Za-z].*[A-Za-z])(?=.*[\d²])[A-Z][\w'’²]*(?:-[\w²]+)*$")    # NEO-7, Miko2, MX-2E
CAPS_CODE = re.compile(r"^[A-Z]{2,}-[A-Z]$")                                            # ORCA-B
ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9²-]*[A-Z0-9][A-Za-z0-9²-]*$")


@dataclass(frozen=True)
class Product:
    """A product named at `span` (the name itself); `text` is what the page calls it; `head` the
    head noun the name goes with ("lander" of "the Wayfarer lander"), if any."""
    span: Span
    text: str
    rule: str
    head: Token | None = None
    expansion: Span | None = None       # "Polar Ice Scout Rover" of "Polar Ice Scout Rover (PISR)"
    programme: bool = False             # "the Tern-3 missions": a programme's name (no player's, no technology)
    acronym: Span | None = None         # "PIS-2" of "a rover called the Polar Ice Scout, or PIS-2"

    def names(self) -> list[Span]:
        return [self.span] + [n for n in (self.expansion, self.acronym) if n is not None]


def _heads(lexicon: Lexicon) -> set[str]:
    return lexicon.words("product_heads")


def _capitalised(t: Token) -> bool:
    return t.text[:1].isupper() and (t.is_alpha or re.match(r"^[A-Z][a-z]*['’][a-z]+$|^[A-Z]\.$", t.text)) or bool(CODE.match(t.text)) or t.text in ("-", "&") or \
        t.text[:1].isdigit() and len(t.text) <= 3


def _plain_word(t: Token, lexicon: Lexicon) -> bool:
    """A capitalised word that names no product on its own: a sentence's first article, a
    calendar word, a vocabulary term ("Lunar", "Moon"), a nationality."""
    return t.lower_ in ("the", "a", "an", "its", "their", "our", "this", "that", "these", "new", "first") or \
        t.lower_ in lexicon.words("calendar_words") or t.ent_type_ in ("NORP", "GPE", "LOC", "DATE", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT")


def code_name(t: Token, lexicon: Lexicon) -> bool:
    """A token shaped like a code name: letters and digits ("NEO-7", "Miko2"), not a unit, a
    chemical formula or a vocabulary term ("CO2", "He-3")."""
    text = t.text
    if not (CODE.match(text) or CAPS_CODE.match(text)):
        return False
    if lexicon.vocabulary.lookup(text) is not None or text.casefold() in lexicon.words("not_product_codes") or \
            re.search(r"\d{3,}", text) or (t.i > 0 and t.doc[t.i - 1].lower_ in lexicon.words("agreement_nouns")):
        return False                    # "contract SRO-24-117", "IBX-2026-044": a reference, not a product
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if nxt is not None and (nxt.lower_ in lexicon.words("org_cue_nouns") or lexicon.has(nxt, "unit_words") or
                            lexicon.has(nxt, "association_heads")):
        return False                    # "the TARN2SEA association", "the KX2 Consortium": an organisation's name
    letters = re.sub(r"[^A-Za-z]", "", text)
    return len(letters) >= 2 and not re.match(r"^[A-Z][a-z]?\d*[A-Z]?[a-z]?\d+$", text) or "-" in text


def _may_be_code(text: str) -> bool:
    """Whether a token's text can open a code name at all: "NEO-7" and "ORCA-B" start with a capital
    letter, so a lower-case word or a punctuation mark cannot (the test every other word fails)."""
    return text[:1].isalnum() and not text.islower()


def _extend_code(doc: Doc, start: int, end: int, lexicon: Lexicon) -> tuple[int, int]:
    """"ORCA - B", "L - Tor": a code the tokenizer split at its hyphen."""
    while end + 1 < len(doc) and doc[end].text == "-" and doc[end].whitespace_ == "" and \
            doc[end - 1].whitespace_ == "" and re.match(r"^(?:[A-Z0-9]{1,3}|[A-Z][a-z]+|[A-Z]\.)$", doc[end + 1].text):
        end += 2
    return start, end


@rule("product_code", "vetoes", lexicon=("not_product_codes", "agreement_nouns", "org_cue_nouns", "unit_words",
                                          "association_heads"))
def code_products(doc: Doc, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Vetoes as a player, and yields as a product name, a code name: letters with digits ("NEO-7",
    "Miko2", "MX-2E"; not a reference number "SRO-24-117", a unit or a formula), a capitals code with
    a hyphenated letter ("ORCA-B")."""
    out: list[tuple[int, int]] = []
    texts = token_texts(doc)
    i = 0
    while i < len(doc):
        if not _may_be_code(texts[i]):
            i += 1
            continue
        t = doc[i]
        if code_name(t, lexicon):
            out.append(_extend_code(doc, i, i + 1, lexicon))
        elif t.is_upper and len(t) >= 2 and t.is_alpha and i + 2 < len(doc) and doc[i + 1].text == "-" and \
                doc[i + 1].whitespace_ == "" and t.whitespace_ == "" and re.match(r"^[A-Z]\.?$", doc[i + 2].text):
            out.append((i, i + 3))                          # "ORCA-B" split by the tokenizer
        i = out[-1][1] if out and out[-1][0] == i else i + 1
    return out


def _described_from(head: Token) -> int:
    """Where the lower-case words that say what a product is start, right before its head noun
    ("asteroid mining" of "Honey Bee asteroid mining vehicle"; at most three)."""
    i = head.i
    doc = head.doc
    while i > 1 and head.i - i < 3 and doc[i - 1].is_lower and doc[i - 1].is_alpha and not _glued(doc, i - 2) and \
            doc[i - 1].dep_ in ("compound", "amod", "nmod") and doc[i - 1].head.i in range(i, head.i + 1):
        i -= 1                          # (not "ray" of "X-ray")
    return i


def _plural(t: Token) -> bool:
    w = t.lower_
    return t.tag_ in ("NNS", "NNPS") or (w.endswith("s") and not w.endswith("ss") and
                                         (t.lemma_.casefold() != w or w not in ("spacecraft",) and len(w) > 3))


def _glued(doc: Doc, i: int) -> bool:
    """A hyphen or an elision written without spaces inside a name ("Wide-Angle", "Chang'e")."""
    t = doc[i]
    return i > 0 and doc[i - 1].whitespace_ == "" and (
        (t.text == "-" and t.whitespace_ == "") or t.text[:1] in ("'", "’") and t.lower_ not in ("'s", "’s") and
        t.is_alpha is False and len(t) > 1)


def _name_before(doc: Doc, end: int, lexicon: Lexicon, limit: int = 4, official: bool = False) -> int:
    """The start of the capitalised name that ends at `end` (== end when there is none). An
    `official` name (an expansion before its acronym) may open with a nationality ("Korean ...")."""
    if end > 0 and doc[end - 1].text == "-":
        return end                      # "X-" of "X-ray": no name ends in a hyphen
    start = end
    while start > 0 and end - start < limit:
        t = doc[start - 1]
        if _glued(doc, start - 1):
            start -= 1
            continue
        if not _capitalised(t) or t.is_sent_start and not (t.is_upper or CODE.match(t.text) or official):
            break
        if _plain_word(t, lexicon) and not (official and t.ent_type_ in ("NORP", "GPE", "LOC")):
            break
        start -= 1
    while start < end and (doc[start].text in ("-", "&") or _glued(doc, start)):
        start += 1
    while start < end and (lexicon.vocabulary.lookup(doc[start].text) is not None or
                           doc[start].ent_type_ in ("NORP", "GPE", "LOC")) and not official and \
            not (start + 1 < end and _glued(doc, start + 1)):          # (not "NEO" of "NEO-X")
        start += 1                      # "Moon lander", "Lunar rover", "Chinese rover": no name
    return start


def _name_after(doc: Doc, start: int, lexicon: Lexicon, limit: int = 7) -> int:
    end = start
    while end < len(doc) and end - start < limit:
        t = doc[end]
        if _capitalised(t) or (t.lower_ in ("of", "for", "is", "not", "and", "&") and end > start and
                                end + 1 < len(doc) and doc[end + 1].text[:1].isupper()):
            end += 1
            continue
        if t.text in ("-",) and end > start and end + 1 < len(doc) and t.whitespace_ == "":
            end += 1
            continue
        break
    while end > start and doc[end - 1].text in ("-", "&") or end > start and doc[end - 1].lower_ in ("of", "for", "and", "is", "not"):
        end -= 1
    return end


def _programme(t: Token, lexicon: Lexicon) -> bool:
    """"mission", "programme": a noun of what a player runs, not of what it builds."""
    return t.lower_ in lexicon.words("facility_heads") and t.lower_ not in lexicon.words("technology_heads")


@rule("product_head", "vetoes", lexicon=("product_heads", "facility_heads", "technology_heads"))
def head_products(doc: Doc, lexicon: Lexicon) -> list[tuple[int, int, int]]:
    """Vetoes as a player, and yields as a product name, a capitalised name right before a product head
    noun ("the Wayfarer lander", "its QUILL drill", "the QUILL Rover"; not a title-cased "Kestrel Drill",
    which may be a firm's name): (start, end, head index)."""
    heads = _heads(lexicon)
    out = []
    for t in doc:
        if t.lower_ not in heads or t.i == 0 or t.pos_ not in ("NOUN", "PROPN") or _plural(t) or \
                _programme(t, lexicon):                 # "the Emirates Mission": a programme
            continue                                # "Garnet Landers", "Acme Robots": a firm's name
        if t.dep_ == "compound" and t.head.i > t.i:
            continue                                # "Antarctic rover drivetrains": not a rover
        end = t.i
        if doc[end - 1].text == ")":                # "the MAPP (Mobile Autonomous Prospecting Platform) rover"
            opening = next((k for k in range(end - 2, max(end - 9, 0), -1) if doc[k].text == "("), None)
            if opening is not None and all(w.text[:1].isupper() or w.lower_ in ("of", "for", "and", "-")
                                           for w in doc[opening + 1:end - 1]):
                start = _name_before(doc, opening, lexicon)
                if start < opening:
                    out.append((start, end, t.i))
                continue
        name_end = _described_from(t)               # "its Honey Bee asteroid mining vehicle"
        start = _name_before(doc, name_end, lexicon)
        if t.text[:1].isupper() and not all(w.is_upper or CODE.match(w.text) for w in doc[start:name_end]):
            continue                                # "Kestrel Drill" may be a firm; "MAPP Rover" is not
        if start < name_end and not (name_end - start == 1 and doc[start].tag_ == "JJ") and \
                not _owner_acronym(doc, start, name_end):
            out.append((start, name_end, t.i))
    return out


def _owner_acronym(doc: Doc, start: int, end: int) -> bool:
    """"a TSA instrument", "an OSRA probe": an organisation's acronym before a head noun taken with
    "a"/"an" names whose instrument it is, not one named instrument (a name takes "the" or none)."""
    return end - start == 1 and start > 0 and doc[start - 1].lower_ in ("a", "an") and \
        doc[start].is_upper and len(doc[start]) >= 3 and doc[start].is_alpha and doc[start].ent_type_ == "ORG"


@rule("product_called", "vetoes", lexicon=("product_heads", "technology_heads", "org_cue_nouns"))
def called_products(doc: Doc, lexicon: Lexicon) -> list[tuple[int, int, int]]:
    """Vetoes as a player, and yields as a product name, what a product noun is "called", "named",
    "dubbed" or "known as" ("a small rover called Nomad", "a tug known as the Otter", "a rover it
    calls Nomad"): (start, end, head)."""
    heads = _heads(lexicon) | lexicon.words("technology_heads")
    out = []
    lowers = token_lowers(doc)
    for t in [doc[i] for i, w in enumerate(lowers) if w in CALLED or w in ("known", "calls", "call")]:
        after, before = t.i + 1, t.i
        if t.lower_ in CALLED:
            pass
        elif t.lower_ == "known" and after < len(doc) and doc[after].lower_ == "as":
            after += 1
        elif t.lower_ in ("calls", "call") and t.i > 0 and doc[t.i - 1].lower_ in ("it", "they", "we"):
            before = t.i - 1                    # "a rover it calls Nomad", "a rover that they call Nomad"
            if before > 0 and doc[before - 1].lower_ in ("that", "which"):
                before -= 1
        else:
            continue
        if after < len(doc) and doc[after].lower_ == "the":
            after += 1
        head = _head_noun_before(doc, before, heads, stops=lexicon.words("org_cue_nouns"))
        if head is None:
            continue                            # (not "the technology accelerator known as X": a firm)
        end = _name_after(doc, after, lexicon)
        if end > after:
            out.append((after, end, head))
    return out


def _head_noun_before(doc: Doc, i: int, heads: set[str], stops: set[str] = frozenset()) -> int | None:
    """The product noun a "called"/"named" at `i` follows ("a rover called", "the mission, named");
    None when an organisation noun (`stops`) comes first ("the accelerator known as")."""
    j = i - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    for k in range(j, max(j - 4, -1), -1):
        if doc[k].lower_ in stops:
            return None
        if doc[k].lower_ in heads and doc[k].pos_ in ("NOUN", "PROPN"):
            return k
        if doc[k].pos_ not in ("NOUN", "ADJ", "PROPN", "NUM", "PUNCT"):
            break
    return None


@rule("product_appositive", "vetoes", lexicon=("product_heads", "org_cue_nouns"))
def appositive_products(doc: Doc, lexicon: Lexicon) -> list[tuple[int, int, int]]:
    """Vetoes as a player, and yields as a product name, a name in apposition with a product noun:
    "its next mission, Odin", "the firm's first satellite, the Kestrel 1", "its drill TRENCH", "Wayfarer,
    a small tug for deep space", "the Ice Sniffer (TIS), a spectrometer" (the name and its acronym):
    (start, end, head)."""
    heads = _heads(lexicon)
    out = []
    for t in doc:
        if t.lower_ not in heads or t.pos_ not in ("NOUN", "PROPN"):
            continue
        # "... mission, Odin" (the name after the noun's phrase)
        nxt = t.i + 1
        if nxt + 1 < len(doc) and doc[nxt].text == ",":
            start = nxt + 1 + (doc[nxt + 1].lower_ == "the")
            end = _name_after(doc, start, lexicon, limit=4)
            if end > start and (end >= len(doc) or doc[end].text in (",", ".", ";", ")", "(")) and \
                    not doc[start].is_sent_start:
                out.append((start, end, t.i))
                continue
        # "its drill TRENCH", "the rover Pellan": the name right after its owned noun
        if nxt < len(doc) and t.tag_ == "NN" and doc[nxt].text[:1].isupper():
            end = _name_after(doc, nxt, lexicon, limit=3)
            root = doc[nxt:end].root if end > nxt else None
            if root is not None and ((root.dep_ == "appos" and root.head.i == t.i) or
                                     (t.dep_ == "compound" and t.head.i == root.i)) and \
                    any(c.dep_ in ("det", "poss") for c in list(t.children) + list(root.children)):
                out.append((nxt, end, t.i))
                continue
        # "Wayfarer, a small tug": the name before the noun's phrase
        left = t.left_edge.i
        if left >= 2 and doc[left - 1].text == "," and t.dep_ in ("appos", "conj") and doc[left].lower_ in ("a", "an", "the"):
            end = left - 1
            acronym = _parenthesis_before(doc, end)                 # "the Ice Sniffer (TIS), a spectrometer"
            if acronym is not None:
                out.append((acronym[0], acronym[1], t.i))
                end = acronym[0] - 1
            start = _name_before(doc, end, lexicon, official=True)    # (the model often calls such names places)
            opener = doc[start] if doc[start].pos_ == "ADP" else doc[start - 1] if start > 0 else None
            if opener is not None and opener.pos_ == "ADP" and opener.is_sent_start:
                continue                        # "For Kestrel-2, the drill will ...": a fronted phrase, no apposition
            if start < end and t.head.i in range(start, end):
                out.append((start, end, t.i))
    return out


def _parenthesis_before(doc: Doc, end: int) -> tuple[int, int] | None:
    """The one-word parenthesis that ends right before token `end` ("... (TIS)"): (start, end) of its word."""
    if end >= 3 and doc[end - 1].text == ")" and doc[end - 3].text == "(" and doc[end - 2].text[:1].isupper():
        return end - 2, end - 1
    return None


@rule("product_expansion", "vetoes", lexicon=("product_heads", "technology_heads", "unit_words", "association_heads"))
def expansion_products(doc: Doc, lexicon: Lexicon) -> list[tuple[int, int, int, int]]:
    """Vetoes as a player, and yields as a product name, an acronym defined by an expansion that names
    a product ("Polar Ice Scout Rover (PISR)", "the Deep Regolith Drill, or DRD", "Small Lander for
    Crater Study (SLCS)"); the product is named "Expansion (ACRONYM)". Returns (start, end of the
    expansion, start, end of the acronym)."""
    heads = _heads(lexicon) | lexicon.words("technology_heads")    # "... Communications System (LSCS)"
    out = []
    for i, t in enumerate(doc):
        if i == 0 or not "A" <= t.text[:1] <= "Z":
            continue                            # (ACRONYM's first letter: most words are not worth extending)
        if doc[i - 1].text != "(" and doc[i - 1].lower_ != "or":
            continue                            # an acronym is defined in brackets or after "or" (asked first: cheap)
        a0, a1 = _extend_code(doc, i, i + 1, lexicon)
        if not ACRONYM.match(doc[a0:a1].text):
            continue
        if doc[i - 1].text == "(":
            if a1 >= len(doc) or doc[a1].text != ")":
                continue
            end = i - 1
        elif doc[i - 1].lower_ == "or":
            end = i - 1 - (i >= 2 and doc[i - 2].text == ",")
        else:
            continue
        start = _expansion_start(doc, end, lexicon)
        words = [w for w in doc[start:end] if w.text[:1].isupper()]
        if len(words) < 2 or words[0].text[:1].upper() != doc[a0].text[:1].upper():
            continue
        if lexicon.has_word(doc[end - 1].lower_, "unit_words", "association_heads"):
            continue                            # "a Tarn Launch Alliance (TLA) rocket": the rocket's maker
        if _headed(doc[start:end], heads, lexicon) or _head_after(doc, a1, heads) is not None:
            out.append((start, end, a0, a1))
    return out


def _head_after(doc: Doc, i: int, heads: set[str]) -> Span | None:
    """"... or WINE, spacecraft prototype": the product nouns right after an acronym."""
    i += doc[i].text in (",", ")") if i < len(doc) else 0
    j = i
    while j < len(doc) and doc[j].lower_ in heads and doc[j].pos_ in ("NOUN", "PROPN") and not _plural(doc[j]):
        j += 1
    return doc[i:j] if j > i else None


def _headed(expansion: Span, heads: set[str], lexicon: Lexicon) -> bool:
    """The expansion's last capitalised word before any "for/of ..." is a product head ("Polar Ice
    Scout Rover", "Small Lander for Crater Study"; not "Joint Mission Definition Review", nor a
    programme, "Lunar Polar Exploration Mission")."""
    last = None
    for w in expansion:
        if w.lower_ in ("for", "of", "to", "on"):
            break
        last = w
    return last is not None and last.lower_ in heads and not _programme(last, lexicon) and not _plural(last)


def _expansion_start(doc: Doc, end: int, lexicon: Lexicon) -> int:
    """The start of a capitalised expansion ending at `end`, through small words ("Small Lander for
    Crater Study") and glued hyphens ("In-Situ")."""
    start = _name_before(doc, end, lexicon, limit=10, official=True)
    while start >= 2 and doc[start - 1].lower_ in ("for", "of", "and", "&", "the", "to", "on") and \
            _name_before(doc, start - 1, lexicon, limit=10, official=True) < start - 1:
        start = _name_before(doc, start - 1, lexicon, limit=10, official=True)
    return start


def products_of(doc: Doc, lexicon: Lexicon) -> list[Product]:
    """Every product name in a parsed block, worked out once per block (vetoes and relations both ask)."""
    return cached(doc, "products", lambda d: _products(d, lexicon))


def _products(doc: Doc, lexicon: Lexicon) -> list[Product]:
    out: list[Product] = []
    taken: set[int] = set()

    def add(start: int, end: int, text: str, rule_id: str, head: int | None = None,
            expansion: Span | None = None, acronym: Span | None = None) -> None:
        if start >= end or taken & set(range(start, end)):
            return
        taken.update(range(start, end))
        text = text[:-1] if text.endswith(".") and not text.endswith("..") else text   # "Prospector X." at a full stop
        out.append(Product(doc[start:end], text, rule_id, doc[head] if head is not None else None, expansion,
                           acronym=acronym))

    for s, e, a0, a1 in expansion_products(doc, lexicon):
        if not taken & set(range(s, e)) and not taken & set(range(a0, a1)):
            heads = _heads(lexicon) | lexicon.words("technology_heads")
            after = None if _headed(doc[s:e], heads, lexicon) else _head_after(doc, a1, heads)
            noun = f" {after.text}" if after is not None else ""          # "... (WINE) spacecraft prototype"
            head = after[-1].i if after is not None else max((w.i for w in doc[s:e] if w.lower_ in heads), default=e - 1)
            add(a0, a1, f"{doc[s:e].text} ({doc[a0:a1].text.rstrip('.')}){noun}", expansion_products.rule_id, head,
                doc[s:e])
            taken.update(range(s, e))
    for s, e, h in called_products(doc, lexicon):
        text, acronym = _with_acronym(doc, s, e, lexicon)
        if not taken & set(range(s, e)):
            add(s, e, text, called_products.rule_id, h, acronym=doc[acronym.start:acronym.stop] if acronym else None)
            taken.update(acronym)
    for s, e, h in appositive_products(doc, lexicon):
        described = _described(doc[h], lexicon)
        add(s, e, f"{described} {doc[s:e].text}" if h < s else f"{doc[s:e].text} {described}",
            appositive_products.rule_id, h)
    from .vetoes import maker_name          # (vetoes asks this module too)
    for s, e, h in head_products(doc, lexicon):
        if maker_name(doc[s:e], lexicon):
            continue                            # "a Tui Aerospace lander": its maker's name
        add(s, e, f"{doc[s:e].text} {doc[e:h + 1].text}", head_products.rule_id, h)
        taken.add(h)
    for s, e in code_products(doc, lexicon):
        opening = next((k for k in range(s - 1, max(s - 5, 0), -1) if doc[k].text in ("(", ")")), None)
        if opening is not None and doc[opening].text == "(" and opening - 1 in taken:
            taken.update(range(s, e))           # "Kestrel-1 (Sky Eye-1)": the same product's other name
            continue
        add(s, e, doc[s:e].text.rstrip("."), code_products.rule_id)
        programme = _programme(doc[e], lexicon) if e < len(doc) else False
        root = doc[s:e].root                    # "its Tern-3 rideshare mission" too
        programme = programme or root.dep_ in ("compound", "nmod") and _programme(root.head, lexicon)
        if programme and out and out[-1].span.start == s:
            out[-1] = Product(out[-1].span, out[-1].text, out[-1].rule, doc[e], programme=True)
    return sorted(out, key=lambda p: p.span.start)


def _described(head: Token, lexicon: Lexicon) -> str:
    """"its first prospecting spacecraft" -> "prospecting spacecraft": the head noun with the words
    that say what it is (not whose, how many, which one)."""
    vague = lexicon.words("vague_technology_modifiers")
    words = [t for t in head.doc[head.left_edge.i:head.i + 1]
             if t.i == head.i or not (t.pos_ in ("DET", "PRON", "NUM", "PUNCT", "PROPN") or t.dep_ == "poss" or
                                      t.lower_ in ("'s", "’s") or t.lower_ in vague or t.like_num)]
    while len(words) > 1 and words[0].dep_ not in ("amod", "compound", "nmod"):
        words = words[1:]
    return " ".join(t.text for t in words)


def _with_acronym(doc: Doc, s: int, e: int, lexicon: Lexicon) -> tuple[str, range]:
    """"... called the Polar Ice Scout Rover, or PISR", "called PISR (Polar Ice Scout Rover)": the
    name and its acronym or expansion (and where it stands)."""
    for gap, close in ((2, ""), (1, ")")):
        a = e + gap
        if a < len(doc) and ACRONYM.match(doc[a].text) and (
                (gap == 2 and doc[e].text == "," and doc[e + 1].lower_ == "or") or
                (gap == 1 and doc[e].text == "(")):
            a0, a1 = _extend_code(doc, a, a + 1, lexicon)
            if not close or (a1 < len(doc) and doc[a1].text == ")"):
                return f"{doc[s:e].text} ({doc[a0:a1].text.rstrip('.')})", range(a0, a1)
    if e + 2 < len(doc) and doc[e].text == "(":
        close = next((k for k in range(e + 1, min(e + 10, len(doc))) if doc[k].text == ")"), None)
        inside = doc[e + 1:close] if close is not None else None
        if inside is not None and all(w.text[:1].isupper() or w.lower_ in ("of", "for", "and", "-") for w in inside):
            return f"{doc[s:e].text} ({inside.text})", range(e + 1, close)
    return doc[s:e].text, range(0)


def product_at(span: Span, lexicon: Lexicon) -> Product | None:
    """The product whose name (or expansion) overlaps the span, if the page names one there."""
    for p in products_of(span.doc, lexicon):
        if any(n.start < span.end and span.start < n.end for n in p.names()):
            return p
    return None


def product_veto(span: Span, lexicon: Lexicon) -> str | None:
    """The id of the product rule that names a product where `span` stands, or None."""
    p = product_at(span, lexicon)
    return p.rule if p is not None else None
