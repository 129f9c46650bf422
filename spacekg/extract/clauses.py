"""Who a clause is about: the syntax that attributes a term or an object to the right player.

A sentence often names several players in different roles: "Unlike Quarrystar, which extracts
water from asteroids, Ferrolith goes after platinum" says water of Quarrystar and platinum of
Ferrolith; "Acme raised $40 million in a round led by Beta Ventures" says nothing Beta does.
These helpers read the dependency parse:
- `governor`: the verb a mention hangs from ("partnered" for both "Acme partnered with Beta");
- `agents`: the mentions that take part in what the sentence says (not funders, not "unlike X",
  not an organisation only named to describe another, "a spin-off of X University");
- `owners`: the players a term or noun phrase belongs to: the subject (and objects) of the
  nearest clause that names a player, the antecedent of a relative clause ("X, which mines ..."),
  the player an appositive describes ("X, an asteroid mining startup").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc, Span, Token

from .dates import NUMBER_WORDS as COUNTS
from .lexicon import Lexicon
from .rules import rule
from .structure import FIRST_PERSON
from .types import Mention

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}
# A player named after one of these prepositions is outside the action ("unlike X", "more than X").
NON_AGENT_PREPS = {"than", "unlike", "like", "besides", "despite", "against", "except"}


def is_verb(token: Token) -> bool:
    """A verb, or the sentence root; not "including" as a preposition (tagged VERB) after a plural
    noun, whose names belong to that noun's clause ("firms, including X and Y, are building ..."),
    nor the participle that names a noun ("a company called X won ...": X is that company)."""
    return (token.pos_ in ("VERB", "AUX") and not _including_members(token) and not naming_participle(token)) \
        or token.dep_ == "ROOT"


NAMING_PARTICIPLES = {"called", "named", "dubbed"}


def naming_participle(token: Token) -> bool:
    """"called" in "a start-up called X": the participle gives the noun before it a name (its
    object predicate), so the name stands in that noun's place in the clause."""
    return token.dep_ == "acl" and token.lower_ in NAMING_PARTICIPLES and \
        any(c.dep_ == "oprd" for c in token.children)


def _including_members(token: Token) -> bool:
    """"companies, including": the preposition that names members of a plural noun (not "his team,
    including Dr. X of Y": a singular group's people)."""
    return token.dep_ == "prep" and token.lower_ == "including" and token.head.tag_ == "NNS"


def governor(token: Token) -> Token:
    """The nearest verb above a token (the sentence root when there is none); the verb an auxiliary
    serves, when the parse hangs a subject on the auxiliary ("X, which ..., was later awarded ...")."""
    t = token
    while not is_verb(t) and t.head.i != t.i:
        t = t.head
    if t.dep_ in ("aux", "auxpass") and t.head.i > t.i and is_verb(t.head):
        t = t.head
    return misparsed_finite_verb(t) or t


def misparsed_finite_verb(token: Token) -> Token | None:
    """"The company partnered with X" parsed as a noun phrase: ROOT "company" with "partnered" as
    its clausal modifier. The finite verb is the clause's real verb and the noun its subject."""
    if token.dep_ != "ROOT" or token.pos_ not in ("NOUN", "PROPN"):
        return None
    for child in token.children:
        if child.dep_ == "acl" and child.tag_ in ("VBD", "VBZ", "VBP", "VBN") and child.i > token.i:
            return child
    return None


def mention_at(token: Token, mentions: list[Mention]) -> Mention | None:
    for m in mentions:
        if m.span.start <= token.i < m.span.end:
            return m
    return None


QUOTE_MARK = re.compile(r'"|``|\'\'|“|”')


def based_at(doc: Doc, k: int) -> bool:
    """Token `k` is the hyphen of a "-based" description ("Oslo-based", "US–based")."""
    return 0 <= k and k + 1 < len(doc) and doc[k].text in ("-", "–") and doc[k + 1].lower_ == "based"


def possessed_run(doc: Doc, k: int) -> Span | None:
    """The proper nouns right after the possessive mark at token `k` ("Ivo Brandt’ Tarn Orbital",
    "Ana Ruiz's Velmora"), or None when `k` is no possessive mark or no name follows it."""
    if k >= len(doc) or doc[k].text not in ("'s", "’s", "'", "’"):
        return None
    end = k + 1
    while end < len(doc) and doc[end].pos_ == "PROPN":
        end += 1
    return doc[k + 1:end] if end > k + 1 else None


def cached(doc: Doc, key: str, compute: Callable[[Doc], object]):
    """`compute(doc)`, worked out once per Doc and kept in its user_data: spaCy works out
    `Doc.text`, `Span.noun_chunks` (all of the document's, then filtered) and `Token.sent`
    afresh at every call, which the rules below make thousands of times per document."""
    key = "spacekg." + key
    if key not in doc.user_data:
        doc.user_data[key] = compute(doc)
    return doc.user_data[key]


def forget_cached(parsed: Iterable[tuple[object, Doc]]) -> None:
    """Drop what `cached` kept in the Docs of a document's parsed blocks once it is extracted. The
    kept Spans refer back to their Doc, a reference cycle that only the garbage collector's slower
    passes free (most of a build's collection time went on them); without it a Doc is freed as
    soon as nothing uses it."""
    for _, doc in parsed:
        for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("spacekg.")]:
            del doc.user_data[key]


def entities(doc: Doc) -> tuple[Span, ...]:
    """The Doc's entities, made once: `Doc.ents` makes a new Span for every entity at every call."""
    return cached(doc, "entities", lambda d: tuple(d.ents))


def span_entities(span: Span) -> list[Span]:
    """`span.ents` (the entities inside the span, up to the first that runs past its end), read
    from the Doc's entities made once (`entities`) rather than made anew at every call."""
    inside = []
    for ent in entities(span.doc):
        if ent.start >= span.start:
            if ent.end <= span.end:
                inside.append(ent)
            else:
                break
    return inside


def token_lowers(doc: Doc) -> list[str]:
    """Every token's lower-case form, in order (as `token_texts`: no Token object per look-up)."""
    return cached(doc, "token_lowers", lambda d: [t.lower_ for t in d])


def token_lemmas(doc: Doc) -> list[str]:
    """Every token's lemma, case-folded, in order (as `token_texts`)."""
    return cached(doc, "token_lemmas", lambda d: [t.lemma_.casefold() for t in d])


def _tokens_in(sent: Span, wanted: Callable[[int], bool]) -> list[Token]:
    """The tokens of `sent` whose index passes `wanted` (a test of the per-Doc word lists, asked
    before any Token object is made)."""
    doc = sent.doc
    return [doc[i] for i in range(sent.start, sent.end) if wanted(i)]


def token_texts(doc: Doc) -> list[str]:
    """Every token's text, in order (making a Token object per look-up is what costs)."""
    return cached(doc, "token_texts", lambda d: [t.text for t in d])


def noun_chunks(sent: Span) -> list[Span]:
    """The noun chunks of a sentence (what `sent.noun_chunks` gives, without recomputing the document's)."""
    memo = cached(sent.doc, "sentence_noun_chunks", lambda d: {})
    found = memo.get((sent.start, sent.end))
    if found is None:
        found = memo[(sent.start, sent.end)] = [c for c in cached(sent.doc, "noun_chunks", lambda d: list(d.noun_chunks))
                                                if c.start >= sent.start and c.end <= sent.end]
    return list(found)


def _sentence_starts(doc: Doc) -> list[tuple[int, int]]:
    """Where each sentence starts: (token index, character offset), in order, made once per Doc."""
    return cached(doc, "sentence_starts", lambda d: [(s.start, s.start_char) for s in d.sents])


def sentence_start_char(token: Token) -> int:
    starts = _sentence_starts(token.doc)
    return starts[bisect_right(starts, (token.i, float("inf"))) - 1][1]


def sentence_start(token: Token) -> int:
    """`token.sent.start` without making the sentence's Span (spaCy walks the tokens at every call)."""
    starts = _sentence_starts(token.doc)
    return starts[bisect_right(starts, (token.i, float("inf"))) - 1][0]


def in_quotes(token: Token) -> bool:
    """Inside quoted speech: what a person says is not a fact the sentence states. The quote marks
    before the token in its sentence are read from the text (walking the tokens was slow)."""
    text = cached(token.doc, "text", lambda d: d.text)
    inside = False
    for mark in QUOTE_MARK.findall(text, sentence_start_char(token), token.idx):
        inside = mark == "“" or (mark != "”" and not inside)
    return inside


# Verbs of funding that as often say something else ("X leads the consortium", "X joined the mission").
SHARED_FUNDING_VERBS = {"lead", "join", "participate", "co-lead"}


def is_funder(m: Mention, lexicon: Lexicon) -> bool:
    """"a round led by X", "participation from X", "raised $5 million from X", "X invested in Acme",
    "X led a $30 million round". The funded company ("Acme raised ...") is not a funder."""
    nouns = lexicon.words("funding_nouns")
    t = m.span.root
    while t.head.i != t.i and not is_verb(t.head):
        head = t.head
        if t.dep_ == "poss" and head.lemma_.casefold() in nouns:
            return True                                    # "X's investment"
        if t.dep_ == "pobj" and head.head.lemma_.casefold() in nouns:
            return head.lower_ in ("from", "by", "of")     # "a round from X" / not "a round in X"
        if t.dep_ == "pobj" and head.lower_ in ("from", "by") and head.head.dep_ in ("acl", "relcl") and \
                head.head.head.lemma_.casefold() in nouns:
            return True                                    # "a round led by X"
        t = head
    verb = t.head
    lemma = verb.lemma_.casefold()
    if t.dep_ in ("prep", "agent") and t.lower_ in ("from", "by"):
        if lemma in lexicon.words("funding_verbs") and (lemma not in SHARED_FUNDING_VERBS or
                                                         any(lexicon.has(c, "funding_nouns") for c in verb.subtree)):
            return True                                    # "funded by X", "the round was led by X",
                                                           # not "a consortium led by X"
        if lemma in lexicon.words("fundraising_verbs"):     # "raised $5 million from X", not "received a
            return not any(c.dep_ == "dobj" and not (c.ent_type_ == "MONEY" or c.like_num or     # contract from X"
                                                     lexicon.has(c, "funding_nouns"))
                           for c in verb.children)
        if verb.dep_ in ("acl", "relcl") and verb.head.lemma_.casefold() in nouns:
            return True                                    # "a round led by X"
    if t.dep_ == "nsubj" and lemma in lexicon.words("funding_verbs"):
        if lemma in SHARED_FUNDING_VERBS:
            return any(c.lemma_.casefold() in nouns for c in verb.subtree)
        return True
    return False


def describes_other(m: Mention, mentions: list[Mention], lexicon: Lexicon | None = None) -> bool:
    """Named only to describe another player: "Acme, a spin-off of the X University" (and of "X and
    Y"). Not the members of a group the description names ("Acme (a joint venture of X and Y)", a
    lexicon `group_nouns` word): they are partners."""
    t = m.span.root
    hops, through_of = 0, False
    while t.head.i != t.i and hops < 5:
        if t.dep_ == "pobj" and t.head.lower_ == "of":
            through_of = True
            if lexicon is not None and t.head.head.lemma_.casefold() in lexicon.words("group_nouns"):
                return False
        elif t.dep_ not in ("pobj", "prep", "compound", "appos", "conj"):
            return False
        if t.dep_ == "appos" and mention_at(t.head, mentions) is not None:
            return through_of
        if is_verb(t.head):
            return False
        t = t.head
        hops += 1
    return False


def outside_action(m: Mention) -> bool:
    t = m.span.root
    hops = 0
    while t.head.i != t.i and hops < 6:
        if t.dep_ == "pobj" and t.head.lower_ in NON_AGENT_PREPS:
            return True
        if is_verb(t.head):
            return False
        t = t.head
        hops += 1
    return False


def agents(mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """Mentions that take part in what the sentence says. (Several relation rules ask about the
    same mentions of a sentence: the answer is worked out once per Doc and list of mentions.)"""
    if not mentions:
        return []
    memo = cached(mentions[0].span.doc, "agents", lambda d: {})
    key = (id(lexicon), tuple((m.key, id(m.span.doc), m.span.start, m.span.end) for m in mentions))
    kept = memo.get(key)
    if kept is None:
        kept = memo[key] = [i for i, m in enumerate(mentions)
                            if not (outside_action(m) or is_funder(m, lexicon) or describes_other(m, mentions, lexicon)
                                    or in_quotes(m.span.root))]
    return [mentions[i] for i in kept]


def coordination_head(token: Token) -> Token:
    """The first of coordinated names, which carries their role in the clause ("X and Y formed":
    "X"). "X Mining and Y Robotics" is often parsed with "X Mining" as a modifier of "Robotics"."""
    t = token
    while t.dep_ in ("nmod", "compound") and any(c.dep_ == "cc" for c in t.children) and not is_verb(t.head):
        t = t.head
    while t.dep_ == "conj" and not is_verb(t.head):
        t = t.head
    return t


LIST_DEPS = {"conj", "nmod", "compound", "appos", "cc", "punct"}


def list_head(m: Mention) -> Token:
    """The token that carries the role of a list of names the mention stands in ("between X and Y",
    "developed by X and Y": the noun after the preposition), however the model attached the first
    name ("X" as a modifier of "Y")."""
    for t in m.span:
        while t.dep_ in LIST_DEPS and t.head.i != t.i and not is_verb(t.head):
            t = t.head
        if t.dep_ not in LIST_DEPS:
            return t
    return coordination_head(m.span.root)


def subject_side(m: Mention) -> bool:
    """The mention is the subject of its clause (or joined to the subject: "X and Y formed ...", or
    named in it: "Three firms, including X and Y, formed ...")."""
    t = coordination_head(m.span.root)
    while t.dep_ in ("appos",) and not is_verb(t.head) or t.dep_ == "oprd" and naming_participle(t.head):
        t = t.head if t.dep_ == "appos" else t.head.head      # "a start-up called X": the start-up's role
    if t.dep_ == "pobj" and _including_members(t.head):
        t = t.head.head                 # "Three firms, including X, Y and Z, are building ...": the firms named
    return t.dep_ in SUBJECT_DEPS or misparsed_finite_verb(t) is not None


def owners(token: Token, mentions: list[Mention], active: list[Mention],
           with_subjects: bool = True, through_appositive: bool = True,
           shared_subject: bool = False) -> list[Mention] | None:
    """The players what stands at `token` belongs to.

    Walks up from the token: a player containing the walk (appositive, "X's"), the antecedent
    of a relative clause, or the players governed by the nearest clause that has any (with the
    subject of an object: "X awarded Y a contract to mine ice" credits both; not through an
    appositive when `through_appositive` is false: "Y, a maker of dust shields"; with
    `shared_subject`, a conjoined verb's governed players come with the subject it shares: "X
    builds trucks and won a contract from Y to deliver them to the Moon" credits X and Y)."""
    t = token
    prev = token
    hops = 0
    while hops < 40:
        m = mention_at(t, mentions)
        if m is not None and t.i != token.i:
            if not with_subjects or (prev.dep_ == "appos" and not through_appositive):
                return [m]                      # "X, a maker of dust shields": says what X is
            return [m] + [s for s in _subjects_above(m, active) if s != m]
        if is_verb(t):
            governed = [a for a in active if governor(a.span.root).i == t.i and a.span.root.i != t.i
                        and not beneficiary(a)]
            if shared_subject and governed and t.dep_ == "conj" and \
                    not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
                # "X builds trucks and won a contract from Y to deliver them to the Moon": X too
                governed += [a for a in active if governor(a.span.root).i == t.head.i and subject_side(a)]
            if governed:
                return governed
            if t.dep_ == "relcl":
                antecedent = mention_at(t.head, mentions)
                if antecedent is not None:
                    if any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                        # "formed X to extract iron": a purpose, shared with the clause's subject
                        return [antecedent] + [s for s in _subjects_above(antecedent, active) if s != antecedent]
                    return [antecedent]
        if t.head.i == t.i:
            break
        prev, t = t, t.head
        hops += 1
    active = [a for a in active if not _in_other_modifier(a, token)]
    return active or None


def beneficiary(m: Mention) -> bool:
    """"... drills for Y", "... spectrometers for Y's rover": Y is served by what the clause does,
    it does not do it."""
    t = list_head(m)
    if t.dep_ == "poss":
        t = t.head
    return t.dep_ == "pobj" and t.head.lower_ == "for"


def _in_other_modifier(m: Mention, token: Token) -> bool:
    """"... in a chamber provided by X": X acts only inside the participle that modifies a noun,
    not in the clause the token stands in."""
    verb = governor(m.span.root)
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not (verb.left_edge.i <= token.i <= verb.right_edge.i)


def _subjects_above(m: Mention, active: list[Mention]) -> list[Mention]:
    """The subjects of the clause an object-side mention stands in ("X awarded Y a contract")."""
    if subject_side(m):
        return []
    verb = governor(m.span.root)
    return [a for a in active if governor(a.span.root).i == verb.i and subject_side(a)]


def entry_name(doc, mentions: list[Mention]) -> Mention | None:
    """The player a list entry is about: "Acme Lunar - Builds drills", "Acme Lunar: drills"."""
    first = next((m for m in mentions if m.span.start == 0), None)
    if first is None or first.span.end >= len(doc):
        return None
    return first if doc[first.span.end].text in ("-", "–", "—", ":") else None


def sentence_players(sent: Span, mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if sent.start <= m.span.start and m.span.end <= sent.end]


def latest_subject(mentions: list[Mention]) -> Mention | None:
    """What "the company" will mean next: the sentence's last player that is a clause's subject,
    else its first player."""
    subjects = [m for m in mentions if subject_side(m)]
    return subjects[-1] if subjects else (min(mentions, key=lambda m: m.span.start) if mentions else None)


def coreferent_subjects(sent: Span, mentions: list[Mention], last: Mention | None,
                        lexicon: Lexicon, author: str | None = None,
                        products: dict[str, str] | None = None) -> list[Mention]:
    """"The company plans ...", "It has raised ...", "The startup is developing ...", "The rover will
    carry ...": a subject that refers back to the last player (or to its product) is a mention of it;
    so is "the company's" before a technology in a sentence that names no player ("The grant will fund
    the company's X lidar"; not "at the company's plant", a place).
    "We", "our", "us" outside quotes are the document's author (`author`, a player key) when the
    document has one: a company's own page, a fund's letter. A product named as a subject
    ("IceProbe combines a drill with ...") stands for the player it belongs to (`products`: product
    name -> player key, from "Acme's IceProbe instrument" earlier)."""
    out = []
    for t in sent if products else ():
        if t.dep_ in ("nsubj", "nsubjpass") and mention_at(t, mentions) is None:
            name = sent.doc[t.left_edge.i:t.i + 1].text
            for candidate in (name, t.text):
                if candidate in products:
                    out.append(Mention(products[candidate], sent.doc[t.i + 1 - len(candidate.split()):t.i + 1]))
                    break
    if author is not None:
        out += [Mention(author, sent.doc[t.i:t.i + 1]) for t in sent
                if t.lower_ in FIRST_PERSON and t.pos_ == "PRON" and mention_at(t, mentions) is None
                and not in_quotes(t)]
    cues = lexicon.union("org_cue_nouns", "org_reference_nouns", "technology_heads")
    for t in sent:
        if last is not None and (opening_possessive(t, mentions) or owned_hardware(t, sent, mentions, lexicon)):
            out.append(Mention(last.key, sent.doc[t.i:t.i + 1]))    # "Its customers include Y"
            continue
        if last is not None and not mentions and t.dep_ == "poss" and t.pos_ == "NOUN" and \
                t.lemma_.casefold() in lexicon.words("org_cue_nouns") and \
                any(c.dep_ == "det" and c.lower_ == "the" for c in t.children) and \
                lexicon.has(t.head, "technology_heads") and \
                not (t.head.dep_ == "pobj" and t.head.head.lower_ in ("at", "in", "near", "from")):
            out.append(Mention(last.key, sent.doc[t.i:t.i + 1]))    # "... qualify the company's ORCA lidar"
            continue
        if t.dep_ == "dobj" and mention_at(t, mentions) is None and _self_reference(t, lexicon):
            speaker = reporting_subject(t, mentions, lexicon)   # "X announced that Y selected the company"
            if speaker is not None:
                out.append(Mention(speaker.key, sent.doc[t.left_edge.i:t.i + 1]))
            continue
        if (t.dep_ not in ("nsubj", "nsubjpass") and misparsed_finite_verb(t) is None) or \
                mention_at(t, mentions) is not None:
            continue
        speaker = reporting_subject(t, mentions, lexicon) if t.lower_ in ("it", "they") else None
        if speaker is not None:
            out.append(Mention(speaker.key, sent.doc[t.i:t.i + 1]))
        elif last is None:
            continue
        elif t.lower_ == "it" and (t.i == sent.start + leading_marks(sent) or fronted_subject(t, mentions)):
            out.append(Mention(last.key, sent.doc[t.i:t.i + 1]))
        elif t.lemma_.casefold() in cues and (t.pos_ == "NOUN" or _own_style(t, last)) and not _others(t) and \
                any(c.dep_ == "det" and c.lower_ in ("the", "this", "these") for c in t.children) and \
                not any(c.dep_ in ("prep", "relcl") or (c.dep_ == "acl" and c.i < t.i) for c in t.children) and \
                not _made_by_named(t, mentions) and not _names_next(t, mentions):
            referent = _referent(t, mentions, last, lexicon)
            if not group_of_others(t, referent, lexicon):
                out.append(Mention(referent.key, sent.doc[t.left_edge.i:t.i + 1]))
    return out


def _own_style(t: Token, last: Mention) -> bool:
    """"the Group", "the Agency": a page's own capitalised word for the player whose name ends in it
    (the last one named, "Velmora Motor Group"), which the model tags a proper noun."""
    return t.pos_ == "PROPN" and t.is_title and t.i > 0 and t.doc[t.i - 1].lower_ == "the" and \
        last.key.split()[-1:] == [t.lower_]


def _others(t: Token) -> bool:
    """"The other investors include ...": a plural with "other" names others, not the last player."""
    return t.tag_ == "NNS" and any(c.lower_ == "other" for c in t.children)


def _names_next(t: Token, mentions: list[Mention]) -> bool:
    """"The American company Tarnmeer ...": a cue noun right before a player's name introduces that
    player (the parser may still make the noun the subject); it does not refer back."""
    return t.i + 1 < t.sent.end and mention_at(t.doc[t.i + 1], mentions) is not None


def _made_by_named(t: Token, mentions: list[Mention]) -> bool:
    """"The drill will be built by Y": a passive subject whose agent names a player is Y's, not the last player's."""
    return t.dep_ == "nsubjpass" and any(a.dep_ == "agent" and any(a.i < m.span.start <= a.right_edge.i for m in mentions)
                                         for a in t.head.children)


@rule("veto_group_reference", "mentions", lexicon=("multi_party_nouns",))
def group_of_others(t: Token, referent: Mention, lexicon: Lexicon) -> bool:
    """Vetoes reading "the consortium", "the alliance" as the last player named when that
    player is not itself a group ("X selected the consortium ... The winning consortium includes Y and
    Z": the consortium is Y and Z, not X)."""
    groups = lexicon.words("multi_party_nouns")
    return t.lemma_.casefold() in groups and not any(w in groups for w in referent.key.casefold().split())


@rule("possessive_hardware", "mentions", lexicon=("technology_heads",))
def owned_hardware(t: Token, sent: Span, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """Yields a mention of the last player for "its"/"their" on a piece of hardware in a sentence that
    names no player ("This R&D leads to its asteroid mining vehicle": the company's vehicle, and so
    its target), outside quotes."""
    return t.lower_ in ("its", "their") and t.dep_ == "poss" and not mentions and \
        t.head.pos_ in ("NOUN", "PROPN") and lexicon.has(t.head, "technology_heads") and not in_quotes(t) and \
        sent.start <= t.i < sent.end


def opening_possessive(t: Token, mentions: list[Mention]) -> bool:
    """"Its customers include ...", "Its first tug, Kittiwake, will ...": "its"/"their" on the subject
    of a sentence that names no player before it refers back to the last player (not when the
    subject is itself a player: "Its first grantee, the X Institute, studies ...")."""
    if t.lower_ not in ("its", "their") or t.dep_ != "poss" or mention_at(t, mentions) is not None:
        return False
    subject = t.head
    return subject.dep_ in ("nsubj", "nsubjpass") and subject.head.dep_ == "ROOT" and \
        t.i - sentence_start(t) <= 3 and not any(m.span.start < t.i for m in mentions) and \
        not any(c.dep_ == "appos" and mention_at(c, mentions) is not None for c in subject.children)


@rule("veto_participle_agent", "mentions", lexicon=("backing_participles",))
def participle_agent(m: Mention, lexicon: Lexicon | None = None) -> Token | None:
    """Vetoes a player named inside a participle that describes another party ("Founded by X and Y,
    the company mines ice", "Acme, backed by X's founders, builds drills", "Launched on X's rocket,
    the probe will study asteroids", and with `lexicon` a backer in a relative clause: "the contract,
    which is supported by X, will let ...", lexicon `backing_participles`) as what "the company"
    refers to, and as the owner of a target outside that participle. Returns the participle, or None."""
    verb = governor(m.span.root)
    top = verb
    while top.dep_ == "conj" and top.head.tag_ == "VBN" and top.head.i != top.i:
        top = top.head                  # "Launched on X's rocket and built by Y, ..."
    if lexicon is not None and verb.tag_ == "VBN" and verb.lower_ in lexicon.words("backing_participles") and \
            top.dep_ == "relcl" and top.head.i != top.i and \
            any(c.dep_ == "nsubjpass" and c.tag_ in ("WDT", "WP") for c in top.children):
        return top                      # "the contract, which is supported by X, will allow ...": X backs it
    if verb.tag_ != "VBN" or top.dep_ not in ("advcl", "acl") or top.head.i == top.i or \
            any(c.dep_ in ("nsubj", "nsubjpass") for v in (verb, top) for c in v.children):
        return None
    return top


def outside(token: Token, clause: Token) -> bool:
    """The token stands outside the clause headed by `clause`."""
    return not clause.left_edge.i <= token.i <= clause.right_edge.i


def _referent(t: Token, mentions: list[Mention], last: Mention, lexicon: Lexicon) -> Mention:
    """Whom "the company" / "the drill" stands for: for a thing, the owner the same sentence gave
    it ("Acme's drill ... where the drill will dig"); else a subject named earlier in the sentence
    ("X of Acme told us the company ..."); else the last subject."""
    for earlier in t.sent:
        if earlier.i >= t.i:
            break
        if earlier.lemma_ == t.lemma_:
            owner = next((mention_at(c, mentions) for c in earlier.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
    before = [m for m in mentions if m.span.end <= t.i and participle_agent(m, lexicon) is None]
    return (latest_subject(before) if before else None) or last


def _self_reference(t: Token, lexicon: Lexicon) -> bool:
    """"it", "them", "the company", "the startup": a word that can stand for the player speaking."""
    return t.lower_ in ("it", "them") or (t.pos_ == "NOUN" and t.lemma_.casefold() in lexicon.words("org_cue_nouns")
                                          and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children))


def reporting_subject(t: Token, mentions: list[Mention], lexicon: Lexicon) -> Mention | None:
    """"X said (that) it will fly ...", "X announced it has been selected by Y", "X announced that Y
    has selected the company": "it" in what a player says is that player."""
    verb = t.head
    if t.dep_ not in ("nsubj", "nsubjpass", "dobj") or verb.dep_ != "ccomp" or \
            not lexicon.has_word(verb.head.lemma_.casefold(), "speech_verbs", "announcement_verbs"):
        return None
    subjects = [m for m in mentions if (m.span.root.dep_ == "nsubj" and m.span.root.head.i == verb.head.i) or
                (m.span.root.dep_ == "compound" and m.span.root.head.dep_ == "nsubj" and
                 m.span.root.head.head.i == verb.head.i)]        # "the X agency said it ..."
    return subjects[0] if len(subjects) == 1 else None


def fronted_subject(t: Token, mentions: list[Mention]) -> bool:
    """"Since 2024 it works together with X", "In May it closed ...": "it" as the main clause's subject
    after a short fronted phrase that names no player."""
    sent = t.sent
    return t.dep_ == "nsubj" and t.head.dep_ == "ROOT" and t.i - sent.start <= 5 and \
        not any(m.span.start < t.i for m in mentions) and \
        all(w.pos_ in ("ADP", "SCONJ", "NUM", "DET", "PUNCT", "PROPN", "NOUN", "ADJ", "ADV") for w in sent[:t.i - sent.start])


def leading_marks(sent: Span) -> int:
    """Tokens before the sentence's first word (quotes, brackets)."""
    n = 0
    for t in sent:
        if t.is_punct:
            n += 1
        else:
            break
    return n


def group_chooser(sent: Span, mentions: list[Mention], lexicon: Lexicon) -> str | None:
    """"X has selected the consortium (or the team) that will build ...", "the consortium was chosen by
    X", "X has chosen ten companies to ...", "X has partnered with 14 companies to ...", "X has awarded
    contracts to three companies", "X signed an agreement with six institutes": the player that chose
    an unnamed group (collaborations.selected_group and selected_members pair it with the members
    later sentences name)."""
    groups, verbs = lexicon.union("multi_party_nouns", "roster_nouns"), lexicon.words("commissioning_verbs")
    plural = lexicon.words("enumeration_nouns")
    lemmas, lowers = token_lemmas(sent.doc), token_lowers(sent.doc)
    for t in _tokens_in(sent, lambda i: lemmas[i] in groups or lowers[i] in plural):
        if (t.lemma_.casefold() not in groups and t.lower_ not in plural) or mention_at(t, mentions) is not None or \
                t.head.lemma_.casefold() not in verbs:
            continue
        verb = t.head
        if t.dep_ == "dobj":
            found = [m for m in mentions if subject_side(m) and governor(m.span.root).i == verb.i]
        elif t.dep_ == "nsubjpass":
            found = [m for m in mentions if m.span.root.dep_ == "pobj" and m.span.root.head.dep_ == "agent"
                     and m.span.root.head.head.i == verb.i]
        else:
            continue
        if found:
            return found[0].key
    chooser_verbs = {"with": lexicon.words("joint_work_verbs"), "to": verbs}
    for t in _tokens_in(sent, lambda i: lowers[i] in plural):     # "X has partnered with 14 companies", "X has awarded contracts to three companies"
        if t.lower_ not in plural or t.dep_ != "pobj" or t.head.lower_ not in chooser_verbs or \
                mention_at(t, mentions) is not None:
            continue
        verb = t.head.head
        if t.head.lower_ == "with" and verb.lemma_.casefold() in lexicon.words("agreement_nouns") and \
                verb.dep_ == "dobj":
            verb = verb.head            # "X signed a research agreement with six institutes"
        elif verb.lemma_.casefold() not in chooser_verbs[t.head.lower_]:
            continue
        found = [m for m in mentions if subject_side(m) and governor(m.span.root).i == verb.i]
        if found:
            return found[0].key
    return None


def third_person_stems(word: str) -> set[str]:
    """The verbs a headline's third-person "-s" form may stand for: "picks": "pick"; "chooses":
    "choose" or "choos"."""
    return {word[:-1], word[:-2] if word.endswith("es") else word[:-1]}


NUMBER_WORDS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "several", "multiple", "dozens", "dozen"}


def headline_chooser(sent: Span, mentions: list[Mention], lexicon: Lexicon) -> str | None:
    """"X Picks Three Firms for ...", "X Selects 14 Companies to ...": the player a headline says chose
    many unnamed companies, read from its words (title case misleads the tagger): a player's name, a
    choosing verb, a number or number word, a plural of companies (lexicon `enumeration_nouns`)."""
    doc = sent.doc
    verbs = lexicon.words("commissioning_verbs")
    for m in mentions:
        i = m.span.end
        if not (sent.start <= m.span.start and i + 2 < sent.end):
            continue
        verb, number, noun = doc[i].lower_, doc[i + 1], doc[i + 2].lower_
        if verb.endswith("s") and third_person_stems(verb) & verbs and \
                (number.like_num or number.lower_ in NUMBER_WORDS) and noun in lexicon.words("enumeration_nouns"):
            return m.key
    return None


def chosen_count(sent: Span, lexicon: Lexicon) -> int | None:
    """How many the sentence's chooser chose, when it says ("X has selected 10 proposals", "picked
    three companies"); None when it gives no number ("several companies")."""
    for t in chosen_groups(sent, lexicon):
        if any(c.dep_ in ("dobj", "dative") and c.i != t.i and c.pos_ == "PROPN" for c in t.head.children):
            continue            # not "X has chosen Y to deliver ..., the two companies said" (read as chosen "companies")
        numbers = [c for c in t.subtree if c.dep_ == "nummod" and c.i < t.i]
        values = [int(c.text) if c.text.isdigit() else COUNTS.get(c.lower_) for c in numbers]
        if values and all(v for v in values):
            return sum(values)
    return None


def chooses_many(sent: Span, lexicon: Lexicon) -> bool:
    """The sentence's chosen group is plural ("X has chosen ten companies", "awarded contracts to three
    companies"), not one consortium: the award entries below it name its members."""
    return any(chosen_groups(sent, lexicon))


def chosen_groups(sent: Span, lexicon: Lexicon) -> Iterator[Token]:
    """The plural nouns a commissioning verb (or its "to") takes: "ten companies" in "X has chosen ten
    companies", "awarded contracts to three companies"."""
    plural = lexicon.words("enumeration_nouns")
    verbs = lexicon.words("commissioning_verbs") | {"to"}
    return (t for t in sent if t.lower_ in plural and t.head.lemma_.casefold() in verbs)



@rule("mention_the_two", "mentions", lexicon=("pair_words",))
def the_two(sent: Span, mentions: list[Mention], lexicon: Lexicon) -> Span | None:
    """Yields mentions of the last two players named (Coreference.recent) for a subject that stands
    for them, in a sentence whose subject names no player: "The two will now build it jointly", "Both
    companies said ...". The span of those words, or None."""
    if any(subject_side(m) for m in mentions):
        return None
    for t in sent:
        if t.dep_ not in ("nsubj", "nsubjpass") or t.lower_ not in lexicon.words("pair_words"):
            continue
        if t.lower_ == "both" or any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
            return sent.doc[t.left_edge.i:t.i + 1]
    return None


def introduces_chosen(text: str, doc: Doc, lexicon: Lexicon) -> bool:
    """"The selected companies are:", "The award recipients:": a line ending in a colon that names a
    chosen group (the lexicon's `chosen_words`, and a member noun) whose members the list items below
    it give (collaborations.selected_members pairs each with the group's chooser)."""
    last = colon_intro(text, doc)
    chosen = lexicon.words("chosen_words")
    return last is not None and any(t.lower_ in chosen for t in last) and \
        any(t.lower_ in lexicon.words("member_nouns") | chosen for t in last)


def colon_intro(text: str, doc: Doc) -> Span | None:
    """The last sentence of a block that ends in a colon (it introduces the list below it), or None."""
    if not text.rstrip().endswith(":") or not len(doc):
        return None
    return list(doc.sents)[-1] if doc.has_annotation("SENT_START") else doc[:]


NEW_ENTITY_DETERMINERS = {"another", "a", "an"}


@rule("new_organisation_subject", "mentions", lexicon=("org_cue_nouns",))
def new_organisation(sent: Span, lexicon: Lexicon, determiners=NEW_ENTITY_DETERMINERS) -> bool:
    """Drops the player "the company" referred to when a sentence that names no known player brings a
    new one in as its subject ("Another company with similar aims, called Kestrel Ltd., ...": the next
    "the company" is that one, not the last player named; "The company then partnered with Y" does
    not make Y what "the company" means next). Singular nouns only: "the companies said" names no one new."""
    for t in sent:
        if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ == "NN" and \
                t.lemma_.casefold() in lexicon.words("org_cue_nouns") and \
                any(c.dep_ == "det" and c.lower_ in determiners for c in t.children):
            return True
    return False
