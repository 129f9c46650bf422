"""Tables: rows read with their header, not as sentences.

The reader turns every table row (HTML <tr>, Markdown "| a | b |") into an item block whose cells
are separated by " | ". A run of such rows with the same number of cells is one table and its
first row is the header. When the header names a player column ("Company", "Player" ...), each
row credits that player with what the technology column names and with the resources and
platforms its other cells name (a company landscape table). A two-cell row is a label and a
value ("Market value, 2025 | USD 190 million"), read as a market figure; in a table about one
player (an infobox) "Products | ..." and "Partners | ..." rows credit it with products and partners.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from .facts import Collaboration, Evidence, MarketFigure, Target, TechnologyUse
from .lexicon import Lexicon
from .market import CAGR, CAGR_LABEL, MONEY, PERIOD, YEARS, money_value
from .pipeline import TERMS_KEY

SEP = " | "
LABEL_FILLERS = {"key", "main", "name", "primary", "core", "the", "of", "and", "/"}
EMPTY_CELLS = {"", "-", "–", "—", "n/a", "na", "none", "tbd", "?"}


def cells(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a row in its clean text."""
    out, start = [], 0
    while True:
        i = text.find(SEP, start)
        if i < 0:
            out.append((start, len(text)))
            return out
        out.append((start, i))
        start = i + len(SEP)


def is_row(text: str) -> bool:
    return SEP in text


@dataclass
class Header:
    width: int
    columns: dict[str, int]       # role ("player", "technology", "focus") -> cell index
    text: str = ""                # the header row itself ("Year | Market size")

    @classmethod
    def read(cls, text: str, lexicon: Lexicon) -> Header:
        labels = [text[a:b] for a, b in cells(text)]
        roles: dict[str, int] = {}
        for role in lexicon.raw["table_columns"]:
            for i, label in enumerate(labels):
                if role not in roles and label_role(label, role, lexicon):
                    roles[role] = i
        return cls(len(labels), roles, text)

    @property
    def about_players(self) -> bool:
        return "player" in self.columns


def label_role(label: str, role: str, lexicon: Lexicon) -> bool:
    """The whole label is the role's vocabulary ("Company", "Key technology"), not a value that
    happens to hold one of its words ("Private company")."""
    words = set(re.findall(r"[\w-]+", label.casefold()))
    vocabulary = {str(w).casefold() for w in lexicon.raw["table_columns"].get(role, [])}
    return bool(words) and words <= vocabulary | LABEL_FILLERS and bool(words & vocabulary)


def table_rows(blocks, lexicon: Lexicon) -> dict[int, Header | None]:
    """Every table row among `blocks`, by position: its table's header for a data row, None for
    the header row itself (a run of rows with the same number of cells is one table)."""
    out: dict[int, Header | None] = {}
    header = None
    for i, block in enumerate(blocks):
        if block.kind == "item" and is_row(block.clean):
            if header is None or header.width != len(cells(block.clean)):
                header = Header.read(block.clean, lexicon)
                out[i] = None
            else:
                out[i] = header
        else:
            header = None
    return out


def player_cell(text: str, header: Header) -> str | None:
    """The name in a player table's player column."""
    spans = cells(text)
    if len(spans) != header.width or not header.about_players:
        return None
    a, b = spans[header.columns["player"]]
    name = text[a:b].strip()
    return name if name.casefold() not in EMPTY_CELLS else None


def row_facts(doc: Doc, text: str, header: Header, mentions, names: dict[str, str], evidence: Evidence,
              lexicon: Lexicon) -> tuple[list[Target], list[TechnologyUse]]:
    """The facts one data row of a player table states."""
    spans = cells(text)
    if len(spans) != header.width:
        return [], []
    a, b = spans[header.columns["player"]]
    who = [m for m in mentions if a <= m.span.start_char and m.span.end_char <= b]
    if not who:
        return [], []
    player = names[who[0].key]
    technologies = []
    if "technology" in header.columns:
        ta, tb = spans[header.columns["technology"]]
        cell = text[ta:tb].strip()
        if cell.casefold() not in EMPTY_CELLS:
            technologies.append(TechnologyUse(player, cell, evidence))
    resources: list[str] = []
    platforms: list[str] = []
    for span in doc.spans.get(TERMS_KEY, []):
        if a <= span.start_char < b:
            continue                       # inside the player's own name
        if span.label_ == "resource_type" and span.id_ not in resources:
            resources.append(span.id_)
        elif span.label_ == "platform" and span.id_ not in platforms:
            platforms.append(span.id_)
    targets = [Target(player, resources, platforms, evidence)] if resources or platforms else []
    return targets, technologies


def infobox_facts(text: str, subject: str, mentions, names: dict[str, str], evidence: Evidence,
                  lexicon: Lexicon) -> tuple[list[TechnologyUse], list[Collaboration]]:
    """A row of a two-column table about one player (an infobox): "Products | Tern lander, Skua drill"
    credits it with each product, "Partners | X, Y" pairs it with each partner named."""
    spans = cells(text)
    if len(spans) != 2:
        return [], []
    (a, b), (va, vb) = spans
    label, value = text[a:b], text[va:vb].strip()
    if label_role(label, "technology", lexicon) and value.casefold() not in EMPTY_CELLS:
        items = [i.strip() for i in re.split(r"[,;]\s*|\s+and\s+", value) if i.strip()]
        return [TechnologyUse(subject, item, evidence) for item in items], []
    if label_role(label, "partner", lexicon):
        partners = {names[m.key] for m in mentions if va <= m.span.start_char and m.span.end_char <= vb}
        return [], [Collaboration(tuple(sorted((subject, p))), evidence) for p in sorted(partners) if p != subject]
    return [], []


def label_value_figures(text: str, evidence: Evidence, header: str = "") -> list[MarketFigure]:
    """"Market value, 2025 | USD 190 million", "CAGR, 2025-2031 | 22.4%"; "2025 | USD 1.1 bn" under the
    header "Year | Market size"."""
    spans = cells(text)
    if len(spans) != 2:
        return []
    label, value = (text[a:b].strip() for a, b in spans)
    if CAGR_LABEL.search(label):
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s?%", value)
        rate = float(m.group(1)) if m else None
        if rate is None and (growth := CAGR.search(value)):    # "Growth rate | CAGR of 12.5% from 2025 to 2030"
            rate = float((growth.group("rate") or growth.group("rate2")).replace(",", ""))
        period = PERIOD.search(label) or PERIOD.search(value)
        if rate is not None and period:
            return [MarketFigure("cagr", rate, "percent", from_year=int(period.group("a")),
                                 to_year=int(period.group("b")), forecast=True, evidence=evidence)]
        return []
    year_label = re.fullmatch(r"(?:FY\s?)?((?:19|20|21)\d\d)\s?[EFP]?", label, re.I)
    if not re.search(r"\bmarket\b|\brevenue forecast\b", label, re.I) and not (year_label and re.search(r"\bmarket\b", header, re.I)):
        return []
    years = [year_label.group(1)] if year_label else YEARS.findall(label)
    money = MONEY.fullmatch(value)
    if len(years) != 1 or money is None:
        return []
    amount = money_value(money)
    if amount < 1e5:
        return []
    figure = MarketFigure("market_size", amount, "USD", year=int(years[0]), evidence=evidence)
    figure.forecast = bool(re.search(r"forecast|projected|expected|estimate", label, re.I))
    return [figure]
