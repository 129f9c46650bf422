"""Market sizings compared across publishers, and checked for internal consistency.

Every figure in the store knows the market it sizes (a scope in a region), the publisher it is
credited to, its year or growth window and its evidence (`market-sizings.rq`). From them:

- `figures(source)`: every figure, grouped by market and region (`spacekg market`).
- `compare(source, year)`: per market, every estimate projected to one common year with its own
  growth rate, the spread of those values, and whether a projection leaves the stated window.
- `check(source)`: where an estimate states a base value, a forecast value and a CAGR, do they
  agree? And does a page state two different values for the same market and year?
- `most_optimistic(source, year)`: per market, the estimate with the highest growth rate.

An *estimate* is one figure set of one page: the sizes and the growth rate it states together for
one market and publisher. A page that states two contradictory sets (USD 1.9 bn in 2024 and, two
sentences later, USD 1.2 bn in 2024) holds two estimates; a new set starts when a figure repeats
a year (or a growth window) the current set already has, with another value.

Each result is a dataclass with a one-line `summary`, `columns` and `rows` for printing.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..errors import SpacekgError
from .access import Reader

TOLERANCE = 0.02            # base x (1 + CAGR)^years within 2% of the forecast, after rounding
CORE = ("market_size", "cagr")


@dataclass
class Figure:
    metric: str
    value: float
    unit: str
    year: int | None
    from_year: int | None
    to_year: int | None
    forecast: bool
    market: str
    region: str
    publisher: str | None
    attribution: str | None
    segment: str | None
    source: str | None
    sentence: str | None
    start: int | None

    @property
    def key(self) -> tuple[str, str]:
        return self.market, self.region


@dataclass
class Estimate:
    """One figure set of one page: what one publisher states together about one market."""
    market: str
    region: str
    publisher: str | None
    source: str | None
    sizes: dict[int, Figure] = field(default_factory=dict)
    cagr: Figure | None = None
    number: int = 1                 # the page's first, second ... set for this market and publisher

    @property
    def name(self) -> str:
        who = self.publisher or "(publisher not stated)"
        return who if self.number == 1 else f"{who} (set {self.number})"

    @property
    def rate(self) -> float | None:
        """The stated CAGR in percent, else the one its first and last sizes imply."""
        if self.cagr is not None:
            return self.cagr.value
        years = sorted(self.sizes)
        if len(years) >= 2:
            a, b = years[0], years[-1]
            return ((self.sizes[b].value / self.sizes[a].value) ** (1 / (b - a)) - 1) * 100
        return None

    @property
    def window(self) -> tuple[int | None, int | None]:
        """The years its figures cover: the CAGR's window, else its first and last stated years."""
        years = sorted(self.sizes)
        if self.cagr is not None and (self.cagr.from_year or self.cagr.to_year):
            return self.cagr.from_year, self.cagr.to_year
        return (years[0], years[-1]) if years else (None, None)

    @property
    def base_year(self) -> int | None:
        """The size a projection starts from: the one at the window's start, else the first inside
        the window, else the first stated."""
        if not self.sizes:
            return None
        a, b = self.window
        inside = sorted(y for y in self.sizes if (a is None or y >= a) and (b is None or y <= b))
        return inside[0] if inside else min(self.sizes)

    def value_in(self, year: int) -> tuple[float | None, str, bool]:
        """(value, how it was had, outside the stated window) for `year`."""
        if year in self.sizes:
            return self.sizes[year].value, "stated", False
        rate = self.rate
        if rate is None or not self.sizes:
            return None, "one figure and no growth rate: no projection", False
        a, b = self.window
        anchor = self.base_year
        value = self.sizes[anchor].value * (1 + rate / 100) ** (year - anchor)
        how = f"{anchor} value at {rate:.4g}% a year" + ("" if self.cagr else " (implied by its sizes)")
        outside = (a is not None and year < a) or (b is not None and year > b) or (a is None and b is None)
        if outside:
            how += f"; outside the stated window {_window(a, b)}"
        elif a is None:
            how += f"; the window's start is not stated (ends {b})"
        return value, how, outside


# ---------------------------------------------------------------- reading

def figures(source, market: str | None = None, timeout: float | None = None) -> list[Figure]:
    """Every market figure in the store, ordered by market, region, publisher, page and position.
    `market` keeps those of one scope (case-insensitive, e.g. "space mining")."""
    seen: dict[str, Figure] = {}
    for r in Reader(source, timeout).rows("market-sizings"):
        if r["figure"] in seen:
            continue
        seen[r["figure"]] = Figure(
            metric=r["metric"], value=float(r["value"]), unit=r["unit"], year=r.get("year"),
            from_year=r.get("fromYear"), to_year=r.get("toYear"), forecast=bool(r.get("forecast")),
            market=r.get("scope") or "unnamed market", region=r.get("region") or "global",
            publisher=r.get("publisher") or r.get("reportPublisher"), attribution=r.get("attribution"),
            segment=r.get("segment"), source=r.get("source"), sentence=r.get("sentence"), start=r.get("start"))
    out = list(seen.values())
    if market:
        out = [f for f in out if f.market.casefold() == market.casefold()]
    return sorted(out, key=lambda f: (f.market, f.region != "global", f.region, f.publisher or "~", f.source or "",
                                      f.start or 0, f.metric))


@dataclass
class FigureTable:
    columns: list[str]
    rows: list[list[object]]
    summary: str


TABLE_COLUMNS = ["market", "region", "metric", "publisher", "year", "value_usd", "cagr_percent", "window",
                 "source", "evidence"]


def figure_table(source, market: str | None = None, timeout: float | None = None) -> FigureTable:
    """`spacekg market`: every figure as a row, grouped by market and region."""
    found = figures(source, market, timeout)
    rows = []
    for f in found:
        what = f.metric + (f" ({f.segment})" if f.segment else "")
        rows.append([f.market, f.region, what, f.publisher or "", f.year,
                     f.value if f.unit == "USD" else None, f.value if f.unit == "percent" else None,
                     _window(f.from_year, f.to_year) if f.unit == "percent" else "", f.source, f.sentence])
    markets = len({f.key for f in found})
    publishers = len({f.publisher for f in found if f.publisher})
    return FigureTable(TABLE_COLUMNS, rows, f"{len(found)} market figure(s) for {markets} market(s) "
                                            f"from {publishers} publisher(s)")


def estimates(found: list[Figure]) -> list[Estimate]:
    """The figure sets: per page, market and publisher, in the order the page states them."""
    out: list[Estimate] = []
    current: dict[tuple, Estimate] = {}
    for f in sorted((f for f in found if f.metric in CORE), key=lambda f: (f.source or "", f.start or 0)):
        key = (f.source, f.market, f.region, f.publisher)
        est = current.get(key)
        if est is None or _clashes(est, f):
            est = Estimate(f.market, f.region, f.publisher, f.source, number=(est.number + 1) if est else 1)
            current[key] = est
            out.append(est)
        if f.metric == "cagr":
            est.cagr = est.cagr or f
        elif f.year is not None:
            est.sizes.setdefault(f.year, f)
    return out


def _clashes(est: Estimate, f: Figure) -> bool:
    if f.metric == "cagr":
        return est.cagr is not None and not _same(est.cagr.value, f.value)
    return f.year in est.sizes and not _same(est.sizes[f.year].value, f.value)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


# ---------------------------------------------------------------- compare

@dataclass
class Projection:
    estimate: str                   # publisher (and set number)
    publisher: str | None
    source: str | None
    value: float | None             # USD in the common year
    how: str                        # "stated", or how it was projected
    outside_window: bool
    rate: float | None              # percent a year
    window: str
    base_year: int | None
    base_value: float | None
    forecast_year: int | None
    forecast_value: float | None
    sentence: str | None = None     # the evidence: the sentence stating its CAGR, else its base size
    start: int | None = None


@dataclass
class MarketComparison:
    market: str
    region: str
    year: int | None
    projections: list[Projection]
    minimum: float | None = None
    median: float | None = None
    maximum: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.maximum / self.minimum if self.minimum and self.maximum else None

    @property
    def summary(self) -> str:
        valued = [p for p in self.projections if p.value is not None]
        if not valued:
            return f"{self.market} ({self.region}): {len(self.projections)} estimate(s), none for {self.year}"
        low = min(valued, key=lambda p: p.value)
        high = max(valued, key=lambda p: p.value)
        if len(valued) == 1:
            return f"{self.market} ({self.region}) in {self.year}: one estimate, {money(high.value)} ({high.estimate})"
        return (f"{self.market} ({self.region}) in {self.year}: {len(valued)} estimates from {money(low.value)} "
                f"({low.estimate}) to {money(high.value)} ({high.estimate}), median {money(self.median)}, "
                f"max/min {self.ratio:.2f}")


@dataclass
class Comparison:
    year: int | None                # the year asked for (None: each market's own common year)
    markets: list[MarketComparison]
    columns: list[str] = field(default_factory=lambda: list(COMPARE_COLUMNS))

    @property
    def summary(self) -> str:
        if not self.markets:
            return "no market sizes in the store to compare"
        return "; ".join(m.summary for m in self.markets)

    @property
    def rows(self) -> list[list[object]]:
        return [[m.market, m.region, m.year, p.estimate, p.source, p.value, p.how, p.rate and round(p.rate, 2),
                 p.window] for m in self.markets for p in self.projections_sorted(m)]

    def records(self) -> list[dict[str, object]]:
        """`rows` as dicts, each with its evidence (sentence, source, start) for an answer's table."""
        return [{**dict(zip(self.columns, row)), "sentence": p.sentence, "source": p.source, "start": p.start}
                for row, p in zip(self.rows, [p for m in self.markets for p in self.projections_sorted(m)])]

    @staticmethod
    def projections_sorted(m: MarketComparison) -> list[Projection]:
        return sorted(m.projections, key=lambda p: (p.value is None, -(p.value or 0)))

    @property
    def spread_rows(self) -> list[list[object]]:
        return [[m.market, m.region, m.year, len([p for p in m.projections if p.value is not None]), m.minimum,
                 m.median, m.maximum, m.ratio and round(m.ratio, 3)] for m in self.markets]


COMPARE_COLUMNS = ["market", "region", "year", "estimate", "source", "value_usd", "how", "cagr_percent", "window"]
SPREAD_COLUMNS = ["market", "region", "year", "estimates", "min_usd", "median_usd", "max_usd", "max/min"]


def compare(source, year: int | None = None, market: str | None = None, timeout: float | None = None) -> Comparison:
    """Per market (scope and region), every estimate's value in one common year: stated, or
    projected from its nearest stated size with its own CAGR (or the rate its sizes imply).
    Without `year`, each market's common year is the one most of its estimates cover, preferring
    a year they state, then the latest."""
    found = figures(source, market, timeout)
    groups: dict[tuple[str, str], list[Estimate]] = {}
    for est in estimates(found):
        if est.sizes:
            groups.setdefault((est.market, est.region), []).append(est)
    out = []
    for (name, region), ests in groups.items():
        common = year if year is not None else common_year(ests)
        projections = []
        for est in ests:
            value, how, outside = est.value_in(common)
            years = sorted(est.sizes)
            said = est.cagr or est.sizes[est.base_year]
            projections.append(Projection(
                est.name, est.publisher, est.source, value, how, outside, est.rate, _window(*est.window),
                years[0], est.sizes[years[0]].value, years[-1] if len(years) > 1 else None,
                est.sizes[years[-1]].value if len(years) > 1 else None, said.sentence, said.start))
        values = sorted(p.value for p in projections if p.value is not None)
        mc = MarketComparison(name, region, common, projections)
        if values:
            mc.minimum, mc.median, mc.maximum = values[0], statistics.median(values), values[-1]
        out.append(mc)
    out.sort(key=lambda m: (-len(m.projections), m.market, m.region))
    return Comparison(year, out)


def common_year(ests: list[Estimate]) -> int | None:
    years = {y for e in ests for y in e.sizes}
    if not years:
        return None

    def covered(y: int) -> int:
        n = 0
        for e in ests:
            a, b = e.window
            lo = a if a is not None else min(e.sizes)
            hi = b if b is not None else max(e.sizes)
            n += lo <= y <= hi or y in e.sizes
        return n

    return max(years, key=lambda y: (covered(y), sum(y in e.sizes for e in ests), y))


# ---------------------------------------------------------------- check

@dataclass
class Finding:
    """One estimate checked: its base, its forecast, the CAGR and what they give."""
    kind: str                        # growth | contradiction
    consistent: bool
    market: str
    region: str
    estimate: str
    source: str | None
    base_year: int | None
    base_value: float | None
    forecast_year: int | None
    forecast_value: float | None     # as stated
    cagr: float | None
    expected: float | None           # base x (1 + CAGR)^years, or the other set's value
    difference: float | None         # stated / expected - 1
    evidence: str | None
    start: int | None = None

    @property
    def message(self) -> str:
        where = f"{self.estimate}, {self.market} ({self.region})"
        if self.kind == "contradiction":
            return (f"{where}: {self.source} states {money(self.forecast_value)} and {money(self.expected)} for "
                    f"{self.forecast_year} ({self.difference:+.1%})")
        verdict = "consistent" if self.consistent else "INCONSISTENT"
        return (f"{where}: {money(self.base_value)} in {self.base_year} at {self.cagr:g}% a year gives "
                f"{money(self.expected)} in {self.forecast_year}; stated {money(self.forecast_value)} "
                f"({self.difference:+.1%}): {verdict}")


@dataclass
class Check:
    findings: list[Finding]
    unchecked: int                   # estimates without a base, a forecast and a CAGR together
    columns: list[str] = field(default_factory=lambda: list(CHECK_COLUMNS))

    @property
    def inconsistent(self) -> list[Finding]:
        return [f for f in self.findings if not f.consistent]

    @property
    def summary(self) -> str:
        checked = [f for f in self.findings if f.kind == "growth"]
        bad = self.inconsistent
        if not checked and not bad:
            return f"no estimate states a base value, a forecast value and a CAGR together ({self.unchecked} unchecked)"
        head = (f"{len(checked) - len([f for f in checked if not f.consistent])} of {len(checked)} estimate(s) with "
                f"base, forecast and CAGR are consistent")
        contradictions = [f for f in bad if f.kind == "contradiction"]
        growth = [f for f in bad if f.kind == "growth"]
        parts = [f.message for f in growth]
        pages = sorted({f.source or "?" for f in contradictions})
        if pages:
            parts.append(f"{len(contradictions)} year(s) stated with two values in {', '.join(pages)}")
        if not parts:
            return head + "; no page contradicts itself"
        return head + "; not: " + "; ".join(parts)

    def records(self) -> list[dict[str, object]]:
        """`rows` as dicts, each with its evidence (sentence, source, start) for an answer's table."""
        return [{**dict(zip(self.columns, row)), "sentence": f.evidence, "source": f.source, "start": f.start}
                for row, f in zip(self.rows, self.findings)]

    @property
    def rows(self) -> list[list[object]]:
        return [[f.market, f.region, f.estimate, f.source, f.kind, f.base_year, f.base_value, f.cagr, f.forecast_year,
                 f.forecast_value, f.expected and round(f.expected), f.difference and round(f.difference, 4),
                 "yes" if f.consistent else "NO", f.evidence] for f in self.findings]


CHECK_COLUMNS = ["market", "region", "estimate", "source", "check", "base_year", "base_usd", "cagr_percent",
                 "forecast_year", "stated_usd", "expected_usd", "difference", "consistent", "evidence"]


def check(source, market: str | None = None, timeout: float | None = None) -> Check:
    """Each estimate that states a base value, a forecast value and a CAGR: does base x (1 +
    CAGR)^years come within 2% of the forecast, allowing for the rounding the figures were stated
    with? And each page that states two values for one market, publisher and year (or two CAGRs for
    one window): a contradiction."""
    ests = estimates(figures(source, market, timeout))
    findings, unchecked = [], 0
    for est in ests:
        pair = _base_and_forecast(est)
        if pair is None:
            unchecked += 1
            continue
        findings.append(_growth_finding(est, *pair))
    findings += _contradictions(ests)
    return Check(findings, unchecked)


def _base_and_forecast(est: Estimate) -> tuple[Figure, Figure] | None:
    if est.cagr is None or len(est.sizes) < 2:
        return None
    a, b = est.cagr.from_year, est.cagr.to_year
    if a is not None and b is not None:
        if a in est.sizes and b in est.sizes:
            return est.sizes[a], est.sizes[b]
        return None
    if a is None and b is None:
        years = sorted(est.sizes)
        return est.sizes[years[0]], est.sizes[years[-1]]
    return None


def _growth_finding(est: Estimate, base: Figure, forecast: Figure) -> Finding:
    years = forecast.year - base.year
    rate = est.cagr.value
    expected = base.value * (1 + rate / 100) ** years
    db, df, dr = half_unit(base.value), half_unit(forecast.value), half_unit(rate)
    low = (base.value - db) * (1 + (rate - dr) / 100) ** years * (1 - TOLERANCE)
    high = (base.value + db) * (1 + (rate + dr) / 100) ** years * (1 + TOLERANCE)
    consistent = forecast.value + df >= low and forecast.value - df <= high
    return Finding("growth", consistent, est.market, est.region, est.name, est.source, base.year, base.value,
                   forecast.year, forecast.value, rate, expected, forecast.value / expected - 1,
                   est.cagr.sentence or forecast.sentence, est.cagr.start if est.cagr.sentence else forecast.start)


def _contradictions(ests: list[Estimate]) -> list[Finding]:
    out = []
    by_page: dict[tuple, list[Estimate]] = {}
    for e in ests:
        by_page.setdefault((e.source, e.market, e.region, e.publisher), []).append(e)
    for group in by_page.values():
        for i, first in enumerate(group):
            for later in group[i + 1:]:
                for year in sorted(set(first.sizes) & set(later.sizes)):
                    a, b = first.sizes[year], later.sizes[year]
                    if not _agree(a.value, b.value):
                        out.append(Finding("contradiction", False, first.market, first.region,
                                           f"{first.name} vs {later.name}", first.source, None, None, year,
                                           a.value, None, b.value, a.value / b.value - 1, b.sentence, b.start))
    return out


def _agree(a: float, b: float) -> bool:
    return abs(a - b) <= half_unit(a) + half_unit(b) + TOLERANCE * max(a, b)


def half_unit(value: float) -> float:
    """Half the last unit a number was stated in: 1.2e9 ("1.2 billion") -> 5e7; 35.4 -> 0.05.
    Trailing zeros are lost in the graph ("1.20" reads as "1.2"), so this errs on the wide side."""
    d = Decimal(repr(float(value))).normalize()
    exponent = d.as_tuple().exponent
    return float(Decimal(5) * Decimal(10) ** (exponent - 1)) if isinstance(exponent, int) else 0.0


# ---------------------------------------------------------------- most optimistic

@dataclass
class Optimism:
    market: str
    region: str
    estimate: str
    publisher: str | None
    source: str | None
    rate: float                      # percent a year (stated CAGR, or implied by its sizes)
    stated: bool
    value: float | None              # in the common year
    year: int | None
    others: list[tuple[str, float]]  # the other estimates' rates, highest first
    sentence: str | None = None
    start: int | None = None


@dataclass
class MostOptimistic:
    markets: list[Optimism]
    columns: list[str] = field(default_factory=lambda: ["market", "region", "most optimistic", "source",
                                                        "cagr_percent", "year", "value_usd", "others"])

    @property
    def summary(self) -> str:
        if not self.markets:
            return "no estimate in the store states a growth rate"
        parts = []
        for o in self.markets:
            rate = f"{o.rate:.4g}% a year" + ("" if o.stated else " (implied by its sizes)")
            value = f", {money(o.value)} in {o.year}" if o.value is not None else ""
            others = f" (others: {', '.join(f'{n} {r:.4g}%' for n, r in o.others)})" if o.others else \
                " (the only estimate with a growth rate)"
            parts.append(f"{o.market} ({o.region}): {o.estimate}, {rate}{value}{others}")
        return "most optimistic: " + "; ".join(parts)

    def records(self) -> list[dict[str, object]]:
        """`rows` as dicts, each with its evidence (sentence, source, start) for an answer's table."""
        return [{**dict(zip(self.columns, row)), "sentence": o.sentence, "source": o.source, "start": o.start}
                for row, o in zip(self.rows, self.markets)]

    @property
    def rows(self) -> list[list[object]]:
        return [[o.market, o.region, o.estimate, o.source, round(o.rate, 2), o.year, o.value,
                 ", ".join(f"{n} {r:.4g}%" for n, r in o.others)] for o in self.markets]


def most_optimistic(source, year: int | None = None, market: str | None = None,
                    timeout: float | None = None) -> MostOptimistic:
    """Per market, the estimate that expects the fastest growth (its CAGR, else the rate its sizes
    imply); its value in the comparison's common year alongside. Growth, not size, because
    publishers draw a market's boundary differently: their base values differ by definition."""
    comparison = compare(source, year, market, timeout)
    by_market: dict[tuple, list[Estimate]] = {}
    for est in estimates(figures(source, market, timeout)):
        if est.sizes and est.rate is not None:
            by_market.setdefault((est.market, est.region), []).append(est)
    out = []
    for m in comparison.markets:
        ests = sorted(by_market.get((m.market, m.region), []), key=lambda e: -e.rate)
        if not ests:
            continue
        top = ests[0]
        projection = next((p for p in m.projections if p.estimate == top.name and p.source == top.source), None)
        said = top.cagr or top.sizes[top.base_year]
        out.append(Optimism(m.market, m.region, top.name, top.publisher, top.source, top.rate, top.cagr is not None,
                            projection.value if projection else None, m.year,
                            [(e.name, e.rate) for e in ests[1:]], said.sentence, said.start))
    return MostOptimistic(out)


# ---------------------------------------------------------------- chart

def chart(comparison: Comparison, path: Path, source=None, timeout: float | None = None) -> None:
    """One panel per market: one line per estimate from its base to its forecast, grown at its own
    CAGR (an inconsistent estimate's line misses its stated forecast, a dot), its value in the
    common year marked (a square when stated, a cross when projected), and the common year as a
    dashed line. PNG, SVG or PDF by the file's extension."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise SpacekgError(f"cannot draw {path.name}: give a .png, .svg or .pdf file")
    markets = [m for m in comparison.markets if any(p.base_year for p in m.projections)]
    if not markets:
        raise SpacekgError("no market sizes in the store to draw")
    by_key = {}
    if source is not None:
        for est in estimates(figures(source, timeout=timeout)):
            by_key[(est.market, est.region, est.name, est.source)] = est
    fig, axes = plt.subplots(len(markets), 1, figsize=(9, 4.2 * len(markets)), squeeze=False)
    for ax, m in zip(axes[:, 0], markets):
        for p in m.projections:
            est = by_key.get((m.market, m.region, p.estimate, p.source))
            xs, ys = _curve(est, p)
            label = p.estimate + (f" ({p.rate:.3g}%/yr)" if p.rate is not None else "")
            line, = ax.plot(xs, ys, marker=None, label=label)
            stated = sorted(est.sizes.items()) if est else [(p.base_year, p.base_value)]
            ax.plot([y for y, _ in stated], [f.value / 1e9 if hasattr(f, "value") else f / 1e9 for _, f in stated],
                    "o", color=line.get_color())
            if p.value is not None:
                ax.plot([m.year], [p.value / 1e9], "x" if p.how != "stated" else "s", color=line.get_color())
        shown = [x for line in ax.get_lines() for x in line.get_xdata()] + ([m.year] if m.year else [])
        pad = 0.5 if max(shown) > min(shown) else 2.5
        ax.set_xlim(min(shown) - pad, max(shown) + pad)
        ax.ticklabel_format(axis="x", useOffset=False, style="plain")
        if m.year is not None:
            ax.axvline(m.year, color="grey", linestyle="--", linewidth=1)
            ax.annotate(f"common year {m.year}", (m.year, 1), xycoords=("data", "axes fraction"),
                        xytext=(3, -12), textcoords="offset points", fontsize=8, color="grey")
        ax.set_title(f"{m.market} ({m.region})" + (f": max/min {m.ratio:.2f} in {m.year}" if m.ratio else ""))
        ax.set_ylabel("USD billion")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    try:
        fig.savefig(path)
    except OSError as e:
        raise SpacekgError(f"cannot write {path}: {e.strerror or e}") from None
    finally:
        plt.close(fig)


def _curve(est: Estimate | None, p: Projection) -> tuple[list[int], list[float]]:
    """Year by year from the base to the forecast (and on to the common year when it lies outside)."""
    if est is None or not est.sizes:
        return [p.base_year], [p.base_value / 1e9]
    years = sorted(est.sizes)
    lo, hi = years[0], years[-1]
    a, b = est.window
    lo, hi = min(lo, a or lo), max(hi, b or hi)
    rate, base = est.rate, est.base_year
    if rate is None:
        return years, [est.sizes[y].value / 1e9 for y in years]
    xs = list(range(lo, hi + 1))
    return xs, [est.sizes[base].value * (1 + rate / 100) ** (y - base) / 1e9 for y in xs]


# ---------------------------------------------------------------- helpers

def money(value: float | None) -> str:
    if value is None:
        return "n/a"
    for scale, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "mn")):
        if abs(value) >= scale:
            return f"USD {value / scale:.3g} {word}"
    return f"USD {value:,.0f}"


def _window(a: int | None, b: int | None) -> str:
    if a is None and b is None:
        return "not stated"
    return f"{a if a is not None else '?'}-{b if b is not None else '?'}"
