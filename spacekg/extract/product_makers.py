"""Named products (found by products.py) as technologies credited to their makers: the maker its
sentence names, else the player the text was about; and the veto that gives a technology credited
to two players to the one the document names as its maker.
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .clauses import agents, in_quotes, is_verb, mention_at, subject_side
from .facts import Evidence, TechnologyUse
from .lexicon import Lexicon
from .products import Product, products_of
from .relation_helpers import _listed_root, pronoun_owner, unique_players
from .rules import rule, stamp
from .technologies import DESTINATION_PREPS, TECH_FILLER, _commissions, earlier_owner, role_holder
from .types import Mention

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
    it (each of "X and Y are developing ..."; a commissioning subject gives way to whom it commissions),
    or the player the text gives a maker's role for it ("X as main contractor for the Kestrel drill",
    `technology_role_holder`, which stamps its own id). Not the customer, the launcher, a carrier it flies on or the person quoted. Products whose maker
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
        role = next((found for n in _product_nodes(p)
                     if (found := role_holder(sent.doc[n.i:n.i + 1], mentions, lexicon))), None)
        if role:                                        # "X as main contractor for the Kestrel drill"
            said = stamp(evidence, role_holder.rule_id)
            out += [TechnologyUse(names[m.key], p.text, said) for m in unique_players(role)]
            continue
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
    """Yields the partners a named product's maker made it with: "X collaborated with Y, located in Z,
    to develop the Kestrel prototype", "X partnered with Y to build Osprey" (Y as well as X), "X is
    teaming up with A, B and C to create the Osprey" (each of them)."""
    joint = lexicon.words("joint_work_verbs")
    verbs = [verb] + ([verb.head] if verb.dep_ in ("advcl", "xcomp") else [])
    out = []
    for v in verbs:
        if v.lemma_.casefold() not in joint:
            continue
        for prep in v.children:
            if prep.dep_ == "prep" and prep.lower_ == "with":
                out += [m for m in active if _listed_root(m).head.i == prep.i and _listed_root(m).dep_ == "pobj"]
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
            if t.evidence is not None and (t.evidence.rule in MAKER_RULES or
                                           t.evidence.rule == named_products_in.rule_id and not t.weak)]
    if not made:
        return technologies
    return [t for t in technologies if not (t.weak and any(
        player != t.player and _tech_words(t.technology) and _tech_words(t.technology) <= words
        for player, words in made))]


def _tech_words(text: str) -> frozenset[str]:
    """A technology's words without fillers, singular ("drills" -> "drill")."""
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                     for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in TECH_FILLER)
