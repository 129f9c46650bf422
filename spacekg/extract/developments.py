"""Developments: an event a sentence tells about players ("X signed ...", "X unveiled ..."), with
its date when the sentence gives one and the vocabulary terms it concerns.
"""
from __future__ import annotations

from spacy.tokens import Span

from .clauses import agents, governor, in_quotes, subject_side
from .dates import first_date
from .facts import Development, Evidence
from .lexicon import Lexicon
from .relation_helpers import sentence_terms, unique
from .rules import rule, stamp
from .types import Mention


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
