"""Helpers the relation rules share (targets.py, partners.py, collaborations.py, technologies.py,
developments.py, product_makers.py): a sentence's vocabulary terms (doc.spans["spacekg_terms"]),
its cue words, and which player a term or phrase is credited to through the parse (clauses.py):
the subjects of its clause, the player a pronoun stands for, the root of a listed name.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from .clauses import (cached, governor, is_funder, is_verb, list_head, mention_at, owners, sentence_start, subject_side,
                      token_lowers)
from .lexicon import Lexicon
from .pipeline import TERMS_KEY
from .structure import FIRST_PERSON
from .types import Mention

# The most organisations a list may name for every two of them to pair when nothing but the list says
# they work together ("a team from X, Y and Z built ...", "the team includes X, Y and Z"): a longer
# list is a roll of participants, whose pairs the annotated pages mostly leave out.
JOINT_LIST_LIMIT = 6


def sentence_terms(sent: Span, mentions: list[Mention] = ()) -> dict[str, list[Span]]:
    """Vocabulary terms in a sentence by label (resource_type, platform, application, phase, technology).

    Terms inside a player's name are not terms: "Moonrise Mining" says nothing about the Moon."""
    names = {i for m in mentions for i in range(m.span.start, m.span.end)}
    out: dict[str, list[Span]] = {}
    for span in cached(sent.doc, "terms", lambda d: list(d.spans.get(TERMS_KEY, []))):
        if span.start >= sent.start and span.end <= sent.end and not names & set(range(span.start, span.end)):
            out.setdefault(span.label_, []).append(span)
    return out


def unique(values) -> list:
    return list(dict.fromkeys(values))


def unique_players(mentions: list[Mention]) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for m in mentions:
        seen.setdefault(m.key, m)
    return list(seen.values())


def has_cue(sent: Span, lexicon: Lexicon, key: str) -> bool:
    """The sentence holds a cue of the lexicon set `key`: a word (any form) or a phrase."""
    lower, forms, verb_only = _cue_forms(sent)
    words = lexicon.words(key)
    phrases = lexicon.phrases(key)
    if phrases and any(" " + cue + " " in lower for cue in phrases):
        return True
    nouns_only = lexicon.words("cue_nouns_only")          # "a deal" cues; "will deal with" does not
    return any(w not in nouns_only or w not in verb_only for w in words & forms)   # a token's lemma or form is a cue


def _cue_forms(span: Span) -> tuple[str, frozenset[str], frozenset[str]]:
    """The span's words in lower case as one string ("co-develop": three tokens), its tokens'
    lower-case forms and lemmas, and the forms only verbs have, worked out once per span (several
    rules ask for cues)."""
    memo = cached(span.doc, "cue_forms", lambda d: {})
    found = memo.get((span.start, span.end))
    if found is None:
        words = [(t.lower_, t.lemma_.casefold(), t.pos_ == "VERB") for t in span]     # each token read once
        lower = " " + " ".join(w for w, _, _ in words).replace(" - ", "-") + " "
        verb_forms = {f for w, lemma, verb in words if verb for f in (w, lemma)}
        other_forms = {f for w, lemma, verb in words if not verb for f in (w, lemma)}
        forms = frozenset(verb_forms | other_forms)
        found = memo[(span.start, span.end)] = (lower, forms, frozenset(verb_forms - other_forms))
    return found


def credited(token, mentions: list[Mention], active: list[Mention], lexicon: Lexicon,
             through_appositive: bool = True, shared_subject: bool = False) -> list[Mention]:
    """The players a term or phrase at `token` belongs to (never a funder)."""
    return [m for m in unique_players(owners(token, mentions, active, True, through_appositive, shared_subject) or [])
            if not is_funder(m, lexicon)]


def clause_subjects(verb, by_verb: dict, mentions: list[Mention]) -> list[Mention]:
    """The players that are the subject of a verb's clause, looking up through clauses that have
    no subject of their own ("X signed an agreement to work with Y": X works with Y) or whose
    subject is a pronoun ("X built a drill and says it will fly on Y's lander": X's). A passive main
    clause's agent ("the rover will be delivered by X") and the owner of the subject ("X's rover
    will carry ...", "its customers include ...") stand for a subject the clause does not name."""
    hops = 0
    while hops < 6:
        governed = by_verb.get(verb.i, [])
        here = [m for m in governed if subject_side(m)] or \
            [m for m in governed if _passive_agent(m) and verb.dep_ in ("ROOT", "conj", "ccomp") and
             not _passive_subject(verb, mentions)] or _possessor_subjects(verb, governed)
        if here:
            return here                     # "X partnered ...", "the rover will be delivered by X ..."
        if verb.dep_ == "relcl":
            antecedent = mention_at(verb.head, mentions)
            return [antecedent] if antecedent else []
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(c.lower_ not in PRONOUN_SUBJECTS for c in subjects) or verb.head.i == verb.i:
            return []
        verb = governor(verb.head) if not is_verb(verb.head) else verb.head
        hops += 1
    return []


PRONOUN_SUBJECTS = {"it", "they"}


def _passive_subject(verb, mentions: list[Mention]) -> bool:
    """"X was selected by Y": the passive verb's subject is a player (who then is the clause's subject)."""
    return any(c.dep_ == "nsubjpass" and mention_at(c, mentions) is not None for c in verb.children)


def _passive_agent(m: Mention) -> bool:
    """"... is maintained by X and Y": X and Y are the agents of a passive verb."""
    t = list_head(m)
    return t.dep_ == "pobj" and t.head.dep_ == "agent"


def _listed_root(m: Mention) -> Token:
    """The token that carries a mention's role when it stands in a list or an apposition
    ("with X, Y and Z": "X"; "a drill from X, a Lisbon startup": "X")."""
    t = m.span.root
    while t.dep_ in ("conj", "appos") and t.head.i != t.i and not is_verb(t.head):
        t = t.head
    return t


def _possessor_subjects(verb, ms: list[Mention]) -> list[Mention]:
    """"X's excavator will be carried by a Y lander": X, through the hardware it owns."""
    return [m for m in ms if m.span.root.dep_ == "poss" and
            m.span.root.head.dep_ in ("nsubj", "nsubjpass") and m.span.root.head.head.i == verb.i]


def _co_verb(verb) -> bool:
    """"co-develop", "co-founded", "co-authored": a verb that says the work is shared."""
    doc = verb.doc
    return verb.i >= 2 and doc[verb.i - 1].text == "-" and doc[verb.i - 2].lower_ == "co"


def pronoun_owner(phrase: Span, mentions: list[Mention], active: list[Mention]) -> list[Mention] | None:
    """"X selected Y to supply an instrument for its lander", "X partnered with Y to integrate
    robots into its plant": "its" is the clause's subject, looking up through clauses that have none."""
    if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in phrase.root.children):
        return None
    by_verb: dict[int, list[Mention]] = {}
    for m in unique_players(active):
        by_verb.setdefault(governor(m.span.root).i, []).append(m)
    subjects = clause_subjects(governor(phrase.root), by_verb, mentions)
    if subjects and all(m.span.root.lower_ in FIRST_PERSON for m in subjects):
        # "we signed with Y to put our rover on their lander": "their" is not "we"
        others = unique_players([m for m in active if m.span.root.lower_ not in FIRST_PERSON and
                                 all(m.key != s.key for s in subjects)])
        return others if len(others) == 1 else None
    return subjects or None


def _joint_work(token, lexicon: Lexicon) -> bool:
    """"... to co-develop a tug", "agreed to jointly test an excavator": everyone named does it."""
    verb = governor(token)
    return _co_verb(verb) or (verb.lemma_.casefold() in lexicon.words("joint_work_verbs") and
                  verb.lemma_.casefold() not in ("develop", "build")) or \
        any(c.lower_ in ("jointly", "together") for c in verb.children)


def _declined(token) -> bool:
    """What a player does "rather than" / "instead of" something is not what it does."""
    lowers = token_lowers(token.doc)
    for i in range(max(sentence_start(token), token.i - 6), token.i):
        if (lowers[i] == "than" and i > 0 and lowers[i - 1] == "rather") or \
                (lowers[i] == "of" and i > 0 and lowers[i - 1] == "instead"):
            return True
    return False
