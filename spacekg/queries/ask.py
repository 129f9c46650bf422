"""Plain-English questions mapped onto the named queries.

    >>> from spacekg.queries.ask import ask
    >>> answer = ask(store, "which players target lunar ice?")
    >>> answer.summary, answer.evidence()

The question forms live in data/questions.yaml: families of regex patterns, each naming a handler
below. A handler resolves the names the pattern captured (queries/names.py), runs named queries
(queries/*.rq) with those entities bound as parameters, and builds an Answer. Text from the
question never becomes SPARQL: it is only compared with the names read from the store.

`store` is anything with `.query(sparql, substitutions=None, timeout=None)`.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from ..errors import SpacekgError
from ..graph import iri
from ..text import money, shorten
from .access import Reader, literal
from .answer import Answer, Evidence, Section
from .names import CONCEPT_KINDS, KIND_PLURAL, KINDS, Entity, Names

CLASS_OF_KIND = {"resource": "Resource", "platform": "Platform", "application": "Application", "phase": "Phase",
                 "technology": "Technology"}
SM = "https://w3id.org/spacekg/ontology#"
MAX_QUESTION = 1000                     # characters; name matching grows with the number of words


class QuestionError(SpacekgError):
    """A question that cannot be mapped onto the graph (exit code 2, like a usage error)."""
    exit_code = 2


class Unresolved(Exception):
    """A family's pattern matched, but the names it captured are not in the store."""


# ---------------------------------------------------------------- the question forms

@dataclass
class Family:
    name: str
    handler: str
    patterns: list[re.Pattern]
    args: dict = field(default_factory=dict)
    search: bool = False
    fallback: bool = False        # a catch-all form: failing it means the question is not understood

    def match(self, question: str) -> dict[str, str] | None:
        for p in self.patterns:
            m = p.search(question) if self.search else p.fullmatch(question)
            if m:
                return {k: v.strip() for k, v in m.groupdict().items() if v}
        return None


@dataclass
class ReportWords:
    """Words that ask for the report's own statements: a kind, a topic, or the timeline."""
    pattern: re.Pattern
    kind: str | None = None               # an ontology class name (Challenge, Driver ...)
    topic: str | None = None              # a topic concept label
    timeline: bool = False


@dataclass
class Forms:
    openings: list[re.Pattern]
    families: list[Family]
    reply: list[str]                      # the forms listed when a question is not understood
    report_words: list[ReportWords] = field(default_factory=list)


@lru_cache(maxsize=1)
def forms() -> Forms:
    raw = yaml.safe_load(resources.files("spacekg").joinpath("data/questions.yaml").read_text("utf-8"))
    words = {k: v.strip() for k, v in raw["words"].items()}
    words["report_words"] = "|".join(w["words"] for w in raw.get("report_words", []))

    def compile_(pattern: str) -> re.Pattern:
        return re.compile(re.sub(r"\{(\w+)\}", lambda m: words[m.group(1)], pattern))

    families = [Family(f["name"], f["handler"], [compile_(p) for p in f["patterns"]],
                       dict(f.get("args") or {}), bool(f.get("search")),
                       bool(f.get("fallback"))) for f in raw["families"]]
    openings = [re.compile("^" + o) for o in raw.get("openings", [])]
    report_words = [ReportWords(re.compile(rf"\b(?:{w['words']})\b"), w.get("kind"), w.get("topic"),
                                bool(w.get("timeline"))) for w in raw.get("report_words", [])]
    return Forms(openings, families, list(raw["reply"]), report_words)


CONTRACTIONS = {"what's": "what is", "who's": "who is", "where's": "where is", "which's": "which is",
                "how's": "how is", "what're": "what are", "who're": "who are", "isn't": "is not"}


def normalise_question(question: str) -> str:
    """Lower case, straight quotes, contractions spelt out, quotes and end punctuation dropped."""
    q = question.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})).casefold()
    q = " ".join(q.split())
    for short, long in CONTRACTIONS.items():
        q = re.sub(rf"\b{re.escape(short)}\b", long, q)
    q = re.sub(r"(?<=\w)'s\b", "\x00", q)              # keep possessives, drop every other quote
    q = re.sub(r"[\"'`]", " ", q).replace("\x00", "'s")
    q = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", q)          # full stops, "vs.", "Inc." (not "7.6")
    q = re.sub(r"[?!;:,]+", " ", q)
    q = " ".join(q.split())
    for opening in forms().openings:
        q = opening.sub("", q, count=1)
    return q.strip()


# ---------------------------------------------------------------- asking

@dataclass
class Context:
    reader: Reader
    question: str = ""
    _names: Names | None = None

    @property
    def names(self) -> Names:
        if self._names is None:
            self._names = Names.load(self.reader)
        return self._names

    def rows(self, name: str, **params) -> list[dict]:
        return self.reader.rows(name, **params)


def ask(store, question: str, timeout: float | None = None) -> Answer:
    """Answer a plain-English question from the graph in `store` (raises QuestionError if it cannot)."""
    if len(question) > MAX_QUESTION:
        raise QuestionError(f"the question is {len(question)} characters long; ask one of at most {MAX_QUESTION}")
    q = normalise_question(question)
    if not q:
        raise QuestionError(_not_understood(question))
    ctx = Context(Reader(store, timeout), q)
    failures: list[tuple[Family, Unresolved]] = []
    for family in forms().families:
        groups = family.match(q)
        if groups is None:
            continue
        try:
            answer = HANDLERS[family.handler](ctx, **groups, **family.args)
        except Unresolved as e:
            failures.append((family, e))
            continue
        answer.question = question.strip()
        answer.family = family.name
        answer.runs = list(ctx.reader.runs)
        return answer
    real = [e for f, e in failures if not f.fallback]
    if real:
        raise QuestionError(str(real[0]))
    raise QuestionError(_not_understood(question, failures[0][1] if failures else None))


def _not_understood(question: str, reason: Unresolved | None = None) -> str:
    shown = " ".join(question.split())
    shown = shorten(shown, 80)
    lines = [f"cannot map the question '{shown}' onto the graph" + (f"; {reason}" if reason else "")
             + ". Questions I understand, for example:"]
    lines += [f"  {form}" for form in forms().reply]
    return "\n".join(lines)


# ---------------------------------------------------------------- resolving names

def _resolve(ctx: Context, text: str, kinds: Iterable[str]) -> list[Entity]:
    kinds = tuple(kinds)
    found = [m.entity for m in ctx.names.find(_strip_filler(text), kinds)]
    if "technology" in kinds:           # "ISRU" -> "ISRU systems" too; "robots" -> "... excavation robots"
        found += ctx.names.containing(_strip_filler(text), "technology")
    if not found:
        raise Unresolved(_unknown(ctx, text, kinds))
    return list(dict.fromkeys(found))


def _player(ctx: Context, text: str) -> Entity:
    e = ctx.names.one(_strip_filler(text), ("player",))
    if e is None:
        raise Unresolved(_unknown(ctx, text, ("player",)))
    return e


def _strip_filler(text: str) -> str:
    return re.sub(r"^(?:the|a|an|all|any)\s+|\s+(?:please|now|today|currently|recently)$", "", text.strip())


def _unknown(ctx: Context, text: str, kinds: tuple[str, ...]) -> str:
    what = f"no {' or '.join(kinds)}" if len(kinds) <= 2 else "nothing"
    message = f"{what} in the store matches '{text}'"
    close = ctx.names.suggest(text, kinds)
    if close:
        return message + f" (did you mean {', '.join(close)}?)"
    known = [e.label for k in kinds for e in ctx.names.of_kind(k)] if len(kinds) <= 2 else []
    if known:
        return message + f" (known: {', '.join(known[:12])}{' ...' if len(known) > 12 else ''})"
    return message


def _split(entities: list[Entity]) -> dict[str, list[Entity]]:
    out: dict[str, list[Entity]] = {k: [] for k in KINDS}
    for e in entities:
        out[e.kind].append(e)
    return out


def _labels(entities: Iterable[Entity], joiner: str = " or ") -> str:
    return joiner.join(e.label for e in entities)


def _describe(entities: list[Entity]) -> str:
    """Entities of one kind are alternatives (or), of different kinds all hold (and)."""
    kinds = _split(entities)
    return " and ".join(_labels(kinds[k]) for k in KINDS if kinds[k])


def _combos(*groups: list) -> Iterable[tuple]:
    """Every combination of one value per group; an empty group contributes None (unbound)."""
    return itertools.product(*[g or [None] for g in groups])


def _iri(e: Entity | None) -> str | None:
    return e.iri if e else None


# ---------------------------------------------------------------- target claims

def _claims(ctx: Context, resources=(), platforms=(), concerns=(), players=()) -> list[dict]:
    """Target claims naming one of `resources` AND one of `platforms` AND ..., each claim once."""
    seen: dict[str, dict] = {}
    for r, p, c, pl in _combos(list(resources), list(platforms), list(concerns), list(players)):
        for row in ctx.rows("players-targeting", resource=_iri(r), platform=_iri(p), concern=_iri(c),
                            player=_iri(pl)):
            seen.setdefault(row["claim"], row)
    return sorted(seen.values(), key=lambda r: (str(r["name"]).casefold(), str(r.get("source")), r.get("start") or 0))


def _claim_row(row: dict, with_player: bool = True) -> dict:
    out = {"resource": row.get("resourceLabel") or "", "platform": row.get("platformLabel") or "",
           "phase/application": row.get("concernLabel") or "", "evidence": _ev(row)}
    return {"player": row["name"], **out} if with_player else out


def _ev(row: dict) -> list[Evidence]:
    e = Evidence.of(row)
    return [e] if e else []


def describe_target(resources: list[Entity], platforms: list[Entity], concerns: list[Entity]) -> str:
    parts = []
    if resources:
        parts.append(_labels(resources))
    if platforms:
        parts.append(("on " if resources else "") + _labels(platforms))
    text = " ".join(parts)
    if concerns:
        text = f"{text} ({_labels(concerns, ', ')})" if text else _labels(concerns)
    return text


def players_about(ctx: Context, x: str, prefer: str = "concept") -> Answer:
    """Which players target / go after / use X (resources, platforms, phases, applications, technologies)."""
    found = _split(_resolve(ctx, x, CONCEPT_KINDS + ("technology",)))
    has_concepts = any(found[k] for k in CONCEPT_KINDS)
    if found["technology"] and (prefer == "technology" or not has_concepts):
        return _players_with_technology(ctx, found["technology"])
    return _players_targeting(ctx, found["resource"], found["platform"], found["application"] + found["phase"])


def _players_targeting(ctx: Context, resources, platforms, concerns) -> Answer:
    desc = describe_target(resources, platforms, concerns)
    claims = _claims(ctx, resources, platforms, concerns)
    players = _distinct(claims, "name")
    answer = Answer("", "", f"players targeting {desc}")
    if players:
        answer.summary.append(f"{_count(len(players), 'player')} target{'s' if len(players) == 1 else ''} "
                              f"{desc}: {_some(players)}.")
    else:
        answer.summary.append(f"No player in the store is said to target {desc}.")
        parts = [(resources, "{} on any platform"), (platforms, "any resource on {}"),
                 (concerns, "{} (any resource or platform)")]
        if sum(bool(d) for d, _ in parts) > 1:          # say who targets each part alone
            for part, wording in parts:
                if part:
                    names = _distinct(_claims(ctx, *(part if d is part else [] for d, _ in parts)), "name")
                    answer.notes.append(f"Players targeting {wording.format(_labels(part))}: "
                                        f"{_some(names) or 'none'}.")
    answer.sections.append(Section("target claims", ["player", "resource", "platform", "phase/application"],
                                   [_claim_row(r) for r in claims]))
    return answer


def _players_with_technology(ctx: Context, technologies: list[Entity]) -> Answer:
    rows = _technology_rows(ctx, technologies=technologies)
    players = _distinct(rows, "name")
    desc = _labels(technologies)
    answer = Answer("", "", f"players that develop or use {desc}")
    verb = "develops or uses" if len(players) == 1 else "develop or use"
    answer.summary.append(f"{_count(len(players), 'player')} {verb} {desc}: {_some(players)}." if players
                          else f"No player in the store is said to develop or use {desc}.")
    answer.sections.append(Section("technologies", ["player", "technology"],
                                   [{"player": r["name"], "technology": r["technologyLabel"], "evidence": _ev(r)}
                                    for r in rows]))
    return answer


def _technology_rows(ctx: Context, technologies=(), players=()) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for t, p in _combos(list(technologies), list(players)):
        for row in ctx.rows("players-technologies", technology=_iri(t), player=_iri(p)):
            seen.setdefault((row["player"], row["technology"], row.get("start")), row)
    return list(seen.values())


# ---------------------------------------------------------------- one player

def player_targets(ctx: Context, player: str) -> Answer:
    p = _player(ctx, player)
    claims = _claims(ctx, players=[p])
    answer = Answer("", "", f"what {p.label} targets")
    answer.summary.append(f"{p.label} targets {_target_summary(claims)}." if claims
                          else f"No target of {p.label} is recorded in the store.")
    answer.sections.append(Section(f"what {p.label} targets", ["resource", "platform", "phase/application"],
                                   [_claim_row(r, with_player=False) for r in claims]))
    return answer


def _target_summary(claims: list[dict]) -> str:
    parts = []
    for r in claims:
        res, plat = r.get("resourceLabel"), r.get("platformLabel")
        text = f"{res} on {plat}" if res and plat else (res or plat or "")
        if text and text not in parts:
            parts.append(text)
    return "; ".join(parts) or "unspecified resources"


def player_technologies(ctx: Context, player: str) -> Answer:
    p = _player(ctx, player)
    rows = _technology_rows(ctx, players=[p])
    return _listing(f"what {p.label} develops or uses", _distinct(rows, "technologyLabel"),
                    f"{p.label} develops or uses {{}}.", f"No technology of {p.label} is recorded in the store.",
                    _technology_section(f"technologies of {p.label}", rows))


def collaborators(ctx: Context, player: str) -> Answer:
    p = _player(ctx, player)
    rows = _partner_rows(ctx, p)
    return _listing(f"who collaborates with {p.label}", _distinct(rows, "partnerName"),
                    f"{p.label} collaborates with {{}}.", f"No collaboration of {p.label} is recorded in the store.",
                    _partner_section(f"partners of {p.label}", rows))


def _listing(understood: str, items: list[str], found: str, none: str, section: Section) -> Answer:
    answer = Answer("", "", understood, [found.format(_some(items)) if items else none])
    answer.sections.append(section)
    return answer


def _distinct(rows: list[dict], column: str) -> list[str]:
    return list(dict.fromkeys(r[column] for r in rows))


def _technology_section(title: str, rows: list[dict]) -> Section:
    return Section(title, ["technology"], [{"technology": r["technologyLabel"], "evidence": _ev(r)} for r in rows])


def _partner_section(title: str, rows: list[dict]) -> Section:
    return Section(title, ["partner"], [{"partner": r["partnerName"], "evidence": _ev(r)} for r in rows])


def _partner_rows(ctx: Context, p: Entity) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for row in ctx.rows("collaborations", player=p.iri):
        seen.setdefault((row["partner"], row.get("source"), row.get("start")), row)
    return list(seen.values())


def profile(ctx: Context, x: str) -> Answer:
    """Everything about one player (targets, technologies, partners, developments), or about a concept."""
    entities = _resolve(ctx, x, KINDS)
    players = [e for e in entities if e.kind == "player"]
    if not players:
        found = _split(entities)
        answer = players_about(ctx, x, prefer="concept" if any(found[k] for k in CONCEPT_KINDS) else "technology")
        answer.sections.append(_development_section(ctx, _development_rows(ctx, entities)))
        return answer
    p = players[0]
    info = next((r for r in ctx.rows("players") if r["player"] == p.iri), {})
    claims = _claims(ctx, players=[p])
    techs = _technology_rows(ctx, players=[p])
    partners = _partner_rows(ctx, p)
    devs = _development_rows(ctx, [p])
    answer = Answer("", "", f"what {p.label} works on")
    head = p.label + (f" ({info['kind']})" if info.get("kind") else "")
    if info.get("aliases"):
        head += f", also called {info['aliases']}"
    answer.summary.append(head + ".")
    answer.summary.append(f"Targets: {_target_summary(claims) if claims else 'none recorded'}.")
    answer.summary.append(f"Technologies: {_some(_distinct(techs, 'technologyLabel')) or 'none recorded'}.")
    answer.summary.append(f"Partners: {_some(_distinct(partners, 'partnerName')) or 'none recorded'}.")
    answer.summary.append(f"Developments: {len(devs)}.")
    answer.sections += [
        Section("target claims", ["resource", "platform", "phase/application"],
                [_claim_row(r, with_player=False) for r in claims]),
        _technology_section("technologies", techs),
        _partner_section("partners", partners),
        _development_section(ctx, devs),
    ]
    return answer


# ---------------------------------------------------------------- across reports

def players_by_reports(ctx: Context) -> Answer:
    """Players ranked by the number of reports that mention them (one node per player, however many reports)."""
    rows = ctx.rows("players-by-reports")
    answer = Answer("", "", "the players that appear in the most reports")
    if not rows:
        answer.summary.append("No players in the store.")
    else:
        top = rows[0]["reports"]
        leaders = [r["name"] for r in rows if r["reports"] == top]
        answer.summary.append(f"{_labels_of(leaders)} appear{'s' if len(leaders) == 1 else ''} in the most reports "
                              f"({top}); {_count(len(rows), 'player')} in all.")
    answer.sections.append(Section("players by reports", ["player", "reports"],
                                   [{"player": r["name"], "reports": r["reports"]} for r in rows]))
    return answer


def player_reports(ctx: Context, player: str) -> Answer:
    """The reports that mention a player, and the regions those reports are about."""
    p = _player(ctx, player)
    regions = ctx.rows("regions-of-player", player=p.iri)
    reports = ctx.rows("reports-of-player", player=p.iri)
    answer = Answer("", "", f"which reports, and which regions' reports, mention {p.label}")
    if not reports:
        answer.summary.append(f"No report in the store mentions {p.label}.")
    else:
        where = ", ".join(f"{r['regionName']} ({r['reports']})" for r in regions)
        answer.summary.append(f"{p.label} is mentioned in {_count(len(reports), 'report')}"
                              + (f": reports about {where}." if where else "."))
    answer.sections.append(Section(f"regions of the reports that mention {p.label}", ["region", "reports"],
                                   [{"region": r["regionName"], "reports": r["reports"]} for r in regions]))
    answer.sections.append(Section(f"reports that mention {p.label}", ["report", "title", "region"],
                                   [{"report": r["file"], "title": r.get("title") or "", "region": r.get("region") or ""}
                                    for r in reports]))
    return answer


def _some(names: list[str], most: int = 25) -> str:
    """Names for a sentence: all of them, or the first `most` and how many more (a corpus can have hundreds)."""
    if len(names) <= most:
        return ", ".join(names)
    return ", ".join(names[:most]) + f" and {len(names) - most:,} more"


def _labels_of(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ---------------------------------------------------------------- developments

def developments(ctx: Context, x: str | None = None) -> Answer:
    entities = _resolve(ctx, x, KINDS) if x else []
    rows = _development_rows(ctx, entities)
    desc = _describe(entities)
    answer = Answer("", "", f"developments involving {desc}, in time order" if entities
                    else "all developments, in time order")
    answer.summary.append(f"{_count(len(rows), 'development')} involv{'es' if len(rows) == 1 else 'e'} {desc}."
                          if entities else f"{_count(len(rows), 'development')} in the store.")
    answer.sections.append(_development_section(ctx, rows))
    return answer


def _development_rows(ctx: Context, entities: list[Entity]) -> list[dict]:
    found = _split(entities)
    topics = found["phase"] + found["application"] + found["technology"]
    seen: dict[str, dict] = {}
    for pl, r, p, t in _combos(found["player"], found["resource"], found["platform"], topics):
        for row in ctx.rows("developments", player=_iri(pl), resource=_iri(r), platform=_iri(p), topic=_iri(t)):
            seen.setdefault(row["development"], row)
    return sorted(seen.values(), key=lambda r: (r.get("date") is None, str(r.get("date") or ""),
                                                str(r.get("source")), r.get("start") or 0))


def _development_section(ctx: Context, rows: list[dict]) -> Section:
    return Section("developments", ["date", "participants", "development"],
                   [{"date": "" if r.get("date") is None else str(r["date"]), "participants": r.get("participants"),
                     "development": r["text"],
                     "evidence": [Evidence(r.get("sentence") or r["text"], r.get("source"), r.get("start"),
                                           r.get("end"))]}
                    for r in rows])


# ---------------------------------------------------------------- market, lists, compare

def market(ctx: Context, metric: str | None = None) -> Answer:
    rows = ctx.rows("market-figures", metric=literal(metric) if metric else None)
    what = {"cagr": "the growth rate (CAGR)", "market_size": "the market size"}.get(metric, "the market figures")
    answer = Answer("", "", what)
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", ctx.question)]
    if years:
        picked = [r for r in rows if any(_covers(r, y) for y in years)]
        if picked:
            rows, answer.understood = picked, f"{what} in {', '.join(map(str, years))}"
        else:
            answer.notes.append(f"No figure for {', '.join(map(str, years))}; all figures are shown.")
    sources = {r.get("source") for r in rows}
    for r in rows:
        name = _metric_name(r["kind"])
        line = f"{name[:1].upper() + name[1:]}: {_value(r)} {_period(r)}" + (" (forecast)" if r.get("forecast") else "")
        answer.summary.append(line + (f" - {r.get('source')}" if len(sources) > 1 else "") + ".")
    if not rows:
        answer.summary.append(f"No market figure{'' if metric is None else ' of this kind'} is recorded in the store.")
    answer.sections.append(Section("market figures", ["metric", "value", "period", "forecast"],
                                   [{"metric": _metric_name(r["kind"]), "value": _value(r), "period": _period(r),
                                     "forecast": "yes" if r.get("forecast") else "no", "evidence": _ev(r)}
                                    for r in rows]))
    return answer


def _covers(row: dict, year: int) -> bool:
    if row.get("year") is not None:
        return int(row["year"]) == year
    return row.get("fromYear") is not None and int(row["fromYear"]) <= year <= int(row.get("toYear") or year)


def _metric_name(kind: str) -> str:
    return {"market_size": "market size", "cagr": "CAGR"}.get(kind, kind.replace("_", " "))


def _value(row: dict) -> str:
    v = float(row["value"])
    if row.get("unit") == "percent":
        return f"{v:g}%"
    return money(v, row.get("unit", ""), digits=3)


def _period(row: dict) -> str:
    if row.get("year") is not None:
        return f"in {row['year']}"
    if row.get("fromYear") is not None:
        return f"over {row['fromYear']}-{row.get('toYear', '')}"
    return ""


def list_players(ctx: Context) -> Answer:
    rows = ctx.rows("players")
    answer = Answer("", "", "the list of players")
    answer.summary.append(f"{_count(len(rows), 'player')} in the store.")
    answer.sections.append(Section("players", ["player", "kind", "aliases", "claims", "sources"],
                                   [{"player": r["name"], "kind": r.get("kind") or "", "aliases": r.get("aliases") or "",
                                     "claims": r.get("claims") or 0, "sources": r.get("sources") or ""}
                                    for r in rows]))
    return answer


def list_concepts(ctx: Context, kind: str) -> Answer:
    rows = ctx.rows("concepts", **{"class": SM + CLASS_OF_KIND[kind]})
    plural = KIND_PLURAL[kind]
    answer = Answer("", "", f"the list of {plural}")
    answer.summary.append(f"{len(rows)} {plural}: {', '.join(r['label'] for r in rows)}." if rows
                          else f"No {plural} in the store.")
    answer.sections.append(Section(plural, [kind, "players", "claims", "in segmentation"],
                                   [{kind: r["label"], "players": r.get("players") or 0, "claims": r.get("claims") or 0,
                                     "in segmentation": "yes" if r.get("listedBy") else "no"} for r in rows]))
    return answer


def compare(ctx: Context, a: str, b: str) -> Answer:
    ea, eb = _resolve(ctx, a, KINDS)[0], _resolve(ctx, b, KINDS)[0]
    if ea.kind == "player" and eb.kind == "player":
        return _compare_players(ctx, ea, eb)
    if ea.kind in CONCEPT_KINDS and eb.kind in CONCEPT_KINDS:
        return _compare_concepts(ctx, ea, eb)
    raise Unresolved(f"can compare two players or two resources/platforms, not {ea.label} ({ea.kind}) "
                     f"and {eb.label} ({eb.kind})")


def _compare_players(ctx: Context, a: Entity, b: Entity) -> Answer:
    aspects: dict[str, dict[str, dict[str, list[Evidence]]]] = {}

    def add(aspect: str, who: str, value: str | None, ev: list[Evidence]):
        if value:
            for v in str(value).split("; "):
                aspects.setdefault(aspect, {a.label: {}, b.label: {}})[who].setdefault(v, []).extend(ev)

    for p in (a, b):
        for r in _claims(ctx, players=[p]):
            add("resources", p.label, r.get("resourceLabel"), _ev(r))
            add("platforms", p.label, r.get("platformLabel"), _ev(r))
            add("phases/applications", p.label, r.get("concernLabel"), _ev(r))
        for r in _technology_rows(ctx, players=[p]):
            add("technologies", p.label, r["technologyLabel"], _ev(r))
        for r in _partner_rows(ctx, p):
            add("partners", p.label, r["partnerName"], _ev(r))
    answer = Answer("", "", f"{a.label} compared with {b.label}")
    rows = []
    for aspect in ("resources", "platforms", "phases/applications", "technologies", "partners"):
        sides = aspects.get(aspect, {a.label: {}, b.label: {}})
        both = [v for v in sides[a.label] if v in sides[b.label]]
        evidence = list(dict.fromkeys(e for side in sides.values() for evs in side.values() for e in evs))
        rows.append({"aspect": aspect, a.label: ", ".join(sides[a.label]), b.label: ", ".join(sides[b.label]),
                     "both": ", ".join(both), "evidence": evidence})
        if both:
            answer.summary.append(f"Both: {', '.join(both)} ({aspect}).")
    if not answer.summary:
        answer.summary.append(f"{a.label} and {b.label} share no resource, platform, technology or partner "
                              f"in the store.")
    if any(r for r in _partner_rows(ctx, a) if r["partner"] == b.iri):
        answer.summary.append(f"{a.label} and {b.label} collaborate.")
    answer.sections.append(Section("comparison", ["aspect", a.label, b.label, "both"], rows))
    return answer


def _compare_concepts(ctx: Context, a: Entity, b: Entity) -> Answer:
    def claims_of(e: Entity) -> list[dict]:
        return _claims(ctx, **{{"resource": "resources", "platform": "platforms"}.get(e.kind, "concerns"): [e]})

    ca, cb = claims_of(a), claims_of(b)
    names = _distinct(ca + cb, "name")
    rows = [{"player": n, a.label: sum(r["name"] == n for r in ca), b.label: sum(r["name"] == n for r in cb),
             "evidence": list(dict.fromkeys(e for r in ca + cb if r["name"] == n for e in _ev(r)))} for n in names]
    both = [r["player"] for r in rows if r[a.label] and r[b.label]]
    answer = Answer("", "", f"players targeting {a.label} compared with {b.label}")
    answer.summary.append(f"{a.label}: {_some(_distinct(ca, 'name')) or 'no player'}.")
    answer.summary.append(f"{b.label}: {_some(_distinct(cb, 'name')) or 'no player'}.")
    answer.summary.append(f"Both: {_some(both) or 'none'}.")
    answer.sections.append(Section("target claims per player", ["player", a.label, b.label], rows))
    return answer


# ---------------------------------------------------------------- the report's own statements

def report_statements(ctx: Context) -> Answer:
    """Trends, drivers, challenges, findings, outlook, statements about a topic, and the timeline."""
    asked = [w for w in forms().report_words if w.pattern.search(ctx.question)]
    answer = Answer("", "", "")
    understood = []
    for w in asked:
        if w.timeline:
            understood.append("the timeline")
            _timeline_section(ctx, answer)
            continue
        if w.kind:
            rows = ctx.rows("report-statements", kind=SM + w.kind)
            what = KIND_PLURAL_STATEMENTS[w.kind]
        else:
            rows = ctx.rows("report-statements", about=iri.concept("topic", w.topic))
            what = f"statements about {w.topic}"
        understood.append(what)
        _statement_section(answer, what, rows)
        if w.kind == "Outlook":
            forecast = [r for r in ctx.rows("market-figures") if r.get("forecast")]
            answer.sections.append(Section("forecasts", ["metric", "value", "period"],
                                           [{"metric": _metric_name(r["kind"]), "value": _value(r),
                                             "period": _period(r), "evidence": _ev(r)} for r in forecast]))
    answer.understood = " and ".join(dict.fromkeys(understood))
    return answer


KIND_PLURAL_STATEMENTS = {"Challenge": "challenges and risks", "Driver": "drivers and opportunities",
                          "Trend": "trends", "KeyFinding": "key findings", "Outlook": "outlook statements"}


def _statement_section(answer: Answer, what: str, rows: list[dict]) -> None:
    seen: dict[str, dict] = {}
    for r in rows:
        seen.setdefault(r["statement"], r)
    rows = list(seen.values())
    sources = sorted({str(r["source"]) for r in rows})
    if rows:
        heads = [str(r.get("heading") or _short(str(r["text"]))) for r in rows]
        answer.summary.append(f"{what[:1].upper() + what[1:]} ({len(rows)}, from {', '.join(sources)}): "
                              f"{'; '.join(heads)}.")
    else:
        answer.summary.append(f"No {what} in the store.")
    answer.sections.append(Section(what, ["kind", "heading", "statement"],
                                   [{"kind": r["kindLabel"], "heading": r.get("heading") or "",
                                     "statement": r["text"],
                                     "evidence": [Evidence(str(r["text"]), r.get("source"), r.get("start"),
                                                           r.get("end"))]} for r in rows]))


def _timeline_section(ctx: Context, answer: Answer) -> None:
    rows = ctx.rows("report-timeline")
    answer.summary.append(f"Timeline: {len(rows)} dated item{'s' if len(rows) != 1 else ''}"
                          + (f", from {rows[0]['when']} to {rows[-1]['when']}." if rows else "."))
    answer.sections.append(Section("timeline", ["when", "kind", "what"],
                                   [{"when": str(r["when"]), "kind": r["kindLabel"], "what": r["what"],
                                     "evidence": [Evidence(str(r["what"]), r.get("source"), None, None)]}
                                    for r in rows]))


def _short(text: str, limit: int = 90) -> str:
    return shorten(text, limit)


def promising(ctx: Context) -> Answer:
    """Which technologies and platforms the reports support most, and which bodies go with which resources."""
    q = ctx.question
    wants_tech = bool(re.search(r"\btechnolog|\btech\b|\bsystems?\b", q))
    wants_bodies = bool(re.search(r"\bplatforms?\b|\bbod(?:y|ies)\b|\bdestinations?\b|\bviab|\bresource", q)) \
        or not wants_tech
    answer = Answer("", "", "")
    understood = []
    if wants_tech:
        rows = ctx.rows("promising-technologies")[:15]
        understood.append("technologies ranked by support")
        answer.summary.append("Most supported technologies: " + ", ".join(
            f"{r['name']} ({r['support_count']})" for r in rows[:6]) + "." if rows else "No technology in the store.")
        answer.sections.append(Section("technologies by support", ["technology", "support", "players"],
                                       [{"technology": r["name"], "support": r["support_count"],
                                         "players": r.get("players") or ""} for r in rows]))
    if wants_bodies:
        rows = ctx.rows("promising-platforms")
        understood.append("platforms ranked by support")
        answer.summary.append("Most supported platforms: " + ", ".join(
            f"{r['name']} ({r['support_count']}: {r['claims']} claims, {r['developments']} developments, "
            f"{r['statements']} statements)" for r in rows) + "." if rows else "No platform in the store.")
        answer.sections.append(Section("platforms by support", ["platform", "support", "claims", "developments",
                                                                "statements"],
                                       [{"platform": r["name"], "support": r["support_count"], "claims": r["claims"],
                                         "developments": r["developments"], "statements": r["statements"]}
                                        for r in rows]))
        pairs = ctx.rows("viable-bodies")
        understood.append("the resources named with each body")
        answer.sections.append(Section("resources by body", ["platform", "resource", "support"],
                                       [{"platform": r["platformName"], "resource": r["resourceName"],
                                         "support": r["support_count"]} for r in pairs]))
        if pairs:
            answer.summary.append("Strongest body-resource pairs: " + ", ".join(
                f"{r['resourceName']} on {r['platformName']} ({r['support_count']})" for r in pairs[:5]) + ".")
    answer.understood = " and ".join(understood)
    return answer


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


HANDLERS: dict[str, Callable[..., Answer]] = {
    "players_about": players_about, "player_targets": player_targets,
    "player_technologies": player_technologies, "profile": profile, "collaborators": collaborators,
    "developments": developments, "market": market, "list_players": list_players,
    "list_concepts": list_concepts, "compare": compare, "report_statements": report_statements,
    "promising": promising, "players_by_reports": players_by_reports, "player_reports": player_reports,
}
