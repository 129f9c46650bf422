"""Relations stated in one sentence: targets, collaborations, technologies, developments.

Each rule reads one parsed sentence with its player mentions and its vocabulary terms
(doc.spans["spacekg_terms"]) and returns facts with the sentence as evidence. Which player a
term, a technology or a partner belongs to comes from the parse (clauses.py), so that a
sentence naming several players credits each with its own part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from spacy.tokens import Span, Token

from .clauses import (agents, coordination_head, entry_name, governor, in_quotes, is_funder, is_verb, leading_marks,
                      list_head, mention_at, misparsed_finite_verb, noun_chunks, outside, owners, participle_agent,
                      subject_side, cached)
from .dates import first_date
from .facts import Collaboration, Development, Evidence, Target, TechnologyUse
from .lexicon import Lexicon
from .pipeline import TERMS_KEY
from .products import Product, products_of
from .inventory import abbreviates
from .rules import rule, stamp
from .structure import FIRST_PERSON
from .types import Mention

TARGET_LABELS = ("resource_type", "platform")


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
        lower = " " + " ".join(t.lower_ for t in span).replace(" - ", "-") + " "
        def forms_of(tokens):
            return frozenset(t.lower_ for t in tokens) | frozenset(t.lemma_.casefold() for t in tokens)
        forms = forms_of(span)
        verb_only = forms_of([t for t in span if t.pos_ == "VERB"]) - forms_of([t for t in span if t.pos_ != "VERB"])
        found = memo[(span.start, span.end)] = (lower, forms, verb_only)
    return found


def credited(token, mentions: list[Mention], active: list[Mention], lexicon: Lexicon,
             through_appositive: bool = True, shared_subject: bool = False) -> list[Mention]:
    """The players a term or phrase at `token` belongs to (never a funder)."""
    return [m for m in unique_players(owners(token, mentions, active, True, through_appositive, shared_subject) or [])
            if not is_funder(m, lexicon)]


@rule("target_cue", "relations", lexicon=('target_cues',))
def targets_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
               lexicon: Lexicon) -> list[Target]:
    """Yields targets: One claim per player: the resources and platforms the sentence credits it with."""
    evidence = stamp(evidence, targets_in.rule_id)
    terms = sentence_terms(sent, mentions)
    found = [s for label in TARGET_LABELS for s in terms.get(label, []) if not in_quotes(s.root)]
    if not found or not has_cue(sent, lexicon, "target_cues"):
        return []
    active = agents(mentions, lexicon)
    partners = partner_target(sent, active, lexicon)
    claims: dict[str, tuple[list[str], list[str]]] = {}
    for span in sorted(found, key=lambda s: s.start):
        if compared_away(span) or in_programme_name(span, lexicon) or names_a_thing(span, lexicon):
            continue
        owner = term_owner(span, mentions, active)
        who = owner if owner is not None else credited(span.root, mentions, active, lexicon, shared_subject=True)
        if any(subject_side(m) for m in who) and not _joint_work(span.root, lexicon):
            who = [m for m in who if not _counterparty(m, lexicon)]
        who = [m for m in who if not other_party(m, span.root, mentions, lexicon)]
        who = [m for m in who if not opinion_holder(m, span.root, lexicon)]
        who = [m for m in who if (p := participle_agent(m)) is None or not outside(span.root, p)]
        who = [m for m in who if m.key not in partners or _joint_work(span.root, lexicon)]
        who = [m for m in who if not other_clause(m, span.root, mentions)]
        who = [m for m in who if not employer_only(m, mentions, lexicon)]
        who = [m for m in who if not other_cell(m, span)]
        who = [m for m in who if not maker_of_other_thing(m, span.root)]
        who = [m for m in who if not programme_owner(m, span.root, lexicon)]
        who = [m for m in who if not listed_beside(m, span)]
        for m in who:
            resources, platforms = claims.setdefault(m.key, ([], []))
            (resources if span.label_ == "resource_type" else platforms).append(span.id_)
    phases = unique(s.id_ for s in terms.get("phase", []))
    applications = unique(s.id_ for s in terms.get("application", []))
    return [Target(names[key], unique(res), unique(plat), evidence, list(phases), list(applications))
            for key, (res, plat) in claims.items()]


@rule("parenthesis", "relations", lexicon=())
def glossed_targets(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence) -> list[Target]:
    """Yields targets: "Astra Fell (lunar ice), Tarn Orbital (asteroid metals)": a short parenthesis after a player
    that names resources or platforms glosses what the player goes after."""
    evidence = stamp(evidence, glossed_targets.rule_id)
    doc = sent.doc
    terms = [s for label in TARGET_LABELS for s in sentence_terms(sent, mentions).get(label, [])]
    out = []
    for m in mentions:
        if m.span.end >= sent.end or doc[m.span.end].text != "(":
            continue
        close = next((t.i for t in doc[m.span.end:min(m.span.end + 8, sent.end)] if t.text == ")"), None)
        if close is None:
            continue
        inside = [s for s in terms if m.span.end < s.start and s.end <= close]
        if not inside:
            continue
        res = unique(s.id_ for s in inside if s.label_ == "resource_type")
        plat = unique(s.id_ for s in inside if s.label_ == "platform")
        out.append(Target(names[m.key], res, plat, evidence))
    return out


@rule("target_owner", "relations")
def term_owner(term: Span, mentions: list[Mention], active: list[Mention]) -> list[Mention] | None:
    """Yields targets: a resource or platform that describes a thing someone owns ("its Moon lander",
    "Acme's lunar rover") goes to the owner alone, not to the suppliers and carriers the clause
    also names ("instruments for its Moon lander were delivered from Y to Z": neither Y nor Z).
    "its" is the clause's subject, else the last subject named before it; when that is no player,
    nobody. None when no one owns the thing."""
    t = term.root
    while t.dep_ in ("compound", "amod", "nmod") and t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN"):
        t = t.head
    if t.i == term.root.i:
        return None
    for c in t.children:
        if c.dep_ != "poss":
            continue
        m = mention_at(c, mentions)
        if m is not None:
            return [m] if m in active else []
        if c.lower_ in ("its", "their"):
            owners_ = pronoun_owner(t.doc[t.left_edge.i:t.i + 1], mentions, active)
            if owners_:
                return owners_
            before = [m for m in active if m.span.end <= c.i and subject_side(m)]
            return before[-1:]
    return None


@rule("veto_term_as_name", "relations", lexicon=("named_thing_nouns", "technology_heads"))
def names_a_thing(term: Span, lexicon: Lexicon) -> bool:
    """Vetoes a resource or platform word used as the name of a business, a craft or a mission, in
    apposition to the noun that says what it is ("has set up a weather-data business,
    Callisto, that ...", "Europa, the company's prospecting probe, ..."): the word names the thing,
    it is no destination."""
    root = term.root
    head = root.head
    if root.dep_ == "appos" and head.pos_ == "NOUN" and not _term_at(head) and \
            lexicon.has(head, "named_thing_nouns", "technology_heads"):
        return True
    return root.pos_ == "PROPN" and any(
        c.dep_ == "appos" and c.pos_ == "NOUN" and not _term_at(c) and
        lexicon.has(c, "named_thing_nouns", "technology_heads") for c in root.children)


@rule("veto_programme_name", "relations", lexicon=("programme_nouns",))
def in_programme_name(term: Span, lexicon: Lexicon) -> bool:
    """Vetoes a resource or platform that is a word of a programme's name ("under the agency's Moon
    to Mars Kestrel initiative", "the Lunar Kestrel Challenge"): a capitalised name running from the
    term to a programme noun, with a capitalised word of its own between them. A plain "Moon
    programme" or "its lunar initiative" still names a target."""
    return _programme_name_from(term[0], term.end, lexicon)


def _programme_name_from(first: Token, end: int, lexicon: Lexicon) -> bool:
    """A capitalised name opens at `first` and runs (from `end` on) to a programme noun, with a
    capitalised word between that is no vocabulary term ("Moon to Mars Kestrel initiative")."""
    doc = first.doc
    if not first.is_title and not first.is_upper:
        return False
    own_word = False
    for t in doc[end:min(end + 8, first.sent.end)]:
        if t.lemma_.casefold() in lexicon.words("programme_nouns") or t.lower_ in lexicon.words("programme_nouns"):
            return own_word
        if t.is_title or t.is_upper:
            own_word = own_word or t.ent_iob_ != "" and not _term_at(t)
            continue
        if t.lower_ in ("to", "and", "of", "for", "-", "&"):
            continue
        return False
    return False


@rule("veto_programme_owner", "relations", lexicon=("programme_nouns",))
def programme_owner(m: Mention, term: Token | None, lexicon: Lexicon) -> bool:
    """Vetoes a target or a collaboration for the owner of the programme a clause's actors work under
    ("two consortia will develop lunar rovers under X's Kestrel initiative", "as part of X's
    programme"): X runs or funds the programme; what the clause says of the Moon is the actors', and
    X is no partner of whoever awards or receives the grants. `term` None: any term."""
    root = m.span.root
    noun = root.head
    if root.dep_ != "poss" or noun.i == root.i:
        return False
    while noun.dep_ in ("compound", "conj") and noun.head.i != noun.i and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    named = _programme_name_from(noun, noun.i + 1, lexicon)    # "X's Moon to Mars Kestrel initiative"
    if not named and (noun.lemma_.casefold() not in lexicon.words("programme_nouns") or
                      (term is not None and noun.left_edge.i <= term.i <= noun.right_edge.i)):
        return False
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ == "part":
        prep = prep.head.head           # "as part of X's programme"
    return noun.dep_ == "pobj" and prep.lower_ in ("under", "through", "via", "as", "within")


def _term_at(token: Token) -> bool:
    """The token stands in a vocabulary term (a resource, platform, technology ...)."""
    return any(s.start <= token.i < s.end for s in token.doc.spans.get(TERMS_KEY, []))


@rule("veto_compared_target", "relations")
def compared_away(term: Span) -> bool:
    """Vetoes a resource or platform named after "than" ("focused more on asteroids than on Moon
    mining", "prefers ice rather than regolith"): what a player does less of, or not at all
    ("more than 100 tonnes of regolith" is a quantity, and keeps its target)."""
    t = term.root
    while t.dep_ in ("compound", "amod", "nmod") and t.head.i != t.i:
        t = t.head
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.lower_ == "than":
        t = t.head                      # "than on Moon mining", "than about Moon bases"
    return t.dep_ in ("pobj", "prep") and t.head.lower_ == "than"


@rule("veto_partner_target", "relations", lexicon=("partner_phrase_nouns",))
def partner_target(sent: Span, active: list[Mention], lexicon: Lexicon) -> set[str]:
    """Vetoes a target for a party named in "in partnership with Y" ("X, in partnership with Y,
    showed its lunar excavator", "a spectrometer by X in partnership with Y to find ice"): Y helps
    X, the clause's resources and platforms are X's (unless the work is joint: "to jointly mine ...").
    Returns the keys of those parties."""
    return set(partner_phrase(sent, active, lexicon).actors)


@rule("veto_other_party_target", "relations", lexicon=("joint_work_nouns", "joint_work_verbs"))
def other_party(m: Mention, term, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """Vetoes a target for the other party of a deal whose clause has a subject that is not this
    player ("the startup signed agreements with Y to supply lunar helium-3": Y buys it, the startup
    mines it), even when that subject is no player the extractor knows. Not when the work is shared
    ("agreed with Y to jointly mine ..."), not for "a partnership with Y to ...", not for what Y's own
    relative clause says ("a contract with Y, which wants ice")."""
    if not _counterparty(m, lexicon) or _joint_work(term, lexicon):
        return False
    root = m.span.root
    if root.left_edge.i <= term.i <= root.right_edge.i:
        return False                    # "a contract with Y, which wants pads for its lunar base": Y's own clause
    prep = _listed_root(m).head
    verb = governor(prep)
    return any(c.dep_ in ("nsubj", "nsubjpass") and mention_at(c, mentions) is None and c.i != prep.head.i
               and c.lower_ not in ("which", "that", "who")
               for c in verb.children)


RELATIVE_WORDS = {"which", "that", "who", "whom", "whose", "what"}


@rule("veto_other_clause_target", "relations")
def other_clause(m: Mention, term: Token, mentions: list[Mention]) -> bool:
    """Vetoes a target for a player outside the clause that names the resource or platform, when
    that clause has a subject of its own ("X advances via grants, while Y accelerates lunar science":
    not X; "while Y weighs the Moon and Mars, X plans a lunar base": Mars is not X's). The subject
    is the clause's actor: another player, or a name that is no player (a country, a person). A
    common-noun subject ("X says the first asteroids mined will be rich in platinum"), a pronoun, or
    one that holds the player ("its rover will land on the Moon") keeps the player's claim."""
    inside = set(range(m.span.start, m.span.end))
    t = term
    hops = 0
    while t.head.i != t.i and hops < 40:
        prev, t = t, t.head
        hops += 1
        if not is_verb(t):
            continue
        if inside & set(range(t.left_edge.i, t.right_edge.i + 1)):
            return False                        # the player stands in this clause
        for c in [*t.children, *_hyphen_part_children(t)]:
            if c.dep_ not in ("nsubj", "nsubjpass") or c.i == prev.i or c.pos_ == "PRON" or \
                    c.lower_ in RELATIVE_WORDS:
                continue
            span = range(c.left_edge.i, c.right_edge.i + 1)
            if any(w.pos_ == "PRON" for w in t.doc[c.left_edge.i:c.right_edge.i + 1]):
                continue                        # "its rover", "their probe": the player's own thing
            if any(o is not m and o.key != m.key and o.span.start in span for o in mentions) or \
                    (c.pos_ == "PROPN" and all(o.span.start not in span for o in mentions)):
                return True                     # another player, or a name that is none (a country)
    return False


@rule("veto_other_maker_target", "relations")
def maker_of_other_thing(m: Mention, term: Token) -> bool:
    """Vetoes a target for a player credited with one thing by "by" after a noun ("the drill will be
    built by X, and the spectrometer by Y": Y makes the spectrometer; "a lander by Y") when the
    resource or platform stands outside that thing ("the ice-mining drill" is X's, not Y's)."""
    t = _listed_root(m)
    if t.dep_ == "poss":
        t = t.head
        while t.dep_ in ("compound", "conj", "appos") and t.head.i != t.i and not is_verb(t.head):
            t = t.head
    prep = t.head
    if t.dep_ != "pobj" or prep.lower_ != "by" or prep.dep_ != "prep" or prep.head.pos_ not in ("NOUN", "PROPN"):
        return False
    thing = prep.head
    return not thing.left_edge.i <= term.i <= thing.right_edge.i


@rule("veto_listed_beside_target", "relations")
def listed_beside(m: Mention, term: Span) -> bool:
    """Vetoes a target for a player named as another item of the list the resource or platform
    stands in ("lunar water ice, the south pole's terrain and the Kestrel array's experiment are
    among the project's aims"): items of one list say nothing of each other."""
    def item(t: Token) -> Token:
        while t.dep_ in ("compound", "nmod", "amod", "appos", "poss") and t.head.i != t.i and \
                t.head.pos_ in ("NOUN", "PROPN"):
            t = t.head
        return t

    def first(t: Token) -> Token:
        while t.dep_ == "conj" and t.head.i != t.i and not is_verb(t.head):
            t = t.head
        return t

    a, b = item(term.root), item(m.span.root)
    return a.i != b.i and (a.dep_ == "conj" or b.dep_ == "conj") and first(a).i == first(b).i


CELL_MARKS = {"|", "¦", "│"}


@rule("veto_other_cell_target", "relations")
def other_cell(m: Mention, term: Span) -> bool:
    """Vetoes a target for a player in another cell of a flattened table row than the resource or
    platform ("Contractor | X | Moon lander |": X builds a rocket, the lander is the row's subject's):
    a cell says one thing about the row's subject, not about the name in the next cell."""
    doc = term.doc
    lo, hi = sorted((m.span.end, term.start)) if m.span.end <= term.start else (term.end, m.span.start)
    return any(t.text in CELL_MARKS for t in doc[lo:hi])


FORMER_WORDS = {"former", "ex", "ex-", "erstwhile", "onetime", "one-time", "retired"}


def _hyphen_part_children(verb: Token) -> list[Token]:
    """The children of the first part of a hyphenated verb the model split in two ("X has flip -
    flopped": the subject hangs from "flip")."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != "-":
        return []
    first = doc[verb.i - 2]
    return list(first.children) if first.head.i == verb.i and is_verb(first) else []


@rule("veto_employer", "relations", lexicon=("person_roles",))
def employer_only(m: Mention, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """Vetoes a target or a collaboration for a player named only as the employer of a person
    ("backed by X's Jane Doe", "founded by a former X engineer and a former Y engineer"): the person
    is who the clause is about, and a past employer is no partner. A person acting in a present
    role stands for the employer ("X researcher Jo Smith collaborated with Y": X and Y)."""
    root = m.span.root
    head = root.head
    if head.i == root.i or mention_at(head, mentions) is not None:
        return False
    if root.dep_ == "poss" and head.ent_type_ == "PERSON":
        return True
    return root.dep_ in ("compound", "nmod", "poss") and head.pos_ == "NOUN" and \
        head.lemma_.casefold() in lexicon.words("person_roles") and \
        any(c.lower_ in FORMER_WORDS for c in head.children)


def opinion_holder(m: Mention, term, lexicon: Lexicon) -> bool:
    """"We estimate that lunar services ...", "X believes that asteroid mining ...": the subject of a
    verb of opinion holds a view of what its clause says, it does not go after it."""
    root = m.span.root
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_.casefold() not in lexicon.words("opinion_verbs"):
        return False
    return any(c.dep_ == "ccomp" and c.left_edge.i <= term.i <= c.right_edge.i for c in verb.children)


@rule("section_heading", "relations", lexicon=('target_cues',))
def section_targets(sent: Span, mentions: list[Mention], names: dict[str, str], heading: str | None,
                    evidence: Evidence, lexicon: Lexicon) -> list[Target]:
    """Yields targets: A player's sentence under a "Moon" or "Asteroids" heading: the heading names what the
    subject of a target verb ("builds", "plans", "prospects") goes after, when the sentence names
    no resource or platform of its own."""
    evidence = stamp(evidence, section_targets.rule_id)
    concept = lexicon.vocabulary.lookup(heading) if heading else None
    if concept is None or concept.dimension not in TARGET_LABELS:
        return []
    terms = sentence_terms(sent, mentions)
    if any(terms.get(label) for label in TARGET_LABELS):
        return []
    cues = lexicon.words("target_cues")
    out = []
    for m in unique_players(agents(mentions, lexicon)):
        verb = m.span.root.head
        if not subject_side(m) or not (lexicon.has(verb, "target_cues") or
                                       any(c.dep_ == "xcomp" and c.lemma_.casefold() in cues for c in verb.children)):
            continue
        res, plat = ([concept.label], []) if concept.dimension == "resource_type" else ([], [concept.label])
        out.append(Target(names[m.key], res, plat, evidence))
    return out


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


def collaborations_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                      lexicon: Lexicon, selected_by: str | None = None,
                      partners: tuple[str, ...] = ()) -> list[Collaboration]:
    """Pairs of players that act together, each stamped with the rule that paired them: a clause's
    subject with the players its verb governs (`collaboration_cue` when the sentence holds a
    collaboration cue word, `collaboration_link` when the syntax alone ties them: "X will fly Y's
    drill", "X plans a station with Y", "X, supported by Y, ..."), joint subjects
    (`collaboration_joint_subjects`: "X and Y formed ..."), joint agents of a passive
    (`collaboration_joint_agents`: "built by X and Y"), the members of a group noun
    (`collaboration_group`: "a consortium of X, Y and Z") and names joined at the start of a deal
    line (`collaboration_joined_names`). Players that merely share an object ("contracts to X and Y")
    are not paired. Where two rules pair the same players, the first listed here names the pair.
    `selected_by` is the player that chose the group an unnamed "the consortium" stands for
    (Coreference.selector); `partners` the players of the last stated collaboration, what "the
    project" stands for (Coreference.partners)."""
    active = [m for m in agents(mentions, lexicon) if not owner_of_player(m, mentions, lexicon) and
              not employer_only(m, mentions, lexicon) and not programme_owner(m, None, lexicon)]
    joined = project_partners(sent, active, partners, lexicon) if partners and active and cue_pair(sent, lexicon) \
        else []
    if len(unique_players(active)) < 2:
        return [Collaboration(tuple(sorted((names[a], names[b]))), stamp(evidence, project_partners.rule_id))
                for a, b in joined]
    every = active                      # every mention ("the agency ... it"), for rules that read roles
    phrase = partner_phrase(sent, every, lexicon)
    cued = cue_pair(sent, lexicon, phrase.words)
    by_verb: dict[int, list[Mention]] = {}
    for m in active:                    # a player once per clause ("X announced that Y selected the company")
        ms = by_verb.setdefault(governor(m.span.root).i, [])
        if all(other.key != m.key for other in ms):
            ms.append(m)
    active = unique_players(active)
    pairs: list[tuple[tuple[str, str], str]] = [(p, partner_phrase.rule_id) for p in phrase.pairs]
    for i, ms in by_verb.items():
        verb = sent.doc[i]
        rivals = verb.lemma_.casefold() in lexicon.words("rival_verbs")
        subjects = clause_subjects(verb, by_verb, mentions) or entry_subject(sent, verb, ms, mentions)
        others = [m for m in ms if m not in subjects]
        if managed_by(verb, mentions, lexicon):
            subjects = []                           # "Managed for Y by Z, X provides ...": Z runs X
        for a in subjects:
            for b in others:
                if rivals and _rival_object(b):
                    continue                        # "X competes with Y", "X acquired Y"
                if listed_with(b, a):
                    continue                        # "X of Y, Z and W will provide ...": fellow subjects
                if cued:
                    pairs.append(((a.key, b.key), cue_pair.rule_id))
                elif _direct_link(b, lexicon):
                    pairs.append(((a.key, b.key), _direct_link.rule_id))
        if not rivals and joint_subjects(verb, cued, lexicon):
            joint = [m for m in ms if subject_side(m)]
            pairs += [((a.key, b.key), joint_subjects.rule_id) for a, b in combinations(joint, 2)]
        agents_of = [m for m in ms if _passive_agent(m)]
        if len(agents_of) > 1 and joint_agents(verb, lexicon):
            pairs += [((a.key, b.key), joint_agents.rule_id) for a, b in combinations(agents_of, 2)]
    pairs += [(p, group_members.rule_id) for p in group_members(sent, active, lexicon)]
    pairs += [(p, group_includes.rule_id) for p in group_includes(sent, active, lexicon)]
    if cued or phrase.words:            # a cue in a partner phrase still cues its list
        pairs += [(p, cosigners.rule_id) for p in cosigners(sent, active, lexicon)]
    if cued:
        pairs += [(p, joined_names.rule_id) for p in joined_names(sent, active, lexicon)]
    pairs += [(p, project_partners.rule_id) for p in joined]
    pairs = [(p, r) for p, r in pairs if not phrase.vetoes(p)]
    pairs += [(p, agreement_owner.rule_id) for p in agreement_owner(sent, every, lexicon)]
    pairs += [(p, joint_makers.rule_id) for p in joint_makers(sent, active, lexicon)]
    pairs += [(p, named_group_parts.rule_id) for p in named_group_parts(sent, active, names, lexicon)]
    if selected_by is not None:
        pairs += [(p, selected_group.rule_id) for p in selected_group(sent, active, selected_by, lexicon)]
    pairs = [(p, r) for p, r in pairs if not apart_subjects(sent, p, every) and not co_recipients(sent, p, every, lexicon)]
    pairs = [(p, r) for p, r in pairs if not glossed_name(p, every)]
    out = []
    seen: set[tuple[str, str]] = set()
    for pair, rule_id in pairs:
        a, b = sorted(pair)
        if (a, b) in seen:
            continue
        seen.add((a, b))
        if a != b:
            out.append(Collaboration(tuple(sorted((names[a], names[b]))), stamp(evidence, rule_id)))
    return out


@rule("collaboration_cue", "relations", lexicon=("collaboration_cues", "rival_verbs", "cue_nouns_only"))
def cue_pair(sent: Span, lexicon: Lexicon, skip: frozenset[int] = frozenset()) -> bool:
    """Yields a collaboration between a clause's subject and each player its verb governs, in a
    sentence that holds a collaboration cue word ("X partnered with Y", "X awarded Y a contract");
    not the object of a rival verb ("X acquired Y", "X competes with Y"). A cue inside a partner
    phrase (`skip`: "Y's relay, which in collaboration with Z ...") cues that phrase's pairs only."""
    if not skip:
        return has_cue(sent, lexicon, "collaboration_cues")
    doc = sent.doc
    rest = [doc[i:i + 1] for i in range(sent.start, sent.end) if i not in skip]
    return any(has_cue(piece, lexicon, "collaboration_cues") for piece in _runs(rest))


def _runs(tokens: list[Span]) -> list[Span]:
    """Consecutive single-token spans joined into spans."""
    out: list[Span] = []
    for t in tokens:
        if out and out[-1].end == t.start:
            out[-1] = t.doc[out[-1].start:t.end]
        else:
            out.append(t)
    return out


@rule("veto_managed_by", "relations", lexicon=("management_verbs",))
def managed_by(verb: Token, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """Vetoes a collaboration between a player and those a participle of management attached to it
    names ("Managed for Y by Z, X provides navigation", "X, operated by Z for Y, ..."): Z runs X and Y
    owns it, a parent and its unit, not partners. Not a participle on a thing ("tests at the Kestrel
    Facility, run by Z": Z works with whoever tests there)."""
    if verb.tag_ != "VBN" or verb.lemma_.casefold() not in lexicon.words("management_verbs"):
        return False
    return verb.dep_ == "advcl" or (verb.dep_ == "acl" and mention_at(verb.head, mentions) is not None)


@rule("veto_listed_subjects", "relations")
def listed_with(b: Mention, a: Mention) -> bool:
    """Vetoes a subject-object pairing for a name coordinated with the subject that the model hung
    inside the subject's name ("University of X, Y and Z will provide ...": Y and Z parsed as
    conjuncts of "X"): they are fellow subjects, paired only when the sentence pairs its subjects."""
    t = b.span.root
    hops = 0
    while t.head.i != t.i and hops < 12:
        if a.span.start <= t.head.i < a.span.end:
            return t.dep_ == "conj"
        if t.dep_ not in ("conj", "pobj", "prep") or is_verb(t.head):
            return False
        t = t.head
        hops += 1
    return False


@rule("collaboration_joint_subjects", "relations", lexicon=("joint_event_verbs", "collaboration_cues"))
def joint_subjects(verb: Token, cued: bool, lexicon: Lexicon) -> bool:
    """Yields a collaboration between joint subjects of a cued sentence or of a joint event verb
    ("X and Y formed a venture", "X and Y unveiled a rig"), unless they act apart ("each",
    "respectively"; with an event verb also "both", "also")."""
    return (cued and not _apart(verb)) or _joint_act(verb, lexicon)


@rule("collaboration_joint_agents", "relations", lexicon=("joint_agent_verbs",))
def joint_agents(verb: Token, lexicon: Lexicon) -> bool:
    """Yields a collaboration between the joint agents of a passive verb of making ("built by X and
    Y", "is maintained by X and Y")."""
    return verb.lemma_.casefold() in lexicon.words("joint_agent_verbs")


JOINERS = {"x", "×", "+", "&", "and", ",", "/"}


@rule("collaboration_joined_names", "relations", lexicon=("rival_verbs",))
def joined_names(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between two names that open a cued sentence: "Acme Orbital x Beta Robotics: MoU on ...", "Acme, Beta ink lunar deal": a deal line or
    headline that opens with two names joined by "x", "+", "&", "and" or a comma (the small model
    parses such fragments poorly). Not when they compete or act apart, nor when a third name follows
    in the same list ("A, B, C and D will provide parts": a list of members, not a deal line)."""
    ordered = sorted(active, key=lambda m: m.span.start)
    if len(ordered) < 2 or ordered[0].span.start != sent.start + leading_marks(sent):
        return []
    first, second = ordered[0], ordered[1]
    between = sent.doc[first.span.end:second.span.start]
    if not len(between) or any(t.lower_ not in JOINERS for t in between):
        return []
    if any(lexicon.has(t, "rival_verbs") or t.lower_ in APART | {"both", "neither", "either", "vs", "versus"}
           for t in sent):
        return []
    if len(ordered) > 2 and ordered[2].span.start > second.span.end and \
            all(t.lower_ in JOINERS for t in sent.doc[second.span.end:ordered[2].span.start]):
        return []                       # "A, B, C and D will provide ...": a list, not a two-party deal line
    return [(first.key, second.key)]


def _passive_subject(verb, mentions: list[Mention]) -> bool:
    """"X was selected by Y": the passive verb's subject is a player (who then is the clause's subject)."""
    return any(c.dep_ == "nsubjpass" and mention_at(c, mentions) is not None for c in verb.children)


def _passive_agent(m: Mention) -> bool:
    """"... is maintained by X and Y": X and Y are the agents of a passive verb."""
    t = list_head(m)
    return t.dep_ == "pobj" and t.head.dep_ == "agent"


def entry_subject(sent: Span, verb, governed: list[Mention], mentions: list[Mention]) -> list[Mention]:
    """A directory or list entry, "Acme Lunar - Works with X on drills" / "Acme Lunar: builds ...":
    the name that opens the entry is the subject of its subject-less verbs."""
    first = entry_name(sent.doc, mentions)
    if first is None or (first in governed and is_verb(verb) and verb.pos_ in ("VERB", "AUX")):
        return []                       # not "Acme - drill supplier to Y": a fragment without a verb
    # the entry's fragments have no subject of their own, or a misparsed one ("- Develops drills",
    # "drills tested at Y"): any subject that is not a player is the entry's name
    if any(c.dep_ in ("nsubj", "nsubjpass") and mention_at(c, mentions) is not None for c in verb.children):
        return []
    return [first]


def _listed_root(m: Mention) -> Token:
    """The token that carries a mention's role when it stands in a list or an apposition
    ("with X, Y and Z": "X"; "a drill from X, a Lisbon startup": "X")."""
    t = m.span.root
    while t.dep_ in ("conj", "appos") and t.head.i != t.i and not is_verb(t.head):
        t = t.head
    return t


def _rival_object(m: Mention) -> bool:
    """The object of a rival verb: "acquired Y", "competes with Y", "against Y"."""
    t = _listed_root(m)
    return t.dep_ in ("dobj", "nsubjpass") or (t.dep_ == "pobj" and t.head.lower_ in ("with", "against", "by"))


@rule("collaboration_link", "relations", lexicon=("technology_heads", "partnering_participles", "support_nouns",
                                                   "transfer_verbs", "purchase_verbs", "testing_verbs"))
def _direct_link(m: Mention, lexicon: Lexicon) -> bool:
    """Yields a collaboration without a cue word where the syntax ties the player to its clause's subject without a cue word:
    "... with Y" ("X plans a station with Y"), Y's hardware or hardware from Y as the object
    ("X will fly Y's drill", "X will ride on a Y lander", "X buys a radar from Y"), or Y as
    the agent of a partnering participle ("X, supported by Y, ...")."""
    t = _listed_root(m)
    head = t.head
    if t.dep_ == "pobj" and head.lower_ == "with":
        return True
    if t.dep_ in ("poss", "compound", "nmod", "amod") and _hardware(head, lexicon) and \
            head.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "conj") and not launch_service(head, lexicon):
        return True
    if t.dep_ == "pobj" and head.lower_ == "from" and _hardware(head.head, lexicon):
        return True
    if t.dep_ == "pobj" and head.dep_ == "agent" and head.head.dep_ in ("acl", "advcl", "relcl") and \
            head.head.lemma_.casefold() in lexicon.words("partnering_participles"):
        return True
    if t.dep_ == "pobj" and head.dep_ == "agent" and head.head.dep_ == "acl" and \
            (_hardware(head.head.head, lexicon) or lexicon.has(head.head.head, "group_nouns")):
        return True                                 # "carry a drill built by Y", "a consortium led by Y"
    if t.dep_ == "pobj" and head.lower_ in ("from", "of") and lexicon.has(head.head, "support_nouns"):
        return True                                 # "with support from Y", "with the help of Y"
    verb = governor(head)
    if t.dep_ in ("pobj", "dative") and head.lower_ == "to" and lexicon.has(verb, "transfer_verbs") and \
            not _declined(t):
        return True                                 # "sells drills to Y", "licensed its design to Y"
    if t.dep_ == "pobj" and head.lower_ == "from" and lexicon.has(verb, "purchase_verbs") and not _declined(t):
        return True                                 # "buys thrusters from Y", not "rather than buy one from Y"
    if head.lower_ == "for" and (t.dep_ == "pobj" or (t.dep_ == "poss" and head.dep_ == "pobj")) and \
            lexicon.has(verb, "technology_verbs") and verb.i < t.i:
        return True                                 # "builds drills for Y", "a drill for Y's mission"
    if t.dep_ == "pobj" and head.lower_ in ("at", "by") and governor(head).lemma_.casefold() in lexicon.words("testing_verbs"):
        return True                                 # "drills tested at Y": Y runs the test
    return False


@rule("veto_launch_service", "relations", lexicon=("launch_vehicle_heads",))
def launch_service(token: Token, lexicon: Lexicon) -> bool:
    """Vetoes a collaboration made only by flying on another player's launch vehicle ("X will launch
    its satellites on Y rockets", "aboard a Y booster"): a launch is a service bought, not a
    partnership (a lander or a rover that carries X's payload still links them)."""
    return lexicon.has(token, "launch_vehicle_heads")


def _hardware(token, lexicon: Lexicon) -> bool:
    """A noun naming a piece of hardware or a technology ("drill", "lander", "antennas")."""
    return token.pos_ in ("NOUN", "PROPN") and lexicon.has(token, "technology_heads")


def _possessor_subjects(verb, ms: list[Mention]) -> list[Mention]:
    """"X's excavator will be carried by a Y lander": X, through the hardware it owns."""
    return [m for m in ms if m.span.root.dep_ == "poss" and
            m.span.root.head.dep_ in ("nsubj", "nsubjpass") and m.span.root.head.head.i == verb.i]


def _joint_act(verb, lexicon: Lexicon) -> bool:
    """"X and Y unveiled a rig": joint subjects of an event verb act together, unless the sentence
    says they act apart ("both", "each", "respectively") or only compares them."""
    if verb.lemma_.casefold() not in lexicon.words("joint_event_verbs") and not _co_verb(verb):
        return False
    return not _apart(verb) and not any(t.lower_ in ("both", "also", "either", "neither") for t in verb.subtree)


APART = {"each", "respectively", "separately", "independently"}


def _apart(verb) -> bool:
    """"X and Y were each awarded contracts", "... will work independently": joint subjects that act
    apart (anywhere in the sentence: the model may hang "each" on an auxiliary)."""
    return any(t.lower_ in APART for t in verb.sent)


def _co_verb(verb) -> bool:
    """"co-develop", "co-founded", "co-authored": a verb that says the work is shared."""
    doc = verb.doc
    return verb.i >= 2 and doc[verb.i - 1].text == "-" and doc[verb.i - 2].lower_ == "co"



@rule("collaboration_group", "relations", lexicon=("group_nouns",))
def group_members(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields collaborations among the members of a group noun: "a consortium of X, Y and Z", "an agreement between X and Y": every member pairs with every other."""
    groups = lexicon.words("group_nouns")
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.lemma_.casefold() not in groups or mention_at(t, active) is not None:
            continue
        for prep in t.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "between", "among", "amongst"):
                continue
            objects = [obj for obj in prep.children if obj.dep_ == "pobj"]
            found = unique_players([m for m in active if list_head(m) in objects])
            out += [(a.key, b.key) for a, b in combinations(found, 2)]
    return out


LIST_JOINERS = {",", "and", "the", "(", ")", "as", "well", "&", "along", "together", "plus", "/", "with"}


def name_list(sent: Span, start: int, active: list[Mention]) -> list[Mention]:
    """The players listed from token `start` on: "metal powder producer X along with Y, Z and the W",
    "the X (XA), the Y as well as the Z": consecutive names joined by commas, "and", "as well as",
    "along with", after at most a few describing words before the first name. A name in the list that
    is no known player is passed over ("X, the Kestrel Observatory, Y and Z": X, Y and Z)."""
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
        break
    return unique_players(found)


def _unknown_member(doc, i: int, end: int, by_start: dict) -> bool:
    """Token `i` opens or continues a proper name that is no known player, standing in a list: at
    most five capitalised words, then a comma, "and", "with" or "/" (a list goes on)."""
    j = i
    while j < end and j - i < 5 and doc[j].pos_ == "PROPN" and j not in by_start:
        j += 1
    return j < end and (doc[j].lower_ in (",", "and", "with", "/", "&") or j in by_start)


@rule("collaboration_group_includes", "relations", lexicon=("group_nouns", "membership_verbs"))
def group_includes(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields collaborations among the members a group noun lists with a verb of membership: "The
    winning consortium includes X along with Y and Z", "the team, which comprises X, Y and Z", "a
    collaboration between X, Y, with Z" (a list the model parses poorly): every member pairs with
    every other. When the group is itself a named player ("The Tagus Lunar Consortium includes X and
    Y"), each member pairs with the group instead (a hub, not every pair of members)."""
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.lemma_.casefold() not in lexicon.words("group_nouns"):
            continue
        group = mention_at(t, active)
        if group is not None and (t.i != group.span.end - 1 or not lexicon.has(t, "multi_party_nouns")):
            continue
        starts = []
        verb = t.head
        if t.dep_ == "nsubj" and verb.lemma_.casefold() in lexicon.words("membership_verbs"):
            starts.append(verb.i + 1)
        for c in t.children:
            if c.dep_ == "relcl" and c.lemma_.casefold() in lexicon.words("membership_verbs"):
                starts.append(c.i + 1)
            if c.dep_ == "prep" and c.lower_ in ("between", "among", "amongst", "of"):
                starts.append(c.i + 1)
        for start in starts:
            found = [m for m in name_list(sent, start, active) if group is None or m.key != group.key]
            if group is not None:       # "The Tagus Consortium includes X and Y": the group's members
                out += [(group.key, m.key) for m in found]
            else:
                out += [(a.key, b.key) for a, b in combinations(found, 2)]
    return out


@rule("collaboration_cosigners", "relations", lexicon=("agreement_nouns", "joint_work_nouns"))
def cosigners(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields collaborations among the parties named together after one agreement: "X signed a
    letter of intent with Y, Z and W" makes a four-party agreement, which links each pair (X's own
    pairs come from the clause); so does "in collaboration with Y and Z". Not plural agreements ("agreements with Y and Z": one each), not
    when the sentence says they act apart."""
    out: list[tuple[str, str]] = []
    if any(t.lower_ in APART for t in sent):
        return out
    for t in sent:
        if t.lower_ != "with" or t.i == sent.start:
            continue
        words = lexicon.words("agreement_nouns") | lexicon.words("joint_work_nouns")
        nouns = [w for w in sent.doc[max(sent.start, t.i - 6):t.i] if w.lemma_.casefold() in words or w.lower_ in words]
        if not nouns or any(w.tag_ in ("NNS", "NNPS") for w in nouns):
            continue
        found = name_list(sent, t.i + 1, active)
        out += [(a.key, b.key) for a, b in combinations(found, 2)]
    return out


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


@rule("collaboration_agreement_owner", "relations", lexicon=("agreement_nouns",))
def agreement_owner(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between the player that signs or holds an agreement and each party the
    agreement noun lists after "with" ("X stated it had signed a document, which they called a
    statement of intent, with Y, Z and W": X with each of Y, Z, W): the holder is the player subject
    of the clause the agreement noun stands in, looking up through relative clauses."""
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.lower_ != "with" or t.dep_ != "prep" or not lexicon.has(t.head, "agreement_nouns"):
            continue
        partners = name_list(sent, t.i + 1, active)
        if not partners:
            continue
        keys = {p.key for p in partners}
        holders = [m for m in _clause_holder(t.head, active) if m.key not in keys]
        out += [(h.key, p.key) for h in holders for p in partners]
    return out


def _clause_holder(noun: Token, active: list[Mention]) -> list[Mention]:
    """The players that are the subject of the nearest clause above `noun` that has a player subject,
    through relative clauses whose subject is no player ("a document which they called ...")."""
    x, hops = noun, 0
    while x.head.i != x.i and hops < 10:
        x, hops = x.head, hops + 1
        if not is_verb(x):
            continue
        found = [m for m in active if subject_side(m) and governor(m.span.root).i == x.i]
        if found:
            return found
        if x.dep_ != "relcl" and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON" for c in x.children):
            return []                   # a clause whose subject is something else
    return []


@rule("collaboration_joint_makers", "relations", lexicon=("facility_heads", "technology_heads"))
def joint_makers(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between the players a mission or a piece of hardware is credited to
    with "by": "Kestrel-3, a mission by X and Y", "a lander by X and Y"."""
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.lower_ != "by" or t.dep_ != "prep" or t.head.pos_ not in ("NOUN", "PROPN") or \
                not lexicon.has(t.head, "facility_heads", "technology_heads"):
            continue
        found = name_list(sent, t.i + 1, active)
        out += [(a.key, b.key) for a, b in combinations(found, 2)]
    return out


def _name_key(text: str) -> str:
    return " ".join(text.casefold().replace("&", " and ").replace("’s", "").replace("'s", "").split())


@rule("collaboration_named_group_parts", "relations", lexicon=("multi_party_nouns",))
def named_group_parts(sent: Span, active: list[Mention], names: dict[str, str],
                      lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields collaborations of a group named after its leaders ("the Acme & Beta Consortium") with
    each of them that the document names as a player, and between those leaders."""
    players = {_name_key(name): key for key, name in names.items()}
    out: list[tuple[str, str]] = []
    for g in active:
        words = [t for t in g.span if t.pos_ != "DET"]
        if len(words) < 4 or not lexicon.has(words[-1], "multi_party_nouns"):
            continue
        parts, current = [], []
        for t in words[:-1]:
            if t.lower_ in ("&", "and"):
                parts.append(current)
                current = []
            else:
                current.append(t.text)
        parts.append(current)
        if len(parts) < 2:
            continue
        found = unique([players[k] for k in (_name_key(" ".join(p)) for p in parts if p) if k in players])
        found = [k for k in found if k != g.key]
        out += [(g.key, k) for k in found] + list(combinations(found, 2))
    return out


@rule("collaboration_selected_group", "relations", lexicon=("multi_party_nouns", "membership_verbs"))
def selected_group(sent: Span, active: list[Mention], selector: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between the player that chose an unnamed group ("X has selected the
    consortium that will build ...", Coreference.selector) and each member a later sentence lists
    for it ("The winning consortium includes Y and Z"): an award to the group is one to its members."""
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.lemma_.casefold() not in lexicon.words("multi_party_nouns") or mention_at(t, active) is not None or \
                t.dep_ != "nsubj" or t.head.lemma_.casefold() not in lexicon.words("membership_verbs") or \
                not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in t.children):
            continue
        out += [(selector, m.key) for m in name_list(sent, t.head.i + 1, active) if m.key != selector]
    return out


@rule("collaboration_project_reference", "relations", lexicon=("project_reference_nouns",))
def project_partners(sent: Span, active: list[Mention], partners: tuple[str, ...],
                     lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields collaborations between the players of the last stated collaboration and a player that
    "the project" (or "the collaboration", "the venture") works with in a cued sentence: "X
    collaborated with Y to build a probe. The project also collaborated with Z": Z with X and with Y."""
    out: list[tuple[str, str]] = []
    for t in sent:
        verb = t.head if t.dep_ == "nsubj" else misparsed_finite_verb(t)    # "The project partnered ..." read as a noun phrase
        if verb is None or mention_at(t, active) is not None or \
                t.lemma_.casefold() not in lexicon.words("project_reference_nouns") or \
                not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in t.children):
            continue
        others = [m for m in active if governor(m.span.root).i == verb.i and not subject_side(m)]
        out += [(p, m.key) for p in partners for m in unique_players(others) if m.key != p]
    return list(dict.fromkeys(out))


@rule("veto_apart_subjects", "relations")
def apart_subjects(sent: Span, pair: tuple[str, str], active: list[Mention]) -> bool:
    """Vetoes a collaboration between two players both named before the main verb of a sentence
    that says they act apart ("X and Y will each receive a grant", "X and Y respectively build ..."),
    whatever rule paired them (the small model often parses such subjects as one phrase)."""
    if not any(t.lower_ in APART for t in sent):
        return False
    first: dict[str, int] = {}
    for m in active:
        first.setdefault(m.key, m.span.start)
    return all(k in first and first[k] < sent.root.i for k in pair)


@rule("veto_co_recipients", "relations", lexicon=("commissioning_verbs", "receiving_verbs", "joint_work_nouns"))
def co_recipients(sent: Span, pair: tuple[str, str], active: list[Mention], lexicon: Lexicon) -> bool:
    """Vetoes a collaboration between two players that the sentence names together as the ones chosen or
    paid: the subjects of a passive choosing verb ("X, Y and Z were selected for the first track") or of a
    receiving verb ("X and Y will receive contracts", "X and Y won study awards"). Being picked in the same
    round is not working together, unless the sentence says the work is shared ("jointly", "together",
    "a joint award", "as a team", "the consortium of X and Y")."""
    named_at = {i for m in active for i in range(m.span.start, m.span.end)}     # "... Alliance" is a name
    if any(t.lower_ in ("jointly", "together") or t.lemma_.casefold() in lexicon.words("joint_work_nouns")
           for t in sent if t.i not in named_at):
        return False
    chose, receive = lexicon.words("commissioning_verbs"), lexicon.words("receiving_verbs")
    for verb in sent:
        lemma = verb.lemma_.casefold()
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        if not ((lemma in chose and passive) or (lemma in receive and verb.pos_ in ("VERB", "AUX"))):
            continue
        subject = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        named = {m.key for m in active if m.span.root.i in subject}
        if all(k in named for k in pair):
            return True
    return False


@rule("veto_glossed_name", "relations")
def glossed_name(pair: tuple[str, str], mentions: list[Mention]) -> bool:
    """Vetoes a collaboration between a player and a name in the parenthesis right after it ("the
    Kestrel Space Centre (Centre spatial Kestrel - CSK) signed ...": the parenthesis glosses the same
    body in another language or by its acronym, whatever the inventory made of the two names)."""
    doc = mentions[0].span.doc if mentions else None
    for x in mentions:
        if x.key not in pair or x.span.end >= len(doc) or doc[x.span.end].text != "(":
            continue
        close = next((t.i for t in doc[x.span.end:min(x.span.end + 20, len(doc))] if t.text == ")"), None)
        if close is None:
            continue
        other = pair[1] if x.key == pair[0] else pair[0]
        if any(y.key == other and x.span.end < y.span.start and y.span.end <= close for y in mentions):
            return True
    return False


@rule("veto_owner_of_player", "relations", lexicon=("unit_heads",))
def owner_of_player(m: Mention, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """Vetoes a collaboration for a player named only as the owner of another named player or of a
    named unit ("Y's Kestrel Center built it with Z": the centre works with Z, not Y; also when the
    centre, laboratory or office is not itself a known player), or named inside another player's
    name ("a collaboration between Z and the Y/W Kestrel Laboratory": the laboratory, not Y)."""
    root = m.span.root
    if root.dep_ in ("compound", "nmod") and not any(c.dep_ == "cc" for c in root.children) and \
            root.head.i != root.i and not any(t.dep_ == "cc" for t in m.span.doc[m.span.end:root.head.i]):
        other = mention_at(root.head, mentions)     # "the X/Y Kestrel Laboratory": a name inside another's
        return (other is not None and other.key != m.key) or _named_unit(root.head, lexicon)
    if root.dep_ != "poss":
        return False
    other = mention_at(root.head, mentions)
    return (other is not None and other.key != m.key) or _named_unit(root.head, lexicon)


def _named_unit(token: Token, lexicon: Lexicon) -> bool:
    """A proper name whose last word says it is a unit of an organisation ("Kestrel Space Center")."""
    return token.pos_ == "PROPN" and lexicon.has(token, "unit_heads")


@rule("technology_object", "relations", lexicon=("technology_heads", "technology_verbs", "generic_technology_heads", "agreement_nouns",
                                                "responsibility_adjectives", "membership_verbs", "cargo_verbs",
                                                "carriage_verbs"))
def technologies_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                    lexicon: Lexicon) -> list[TechnologyUse]:
    """Yields technologies: Technologies the sentence credits to players: what they build, use, offer or own."""
    evidence = stamp(evidence, technologies_in.rule_id)
    active = agents(mentions, lexicon)
    if not active:
        return []
    terms = sentence_terms(sent, mentions).get("technology", [])
    out: list[TechnologyUse] = []
    if sent.text.count("|") >= 2:
        return []                                   # an infobox's or a table's cells (tables.py reads those)
    order: list[tuple[int, str]] = []              # where each technology is named (for "respectively")
    weak_verbs = lexicon.words("membership_verbs") | lexicon.words("cargo_verbs") | lexicon.words("carriage_verbs")
    product_tokens = {i for p in products_of(sent.doc, lexicon) for n in p.names() for i in range(n.start, n.end)} | \
        {p.head.i for p in products_of(sent.doc, lexicon) if p.head is not None}
    for phrase in technology_phrases(sent, terms, mentions, lexicon):
        if product_tokens & set(range(phrase.start, phrase.end)):
            continue                                # a named product: technology_product credits it
        if product_description(phrase, product_tokens) and not passive_makers(phrase, mentions, lexicon):
            continue                                # "the K-Trek, a low-mass rover": the product, described
        passive = passive_makers(phrase, mentions, lexicon)
        maker = passive or maker_of(phrase, mentions, lexicon)
        who = maker or possessor_of(phrase, mentions) or pronoun_owner(phrase, mentions, active) or \
            earlier_owner(phrase, active) or relative_antecedent(phrase, mentions)
        weak = who is None and governor(phrase.root).lemma_.casefold() in weak_verbs
        if who is None:
            who = credited(phrase.root, mentions, active, lexicon, through_appositive=False)
            commissioning = [m for m in who if _commissions(m, lexicon)]
            if commissioning and len(commissioning) < len(who):
                who = [m for m in who if m not in commissioning]   # "X awarded Y a contract to build Z": Y builds
            elif any(subject_side(m) for m in who) and not _joint_work(phrase.root, lexicon):
                # "X signed an agreement with Y to fly its payload": X's; "X partnered with Y to build": both
                who = [m for m in who if subject_side(m) or _joint_worker(m, lexicon)]
            elif any(_customer(m, lexicon) for m in who) and not _joint_work(phrase.root, lexicon):
                who = [m for m in who if not _customer(m, lexicon)]   # "..., under contract with Y": Y's order
            elif who and phrase.root.dep_ in ("nsubj", "nsubjpass") and \
                    not any(c.dep_ == "poss" for c in phrase.root.children):      # not "X, whose thrusters"
                # "drills tested at Y": the subject's owner is not the place it is tested at; in a
                # list entry ("Acme - ... drills tested at Y") it is the entry's name
                who = [m for m in mentions if m.span.start == 0 and m not in who]
        who = [m for m in who if not (_recipient(m, lexicon) or not_the_maker(m, lexicon))]
        # a lexicon term is named by its canonical name ("CubeSats" -> CubeSat)
        named = _with_of_phrase(phrase, lexicon)
        text = phrase.id_ if phrase.label_ == "technology" and phrase.id_ else _strip_determiners(named)
        if vague_technology(named, lexicon, described=maker is not None):   # "its camera comes from Y"
            continue
        said = stamp(evidence, passive_makers.rule_id) if passive else evidence
        out += [TechnologyUse(names[m.key], text, said, weak) for m in unique_players(who) if text]
        order.append((phrase.start, text))
    out = respectively(sent, out, order, mentions, names)
    out += made_by_compound(sent, mentions, names, evidence, lexicon)
    out += offered_as(sent, mentions, names, evidence, lexicon)
    out += creator_appositive(sent, mentions, names, evidence, lexicon)
    # "In-Situ Resource Utilization (ISRU)": one technology, not two
    return [t for t in out if not any(u.player == t.player and u.technology != t.technology and
                                      abbreviates(t.technology, u.technology) for u in out)]


@rule("veto_product_description", "relations")
def product_description(phrase: Span, product_tokens: set[int]) -> bool:
    """Vetoes as a technology of its own the phrase in apposition to a named product: "X's Kestrel
    Trekker or K-Trek, a light cargo rover, would ..." (the rover is the Kestrel
    Trekker, which technology_product credits)."""
    root = phrase.root
    return root.dep_ == "appos" and root.head.i in product_tokens


@rule("technology_respectively", "relations")
def respectively(sent: Span, found: list[TechnologyUse], order: list[tuple[int, str]], mentions: list[Mention],
                 names: dict[str, str]) -> list[TechnologyUse]:
    """Trims technologies: "X and Y are developing the rover and lander, respectively" gives X the rover
    and Y the lander, not each both (when the sentence says "respectively" and names as many players
    as technologies, paired in the order they are named)."""
    if not any(t.lower_ == "respectively" for t in sent):
        return found
    players = list(dict.fromkeys(names[m.key] for m in sorted(mentions, key=lambda m: m.span.start)
                                 if names[m.key] in {t.player for t in found}))
    techs = list(dict.fromkeys(text for _, text in sorted(order)))
    if len(players) < 2 or len(players) != len(techs):
        return found
    pairs = set(zip(players, techs))
    return [t for t in found if (t.player, t.technology) in pairs]


@rule("drop_vague_technology", "relations", lexicon=("broad_technology_heads", "vague_technology_modifiers",
                                                    "cargo_verbs"))
def vague_technology(phrase: Span, lexicon: Lexicon, described: bool = False) -> bool:
    """Drops a technology the page does not name: a broad class noun alone ("spacecraft", "the
    instruments", "satellites") or any technology head with only vague or evaluative words before it
    ("a commercial rover", "multiple instruments", "a similar camera", "its Russian instrument",
    "not only the instruments"). A name ("Pathfinder bus"), a descriptive modifier ("prospecting
    satellite", "mass spectrometer") or a lexicon term keeps it."""
    if phrase.label_ == "technology" and phrase.id_:
        return False
    root = phrase.root
    if root.pos_ == "PROPN" or root.is_upper or any(c.isdigit() for c in root.text):
        return False
    vague = lexicon.words("vague_technology_modifiers")
    words = [t for t in phrase if t.i != root.i and not (t.pos_ in ("DET", "PRON", "PUNCT", "NUM", "CCONJ") or
                                                          t.dep_ == "poss" or t.lower_ in ("'s", "’s"))]
    if any(t.lower_ not in vague and t.ent_type_ != "NORP" and not t.like_num for t in words):
        return False
    if words:
        return True                     # "a commercial rover", "multiple instruments"
    carrying = lexicon.words("cargo_verbs")
    if described or any((c.dep_ in ("relcl", "acl") and c.lemma_.casefold() not in carrying) or
                        (c.dep_ == "prep" and c.lower_ == "for") for c in root.children):
        return False                    # "a spacecraft that will prospect ...", "sensors for mine safety", "its camera comes from Y"
    return root.lower_ in lexicon.words("broad_technology_heads")


@rule("veto_source_or_sponsor", "relations", lexicon=("sponsorship_preps", "facility_heads", "funding_nouns",
                                                     "fundraising_verbs"))
def not_the_maker(m: Mention, lexicon: Lexicon) -> bool:
    """Vetoes crediting a technology to a player the sentence names only as its source ("According to X,
    the mission will demonstrate ..."), as the sponsor of the programme it is made under ("to develop
    rovers under X's Kestrel initiative"), or as the giver of the money ("X announced grants for
    two consortia to develop rovers"; not "X received a grant to develop rovers")."""
    root = m.span.root
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return True
    if root.dep_ in ("poss", "compound") and root.head.lemma_.casefold() in lexicon.words("facility_heads"):
        noun = root.head
        if noun.dep_ == "pobj" and noun.head.lower_ in lexicon.words("sponsorship_preps"):
            return True
    if root.dep_ == "nsubj":
        verb = root.head
        funding = lexicon.words("funding_nouns")
        return verb.lemma_.casefold() not in lexicon.words("fundraising_verbs") and \
            any(c.dep_ == "dobj" and c.lemma_.casefold() in funding for c in verb.children)
    return False


def _recipient(m: Mention, lexicon: Lexicon) -> bool:
    """"shipped two drills to Y", "sells spectrometers to Y": Y receives the thing, it does not make it."""
    root = m.span.root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "to" and \
        (prep.head.lemma_.casefold() in lexicon.words("transfer_verbs") or
         prep.head.lemma_.casefold() in lexicon.words("cargo_verbs"))


def technology_phrases(sent: Span, terms: list[Span], mentions: list[Mention], lexicon: Lexicon) -> list[Span]:
    """Noun phrases naming a technology a player builds, uses or offers."""
    heads = lexicon.words("technology_heads")
    player_tokens = {i for m in mentions for i in range(m.span.start, m.span.end)}
    found: list[Span] = []
    for chunk in noun_chunks(sent) + _misread_nouns(sent, lexicon):
        chunk = _after_possessor(_with_coordinated_modifiers(chunk), mentions)
        if chunk is None or player_tokens & set(range(chunk.start, chunk.end)) or in_quotes(chunk.root):
            continue
        root = chunk.root
        named = lexicon.has(root, "technology_heads")
        role = coordination_head(root)                 # "builds drills and rovers": "rovers" is built too
        # "a lander supplied by Y", "a Tui Aerospace lander": the phrase names its maker
        made = (maker_of(chunk, mentions, lexicon) or possessor_of(chunk, mentions)) is not None
        specific = named and not lexicon.has(root, "generic_technology_heads") and \
            (role.dep_ in ("dobj", "nsubj", "nsubjpass", "appos", "attr", "dative") or made or
             (role.dep_ == "pobj" and role.head.lower_ in ("with", "on", "of", "including")) or _such_as(role) or
             (role.dep_ == "pobj" and role.head.lower_ in ("for", "of") and
              role.head.head.lemma_.casefold() in lexicon.words("responsibility_adjectives")))
        if not (specific or _governed_by(root, lexicon) or _possessed(chunk) or _offered(chunk, lexicon)):
            continue
        if _declined(root):
            continue                                # "rather than build its own landers"
        if (_destination(chunk, lexicon) and not made) or \
                _other_clause_subject(root) or _hypothetical_use(root):
            continue                                # "fly on a lander", "where robots will need power"
        if (_carried(root, lexicon) and not made) or _test_site(root, lexicon):
            continue                                # "X will take the drill to the Moon": someone else's
        if _part_of_thing(chunk, lexicon) and not _governed_by(root, lexicon):
            continue                                # "partner with Y on the plant's power systems"
        if component_of_described(root, lexicon):
            continue                                # "a plant that combines digging robots": its parts
        if used_by_machine(root, lexicon) and not made:
            continue                                # "These robots use drills": the robots' parts
        if class_with_examples(root, lexicon):
            continue                                # "technologies such as X": X are named instead
        if _cargo_of_vehicle(root, lexicon) and not made:
            continue                                # "launched a rocket carrying a telescope": a payload
        if any(f.start <= chunk.start and chunk.end <= f.end for f in found):
            continue
        chunk = _with_purpose(_extend_of_phrase(chunk, lexicon), lexicon)
        inner_terms = [t for t in terms if chunk.start <= t.start and t.end <= chunk.end]
        content = [t for t in chunk if t.pos_ not in ("DET", "PRON", "PUNCT") and t.dep_ != "poss"]
        if named:
            if not specific and len(content) < 2:
                continue                            # "its machines": too vague to be a technology
            found.append(chunk)
        elif root.lower_ in ("series", "family", "fleet", "line", "constellation", "network") and \
                any(t.lower_ in heads for t in chunk):
            found.append(chunk)
        elif any(t.start <= root.i < t.end for t in inner_terms):
            found.append(chunk)                     # "molten salt electrolysis": the term heads the phrase
        elif inner_terms:
            found += inner_terms                    # "a CubeSat-based program": the term alone
    return found


@rule("technology_purpose", "relations", lexicon=("generic_technology_heads", "facility_heads"))
def _with_purpose(chunk: Span, lexicon: Lexicon) -> Span:
    """Yields a technology named by its purpose (a class noun and what it is for): "technology for
    comet coring and orbital refuelling", "technology to pull neon out of regolith"
    ("technology to pull neon"), "the tools for regolith excavation". The phrase runs to the
    end of the purpose (its object for "to", without what follows it), at most eight words."""
    root = chunk.root
    if not lexicon.has(root, "generic_technology_heads") or chunk.end != root.i + 1:
        return chunk
    doc = chunk.doc
    c = doc[root.i + 1] if root.i + 1 < chunk.sent.end else None
    if c is not None and c.dep_ == "prep" and c.lower_ == "for":     # (the model may hang it on the verb)
        obj = next((o for o in c.children if o.dep_ in ("pobj", "pcomp") and o.pos_ in ("NOUN", "VERB")), None)
        if obj is not None and _activity(obj, lexicon):
            end = obj.right_edge.i + 1
            stop = next((t.i for t in doc[obj.i:end] if t.is_punct or t.dep_ in ("relcl", "acl")), end)
            return doc[chunk.start:min(stop, c.i + 9)] if min(stop, c.i + 9) > obj.i else chunk
    verb = doc[root.i + 2] if root.i + 2 < chunk.sent.end else None
    if verb is not None and doc[root.i + 1].lower_ == "to" and verb.tag_ == "VB" and \
            (verb.head.i == root.i or verb.dep_ == "advcl" and verb.head.i == root.head.i):
        # "technology to extract X" (the model may hang the purpose on the verb before the noun)
        obj = next((o for o in verb.children if o.dep_ == "dobj"), None)
        if obj is not None and obj.i - verb.i <= 4:
            end = max([obj.i] + [k.i for k in obj.children if k.i > obj.i and k.dep_ in ("nummod", "compound")]) + 1
            return doc[chunk.start:end]
    return chunk


@rule("veto_component_technology", "relations", lexicon=("component_verbs", "technology_heads"))
def component_of_described(token: Token, lexicon: Lexicon) -> bool:
    """Vetoes as a technology of its own a part named in the relative clause that describes another
    technology: "a mobile plant that combines digging robots with ice ovens", "a lander which
    houses two drills" (the robots, ovens and drills are parts of the plant or lander)."""
    t = coordination_head(token)
    hops = 0
    while t.dep_ == "pobj" and t.head.lower_ == "with" and t.head.head.pos_ == "NOUN" and hops < 3:
        t = coordination_head(t.head.head)          # "rovers with ISRU units"
        hops += 1
    if t.dep_ == "pobj" and t.head.lower_ == "with" and is_verb(t.head.head):
        t = t.head                                  # "integrates drills with heating units"
    verb = t.head
    return t.dep_ in ("dobj", "prep") and verb.dep_ in ("relcl", "acl") and \
        verb.lemma_.casefold() in lexicon.words("component_verbs") and lexicon.has(verb.head, "technology_heads")


@rule("veto_machine_part", "relations", lexicon=("use_verbs", "technology_heads"))
def used_by_machine(token: Token, lexicon: Lexicon) -> bool:
    """Vetoes as a player's technology what a machine the sentence is about uses: "These robots use
    drilling tools", "The haulers will shuttle ..., recharging using solar arrays" (the subject is the
    machine, not a player; its parts are not products the page credits)."""
    t = coordination_head(token)
    verb = t.head
    if t.dep_ != "dobj" or verb.lemma_.casefold() not in lexicon.words("use_verbs"):
        return False
    hops = 0
    while verb is not None and hops < 4:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject.pos_ == "NOUN" and lexicon.has(subject, "technology_heads") and \
                not any(c.dep_ == "poss" for c in subject.children)
        if verb.dep_ not in ("advcl", "xcomp", "conj", "pcomp") or verb.head.i == verb.i:
            return False
        verb = verb.head
        hops += 1
    return False


@rule("veto_class_with_examples", "relations", lexicon=("generic_technology_heads", "carriage_verbs"))
def class_with_examples(token: Token, lexicon: Lexicon) -> bool:
    """Vetoes a class noun followed by its examples: "polar survey technologies such as crawler
    haulage", "systems including drills and rovers" (the examples are what the page names)."""
    if not lexicon.has(token, "generic_technology_heads"):
        return False
    doc = token.doc
    nxt = doc[token.i + 1:token.i + 3]
    return (len(nxt) == 2 and nxt[0].lower_ == "such" and nxt[1].lower_ == "as") or \
        (len(nxt) >= 1 and nxt[0].lower_ in ("including", "like"))


def _cargo_of_vehicle(token: Token, lexicon: Lexicon) -> bool:
    """"sent up a booster carrying a gamma-ray imager": what a launched vehicle carries (not "a
    spacecraft carrying a spectrometer" said of what a player builds)."""
    t = coordination_head(token)
    verb = t.head
    vehicle = verb.head
    return t.dep_ == "dobj" and verb.dep_ == "acl" and verb.lemma_.casefold() in lexicon.words("cargo_verbs") and \
        lexicon.has(vehicle, "technology_heads") and vehicle.dep_ == "dobj" and \
        vehicle.head.lemma_.casefold() in lexicon.words("carriage_verbs")


ACTIVITY = re.compile(r"(?:ing|tion|sion|ment|ery|ysis)$")


def _activity(token: Token, lexicon: Lexicon) -> bool:
    """"for asteroid sampling", "for regolith excavation": a purpose is an activity (not "for their next
    mission", "for a polar outpost": what the thing is made for)."""
    return not any(c.dep_ == "poss" for c in token.children) and \
        token.lower_ not in lexicon.words("facility_heads") and \
        (token.pos_ == "VERB" or token.tag_ == "VBG" or bool(ACTIVITY.search(token.lower_)))


def _misread_nouns(sent: Span, lexicon: Lexicon) -> list[Span]:
    """"building lunar communication relays" with "relays" tagged as a verb: an object that is a
    technology head the model gave no noun chunk."""
    chunked = {t.i for c in noun_chunks(sent) for t in c}
    return [sent.doc[t.left_edge.i:t.i + 1] for t in sent
            if t.pos_ == "VERB" and t.dep_ in ("dobj", "pobj", "nsubjpass") and t.i not in chunked and
            lexicon.has(t, "technology_heads") and all(c.i < t.i for c in t.children)]


def _such_as(token) -> bool:
    """"sensors such as spectrometers": an example of what the list before names."""
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ == "as" and prep.i > 0 and token.doc[prep.i - 1].lower_ == "such"


def _with_coordinated_modifiers(chunk: Span) -> Span:
    """"anchoring and grinding robots": the model's chunk may start at "grinding"."""
    root = chunk.root
    starts = [t.left_edge.i for t in root.lefts if t.dep_ in ("amod", "compound", "nmod") and t.i < chunk.start]
    return chunk.doc[min(starts):chunk.end] if starts else chunk


def _extend_of_phrase(chunk: Span, lexicon: Lexicon) -> Span:
    """"a prototype of the excavator", "a constellation of smallsats": the whole phrase (whose name
    `_with_of_phrase` trims to the product)."""
    root = chunk.root
    if root.lower_ in lexicon.words("instance_nouns"):
        for prep in root.children:
            objects = [c for c in prep.children if c.dep_ == "pobj"] if prep.lower_ == "of" else []
            if prep.dep_ == "prep" and objects:
                return chunk.doc[chunk.start:objects[0].i + 1]
    return chunk


@rule("technology_of_phrase", "relations", lexicon=("instance_nouns",))
def _with_of_phrase(chunk: Span, lexicon: Lexicon) -> Span:
    """Trims a technology named as "a prototype of X", "a fleet of 50 X", "a constellation of X" to X, the
    product the page names ("a half-size prototype of its regolith digger": "regolith digger"); a
    phrase that stops at the group noun stays as it is."""
    root = chunk.root
    if root.lower_ in lexicon.words("instance_nouns"):
        for prep in root.children:
            objects = [c for c in prep.children if c.dep_ == "pobj"] if prep.lower_ == "of" else []
            if prep.dep_ == "prep" and objects:
                obj = objects[0]
                start = obj.left_edge.i
                while start < obj.i and (chunk.doc[start].pos_ in ("DET", "PRON", "NUM", "ADV", "PUNCT") or
                                         chunk.doc[start].dep_ == "poss" or chunk.doc[start].like_num):
                    start += 1
                return chunk.doc[start:obj.i + 1]
    return chunk


def _after_possessor(chunk: Span, mentions: list[Mention]) -> Span | None:
    """"Acme's Pathfinder bus" -> "Pathfinder bus", "a Tui Aerospace lander" -> "lander" (the
    possessor is the owner, not the name)."""
    for m in mentions:
        if chunk.start <= m.span.start < chunk.end and _owner_dep(m, chunk.root):
            rest = m.span.end
            while rest < chunk.end and chunk.doc[rest].dep_ == "case":
                rest += 1
            return chunk.doc[rest:chunk.end] if rest < chunk.end else None
    return chunk


def possessor_of(phrase: Span, mentions: list[Mention]) -> list[Mention] | None:
    """"Acme's anchoring robots" belong to Acme; "a Tui Aerospace lander" to Tui Aerospace; so does
    what an appositive calls them ("Acme's Pathfinder, a small spacecraft")."""
    heads = [phrase.root] + ([phrase.root.head] if phrase.root.dep_ == "appos" else [])
    for head in heads:
        for t in head.children:
            m = mention_at(t, mentions)
            if m is not None and _owner_dep(m, head):
                return [m]
    return None


def _owner_dep(m: Mention, head: Token) -> bool:
    """The mention owns `head`: "Acme's drill", or a maker's name before the noun ("a Tui Aerospace
    lander"; not a name inside the noun's own modifiers, "the Acme-class lander")."""
    root = m.span.root
    if root.dep_ == "poss":
        return True
    return root.dep_ in ("compound", "nmod") and root.head.i == head.i and m.span.end == head.i and \
        head.pos_ == "NOUN" and not in_quotes(root)


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


def earlier_owner(phrase: Span, active: list[Mention]) -> list[Mention] | None:
    """"Y announced that instruments for its lander were delivered from Z": "its" that no clause
    subject resolves is the last subject named before it (or nobody), never the suppliers the clause names."""
    poss = next((c for c in phrase.root.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
    if poss is None:
        return None
    verb = governor(phrase.root)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(s.left_edge.i <= m.span.start <= s.right_edge.i for s in subjects for m in active):
        return None                     # "rivals such as Y pursue their own landers": Y's
    return [m for m in active if m.span.end <= poss.i and subject_side(m)][-1:]


@rule("technology_relative_antecedent", "relations")
def relative_antecedent(phrase: Span, mentions: list[Mention]) -> list[Mention] | None:
    """Yields the owner of a technology named in a relative clause about a player, read from the words:
    "A, B and Kestrel Space, which is building ice prospectors" (Kestrel Space, the name right
    before ", which"; the model often hangs the clause on the first name of the list)."""
    verb = governor(phrase.root)
    doc = phrase.doc
    wh = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "who", "that")),
              None)
    if wh is None or wh.i < 2 or doc[wh.i - 1].text != ",":
        return None
    m = next((m for m in mentions if m.span.end == wh.i - 1), None)
    return [m] if m is not None else None


def maker_of(phrase: Span, mentions: list[Mention], lexicon: Lexicon) -> list[Mention] | None:
    """"a drill supplied by Acme", "a rover built by Acme", "a drill from Acme": the maker, not
    whoever carries it."""
    passive = passive_makers(phrase, mentions, lexicon)
    if passive:
        return passive
    root = phrase.root
    role = coordination_head(root)                  # "its camera and spectrometer come from Y"
    places = list(root.children) + (list(role.head.children) if role.dep_ in ("dobj", "nsubj") else [])
    for child in places:
        if child.dep_ == "prep" and child.lower_ == "from":
            found = [m for m in (mention_at(t, mentions) for t in child.children if t.dep_ == "pobj") if m]
            if found:
                return found[:1]
        if child.dep_ == "acl" and child.lemma_.casefold() in lexicon.words("technology_verbs"):
            for agent in child.children:
                if agent.dep_ == "agent":
                    found = [mention_at(t, mentions) for t in agent.subtree]
                    found = [m for m in found if m is not None]
                    if found:
                        return found[:1]
    return None


@rule("technology_passive_maker", "relations", lexicon=("passive_maker_verbs", "co_maker_words"))
def passive_makers(phrase: Span, mentions: list[Mention], lexicon: Lexicon) -> list[Mention] | None:
    """Yields the makers of a technology named as the subject of a passive verb of making: "the drill
    will be developed by X" (X), "by X and Y" (both), "by X in partnership with Z" (X and Z), and
    the gapped second half of such a sentence, "..., and the analyser by Y" (Y). Read from the words
    as well as the parse (the model often attaches such a subject to the phrase before it). The
    owner of the maker ("by Y's Kestrel Center") is not the maker."""
    doc, sent = phrase.doc, phrase.sent
    verbs = lexicon.words("passive_maker_verbs")
    role = coordination_head(phrase.root)
    if role.dep_ == "nsubjpass" and role.head.lemma_.casefold() in verbs:
        agent = next((c for c in role.head.children if c.dep_ == "agent"), None)
        if agent is not None:
            return _makers_after(agent, mentions, lexicon) or None
    j, be = phrase.end, False
    while j < sent.end and doc[j].pos_ in ("AUX", "PART", "ADV") and doc[j].lower_ not in ("not", "never", "n't"):
        be = be or doc[j].lemma_ == "be"
        j += 1
    if be and j + 1 < sent.end and doc[j].tag_ == "VBN" and doc[j].lemma_.casefold() in verbs:
        k = j + 1
        if doc[k].lower_ == "for":          # "manufactured for us by Y", "built for the agency by Y"
            k = next((b.i for b in doc[k + 1:min(k + 5, sent.end)] if b.lower_ == "by"), k)
        if k < sent.end and doc[k].lower_ == "by":
            return _makers_after(doc[k], mentions, lexicon) or None
    if phrase.end < sent.end and doc[phrase.end].lower_ == "by" and _gapped(phrase, verbs):
        return _makers_after(doc[phrase.end], mentions, lexicon) or None
    return None


@rule("technology_maker_compound", "relations", lexicon=("passive_maker_verbs",))
def made_by_compound(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                     lexicon: Lexicon) -> list[TechnologyUse]:
    """Yields technologies: "the X-contributed Kestrel camera", "an X-built drill", "the X-supplied
    Osprey": X made what the phrase names (a proper name, or a technology head with a word that
    says what it is; not "X-built spacecraft")."""
    doc = sent.doc
    verbs = lexicon.words("passive_maker_verbs")
    out: list[TechnologyUse] = []
    for m in mentions:
        e = m.span.end
        if not (e + 2 < sent.end and doc[e].text == "-" and doc[e - 1].whitespace_ == "" and
                doc[e].whitespace_ == "" and doc[e + 1].lemma_.casefold() in verbs and doc[e + 1].tag_ in ("VBN", "VBD", "JJ")):
            continue
        chunk = next((c for c in noun_chunks(sent) if c.start <= e + 2 < c.end), None)
        head = chunk.root if chunk is not None else doc[e + 1].head
        if head.i <= e + 1 or head.pos_ not in ("NOUN", "PROPN") or head.i >= sent.end:
            continue
        phrase = doc[e + 2:head.i + 1]
        if head.pos_ == "NOUN" and (not lexicon.has(head, "technology_heads") or vague_technology(phrase, lexicon)):
            continue
        out.append(TechnologyUse(names[m.key], phrase.text, stamp(evidence, made_by_compound.rule_id)))
    return out


@rule("technology_offering", "relations", lexicon=("offering_nouns", "offering_focus_verbs"))
def offered_as(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
               lexicon: Lexicon) -> list[TechnologyUse]:
    """Yields technologies: what a player's product or technology is said to be: "X's main product
    is a modular ice harvesting plant", "X's technology centers on autonomous digging robots"
    (the predicate, read from the words: the model often takes "centers" for a noun)."""
    doc = sent.doc
    nouns = lexicon.words("offering_nouns")
    focus = lexicon.words("offering_focus_verbs")
    out: list[TechnologyUse] = []
    for m in mentions:
        i = m.span.end
        if not (i + 3 < sent.end and doc[i].lower_ in ("'s", "’s")):
            continue
        i += 1
        k = i
        while k < min(i + 3, sent.end) and doc[k].lower_ not in nouns:
            k += 1
        if k >= sent.end or doc[k].lower_ not in nouns or any(t.pos_ not in ("NOUN", "ADJ", "PROPN") for t in doc[i:k]):
            continue
        j = k + 1
        while j < sent.end and doc[j].pos_ in ("AUX", "ADV", "PART") and doc[j].lemma_ != "be":
            j += 1
        if j < sent.end and doc[j].lemma_ == "be" and j + 1 < sent.end and doc[j + 1].lemma_.casefold() not in focus:
            start = j + 1                           # "... product is a modular system"
        elif j + 1 < sent.end and doc[j].lemma_.casefold() in focus | {"be"} and doc[j].lower_ not in nouns:
            while j < sent.end and doc[j].lower_ not in ("on", "around", "upon"):
                j += 1
            start = j + 1                           # "... technology centers on robotic systems"
            if j >= sent.end or j - k > 4:
                continue
        else:
            continue
        chunk = next((c for c in noun_chunks(sent) if c.start <= start < c.end or
                      (c.start > start and all(t.pos_ in ("DET", "ADJ", "VERB", "ADV") for t in doc[start:c.start]))),
                     None)
        if chunk is None or not lexicon.has(chunk.root, "technology_heads"):
            continue
        phrase = doc[start:chunk.end]
        text = _strip_determiners(phrase)
        if text and not vague_technology(phrase, lexicon):
            out.append(TechnologyUse(names[m.key], text, stamp(evidence, offered_as.rule_id)))
    return out


@rule("technology_maker_appositive", "relations", lexicon=("creator_nouns",))
def creator_appositive(sent: Span, mentions: list[Mention], names: dict[str, str],
                       evidence: Evidence, lexicon: Lexicon) -> list[TechnologyUse]:
    """Yields technologies: "X, creator of the Kestrel Control Complex (KCC)", "X, the maker of
    Osprey": the named thing after "of" is X's, as the page names it (a place before it, "Erewhon's
    Kestrel ...", is not part of the name). A lower-case class ("maker of drills") is left to
    technology_object."""
    doc = sent.doc
    nouns = lexicon.words("creator_nouns")
    out: list[TechnologyUse] = []
    for m in mentions:
        i = m.span.end
        if not (i + 2 < sent.end and doc[i].text == ","):
            continue
        i += 1
        if doc[i].lower_ in ("a", "an", "the"):
            i += 1
        if not (i + 2 < sent.end and doc[i].lower_ in nouns and doc[i + 1].lower_ == "of"):
            continue
        start = i + 2 + (doc[i + 2].lower_ == "the")
        if start + 1 < sent.end and doc[start].ent_type_ in ("GPE", "LOC", "NORP") and doc[start + 1].lower_ in ("'s", "’s"):
            start += 2                              # "Erewhon's Kestrel Complex": the place is not the name
        end = _proper_name_end(doc, start, sent.end)
        if end > start:
            out.append(TechnologyUse(names[m.key], doc[start:end].text, stamp(evidence, creator_appositive.rule_id)))
    return out


def _proper_name_end(doc, start: int, limit: int) -> int:
    """The end of a capitalised name starting at `start`, through "&", "-", small joining words, a
    comma before another capitalised word and a parenthesised acronym ("Kestrel Automation, AI &
    Robotics Complex (KARC)")."""
    def capital(t) -> bool:
        return t.text[:1].isupper() or (t.text[:1].isdigit() and t.i > start)

    end = start
    while end < limit:
        t = doc[end]
        nxt = doc[end + 1] if end + 1 < limit else None
        if capital(t):
            end += 1
        elif t.text in ("&", "-") or (t.lower_ in ("of", "for", "and", ",") and nxt is not None and capital(nxt)):
            end += 1
        elif t.text == "(" and end > start:
            close = next((k for k in range(end + 1, min(end + 6, limit)) if doc[k].text == ")"), None)
            if close is None or not all(capital(w) or w.text in ("-", "&") for w in doc[end + 1:close]):
                break
            end = close + 1
            break
        else:
            break
    while end > start and (doc[end - 1].text in ("&", "-", ",") or doc[end - 1].lower_ in ("of", "for", "and")):
        end -= 1
    return end if end > start and capital(doc[start]) else start


def _gapped(phrase: Span, verbs: set[str]) -> bool:
    """"the drill will be built by X, and the analyser by Y": the phrase opens a conjunct after a
    passive verb of making whose verb it leaves out."""
    doc, sent = phrase.doc, phrase.sent
    k = phrase.start - 1
    while k >= sent.start and doc[k].pos_ in ("DET", "PRON"):
        k -= 1
    if k < sent.start or doc[k].lower_ not in ("and", ",", ";"):
        return False
    return any(t.lower_ == "by" and t.i > sent.start and doc[t.i - 1].tag_ == "VBN" and
               doc[t.i - 1].lemma_.casefold() in verbs for t in doc[sent.start:k])


def _makers_after(by: Token, mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """The players named right after "by": "by X", "by the X", "by Y's X" (X), "by X and Y", and a
    co-maker after them ("in partnership with Z", "together with Z")."""
    doc, sent = by.doc, by.sent

    def named_at(i: int) -> Mention | None:
        while i < sent.end and doc[i].pos_ == "DET":
            i += 1
        return next((m for m in mentions if m.span.start == i), None)

    found: list[Mention] = []
    m = named_at(by.i + 1)
    while m is not None:
        while m.span.end + 1 < sent.end and doc[m.span.end].lower_ in ("'s", "’s"):
            owned = named_at(m.span.end + 1)     # "by Y's Kestrel Center": the centre
            if owned is None:
                break
            m = owned
        found.append(m)
        k = m.span.end
        if k < sent.end and doc[k].lower_ == ",":
            k += 1
        m = named_at(k + 1) if k < sent.end and doc[k].lower_ in ("and", "&") else None
    if not found:
        return []
    cues = lexicon.words("co_maker_words")
    end = found[-1].span.end
    window = doc[end:min(end + 5, sent.end)]
    w = next((t for t in window if t.lower_ == "with"), None)
    if w is not None and any(t.lower_ in cues for t in doc[end:w.i]) and \
            all(t.lower_ in cues or t.pos_ in ("ADP", "DET", "PUNCT") for t in doc[end:w.i]):
        partner = named_at(w.i + 1)
        if partner is not None:
            found.append(partner)
    return found


def _joint_work(token, lexicon: Lexicon) -> bool:
    """"... to co-develop a tug", "agreed to jointly test an excavator": everyone named does it."""
    verb = governor(token)
    return _co_verb(verb) or (verb.lemma_.casefold() in lexicon.words("joint_work_verbs") and
                  verb.lemma_.casefold() not in ("develop", "build")) or \
        any(c.lower_ in ("jointly", "together") for c in verb.children)


def _counterparty(m: Mention, lexicon: Lexicon) -> bool:
    """"X signed an agreement with Y to build ...": Y is the other party, not the one who builds."""
    t = m.span.root
    while t.head.i != t.i:
        if t.dep_ in ("appos", "conj"):
            t = t.head
        elif t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "PROPN" and t.i > t.head.i:
            t = t.head.head             # "with the Department of Mines and Y": Y listed inside the first name
        else:
            break
    prep = t.head
    return t.dep_ == "pobj" and prep.lower_ == "with" and \
        prep.head.lemma_.casefold() not in lexicon.words("joint_work_nouns") and \
        not any(c.lower_ in ("joint", "shared") for c in prep.head.children) and \
        governor(prep).lemma_.casefold() not in lexicon.words("joint_work_verbs")


def _customer(m: Mention, lexicon: Lexicon) -> bool:
    """"X integrates the system under contract with Y", "X builds it under an agreement with Y": Y
    ordered the work (the other party of a contract or agreement, not a partner's "joint" one)."""
    root = m.span.root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "with" and prep.head.lemma_.casefold() in lexicon.words("agreement_nouns") \
        and not any(c.lower_ in ("joint", "shared") for c in prep.head.children)


def _joint_worker(m: Mention, lexicon: Lexicon) -> bool:
    """"... partnered with X", "working with X": X shares the work."""
    root = m.span.root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "with" and \
        (governor(prep).lemma_.casefold() in lexicon.words("joint_work_verbs") or
         prep.head.lemma_.casefold() in lexicon.words("joint_work_nouns"))


def _commissions(m: Mention, lexicon: Lexicon) -> bool:
    """The subject of "award", "select", "fund" ...: a customer, not the developer."""
    verb = governor(m.span.root)
    return verb.lemma_.casefold() in lexicon.words("commissioning_verbs") and m.span.root.dep_ in ("nsubj",)


def _declined(token) -> bool:
    """What a player does "rather than" / "instead of" something is not what it does."""
    doc = token.doc
    for t in doc[max(token.sent.start, token.i - 6):token.i]:
        if (t.lower_ == "than" and t.i > 0 and doc[t.i - 1].lower_ == "rather") or \
                (t.lower_ == "of" and t.i > 0 and doc[t.i - 1].lower_ == "instead"):
            return True
    return False


DESTINATION_PREPS = {"to", "into", "onto", "aboard", "as", "toward", "towards", "via", "atop"}


def _destination(chunk: Span, lexicon: Lexicon) -> bool:
    """"deliver it to a processing plant", "fly it as a rideshare payload", "fly on a lander": the
    destination, role or vehicle of what the sentence is about, not a technology its subject
    builds (unless someone owns it: "integrate it into its plant")."""
    root = chunk.root
    if root.dep_ != "pobj" or any(c.dep_ == "poss" for c in root.children):
        return False
    prep = root.head.lower_
    if prep == "of" and root.head.head.lower_ == "top":
        return True                     # "on top of a heavy rocket"
    return prep in DESTINATION_PREPS or \
        (prep == "on" and governor(root.head).lemma_.casefold() in lexicon.words("carriage_verbs"))


def _other_clause_subject(root) -> bool:
    """"... craters, where mining robots will need energy": the subject of a subordinate clause
    that names no player speaks of other things than the player's own hardware."""
    verb = root.head
    return root.dep_ in ("nsubj", "nsubjpass") and verb.dep_ in ("relcl", "advcl") and \
        not any(c.dep_ == "poss" for c in root.children) and \
        any(c.dep_ == "advmod" and c.lower_ in ("where", "when", "once", "until") or
            c.dep_ == "mark" for c in verb.children)


def _carried(root, lexicon: Lexicon) -> bool:
    """The object of an organisation's verb of carrying ("Acme will take the drill to the Moon"): the
    cargo of someone else. Not "its drill", not what a vehicle carries ("the spacecraft carries a
    spectrometer": its own instrument)."""
    verb = root.head
    if root.dep_ != "dobj" or verb.lemma_.casefold() not in lexicon.words("cargo_verbs") or \
            any(c.dep_ == "poss" for c in root.children):
        return False
    heads = lexicon.words("technology_heads")
    return any(c.dep_ == "nsubj" and c.pos_ == "PROPN" and c.lemma_.casefold() not in heads for c in verb.children)


def _test_site(root, lexicon: Lexicon) -> bool:
    """"tests drills in a vacuum chamber", "qualified at a test stand": where a test runs, not what the
    player builds (unless it says whose: "in its chamber")."""
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ in ("in", "at", "inside", "within") and \
        not any(c.dep_ == "poss" for c in root.children) and \
        governor(prep).lemma_.casefold() in lexicon.words("testing_verbs")


def _part_of_thing(chunk: Span, lexicon: Lexicon) -> bool:
    """"the plant's power systems": a part of a thing (not of a player, not "the company's"), which
    the sentence does not say anyone builds or uses."""
    cues = lexicon.words("org_cue_nouns")
    return any(t.dep_ == "poss" and t.pos_ == "NOUN" and t.lemma_.casefold() not in cues for t in chunk)


def _hypothetical_use(root) -> bool:
    """"a powder that could be used for 3D printing", "a station that would use ISRU": what a
    relative clause says something could do is not a technology the player has."""
    verb = governor(root)
    while verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ in ("could", "would", "might", "may")
                                        for c in verb.children)


def subsumed(technologies: list[str]) -> set[str]:
    """One player's technologies that another of its technologies already names in more words
    ("autonomous robots" beside "autonomous mining robots", "lander" beside "mid-size lunar landers")."""
    def words(text: str) -> frozenset[str]:
        return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                         for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in TECH_FILLER)
    sets = {t: words(t) for t in technologies}
    out = {t for t, w in sets.items() if w and any(u != t and w < v for u, v in sets.items())}
    seen: set[frozenset[str]] = set()
    for t, w in sets.items():           # "drill" and "drills": the first stays
        if w in seen:
            out.add(t)
        seen.add(w)
    return out


TECH_FILLER = {"the", "a", "an", "of", "and", "for", "its", "their"}


def _possessed(chunk: Span) -> bool:
    """"its PolarScout drill", "Acme's Pathfinder bus"."""
    return any(t.dep_ == "poss" for t in chunk)


def _offered(chunk: Span, lexicon: Lexicon) -> bool:
    """"a maker of dust shields", "a developer of prospecting spacecraft"."""
    head = chunk.root.head
    return chunk.root.dep_ == "pobj" and head.lower_ == "of" and \
        head.head.lemma_.casefold() in lexicon.words("maker_nouns")


def _governed_by(token, lexicon: Lexicon) -> bool:
    """The token is the object of a technology verb or of a "development of" phrase (the items
    of a list count as one step: "offers sensors including cameras, lidars and spectrometers")."""
    hops = 0
    responsibility = lexicon.words("responsibility_adjectives")
    t = coordination_head(token)
    while t.head.i != t.i and hops < 5:
        head = t.head
        if t.dep_ == "prep" and t.lower_ in ("for", "of") and head.lemma_.casefold() in responsibility:
            return True                 # "X will be responsible for the crane"
        if t.dep_ in ("dobj", "pobj", "conj", "nsubjpass", "appos", "attr", "oprd", "compound", "nmod", "amod",
                      "npadvmod", "dative", "prep") and (lexicon.has(head, "technology_verbs") or
                                                 head.lemma_.casefold() in ("development", "deployment", "launch",
                                                                             "test", "tests", "prototype")):
            return True
        if t.dep_ in ("advcl", "relcl", "acl") and hops:
            return False
        t = coordination_head(head)
        hops += 1
    return False


UNIT = re.compile(r"^(?:[kKmM]?[gWt]|kWe|kWh|[kcm]?m|tonnes?|tons?|kN|N|[lL]|U)$")    # "300 kg", "6 kW", "12 U"
ORDINAL_WORDS = {"first", "second", "third", "fourth", "next", "new", "own", "latest", "last", "former"}


def _strip_determiners(chunk: Span) -> str:
    """"its second lander" -> "lander"; "Acme's Pathfinder bus" -> "Pathfinder bus"; "a 300 kg lander" -> "lander"."""
    tokens = list(chunk)
    while tokens and (tokens[0].pos_ in ("DET", "PRON", "NUM") or
                      (tokens[0].pos_ == "ADV" and len(tokens) > 1 and tokens[1].like_num) or tokens[0].dep_ == "poss" or tokens[0].is_punct
                      or tokens[0].lower_ in ("'s", "’s") or tokens[0].lower_ in ORDINAL_WORDS or
                      (tokens[0].i > chunk.start and chunk.doc[tokens[0].i - 1].like_num and
                       UNIT.match(tokens[0].text))):
        tokens = tokens[1:]
    if not tokens:
        return ""
    return chunk.doc[tokens[0].i:chunk.end].text


def development_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                   lexicon: Lexicon, block_text: str | None = None) -> Development | None:
    participants = unique(names[m.key] for m in agents(mentions, lexicon))
    if not participants:
        return None
    terms = sentence_terms(sent, mentions)
    concerns = {label: unique(s.id_ for s in spans)
                for label, spans in terms.items()}
    return Development(participants, block_text or sent.text, first_date(sent.text), evidence, concerns)


@rule("event_verb", "relations", lexicon=('event_verbs',))
def event_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
             lexicon: Lexicon) -> Development | None:
    """Yields a development: A development told in running prose: a player is the subject of an event verb
    ("Acme signed ...", "Acme unveiled ...", "Acme was selected ...")."""
    evidence = stamp(evidence, event_in.rule_id)
    verbs = lexicon.words("event_verbs")
    actors = [m for m in agents(mentions, lexicon) if subject_side(m) and not in_quotes(m.span.root)
              and governor(m.span.root).lemma_.casefold() in verbs]
    if not actors:
        return None
    return development_in(sent, mentions, names, evidence, lexicon)


# ---------------------------------------------------------------- named products (products.py)

WH_WORDS = {"which", "who", "that"}
CARRIER_PREPS = DESTINATION_PREPS | {"on", "aboard", "onboard", "by", "via", "atop", "for"}


@rule("technology_product", "relations", lexicon=("product_heads", "maker_verbs", "commissioning_verbs", "testing_verbs", "org_cue_nouns",
                                                 "joint_work_verbs",
                                                 "carriage_verbs", "cargo_verbs", "purchase_verbs"))
def named_products_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                      lexicon: Lexicon) -> tuple[list[TechnologyUse], list[Product]]:
    """Yields technologies: a product the sentence names (products.py: "NEO-7", "the Wayfarer lander",
    "a rover called Nomad", "Polar Ice Scout Rover (PISR)") credited to its maker, read from the
    clause: "built / developed / designed by X" and "X-built", "X's Wayfarer lander", "the X Wayfarer
    lander", "its" (the clause's subject), the subject of the clause that builds, develops or launches
    it (each of "X and Y are developing ..."; a commissioning subject gives way to whom it commissions).
    Not the customer, the launcher, a carrier it flies on or the person quoted. Products whose maker
    the sentence does not say are returned apart (see `topic_products`)."""
    evidence_here = stamp(evidence, named_products_in.rule_id)
    active = agents(mentions, lexicon)
    out: list[TechnologyUse] = []
    unowned: list[Product] = []
    for p in products_of(sent.doc, lexicon):
        if not (sent.start <= p.span.start < sent.end):
            continue
        if any(m.span.start < n.end and n.start < m.span.end for m in mentions for n in p.names()):
            continue                                    # a player's name ("the Acme payload": Acme's)
        named = {i for n in p.names() for i in range(n.start, n.end)} | ({p.head.i} if p.head is not None else set())
        if in_quotes(p.span.root) or sent.text.count("|") >= 2 or p.programme or \
                all(t.i in named or t.is_punct or t.text[:1].isupper() for t in sent):
            continue                    # quoted speech; an infobox's or table's cells; a bare name in a list
        who = product_maker(p, mentions, active, lexicon)
        if who is None:
            unowned.append(p)
            continue
        if not who:
            continue                                    # what carries the sentence's subject, not its product
        joint = lexicon.words("joint_work_verbs")
        partner = stamp(evidence, co_developers.rule_id)
        out += [TechnologyUse(names[m.key], p.text,
                              partner if m.span.root.dep_ == "pobj" and m.span.root.head.lower_ == "with" and
                              m.span.root.head.head.lemma_.casefold() in joint else evidence_here)
                for m in unique_players(who)]
    return out, unowned


def _product_nodes(p: Product) -> list[Token]:
    """The tokens that carry the product's role in the clause: its name's root, the head noun it goes
    with, and what either stands in apposition to."""
    nodes = [p.span.root] + ([p.head] if p.head is not None else [])
    if p.expansion is not None:
        nodes.append(p.expansion.root)
    for t in list(nodes):
        if t.dep_ in ("compound", "nmod", "appos", "amod") and t.head.pos_ in ("NOUN", "PROPN"):
            nodes.append(t.head)
        nodes += [c for c in t.children if c.dep_ == "appos"]
    return list(dict.fromkeys(nodes))


def _carrier(node: Token, lexicon: Lexicon) -> bool:
    """"launched via the Falcon 9", "fly on a Tern-3 lander", "a drill for the Kestrel mission": what the
    sentence's product rides on or is made for (not "its lander", not "a path for a third mission, Vestri")."""
    if node.dep_ != "pobj" or node.head.lower_ not in CARRIER_PREPS:
        return False
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in node.children):
        return False                                    # "for their next mission, Odin": their own
    if node.head.lower_ != "for":
        return True
    head = node.head.head
    return lexicon.has(head, "technology_heads") or head.lemma_.casefold() in lexicon.words("maker_verbs") or \
        lexicon.has(head, "technology_verbs")


def _builders(p: Product, nodes: list[Token], mentions: list[Mention], makers: set[str]) -> list[Mention]:
    """"built / developed by X" said of the product (as its modifier, or as a participle clause of
    the verb the product is the subject of), or "the X-built ...": X."""
    ids = {n.i for n in nodes}
    doc = p.span.doc

    def agents_of(verb) -> list[Mention]:
        return [m for a in verb.children if a.dep_ == "agent"
                for m in mentions if a.i < m.span.start <= a.right_edge.i]

    for verb in p.span.sent:
        if verb.lemma_.casefold() not in makers:
            continue
        v = verb
        while v.dep_ == "conj" and v.head.i != v.i:
            v = v.head
        said_of = v.head.i in ids and v.dep_ in ("acl", "relcl") or \
            any(c.dep_ in ("nsubjpass", "nsubj") and c.i in ids for c in v.head.children) and v.dep_ == "advcl" or \
            any(c.dep_ == "nsubjpass" and c.i in ids for c in verb.children)
        if said_of:
            found = agents_of(verb)
            if found:
                return found
    for prep in p.span.sent:                            # "a telescope called Kelpie, also from X"
        if prep.lower_ == "from" and prep.dep_ == "prep" and prep.head.i in ids:
            found = [m for m in mentions if prep.i < m.span.start <= prep.right_edge.i]
            if found:
                return found[:1]
    for m in mentions:                                  # "the X-built Wayfarer", "X-contributed"
        e = m.span.end
        if e + 1 < len(doc) and doc[e].text == "-" and doc[e + 1].lemma_.casefold() in makers and \
                0 <= p.span.start - e <= 4:
            return [m]
    return []


def product_maker(p: Product, mentions: list[Mention], active: list[Mention],
                  lexicon: Lexicon) -> list[Mention] | None:
    """The players that make the product, read from the clause (None when it does not say; none when
    the product is only what carries something: "launched via the Falcon 9")."""
    makers = lexicon.words("maker_verbs")
    others_verbs = lexicon.words("testing_verbs") | lexicon.words("carriage_verbs") | \
        lexicon.words("cargo_verbs") | lexicon.words("purchase_verbs")
    nodes = _product_nodes(p)
    doc = p.span.doc
    # "a drill built by X", "X-built", "MicrOmega, the microscope developed by X"; with the owner
    # the phrase names ("built by X, the Y cubesat called Z": X and Y)
    builders = _builders(p, nodes, mentions, makers)
    ids = {n.i for n in nodes}
    # "X's Wayfarer lander", "the X Wayfarer lander", "X's first spacecraft, the Kestrel 1"
    owned = [m for m in mentions if m.span.end <= p.span.start and m not in builders and
             (m.span.root.dep_ in ("poss", "compound", "nmod") or
              m.span.root.dep_ == "amod" and m.span.root.pos_ == "PROPN") and
             any(n.left_edge.i <= m.span.start and m.span.root.head.i <= n.i and
                 (m.span.root.head.i in ids or m.span.root.head.head.i in ids) for n in nodes)]
    if not owned:                                       # "X’s Wayfarer lander" however the model parsed it
        first = min(n.start for n in p.names())
        owned = [m for m in mentions if m.span.end + 1 < len(doc) and doc[m.span.end].lower_ in ("'s", "’s") and
                 0 <= first - m.span.end - 1 <= 3 and
                 all(t.pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT") and t.text not in (",", ";")
                     for t in doc[m.span.end + 1:first])]
    if builders or owned:
        return builders + owned[:1]
    if any(_carrier(n, lexicon) for n in nodes):
        return []                                       # "launched via the Falcon 9", "on a Tern-3 lander": a ride
    for node in nodes:
        org = next((c for c in node.children if c.dep_ == "poss" and lexicon.has(c, "org_cue_nouns")), None)
        if org is not None:                             # "the firm's Peregrine lander": the firm named last
            before = [m for m in mentions if m.span.end <= org.i and m.span.root.pos_ == "PROPN"]   # (not "our")
            return before[-1:] or None
        if any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in node.children):
            phrase = doc[node.left_edge.i:node.i + 1]
            who = pronoun_owner(phrase, mentions, active) or earlier_owner(phrase, active)
            if who:
                return who
            return None
    # the subject of the clause that builds, launches or plans it
    t = p.expansion.root if p.expansion is not None else p.span.root
    if p.head is not None and t.head.i == p.head.i:
        t = p.head
    while t.dep_ in ("compound", "appos", "conj", "nmod", "amod") and t.head.i != t.i and not is_verb(t.head):
        t = t.head
    if t.dep_ in ("nsubj", "nsubjpass") or _carrier(t, lexicon):
        return None                                     # it does something, or carries someone's cargo
    role = t
    hops = 0
    while t.head.i != t.i and hops < 10:
        t = t.head
        hops += 1
        if not is_verb(t):
            continue
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            continue
        if t.dep_ == "relcl" and all(s.lower_ in WH_WORDS for s in subjects):
            m = mention_at(t.head, mentions)
            return [m] if m is not None else None
        if any(s.left_edge.i <= p.span.start <= s.right_edge.i for s in subjects):
            return None                                 # "a robot called X reached orbit": it is the subject
        found = [m for m in active if any(s.left_edge.i <= m.span.start <= s.right_edge.i for s in subjects)]
        if not found:                                   # a named non-player's clause ("India started to study X"),
            return [] if any(s.pos_ == "PROPN" for s in subjects) else None    # or "the plan includes X"
        if t.lemma_.casefold() in others_verbs:
            return None                                 # "X will test / carry / buy the BRK-2": someone's product
        if t.lemma_.casefold() in lexicon.words("commissioning_verbs"):
            hired = [m for m in active if m.span.root.head.i == t.i and m.span.root.dep_ in ("dobj", "dative")]
            return hired or None
        return found + [m for m in co_developers(t, active, lexicon) if m not in found]
    # the clause does not say: the one player the sentence has as a subject ("X has ... a third mission, Vestri")
    subjects = unique_players([m for m in active if subject_side(m) and not _commissions(m, lexicon)])
    if len({m.key for m in subjects}) == 1 and role.dep_ not in ("nsubj", "nsubjpass"):
        return subjects
    return None


@rule("technology_co_developer", "relations", lexicon=("joint_work_verbs",))
def co_developers(verb: Token, active: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """Yields the partner a named product's maker made it with: "X collaborated with Y, located in Z,
    to develop the Kestrel prototype", "X partnered with Y to build Osprey" (Y as well as X)."""
    joint = lexicon.words("joint_work_verbs")
    verbs = [verb] + ([verb.head] if verb.dep_ in ("advcl", "xcomp") else [])
    out = []
    for v in verbs:
        if v.lemma_.casefold() not in joint:
            continue
        for prep in v.children:
            if prep.dep_ == "prep" and prep.lower_ == "with":
                out += [m for m in active if m.span.root.head.i == prep.i and m.span.root.dep_ == "pobj"]
    return out


@rule("technology_product_topic", "relations")
def topic_products(unowned: list[tuple[Product, Evidence, str | None]], players: list,
                   names: dict[str, str]) -> list[TechnologyUse]:
    """Yields technologies: a named product whose maker its sentence does not say ("Kestrel 2 will
    depart next year") is the product of the player the text was last about (the last subject named
    before it, or the page's subject), else of the player the document is about: the one named most
    often, when it is named at least three times and twice as often as any other."""
    ranked = sorted(players, key=lambda p: -p.mentions)
    topic = ranked[0].name if ranked and ranked[0].mentions >= 3 and \
        (len(ranked) == 1 or ranked[1].mentions * 2 <= ranked[0].mentions) else None
    known = {p.name for p in players}
    out = []
    for p, e, last in unowned:
        who = names.get(last) if last is not None else None
        who = who if who in known else topic
        if who is not None:
            out.append(TechnologyUse(who, p.text, stamp(e, topic_products.rule_id), weak=True))
    return out


MAKER_RULES = ("technology_passive_maker",)


@rule("veto_other_maker_technology", "relations")
def reconcile_makers(technologies: list[TechnologyUse]) -> list[TechnologyUse]:
    """Vetoes a technology credited to a player only as what its mission includes, what it carries or
    delivers, or as the document's topic, when the document names another maker of it ("the mission
    includes a drill ... the drill will be built by Y": Y's drill, not the mission owner's). Same
    technology: its words are among the words of what the maker makes ("drill", "ice drill")."""
    made = [(t.player, _tech_words(t.technology)) for t in technologies
            if t.evidence is not None and t.evidence.rule in MAKER_RULES]
    if not made:
        return technologies
    return [t for t in technologies if not (t.weak and any(
        player != t.player and _tech_words(t.technology) and _tech_words(t.technology) <= words
        for player, words in made))]


def _tech_words(text: str) -> frozenset[str]:
    """A technology's words without fillers, singular ("drills" -> "drill")."""
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                     for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in TECH_FILLER)
