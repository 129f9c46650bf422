"""Candidate rules: names proposed as players, each stamped with the id of the rule that proposed it.

Every rule reads the parsed blocks and hands names to the inventory (`PlayerIndex.add`), which
passes them through the name vetoes. Rules that read the model's entities or proper-noun runs
first pass the span through the context vetoes (vetoes.py: a person, a product, a place, a source,
a facility); what a veto refuses is recorded with the veto's id. `find_players` runs them in order.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .inventory import (NAME_CONNECTORS, PlayerIndex, abbreviated_suffix, abbreviates, clean_name, drop_publisher,
                        prune, short_forms, split_merged)
from .lexicon import Lexicon
from .pipeline import ORGS_KEY
from .products import products_of
from .rules import rule
from .structure import FIRST_PERSON, in_prose, opening_blocks
from .tables import Header, player_cell
from .types import Source
from .vetoes import (context_veto, maker_name, named_org, not_an_org, person_context, place_context,
                     product_context, source_context)


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
           and e.start == 0 and e.end >= len(doc) - 1 for e in doc.ents):
        index.reject(text, place_context.rule_id, list_candidates.rule_id, Source.of(block))
        return
    index.add(text, list_candidates.rule_id, listed=True, source=Source.of(block))


@rule("players_plain_list", "candidates", lexicon=("legal_suffixes",))
def plain_list(block, doc: Doc, index: PlayerIndex) -> None:
    """Yields the names of a key-players paragraph that is only a list: "Acme Lunar, Beta Orbital; Gamma Mining and Delta"."""
    if any(t.pos_ in ("VERB", "AUX") for t in doc) or len(re.findall(r"[,;]", block.clean)) < 2:
        return
    _enumerated(block.clean, index, plain_list.rule_id, Source.of(block))


ENUM_CUE = re.compile(
    r"\b(?:companies|players|vendors|manufacturers|firms|participants|competitors|operators|startups|"
    r"suppliers|providers|organizations|organisations)\b[^.:;]{0,80}\b(?:are|include|includes|including|such as|"
    r"like|namely|comprise|profiled)\b:?\s*", re.I)
ENUM_STOP = re.compile(r",?\s+(?:along with|among others|as well as|together with|etc|and others|and many others|"
                       r"and a\b|and several\b|and other\b|and various\b)\b.*$", re.I)


@rule("players_enumeration", "candidates", lexicon=("abbreviated_legal_suffixes", "legal_suffixes"))
def enumeration_candidates(block, index: PlayerIndex) -> None:
    """Yields the names an enumeration of players lists: "Major companies operating in the market are A, B, C and D" (to the end of the sentence,
    which a model may wrongly end at "Acme, Inc.")."""
    text = block.clean
    abbreviation = abbreviated_suffix(index.lexicon)
    sentence_end = re.compile(rf"(?:\b(?:{abbreviation}|[A-Z])\.|[.!?])(?=\s|$)", re.I)
    for m in ENUM_CUE.finditer(text):
        end = len(text)
        for stop in sentence_end.finditer(text, m.end()):
            if re.match(rf"(?:{abbreviation}|[A-Z])\.$", stop.group(), re.I):
                continue                        # an abbreviation, not the end of the sentence
            end = stop.end()
            break
        _enumerated(text[m.end():end], index, enumeration_candidates.rule_id, Source.of(block))


def _enumerated(rest: str, index: PlayerIndex, rule_id: str, source: Source) -> None:
    """The names of a list "A, B, C and D" (each capitalised, or a lower-case brand with a legal suffix)."""
    rest = ENUM_STOP.sub("", rest.rstrip())
    if not re.search(rf"\b{abbreviated_suffix(index.lexicon)}\.$", rest, re.I):
        rest = rest.rstrip(".")
    rest = re.split(r":|\s[–—-]\s", rest)[0]
    suffixes = "|".join(re.escape(w.rstrip(".")) for w in sorted(index.lexicon.words("legal_suffixes"), key=len,
                                                                  reverse=True))
    rest = re.sub(rf",\s*((?:{suffixes})\.?)(?=\s*(?:,|and\b|or\b|$))", r" \1", rest, flags=re.I)  # "Acme, Inc."
    items = re.split(r"[,;]\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+", rest)
    items = [i.strip() for i in items if i.strip()]
    if len(items) < 2:
        return
    for item in items:
        item = re.split(r"\s+(?:among|in|which|that|who|have|has|are|is)\s+", item)[0]
        words = item.split()
        lower_name = item[:1].islower() and (
            (len(words) == 1 and any(c.isupper() for c in item[1:])) or          # "eSpace"
            (len(words) == 2 and words[1].casefold().rstrip(".") in {w.rstrip(".") for w in
                                                                       index.lexicon.words("legal_suffixes")}))
        if item[:1].isupper() or lower_name:                                    # "espace, inc."
            index.add(item, rule_id, source=source)


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
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", long) if w.casefold() not in
                           NAME_CONNECTORS | {"inc", "ltd", "llc", "corp", "co"}).upper()
        fits = short.upper() == initials or short.upper().rstrip("S") == initials or \
            abbreviates(short, long) or (m.group("q") and short.casefold() in long.casefold())
        if fits and (known or (m.group("q") is not None) or long.split()[-1].casefold().rstrip(".") in heads):
            index.add(f"{clean_name(long, index.lexicon)} ({short})", alias_definitions.rule_id, source=Source.of(block))


def after_dateline(span: Span) -> Span:
    """"LISBON - Marisco Space": a news story's dateline (a city in capitals and a dash) read into
    the name that follows it."""
    if span.start == 0 and len(span) > 2 and span[0].is_upper and span[0].is_alpha and len(span[0]) > 1 and \
            span[1].text in ("-", "--", "–", "—") and all(t.pos_ == "PROPN" for t in span[2:]):
        return span[2:]
    return span


@rule("ner_org", "candidates")
def ner_candidates(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon, people: set[str]) -> None:
    """Yields the trained model's ORG entities in prose (a dateline, a person "of" it and a place
    "of" an institution trimmed), unless a context veto refuses them or the entity is a one-word
    modifier of a common noun ("Sovereign funds")."""
    if len(doc) < 4:
        return                  # a table cell or a bare list item: the model has no context to judge
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        ent = with_place_of(after_person_of(after_dateline(ent), people, lexicon), lexicon)
        if person_before_of(ent, lexicon):
            continue
        veto = context_veto(ent, lexicon, people)
        if veto is not None:
            index.reject(ent.text, veto, ner_candidates.rule_id, Source.of(block, ent))
        elif not _modifier(ent):
            index.add(ent.text, ner_candidates.rule_id, source=Source.of(block, ent))


@rule("org_suffix", "candidates", lexicon=("legal_suffixes",))
def suffix_candidates(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon, vetoed: bool = True) -> None:
    """Yields "Capitalised Words Inc./Ltd./Corporation" (the pipeline's spacekg_org_suffix spans),
    unless it names a product or a place (with `vetoed`; the opening of a document is not vetoed).
    A lower-case brand the document already names as a player, just before it, is part of the name:
    "acme Europe S.A." is acme's subsidiary, its own player, not "Europe S.A."."""
    for span in doc.spans.get(ORGS_KEY, []):
        span = with_brand(span, index)
        veto = None
        if vetoed:
            veto = product_context.rule_id if product_context(span, lexicon) else \
                place_context.rule_id if place_context(span, lexicon) else None
        if veto is not None:
            index.reject(span.text, veto, suffix_candidates.rule_id, Source.of(block, span))
        else:
            index.add(span.text, suffix_candidates.rule_id, source=Source.of(block, span))


def with_brand(span: Span, index: PlayerIndex) -> Span:
    """`span` with the lower-case brand before it ("acme" + "Europe S.A."), when the inventory already
    holds that brand as a player."""
    if span.start == 0:
        return span
    prev = span.doc[span.start - 1]
    if prev.is_alpha and prev.text[:1].islower() and not prev.is_stop and index.key(prev.text) in index.forms:
        return span.doc[span.start - 1:span.end]
    return span


@rule("org_cue", "candidates", lexicon=("org_cue_nouns",))
def org_cue(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name after an organisation cue noun ("the startup Xyz", "Company Aral Orbit",
    a person's "Jane Roe's company Xyz", not "the firm's Xyz"), one a cue noun calls so ("a new
    company called Ironhold"), or the first example of a plural one ("firms such as Xyz")."""
    doc = chunk.doc
    cues = lexicon.words("org_cue_nouns")
    before = doc[max(chunk.start - 2, 0):chunk.start]
    possessive = [t for t in before if t.lower_ in ("'s", "’s")]
    persons = all(t.i > 0 and doc[t.i - 1].ent_type_ == "PERSON" for t in possessive)   # "Jane's company X"
    return (any(t.lower_ in cues for t in before) and not any(t.lower_ == "of" for t in before) and
            (not possessive or persons)) or named_org(chunk, lexicon) or cue_list_head(chunk, lexicon)


def cue_list_head(chunk: Span, lexicon: Lexicon) -> bool:
    """"companies like X", "start-ups such as X", "firms including X": a plural cue noun and a word
    that introduces its examples, right before the name."""
    doc = chunk.doc
    i = chunk.start - 1
    if i >= 1 and doc[i].lower_ == "as" and doc[i - 1].lower_ == "such":
        i -= 1
    elif i < 0 or doc[i].lower_ not in ("like", "including"):
        return False
    return i >= 1 and doc[i - 1].tag_ in ("NNS", "NNPS") and lexicon.has(doc[i - 1], "org_cue_nouns")


@rule("org_appositive", "candidates", lexicon=("org_cue_nouns",))
def org_appositive(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name with an organisation appositive: "X, a Seattle-based asteroid mining
    startup, ...", "X, a maker of dust shields"."""
    return appositive_cue(chunk, lexicon)


@rule("org_role", "candidates", lexicon=("person_roles",))
def org_role(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields the organisation a person's role is held at: "chief executive of X", "Founder & CEO at X"."""
    return role_of(chunk, lexicon)


@rule("org_head", "candidates", lexicon=("org_head_words",))
def org_head(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name of two or more words ending in an organisation head word ("Selenara
    Robotics"), not opening with a vocabulary or heading word."""
    from .vetoes import lexicon_word
    return len(chunk) >= 2 and chunk[-1].lower_ in lexicon.words("org_head_words") and \
        not lexicon_word(chunk[0].lower_, lexicon)


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
    model gave it."""
    root = chunk.root
    if root.dep_ != "nsubj" or root.head.lemma_ != "be" or root.i > root.head.i:
        return False
    for attr in root.head.children:
        if attr.dep_ == "attr" and attr.i > root.i and lexicon.has(attr, "org_cue_nouns") and \
                any(c.lower_ in ("a", "an") for c in attr.children):
            return True
    return False


@rule("org_maker", "candidates", lexicon=("technology_heads",))
def org_maker(chunk: Span, lexicon: Lexicon) -> bool:
    """Yields a proper name whose possessive owns a product ("Xyz's lunar rover", "Xyz's Falcon 4
    launcher"): who builds or flies a named machine is an organisation."""
    doc = chunk.doc
    if chunk.end + 1 >= len(doc) or doc[chunk.end].lower_ not in ("'s", "’s"):
        return False
    for t in doc[chunk.end + 1:chunk.end + 6]:
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
                source_context(chunk)) and \
        (role_of(chunk, lexicon) or appositive_cue(chunk, lexicon, head_only=True) or org_defined(chunk, lexicon))


CHUNK_RULES = (org_cue, org_appositive, org_defined, org_role, org_head, org_subject, org_partner, org_maker)


def cue_candidates(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon, people: set[str]) -> None:
    """Runs the proper-noun rules over every run of proper nouns: the first of CHUNK_RULES that fires
    names it, after the context vetoes (which `org_context` can overrule)."""
    cues = lexicon.words("org_cue_nouns")
    for chunk in proper_chunks(doc):
        chunk = after_role_of(after_person_of(chunk, people, lexicon), lexicon)
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
            else:
                proposer = next((r for r in CHUNK_RULES if r(chunk, lexicon)), None)
                if proposer is not None:
                    index.reject(chunk.text, veto, proposer.rule_id, source)
            continue
        fired = next((r for r in CHUNK_RULES if r(chunk, lexicon)), None)
        if fired is not None:
            index.add(chunk.text, fired.rule_id, source=source)


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
    through "of" and a place the model left outside it."""
    doc = span.doc
    if not any(t.lower_ in lexicon.words("institution_words") for t in span) or span.end + 1 >= len(doc) or \
            doc[span.end].lower_ != "of":
        return span
    end = span.end + 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
        end += 1
    if not 1 <= end - span.end - 1 <= 2 or any(e.label_ in ("ORG", "PERSON") and e.start == span.end + 1
                                               for e in doc.ents):
        return span
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
                any(e.label_ == "PERSON" and e.start <= head.start and e.end == t.i for e in doc.ents):
            return tail
    return chunk


@rule("lowercase_brand", "candidates", lexicon=("org_subject_verbs", "technology_verbs", "org_cue_nouns"))
def lowercase_brands(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon) -> None:
    """Yields lower-case brands: "oreline will mature its software": a sentence that opens with a lower-case word acting as the
    subject of an organisation verb names a lower-case brand (prose sentences start with a capital);
    so does a lower-case word with an organisation appositive ("nemora, a Nairobi startup")."""
    verbs = lexicon.words("org_subject_verbs") | lexicon.words("technology_verbs")
    cues = lexicon.words("org_cue_nouns")
    for t in doc:                               # "nemora, a Nairobi startup that builds probes"
        if t.is_alpha and t.text.islower() and len(t) >= 3 and t.pos_ in ("NOUN", "PROPN", "ADJ") and \
                appositive_cue(doc[t.i:t.i + 1], lexicon) and doc[t.i + 2].lower_ in ("a", "an") and \
                not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in t.children) and \
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
        if lexicon.vocabulary.lookup(first.text) is not None or first.lower_ in lexicon.technology_forms:
            continue
        index.add(first.text, lowercase_brands.rule_id, lowercase=True, source=Source.of(block, sent[0:1]))


def role_of(chunk: Span, lexicon: Lexicon) -> bool:
    """"chief executive of X", "Founder & CEO at X": the organisation a person's role is held at."""
    doc = chunk.doc
    if chunk.start < 2 or doc[chunk.start - 1].lower_ not in ("of", "at"):
        return False
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
    """"X, a Seattle-based asteroid mining startup, ..." / "X, a maker of dust shields". With
    `head_only`, the cue must head the appositive ("X, a Lisbon startup", not "X, a team from the
    University of Y")."""
    doc = chunk.doc
    if chunk.end + 2 >= len(doc) or doc[chunk.end].text != "," or doc[chunk.end + 1].lower_ not in ("a", "an", "the"):
        return False
    for t in doc[chunk.end + 2:chunk.end + 14]:
        if t.is_punct and t.text not in ("-", "–"):
            return False
        if head_only and t.lower_ in ("of", "from", "at", "in", "with", "for", "that", "which", "who"):
            return False
        if lexicon.has(t, "org_cue_nouns"):
            return True
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


def proper_chunks(doc: Doc):
    """Maximal runs of proper nouns (and '&', "of" between them): name candidates."""
    i = 0
    while i < len(doc):
        if doc[i].pos_ == "PROPN" and doc[i].text[:1].isalpha():
            j = i + 1
            while j < len(doc) and (doc[j].pos_ == "PROPN" or (doc[j].text in ("&", "of") and j + 1 < len(doc)
                                                                and doc[j + 1].pos_ == "PROPN")):
                j += 1
            yield doc[i:j]
            i = j
        else:
            i += 1


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
        out |= {e.text for e in doc.ents if e.label_ == "ORG" and defined_as_thing(e, lexicon)}
    return out


def mission_name(chunk: Span, lexicon: Lexicon) -> bool:
    """"the Psyche mission", "the Perdix programme": a name that modifies a mission or programme noun
    names that mission (and a name the document uses so is a thing, not a player)."""
    doc = chunk.doc
    nxt = doc[chunk.end] if chunk.end < len(doc) else None
    return nxt is not None and nxt.lower_ in lexicon.words("facility_heads") and \
        chunk.root.dep_ in ("compound", "nmod") and not maker_name(chunk, lexicon)   # "a Tui Aerospace mission"


def defined_as_thing(chunk: Span, lexicon: Lexicon) -> bool:
    """"Storm is a 25 kg hopper", "LVAP is the Authority's first flight programme": a name defined by
    "is a/the ..." with a thing's head noun (technology or programme) names that thing."""
    root = chunk.root
    if root.dep_ != "nsubj" or root.head.lemma_ != "be":
        return False
    heads = lexicon.words("technology_heads") | lexicon.words("facility_heads")
    generic = lexicon.words("generic_technology_heads")
    for attr in root.head.children:
        if attr.dep_ == "attr" and attr.i > root.i and attr.lower_ in heads and attr.lower_ not in generic:
            return True
    return False


def people_in(parsed: list[tuple], lexicon: Lexicon) -> set[str]:
    """Names of people in the document (and their surnames): PERSON entities next to a role."""
    out: set[str] = set()
    for block, doc in parsed:
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2 and person_context(ent, lexicon):
                out.add(ent.text)
                out.add(ent[-1].text)
    return out


def places_in(parsed: list[tuple]) -> set[str]:
    """The document's place names: its GPE and LOC entities, and the town of a "Town, Region" pair
    whose region is one ("Pasadena, California": the model often tags only the region)."""
    places = set()
    for _, doc in parsed:
        for e in doc.ents:
            if e.label_ not in ("GPE", "LOC"):
                continue
            places.add(e.text)
            if e.start >= 2 and doc[e.start - 1].text == ",":
                town = doc[e.start - 2]
                if town.pos_ == "PROPN" and town.is_title and town.is_alpha:
                    places.add(town.text)
    return places


def find_players(parsed: list[tuple], index: PlayerIndex, lexicon: Lexicon, rows: dict[int, Header | None]) -> None:
    """Run every candidate rule over the parsed blocks, filling `index`; `rows` are the blocks'
    table rows (`tables.table_rows`), which the extractor reads too."""
    people = people_in(parsed, lexicon)
    index.products = products_in(parsed, lexicon)
    index.places = places_in(parsed)
    for position, (block, doc) in enumerate(parsed):
        kinds = block.section.kinds() if block.section else []
        header = rows.get(position)
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
        lowercase_brands(block, doc, index, lexicon)
        enumeration_candidates(block, index)
    author_candidates(parsed, index, lexicon)
    for block, doc in parsed:
        if in_prose(block):
            coordinated_candidates(block, doc, index, lexicon, people)
    for block, doc in parsed:
        if in_prose(block):
            alias_definitions(block, index)
    short_forms(parsed, index)
    split_merged(index)
    prune(parsed, index)
    drop_publisher(parsed, index)


@rule("org_conj", "candidates")
def coordinated_candidates(block, doc: Doc, index: PlayerIndex, lexicon: Lexicon, people: set[str]) -> None:
    """Yields a name joined by "and"/"or" to a player: "Both Gannet Space and Kestrel Drill focus on Mars": a name joined by "and"/"or" to a player
    shares its role, so it is an organisation too."""
    chunks = [c for c in proper_chunks(doc) if len(c) >= 2]
    known = [c for c in chunks if index.resolve(index.key(clean_name(c.text, lexicon))) in index.forms]
    for chunk in chunks:
        if chunk in known or not_an_org(chunk, lexicon, people) or person_at(chunk):
            continue
        root = chunk.root
        partners = [root.head] if root.dep_ == "conj" else [c for c in root.children if c.dep_ == "conj"]
        if any(k.start <= p.i < k.end for p in partners for k in known):
            index.add(chunk.text, coordinated_candidates.rule_id, source=Source.of(block, chunk))


def person_at(chunk: Span) -> bool:
    """"Ana Ruiz from X and Ben Ortiz of the Y Agency": a name the model calls a person, followed by
    the organisation it is of, from or at."""
    doc = chunk.doc
    return chunk.end < len(doc) and doc[chunk.end].lower_ in ("of", "from", "at") and \
        all(t.ent_type_ == "PERSON" for t in chunk)


@rule("author_heading", "candidates", lexicon=("org_head_words", "person_roles"))
def author_candidates(parsed: list[tuple], index: PlayerIndex, lexicon: Lexicon) -> None:
    """Yields the author of a document written as "we": a document written as "we" (a fund's letter, a company's post) names its author in its
    opening: an organisation-headed name there ("X Ventures: portfolio notes") or the organisation of
    the writer's role ("Founder & CEO at X") is a player."""
    if not any(t.lower_ in FIRST_PERSON and t.pos_ == "PRON" for block, doc in parsed if block.kind == "paragraph"
               for t in doc):
        return
    for block, doc in opening_blocks(parsed):
        for chunk in proper_chunks(doc):
            if (maker_name(chunk, lexicon) or role_of(chunk, lexicon) or index.headed(index.key(chunk.text))) and \
                    not index._lexicon_word(chunk[0].lower_):
                index.add(chunk.text, author_candidates.rule_id, source=Source.of(block, chunk))
        suffix_candidates(block, doc, index, lexicon, vetoed=False)   # "Acme Space Systems, Inc. - Annual Report"
