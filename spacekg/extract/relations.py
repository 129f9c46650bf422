"""Relations stated in one sentence: targets, collaborations, technologies, developments.

Each rule reads one parsed sentence with its player mentions and its vocabulary terms
(doc.spans["spacekg_terms"]) and returns facts with the sentence as evidence.
"""
from __future__ import annotations

from itertools import combinations

from spacy.tokens import Span

from .dates import first_date
from .facts import Collaboration, Development, Evidence, Target, TechnologyUse
from .lexicon import Lexicon
from .pipeline import TERMS_KEY
from .players import Mention

# Prepositions that put a player outside the action of the sentence ("funding from X").
NON_AGENT_PREPS = {"from", "than", "unlike", "like", "after", "before", "despite", "against", "besides"}


def sentence_terms(sent: Span, mentions: list[Mention] = ()) -> dict[str, list[Span]]:
    """Vocabulary terms in a sentence by label (resource_type, platform, application, phase, technology).

    Terms inside a player's name are not terms: "Moonrise Mining" says nothing about the Moon."""
    names = {i for m in mentions for i in range(m.span.start, m.span.end)}
    out: dict[str, list[Span]] = {}
    for span in sent.doc.spans.get(TERMS_KEY, []):
        if span.start >= sent.start and span.end <= sent.end and not names & set(range(span.start, span.end)):
            out.setdefault(span.label_, []).append(span)
    return out


def unique(values) -> list[str]:
    return list(dict.fromkeys(values))


def agents(mentions: list[Mention]) -> list[Mention]:
    """Mentions that take part in what the sentence says (not "funding from X")."""
    out = []
    for m in mentions:
        head = m.span.root
        hops, outside = 0, False
        while head.head is not head and hops < 6:
            if head.dep_ == "pobj" and head.head.lower_ in NON_AGENT_PREPS:
                outside = True
                break
            head = head.head
            hops += 1
        if not outside:
            out.append(m)
    return out


def has_cue(sent: Span, cues: set[str]) -> bool:
    lower = " " + " ".join(t.lower_ for t in sent) + " "
    for cue in cues:
        if " " in cue:
            if " " + cue + " " in lower:
                return True
    return any(t.lower_ in cues or t.lemma_.casefold() in cues for t in sent)


def targets_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
               lexicon: Lexicon) -> list[Target]:
    terms = sentence_terms(sent, mentions)
    resources = unique(s.id_ for s in terms.get("resource_type", []))
    platforms = unique(s.id_ for s in terms.get("platform", []))
    if not (resources or platforms) or not has_cue(sent, lexicon.words("target_cues")):
        return []
    phases = unique(s.id_ for s in terms.get("phase", []))
    applications = unique(s.id_ for s in terms.get("application", []))
    return [Target(names[m.key], list(resources), list(platforms), evidence, list(phases), list(applications))
            for m in unique_players(agents(mentions))]


def unique_players(mentions: list[Mention]) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for m in mentions:
        seen.setdefault(m.key, m)
    return list(seen.values())


def collaborations_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                      lexicon: Lexicon) -> list[Collaboration]:
    players = unique_players(agents(mentions))
    if len(players) < 2 or not has_cue(sent, lexicon.words("collaboration_cues")):
        return []
    return [Collaboration(tuple(sorted((names[a.key], names[b.key]))), evidence)
            for a, b in combinations(players, 2)]


def technologies_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                    lexicon: Lexicon) -> list[TechnologyUse]:
    players = unique_players(agents(mentions))
    if not players:
        return []
    verbs = lexicon.words("technology_verbs")
    heads = lexicon.words("technology_heads")
    terms = sentence_terms(sent, mentions).get("technology", [])
    player_tokens = {i for m in mentions for i in range(m.span.start, m.span.end)}
    found: list[str] = []
    for chunk in sent.noun_chunks:
        if player_tokens & set(range(chunk.start, chunk.end)):
            continue
        if not _governed_by(chunk.root, verbs, sent):
            continue
        inner_terms = [t for t in terms if chunk.start <= t.start and t.end <= chunk.end]
        if chunk.root.lemma_.casefold() in heads or chunk.root.lower_ in heads:
            found.append(_strip_determiners(chunk))
        elif chunk.root.lower_ in ("series", "family", "fleet", "line", "constellation") and \
                any(t.lower_ in heads for t in chunk):
            found.append(_strip_determiners(chunk))
        elif inner_terms:
            found += [t.text for t in inner_terms]
    return [TechnologyUse(names[m.key], tech, evidence) for m in players for tech in unique(found) if tech]


def _governed_by(token, verbs: set[str], sent: Span) -> bool:
    """The token is the object of a technology verb or of a "development of" phrase."""
    hops = 0
    t = token
    while t.head is not t and hops < 5:
        head = t.head
        if t.dep_ in ("dobj", "pobj", "conj", "nsubjpass", "appos", "attr", "oprd", "compound", "nmod", "amod",
                      "npadvmod") and (head.lemma_.casefold() in verbs or head.lower_ in verbs or
                                       head.lemma_.casefold() in ("development", "deployment", "launch", "test")):
            return True
        if t.dep_ in ("advcl", "relcl", "acl") and hops:
            return False
        t = head
        hops += 1
    return False


def _strip_determiners(chunk: Span) -> str:
    tokens = list(chunk)
    while tokens and (tokens[0].pos_ in ("DET", "PRON") or tokens[0].dep_ == "poss"):
        tokens = tokens[1:]
    if not tokens:
        return ""
    return chunk.doc[tokens[0].i:chunk.end].text


def development_in(sent: Span, mentions: list[Mention], names: dict[str, str], evidence: Evidence,
                   block_text: str | None = None) -> Development | None:
    participants = unique(names[m.key] for m in agents(mentions))
    if not participants:
        return None
    terms = sentence_terms(sent, mentions)
    concerns = {label: unique(s.text if label == "technology" else s.id_ for s in spans)
                for label, spans in terms.items()}
    return Development(participants, block_text or sent.text, first_date(sent.text), evidence, concerns)
