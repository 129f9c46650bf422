"""A synthetic corpus of space-mining reports, for benchmarks (deterministic for a given seed).

Every company name is invented here from syllables (no real organisation); regions are real
places, because reports are about places. Reports vary in publisher style (a market-research page
like the bundled sample, a markdown briefing, an HTML page with menus, a news digest), length,
region, the players they name (drawn from one shared pool with a skewed distribution, so some
players appear in many reports and most in few) and their sentences (templates with many
variants: verbs, resources and their synonyms, platforms, technologies, years, figures).

    python benchmarks/synthetic.py OUT_DIR --docs 100 [--seed 7]

`synthetic_extractions()` yields extraction facts of the same shape without text, to top a store
up to a million triples without running spaCy (see run.py).
"""
from __future__ import annotations

import argparse
import html
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REGIONS = ["China", "India", "Japan", "South Korea", "Germany", "France", "United Kingdom", "Italy", "Spain",
           "Canada", "Brazil", "Mexico", "Argentina", "Chile", "Australia", "New Zealand", "Indonesia", "Vietnam",
           "Malaysia", "Thailand", "Singapore", "Saudi Arabia", "United Arab Emirates", "Israel", "Turkey",
           "South Africa", "Nigeria", "Egypt", "Kenya", "Luxembourg", "Netherlands", "Sweden", "Norway",
           "Finland", "Poland", "Switzerland", "Austria", "Belgium", "Portugal", "Ireland"]
BLOCS = ["Europe", "Asia", "Latin America", "North America", "Middle East", "Africa", "Asia Pacific", "GCC"]

SYLLABLES = ["ka", "lo", "ve", "tri", "no", "zar", "mi", "qua", "sel", "dor", "an", "thi", "bra", "xo", "ul",
             "ren", "ca", "pho", "tes", "mar", "vi", "gal", "or", "ny", "sta", "kor", "lu", "zen", "fi", "dra"]
HEADS = ["Robotics", "Space", "Aerospace", "Mining", "Resources", "Exploration", "Technologies", "Dynamics",
         "Orbital", "Astronautics", "Systems", "Ventures", "Industries", "Spaceworks", "Labs"]
SUFFIXES = ["Inc.", "Ltd.", "Corporation", "GmbH", "S.A.", "LLC", "Pte Ltd", "AG", "Holdings"]

RESOURCES = ["water ice", "lunar ice", "water", "platinum group metals", "PGMs", "platinum", "rare earth elements",
             "rare earths", "iron and nickel", "nickel-iron", "helium-3", "He-3", "regolith", "lunar soil",
             "silicates", "construction materials", "precious metals", "gold", "volatiles"]
PLATFORMS = ["the Moon", "the lunar surface", "the lunar south pole", "near-Earth asteroids", "NEAs", "asteroids",
             "the asteroid belt", "Mars", "Phobos", "comets", "Ceres"]
TECHS = ["ISRU systems", "autonomous excavation robots", "optical mining systems", "spectrometers",
         "CubeSat prospectors", "solar concentrator reactors", "regolith processing plants", "lidar sensors",
         "ion propulsion tugs", "microwave heating drills", "electrolysis modules", "robotic landers",
         "prospecting probes", "3D printing equipment", "machine learning navigation tools"]
APPLICATIONS = ["fuel generation", "life support", "in-space construction", "scientific research",
                "satellite servicing", "propellant production", "Earth return"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
STYLES = ["research", "briefing", "web", "digest"]
SUFFIX_OF_STYLE = {"research": ".txt", "briefing": ".md", "web": ".html", "digest": ".txt"}

TARGET_TEMPLATES = [
    "{p} plans to {verb} {res} on {plat} by {year}.",
    "{p} is developing a mission to {verb} {res} from {plat}, with a first launch expected in {year}.",
    "In {region}, {p} announced a program targeting {res} on {plat} for {app}.",
    "{p} aims to extract {res} from {plat} and convert it into material for {app}.",
    "The startup {p} is prospecting {plat} for {res} with a fleet of small spacecraft.",
    "{p} focuses on {res} harvesting on {plat}, according to company filings in {region}.",
    "With new funding, {p} will survey {plat} for deposits of {res} before {year}.",
    "{p} has begun testing hardware to mine {res} on {plat} in partnership with local universities.",
]
COLLAB_TEMPLATES = [
    "{p} signed a partnership agreement with {q} to develop {tech} for missions to {plat}.",
    "{p} and {q} announced a joint venture to share {tech} and launch capacity.",
    "{p} is collaborating with {q} on {tech} for {app} on {plat}.",
    "In {year}, {p} teamed up with {q} to test {tech} in {region}.",
    "{q} was selected by {p} to supply {tech} for its {plat} missions.",
]
TECH_TEMPLATES = [
    "{p} is developing {tech} for operations on {plat}.",
    "{p} unveiled {tech} designed to work in low gravity.",
    "Engineers at {p} are testing {tech} in a vacuum chamber in {region}.",
    "{p} demonstrated {tech} during a field campaign in {year}.",
]
DEVELOPMENT_TEMPLATES = [
    "{month} {year}: {p} launched a prospecting mission to {plat} to collect data on {res}.",
    "{p} raised USD {money} million to build {tech} for {app}.",
    "{p} announced a collaboration with {q} to develop {tech} expected to launch by {year}.",
    "{p} completed a demonstration of {tech} for extracting {res} on {plat} in {year}.",
    "{p} secured a contract from the {region} space agency to study {res} deposits on {plat}.",
    "{p} opened a research centre in {region} dedicated to {tech}.",
]
FILLER = [
    "Demand for {res} in {region} is rising as electronics, defence and energy industries look beyond terrestrial supply.",
    "Launch costs have fallen sharply, which improves the economics of missions to {plat}.",
    "Regulators in {region} are clarifying property rights for resources extracted in space.",
    "Investors remain cautious because returns depend on technologies that are not yet proven in orbit.",
    "Public-private partnerships in {region} are expected to fund early demonstration missions.",
    "The availability of {res} in space could reduce the cost of deep-space missions.",
    "Universities in {region} are training engineers in robotics, remote sensing and materials science.",
    "Insurance and liability frameworks for commercial activity beyond Earth orbit remain incomplete.",
    "Advances in autonomous navigation reduce the need for constant communication with ground stations.",
    "Several agencies have published roadmaps that place {plat} at the centre of resource utilisation plans.",
    "The market remains small but is attracting sovereign wealth funds and venture capital.",
    "Supply chains for propellant, power and habitat materials could be built from resources mined in situ.",
    "Export controls and technology transfer rules shape how firms in {region} cooperate with foreign partners.",
    "Long mission timelines make it difficult for young companies to sustain funding between milestones.",
    "Mapping campaigns by orbiters have identified promising deposits of {res} on {plat}.",
]
TREND_TITLES = ["Growing Interest in {Res} Extraction", "Miniaturisation of Prospecting Spacecraft",
                "AI-Driven Mapping of {Plat}", "Public-Private Partnerships", "Falling Launch Costs",
                "In-Situ Resource Utilisation Pilots", "Consolidation Among Start-ups", "New Legal Frameworks"]
QUESTIONS = ["What is the projected size of the space mining market in {region} through {to}?",
             "Which celestial bodies are most viable for mining operations?",
             "How is the regulatory environment in {region} shaping private investment?",
             "What technologies and platforms are most promising for resource extraction?",
             "Who are the leading companies and what are their strategies?"]
SEGMENTS = {
    "By Resource Type": ["Water/Ice", "Platinum Group Metals", "Rare Earth Elements", "Iron & Nickel",
                         "Silicates & Construction Material", "Helium-3"],
    "By Application": ["Construction (In-Space)", "Fuel Generation", "Life Support Systems", "Earth Return Mining",
                       "Scientific Research", "Satellite Servicing & Refueling"],
    "By Phase": ["Prospecting & Exploration", "Extraction & Excavation", "Processing & Storage", "Transportation"],
    "By Platform": ["Asteroids (NEAs)", "Moon", "Mars", "Other Celestial Bodies"],
}


@dataclass
class Company:
    name: str                  # canonical: "Zarmi Robotics"
    legal: str                 # as a players list writes it: "Zarmi Robotics, Inc."


def company_pool(size: int, seed: int = 7) -> list[Company]:
    """`size` distinct invented company names."""
    rng = random.Random(seed * 7919 + 1)
    seen: set[str] = set()
    out: list[Company] = []
    while len(out) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
        name = f"{word} {rng.choice(HEADS)}"
        if rng.random() < 0.25:
            name = f"{word} {rng.choice(SYLLABLES).capitalize()}{rng.choice(SYLLABLES)} {rng.choice(HEADS)}"
        if name in seen:
            continue
        seen.add(name)
        suffix = rng.choice(SUFFIXES)
        out.append(Company(name, f"{name}, {suffix}" if suffix in ("Inc.", "LLC") else f"{name} {suffix}"))
    return out


class Writer:
    """One report's sentences, drawn from the templates with this report's players and region."""

    def __init__(self, rng: random.Random, region: str, players: list[Company]):
        self.rng, self.region, self.players = rng, region, players

    def fill(self, template: str, **fixed) -> str:
        r = self.rng
        p, q = r.sample(self.players, 2) if len(self.players) > 1 else (self.players[0], self.players[0])
        values = {"p": p.name, "q": q.name, "res": r.choice(RESOURCES), "plat": r.choice(PLATFORMS),
                  "tech": r.choice(TECHS), "app": r.choice(APPLICATIONS), "year": r.randint(2025, 2035),
                  "region": self.region, "month": r.choice(MONTHS), "money": r.randint(5, 400),
                  "verb": r.choice(["mine", "extract", "harvest", "prospect for", "collect"]),
                  "Res": r.choice(["Lunar Ice", "Helium-3", "Platinum", "Regolith", "Water"]),
                  "Plat": r.choice(["the Moon", "Asteroids", "Mars"]), **fixed}
        text = template.format(**values)
        return text[0].upper() + text[1:]

    def sentences(self, n: int) -> list[str]:
        pools = [(TARGET_TEMPLATES, 4), (COLLAB_TEMPLATES, 2), (TECH_TEMPLATES, 2), (FILLER, 5)]
        out = []
        for _ in range(n):
            templates = self.rng.choices([t for t, _ in pools], weights=[w for _, w in pools])[0]
            out.append(self.fill(self.rng.choice(templates)))
        return out

    def paragraph(self, lo: int = 3, hi: int = 6) -> str:
        return " ".join(self.sentences(self.rng.randint(lo, hi)))


@dataclass
class Content:
    """What a report says, before a publisher lays it out."""
    title: str
    region: str
    start: int
    to: int
    size_from: float
    size_to: float
    cagr: float
    findings: list[str]
    size_text: str
    intro: list[str]
    trends: list[tuple[str, str]]
    players: list[Company]
    developments: list[str]
    questions: list[str]
    related: list[str]
    extra: list[str]


def make_content(rng: random.Random, pool: list[Company], weights: list[float]) -> Content:
    region = rng.choice(REGIONS) if rng.random() < 0.85 else rng.choice(BLOCS)
    chosen: dict[str, Company] = {}
    for _ in range(rng.randint(5, 12)):
        c = rng.choices(pool, weights=weights)[0]
        chosen[c.name] = c
    players = list(chosen.values())
    w = Writer(rng, region, players)
    start = rng.choice([2024, 2025, 2026])
    to = start + rng.choice([5, 6, 7, 8, 10])
    size_from = round(rng.uniform(0.2, 4.0), 1)
    cagr = round(rng.uniform(8, 40), 1)
    size_to = round(size_from * (1 + cagr / 100) ** (to - start), 1)
    size_text = rng.choice([
        "The {region} Space Mining Market is projected to grow from USD {a} billion in {s} to USD {b} billion by "
        "{t}, expanding at a CAGR of {c}% during the forecast period.",
        "Valued at USD {a} billion in {s}, the space mining market in {region} is expected to reach USD {b} billion "
        "by {t}, a CAGR of {c}% over {s}-{t}.",
        "Analysts expect the {region} market to expand at a CAGR of {c}% from {s} to {t}, from USD {a} billion to "
        "USD {b} billion.",
    ]).format(region=region, a=size_from, b=size_to, s=start, t=to, c=cagr)
    title = rng.choice(["{r} Space Mining Market", "{r} Space Resources Market Outlook",
                        "Space Mining in {r}: Market Report", "{r} Asteroid and Lunar Mining Market"]).format(r=region)
    n_trends = rng.randint(3, 8)
    return Content(
        title=title, region=region, start=start, to=to, size_from=size_from, size_to=size_to, cagr=cagr,
        findings=w.sentences(rng.randint(4, 9)),
        size_text=size_text + " " + w.paragraph(2, 4),
        intro=[w.paragraph() for _ in range(rng.randint(1, 4))],
        trends=[(w.fill(rng.choice(TREND_TITLES)), w.paragraph(2, 4)) for _ in range(n_trends)],
        players=players,
        developments=[w.fill(rng.choice(DEVELOPMENT_TEMPLATES)) for _ in range(rng.randint(3, 9))],
        questions=[q.format(region=region, to=to) for q in rng.sample(QUESTIONS, rng.randint(3, 5))],
        related=[f"{r} Space Mining Market" for r in rng.sample(REGIONS + BLOCS, rng.randint(4, 12))],
        extra=[w.paragraph() for _ in range(rng.randint(1, 8))],
    )


# ---------------------------------------------------------------- publisher styles

def research_style(c: Content, rng: random.Random) -> str:
    """Like the bundled sample: menus, bullets with two-space indents, a table of contents."""
    out = [c.title, "  • CHOOSE LICENCE TYPE", "Consulting Services", "",
           f"{c.title} Size and Forecasts {c.to}", "",
           f"Last Updated:  {rng.choice(MONTHS)[:3]} {rng.randint(1, 28):02d}, {c.start} | Study Period: "
           f"{c.start}-{c.to}", "", "Key Findings", ""]
    out += [f"  • {s}" for s in c.findings] + ["", f"{c.title} Size and Forecast", "", c.size_text, "",
                                               "Introduction", ""]
    out += [p + "\n" for p in c.intro] + [f"{c.title} Trends", ""]
    for title, body in c.trends:
        out += [f"  • {title}", f"    {body}"]
    out += ["", "Future Outlook", ""] + [p + "\n" for p in c.extra]
    out += [f"{c.title} Segmentation", ""]
    for heading, items in SEGMENTS.items():
        out += [heading, ""] + [f"  • {i}" for i in items] + [""]
    out += ["Leading Key Players", ""] + [f"  • {p.legal}" for p in c.players]
    out += ["", "Recent Developments", ""] + [f"  • {d}" for d in c.developments]
    out += ["", "This Market Report Will Answer the Following Questions", ""] + [f"  • {q}" for q in c.questions]
    out += ["", "Other Related Reports Of Space Mining Market", ""] + c.related
    out += ["", "Sl noTopic"] + [f"{i}{t}" for i, t in enumerate(
        ["Market Segmentation", "Scope of the report", "Research Methodology", "Executive summary",
         f"Key Trends in the {c.title}", "Competitive Landscape", "Company Profiles", "Conclusion"], 1)]
    return "\n".join(out) + "\n"


def briefing_style(c: Content, rng: random.Random) -> str:
    """A markdown briefing: # headings, - bullets, players with a one-line profile."""
    out = [f"# {c.title}", "", f"*Forecast period {c.start}–{c.to}*", "", "## Executive Summary", ""]
    out += [f"- {s}" for s in c.findings] + ["", "## Market Size", "", c.size_text, "", "## Overview", ""]
    out += [p + "\n" for p in c.intro] + ["## Market Trends", ""]
    for title, body in c.trends:
        out += [f"### {title}", "", body, ""]
    out += ["## Competitive Landscape", "", "Major companies operating in the market are " +
            ", ".join(p.name for p in c.players[:-1]) + f" and {c.players[-1].name}.", "", "## Key Players", ""]
    out += [f"- {p.legal} – {rng.choice(['lunar prospecting', 'asteroid surveys', 'ISRU hardware', 'launch services', 'robotic mining'])}"
            for p in c.players]
    out += ["", "## Key Developments", ""] + [f"- {d}" for d in c.developments]
    out += ["", "## Outlook", ""] + [p + "\n" for p in c.extra]
    return "\n".join(out) + "\n"


def web_style(c: Content, rng: random.Random) -> str:
    """An HTML page: navigation and scripts around <h2> sections, <ul> lists and <p> paragraphs."""
    e = html.escape
    parts = ["<!doctype html><html><head><title>" + e(c.title) + "</title>",
             "<script>window.dataLayer = [];</script><style>body{font-family:sans-serif}</style></head><body>",
             "<nav><a href='/'>Home</a> <a href='/reports'>Reports</a> <a href='/contact'>Request Sample</a></nav>",
             f"<h1>{e(c.title)}</h1>", "<h2>Key Findings</h2><ul>"]
    parts += [f"<li>{e(s)}</li>" for s in c.findings] + ["</ul>", "<h2>Market Size and Forecast</h2>",
                                                       f"<p>{e(c.size_text)}</p>", "<h2>Introduction</h2>"]
    parts += [f"<p>{e(p)}</p>" for p in c.intro] + ["<h2>Market Trends</h2><ul>"]
    parts += [f"<li><b>{e(t)}</b><br>{e(b)}</li>" for t, b in c.trends] + ["</ul>"]
    parts += ["<h2>Key Players</h2><ul>"] + [f"<li>{e(p.legal)}</li>" for p in c.players] + ["</ul>"]
    parts += ["<h2>Recent Developments</h2><ul>"] + [f"<li>{e(d)}</li>" for d in c.developments] + ["</ul>"]
    parts += ["<h2>Future Outlook</h2>"] + [f"<p>{e(p)}</p>" for p in c.extra]
    parts += ["<footer>© Market research publisher. All rights reserved. <a href='/buy'>Buy Now</a></footer>",
              "</body></html>"]
    return "\n".join(parts) + "\n"


def digest_style(c: Content, rng: random.Random) -> str:
    """A news digest: dated items, each a short paragraph, plus a market note."""
    out = [f"Space Resources Digest: {c.region}", "", "Market Overview", "", c.size_text, "", "News", ""]
    for d in c.developments + c.findings[:3]:
        day = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(c.start - 1, c.start + 1)}"
        out += [f"{c.region}, {day} — {d} " + " ".join(Writer(rng, c.region, c.players).sentences(2)), ""]
    out += ["Analysis", ""] + [p + "\n" for p in c.intro + c.extra]
    out += ["Companies mentioned in this digest include " + ", ".join(p.name for p in c.players[:-1]) +
            f" and {c.players[-1].name}.", ""]
    return "\n".join(out)


LAYOUTS = {"research": research_style, "briefing": briefing_style, "web": web_style, "digest": digest_style}


def pool_for(n_docs: int, seed: int = 7) -> tuple[list[Company], list[float]]:
    """The shared pool of players and their (skewed) weights: a few appear in many reports."""
    size = max(30, n_docs // 2)
    pool = company_pool(size, seed)
    return pool, [1.0 / (i + 1) ** 0.8 for i in range(size)]


def generate_reports(n: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """(file name, text) of `n` varied reports; the same seed gives the same corpus."""
    pool, weights = pool_for(n, seed)
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        style = rng.choice(STYLES)
        content = make_content(rng, pool, weights)
        slug = "-".join(content.region.lower().split())
        yield f"{slug}-{style}-{i:05d}{SUFFIX_OF_STYLE[style]}", LAYOUTS[style](content, rng)


def write_corpus(out: Path, n: int, seed: int = 7) -> list[Path]:
    """Write `n` reports under `out` in per-style subfolders (a recursive build finds them all)."""
    paths = []
    for name, text in generate_reports(n, seed):
        style = name.rsplit("-", 2)[-2]
        p = out / style / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if not p.exists() or p.read_text("utf-8") != text:
            p.write_text(text, "utf-8")
        paths.append(p)
    return paths


# ---------------------------------------------------------------- facts without text

def synthetic_extractions(n: int, seed: int = 11, pool_size: int | None = None) -> Iterator:
    """Extraction facts shaped like real ones (players, claims, evidence, developments, figures)
    for `n` documents named synthetic-NNNNNN.txt: a store reaches 1M triples without spaCy."""
    from spacekg.extract.facts import (Collaboration, Development, Evidence, Extraction, MarketFigure, Player,
                                       SegmentItem, Target, TechnologyUse)

    pool = company_pool(pool_size or max(300, n // 3), seed)
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(pool))]
    res_labels = ["Water/Ice", "Platinum Group Metals", "Rare Earth Elements", "Iron & Nickel", "Helium-3",
                  "Regolith", "Precious Metals", "Silicates & Construction Material"]
    plat_labels = ["Moon", "Asteroids", "Mars", "Other Celestial Bodies"]
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        region = rng.choice(REGIONS + BLOCS)
        names = list({rng.choices(pool, weights=weights)[0].name for _ in range(rng.randint(5, 12))})
        w = Writer(rng, region, [Company(x, x) for x in names])
        pos = 0

        def ev(rule: str) -> Evidence:
            nonlocal pos
            s = w.paragraph(1, 1)
            pos += len(s) + 1
            return Evidence(s, pos - len(s) - 1, pos - 1, rule, round(rng.uniform(0.6, 0.95), 2), "Trends")

        ex = Extraction(doc=f"synthetic-{i:06d}.txt", title=f"{region} Space Mining Market")
        ex.players = [Player(x, [x + " Inc."] if rng.random() < 0.4 else [], "company", rng.random() < 0.7)
                      for x in names]
        ex.targets = [Target(rng.choice(names), rng.sample(res_labels, rng.randint(1, 2)),
                             rng.sample(plat_labels, rng.randint(0, 1)), ev("target_cue"))
                      for _ in range(rng.randint(4, 14))]
        ex.collaborations = [Collaboration(tuple(rng.sample(names, 2)), ev("collaboration_cue"))
                             for _ in range(rng.randint(0, 4)) if len(names) > 1]
        ex.technologies = [TechnologyUse(rng.choice(names), rng.choice(TECHS), ev("technology_object"))
                           for _ in range(rng.randint(1, 5))]
        ex.developments = [Development(rng.sample(names, 1), w.fill(rng.choice(DEVELOPMENT_TEMPLATES)),
                                       str(rng.randint(2024, 2032)), ev("developments_section"),
                                       {"platform": [rng.choice(plat_labels)]})
                           for _ in range(rng.randint(2, 8))]
        start = rng.choice([2024, 2025])
        ex.market = [MarketFigure("market_size", rng.uniform(2e8, 5e9), "USD", year=start, evidence=ev("market_figure")),
                     MarketFigure("cagr", round(rng.uniform(8, 40), 1), "percent", from_year=start, to_year=start + 7,
                                  forecast=True, evidence=ev("market_figure"))]
        ex.segments = [SegmentItem(dim, label, label) for dim, labels in
                       (("resource_type", res_labels[:6]), ("platform", plat_labels)) for label in labels]
        ex.regions = [region]
        yield ex


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    paths = write_corpus(args.out, args.docs, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} reports ({size / 1e6:.1f} MB) under {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
