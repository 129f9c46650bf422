"""Collaborations stated in one sentence: the pairs of players that act together.

A clause's subject with the players its verb governs, co-subjects of a joint verb, the members of
a group or consortium, the parties of an agreement, "in partnership with" (partners.py); the vetoes
here keep apart what the sentence does not join (a parent and its unit, parties acting separately,
co-recipients of one award).
"""
from __future__ import annotations

from itertools import combinations

from spacy.tokens import Span, Token

from .clauses import (agents, based_at, entry_name, governor, is_verb, leading_marks, list_head, mention_at,
                      misparsed_finite_verb, subject_side)
from .facts import Collaboration, Evidence
from .lexicon import Lexicon
from .partners import _named_unit, name_list, partner_phrase
from .relation_helpers import (JOINT_LIST_LIMIT, _co_verb, _declined, _listed_root, _passive_agent, clause_subjects,
                               has_cue, unique, unique_players)
from .rules import rule, stamp
from .targets import employer_only, owner_of_player, programme_owner
from .types import Mention


def collaborations_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                      lexicon: Lexicon, selected_by: str | None = None,
                      partners: tuple[str, ...] = (), chosen_item: bool = False,
                      just_chosen: bool = False,
                      newcomers: tuple[str, list[Mention]] | None = None) -> list[Collaboration]:
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
    project" stands for (Coreference.partners); `chosen_item` that the sentence is an item of a list
    under "The selected companies are:", whose players the selector chose; `just_chosen` that the
    sentence before is where the selector chose many unnamed companies ("X has chosen three
    companies."), so that players this sentence has as subjects are those companies; `newcomers` the
    player that chose a counted group and this sentence's subjects first named since
    (Coreference.newcomers)."""
    active = [m for m in agents(mentions, lexicon) if not owner_of_player(m, mentions, lexicon) and
              not employer_only(m, mentions, lexicon) and not programme_owner(m, None, lexicon)]
    joined = project_partners(sent, active, partners, lexicon) if partners and active and cue_pair(sent, lexicon) \
        else []
    listed = item_entry(active) if chosen_item else listed_choice(sent, active, lexicon) or \
        (chosen_subjects(active) if just_chosen else [])
    chosen = selected_members(sent, active, selected_by, lexicon, listed) if selected_by is not None else []
    grouped = selected_group(sent, active, selected_by, lexicon) if selected_by is not None else []
    held = contract_party(sent, mentions, active, lexicon)
    fresh = chosen_newcomers(newcomers, active)
    if len(unique_players(active)) < 2:
        return [Collaboration(tuple(sorted((names[a], names[b]))), stamp(evidence, rule_id))
                for pairs, rule_id in ((joined, project_partners.rule_id), (chosen, selected_members.rule_id),
                                       (grouped, selected_group.rule_id), (held, contract_party.rule_id),
                                       (fresh, chosen_newcomers.rule_id))
                for a, b in pairs if a != b]
    every = active                      # every mention ("the agency ... it"), for rules that read roles
    phrase = partner_phrase(sent, every, lexicon)
    named = frozenset(i for m in every for i in range(m.span.start, m.span.end))    # "Tarn Partners" cues nothing
    cued = cue_pair(sent, lexicon, phrase.words | named | partner_titles(sent, lexicon))
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
        if managed_by(verb, mentions, lexicon) or founded_by(verb, lexicon):
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
    pairs += [(p, joint_team.rule_id) for p in joint_team(sent, active, lexicon)]
    pairs += [(p, fronted_partners.rule_id) for p in fronted_partners(sent, active, lexicon)]
    pairs += [(p, handover.rule_id) for p in handover(sent, active, lexicon)]
    if cued or phrase.words:            # a cue in a partner phrase still cues its list
        pairs += [(p, cosigners.rule_id) for p in cosigners(sent, active, lexicon)]
    if cued:
        pairs += [(p, joined_names.rule_id) for p in joined_names(sent, active, lexicon)]
    pairs += [(p, project_partners.rule_id) for p in joined]
    pairs = [(p, r) for p, r in pairs if not phrase.vetoes(p)]
    pairs += [(p, agreement_owner.rule_id) for p in agreement_owner(sent, every, lexicon)]
    pairs += [(p, contract_party.rule_id) for p in held]
    pairs += [(p, role_phrase.rule_id) for p in role_phrase(sent, active, lexicon)]
    pairs += [(p, described_partner.rule_id) for p in described_partner(sent, active, lexicon)]
    pairs += [(p, reported_partner.rule_id) for p in reported_partner(sent, active, lexicon)]
    pairs += [(p, joint_makers.rule_id) for p in joint_makers(sent, active, lexicon)]
    pairs += [(p, named_group_parts.rule_id) for p in named_group_parts(sent, active, names, lexicon)]
    pairs += [(p, selected_group.rule_id) for p in grouped]
    pairs += [(p, selected_members.rule_id) for p in chosen]
    pairs += [(p, chosen_newcomers.rule_id) for p in fresh]
    hub, members = led_group(sent, active, lexicon)
    pairs = [(p, r) for p, r in pairs if not (p[0] in members and p[1] in members)]   # the leader's team
    pairs = [(p, led_group.rule_id) for p in hub] + pairs
    pairs = [(p, r) for p, r in pairs if not apart_subjects(sent, p, every) and not co_recipients(sent, p, every, lexicon)]
    fellows = {m.key for m in listed}
    pairs = [(p, r) for p, r in pairs if not (p[0] in fellows and p[1] in fellows)]   # fellow awardees
    pairs = [(p, r) for p, r in pairs if not glossed_name(p, every)]
    employers = {m.key for m in every if person_affiliation(m, every)} - \
        {m.key for m in every if not person_affiliation(m, every)}      # named elsewhere in the sentence on its own
    pairs = [(p, r) for p, r in pairs if not (set(p) & employers)]
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


def headline_collaborations(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                            lexicon: Lexicon) -> list[Collaboration]:
    """The pairs a headline states (headline_pairs), each stamped with its rule."""
    said = stamp(evidence, headline_pairs.rule_id)
    return [Collaboration(tuple(sorted((names[a], names[b]))), said)
            for a, b in dict.fromkeys(headline_pairs(sent, mentions, lexicon)) if names[a] != names[b]]


@rule("collaboration_cue", "relations", lexicon=("collaboration_cues", "rival_verbs", "cue_nouns_only",
                                                 "partner_titles"))
def cue_pair(sent: Span, lexicon: Lexicon, skip: frozenset[int] = frozenset()) -> bool:
    """Yields a collaboration between a clause's subject and each player its verb governs, in a
    sentence that holds a collaboration cue word ("X partnered with Y", "X awarded Y a contract");
    not the object of a rival verb ("X acquired Y", "X competes with Y"). A cue inside a partner
    phrase (`skip`: "Y's relay, which in collaboration with Z ...") cues that phrase's pairs only, and
    a cue word inside a player's name (also in `skip`: "Tarn Partners", "Velmora Alliance") or
    "partner" as a title ("its limited partners", "a founding partner of X") none."""
    if not skip:
        return has_cue(sent, lexicon, "collaboration_cues")
    doc = sent.doc
    rest = [doc[i:i + 1] for i in range(sent.start, sent.end) if i not in skip]
    return any(has_cue(piece, lexicon, "collaboration_cues") for piece in _runs(rest))


def partner_titles(sent: Span, lexicon: Lexicon) -> frozenset[int]:
    """The tokens of "partner" as an investor's or a person's title ("among its limited partners",
    "a founding partner of X"): no partnership between players."""
    doc = sent.doc
    return frozenset(t.i for t in sent if t.lemma_.casefold() == "partner" and t.i > sent.start and
                     doc[t.i - 1].lower_ in lexicon.words("partner_titles"))


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


@rule("veto_founded_by", "relations", lexicon=("org_cue_nouns", "founding_verbs"))
def founded_by(verb: Token, lexicon: Lexicon) -> bool:
    """Vetoes a collaboration between an organisation and those who formed or own it: "X, a joint
    venture formed by Y and Z", "X, a fund set up by Y": a participle of founding on an organisation
    noun with a "by" agent says who made X (Y and Z may be partners of each other:
    collaboration_joint_agents). Not "a consortium led by Y": its leader works with its members."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.lemma_.casefold() in lexicon.words("founding_verbs") \
        and verb.head.lemma_.casefold() in lexicon.words("org_cue_nouns") and \
        any(c.dep_ == "agent" for c in verb.children)


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



@rule("collaboration_group", "relations", lexicon=("group_nouns",))
def group_members(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields collaborations among the members of a group noun: "a consortium of X, Y and Z", "an
    agreement between X and Y", "a partnership between X, Y in Porto, Portugal, and Z": every member
    pairs with every other (read from the parse and, where the parse loses the list, from the names
    that follow the preposition, partners.name_list)."""
    groups = lexicon.words("group_nouns")
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.lemma_.casefold() not in groups or mention_at(t, active) is not None:
            continue
        for prep in t.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "between", "among", "amongst"):
                continue
            objects = [obj for obj in prep.children if obj.dep_ == "pobj"]
            found = unique_players([m for m in active if list_head(m) in objects] + name_list(sent, prep.i + 1, active))
            if len(found) < 2:
                found = described_members(sent, prep, active, lexicon)
            if found:
                found = unique_players(found + joined_people(sent, found[-1].span.end, active, lexicon))
            out += [(a.key, b.key) for a, b in combinations(found, 2)]
    return out


def described_members(sent: Span, prep: Token, active: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """The members a group's "between"/"of" phrase describes before it names them: "a collaboration
    between two colleges and a test centre, including A, B and C", "a consortium of relay firms such
    as A and B", "a collaboration between researchers at A and B" (the people's organisations)."""
    for t in prep.subtree:
        if t.lower_ == "including" or t.lower_ == "as" and t.i > 0 and sent.doc[t.i - 1].lower_ == "such":
            return name_list(sent, t.i + 1, active)
    return _people_at(sent, prep.i + 1, active, lexicon)


def joined_people(sent: Span, start: int, active: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """The organisations of the people a group is joined by after its members: "a collaboration
    between A and B, along with engineers at C", "the joint team from A and B, supported by
    researchers from C"."""
    doc = sent.doc
    for t in doc[start:sent.end - 2]:
        if t.lower_ in ("with", "alongside") and doc[t.i - 1].lower_ in ("along", "together", ","):
            return _people_at(sent, t.i + 1, active, lexicon)
        if t.tag_ == "VBN" and lexicon.has(t, "partnering_participles") and doc[t.i + 1].lower_ == "by":
            return _people_at(sent, t.i + 2, active, lexicon)      # ", supported by researchers from C"
    return []


def _people_at(sent: Span, i: int, active: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """"researchers at A and B" from token i on: the organisations named."""
    doc = sent.doc
    if i + 1 < sent.end and lexicon.has(doc[i], "research_team_nouns") and doc[i + 1].lower_ in ("at", "from"):
        return name_list(sent, i + 2, active)
    return []


@rule("collaboration_led_group", "relations", lexicon=("group_nouns", "membership_verbs", "partnering_participles"))
def led_group(sent: Span, active: list[Mention], lexicon: Lexicon) -> tuple[list[tuple[str, str]], set[str]]:
    """Yields a collaboration between a group's leader and each of its members: "The X-led mission team
    is comprised of A, B and C", "a consortium led by X includes A and B" ("is made up of A and
    B"), "a consortium led by X, supported by Y" (the group's backers), and between every two
    members of a team of a few (up to JOINT_LIST_LIMIT): a longer list is a hub, its members not
    paired with each other by the list alone. Returns the pairs and the members' keys."""
    doc = sent.doc
    verbs = lexicon.words("membership_verbs")
    for t in sent:
        if t.lower_ != "led":
            continue
        before = t.i - 2 if t.i >= 2 and doc[t.i - 1].text in ("-", "–") else t.i - 1
        leader = mention_at(doc[before], active) if before >= sent.start else None
        if leader is None and t.i + 3 < sent.end and doc[t.i + 1].lower_ == "by":
            at = t.i + 2 + (doc[t.i + 2].lower_ == "the")
            leader = mention_at(doc[at], active)                    # "a consortium led by (the) X includes ..."
        group = next((u for u in doc[max(sent.start, t.i - 3):min(sent.end, t.i + 8)]
                      if lexicon.has(u, "group_nouns") and u.pos_ == "NOUN"), None)
        if leader is None or group is None:
            continue
        verb = next((u for u in doc[group.i + 1:sent.end] if u.pos_ == "VERB" and
                     (u.lemma_.casefold() in verbs or _made_up_of(u))), None)
        members: list[Mention] = []
        if verb is not None:
            start = verb.i + 3 if _made_up_of(verb) else \
                verb.i + 2 if verb.i + 1 < sent.end and doc[verb.i + 1].lower_ == "of" else verb.i + 1
            members = unique_players([m for m in name_list(sent, start, active) if m.key != leader.key])
        pairs = [(leader.key, m.key) for m in members]
        if len(members) <= JOINT_LIST_LIMIT:                    # a small team works as one
            pairs += [(a.key, b.key) for a, b in combinations(members, 2)]
        pairs += [(leader.key, m.key) for m in _backers(sent, leader, active, lexicon)]  # "led by X, supported by Y"
        if pairs:
            return pairs, {m.key for m in members}
    return [], set()


def _made_up_of(verb: Token) -> bool:
    """"a team made up of A, B and C": a phrase of membership."""
    doc = verb.doc
    return verb.lower_ == "made" and verb.i + 2 < len(doc) and doc[verb.i + 1].lower_ == "up" and \
        doc[verb.i + 2].lower_ == "of"


def _backers(sent: Span, leader: Mention, active: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """The players named after a group's leader as the agents of a partnering participle: "led by X,
    supported by Y and Z" (the next few words after the leader)."""
    doc = sent.doc
    for t in doc[leader.span.end:min(sent.end - 1, leader.span.end + 4)]:
        if t.tag_ == "VBN" and lexicon.has(t, "partnering_participles") and doc[t.i + 1].lower_ == "by":
            return [m for m in unique_players(name_list(sent, t.i + 2, active)) if m.key != leader.key]
    return []


@rule("collaboration_joint_team", "relations", lexicon=("research_team_nouns", "joint_agent_verbs", "partnering_participles"))
def joint_team(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between the two organisations a team's members come from when the team
    is the subject of what it did: "researchers from X and Y found ...", "a team of engineers at X and Y
    built ...", or a joint team ("selected a joint team of engineers from X and Y"). Not a longer list (a
    study's many affiliations) and not a team the sentence only names. A team that made something
    ("the sampler is being developed by a team from X, Y, Z and W") pairs every two of the organisations
    it comes from, up to JOINT_LIST_LIMIT (relation_helpers) of them."""
    nouns = lexicon.words("research_team_nouns")
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.lower_ not in nouns:
            continue
        team = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in nouns else t
        joint = any(c.lower_ == "joint" for c in team.children)       # "a joint team of engineers from X and Y"
        maker = team.dep_ == "pobj" and team.head.dep_ == "agent" and \
            team.head.head.lemma_.casefold() in lexicon.words("joint_agent_verbs")
        if team.dep_ not in ("nsubj", "nsubjpass") and not joint and not maker:
            continue
        prep = next((c for c in t.children if c.dep_ == "prep" and c.lower_ in ("from", "at")), None)
        found = unique_players(name_list(sent, prep.i + 1, active)) if prep is not None else []
        if len(found) == 2 or maker and 2 <= len(found) <= JOINT_LIST_LIMIT:
            found = unique_players(found + joined_people(sent, found[-1].span.end, active, lexicon))
            out += [(a.key, b.key) for a, b in combinations(found, 2)]
    return out


@rule("collaboration_fronted_partners", "relations", lexicon=("fronted_partner_openers",))
def fronted_partners(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields collaborations among the partners a sentence opens with and the subject that follows
    them: "Together with A, B and C, X will build ...", "In partnership with A, X has ...",
    "Together with our partners (A, B and C) we tested ...": a team of a few (up to
    JOINT_LIST_LIMIT) works as one, every two of them paired; the small model often reads the
    subject as one more item of the fronted list."""
    doc = sent.doc
    start = sent.start + leading_marks(sent)
    words = " ".join(t.lower_ for t in doc[start:min(start + 4, sent.end)])
    opener = next((o for o in sorted(lexicon.words("fronted_partner_openers"), key=len, reverse=True)
                   if words == o or words.startswith(o + " ")), None)
    if opener is None:
        return []
    listed = unique_players(name_list(sent, start + len(opener.split()), active))
    if not listed:
        return []
    end = listed[-1].span.end                   # the subject right after the list (its comma, "the")
    subject = next((m for m in active if end < m.span.start <= end + 3 and
                    all(t.is_punct or t.lower_ == "the" for t in doc[end:m.span.start])), None)
    team = unique_players(listed + ([subject] if subject is not None else []))
    if len(team) < 2 or len(team) > JOINT_LIST_LIMIT + 1:
        return []
    return [(a.key, b.key) for a, b in combinations(team, 2)]


@rule("collaboration_handover", "relations", lexicon=("transfer_verbs",))
def handover(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between the giver and the receiver of a thing handed over: "the
    instrument was handed over from X to Y", "the thrusters were delivered by X to Y" (a verb of
    transfer with its giver after "from" or "by" and its receiver after "to")."""
    out: list[tuple[str, str]] = []
    for verb in sent:
        if verb.pos_ != "VERB" or not lexicon.has(verb, "transfer_verbs"):
            continue
        preps = [c for c in verb.children if c.dep_ in ("prep", "agent")] + \
            [g for c in verb.children if c.dep_ == "prt" for g in c.children if g.dep_ == "prep"]
        givers = [m for p in preps if p.lower_ in ("from", "by") for m in active if _listed_root(m).head.i == p.i]
        takers = [m for p in preps if p.lower_ == "to" for m in active if _listed_root(m).head.i == p.i]
        out += [(a.key, b.key) for a in givers for b in takers if a.key != b.key]
    return out


@rule("collaboration_group_includes", "relations", lexicon=("group_nouns", "membership_verbs"))
def group_includes(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields collaborations among the members a group noun lists with a verb of membership: "The
    winning consortium includes X along with Y and Z", "the team includes X's units in A and B, alongside
    Y and Z", "the team, which comprises X, Y and Z", "a
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
            found = name_list(sent, start, active)
            later = next((u.i for u in sent.doc[start:sent.end] if u.lower_ == "alongside"), None)
            if found and later is not None and later > found[-1].span.end:   # "X operations in A and B, alongside Y"
                found = unique_players(found + name_list(sent, later + 1, active))
            found = [m for m in found if group is None or m.key != group.key]
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
        words = lexicon.union("agreement_nouns", "joint_work_nouns")
        nouns = [w for w in sent.doc[max(sent.start, t.i - 6):t.i] if w.lemma_.casefold() in words or w.lower_ in words]
        if not nouns or any(w.tag_ in ("NNS", "NNPS") for w in nouns):
            continue
        found = name_list(sent, t.i + 1, active)
        out += [(a.key, b.key) for a, b in combinations(found, 2)]
    return out


@rule("collaboration_agreement_owner", "relations", lexicon=("agreement_nouns",))
def agreement_owner(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between the player that signs or holds an agreement and each party the
    agreement noun lists after "with" ("X stated it had put its name to a paper, which they called a
    statement of intent, with Y, Z and W": X with each of Y, Z, W): the holder is the player whose
    agreement it is ("Under X's contract with Y, the rover will ..."), else the player subject of the
    clause the agreement noun stands in, looking up through relative clauses."""
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.lower_ != "with" or t.dep_ != "prep" or not lexicon.has(t.head, "agreement_nouns"):
            continue
        partners = name_list(sent, t.i + 1, active)
        if not partners:
            continue
        keys = {p.key for p in partners}
        owners = [m for m in active if m.span.root.dep_ == "poss" and m.span.root.head.i == t.head.i]
        holders = [m for m in owners or _clause_holder(t.head, active) if m.key not in keys]
        out += [(h.key, p.key) for h in holders for p in partners]
    return out


@rule("collaboration_contract_party", "relations", lexicon=("agreement_nouns",))
def contract_party(sent: Span, mentions: list[Mention], active: list[Mention],
                   lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between the player an agreement noun belongs to and each player its
    clause's verb governs: "The AGENCY contract will fund X for nine months", "Y's agreement covers
    X" (the noun is the clause's subject and names its holder before it; the holder counts even
    where the verb alone would make it a mere funder)."""
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.dep_ != "nsubj" or not lexicon.has(t, "agreement_nouns") or not is_verb(t.head):
            continue
        holders = [m for m in mentions if m.span.root.head.i == t.i and m.span.root.dep_ in ("poss", "compound")]
        parties = [m for m in active if m not in holders and m.span.root.dep_ in ("dobj", "dative", "pobj") and
                   governor(m.span.root).i == t.head.i]
        out += [(h.key, p.key) for h in holders for p in parties if h.key != p.key]
    return out


@rule("collaboration_role", "relations", lexicon=("contract_role_nouns",))
def role_phrase(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between a clause's subject and each player its "as" phrase names it a
    contractor, supplier or partner to: "As a contractor to X and Y, the Porto-based Z has been
    developing ...", "Z, as a supplier for X, will build ..." (lexicon `contract_role_nouns`)."""
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.lower_ != "as" or t.dep_ != "prep":
            continue
        role = next((c for c in t.children if c.dep_ == "pobj" and lexicon.has(c, "contract_role_nouns")), None)
        prep = next((c for c in role.children if c.dep_ == "prep" and c.lower_ in ("to", "for", "of")), None) \
            if role is not None else None
        if prep is None:
            continue
        partners = name_list(sent, prep.i + 1, active)
        verb = governor(t)
        subjects = [m for m in active if subject_side(m) and governor(m.span.root).i == verb.i and m not in partners]
        out += [(s.key, p.key) for s in subjects for p in partners if s.key != p.key]
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


@rule("collaboration_selected_group", "relations", lexicon=("multi_party_nouns", "roster_nouns", "membership_verbs"))
def selected_group(sent: Span, active: list[Mention], selector: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between the player that chose an unnamed group ("X has selected the
    consortium that will build ...", Coreference.selector) and each member a later sentence lists
    for it ("The winning consortium includes Y and Z") or names as its leader ("The winning consortium,
    led by Y, ..."): an award to the group is one to its members."""
    out: list[tuple[str, str]] = []
    groups = lexicon.union("multi_party_nouns", "roster_nouns")
    for t in sent:
        if t.lemma_.casefold() not in groups or mention_at(t, active) is not None or \
                not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in t.children):
            continue
        if t.dep_ == "nsubj" and t.head.lemma_.casefold() in lexicon.words("membership_verbs"):
            out += [(selector, m.key) for m in name_list(sent, t.head.i + 1, active) if m.key != selector]
        for led in (c for c in t.children if c.dep_ == "acl" and c.lower_ == "led"):
            agent = next((c for c in led.children if c.dep_ == "agent"), None)
            if agent is not None:
                out += [(selector, m.key) for m in name_list(sent, agent.i + 1, active) if m.key != selector]
    return out


DESCRIBING_WORDS = {"a", "an", "the", "fellow", "its", "their", "longtime", "long-time"}


@rule("collaboration_described_partner", "relations", lexicon=("partner_phrase_nouns", "agreement_nouns",
                                                               "org_cue_nouns"))
def described_partner(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between the subject that has a partnership or an agreement "with" a
    player described before its name ("X announced a partnership with fellow Dutch startup Y", "In
    partnership with US-based launch company Y, X plans ..."),
    read from the words, not the parse: the model often takes the description ("startup") for a
    verb. Only adjectives, nationalities, organisation nouns and determiners may stand between."""
    doc = sent.doc
    nouns = lexicon.union("partner_phrase_nouns", "agreement_nouns")
    cues = lexicon.words("org_cue_nouns")
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.lemma_.casefold() not in nouns or t.pos_ != "NOUN" or t.i + 1 >= sent.end or doc[t.i + 1].lower_ != "with":
            continue
        j = t.i + 2
        while j < sent.end and j - t.i <= 9 and (doc[j].lower_ in DESCRIBING_WORDS or doc[j].lower_ in cues or
                                                  doc[j].ent_type_ == "NORP" or doc[j].pos_ == "ADJ" or
                                                  (doc[j].pos_ == "NOUN" and doc[j].text.islower()) or
                                                  _based(doc, j)):
            j += 1
        if j == t.i + 2:
            continue                                # "a partnership with Y": the parse reads that one
        partners = [m for m in name_list(sent, j, active) if m.span.start >= j]
        actors = [m for m in active if m.span.end <= t.i and _listed_root(m).dep_ == "nsubj"]
        if not actors and t.i - sent.start <= 2 and len(partners) >= 2 and \
                doc[partners[-1].span.start - 1].text == ",":       # "In partnership with Oslo firm Y, X plans"
            actors, partners = partners[-1:], partners[:-1]
        if partners and actors:
            out += [(actors[0].key, p.key) for p in partners if p.key != actors[0].key]
    return out


@rule("collaboration_reported_partner", "relations", lexicon=("partner_nouns", "announcing_verbs"))
def reported_partner(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between a player that announces another has become its partner and that
    player: "X says Y agreed to be an official partner of its Perdix venture", "X announced that
    Y will become a partner" (the partner's counterpart is who announces it)."""
    out: list[tuple[str, str]] = []
    for t in sent:
        if t.lemma_.casefold() not in lexicon.words("partner_nouns") or t.dep_ != "attr":
            continue
        clause = t.head                         # "to be a partner" -> "has agreed"
        while clause.dep_ == "xcomp":
            clause = clause.head
        announcer = clause.head
        if clause.dep_ != "ccomp" or announcer.lemma_.casefold() not in lexicon.words("announcing_verbs"):
            continue
        partners = [m for m in active if _listed_root(m).dep_ == "nsubj" and _listed_root(m).head.i == clause.i]
        speakers = [m for m in active if _listed_root(m).dep_ == "nsubj" and _listed_root(m).head.i == announcer.i]
        out += [(a.key, b.key) for a in speakers for b in partners if a.key != b.key]
    return out


def _based(doc, j: int) -> bool:
    """"US-based", "Oslo-based": token `j` is one of the words of a "-based" description."""
    return any(based_at(doc, k) for k in (j - 1, j, j + 1))


@rule("collaboration_selected_members", "relations", lexicon=("commissioning_verbs", "chosen_words", "enumeration_nouns"))
def selected_members(sent: Span, every: list[Mention], selector: str, lexicon: Lexicon,
                     listed: list[Mention] = ()) -> list[tuple[str, str]]:
    """Yields a collaboration between the player that chose an unnamed group ("X has chosen ten
    companies to ...", Coreference.selector) and each player a later sentence says was chosen, with no
    chooser of its own ("A, B and C were picked for the first phase"), or the sentence lists after a
    colon ("... four companies to ...: A; B; and C") or the list items under "The selected companies
    are:" give: the award is X's (and not a pact of A and B). A headline can make X the chooser too
    ("X Picks Three Firms for ...", Coreference.headline)."""
    out: list[tuple[str, str]] = []
    for verb in sent:
        if verb.lemma_.casefold() not in lexicon.words("commissioning_verbs") or verb.tag_ != "VBN" or \
                any(c.dep_ == "agent" for c in verb.children):
            continue
        chosen = [m for m in every if _listed_root(m).dep_ == "nsubjpass" and _listed_root(m).head.i == verb.i]
        out += [(selector, m.key) for m in chosen if m.key != selector]
    out += [(selector, m.key) for m in listed if m.key != selector]     # `listed_choice`
    return out


@rule("collaboration_chosen_newcomer", "relations", lexicon=("commissioning_verbs", "enumeration_nouns"))
def chosen_newcomers(newcomers: tuple[str, list[Mention]] | None, active: list[Mention]) -> list[tuple[str, str]]:
    """Yields a collaboration between the player that chose a counted group ("X has selected 10
    proposals to develop ...") and each player a later sentence of the same section first names as
    its subject ("Tarn Orbital of Lima will develop a cold trap", "A and B have teamed to ..."), up
    to the number chosen (Coreference.newcomers): an award announcement goes on to describe its
    winners one by one. A player named before the announcement is no winner of it."""
    if newcomers is None:
        return []
    selector, fresh = newcomers
    keys = {m.key for m in active}
    return [(selector, m.key) for m in fresh if m.key in keys and m.key != selector]


def item_entry(every: list[Mention]) -> list[Mention]:
    """The player a chosen group's list item is about, the one it names first ("X of Lima, Ohio - The
    company will partner with A and B": X was chosen; A and B are its partners, not fellow awardees)."""
    return [min(every, key=lambda m: m.span.start)] if every else []


def chosen_subjects(every: list[Mention]) -> list[Mention]:
    """The players a sentence has as joint subjects right after a sentence that chose many unnamed
    companies: "X has chosen three companies. A, B and C will begin work in May" (two
    players at least: a lone subject may be anyone)."""
    subjects = [m for m in every if subject_side(m)]
    return subjects if len({m.key for m in subjects}) >= 2 else []


def listed_choice(sent: Span, every: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """The players listed after a colon that follows a chosen group: "X has selected four companies
    to ...: A of Tarnfield, Ohio; B ...; and C" (the model's parse of such a list is no guide), or
    after the verb of "The selected companies for the study are A, B and C"."""
    for t in sent:
        if t.lower_ in lexicon.words("enumeration_nouns") and t.dep_ == "dobj" and \
                t.head.lemma_.casefold() in lexicon.words("commissioning_verbs"):
            colon = next((u.i for u in sent.doc[t.i:sent.end] if u.text == ":"), None)
            if colon is not None:
                return [m for m in every if m.span.start > colon]
        if t.lower_ in lexicon.words("enumeration_nouns") and t.dep_ == "nsubj" and t.head.lemma_ == "be" and \
                any(c.dep_ == "amod" and c.lower_ in lexicon.words("chosen_words") for c in t.children):
            return [m for m in every if m.span.start > t.head.i]     # "The selected companies are A, B and C"
    return []


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


@rule("collaboration_headline", "relations", lexicon=("headline_pair_words", "headline_glue_words",
                                                      "headline_win_words", "agreement_nouns", "award_nouns"))
def headline_pairs(sent: Span, mentions: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Yields a collaboration between two players a headline joins with words of working together:
    "X Partners With Y", "X Selects Y for Lunar Drills", "X Awards Y Contract", "X Signs MoU With Y",
    "X Wins Y Contract" (a win word counts before a contract or award noun), "X and Y Sign Agreement".
    Title case misleads the parser, so a headline is read by its words: only the one to four words
    between two names count, every one a pair word or a glue word and one at least a pair word."""
    doc = sent.doc
    pair_words, glue = lexicon.words("headline_pair_words"), lexicon.words("headline_glue_words")
    ordered = sorted((m for m in mentions if sent.start <= m.span.start < sent.end), key=lambda m: m.span.start)
    out: list[tuple[str, str]] = []
    for a, b in zip(ordered, ordered[1:]):
        between = [t.lower_ for t in doc[a.span.end:b.span.start]]
        if a.key == b.key or not 1 <= len(between) <= 4 or not all(w.isalpha() for w in between):
            continue
        after = doc[b.span.end:min(sent.end, b.span.end + 2)]
        if between == ["and"]:                  # "X and Y Sign Agreement"
            said = any(t.lower_ in pair_words for t in after)
        elif len(between) == 1 and between[0] in lexicon.words("headline_win_words"):
            said = any(lexicon.has(t, "agreement_nouns", "award_nouns") for t in after[:1])
        else:
            said = all(w in pair_words or w in glue for w in between) and any(w in pair_words for w in between)
        if said:
            out.append((a.key, b.key))
    return out


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


@rule("veto_co_recipients", "relations", lexicon=("commissioning_verbs", "receiving_verbs", "joint_work_nouns",
                                                 "agreement_nouns", "award_nouns"))
def co_recipients(sent: Span, pair: tuple[str, str], active: list[Mention], lexicon: Lexicon) -> bool:
    """Vetoes a collaboration between two players that the sentence names together as the ones chosen or
    paid: the subjects of a passive choosing verb ("X, Y and Z were picked for the first phase") or of a
    receiving verb ("X and Y will receive contracts", "X and Y won study awards"). Being picked in the same
    round is not working together, unless the sentence says the work is shared ("jointly", "together",
    "a joint award", "as a team", "the consortium of X and Y") or that they won one contract together
    ("X and Y have won a contract from Z")."""
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
        if lemma in receive and _one_shared_award(verb, lexicon):
            continue                                    # "X and Y won a contract from Z": one contract, shared
        subject = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        named = {m.key for m in active if m.span.root.i in subject}
        if all(k in named for k in pair):
            return True
    return False


def _one_shared_award(verb: Token, lexicon: Lexicon) -> bool:
    """The receiving verb's object is one contract or award ("a contract", "an award"), not awards
    in the plural or "contracts each": the subjects share it."""
    return any(c.dep_ == "dobj" and c.tag_ == "NN" and lexicon.has(c, "agreement_nouns", "award_nouns") and
               any(d.lower_ in ("a", "an") for d in c.children) for c in verb.children)


@rule("veto_person_affiliation", "relations")
def person_affiliation(m: Mention, mentions: list[Mention]) -> bool:
    """Vetoes a collaboration for a player named only in the parenthesis after a person's name (a
    proper name that is no player), where a page lists where people worked ("the team includes Ana
    Ruiz (Tarn Robotics, Velmora) and ..."): a person's employers, not the subject's partners."""
    doc = m.span.doc
    i = m.span.start - 1
    while i >= 0 and i > m.span.start - 12 and doc[i].text not in ("(", ")"):
        i -= 1
    if i < 1 or doc[i].text != "(":
        return False
    before = doc[i - 1]
    return before.pos_ == "PROPN" and (before.ent_type_ == "PERSON" or mention_at(before, mentions) is None)


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


