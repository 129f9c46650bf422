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

from ..errors import QuestionError, SpacekgError
from ..graph import iri
from ..text import money, shorten
from .access import Reader, literal
from .answer import Answer, Evidence, Section
from .library import run_named
from .names import ALL_KINDS, CONCEPT_KINDS, KIND_PLURAL, KINDS, REGION, Entity, Names, key, load_data
from .summaries import FUNDING_TOPIC, Summaries

CLASS_OF_KIND = {"resource": "Resource", "platform": "Platform", "application": "Application", "phase": "Phase",
                 "technology": "Technology"}
SM = "https://w3id.org/spacekg/ontology#"
MAX_QUESTION = 1000                     # characters; name matching grows with the number of words


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
    words: frozenset[str] = frozenset()     # more words its handler honours (or that change nothing)
    years: bool = False           # years in the question are understood (its handler filters by them)
    kinds: tuple[str, ...] = ALL_KINDS      # the kinds of name its captured groups may hold
    filters: tuple[str, ...] = ()           # kinds of name outside the groups its handler uses
    describe: str = ""            # what it answers, for a reply that declines

    def match(self, question: str) -> re.Match | None:
        for p in self.patterns:
            m = p.search(question) if self.search else p.fullmatch(question)
            if m:
                return m
        return None

    def explained(self, question: str) -> tuple[dict[str, str], str]:
        """The captured groups, and the text no pattern of a search family explains."""
        m = self.match(question)
        groups = {k: v.strip() for k, v in m.groupdict().items() if v} if m else {}
        if not self.search:
            return groups, ""
        rest = question
        for p in self.patterns:
            rest = p.sub(" ", rest)
        return groups, rest


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
    filler: frozenset[str] = frozenset()  # function words and soft words: explained wherever they stand


@lru_cache(maxsize=1)
def forms() -> Forms:
    raw = load_data("questions.yaml")
    words = {k: v.strip() for k, v in raw["words"].items()}
    words["report_words"] = "|".join(w["words"] for w in raw.get("report_words", []))

    def compile_(pattern: str) -> re.Pattern:
        return re.compile(re.sub(r"\{(\w+)\}", lambda m: words[m.group(1)], pattern))

    families = [Family(f["name"], f["handler"], [compile_(p) for p in f["patterns"]],
                       dict(f.get("args") or {}), bool(f.get("search")), bool(f.get("fallback")),
                       frozenset(str(w) for w in f.get("words", [])), bool(f.get("years")),
                       tuple(f.get("kinds", ALL_KINDS)), tuple(f.get("filters", ())),
                       f.get("describe", f["name"].replace("-", " ")))
                for f in raw["families"]]
    openings = [re.compile("^" + o) for o in raw.get("openings", [])]
    report_words = [ReportWords(re.compile(rf"\b(?:{w['words']})\b"), w.get("kind"), w.get("topic"),
                                bool(w.get("timeline"))) for w in raw.get("report_words", [])]
    filler = frozenset(str(w) for w in raw.get("function_words", []) + raw.get("soft_words", []))
    return Forms(openings, families, list(raw["reply"]), report_words, filler)


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
    limit: int | None = None
    _names: Names | None = None
    cache: dict = field(default_factory=dict)
    _summaries: Summaries | None | bool = False      # False: not looked for yet

    @property
    def names(self) -> Names:
        if self._names is None:
            self._names = Names.load(self.reader)
        return self._names

    def rows(self, name: str, **params) -> list[dict]:
        """The rows of a named query; those that read every report come from the store's summaries
        (queries/summaries.py) when it keeps them."""
        if Summaries.answers(name, params) and self.summaries is not None:
            self.reader.note(name, **params)
            rows = self.summaries.rows(name, params, self._unrecorded)
            if rows is not None:
                return rows
        return self.reader.rows(name, **params)

    @property
    def summaries(self) -> Summaries | None:
        """The summaries of the store's snapshot (None for an endpoint), looked for when first needed."""
        if self._summaries is False:
            self._summaries = Summaries.of(self.reader.source)
        return self._summaries

    def close(self) -> None:
        if self._summaries:
            self._summaries.close()

    def _unrecorded(self, name: str, **params) -> list[dict]:
        """Rows that fill a summary: not part of the answer's queries (those are recorded as asked)."""
        return run_named(self.reader.source, name, timeout=self.reader.timeout, **params).records()


def ask(store, question: str, timeout: float | None = None, limit: int | None = None) -> Answer:
    """Answer a plain-English question from the graph in `store` (raises QuestionError if it cannot).

    `limit` is how many rows a caller will show: the evidence sentences are read for those rows
    only, when an answer is counted from the summaries (0 or None: every row)."""
    if len(question) > MAX_QUESTION:
        raise QuestionError(f"the question is {len(question)} characters long; ask one of at most {MAX_QUESTION}")
    q = normalise_question(question)
    if not q:
        raise QuestionError(_not_understood(question))
    ctx = Context(Reader(store, timeout), q, limit=limit)
    try:
        answer = _answer(ctx, q, question)
    finally:
        ctx.close()
    answer.question = question.strip()
    answer.runs = list(ctx.reader.runs)
    return answer


def _answer(ctx: Context, q: str, question: str) -> Answer:
    """The first family that explains every word of `q` and whose names resolve answers it."""
    failures: list[tuple[Family, Unresolved]] = []
    partial: list[tuple[Family, list[str], list[Entity]]] = []
    outer = ctx.question
    for family in forms().families:
        if family.match(q) is None:
            continue
        groups, rest = family.explained(q)
        if family.handler != "count":           # a count asks its inner question, which is checked
            leftover, used = unexplained(ctx, family, groups, rest)
            if leftover:
                partial.append((family, leftover, used))
                continue
        ctx.question = q
        try:
            answer = HANDLERS[family.handler](ctx, **groups, **family.args)
        except Unresolved as e:
            failures.append((family, e))
            continue
        finally:
            ctx.question = outer
        answer.family = family.name
        return answer
    real = [e for f, e in failures if not f.fallback]
    if real:
        raise QuestionError(str(real[0]))
    if partial:
        raise QuestionError(_partly_understood(question, q, min(partial, key=lambda p: (len(p[1]), p[0].fallback))))
    raise QuestionError(_not_understood(question, failures[0][1] if failures else None))


YEAR = re.compile(r"(?:19|20)\d\d")


def unexplained(ctx: Context, family: Family, groups: dict[str, str], rest: str) -> tuple[list[str], list[Entity]]:
    """The words of the question that nothing explains, and the names that were understood.

    A captured group's words must be names of the kinds the family takes (or filler); for a
    search family, the words outside its keywords must be filler, the family's own words, or
    names of the kinds it filters by ("in China"). Anything else is a word the answer would ignore.
    """
    leftover: list[str] = []
    used: list[Entity] = []
    parts = [(text, ("player",) if name == "player" else family.kinds, True) for name, text in groups.items()]
    if rest:
        parts.append((rest, family.filters, False))
    for text, kinds, group in parts:
        tokens = key(text).split()
        covered: set[int] = set()
        found = ctx.names.find(text, kinds) if kinds else []
        if group and not found:
            continue                # names nothing: the handler says so ("no player matches ...")
        for m in found:
            covered.update(range(m.start, m.end))
            used.append(m.entity)
        for i, t in enumerate(tokens):
            if i in covered or t in forms().filler or t in family.words:
                continue
            if family.years and YEAR.fullmatch(t):
                continue
            if family.years and t.isdigit():
                continue
            leftover.append(t)
    return list(dict.fromkeys(leftover)), list(dict.fromkeys(used))


def _partly_understood(question: str, q: str, best: tuple[Family, list[str], list[Entity]]) -> str:
    family, leftover, used = best
    shown = _shown(question)
    names = "; ".join(f"{e.label} ({e.kind})" for e in used)
    lines = [f"cannot answer '{shown}' as asked: understood {family.describe}"
             + (f" with {names}" if names else "")
             + f", but not {', '.join(repr(w) for w in leftover)}, which no answer here takes into account.",
             "Nearest questions I understand:"]
    lines += [f"  {form}" for form in _nearest_forms(q)]
    return "\n".join(lines)


def _nearest_forms(q: str, n: int = 3) -> list[str]:
    """The reply forms sharing the most words with the question."""
    words = {w for w in key(q).split() if w not in forms().filler}
    scored = sorted(forms().reply, key=lambda f: -len(words & set(key(f).split())))
    return scored[:n]


def _shown(question: str) -> str:
    shown = " ".join(question.split())
    return shorten(shown, 80)


def _not_understood(question: str, reason: Unresolved | None = None) -> str:
    lines = [f"cannot map the question '{_shown(question)}' onto the graph" + (f"; {reason}" if reason else "")
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
    out: dict[str, list[Entity]] = {k: [] for k in ALL_KINDS}
    for e in entities:
        out[e.kind].append(e)
    return out


def _labels(entities: Iterable[Entity], joiner: str = " or ") -> str:
    return joiner.join(e.label for e in entities)


def _describe(entities: list[Entity]) -> str:
    """Entities of one kind are alternatives (or), of different kinds all hold (and)."""
    kinds = _split(entities)
    return " and ".join(_labels(kinds[k]) for k in ALL_KINDS if kinds[k])


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
    """Who targets a resource, a platform, or a resource on a platform (one claim naming both).

    Counted from the summaries first (targets-by-reports: milliseconds over a thousand reports),
    then the sentences are read only for the players shown (`ctx.limit`). Phases and applications
    are not summarised: a question naming one reads the claims."""
    desc = describe_target(resources, platforms, concerns)
    if concerns:
        return _players_targeting_claims(ctx, resources, platforms, concerns, desc)
    if resources and platforms:
        targets = [iri.target(r.iri, p.iri) for r in resources for p in platforms]
    else:
        targets = [e.iri for e in resources or platforms]
    found: dict[str, dict] = {}
    for t in targets:
        for r in ctx.rows("targets-by-reports", target=t):
            row = found.setdefault(r["player"], {"player": str(r["name"]), "iri": r["player"], "target": [],
                                                 "reports": 0, "evidence": []})
            row["target"].append(str(r["targetLabel"]))
            row["reports"] = max(row["reports"], int(r["reports"]))
    rows = sorted(found.values(), key=lambda r: (-r["reports"], r["player"].casefold()))
    shown = rows[:ctx.limit] if ctx.limit else rows
    for row in shown:
        for r, p in _combos(list(resources), list(platforms)):
            pair = iri.target(r.iri, p.iri) if r and p else None
            for c in ctx.rows("claim-sentences", player=row["iri"], resource=_iri(r), platform=_iri(p), target=pair):
                ev = Evidence.of(c)
                if ev and ev not in row["evidence"]:
                    row["evidence"].append(ev)
    players = [r["player"] for r in rows]
    answer = Answer("", "", f"players targeting {desc}")
    if players:
        answer.summary.append(f"{_count(len(players), 'player')} target{'s' if len(players) == 1 else ''} "
                              f"{desc}: {_some(players)}.")
    else:
        _nobody(ctx, answer, desc, resources, platforms, concerns)
    answer.sections.append(Section(f"players targeting {desc}", ["player", "target", "reports"], shown,
                                   total=len(rows)))
    return answer


def _nobody(ctx: Context, answer: Answer, desc: str, resources, platforms, concerns) -> None:
    """The reports don't say: what was searched, and who targets each part alone."""
    answer.summary.append(f"No player in the store is said to target {desc}: the reports don't say "
                          f"(searched: target claims naming {desc.replace(' on ', ' together with ')}).")
    parts = [(resources, "{} on any platform"), (platforms, "any resource on {}"),
             (concerns, "{} (any resource or platform)")]
    if sum(bool(d) for d, _ in parts) > 1:          # say who targets each part alone
        for part, wording in parts:
            if part:
                names = _distinct(_claims(ctx, *(part if d is part else [] for d, _ in parts)), "name")
                answer.notes.append(f"Players targeting {wording.format(_labels(part))}: "
                                    f"{_some(names) or 'none'}.")


def _players_targeting_claims(ctx: Context, resources, platforms, concerns, desc: str) -> Answer:
    claims = _claims(ctx, resources, platforms, concerns)
    players = _distinct(claims, "name")
    answer = Answer("", "", f"players targeting {desc}")
    if players:
        answer.summary.append(f"{_count(len(players), 'player')} target{'s' if len(players) == 1 else ''} "
                              f"{desc}: {_some(players)}.")
    else:
        _nobody(ctx, answer, desc, resources, platforms, concerns)
    answer.sections.append(Section("target claims", ["player", "resource", "platform", "phase/application"],
                                   [_claim_row(r) for r in claims]))
    return answer


def players_and_technologies(ctx: Context, x: str) -> Answer:
    """Who is active on X, and with what technology: the players targeting X (as "which players
    target X" counts and orders them), each shown with the technologies the reports credit to it."""
    found = _split(_resolve(ctx, x, CONCEPT_KINDS))
    answer = _players_targeting(ctx, found["resource"], found["platform"], found["application"] + found["phase"])
    answer.understood += ", with their technologies"
    section = answer.sections[0]
    with_technology = 0
    for row in section.rows:
        player = row.get("iri")
        rows = ctx.rows("players-technologies", player=player) if player else []
        techs = _distinct(rows, "technologyLabel")
        row["technologies"] = ", ".join(map(str, techs))
        with_technology += bool(techs)
        for c in rows:                              # each technology's sentence beside the target's
            ev = Evidence.of(c)
            if ev and ev not in row["evidence"] and len(row["evidence"]) < 2 * SENTENCES_PER_ROW:
                row["evidence"].append(ev)
    section.columns = section.columns[:1] + ["technologies"] + section.columns[1:]
    if section.rows:
        answer.summary.append(f"{with_technology} of the {_count(len(section.rows), 'player')} shown "
                              f"{'has' if with_technology == 1 else 'have'} a technology on record.")
    return answer


SENTENCES_PER_ROW = 5      # the sentences a row of a whole-store listing shows (claim-sentences.rq reads five reports)


def _players_with_technology(ctx: Context, technologies: list[Entity]) -> Answer:
    """Who develops or uses a technology, most reported first: counted from technologies-by-reports
    (one row per player and technology), then the sentences are read only for the rows shown
    (`ctx.limit`), at most the first five of each row (in file-name order), as `_players_targeting`
    shows them; over a thousand reports a technology can have a thousand claims, and reading all
    their sentences cost more than the rest of the answer."""
    found: dict[tuple, dict] = {}
    for t in technologies:
        for r in ctx.rows("technologies-by-reports", technology=t.iri):
            found.setdefault((r["player"], r["technology"]), {
                "player": str(r["name"]), "iri": r["player"], "technology": str(r["technologyLabel"]),
                "technology_iri": r["technology"], "reports": int(r["reports"]), "evidence": []})
    rows = sorted(found.values(), key=lambda r: (-r["reports"], r["player"].casefold(), r["technology"].casefold()))
    shown = rows[:ctx.limit] if ctx.limit else rows
    for row in shown:
        for c in ctx.rows("players-technologies", player=row["iri"], technology=row["technology_iri"]):
            ev = Evidence.of(c)
            if ev and ev not in row["evidence"] and len(row["evidence"]) < SENTENCES_PER_ROW:
                row["evidence"].append(ev)
    players = _distinct(rows, "player")
    desc = _labels(technologies)
    answer = Answer("", "", f"players that develop or use {desc}")
    verb = "develops or uses" if len(players) == 1 else "develop or use"
    answer.summary.append(f"{_count(len(players), 'player')} {verb} {desc}: {_some(players)}." if players
                          else f"No player in the store is said to develop or use {desc}.")
    answer.sections.append(Section("technologies", ["player", "technology", "reports"], shown, total=len(rows)))
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
    answer = _listing(f"who collaborates with {p.label}", _distinct(rows, "partnerName"),
                      f"{p.label} collaborates with {{}}.", f"No collaboration of {p.label} with a named player "
                      f"is recorded in the store.", _partner_section(f"partners of {p.label}", rows))
    _add_unnamed(ctx, answer, p)
    return answer


def _add_unnamed(ctx: Context, answer: Answer, p: Entity) -> None:
    """Unnamed counterparties a player works with, shown as such ("a consortium in China")."""
    unnamed = _unnamed_partners(ctx, p)
    if unnamed:
        answer.summary.append(f"Unnamed counterparties {p.label} works with: {_some(unnamed)}.")
        answer.sections.append(Section(f"unnamed counterparties of {p.label}", ["counterparty", "region"],
                                       [{"counterparty": r["name"], "region": r.get("regionName") or ""}
                                        for r in {str(r["name"]): r for r in _counterparties(ctx)
                                                  if r.get("player") == p.iri}.values()]))


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
    entities = _resolve(ctx, x, ALL_KINDS)
    regions = [e for e in entities if e.kind == REGION]
    if regions and len(regions) == len(entities):
        return region_profile(ctx, regions[0])
    entities = [e for e in entities if e.kind != REGION]
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
    unnamed = _unnamed_partners(ctx, p)
    answer.summary.append(f"Partners: {_some(_distinct(partners, 'partnerName')) or 'no named player'}"
                          + (f"; unnamed counterparties: {_some(unnamed)}" if unnamed else "") + ".")
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
    """Developments in time order (undated last), filtered by what they involve and by when:
    a year, a range of years, since/before a year, or the latest."""
    lo, hi, latest, when = _when(ctx.question)
    if x:
        x = LATEST.sub(" ", TIME.sub(" ", x)).strip()
    entities = _resolve(ctx, x, ALL_KINDS) if x else []
    if not entities and (lo is not None or hi is not None or latest):
        return _dated_developments(ctx, lo, hi, latest, when)
    every = _development_rows(ctx, entities)
    rows = every
    if lo is not None or hi is not None:
        rows = [r for r in every if _year(r) is not None and (lo is None or _year(r) >= lo)
                and (hi is None or _year(r) <= hi)]
    elif latest:
        dated = [r for r in every if r.get("date") is not None]
        top = max((str(r["date"]) for r in dated), default=None)
        rows = [r for r in dated if str(r["date"]) == top]
    desc = _describe(entities)
    what = ("the latest developments" if latest else "developments") + (f" {when}" if when else "") \
        + (f" involving {desc}" if entities else "")
    answer = Answer("", "", f"{what}, in time order" if not latest else what)
    if rows:
        answer.summary.append(f"{_count(len(rows), 'development')}" + (f" {when}" if when else "")
                              + (f" involv{'es' if len(rows) == 1 else 'e'} {desc}" if entities else
                                 (" in the store" if not when and not latest else "")) + "."
                              + (f" Latest date: {rows[0]['date']}." if latest else ""))
    else:
        undated = sum(r.get("date") is None for r in every)
        answer.summary.append(f"The reports don't mention any {what[0:1].lower() + what[1:]}"
                              .replace("any the latest developments", "dated development")
                              + f" (searched: {_count(len(every), 'development')}"
                              + (f", {undated} of them undated" if undated else "") + ").")
    answer.sections.append(_development_section(ctx, rows))
    return answer


def _dated_developments(ctx: Context, lo: int | None, hi: int | None, latest: bool, when: str) -> Answer:
    """Developments in a range of years, or the latest, read through the dates alone."""
    if latest:
        top = (ctx.rows("latest-development-date") or [{}])[0].get("latest")
        rows = [] if top is None else [r for r in ctx.rows("developments-dated", **{"from": _int(str(top)[:4]),
                                                                                    "to": _int(str(top)[:4])})
                                       if str(r["date"]) == str(top)]
    else:
        rows = ctx.rows("developments-dated", **{"from": _int(lo), "to": _int(hi)})
    what = ("the latest developments" if latest else "developments") + (f" {when}" if when else "")
    answer = Answer("", "", what if latest else f"{what}, in time order")
    if rows:
        answer.summary.append(f"{_count(len(rows), 'development')}" + (f" {when}" if when else "") + "."
                              + (f" Latest date: {rows[0]['date']}." if latest else ""))
    else:
        answer.summary.append(f"The reports don't mention any {'dated development' if latest else what} "
                              f"(searched: the developments' dates; undated ones cannot be placed in time).")
    answer.sections.append(_development_section(ctx, rows))
    return answer


def _int(value: int | str | None):
    if value is None:
        return None
    import pyoxigraph as ox
    return ox.Literal(str(int(value)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


TIME = re.compile(r"\b(?:(in|during|from|between|since|after|before|until|through|by|of)\s+)?(?:the\s+)?(?:years?\s+)?"
                  r"((?:19|20)\d\d)(?:\s*(?:-|to|and|until|through)\s*((?:19|20)\d\d))?\b")
LATEST = re.compile(r"\b(?:the )?(?:latest|most recent|newest|last)\b")


def _when(question: str) -> tuple[int | None, int | None, bool, str]:
    """The years a question asks about: (from, to, latest?, in words)."""
    latest = bool(LATEST.search(question))
    m = TIME.search(question)
    if not m:
        return None, None, latest, ""
    word, a, b = m.group(1) or "in", int(m.group(2)), m.group(3)
    if b:
        return a, int(b), latest, f"from {a} to {b}"
    if word in ("since", "from"):
        return a, None, latest, f"since {a}"
    if word == "after":
        return a + 1, None, latest, f"after {a}"
    if word == "before":
        return None, a - 1, latest, f"before {a}"
    if word in ("until", "through", "by"):
        return None, a, latest, f"until {a}"
    return a, a, latest, f"in {a}"


def _year(row: dict) -> int | None:
    d = row.get("date")
    return int(str(d)[:4]) if d is not None and str(d)[:4].isdigit() else None


def _development_rows(ctx: Context, entities: list[Entity]) -> list[dict]:
    found = _split(entities)
    topics = found["phase"] + found["application"] + found["technology"] + found[REGION]
    seen: dict[str, dict] = {}
    for pl, r, p, t in _combos(found["player"], found["resource"], found["platform"], topics):
        for row in ctx.rows("developments", player=_iri(pl), resource=_iri(r), platform=_iri(p), topic=_iri(t)):
            seen.setdefault(row["development"], row)
    return sorted(seen.values(), key=lambda r: (r.get("date") is None, str(r.get("date") or ""),
                                                str(r.get("source")), r.get("start") or 0))


def _development_section(ctx: Context, rows: list[dict]) -> Section:
    """Developments in time order: dated by when they happened, then those with only an expected
    date ("expected to launch by 2029", shown apart), then the undated ones."""
    expected = {r["development"]: str(r["expected"]) for r in rows if r.get("expected") is not None}
    if any("expected" not in r for r in rows):          # rows of a query that does not read it
        if "expected" not in ctx.cache:
            ctx.cache["expected"] = {r["development"]: str(r["expected"]) for r in ctx.rows("expected-dates")}
        expected = {**ctx.cache["expected"], **expected}
    rows = sorted(rows, key=lambda r: (r.get("date") is None and r["development"] not in expected,
                                       str(r.get("date") or expected.get(r["development"], ""))))
    columns = ["date", "participants", "development"]
    if any(r["development"] in expected for r in rows):
        columns.insert(1, "expected")
    return Section("developments", columns,
                   [{"date": "" if r.get("date") is None else str(r["date"]),
                     "expected": expected.get(r["development"], ""), "participants": r.get("participants"),
                     "development": r["text"],
                     "evidence": [Evidence(r.get("sentence") or r["text"], r.get("source"), r.get("start"),
                                           r.get("end"))]}
                    for r in rows])


# ---------------------------------------------------------------- market, lists, compare

def market(ctx: Context, metric: str | None = None) -> Answer:
    rows = ctx.rows("market-figures", metric=literal(metric) if metric else None)
    what = {"cagr": "the growth rate (CAGR)", "market_size": "the market size"}.get(metric, "the market figures")
    named = [m.entity for m in ctx.names.find(ctx.question, ALL_KINDS)]
    regions = [e for e in named if e.kind == REGION]
    segments = [e for e in named if e.kind != REGION and e.kind != "player"]
    if regions:                 # figures of the reports about that region
        about = {str(r["source"]) for r in ctx.rows("report-info")
                 if r.get("region") and key(str(r["region"])) in {key(e.label) for e in regions}}
        rows = [r for r in rows if str(r.get("source")) in about]
        what += f" in {_labels(regions)}"
    answer = Answer("", "", what)
    if segments:                # the reports give whole-market figures: say so, never pass them off
        answer.understood = f"{what} of {_labels(segments, ' and ')}"
        answer.summary.append(f"The reports don't give {what} of {_labels(segments, ' and ')}: they give figures "
                              f"for the whole market only (ask 'what is the market size?').")
        answer.sections.append(Section("market figures", ["metric", "value", "period", "forecast"], []))
        return answer
    if regions and not rows:
        answer.summary.append(f"The reports don't give {what} (searched: the market figures of reports about "
                              f"{_labels(regions)}).")
        answer.sections.append(Section("market figures", ["metric", "value", "period", "forecast"], []))
        return answer
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", ctx.question)]
    if years:
        picked = [r for r in rows if any(_covers(r, y) for y in years)]
        if picked:
            rows, answer.understood = picked, f"{what} in {', '.join(map(str, years))}"
        else:
            answer.summary.append(f"The reports don't give {what} for {', '.join(map(str, years))}; "
                                  f"the figures they give:")
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
    generic = _generic_players(ctx)          # unnamed counterparties are not named players
    rows = [r for r in ctx.rows("players") if str(r["name"]) not in generic]
    answer = Answer("", "", "the list of players")
    kinds = load_data("questions.yaml").get("player_kinds", {})
    kind = next((k for k, words in kinds.items() if re.search(rf"\b(?:{words})\b", ctx.question)), None)
    if kind:                                  # "which agencies": the players of that kind
        rows = [r for r in rows if str(r.get("kind") or "") == kind]
        answer.understood = f"the players of kind '{kind}'"
    elif re.search(r"\bstart-?ups?\b", ctx.question):
        answer.notes.append("The reports don't say which players are startups: every player is listed.")
    answer.summary.append(f"{_count(len(rows), 'player')} in the store" + (f" of kind '{kind}'." if kind else "."))
    answer.sections.append(Section("players", ["player", "kind", "aliases", "claims", "sources"],
                                   [{"player": r["name"], "kind": r.get("kind") or "", "aliases": r.get("aliases") or "",
                                     "claims": r.get("claims") or 0, "sources": r.get("sources") or ""}
                                    for r in rows]))
    return answer


def list_concepts(ctx: Context, kind: str) -> Answer:
    rows = ctx.rows("concepts", **{"class": SM + CLASS_OF_KIND[kind]})
    plural = KIND_PLURAL[kind]
    answer = Answer("", "", f"the list of {plural}")
    table = [{kind: r["label"], "players": r.get("players") or 0, "claims": r.get("claims") or 0,
              "in segmentation": "yes" if r.get("listedBy") else "no"} for r in rows]
    columns = [kind, "players", "claims", "in segmentation"]
    if kind == "technology":           # "ISRU" and "ISRU systems" are one technology: one row, its aliases
        table = merge_technologies(table, kind)
        columns.insert(1, "also called")
    answer.summary.append(f"{len(table)} {plural}: {', '.join(str(r[kind]) for r in table)}." if table
                          else f"No {plural} in the store.")
    answer.sections.append(Section(plural, columns, table))
    return answer


def technology_key(label: str) -> str:
    """A technology's name without its generic head words: "ISRU systems" and "ISRU" are one."""
    words = [w for w in key(label).split() if w not in GENERIC_TECH]
    return " ".join(singular_(w) for w in words) or key(label)


def merge_technologies(rows: list[dict], column: str) -> list[dict]:
    """Rows of technologies, one per technology: the longest name shown, the others as aliases;
    counts are the largest of the merged rows (the same players may stand behind both names)."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(technology_key(str(r[column])), []).append(r)
    out = []
    for group in groups.values():
        group.sort(key=lambda r: -len(str(r[column])))
        merged = dict(group[0])
        merged["also called"] = ", ".join(str(r[column]) for r in group[1:])
        for k, v in merged.items():
            if isinstance(v, int) and k != column:
                merged[k] = max(int(r.get(k) or 0) for r in group)
        if "players" in merged and isinstance(merged["players"], str):
            merged["players"] = "; ".join(dict.fromkeys(p for r in group for p in str(r["players"]).split("; ") if p))
        out.append(merged)
    return out


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
    regions = [m.entity for m in ctx.names.find(ctx.question, (REGION,))]
    named = [m.entity for m in ctx.names.find(ctx.question, CONCEPT_KINDS + ("technology",))
             if not any(w.pattern.search(key(m.entity.label)) for w in asked)]
    # "the risks of asteroid mining", "trends in ISRU": a segment right after the statement word
    # narrows the statements; one named further off ("risks ... involved in scaling
    # infrastructure") is said not to narrow them
    near = " ".join(m.group(0) for w in asked for m in re.finditer(
        w.pattern.pattern + r"\s+(?:of|for|in|on|about|concerning|around|regarding|facing|related to|affecting)"
        r"\s+(?:the\s+)?(?:[\w-]+\s+){0,3}[\w-]+", ctx.question))
    concepts = [e for e in named if any(m.entity == e for m in ctx.names.find(near, (e.kind,)))] if near else []
    if len(concepts) < len(named):
        answer.notes.append(f"Not narrowed to {_labels([e for e in named if e not in concepts], ', ')}: "
                            f"the statements of every segment are shown.")
    about = None
    if regions:                 # "in China": the statements of the reports about China
        wanted = {key(e.label) for e in regions}
        about = {str(r["source"]) for r in ctx.rows("report-info") if r.get("region") and key(str(r["region"])) in wanted}
    for w in asked:
        if w.timeline:
            understood.append("the timeline")
            _timeline_section(ctx, answer)
            continue
        if w.kind:
            if concepts:            # "the risks of asteroid mining": the statements that concern asteroids
                seen: dict[str, dict] = {}
                for c in concepts:
                    for r in ctx.rows("report-statements", kind=SM + w.kind, about=c.iri):
                        seen.setdefault(r["statement"], r)
                rows = list(seen.values())
                what = f"{KIND_PLURAL_STATEMENTS[w.kind]} concerning {_labels(concepts)}"
            else:
                rows = ctx.rows("report-statements", kind=SM + w.kind)
                what = KIND_PLURAL_STATEMENTS[w.kind]
        else:
            rows = ctx.rows("report-statements", about=iri.concept("topic", w.topic))
            what = f"statements about {w.topic}"
        if about is not None:
            rows = [r for r in rows if str(r.get("source")) in about]
            understood.append(f"{what} in reports about {_labels(regions)}")
        else:
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
        answer.summary.append(f"No {what} in the store: the reports don't say.")
    answer.sections.append(Section(what, ["kind", "heading", "statement"],
                                   [{"kind": r["kindLabel"], "heading": r.get("heading") or "",
                                     "statement": r["text"],
                                     "evidence": [Evidence(str(r["text"]), r.get("source"), r.get("start"),
                                                           r.get("end"))]} for r in rows]))


def _timeline_section(ctx: Context, answer: Answer) -> None:
    rows = ctx.rows("report-timeline")
    dated = [r for r in rows if r.get("when") is not None]
    answer.summary.append(f"Timeline: {len(dated)} dated item{'s' if len(dated) != 1 else ''}"
                          + (f", from {dated[0]['when']} to {dated[-1]['when']}" if dated else "")
                          + (f"; {len(rows) - len(dated)} undated, last." if len(rows) > len(dated) else "."))
    answer.sections.append(Section("timeline", ["when", "kind", "what"],
                                   [{"when": "undated" if r.get("when") is None else str(r["when"]),
                                     "kind": str(r["kindLabel"]) + (" (expected)" if _true(r.get("expected")) else ""),
                                     "what": r["what"],
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


# ---------------------------------------------------------------- overview questions

def all_partnerships(ctx: Context) -> Answer:
    """Every pair of players said to work together, with the number of reports and the sentences."""
    pairs: dict[tuple[str, str], dict] = {}
    for r in ctx.rows("partners-by-reports"):
        a, b = sorted([(str(r["name"]), r["player"]), (str(r["partnerName"]), r["partner"])],
                      key=lambda x: x[0].casefold())
        pairs.setdefault((a[1], b[1]), {"player": a[0], "partner": b[0], "reports": r["reports"], "evidence": []})
    rows = sorted(pairs.values(), key=lambda r: (-int(r["reports"]), r["player"].casefold(), r["partner"].casefold()))
    shown = rows[:ctx.limit] if ctx.limit else rows
    showing = {id(r) for r in shown}
    for (a, b), row in pairs.items():           # the sentences of the pairs shown only
        if id(row) in showing:
            for e in ctx.rows("pair-sentences", player=a, partner=b):
                ev = Evidence.of(e)
                if ev and ev not in row["evidence"]:
                    row["evidence"].append(ev)
    answer = Answer("", "", "every partnership between players, most reported first")
    answer.summary.append(f"{_count(len(rows), 'partnership')} in the store"
                          + (": " + "; ".join(f"{r['player']} and {r['partner']}" for r in rows[:25])
                             + (f" and {len(rows) - 25:,} more" if len(rows) > 25 else "") + "." if rows else
                             "; the reports don't name two players working together."))
    answer.sections.append(Section("partnerships", ["player", "partner", "reports"], shown, total=len(rows)))
    unnamed = {(str(c["playerName"]), str(c["name"])): c for c in _counterparties(ctx) if c.get("player")}
    if unnamed:
        answer.summary.append(f"With unnamed counterparties: "
                              f"{'; '.join(f'{a} and {b}' for a, b in list(unnamed)[:25])}.")
        answer.sections.append(Section("partnerships with unnamed counterparties", ["player", "counterparty", "region"],
                                       [{"player": a, "counterparty": b, "region": c.get("regionName") or ""}
                                        for (a, b), c in unnamed.items()]))
    return answer


def count(ctx: Context, rest: str) -> Answer:
    """How many ...: the question asked as "which ...", and its answer counted."""
    try:
        inner = _answer(ctx, "which " + rest, "which " + rest)
    except QuestionError as e:
        raise Unresolved(str(e).split("\n")[0].replace("'which " + rest + "'", f"'how many {rest}'")) from None
    first = next((s for s in inner.sections), None)
    if first is None:
        raise Unresolved(f"cannot count '{rest}'")
    if "player" in first.columns and first.title not in ("partnerships",):
        n, noun = len({r["player"] for r in first.rows}), "player"
        if first.total is not None and first.total > len(first.rows):
            n = first.total
    else:
        n, noun = first.total if first.total is not None else len(first.rows), first.title
        noun = noun[:-1] if n == 1 and noun.endswith("s") else noun
    answer = Answer("", "", f"how many: {inner.understood}")
    answer.summary.append(f"{n:,} {noun if noun != 'player' else _count(n, 'player').split(' ', 1)[1]}.")
    answer.summary += inner.summary
    answer.sections, answer.notes = inner.sections, inner.notes
    return answer


def segments(ctx: Context) -> Answer:
    """The segments each dimension of the reports' segmentation lists."""
    rows = ctx.rows("listed-segments")
    answer = Answer("", "", "the segments the reports list, per dimension")
    by_dim: dict[str, list[str]] = {}
    for r in rows:
        by_dim.setdefault(str(r["dimension"]), []).append(str(r["label"]))
    for dim in ("resource", "platform", "phase", "application"):
        if dim in by_dim:
            answer.summary.append(f"{KIND_PLURAL[dim].capitalize()} ({len(by_dim[dim])}): {', '.join(by_dim[dim])}.")
    if not rows:
        answer.summary.append("The reports in the store list no market segmentation.")
    answer.sections.append(Section("segments", ["dimension", "segment", "reports"],
                                   [{"dimension": r["dimension"], "segment": r["label"], "reports": r["listedBy"]}
                                    for r in rows]))
    return answer


def competitors(ctx: Context, player: str) -> Answer:
    """Players that target the same resources on the same platforms (or the same platforms) as a player."""
    p = _player(ctx, player)
    mine = ctx.rows("targets-by-reports", player=p.iri)
    # shared resources on platforms count most, then platforms, then resources; over many reports
    # a busy player has dozens of targets: its most reported ones are compared
    weight = {"resource on platform": 3, "platform": 2}
    basis = sorted(mine, key=lambda r: (-weight.get(str(r["kind"]), 1), -int(r["reports"])))[:COMPETITOR_TARGETS]
    shared: dict[str, dict] = {}
    for t in basis:
        for r in ctx.rows("targets-by-reports", target=t["target"]):
            if r["player"] == p.iri:
                continue
            row = shared.setdefault(r["player"], {"competitor": r["name"], "shared targets": [], "reports": 0,
                                                  "weight": 0})
            row["shared targets"].append(str(t["targetLabel"]))
            row["reports"] += int(r["reports"])
            row["weight"] += 3 if t["kind"] == "resource on platform" else 2 if t["kind"] == "platform" else 1
    rows = sorted(shared.values(), key=lambda r: (-r["weight"], -r["reports"], r["competitor"].casefold()))
    answer = Answer("", "", f"the competitors of {p.label}: players that target what it targets")
    if not mine:
        answer.summary.append(f"The reports don't say what {p.label} targets, so no competitor can be named.")
    elif rows:
        answer.summary.append(f"{_count(len(rows), 'player')} target{'s' if len(rows) == 1 else ''} what {p.label} "
                              f"targets ({', '.join(dict.fromkeys(str(t['targetLabel']) for t in basis))}): "
                              f"{_some([r['competitor'] for r in rows])}.")
    else:
        answer.summary.append(f"No other player in the store targets what {p.label} targets "
                              f"({', '.join(dict.fromkeys(str(t['targetLabel']) for t in basis))}).")
    answer.sections.append(Section("competitors", ["competitor", "shared targets", "reports"], rows))
    return answer


COMPETITOR_TARGETS = 4


def funding(ctx: Context, player: str | None = None, x: str | None = None) -> Answer:
    """Who received funding or investment, and from whom: developments about investment."""
    if player and all(t in forms().filler for t in key(player).split()):
        player = None                       # "who invests in space mining": no player named
    p = _player(ctx, player) if player else None
    rows = ctx.rows("developments", topic=iri.concept("topic", FUNDING_TOPIC), player=_iri(p))
    devs: dict[str, dict] = {}
    for r in rows:
        devs.setdefault(r["development"], r)
    recipients = list(dict.fromkeys(n for r in devs.values() for n in str(r.get("participants") or "").split("; ")
                                    if n))
    funders = list(dict.fromkeys(str(c["name"]) for c in _counterparties(ctx) if c.get("development") in devs))
    answer = Answer("", "", f"funding and investment{' of ' + p.label if p else ''}: who received it, and from whom")
    if recipients:
        answer.summary.append(f"Received funding or investment: {_some(recipients)}.")
        answer.summary.append(f"From: {_some(funders)} (not named)." if funders else
                              "The reports don't name who provided it (see the sentences).")
    else:
        answer.summary.append(f"The reports don't say that {p.label if p else 'any player'} received funding or "
                              f"investment (searched: developments about {FUNDING_TOPIC}).")
    answer.sections.append(Section("funding developments", ["date", "participants", "development"],
                                   _development_section(ctx, list(devs.values())).rows))
    return answer


def _generic_players(ctx: Context) -> set[str]:
    return {str(r["name"]) for r in _counterparties(ctx)}


def _counterparties(ctx: Context) -> list[dict]:
    if "counterparties" not in ctx.cache:
        ctx.cache["counterparties"] = ctx.rows("counterparties")
    return ctx.cache["counterparties"]


def _unnamed_partners(ctx: Context, p: Entity) -> list[str]:
    return list(dict.fromkeys(str(r["name"]) for r in _counterparties(ctx) if r.get("player") == p.iri))


def _true(value: object) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def technologies_of_kind(ctx: Context, kind: str | None = None, x: str | None = None) -> Answer:
    """Technologies of a kind ("telescopes", "robots", "ISRU") or for a segment ("for extraction"),
    and who develops or uses them."""
    techs: list[Entity] = []
    described = []
    kind_words = [w for w in key(kind or "").split() if w not in forms().filler and w not in GENERIC_TECH]
    if kind_words:
        text = " ".join(kind_words)
        techs = [m.entity for m in ctx.names.find(text, ("technology",))] + ctx.names.containing(text, "technology")
        if not techs:
            stem = " ".join(w[:-1] if w.endswith("s") else w for w in kind_words)
            techs = ctx.names.containing(stem, "technology")
        if not techs and not [m for m in ctx.names.find(text, ALL_KINDS)]:
            raise Unresolved(f"no technology in the store is called or contains '{text}'")
        described.append(f"of the kind '{text}'")
    concepts: list[Entity] = []
    if x:
        concepts = [m.entity for m in ctx.names.find(x, CONCEPT_KINDS + ("technology",))]
        if not concepts:
            raise Unresolved(_unknown(ctx, x, CONCEPT_KINDS))
        words = set()
        for c in concepts:
            if c.kind == "technology":
                techs.append(c)
                continue
            words |= {w for w in _concept_words(c) if w not in forms().filler}
        for e in ctx.names.of_kind("technology"):
            if words & {singular_(w) for w in key(e.label).split()}:
                techs.append(e)
        described.append("for " + _labels(concepts))
    if kind_words and not techs:
        pass
    techs = list(dict.fromkeys(techs))
    rows = []
    for t in techs:
        users = ctx.rows("technologies-by-reports", technology=t.iri)
        rows.append({"technology": t.label, "players": "; ".join(dict.fromkeys(str(u["name"]) for u in users)),
                     "reports": max([int(u["reports"]) for u in users] or [0])})
    rows = merge_technologies(rows, "technology")
    desc = " ".join(described) or "of that kind"
    answer = Answer("", "", f"technologies {desc}, and who develops or uses them")
    if rows:
        answer.summary.append(f"{len(rows)} technolog{'y' if len(rows) == 1 else 'ies'} {desc}: "
                              + "; ".join(f"{r['technology']} ({r['players'] or 'no player named'})" for r in rows) + ".")
    else:
        answer.summary.append(f"The reports don't name a technology {desc}.")
    answer.sections.append(Section("technologies", ["technology", "also called", "players", "reports"], rows))
    return answer


GENERIC_TECH = {"technology", "technologies", "tech", "system", "systems", "tool", "tools", "equipment", "hardware",
                "kind", "kinds", "type", "types"}


def singular_(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _concept_words(c: Entity) -> set[str]:
    """The words of a concept's label and synonyms ("Extraction & Excavation": extraction, excavation, drilling)."""
    from ..vocabulary import load_vocabulary
    words = {singular_(w) for w in key(c.label).split()}
    for concept in load_vocabulary().concepts():
        if key(concept.label) == key(c.label):
            for syn in concept.synonyms:
                words |= {singular_(w) for w in key(syn).split()}
    return {w for w in words if len(w) > 3}


def market_estimates(ctx: Context, mode: str) -> Answer:
    """Several publishers' sizings of one market: compared in one year, the most optimistic, or
    checked for consistency (queries/market.py does the work, as `spacekg market` does)."""
    from . import market as sizings

    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", ctx.question)]
    source, timeout = ctx.reader.source, ctx.reader.timeout
    if mode == "compare":
        result = sizings.compare(source, year=years[0] if years else None, timeout=timeout)
        what, title = "the market estimates of each publisher" + (f" in {years[0]}" if years else ""), "estimates"
    elif mode == "optimistic":
        result, what, title = sizings.most_optimistic(source, timeout=timeout), "the most optimistic publisher", \
            "most optimistic"
    else:
        result, what, title = sizings.check(source, timeout=timeout), "whether the market figures agree", \
            "consistency"
    answer = Answer("", "", what)
    rows = result.records()
    answer.summary.append(result.summary if rows else
                          "The reports don't give market figures to compare (searched: every market figure).")
    columns = [c for c in result.columns if c not in ("evidence", "source")]     # shown as [n] references
    answer.sections.append(Section(title, columns, [{**r, "evidence": _ev(r)} for r in rows]))
    if mode == "compare" and rows:
        answer.sections.append(Section("spread", list(sizings.SPREAD_COLUMNS),
                                       [dict(zip(sizings.SPREAD_COLUMNS, r)) for r in result.spread_rows]))
    return answer


def related_reports(ctx: Context) -> Answer:
    rows = ctx.rows("related-reports")
    answer = Answer("", "", "the sibling reports the reports list")
    titles = list(dict.fromkeys(str(r["title"]) for r in rows))
    answer.summary.append(f"{_count(len(titles), 'related report')} listed: {_some(titles)}." if titles
                          else "The reports in the store list no related reports.")
    answer.sections.append(Section("related reports", ["report", "region", "listed by", "region in store"],
                                   [{"report": r["title"], "region": r.get("region") or "", "listed by": r["source"],
                                     "region in store": "yes" if _true(r.get("inStore")) else "no"} for r in rows]))
    return answer


def _region(ctx: Context, text: str) -> Entity:
    found = ctx.names.find(_strip_filler(text), (REGION,))
    if not found:
        raise Unresolved(_unknown(ctx, text, (REGION,)))
    return max(found, key=lambda m: (m.length, m.score)).entity


def based_in(ctx: Context, region: str | None = None, player: str | None = None, x: str | None = None) -> Answer:
    """Players based in a region (as the texts state it), or where one player is based."""
    if player:
        p = _player(ctx, player)
        rows = ctx.rows("players-in-region", player=p.iri)
        answer = Answer("", "", f"where {p.label} is based")
        regions = list(dict.fromkeys(str(r["regionName"]) for r in rows))
        answer.summary.append(f"{p.label} is based in {', '.join(regions)}." if regions else
                              f"The reports don't say where {p.label} is based.")
        answer.sections.append(Section("home regions", ["player", "region", "source"],
                                       [{"player": r["name"], "region": r["regionName"], "source": r["source"]}
                                        for r in rows]))
        return answer
    reg = _region(ctx, region or "")
    rows = ctx.rows("players-in-region", region=reg.iri)
    named = list(dict.fromkeys(str(r["name"]) for r in rows if not _true(r.get("generic"))))
    generic = list(dict.fromkeys(str(r["name"]) for r in rows if _true(r.get("generic"))))
    desc = f"players based in {reg.label}"
    if x:
        found = _split(_resolve(ctx, x, CONCEPT_KINDS + ("technology",)))
        claims = {str(r["name"]) for r in _claims(ctx, found["resource"], found["platform"],
                                                   found["application"] + found["phase"])}
        target = describe_target(found["resource"], found["platform"], found["application"] + found["phase"])
        named = [n for n in named if n in claims]
        generic = [n for n in generic if n in claims]
        desc += f" that target {target}"
    answer = Answer("", "", desc)
    if named:
        answer.summary.append(f"{_count(len(named), 'named player')} based in {reg.label}"
                              + (f" {desc.split(' that ', 1)[1].replace('target', 'targeting', 1)}" if x else "")
                              + f": {_some(named)}.")
    else:
        answer.summary.append(f"The reports don't name a player based in {reg.label}"
                              + (f" that targets {desc.split(' target ', 1)[1]}" if x else "")
                              + f" (searched: players whose home region the texts state).")
    if generic:
        answer.summary.append(f"Unnamed counterparties in {reg.label}: {_some(generic)}.")
    answer.sections.append(Section(desc, ["player", "generic", "source"],
                                    [{"player": r["name"], "generic": "yes" if _true(r.get("generic")) else "",
                                      "source": r["source"]} for r in rows
                                     if str(r["name"]) in set(named) | set(generic)]))
    return answer


def partners_in_region(ctx: Context, region: str) -> Answer:
    """Players that work with partners based in a region (named or unnamed)."""
    reg = _region(ctx, region)
    there = {r["player"]: r for r in ctx.rows("players-in-region", region=reg.iri) if not _true(r.get("generic"))}
    rows = [r for r in ctx.rows("partners-by-reports") if r["partner"] in there]
    rows += [{"name": c["playerName"], "partnerName": f"{c['name']} (unnamed)", "reports": 1}
             for c in _counterparties(ctx) if c.get("region") == reg.iri and c.get("player")]
    answer = Answer("", "", f"players that work with partners based in {reg.label}")
    who = list(dict.fromkeys(str(r["name"]) for r in rows))
    answer.summary.append(f"{_some(who)} work{'s' if len(who) == 1 else ''} with partners in {reg.label}." if who else
                          f"The reports don't say that any player works with a partner based in {reg.label}.")
    answer.sections.append(Section("partners", ["player", "partner", "reports"],
                                   [{"player": r["name"], "partner": r["partnerName"], "reports": r["reports"]}
                                    for r in rows]))
    return answer


def region_profile(ctx: Context, reg: Entity) -> Answer:
    """Everything the reports say about a region."""
    rows = ctx.rows("region-mentions", region=reg.iri)
    based = ctx.rows("players-in-region", region=reg.iri)
    answer = Answer("", "", f"what the reports say about {reg.label}")
    reports = [r for r in rows if r["what"] == "report"]
    devs = [r for r in rows if r["what"] == "development"]
    stmts = [r for r in rows if r["what"] == "statement"]
    if not rows and not based:
        answer.summary.append(f"The reports don't say anything about {reg.label} (searched: reports about it, "
                              f"developments and statements naming it, players based there).")
    if reports:
        answer.summary.append(f"Reports about {reg.label}: {', '.join(dict.fromkeys(str(r['source']) for r in reports))}.")
    named = list(dict.fromkeys(str(r["name"]) for r in based if not _true(r.get("generic"))))
    generic = list(dict.fromkeys(str(r["name"]) for r in based if _true(r.get("generic"))))
    if named:
        answer.summary.append(f"Players based there: {_some(named)}.")
    if generic:
        answer.summary.append(f"Unnamed counterparties there: {_some(generic)}.")
    answer.summary.append(f"{_count(len(devs), 'development')} and {_count(len(stmts), 'statement')} mention "
                          f"{reg.label}.")
    answer.sections.append(Section(f"players based in {reg.label}", ["player", "generic"],
                                   [{"player": r["name"], "generic": "yes" if _true(r.get("generic")) else ""}
                                    for r in based]))
    for title, part in (("developments", devs), ("statements", stmts)):
        answer.sections.append(Section(f"{title} mentioning {reg.label}", ["date", "text"] if title == "developments"
                                       else ["text"],
                                       [{"date": "" if r.get("date") is None else str(r["date"]), "text": r["text"],
                                         "evidence": [Evidence(str(r["text"]), r.get("source"), None, None)]}
                                        for r in part]))
    return answer


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


HANDLERS: dict[str, Callable[..., Answer]] = {
    "players_about": players_about, "players_and_technologies": players_and_technologies,
    "player_targets": player_targets,
    "player_technologies": player_technologies, "profile": profile, "collaborators": collaborators,
    "developments": developments, "market": market, "list_players": list_players,
    "list_concepts": list_concepts, "compare": compare, "report_statements": report_statements,
    "promising": promising, "players_by_reports": players_by_reports, "player_reports": player_reports,
    "all_partnerships": all_partnerships, "count": count, "segments": segments, "competitors": competitors,
    "funding": funding, "technologies_of_kind": technologies_of_kind, "related_reports": related_reports,
    "based_in": based_in, "partners_in_region": partners_in_region, "market_estimates": market_estimates,
}
