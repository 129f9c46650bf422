"""Coreference: which player each sentence is about, including what refers back to one.

A sentence's mentions are the players the matcher found in it (mentions.py), plus what refers back
to a player (clauses.coreferent_subjects): "the company" / "it" (the last subject, or the player
the page is about after a heading), "we" (the document's author, or the player a transcript's
speaker speaks for), a product named as a subject (the player credited with it earlier), an entry's
name for every sentence of a list entry ("Acme - Builds drills. Works with X").

What "the company" means depends on the sentences before it, so this stage reads the document in
order and keeps that state here, in one object, rather than in the extractor's loop:
`Coreference.heading()` at a heading, `.sentence(...)` for each sentence of prose, and
`.credit(technologies)` after the technology rule credited products to players (the one thing a
later stage feeds back: "IceProbe combines ..." is Acme's once "Acme's IceProbe instrument" was read).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .candidates import address_line
from .clauses import (chooses_many, chosen_count, coreferent_subjects, entry_name, group_chooser, headline_chooser, introduces_chosen,
                      latest_subject, new_organisation, sentence_players, subject_side, the_two)
from .facts import Collaboration, TechnologyUse
from .inventory import PlayerIndex
from .lexicon import Lexicon
from .mentions import has_phrase, mentions_in, speaker_of
from .reader import Block
from .types import Mention

# An award entry line: a name, its place, the amount ("Tarn Mining LLC, Lima, Ohio, $1.2m").
AWARD_ENTRY = re.compile(r"[A-Z][^.!?:;]{1,60}?(?:,\s*[A-Z][^,.!?:;]{1,30}){1,3},\s*(?:US)?\$\s?\d[\d.,]*\s?"
                         r"(?:m|million|k|thousand|bn|billion)?\.?")


@dataclass
class Coreference:
    index: PlayerIndex
    lexicon: Lexicon
    matcher: object
    text: str                                   # the document's text (speaker introductions)
    author: str | None = None                   # the player "we" refers to (mentions.author_of)
    subject_of_page: Mention | None = None      # after a heading, "the company" is the page's subject
    last_subject: Mention | None = None         # the player "the company" / "it" refers to
    table_subject: str | None = None            # the player an infobox's "Products | ..." rows are about
    selector: str | None = None                 # the player that chose the unnamed group "the consortium" is
    partners: tuple[str, ...] = ()              # the players of the last stated collaboration ("the project")
    chosen_items: bool = False                  # the list items that follow name the group the selector chose
    chosen_entries: bool = False                # award entry lines below such a list's colon line name it too
    just_chose: str | None = None               # the player the sentence before chose many unnamed companies
    choosing: str | None = None                 # the same, for the sentence being read
    recent: tuple[str, ...] = ()                # the players named last, latest last ("the two" are the last two)
    seen: set[str] = field(default_factory=set)     # the players the prose has named so far
    announced: tuple[str, int] | None = None    # who chose a counted group ("ten companies") and how many are left
    newcomers: tuple[str, list[Mention]] | None = None     # that chooser, and this sentence's subjects first named since
    owners: dict[str, str] = field(default_factory=dict)            # product name -> player key
    speakers: dict[str, str | None] = field(default_factory=dict)   # a speaker label -> player key

    @classmethod
    def start(cls, parsed: list[tuple[Block, Doc]], index: PlayerIndex, lexicon: Lexicon, matcher, text: str,
              author: str | None) -> Coreference:
        page = Mention(author, parsed[0][1][0:0]) if author and parsed else None
        return cls(index, lexicon, matcher, text, author, page, table_subject=author)

    def heading(self) -> None:
        """A new story or section: "the company" (and "the consortium") starts afresh."""
        self.last_subject = None
        self.recent = ()
        self.selector = None
        self.partners = ()
        self.chosen_entries = False
        self.just_chose = self.choosing = None
        self.announced = None

    def table_header(self, spacy_doc: Doc) -> None:
        """A table's first row names its columns, or an infobox's subject (a player filling the row)."""
        self.table_subject = next((m.key for m in mentions_in(spacy_doc, self.matcher)
                                   if m.span.start == 0 and m.span.end == len(spacy_doc) - 1), self.author)

    def block(self, block: Block, spacy_doc: Doc) -> BlockMentions:
        """The mentions of a prose block, its speaker and its entry name, before its sentences are read."""
        mentions = mentions_in(spacy_doc, self.matcher)
        if block.kind != "item":
            self.chosen_items = introduces_chosen(block.clean, spacy_doc, self.lexicon)
            self.chosen_entries = self.chosen_items or self.chosen_entries
        speaker = speaker_of(block.clean, self.text, self.index, self.speakers)
        entry = entry_name(spacy_doc, mentions) if block.kind == "item" else None
        return BlockMentions(mentions, speaker, entry)

    def chosen(self, block: Block) -> bool:
        """The block is an item of a chosen group's list: a list item right under "The selected
        companies are:", or, further down under such a line or a sentence that chose many ("X has
        awarded contracts to three companies"), an award entry ("Tarn Mining LLC, Lima, Ohio, $1.2m",
        each followed by its own description; a list item "Tarn Orbital, Korvel, OH: $9 million to
        ...") (collaborations_in's `chosen_item`)."""
        return (block.kind == "item" and self.chosen_items) or \
            (self.chosen_entries and (AWARD_ENTRY.fullmatch(block.clean.strip()) is not None or
                                      (block.kind == "item" and address_line(self.lexicon).match(block.clean) is not None)))

    def sentence(self, sent: Span, block: BlockMentions) -> list[Mention]:
        """The players `sent` is about: its mentions, the entry's name, and what refers back to a player."""
        here = sentence_players(sent, block.mentions)
        if block.entry is not None and block.entry not in here:
            here = [block.entry] + here     # "Acme - Builds drills. Works with X": every sentence is Acme's
        here += coreferent_subjects(sent, here, self.last_subject or self.subject_of_page, self.lexicon,
                                    block.speaker or self.author, self.owners)
        pair = the_two(sent, here, self.lexicon)
        if pair is not None and len(self.recent) >= 2:
            here += [Mention(key, pair) for key in self.recent[-2:]]
        self.recent = tuple(k for k in self.recent if k not in {m.key for m in here}) + \
            tuple(dict.fromkeys(m.key for m in here))
        latest = latest_subject(here)
        if latest is not None and not subject_side(latest) and self.last_subject is None and \
                new_organisation(sent, self.lexicon, ("the", "this")):
            latest = None               # "the company partnered with Y": the unknown company, not Y
        self.last_subject = latest or (None if new_organisation(sent, self.lexicon) else self.last_subject)
        chooser = group_chooser(sent, here, self.lexicon)
        many = chooser is not None and chooses_many(sent, self.lexicon)
        if many:
            self.chosen_entries = True  # "X awarded contracts to three companies": its award entries follow
        self.selector = chooser or self.selector
        self.just_chose, self.choosing = self.choosing, (chooser if many else None)
        self._newcomers(sent, here, chooser if many else None)
        return here

    def _newcomers(self, sent: Span, here: list[Mention], chooser: str | None) -> None:
        """After "X selected ten proposals ...", the players the sentences below first name as their
        subjects ("Tarn Orbital of Lima will develop ...") are the chosen ones, up to the number
        chosen and until the next heading (collaborations.chosen_newcomers)."""
        self.newcomers = None
        if self.announced is not None and chooser is None:
            selector, left = self.announced
            fresh = list({m.key: m for m in here if subject_side(m) and m.key not in self.seen and
                          m.key != selector}.values())[:left]
            self.newcomers = (selector, fresh) if fresh else None
            self.announced = (selector, left - len(fresh)) if left > len(fresh) else None
        self.seen |= {m.key for m in here}
        count = chosen_count(sent, self.lexicon) if chooser is not None else None
        if count:
            self.announced = (chooser, count)

    def headline(self, sent: Span, mentions: list[Mention]) -> None:
        """A headline that chooses many unnamed companies ("X Picks Three Firms for Lunar Night Power")
        makes X the selector of the players the story's first sentence then names as chosen ("A, B and C
        have been shortlisted"), as a sentence of prose would."""
        chooser = headline_chooser(sent, sentence_players(sent, mentions), self.lexicon)
        if chooser is not None:
            self.selector = self.choosing = chooser
            self.chosen_entries = True

    def collaborated(self, collaborations: list[Collaboration], keys: dict[str, str]) -> None:
        """The players of the collaborations a sentence stated are what "the project" then refers to
        (`keys`: player name -> key)."""
        found = tuple(dict.fromkeys(keys[n] for c in collaborations for n in c.players if n in keys))
        if found:
            self.partners = found

    def credit(self, technologies: list[TechnologyUse]) -> None:
        """Products named in the technologies credited to players belong to those players."""
        for t in technologies:
            for product in self.index.products:
                if has_phrase(t.technology, product):
                    self.owners.setdefault(product, self.index.key(t.player))


@dataclass
class BlockMentions:
    mentions: list[Mention]                     # the players the matcher found in the block
    speaker: str | None                         # the player a transcript's speaker speaks for
    entry: Mention | None                       # the name a list entry opens with
