"""Dates and horizons in text: "by 2029", "in March 2026", "2025-2031", "over the next decade".

Each becomes a `Horizon`: the words as written plus typed values where they can be read (a year,
a full date, a period of years), so the graph can order developments and outlook statements.
"""
from __future__ import annotations

import re

from .facts import Horizon

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

YEAR = r"(?:19[5-9]\d|20\d\d|21\d\d)"
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
        r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "a": 1}

PATTERNS = [
    ("period", re.compile(rf"\b(?:from|between|during|over)?\s*(?P<a>{YEAR})\s*(?:-|–|—|to|and|through|until)\s*"
                          rf"(?P<b>{YEAR})\b", re.I)),
    ("date", re.compile(rf"\b(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>{YEAR})\b", re.I)),
    ("date", re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTH})\s+(?P<year>{YEAR})\b", re.I)),
    ("month", re.compile(rf"\b(?P<month>{MONTH})\s+(?P<year>{YEAR})\b", re.I)),
    ("decade", re.compile(rf"\b(?P<part>early|mid|late)[- ](?P<decade>(?:19|20|21)\d0)s\b", re.I)),
    ("year", re.compile(rf"\b(?P<prep>by|in|until|through|before|after|since|from|during|of|around|circa|"
                        rf"by the end of|end of)?\s*(?P<year>{YEAR})\b(?!\s*(?:-|–|—)\s*{YEAR})", re.I)),
    ("relative", re.compile(r"\b(?:over|within|in)\s+the\s+next\s+(?P<n>\w+)?\s*(?P<unit>decade|decades|years?)\b|"
                            r"\b(?:within|in)\s+(?P<n2>\w+)\s+(?P<unit2>years?|decades?)\b|"
                            r"\bby\s+the\s+end\s+of\s+the\s+decade\b|\bin\s+the\s+coming\s+(?:years|decade)\b",
                            re.I)),
]

# Every pattern but the relative one needs a year or a decade, which all have a "1" or a "2": a text
# without either can only hold a relative horizon ("over the next decade").
RELATIVE = [(kind, pattern) for kind, pattern in PATTERNS if kind == "relative"]


def horizons_in(text: str) -> list[Horizon]:
    """Every date or horizon in `text`, left to right, without overlaps (the most precise wins)."""
    found: list[Horizon] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS if "1" in text or "2" in text else RELATIVE:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            h = _horizon(kind, m)
            if h is not None:
                found.append(h)
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda h: h.start)


def _horizon(kind: str, m: re.Match) -> Horizon | None:
    words = m.group().strip()
    h = Horizon(words, kind, start=m.start() + (len(m.group()) - len(m.group().lstrip())), end=m.end())
    if kind == "period":
        h.from_year, h.year = int(m.group("a")), int(m.group("b"))
        if h.year < h.from_year:
            return None
    elif kind in ("date", "month"):
        month = _month_key(m.group("month"))
        if month is None:
            return None
        h.year = int(m.group("year"))
        if kind == "date":
            day = int(m.group("day"))
            if not 1 <= day <= 31:
                return None
            h.date = f"{h.year:04d}-{month:02d}-{day:02d}"
        else:
            h.date = f"{h.year:04d}-{month:02d}"
    elif kind == "decade":
        decade = int(m.group("decade"))
        h.year = decade + {"early": 2, "mid": 5, "late": 8}[m.group("part").casefold()]
    elif kind == "year":
        h.year = int(m.group("year"))
    elif kind == "relative":
        n = m.group("n") or m.group("n2")
        unit = (m.group("unit") or m.group("unit2") or "decade").casefold()
        count = NUMBER_WORDS.get((n or "one").casefold()) if not (n or "").isdigit() else int(n)
        if count is None:
            count = 1
        h.years_ahead = count * (10 if unit.startswith("decade") else 1)
        if "end of the decade" in words.casefold():
            h.years_ahead = None
    return h


def _month_key(word: str) -> int | None:
    w = word.rstrip(".").casefold()
    return MONTHS.get(w) or MONTHS.get(w[:3])


def first_date(text: str) -> str | None:
    """The value of the first dated horizon in text ("2029", "2026-03"), for a development's sm:date."""
    for h in horizons_in(text):
        if h.kind != "relative" and h.kind != "period":
            return h.value
    return None
