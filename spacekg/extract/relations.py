"""Relations stated in one sentence: targets, collaborations, technologies, developments.

Each rule reads one parsed sentence with its player mentions and its vocabulary terms
(doc.spans["spacekg_terms"]) and returns facts with the sentence as evidence. Which player a
term, a technology or a partner belongs to comes from the parse (clauses.py), so that a
sentence naming several players credits each with its own part.
"""
from __future__ import annotations

from itertools import combinations

from spacy.tokens import Span

from .clauses import agents, governor, in_quotes, is_funder, is_verb, mention_at, owners, subject_side
from .dates import first_date
from .facts import Collaboration, Development, Evidence, Target, TechnologyUse
from .lexicon import Lexicon
from .pipeline import TERMS_KEY
from .players import Mention, abbreviates

TARGET_LABELS = ("resource_type", "platform")


def sentence_terms(sent: Span, mentions: list[Mention] = ()) -> dict[str, list[Span]]:
    """Vocabulary terms in a sentence by label (resource_type, platform, application, phase, technology).

    Terms inside a player's name are not terms: "Moonrise Mining" says nothing about the Moon."""
    names = {i for m in mentions for i in range(m.span.start, m.span.end)}
    out: dict[str, list[Span]] = {}
    for span in sent.doc.spans.get(TERMS_KEY, []):
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


def has_cue(sent: Span, cues: set[str]) -> bool:
    lower = " " + " ".join(t.lower_ for t in sent) + " "
    for cue in cues:
        if " " in cue and " " + cue + " " in lower:
            return True
    return any(t.lower_ in cues or t.lemma_.casefold() in cues for t in sent)


def credited(token, mentions: list[Mention], active: list[Mention], lexicon: Lexicon,
             through_appositive: bool = True) -> list[Mention]:
    """The players a term or phrase at `token` belongs to (never a funder)."""
    return [m for m in unique_players(owners(token, mentions, active, True, through_appositive) or [])
            if not is_funder(m, lexicon)]


def targets_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
               lexicon: Lexicon) -> list[Target]:
    """One claim per player: the resources and platforms the sentence credits it with."""
    terms = sentence_terms(sent, mentions)
    found = [s for label in TARGET_LABELS for s in terms.get(label, []) if not in_quotes(s.root)]
    if not found or not has_cue(sent, lexicon.words("target_cues")):
        return []
    active = agents(mentions, lexicon)
    claims: dict[str, tuple[list[str], list[str]]] = {}
    for span in sorted(found, key=lambda s: s.start):
        who = credited(span.root, mentions, active, lexicon)
        if any(subject_side(m) for m in who) and not _joint_work(span.root, lexicon):
            who = [m for m in who if not _counterparty(m, lexicon)]
        for m in who:
            resources, platforms = claims.setdefault(m.key, ([], []))
            (resources if span.label_ == "resource_type" else platforms).append(span.id_)
    phases = unique(s.id_ for s in terms.get("phase", []))
    applications = unique(s.id_ for s in terms.get("application", []))
    return [Target(names[key], unique(res), unique(plat), evidence, list(phases), list(applications))
            for key, (res, plat) in claims.items()]


def clause_subjects(verb, by_verb: dict, mentions: list[Mention]) -> list[Mention]:
    """The players that are the subject of a verb's clause, looking up through clauses that have
    no subject of their own ("X signed an agreement to work with Y": X works with Y)."""
    hops = 0
    while hops < 6:
        here = [m for m in by_verb.get(verb.i, []) if subject_side(m)]
        if here:
            return here
        if verb.dep_ == "relcl":
            antecedent = mention_at(verb.head, mentions)
            return [antecedent] if antecedent else []
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or verb.head.i == verb.i:
            return []
        verb = governor(verb.head) if not is_verb(verb.head) else verb.head
        hops += 1
    return []


def collaborations_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                      lexicon: Lexicon) -> list[Collaboration]:
    """Pairs of players that act together: a clause's subject with the players its verb governs
    ("X partnered with Y", "X awarded Y a contract"), and joint subjects ("X and Y formed ...").
    Players that merely share an object ("contracts to X and Y") are not paired."""
    active = unique_players(agents(mentions, lexicon))
    if len(active) < 2 or not has_cue(sent, lexicon.words("collaboration_cues")):
        return []
    by_verb: dict[int, list[Mention]] = {}
    for m in active:
        by_verb.setdefault(governor(m.span.root).i, []).append(m)
    pairs: list[tuple[str, str]] = []
    for i, ms in by_verb.items():
        subjects = clause_subjects(sent.doc[i], by_verb, mentions)
        others = [m for m in ms if m not in subjects]
        for a in subjects:
            for b in others:
                pairs.append((a.key, b.key))
        joint = [m for m in ms if subject_side(m)]
        pairs += [(a.key, b.key) for a, b in combinations(joint, 2)]
    out = []
    for a, b in unique(tuple(sorted(p)) for p in pairs):
        if a != b:
            out.append(Collaboration(tuple(sorted((names[a], names[b]))), evidence))
    return out


def technologies_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                    lexicon: Lexicon) -> list[TechnologyUse]:
    """Technologies the sentence credits to players: what they build, use, offer or own."""
    active = agents(mentions, lexicon)
    if not active:
        return []
    terms = sentence_terms(sent, mentions).get("technology", [])
    out: list[TechnologyUse] = []
    for phrase in technology_phrases(sent, terms, mentions, lexicon):
        who = maker_of(phrase, mentions, lexicon) or possessor_of(phrase, mentions)
        if who is None:
            who = credited(phrase.root, mentions, active, lexicon, through_appositive=False)
            commissioning = [m for m in who if _commissions(m, lexicon)]
            if commissioning and len(commissioning) < len(who):
                who = [m for m in who if m not in commissioning]   # "X awarded Y a contract to build Z": Y builds
            elif any(subject_side(m) for m in who) and not _joint_work(phrase.root, lexicon):
                # "X signed an agreement with Y to fly its payload": X's; "X partnered with Y to build": both
                who = [m for m in who if subject_side(m) or _joint_worker(m, lexicon)]
        text = _strip_determiners(phrase)
        out += [TechnologyUse(names[m.key], text, evidence) for m in unique_players(who) if text]
    # "In-Situ Resource Utilization (ISRU)": one technology, not two
    return [t for t in out if not any(u.player == t.player and u.technology != t.technology and
                                      abbreviates(t.technology, u.technology) for u in out)]


def technology_phrases(sent: Span, terms: list[Span], mentions: list[Mention], lexicon: Lexicon) -> list[Span]:
    """Noun phrases naming a technology a player builds, uses or offers."""
    verbs = lexicon.words("technology_verbs")
    heads = lexicon.words("technology_heads")
    generic = lexicon.words("generic_technology_heads")
    player_tokens = {i for m in mentions for i in range(m.span.start, m.span.end)}
    found: list[Span] = []
    for chunk in sent.noun_chunks:
        chunk = _after_possessor(_with_coordinated_modifiers(chunk), mentions)
        if chunk is None or player_tokens & set(range(chunk.start, chunk.end)) or in_quotes(chunk.root):
            continue
        root = chunk.root
        named = root.lemma_.casefold() in heads or root.lower_ in heads
        specific = named and root.lemma_.casefold() not in generic and root.lower_ not in generic and \
            (root.dep_ in ("dobj", "nsubj", "nsubjpass", "appos", "attr", "dative") or
             (root.dep_ == "pobj" and root.head.lower_ in ("with", "on", "of")))
        if not (specific or _governed_by(root, verbs) or _possessed(chunk) or _offered(chunk, lexicon)):
            continue
        if _declined(root):
            continue                                # "rather than build its own landers"
        if any(f.start <= chunk.start and chunk.end <= f.end for f in found):
            continue
        chunk = _with_of_phrase(chunk)
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


def _with_coordinated_modifiers(chunk: Span) -> Span:
    """"anchoring and grinding robots": the model's chunk may start at "grinding"."""
    root = chunk.root
    starts = [t.left_edge.i for t in root.lefts if t.dep_ in ("amod", "compound", "nmod") and t.i < chunk.start]
    return chunk.doc[min(starts):chunk.end] if starts else chunk


def _with_of_phrase(chunk: Span) -> Span:
    """"a prototype of the excavator", "a constellation of smallsats": the whole phrase."""
    root = chunk.root
    if root.lower_ in ("prototype", "prototypes", "version", "model", "series", "family", "fleet", "constellation",
                       "demonstrator", "network", "swarm"):
        for prep in root.children:
            objects = [c for c in prep.children if c.dep_ == "pobj"] if prep.lower_ == "of" else []
            if prep.dep_ == "prep" and objects:
                return chunk.doc[chunk.start:objects[0].i + 1]
    return chunk


def _after_possessor(chunk: Span, mentions: list[Mention]) -> Span | None:
    """"Acme's Pathfinder bus" -> "Pathfinder bus" (the possessor is the owner, not the name)."""
    for m in mentions:
        if chunk.start <= m.span.start < chunk.end and m.span.root.dep_ == "poss":
            rest = m.span.end
            while rest < chunk.end and chunk.doc[rest].dep_ == "case":
                rest += 1
            return chunk.doc[rest:chunk.end] if rest < chunk.end else None
    return chunk


def possessor_of(phrase: Span, mentions: list[Mention]) -> list[Mention] | None:
    """"Acme's anchoring robots" belong to Acme."""
    for t in phrase.root.children:
        if t.dep_ == "poss":
            m = mention_at(t, mentions)
            if m is not None:
                return [m]
    return None


def maker_of(phrase: Span, mentions: list[Mention], lexicon: Lexicon) -> list[Mention] | None:
    """"a drill supplied by Acme", "a rover built by Acme": the maker, not whoever carries it."""
    for child in phrase.root.children:
        if child.dep_ == "acl" and child.lemma_.casefold() in lexicon.words("technology_verbs"):
            for agent in child.children:
                if agent.dep_ == "agent":
                    found = [mention_at(t, mentions) for t in agent.subtree]
                    found = [m for m in found if m is not None]
                    if found:
                        return found[:1]
    return None


def _joint_work(token, lexicon: Lexicon) -> bool:
    """"... to co-develop a tug", "agreed to jointly test an excavator": everyone named does it."""
    verb = governor(token)
    doc = verb.doc
    co = verb.i >= 2 and doc[verb.i - 1].text == "-" and doc[verb.i - 2].lower_ == "co"     # "co-develop"
    return co or (verb.lemma_.casefold() in lexicon.words("joint_work_verbs") and
                  verb.lemma_.casefold() not in ("develop", "build")) or \
        any(c.lower_ in ("jointly", "together") for c in verb.children)


def _counterparty(m: Mention, lexicon: Lexicon) -> bool:
    """"X signed an agreement with Y to build ...": Y is the other party, not the one who builds."""
    t = m.span.root
    while t.dep_ in ("appos", "conj") and t.head.i != t.i:
        t = t.head
    prep = t.head
    return t.dep_ == "pobj" and prep.lower_ == "with" and \
        prep.head.lemma_.casefold() not in lexicon.words("joint_work_nouns") and \
        not any(c.lower_ in ("joint", "shared") for c in prep.head.children) and \
        governor(prep).lemma_.casefold() not in lexicon.words("joint_work_verbs")


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


def _possessed(chunk: Span) -> bool:
    """"its PolarScout drill", "Acme's Pathfinder bus"."""
    return any(t.dep_ == "poss" for t in chunk)


def _offered(chunk: Span, lexicon: Lexicon) -> bool:
    """"a maker of dust shields", "a developer of prospecting spacecraft"."""
    head = chunk.root.head
    return chunk.root.dep_ == "pobj" and head.lower_ == "of" and \
        head.head.lemma_.casefold() in lexicon.words("maker_nouns")


def _governed_by(token, verbs: set[str]) -> bool:
    """The token is the object of a technology verb or of a "development of" phrase."""
    hops = 0
    t = token
    while t.head.i != t.i and hops < 5:
        head = t.head
        if t.dep_ in ("dobj", "pobj", "conj", "nsubjpass", "appos", "attr", "oprd", "compound", "nmod", "amod",
                      "npadvmod", "dative", "prep") and (head.lemma_.casefold() in verbs or head.lower_ in verbs or
                                                 head.lemma_.casefold() in ("development", "deployment", "launch",
                                                                             "test", "tests", "prototype")):
            return True
        if t.dep_ in ("advcl", "relcl", "acl") and hops:
            return False
        t = head
        hops += 1
    return False


ORDINAL_WORDS = {"first", "second", "third", "fourth", "next", "new", "own", "latest", "last", "former"}


def _strip_determiners(chunk: Span) -> str:
    """"its second lander" -> "lander"; "Acme's Pathfinder bus" -> "Pathfinder bus"."""
    tokens = list(chunk)
    while tokens and (tokens[0].pos_ in ("DET", "PRON", "NUM") or tokens[0].dep_ == "poss" or tokens[0].is_punct
                      or tokens[0].lower_ in ("'s", "’s") or tokens[0].lower_ in ORDINAL_WORDS):
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
    concerns = {label: unique(s.text if label == "technology" else s.id_ for s in spans)
                for label, spans in terms.items()}
    return Development(participants, block_text or sent.text, first_date(sent.text), evidence, concerns)


def event_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
             lexicon: Lexicon) -> Development | None:
    """A development told in running prose: a player is the subject of an event verb
    ("Acme signed ...", "Acme unveiled ...", "Acme was selected ...")."""
    verbs = lexicon.words("event_verbs")
    actors = [m for m in agents(mentions, lexicon) if subject_side(m) and not in_quotes(m.span.root)
              and governor(m.span.root).lemma_.casefold() in verbs]
    if not actors:
        return None
    return development_in(sent, mentions, names, evidence, lexicon)
