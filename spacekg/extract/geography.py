"""Where players are, as the text states it, and the unnamed counterparties it mentions.

    >>> situate(extraction, parsed, lexicon)      # after the players and relations are found

A pure function over the parsed blocks (spaCy Docs) and the facts already extracted:

- a player's home region from a nationality word or a place next to its name: "a Japanese
  company", "UK group X", "Luxembourg-based X", "X, based in Tokyo", "X of Houston, Texas"
  (`Player.based_in`);
- unnamed counterparties, kept as generic players with their region ("a consortium in China",
  "aerospace suppliers in China", "investors in China"): `Extraction.counterparties`, linked to
  the named players of their sentence (`Extraction.counterparty_links`) and to its development
  (`Development.counterparties`);
- the regions a development's sentence names (`Development.concerns["region"]`);
- a development's expected date ("expected to launch by 2029") apart from its date.

Generic players stay out of `players` and `collaborations`, whose scoring counts named players
only. The words (regions, demonyms, places, organisation and counterparty nouns) are data: the
`geography` section of data/lexicon.yaml.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from .facts import Collaboration, Evidence, Extraction, Player
from .lexicon import Lexicon
from .rules import confidence, rule


@dataclass(frozen=True)
class Gazetteer:
    regions: dict[str, str]          # lower-cased name, alias, demonym or place -> region name
    nationality: re.Pattern          # a demonym or region name used as an adjective
    org_words: frozenset[str]
    based_words: frozenset[str]
    generic_heads: frozenset[str]
    # The ways a sentence says where a named player is from, without the name: compiled once here
    # (with the name inside, each pattern was compiled for every player of every sentence, which
    # cost more than spaCy's whole parse). ("before", p): p ends where the name begins;
    # ("after", p): p starts where the name ends.
    home_patterns: tuple[tuple[str, re.Pattern], ...] = ()


_CACHE: dict[int, Gazetteer] = {}


def gazetteer(lexicon: Lexicon) -> Gazetteer:
    """The geography words of `lexicon`, compiled once per lexicon."""
    if id(lexicon) not in _CACHE:
        _CACHE[id(lexicon)] = _compile(lexicon.raw.get("geography") or {})
    return _CACHE[id(lexicon)]


def _compile(geo: dict) -> Gazetteer:
    regions: dict[str, str] = {}
    forms: list[str] = []
    for r in geo.get("regions", []):
        for form in [r["name"], *r.get("aliases", []), *r.get("demonyms", [])]:
            regions.setdefault(str(form).casefold(), r["name"])
            forms.append(str(form))
    for place in geo.get("places", []):
        regions.setdefault(place["name"].casefold(), place["within"])
        forms.append(place["name"])
    forms.sort(key=len, reverse=True)
    # case-sensitive: "US" and "UK" are names, "us" is not
    nationality = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")
    org_words, based_words = frozenset(geo.get("org_words", [])), frozenset(geo.get("based_words", []))
    return Gazetteer(regions, nationality, org_words, based_words, frozenset(geo.get("generic_heads", [])),
                     _home_patterns(nationality.pattern, org_words, based_words))


def _home_patterns(place: str, org_words, based_words) -> tuple[tuple[str, re.Pattern], ...]:
    org = "|".join(re.escape(w) for w in sorted(org_words, key=len, reverse=True))
    based = "|".join(re.escape(w) for w in sorted(based_words, key=len, reverse=True))
    patterns = [
        ("before", rf"{place}\s+(?:[a-z-]+\s+){{0,2}}(?:{org})\s+\Z"),      # "UK group X", "Japanese lander maker X"
        ("after", rf",?\s+(?:an?|the)\s+(?:[a-z-]+\s+){{0,2}}{place}\s+(?:[a-z-]+\s+){{0,2}}(?:{org})\b"),  # "X, a Japanese company"
        ("after", rf"\s+(?:is|was)\s+(?:an?|the)\s+(?:[a-z-]+\s+){{0,2}}{place}\s+(?:[a-z-]+\s+){{0,2}}(?:{org})\b"),
        ("before", rf"{place}-(?:{based})\s+(?:[a-z-]+\s+){{0,2}}\Z"),                # "Luxembourg-based X"
        ("after", rf",?\s+(?:\(|which is\s+|is\s+|a\s+)?(?:{place}-(?:{based})|(?:{based})\s+in\s+{place})"),  # "X, based in Tokyo"
        ("after", rf"\s+of\s+{place}(?:,\s+{place})?(?!\w)"),                          # "X of Houston, Texas"
    ]
    return tuple((side, re.compile(text)) for side, text in patterns)


def situate(out: Extraction, parsed: list, lexicon: Lexicon) -> None:
    """Add home regions, generic counterparties, development regions and expected dates to `out`."""
    gaz = gazetteer(lexicon)
    if not gaz.regions:
        return
    known = {r.casefold(): r for r in out.regions}

    def developments_at(start: int | None) -> list:
        return [d for d in out.developments if d.evidence is not None and start is not None
                and d.evidence.start <= start < max(d.evidence.end, d.evidence.start + 1)]
    names = sorted(((n, p) for p in out.players for n in [p.name, *p.aliases] if len(n) > 1),
                   key=lambda x: -len(x[0]))
    counterparties: dict[str, Player] = {c.name: c for c in out.counterparties}
    for block, doc in parsed:
        doc_text = doc.text
        for sent in doc.sents:
            text = doc_text[sent.start_char:sent.end_char]     # `sent.text`, without joining its tokens again
            here = []
            for n, p in names:
                if n in text and all(q is not p for q in here) and _whole_word(n).search(text):
                    here.append(p)
            for p in here:
                for region in _home_regions(text, p, gaz, sent):
                    if region not in p.based_in:
                        p.based_in.append(region)
            start = block.to_source(sent.start_char, sent.end_char)[0]
            generics = counterparties_in(sent, gaz)
            for name, region in generics:
                c = counterparties.setdefault(name, Player(name, kind="generic", based_in=[region], generic=True))
                if region not in c.based_in:
                    c.based_in.append(region)
                for d in developments_at(start):
                    if name not in d.counterparties:
                        d.counterparties.append(name)
                if here and _collaborative(text, lexicon):
                    ev = _evidence_of(out, start, text)
                    for p in here:
                        out.counterparty_links.append(Collaboration((p.name, name), ev))
            for d in developments_at(start):
                mentioned = {gaz.regions[m.group(1).casefold()] for m in gaz.nationality.finditer(d.text)}
                folded = d.text.casefold()
                mentioned |= {known[k] for k in known if k in folded and _whole_word(k).search(folded)}
                for region in sorted(mentioned):
                    regions = d.concerns.setdefault("region", [])
                    if region not in regions:
                        regions.append(region)
    out.counterparties = list(counterparties.values())
    for d in out.developments:
        _expected(d, lexicon)


@lru_cache(maxsize=4096)
def _whole_word(name: str) -> re.Pattern:
    """`name` standing as a whole word (compiled once: re's own cache is too small for a corpus's names)."""
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def _home_regions(text: str, player: Player, gaz: Gazetteer, sent) -> list[str]:
    """The regions a sentence says the player is from."""
    found = []
    for n in [player.name, *player.aliases]:
        if not n:
            continue
        if n not in text:
            continue                    # (no match to look around: the patterns below need one)
        starts = [m.start() for m in re.finditer(re.escape(n), text)]
        for side, pattern in gaz.home_patterns:
            for start in starts:
                end = start + len(n)
                if side == "before":
                    if re.match(r"\w", text[end:end + 1]):
                        continue
                    m = pattern.search(text, 0, start)
                else:
                    m = pattern.match(text, end)
                groups = [g for g in m.groups() if g] if m else []
                if groups:
                    # "of Houston, Texas": the last place is the widest
                    region = gaz.regions.get(groups[-1].casefold())
                    if region and region not in found:
                        found.append(region)
    return found


@rule("counterparty", "relations")
def counterparties_in(sent, gaz: Gazetteer) -> list[tuple[str, str]]:
    """Yields unnamed counterparties with their region, as (name, region): "a consortium in China",
    "aerospace suppliers in China"; a player in the same sentence with a collaboration cue works
    with them (sm:worksWith), stamped with this rule's id."""
    out = []
    tokens = list(sent)
    for i, tok in enumerate(tokens):
        if tok.lower_ not in gaz.generic_heads or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        j = i + 1
        if j < len(tokens) and tokens[j].lower_ == "based":
            j += 1
        if j >= len(tokens) or tokens[j].lower_ not in ("in", "from"):
            continue
        rest = sent.doc[tokens[j].i + 1:sent.end].text
        m = gaz.nationality.match(rest)
        if not m:
            continue
        region = gaz.regions[m.group(1).casefold()]
        first = i                                   # "aerospace suppliers": a lower-case modifier before the head
        while first > 0 and tokens[first - 1].dep_ in ("compound", "amod") and tokens[first - 1].is_lower \
                and tokens[first - 1].pos_ in ("NOUN", "ADJ") and tokens[first - 1].lower_ not in ("new", "other"):
            first -= 1
        # a common noun phrase: "Investors in China" opening a sentence is "investors in China"
        head = " ".join(t.text if t.is_upper and len(t.text) > 1 else t.lower_ for t in tokens[first:i + 1])
        out.append((f"{head} in {region}", region))
    return out


def _collaborative(text: str, lexicon: Lexicon) -> bool:
    words = {w.casefold() for w in lexicon.raw.get("collaboration_cues", [])}
    return any(re.search(rf"(?<!\w){re.escape(w)}", text, re.IGNORECASE) for w in words)


def _evidence_of(out: Extraction, start: int | None, text: str) -> Evidence:
    for d in out.developments:
        if d.evidence is not None and start is not None and d.evidence.start <= start < d.evidence.end:
            return Evidence(d.evidence.sentence, d.evidence.start, d.evidence.end, counterparties_in.rule_id,
                            confidence(counterparties_in.rule_id), d.evidence.section)
    return Evidence(text, start or 0, (start or 0) + len(text), counterparties_in.rule_id,
                    confidence(counterparties_in.rule_id))


EXPECTED = re.compile(r"\b(?:expected|planned|scheduled|set|slated|due|aiming|aims|targeted|intended)\b[^.;]{0,60}?"
                      r"\b(?:by|in|for|before|around)\s+(?:early |mid-|late |the end of )?((?:19|20)\d\d)\b")


def _expected(d, lexicon: Lexicon) -> None:
    """A date the text gives as expected ("expected to launch by 2029") is the expected date, not
    the date of the development."""
    m = EXPECTED.search(d.text)
    if m and d.date and str(d.date)[:4] == m.group(1):
        d.expected_date, d.date = d.date, None
