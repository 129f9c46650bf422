"""Market figures: the market's size in a year and its growth rate over a period.

Read from sentences that speak about the market ("market", "valued", "CAGR" ...), never from
company news ("X raised $40 million"), so that a player's funding is not mistaken for the market.
"""
from __future__ import annotations

import re

from .facts import Evidence, MarketFigure
from .rules import rule, stamp

SCALE = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6,
         "mln": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3}
CURRENCY = r"(?:USD|US\s?\$|US dollars?|U\.S\. dollars?|\$)"


def number(name: str) -> str:
    return rf"(?P<{name}>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"


def scale_word(name: str) -> str:
    return rf"(?P<{name}>trillion|billion|million|thousand|bn|tn|mn|mln|[bmk])\b"


WORD_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "half a": 0.5}
PERCENT = r"\s?(?:%|percent\b|per\s?cent\b)"
MONEY = re.compile(rf"{CURRENCY}\s?{number('num')}[\s-]?(?:{scale_word('scale')})?|"
                   rf"{number('num2')}\s?{scale_word('scale2')}\s?(?:USD|US dollars?|U\.S\. dollars?|dollars)|"
                   rf"\b(?P<num3>{'|'.join(sorted(WORD_NUMBERS, key=len, reverse=True))})\s"
                   rf"(?P<scale3>trillion|billion|million)\s(?:USD|US dollars?|U\.S\. dollars?|dollars)|"
                   # a bare amount, its currency stated elsewhere ("the market at 3.1 billion in 2026"); not
                   # "1.2 million tonnes": only a year, a bracket or the clause's end may follow
                   rf"(?<![\w€£¥.,]){number('num4')}[\s-]?(?P<scale4>trillion|billion|million|bn|mn)\b"
                   rf"(?=\s*(?:in|by|for|during|through|\(|,|;|\.|$))", re.I)
OTHER_CURRENCY = re.compile(r"[€£¥₹]|\b(?:EUR|GBP|JPY|INR|CNY|RMB|CAD|AUD|euros?|pounds|yen|rupees|yuan|crores?)\b")
CONTINUES = re.compile(r"\s*(?:It|This|That|The figure|The total|The sector|The segment)\b")
YEAR = r"(?P<year>(?:19|20|21)\d\d)"
YEAR_AFTER = re.compile(rf"^\s*\(?\s*(?:market\s+)?(?:in\s+(?:annual\s+)?(?:revenues?|sales)\s+)?(?:in|by|for|during|through|till|until|to|of|at the end of|in the year)?\s*"
                        rf"(?:the\s+)?(?:end of\s+|fiscal\s+|FY\s?)?{YEAR}(?:[EFP]\b|\b)", re.I)
YEAR_BEFORE = re.compile(rf"(?:\b(?:in|by|for|during|of)\s+|\b(?=(?:19|20|21)\d\d\s*:\s*$)|"
                         rf"\b(?=(?:19|20|21)\d\d\s+(?:global\s+|worldwide\s+)?market\b)){YEAR}\b[^.;]{{0,40}}$",
                         re.I)     # "... in 2024 and is", "Market size 2024: USD ...", "The 2024 market was"
CAGR = re.compile(
    rf"(?:CAGR|compound annual growth rate|annual growth rate|growth rate)(?:\s*\(CAGR\))?"
    rf"(?:\s*[,(]?\s*(?:19|20|21)\d\d\s*(?:-|–|—|to)\s*(?:19|20|21)\d\d\)?)?[^%\d]{{0,40}}?"
    rf"{number('rate')}{PERCENT}|{number('rate2')}{PERCENT}\s*(?:CAGR|compound annual growth|annual growth|"
    rf"annually|a year|per year|per annum|each year)", re.I)
PERIOD = re.compile(rf"(?:from|between|during|over|for)?\s*(?:the\s+)?(?:period\s+)?(?:of\s+)?"
                    rf"(?P<a>(?:19|20|21)\d\d)\s*(?:-|–|—|to|and|through|until)\s*(?P<b>(?:19|20|21)\d\d)", re.I)
STUDY_PERIOD = re.compile(rf"(?:study|forecast|projection|assessment)\s+period\s*[:\-|]?\s*(?:of\s+)?"
                          rf"(?P<a>(?:19|20|21)\d\d)\s*(?:-|–|—|to)\s*(?P<b>(?:19|20|21)\d\d)", re.I)
CAGR_LABEL = re.compile(r"\bCAGR\b|compound annual growth|annual growth rate|growth rate", re.I)
MARKET_WORDS = re.compile(r"\bmarket\b|\bindustry\b|\bsector\b|\brevenue", re.I)
# a company's own revenue ("The company's revenue", "its revenues", "Acme's revenue") is not the market's
OWN_REVENUE = re.compile(r"(?:\b(?:its|their|our|company's|firm's|startup's|group's)|\b[A-Z][\w-]*'s)\s+"
                         r"(?:\w+\s+)?revenues?\b", re.I)
FORECAST_WORDS = re.compile(r"\b(?:projected|forecast|expected|anticipated|estimated to|will|reach|reaching|"
                            r"predicted|poised)\b", re.I)
YEARS = re.compile(r"\b(?:19|20|21)\d\d\b")


def parse_number(num: str, scale: str | None) -> float:
    word = WORD_NUMBERS.get(num.casefold())
    value = float(word if word is not None else num.replace(",", ""))
    return value * SCALE.get((scale or "").casefold(), 1.0)


def money_value(m: re.Match) -> float:
    """The USD amount a MONEY match states."""
    return parse_number(m.group("num") or m.group("num2") or m.group("num3") or m.group("num4"),
                        m.group("scale") or m.group("scale2") or m.group("scale3") or m.group("scale4"))


def about_market(sentence: str) -> bool:
    """The sentence names the market ("market", "industry", "sector", revenue that is no company's own)."""
    return any(not (m.group().casefold().startswith("revenue") and OWN_REVENUE.search(sentence))
               for m in MARKET_WORDS.finditer(sentence))


def study_period(text: str) -> tuple[int, int] | None:
    m = STUDY_PERIOD.search(text)
    return (int(m.group("a")), int(m.group("b"))) if m else None


def figures_in(sentence: str, evidence: Evidence, period: tuple[int, int] | None,
               continues: bool = False) -> list[MarketFigure]:
    """Market sizes and CAGRs stated in one sentence about the market; `continues` when the sentence
    before it in the paragraph stated one ("... valued at USD 2.4 billion in 2024. It is expected to reach ...")."""
    if not about_market(sentence) and not any(CAGR_LABEL.search(m.group()) for m in CAGR.finditer(sentence)) and \
            not (continues and CONTINUES.match(sentence)):
        return []               # a growth rate makes "We forecast USD 410 million in 2034, a CAGR of ..." the market's
                                # ("Acme's output grows 30% a year" does not)
    out: list[MarketFigure] = []
    sizes: list[MarketFigure] = []
    for m in MONEY.finditer(sentence):
        if m.group("num4") and OTHER_CURRENCY.search(sentence):
            continue
        value = money_value(m)
        year = YEAR_AFTER.match(sentence[m.end():m.end() + 40])
        if year is None:
            year = YEAR_BEFORE.search(sentence[max(0, m.start() - 60):m.start()])
        if year is None or value < 1e5:
            continue
        before = sentence[max(0, m.start() - 40):m.start()]
        forecast = bool(re.search(r"\b(?:to|reach|reaching|by)\s*$", before.strip() + " ", re.I)) or \
            bool(re.match(r"\s*by\b", sentence[m.end():m.end() + 5], re.I))
        sizes.append(MarketFigure("market_size", value, "USD", year=int(year.group("year")), evidence=evidence))
        sizes[-1].forecast = forecast
    if len(sizes) >= 2:
        latest = max(s.year for s in sizes)
        for s in sizes:
            s.forecast = s.forecast or (s.year == latest and bool(FORECAST_WORDS.search(sentence)))
    out += sizes
    for m in CAGR.finditer(sentence):
        value = float((m.group("rate") or m.group("rate2")).replace(",", ""))
        if not 0 < value < 1000:
            continue
        span = PERIOD.search(sentence)
        years = sorted(int(y) for y in YEARS.findall(sentence))
        if span:
            a, b = int(span.group("a")), int(span.group("b"))
        elif len(years) >= 2:
            a, b = years[0], years[-1]
        elif period:
            a, b = period
        else:
            a = b = None
        out.append(MarketFigure("cagr", value, "percent", from_year=a, to_year=b, forecast=True, evidence=evidence))
    return out


@rule("market_figure", "market")
def market_figures(sentence: str, evidence: Evidence, period: tuple[int, int] | None,
                   continues: bool = False) -> list[MarketFigure]:
    """Yields the market sizes and CAGRs a prose sentence about the market states (`figures_in`)."""
    return figures_in(sentence, stamp(evidence, market_figures.rule_id), period, continues)


@rule("market_headline", "market")
def headline_figures(sentence: str, evidence: Evidence, period: tuple[int, int] | None) -> list[MarketFigure]:
    """Yields the market figures a headline states ("Space Mining Market to Hit $3.4 Billion by 2030")."""
    return figures_in(sentence, stamp(evidence, headline_figures.rule_id), period)
