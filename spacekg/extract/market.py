"""Market figures: the market's size in a year and its growth rate over a period.

Read from sentences that speak about the market ("market", "valued", "CAGR" ...), never from
company news ("X raised $40 million"), so that a player's funding is not mistaken for the market.
"""
from __future__ import annotations

import re
from decimal import Decimal

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
                         rf"\b(?=(?:19|20|21)\d\d\s+(?:global\s+|worldwide\s+)?market\b)|"
                         rf"\b(?=(?:19|20|21)\d\d\s+(?:forecast|estimate|projection|outlook)\s*:?\s*$)){YEAR}\b[^.;]{{0,40}}$",
                         re.I)     # "... in 2024 and is", "Market size 2024: USD ...", "The 2024 market was",
                                   # "2030 Forecast | $4.28 Bn" (a label above its value)
FORECAST_LABEL = re.compile(r"\b(?:forecast|projection|outlook)\s*:?\s*$", re.I)
# a valuation with no year ("the market, worth USD 3 billion, rests on ..."): the report's base year
VALUATION = re.compile(r"\b(?:valued at|worth|valuation of|estimated at|stood at|is valued at)\s*$", re.I)
CUMULATIVE = re.compile(r"\s*(?:in|of)\s+(?:total\s+)?cumulative\s+(?:revenues?|sales|spending|market value)\b", re.I)
BASE_YEAR = re.compile(rf"\bbase\s+year\s*[:\-|]?\s*{YEAR}\b", re.I)
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
MARKET_WORDS = re.compile(r"\bmarket\b|\bindustry\b|\bsector\b|\bsegment\b|\brevenue|"
                          r"\b(?:lunar|moon|space|cislunar|orbital)\s+economy\b", re.I)
# a company's own revenue ("The company's revenue", "its revenues", "Acme's revenue") is not the market's
OWN_REVENUE = re.compile(r"(?:\b(?:its|their|our|company's|firm's|startup's|group's)|\b[A-Z][\w-]*'s)\s+"
                         r"(?:\w+\s+)?revenues?\b", re.I)
FORECAST_WORDS = re.compile(r"\b(?:projected|forecast|expected|anticipated|estimated to|will|reach|reaching|"
                            r"predicted|poised)\b", re.I)
YEARS = re.compile(r"\b(?:19|20|21)\d\d\b")


def parse_number(num: str, scale: str | None) -> float:
    word = WORD_NUMBERS.get(num.casefold())
    value = Decimal(str(word)) if word is not None else Decimal(num.replace(",", ""))
    return float(value * Decimal(repr(SCALE.get((scale or "").casefold(), 1.0))))   # 4.28 bn is 4280000000.0


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
    growth_from: int | None = None
    for m in MONEY.finditer(sentence):
        if m.group("num4") and OTHER_CURRENCY.search(sentence):
            continue
        value = money_value(m)
        span = PERIOD.search(sentence)
        if CUMULATIVE.match(sentence[m.end():m.end() + 40]) and span and value >= 1e5:
            out.append(MarketFigure("cumulative_revenue", value, "USD", from_year=int(span.group("a")),
                                    to_year=int(span.group("b")), forecast=True, evidence=evidence,
                                    position=m.start()))
            continue                # "over $42 billion in cumulative revenues ... between 2020-2030"
        year = YEAR_AFTER.match(sentence[m.end():m.end() + 40])
        if year is None:
            year = YEAR_BEFORE.search(sentence[max(0, m.start() - 60):m.start()])
        before = sentence[max(0, m.start() - 40):m.start()]
        if value < 1e5 or (year is None and not VALUATION.search(before)):
            continue                # an undated valuation takes the report's base year (describe_figures)
        forecast = bool(re.search(r"\b(?:to|reach|reaching|by)\s*$", before.strip() + " ", re.I)) or \
            bool(re.match(r"\s*by\b", sentence[m.end():m.end() + 5], re.I)) or bool(FORECAST_LABEL.search(before))
        sizes.append(MarketFigure("market_size", value, "USD", year=int(year.group("year")) if year else None,
                                  evidence=evidence, position=m.start()))
        sizes[-1].forecast = forecast
        if year and growth_from is None and re.search(r"\bfrom\s*$", before):
            growth_from = sizes[-1].year      # "grow from USD X in 2025 to USD Y by 2032"
    if len([s for s in sizes if s.year]) >= 2:
        latest = max(s.year for s in sizes if s.year)
        for s in sizes:
            s.forecast = s.forecast or (s.year == latest and bool(FORECAST_WORDS.search(sentence)))
    out += sizes
    for m in CAGR.finditer(sentence):
        value = float((m.group("rate") or m.group("rate2")).replace(",", ""))
        if not 0 < value < 1000:
            continue
        a, b = growth_window(sentence, sizes, period, growth_from)
        out.append(MarketFigure("cagr", value, "percent", from_year=a, to_year=b, forecast=True, evidence=evidence,
                                position=m.start()))
    return out


def growth_window(sentence: str, sizes: list[MarketFigure], period: tuple[int, int] | None,
                  start: int | None = None) -> tuple[int | None, int | None]:
    """The years a growth rate in `sentence` runs over: a period it states ("2025-2032"); else the
    sizes it grows between ("grow from USD X in 2025 to USD Y by 2032", not the year of a
    valuation before them); else its first and last years; else the one forecast year it names
    ("$4.28 bn 2030 forecast, growth rate 23.7%": up to 2030, start unknown unless the report's
    study period gives it); else the report's study period."""
    span = PERIOD.search(sentence)
    if span:
        return int(span.group("a")), int(span.group("b"))
    dated = [s for s in sizes if s.year]
    if start is not None and max(s.year for s in dated) > start:
        return start, max(s.year for s in dated)
    years = sorted(int(y) for y in YEARS.findall(sentence))
    if len(years) >= 2:
        return years[0], years[-1]
    if len(years) == 1:
        y = years[0]
        if any(s.year == y and s.forecast for s in dated) or \
                re.search(rf"\b(?:by|through|to|until|till)\s+(?:the\s+end\s+of\s+)?{y}\b", sentence, re.I):
            return (period[0] if period and period[0] < y else None), y
    if period:
        return period
    return None, None


# ---------------------------------------------------------------- what a figure sizes, and whose it is

WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+")
URL = re.compile(r"(?:\bsource|\burl|\bsaved from|\bcanonical)\s*:?\s*(?P<url>https?://\S+)", re.I)
NAME = r"(?P<name>[A-Z][\w&.'’-]*(?:[ \t]+(?:&[ \t]+)?[A-Z0-9][\w&.'’-]*){0,4})"   # on one line
NOT_NAMES = {"the", "it", "this", "that", "we", "they", "our", "its", "their", "he", "she", "these", "those",
             "a", "an", "in", "by", "according", "market", "industry", "report", "however", "meanwhile"}


def describe_figures(figures: list[MarketFigure], text: str, lexicon, report=None, title: str | None = None,
                     regions: list[str] | None = None) -> list[MarketFigure]:
    """Say what each figure sizes and whose estimate it is; the figures in document order.

    - market: the scope named before "market"/"industry"/"economy" in its sentence, else the one
      the document last named, else its title's or its address's ("space mining", "helium-3");
      region: the place named with it ("the China space mining market", "the market in Europe"),
      else the report's region, else "global".
    - segment and regional figures ("The construction segment is projected to ...", "Asia Pacific
      is anticipated to grow at a CAGR of ...") get their own metrics (segment_revenue,
      segment_cagr, regional_size, regional_cagr): they do not size the market itself.
    - publisher: the firm its sentence credits ("according to X", "X estimates", "a report by X",
      "X's latest report"), else the firm the paragraph's previous figure was credited to (unless
      the sentence opens another estimate), else the firm a press release says published the
      report, else the report's own publisher, else the firm its web address names.
    - an undated valuation takes the report's base year ("Base Year: 2024"); without one it is dropped.
    """
    words = _MarketWords(lexicon, regions or [], report.region if report else None)
    base = BASE_YEAR.search(text)
    head_scope, head_region = _document_scope(text, title, words)
    page = _press_release_publisher(text, words)
    own = report.publisher if report and report.publisher else None
    address = _address_publisher(text, words)
    default_region = head_region or (report.region if report and report.region else None)
    last_scope: tuple[str, str | None] | None = None
    previous: MarketFigure | None = None
    out: list[MarketFigure] = []
    for f in figures:
        if f.unit == "USD" and f.year is None and f.metric != "cumulative_revenue":
            if base is None:
                continue
            f.year = int(base.group("year"))
        ev = f.evidence
        sentence = ev.sentence if ev else ""
        scope = words.scope_at(sentence, f.position)
        if scope and scope[0]:
            last_scope = scope
        name, region = (scope if scope and scope[0] else (last_scope or (head_scope, None)))
        if scope and not scope[0] and scope[1]:
            region = scope[1]
        f.market = name
        f.region = region or (last_scope[1] if last_scope and name == last_scope[0] and last_scope[1] else None) \
            or default_region or "global"
        segment = SEGMENT_SUBJECT.match(sentence)
        if segment and any(w.casefold() in words.stops - {"and", "&"} for w in segment.group("segment").split()):
            segment = None                  # "Revenue in the asteroid segment ...": not the sentence's subject
        subject_region = words.subject_region(sentence)
        if segment and segment.end() <= f.position:
            f.segment = " ".join(segment.group("segment").split())
            f.metric = "segment_revenue" if f.unit == "USD" else "segment_cagr"
        elif subject_region and subject_region[1] <= f.position:
            f.region = subject_region[0]
            f.metric = "regional_size" if f.unit == "USD" else "regional_cagr"
        quoted = words.credited(sentence, f.position)
        if quoted:
            f.publisher, f.attribution = quoted, "quoted"
        elif previous is not None and previous.attribution == "quoted" and ev and previous.evidence and \
                _same_paragraph(text, previous.evidence, ev) and not words.contrast(sentence):
            f.publisher, f.attribution = previous.publisher, "quoted"
        elif page:
            f.publisher, f.attribution = page, "press release"
        elif own:
            f.publisher, f.attribution = own, "report"
        elif address:
            f.publisher, f.attribution = address, "web address"
        previous = f
        out.append(f)
    return out


MARKET_FOR = re.compile(r"\s+(?:for|of)\s+(?P<scope>[a-z][a-z0-9 -]{2,60}?)\s*(?=\b(?:was|is|were|are|will|has|had|"
                        r"reached|stood|grew|could|would|should|may|might|totals?|totalled|amounted)\b|[,;(])")
SEGMENT_SUBJECT = re.compile(r"^\s*(?:\d+[.)]\s*)?(?:the\s+)?(?P<segment>[^,.;:()]{2,60}?)\s+segments?\b", re.I)


def _same_paragraph(text: str, a: Evidence, b: Evidence) -> bool:
    lo, hi = sorted((a.end, b.start))
    return "\n\n" not in text[lo:hi] and hi - lo < 400


class _MarketWords:
    """The lexicon's market words as patterns, with the document's regions."""

    def __init__(self, lexicon, regions: list[str], own_region: str | None):
        raw = lexicon.raw
        self.scopes = {str(f).casefold(): str(s["label"]) for s in raw.get("market_scopes", [])
                       for f in [s["label"], *s.get("forms", [])]}
        self.heads = lexicon.words("market_heads")
        self.modifiers = lexicon.words("market_scope_modifiers")
        self.stops = lexicon.words("market_scope_stops")
        self.global_words = lexicon.words("global_words")
        places = [str(r) for r in raw.get("market_regions", [])] + [r for r in regions if r] + \
            ([own_region] if own_region else [])
        self.regions = {p.casefold(): p for p in places}
        self.regions.update({str(k).casefold(): str(v) for k, v in (raw.get("region_adjectives") or {}).items()})
        alternation = "|".join(re.escape(p) for p in sorted(self.regions, key=len, reverse=True))
        self.region_re = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.I) if alternation else None
        head = "|".join(sorted(self.heads, key=len, reverse=True))
        self.head_re = re.compile(rf"\b(?:{head})\b", re.I)
        verbs = "|".join(sorted(lexicon.words("attribution_verbs"), key=len, reverse=True))
        nouns = "|".join(sorted(lexicon.words("report_nouns"), key=len, reverse=True))
        analysts = "|".join(sorted(lexicon.words("analyst_nouns"), key=len, reverse=True))
        publishing = "|".join(sorted(lexicon.words("publishing_verbs"), key=len, reverse=True))
        self.credit_res = [
            re.compile(rf"\b(?i:according\s+to)\s+(?:(?:a|an|the|its|their)\s+)?(?:(?:new|latest|recent|annual)\s+)?"
                       rf"(?:(?:{nouns})\s+(?:by|from|of)\s+)?{NAME}"),
            re.compile(rf"\b(?i:{nouns})\s+(?i:by|from|of)\s+{NAME}"),
            re.compile(rf"{NAME}(?:'s|’s)\s+(?:[\w-]+\s+){{0,4}}?(?i:{nouns})\b"),
            re.compile(rf"\b(?i:{analysts})\s+(?i:at|from|with)\s+{NAME}"),
            re.compile(rf"{NAME}\s+(?i:{analysts})\b"),
            re.compile(rf"{NAME}\s+(?:has\s+|have\s+)?(?i:{publishing})\b"),
            re.compile(rf"{NAME}\s+(?:also\s+|now\s+)?(?i:{verbs})\b"),
            re.compile(rf"\((?i:source)\s*:\s*{NAME}"),
        ]
        publications = "|".join(sorted(lexicon.words("publication_nouns"), key=len, reverse=True))
        self.publishing_re = re.compile(rf"{NAME}\s+(?:has\s+|have\s+)?(?i:{publishing})\s+(?:a|an|the|its|their)?\s*"
                                        rf"(?:new\s+|latest\s+|updated\s+)?(?:[\w-]+\s+){{0,4}}?(?i:{publications})"
                                        rf"(?![\w-])")
        contrast = "|".join(re.escape(w) for w in sorted(lexicon.words("contrast_words"), key=len, reverse=True))
        self.contrast_re = re.compile(rf"^\W*(?:\w+\s+){{0,2}}?(?:{contrast})\b", re.I)
        self.name_words = lexicon.words("publisher_words") | lexicon.words("publisher_name_words")
        self.publisher_words = lexicon.words("publisher_words")
        self.openers = lexicon.words("contrast_words") | lexicon.words("analyst_nouns") | self.stops
        self.not_names = self.openers | lexicon.words("market_scope_modifiers")
        # "the Office", "the Agency": a generic reference to the page's own organisation, not a firm's name
        self.generic = lexicon.words("institution_words") | lexicon.words("generic_org_nouns") | \
            lexicon.words("org_reference_nouns") | lexicon.words("publisher_words")

    def region_of(self, phrase: str) -> str | None:
        low = phrase.casefold().strip()
        if low in self.global_words:
            return "global"
        return self.regions.get(low)

    def scope_at(self, sentence: str, position: int) -> tuple[str | None, str | None] | None:
        """(scope, region) of the market mention nearest before `position` (else the first after it)
        that names a scope or a region; None when the sentence mentions no market."""
        sentence = WEB_ADDRESS.sub(lambda m: " " * len(m.group()), sentence)     # "...-market" in an address
        mentions = [(m.start(), self.mention(sentence, m)) for m in self.head_re.finditer(sentence)]
        mentions = [(at, found) for at, found in mentions if found != (None, None)]
        if not mentions:
            return None
        before = [x for x in mentions if x[0] <= position]
        return (before[-1] if before else mentions[0])[1]

    def mention(self, sentence: str, head: re.Match) -> tuple[str | None, str | None]:
        """"the global space mining market" -> ("space mining", "global"); "the market in China" -> (None, "China")."""
        tokens = re.findall(r"[\w&'’./-]+|[^\w\s]", sentence[:head.start()])[-8:]
        kept: list[str] = []
        region = None
        i = len(tokens) - 1
        while i >= 0:
            tok = re.sub(r"(?:'s|’s)$", "", tokens[i])
            low = tok.casefold()
            place = next((p for n in (4, 3, 2) if i - n + 1 >= 0
                          for p in [self.region_of(" ".join(tokens[i - n + 1:i + 1]))] if p), None) or \
                self.region_of(tok)
            if place:
                region = place
                break
            if tok != tokens[i]:
                break                                 # "NSR's Moon market": the owner, not the scope
            if low in self.modifiers or low in self.stops or not re.match(r"^[\w&./-]+$", tok) or \
                    not re.search(r"[^\W\d_]", tok) or re.search(r"\d", tok) and not re.match(r"^[a-z]+-\d$", low):
                break
            kept.insert(0, tok)
            if len(kept) == 4:
                break
            i -= 1
        if region is None:                            # "the space mining market in Europe"
            after = re.match(r"\s*(?:size\s+)?(?:in|of|for|across)\s+(?:the\s+)?(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})",
                             sentence[head.end():])
            if after:
                words = after.group("place").split()
                for j in range(len(words), 0, -1):
                    place = self.region_of(" ".join(words[:j]))
                    if place:
                        region = place
                        break
        if not kept:                                  # "the addressable market for surface excavation equipment"
            after = MARKET_FOR.match(sentence[head.end():])
            if after:
                kept = after.group("scope").split()
        scope = self.canonical(" ".join(kept), head.group()) if kept else None
        return scope, region

    def canonical(self, words: str, head: str) -> str | None:
        low = " ".join(words.casefold().split())
        head = head.casefold()
        for form in (f"{low} {head}", f"{low} {head.rstrip('s')}", low, re.sub(r"-", " ", low)):
            if form in self.scopes:
                return self.scopes[form]
        if low in self.heads or low in self.publisher_words:
            return None
        return low

    def subject_region(self, sentence: str) -> tuple[str, int] | None:
        """A region that is the sentence's subject ("Asia Pacific is anticipated to grow at ...", "In
        Europe, revenue ..."), not the qualifier of a market ("Europe's space mining market")."""
        if self.region_re is None:
            return None
        m = re.match(r"^\s*(?:\d+[.)]\s*)?(?:in\s+)?(?:the\s+)?", sentence, re.I)
        r = self.region_re.match(sentence, m.end())
        if r is None or self.region_of(r.group()) == "global":
            return None
        rest = sentence[r.end():r.end() + 60]
        if re.match(r"^(?:'s|’s)?\s*(?:[\w-]+\s+){0,4}?(?:" + "|".join(self.heads) + r")\b", rest, re.I):
            return None
        return self.region_of(r.group()) or r.group(), r.end()

    def credited(self, sentence: str, position: int) -> str | None:
        """The firm the sentence credits with the figure at `position`: the nearest before it, else the first after."""
        found: list[tuple[int, str]] = []
        for pattern in self.credit_res:
            for m in pattern.finditer(sentence):
                name = self.clean_name(m.group("name"))
                if name:
                    found.append((m.start("name"), name))
        if not found:
            return None
        before = sorted(x for x in found if x[0] <= position)
        return before[-1][1] if before else min(found)[1]

    def clean_name(self, name: str) -> str | None:
        words = name.split()
        while words and words[0].casefold() in NOT_NAMES:
            words = words[1:]
        while words and words[-1].casefold().strip(".") in self.heads | {"report", "reports", "segment"}:
            return None                     # "The Space Mining Market estimated at ...": no firm
        if not words or words[0].casefold() in NOT_NAMES | self.openers or self.region_of(" ".join(words)):
            return None                     # "Another estimate puts ...", "Some analysts believe ..."
        if len(words) == 1 and words[0].casefold() in self.not_names:
            return None                     # "Global estimates ...", but "Global Orbit Insights estimates ..."
        if all(w.casefold() in self.stops or w.casefold() in self.heads for w in words):
            return None
        if len(words) == 1 and words[0].casefold() in self.generic:
            return None
        return " ".join(words).rstrip(".,")

    def contrast(self, sentence: str) -> bool:
        return bool(self.contrast_re.match(sentence))


def _document_scope(text: str, title: str | None, words: _MarketWords) -> tuple[str | None, str | None]:
    """The market a document is about: the first title or heading line naming one, else its address."""
    lines = ([title] if title else []) + [line for line in text[:3000].splitlines() if 0 < len(line.strip()) < 200]
    for line in lines:
        line = WEB_ADDRESS.sub(lambda m: " " * len(m.group()), line)
        line = re.sub(r":(\s*)(?=(?:market|industry)\b)", r" \1", line, flags=re.I)  # "Asteroid Prospecting: Market Snapshot"
        for m in words.head_re.finditer(line):
            scope, region = words.mention(line, m)
            if scope:
                return scope, region
    url = URL.search(text[:1000])
    if url:
        slug = re.search(r"/(?P<slug>[a-z0-9-]+)-market\b", url.group("url"), re.I)
        if slug:
            sentence = slug.group("slug").replace("-", " ") + " market"
            return next((x for x in [words.mention(sentence, m) for m in words.head_re.finditer(sentence)] if x[0]),
                        (None, None))
    return None, None


def _press_release_publisher(text: str, words: _MarketWords) -> str | None:
    """"X has published a new report on the ... market": the firm whose report a page relays."""
    for m in words.publishing_re.finditer(text[:5000]):
        name = words.clean_name(m.group("name"))
        if name:
            return name
    return None


def _address_publisher(text: str, words: _MarketWords) -> str | None:
    """The research firm a page's address names, when the host is made of words a firm's name is made
    of and ends in a publisher word: "kingsresearch" -> "Kings Research"."""
    url = URL.search(text[:1000])
    if not url:
        return None
    host = re.sub(r"^https?://", "", url.group("url")).split("/")[0].split(":")[0]
    for label in host.casefold().split("."):
        if label == "www" or "-" in label:
            continue
        parts = _split_name(label, words.name_words)
        if parts and parts[-1] in words.publisher_words:
            return " ".join(p.capitalize() for p in parts)
    return None


def _split_name(label: str, known: frozenset[str]) -> list[str] | None:
    """Peel known words off the end of `label`; what is left must be one plausible word."""
    parts: list[str] = []
    rest = label
    while rest:
        word = next((w for w in sorted(known, key=len, reverse=True) if rest.endswith(w) and w.isalpha()), None)
        if word is None:
            break
        parts.insert(0, word)
        rest = rest[:-len(word)]
    if not parts:
        return None
    if rest:
        if len(rest) < 3 or not re.search(r"[aeiouy]", rest) or not rest.isalpha():
            return None
        parts.insert(0, rest)
    return parts


@rule("market_figure", "market")
def market_figures(sentence: str, evidence: Evidence, period: tuple[int, int] | None,
                   continues: bool = False) -> list[MarketFigure]:
    """Yields the market sizes and CAGRs a prose sentence about the market states (`figures_in`)."""
    return figures_in(sentence, stamp(evidence, market_figures.rule_id), period, continues)


@rule("market_headline", "market")
def headline_figures(sentence: str, evidence: Evidence, period: tuple[int, int] | None) -> list[MarketFigure]:
    """Yields the market figures a headline states ("Space Mining Market to Hit $3.4 Billion by 2030")."""
    return figures_in(sentence, stamp(evidence, headline_figures.rule_id), period)
