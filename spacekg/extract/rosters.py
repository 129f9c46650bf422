"""A group's members across sentences: the consortium or team one sentence forms or leads, and the
members that sentence, the sentences after it and the list items below it name.

Consortium membership is a collaboration between every two members (a four-party agreement links
every pair), and so is a small team's (up to relation_helpers.JOINT_LIST_LIMIT members besides its
leaders); a longer team one player leads links the leader with each member (a hub, as
collaborations.led_group reads "the X-led team includes A, B, C ..."). The sentence that says a group
exists is often not the one that names its members: "X and its sister firm Y set up a consortium
with three institutes. ... The member institutions are:" followed by one institute per list item;
"X, the leader of the Tarn team, ... The team's other participants include A, B and C." A `Roster`
reads the document in order, keeps the group the last such sentence formed (its founders, and every
member named since) and pairs each member it meets with the members already on the roster (a
consortium, a small team) or with the founders (a long team), until the next heading. A sentence
that names the members of a group no sentence before formed ("The team includes A, B and C",
"Members of the team include ...") opens a consortium of its own when it names two to
JOINT_LIST_LIMIT of them. A group that is itself a named
player ("the Tarn Consortium includes A and B") is left to collaborations.group_includes, which pairs
it with its members.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .clauses import agents, colon_intro, mention_at
from .facts import Collaboration, Evidence
from .lexicon import Lexicon
from .partners import name_list
from .reader import Block
from .relation_helpers import JOINT_LIST_LIMIT, unique_players
from .rules import rule, stamp
from .types import Mention

GROUP_DETERMINERS = {"the", "this", "that", "our", "its", "their"}


@dataclass
class Group:
    """A group a sentence forms or leads: who formed or leads it, the members named with them, and
    whether every two members work together (a consortium, a coalition, an alliance: `joint`) or each
    member works with the founders (a team one player leads: a hub once it lists more than
    JOINT_LIST_LIMIT members)."""
    founders: list[Mention]
    members: list[Mention]
    joint: bool


@dataclass
class Roster:
    """The group being read, per document: its founders and every member named since."""
    lexicon: Lexicon
    founders: list[str] = field(default_factory=list)    # player keys
    members: list[str] = field(default_factory=list)     # player keys, founders first
    joint: bool = True                                   # every two members pair, not only with the founders
    items_follow: bool = False                           # a colon line introduced the members below it

    def heading(self) -> None:
        """A new story or section: its groups are its own."""
        self.founders, self.members = [], []
        self.items_follow = False

    def block(self, block: Block, spacy_doc: Doc) -> None:
        """A line ending in a colon that introduces the group's members ("The member institutions
        are:") makes the list items below it members; any other line of prose ends that list."""
        if block.kind != "item":
            self.items_follow = bool(self.members) and introduces_roster(block.clean, spacy_doc, self.lexicon)

    def sentence(self, sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                 item: bool) -> list[Collaboration]:
        """Collaborations between the members `sent` names and those already on the roster."""
        active = agents(mentions, self.lexicon)
        group = formed_group(sent, active, self.lexicon)
        if group is not None:
            self.founders, self.members, self.joint = [m.key for m in group.founders], [], group.joint
            said = stamp(evidence, formed_group.rule_id)
            named = group.founders + group.members
        elif self.members:
            said = stamp(evidence, roster_members.rule_id)
            named = roster_members(sent, active, self.items_follow and item, self.lexicon)
        else:
            said = stamp(evidence, roster_members.rule_id)
            named = roster_members(sent, active, False, self.lexicon, opening=True)
            if not 2 <= len(named) <= JOINT_LIST_LIMIT:
                return []
            self.founders, self.joint = [], True
        out = []
        keys = list(dict.fromkeys(m.key for m in named))
        listed = {k for k in self.members + keys if k not in self.founders}
        joint = self.joint or len(listed) <= JOINT_LIST_LIMIT      # a small team works as one
        for key in keys:
            partners = self.members if joint else [k for k in self.members if k in self.founders]
            out += [Collaboration(tuple(sorted((names[key], names[other]))), said)
                    for other in partners if other != key and names[key] != names[other]]
            if key not in self.members:
                self.members.append(key)
        return out


@rule("collaboration_formed_group", "relations", lexicon=("roster_nouns", "group_forming_verbs", "leader_nouns",
                                                          "membership_verbs", "multi_party_nouns"))
def formed_group(sent: Span, active: list[Mention], lexicon: Lexicon) -> Group | None:
    """Yields collaborations among the founders of a group the sentence forms or leads and the members
    it names with them: "X and Y formed a consortium with A and B" (every two of them pair), "X leads a
    team for the drill work, including A, B and C", "a team led by X", "X, the leader of the Tarn team"
    (a team: each member pairs with its leader); the group stays open for the members later sentences
    name (collaboration_roster). A label line names a group by its members alone: "Consortium: A,
    Germany; B, Belgium; C". None when the sentence forms no group."""
    labelled = label_members(sent, active, lexicon)
    if labelled:
        return Group([], labelled, joint=True)
    for t in sent:
        if t.lemma_.casefold() not in lexicon.words("roster_nouns") or mention_at(t, active) is not None:
            continue
        founders = _founders(t, active, lexicon)
        if founders:
            listed = []
            verb = t.head.head if t.head.dep_ in ("advcl", "xcomp") else None
            for u in sent[:t.i - sent.start] if verb is not None else ():
                if u.lower_ == "with" and u.head.i == verb.i:   # "X and Y will team up with Z to establish a consortium"
                    listed = name_list(sent, u.i + 1, active)
                    break
            for u in sent.doc[t.i + 1:sent.end] if not listed else ():
                joined = u.lower_ == "with" and u.head.i in (t.i, t.head.i)      # "formed a consortium with A"
                member_verb = u.pos_ == "VERB" and u.lemma_.casefold() in lexicon.words("membership_verbs")
                if joined or member_verb or u.lower_ in ("including", "comprising"):
                    listed = name_list(sent, u.i + 1, active)   # "... with partners that include A and B"
                    if listed:
                        break
            joint = t.lemma_.casefold() in lexicon.words("multi_party_nouns")
            return Group(founders, [m for m in unique_players(listed) if m not in founders], joint)
    return None


def _founders(group: Token, active: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """The players that form or lead the group noun `group`: the subjects of a forming verb it is the
    object of, the agent of "led by" or "formed by", the player an "X-led" compound names, the player
    that is "the leader of" it."""
    verb = group.head
    if group.dep_ == "dobj" and verb.lemma_.casefold() in lexicon.words("group_forming_verbs"):
        if verb.dep_ == "advcl" and not any(c.dep_ == "nsubj" for c in verb.children):
            verb = verb.head                                    # "Leading a consortium of ..., X will ..."
        return [m for m in active if _subject_of(m, verb)]
    for child in group.children:                            # "a team led by X", "a consortium formed by X"
        if child.dep_ == "acl" and child.lemma_.casefold() in lexicon.words("group_forming_verbs"):
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            if agent is not None:
                return name_list(group.sent, agent.i + 1, active)
    doc = group.doc
    for k in range(max(group.sent.start, group.i - 4), group.i):
        if doc[k].lower_ == "led" and k >= 2 and doc[k - 1].text in ("-", "–"):
            leader = mention_at(doc[k - 2], active)             # "the X-led team"
            return [leader] if leader is not None else []
    if group.dep_ == "pobj" and group.head.lower_ == "of" and \
            group.head.head.lemma_.casefold() in lexicon.words("leader_nouns"):
        role = group.head.head                                  # "X, ... the leader of the Tarn team"
        while role.dep_ in ("conj", "appos") and mention_at(role.head, active) is None and role.head.i != role.i:
            role = role.head
        leader = mention_at(role.head, active) if role.dep_ in ("conj", "appos") else None
        return [leader] if leader is not None else []
    return []


def _subject_of(m: Mention, verb: Token) -> bool:
    """The mention is a subject of `verb`, alone or joined to it ("X and its sister firm Y set up")."""
    t = m.span.root
    while t.dep_ in ("conj", "appos", "compound") and t.head.i != t.i and t.head.i != verb.i:
        t = t.head
    return t.dep_ in ("nsubj", "nsubjpass") and t.head.i == verb.i


@rule("collaboration_roster", "relations", lexicon=("roster_nouns", "membership_verbs", "member_verbs",
                                                    "member_nouns", "research_team_nouns", "joining_verbs",
                                                    "joined_group_nouns"))
def roster_members(sent: Span, active: list[Mention], item: bool, lexicon: Lexicon,
                   opening: bool = False) -> list[Mention]:
    """Yields collaborations between a group a sentence before formed and the members this one names:
    "The coalition includes A; B; and C", "The team's other participants include A, B and C", "The
    team counts engineers from A and B", or a list item under "The member institutions are:"
    (`item`: the player the item opens with), or names who join it: "A and B will also join the
    consortium", "Startups including A will participate in this venture", "The consortium will be joined
    by A and B". Each new member pairs with every member on the roster.
    `opening`: no group is open, so only a sentence that names the group itself ("The team", "Members
    of the team", not "Other partners") lists its members."""
    if item:
        first = min(active, key=lambda m: m.span.start, default=None)
        return [first] if first is not None and first.span.start - sent.start <= 2 else []
    if not opening:
        joining = joiners(sent, active, lexicon)
        if joining:
            return joining
    for t in sent:
        if t.dep_ not in ("nsubj", "nsubjpass") or not _names_the_group(t, active, lexicon, opening):
            continue
        verb = t.head
        if verb.lemma_.casefold() not in lexicon.words("membership_verbs") and \
                verb.lower_ not in lexicon.words("member_verbs"):
            continue
        doc = sent.doc
        start = verb.i + 1
        if start < sent.end and doc[start].lower_ == "of":            # "consists of"
            start += 1
        if start + 1 < sent.end and doc[start].lower_ in lexicon.words("research_team_nouns") and \
                doc[start + 1].lower_ in ("from", "at"):
            start += 2                                               # "counts engineers from A and B"
        found = name_list(sent, start, active)
        for u in sent.doc[start:sent.end]:          # "includes X as integrator and smaller firms including A"
            if u.lower_ == "including":
                found = found + [m for m in name_list(sent, u.i + 1, active) if m not in found]
        return unique_players(found)
    return []


def joiners(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """The players a sentence says join the group already named: the subject of a joining verb whose
    object is that group ("A and B will also join the consortium", "Startups including A and B will
    participate in this venture"), or the agents of its passive ("The consortium will be joined by A
    and B")."""
    for verb in sent:
        if verb.lemma_.casefold() not in lexicon.words("joining_verbs"):
            continue
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if passive and _names_the_group(passive[0], active, lexicon):
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            return unique_players(name_list(sent, agent.i + 1, active)) if agent is not None else []
        objects = [c for c in verb.children if c.dep_ == "dobj"] + \
            [o for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "into") for o in c.children
             if o.dep_ == "pobj"]
        if not any(_joined_group(o, lexicon) for o in objects):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return unique_players([m for m in active if subject.left_edge.i <= m.span.start <= subject.right_edge.i])
    return []


def _joined_group(noun: Token, lexicon: Lexicon) -> bool:
    """"the consortium", "this venture": a group a sentence before named, as what players join."""
    lemma = noun.lemma_.casefold()
    return (lemma in lexicon.words("roster_nouns") or lemma in lexicon.words("joined_group_nouns")) and \
        any(c.dep_ in ("det", "poss") and c.lower_ in GROUP_DETERMINERS for c in noun.children)


def label_members(sent: Span, active: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """The members a label line lists: "Consortium: A; B; C", "Team members: A, B and C" (a group or
    member noun, at most three words in all, then a colon and the names)."""
    doc = sent.doc
    colon = next((t.i for t in doc[sent.start:min(sent.end, sent.start + 4)] if t.text == ":"), None)
    if colon is None or colon == sent.start:
        return []
    label = doc[sent.start:colon]
    if not any(t.lemma_.casefold() in lexicon.words("roster_nouns") or t.lower_ in lexicon.words("member_nouns")
               for t in label) or any(t.lower_ in lexicon.words("chosen_words") for t in label):
        return []
    found = name_list(sent, colon + 1, active)
    return found if len(found) >= 2 else []


def _names_the_group(subject: Token, active: list[Mention], lexicon: Lexicon, opening: bool = False) -> bool:
    """"The coalition", "this team" (not a named group: that one is a player), or its members:
    "The team's other participants", "members of the consortium", "other partners". "The team" that
    coreference read as the player leading it is still the group."""
    if mention_at(subject, active) is not None and not (subject.is_lower and
                                                        subject.lemma_.casefold() in lexicon.words("roster_nouns")):
        return False
    if subject.lemma_.casefold() in lexicon.words("roster_nouns"):
        return any(c.dep_ in ("det", "poss") and c.lower_ in GROUP_DETERMINERS for c in subject.children)
    if subject.lower_ not in lexicon.words("member_nouns"):
        return False
    of_group = any(c.dep_ == "prep" and c.lower_ in ("of", "in") and
                   any(o.lemma_.casefold() in lexicon.words("roster_nouns") for o in c.children)
                   for c in subject.children)
    return of_group or not opening and any(c.lower_ in ("other", "further", "additional") for c in subject.children)


def introduces_roster(text: str, doc: Doc, lexicon: Lexicon) -> bool:
    """"The member institutions are:", "Consortium members:": a line ending in a colon that names
    a group's members (a member noun or a group noun, or "partner" before a plural noun) and no
    chosen group (collaborations.selected_members reads "The selected companies are:")."""
    last = colon_intro(text, doc)
    if last is None or any(t.lower_ in lexicon.words("chosen_words") for t in last):
        return False
    return any(t.lower_ in lexicon.words("member_nouns") or t.lemma_.casefold() in lexicon.words("roster_nouns")
               or t.lower_ == "partner" and t.dep_ == "compound" for t in last)

