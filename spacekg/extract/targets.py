"""Targets stated in one sentence: the resources and platforms a player goes after.

Each rule reads one parsed sentence with its player mentions and its vocabulary terms
(doc.spans["spacekg_terms"]) and returns facts with the sentence as evidence. Which player a term
belongs to comes from the parse (clauses.py, relation_helpers.py), so that a sentence naming several
players credits each with its own part; the vetoes here keep a target from a partner, a customer, a
person's employer or a player of another clause.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from .clauses import agents, governor, in_quotes, is_verb, mention_at, outside, participle_agent, subject_side
from .facts import Evidence, Target
from .lexicon import Lexicon
from .partners import _named_unit, partner_phrase
from .pipeline import TERMS_KEY
from .relation_helpers import (_joint_work, _listed_root, credited, has_cue, pronoun_owner, sentence_terms, unique,
                               unique_players)
from .rules import rule, stamp
from .types import Mention

TARGET_LABELS = ("resource_type", "platform")


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
        who = [m for m in who if (p := participle_agent(m, lexicon)) is None or not outside(span.root, p)]
        who = [m for m in who if m.key not in partners or _joint_work(span.root, lexicon)]
        who = [m for m in who if not other_clause(m, span.root, mentions)]
        who = [m for m in who if not funder(m, mentions, lexicon)]
        who = [m for m in who if not contract_party(m, mentions, lexicon) or _joint_work(span.root, lexicon)]
        who = [m for m in who if not owner_of_player(m, mentions, lexicon)]
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
    """Vetoes a resource or platform that is a word of a programme's name ("under the Tarn Authority's
    Moon to Mars Kestrel initiative", "the Lunar Kestrel Challenge"): a capitalised name running from the
    term to a programme noun, with a capitalised word of its own between them. A plain "Moon
    programme" or "its lunar initiative" still names a target."""
    return _programme_name_from(term[0], term.end, lexicon)


def _programme_name_from(first: Token, end: int, lexicon: Lexicon) -> bool:
    """A capitalised name opens at `first` and runs (from `end` on) to a programme noun, with a
    capitalised word between that is no vocabulary term ("Moon to Mars Kestrel initiative"); an
    acronym in brackets inside it is part of it ("Lunar Power Grid (LPG-5) Feasibility Study")."""
    doc = first.doc
    if not first.is_title and not first.is_upper:
        return False
    own_word = False
    bracket = False
    for t in doc[end:min(end + 10, first.sent.end)]:
        if t.text in ("(", ")") or bracket:     # "Lunar Power Grid (LPG-5) Feasibility Study": its acronym
            bracket = t.text != ")" and (t.text == "(" or bracket)
            continue
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
    programme", "Y, part of X's programme, will ..."): X runs or funds the programme; what the
    clause says of the Moon is the actors', and X is no partner of whoever awards or receives the
    grants. `term` None: any term."""
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
        if prep.head.dep_ in ("appos", "attr"):
            return True                 # "Y, part of X's programme, will ...", "Y is part of X's programme"
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


@rule("veto_funder_target", "relations", lexicon=("commissioning_verbs",))
def funder(m: Mention, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """Vetoes a target for who pays for another player's work: the subject of a commissioning verb
    whose object is another player ("the Tarn Agency awarded Velmora a grant to map lunar ice"), or
    the agent of a passive one ("Velmora was awarded $2 million from the Tarn Agency to ..."). The
    resources and platforms are the recipient's; not where the work serves the payer's own thing
    ("X selected Y to launch its rover to the Moon")."""
    verbs = lexicon.words("commissioning_verbs")
    root = _listed_root(m)
    others = [o for o in mentions if o.key != m.key]
    if root.dep_ == "nsubj" and root.head.lemma_.casefold() in verbs:
        verb = root.head
        if any(t.lower_ in ("its", "their") for t in verb.subtree):
            return False                # "X selected Y to launch its rover": the work is for X's own thing
        return any(c.dep_ in ("dobj", "dative") and mention_at(c, others) is not None for c in verb.children)
    if root.dep_ == "pobj" and root.head.lower_ in ("by", "from"):
        verb = governor(root.head)
        return verb.lemma_.casefold() in verbs and \
            any(c.dep_ == "nsubjpass" and mention_at(c, others) is not None for c in verb.children)
    return False


@rule("veto_contract_party_target", "relations", lexicon=("agreement_nouns", "funding_nouns", "award_nouns"))
def contract_party(m: Mention, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """Vetoes a target for a player named only as where money comes from ("awards from X have let
    the company mine lunar oxygen", "a grant from X", "won a $2 million X contract to mine ...",
    "the new X award will support ...") or, in a sentence whose subject is no player,
    as the other party of a contract ("the rover was built to gather regolith under a contract with
    X"): X pays or orders; the work and what it goes after are another's. Not a joint undertaking
    ("a joint agreement with X to mine ice"), nor a party the sentence describes ("a contract with
    X, which wants pads for its lunar base")."""
    root = _listed_root(m)
    deals = lexicon.union("agreement_nouns", "funding_nouns", "award_nouns")
    if root.dep_ in ("compound", "nmod"):
        noun = root.head
        while noun.dep_ in ("compound", "nmod") and noun.head.i != noun.i and noun.head.pos_ in ("NOUN", "PROPN"):
            noun = noun.head
        return noun.pos_ == "NOUN" and noun.lemma_.casefold() in deals and \
            not any(c.lower_ in ("joint", "shared") for c in noun.children)      # "won a $2M Tarn Agency contract"
    if root.dep_ != "pobj" or any(c.dep_ == "relcl" for c in root.children):
        return False
    prep, noun = root.head, root.head.head
    lemma = noun.lemma_.casefold()
    if prep.lower_ == "with":
        return lemma in lexicon.words("agreement_nouns") and not any(subject_side(o) for o in mentions) and \
            not any(c.lower_ in ("joint", "shared") for c in noun.children)
    if prep.lower_ == "from":
        return noun.pos_ == "NOUN" and lemma in lexicon.words("funding_nouns") | lexicon.words("award_nouns")
    return False


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


@rule("veto_employer", "relations", lexicon=("person_roles", "alumni_nouns"))
def employer_only(m: Mention, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """Vetoes a target or a collaboration for a player named only as the employer of a person
    ("backed by X's Jane Doe", "founded by a former X engineer and a former Y engineer", "a X and Y
    alum"): the person
    is who the clause is about, and a past employer is no partner. A person acting in a present
    role stands for the employer ("X researcher Jo Smith collaborated with Y": X and Y)."""
    if _before_alumni_noun(m, mentions, lexicon):
        return True                             # "X and Y alum Jo Smith", "a X veteran"
    root = m.span.root
    head = root.head
    if head.i == root.i or mention_at(head, mentions) is not None:
        return False
    if root.dep_ == "poss" and head.ent_type_ == "PERSON":
        return True
    return root.dep_ in ("compound", "nmod", "poss") and head.pos_ == "NOUN" and \
        head.lemma_.casefold() in lexicon.words("person_roles") and \
        any(c.lower_ in FORMER_WORDS for c in head.children)


@rule("veto_owner_of_player", "relations", lexicon=("unit_heads", "org_cue_nouns"))
def owner_of_player(m: Mention, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """Vetoes a target, a collaboration or a technology for a player named only as the owner of
    another named player or of a named unit ("Y's Kestrel Center built it with Z": the centre works
    with Z, not Y; "Y's Kestrel Center extracted oxygen from lunar soil": the centre's target; also
    when the centre, laboratory or office is not itself a known player), or named inside another
    player's name ("a collaboration between Z and the Y/W Kestrel Laboratory": the laboratory, not
    Y), or named as the owner in another player's appositive ("Built by X, a Y company, the drill
    ...": X built it)."""
    root = m.span.root
    noun = root if root.dep_ == "appos" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in root.children) \
        else root.head if root.dep_ in ("compound", "poss") and root.head.dep_ == "appos" else None
    if noun is not None and noun.lower_ in lexicon.words("org_cue_nouns"):
        owned = mention_at(noun.head, mentions)         # "X, a Y company", "X, a Y Company" (the name taken whole)
        if owned is not None and owned.key != m.key:
            return True
    inside = root.dep_ in ("compound", "nmod") and not any(c.dep_ == "cc" for c in root.children) and \
        root.head.i != root.i and not any(t.dep_ == "cc" for t in m.span.doc[m.span.end:root.head.i])
    if not inside and root.dep_ != "poss":       # inside: "the X/Y Kestrel Laboratory", a name inside another's
        return False
    other = mention_at(root.head, mentions)
    return (other is not None and other.key != m.key) or _named_unit(root.head, lexicon)


def _before_alumni_noun(m: Mention, mentions: list[Mention], lexicon: Lexicon) -> bool:
    """The name, alone or in a list of names, stands right before a noun of a former member
    ("a Tarn alum", "X and Y veteran Jo Smith"), whatever the parse made of the list."""
    doc = m.span.doc
    j = m.span.end
    while j < len(doc) and j < m.span.end + 12:
        other = mention_at(doc[j], mentions)
        if other is not None:
            j = max(other.span.end, j + 1)
        elif doc[j].lower_ in ("and", ",", "&"):
            j += 1
        else:
            break
    return j < len(doc) and doc[j].lower_ in lexicon.words("alumni_nouns")


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
