"""An answer to a question, and printing it as a table with its evidence, as JSON or as CSV."""
from __future__ import annotations

import json
import shutil
import textwrap
from dataclasses import dataclass, field, replace

from .access import Run
from .format import render, table


@dataclass(frozen=True)
class Evidence:
    sentence: str
    source: str | None
    start: int | None
    end: int | None

    @classmethod
    def of(cls, row: dict) -> Evidence | None:
        """The evidence columns of a named query's row (sentence, source, start, end), if any."""
        if not row.get("sentence"):
            return None
        return cls(str(row["sentence"]), row.get("source"), row.get("start"), row.get("end"))

    def where(self) -> str:
        span = f":{self.start}-{self.end}" if self.start is not None else ""
        return f"{self.source or '?'}{span}"

    def to_json(self) -> dict:
        return {"sentence": self.sentence, "source": self.source, "start": self.start, "end": self.end}


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[dict] = field(default_factory=list)          # column -> value, and "evidence": [Evidence]
    total: int | None = None                                 # rows in the whole answer, when `rows` is a first part


@dataclass
class Answer:
    question: str
    family: str                          # the question family it was mapped onto
    understood: str                      # how it was understood, in words
    summary: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    def evidence(self) -> list[Evidence]:
        """Every evidence sentence of the answer, once, in order of first use."""
        seen: dict[Evidence, None] = {}
        for s in self.sections:
            for row in s.rows:
                for ev in row.get("evidence", ()):
                    seen.setdefault(ev, None)
        return list(seen)

    @property
    def empty(self) -> bool:
        return not any(s.rows for s in self.sections)

    def to_json(self, show_sparql: bool = False) -> dict:
        return to_json(self, show_sparql)


TABLE_ROWS = 20        # rows a printed table shows unless told otherwise: a corpus answer can have thousands


def render_answer(answer: Answer, fmt: str = "table", show_sparql: bool = False, limit: int | None = None) -> str:
    """The answer as text, JSON or CSV. `limit` caps the rows of each section (0: no cap); a table
    shows TABLE_ROWS rows by default and says how many more there are, JSON and CSV give every row."""
    if limit is None:
        limit = TABLE_ROWS if fmt == "table" else 0
    if limit:
        answer = replace(answer, sections=[replace(s, rows=s.rows[:limit], total=s.total if s.total is not None
                                                   else len(s.rows)) for s in answer.sections])
    if fmt == "json":
        return json.dumps(to_json(answer, show_sparql), indent=2, ensure_ascii=False)
    if fmt == "csv":
        return to_csv(answer)
    return to_text(answer, show_sparql)


def to_json(answer: Answer, show_sparql: bool = False) -> dict:
    out = {
        "question": answer.question,
        "family": answer.family,
        "understood": answer.understood,
        "answer": answer.summary,
        "notes": answer.notes,
        "sections": [{"title": s.title, "columns": s.columns, "total": _total(s),
                      "rows": [{**{c: row.get(c) for c in s.columns},
                                "evidence": [e.to_json() for e in row.get("evidence", ())]} for row in s.rows]}
                     for s in answer.sections],
        "queries": [{"name": r.name, "params": dict(r.params), **({"sparql": r.text} if show_sparql else {})}
                    for r in answer.runs],
    }
    return out


def to_csv(answer: Answer) -> str:
    """All sections' rows in one CSV: a `section` column when there are several, evidence last."""
    many = len(answer.sections) > 1
    columns: list[str] = []
    for s in answer.sections:
        columns += [c for c in s.columns if c not in columns]
    headers = (["section"] if many else []) + columns + ["evidence", "source"]
    rows = []
    for s in answer.sections:
        for row in s.rows:
            evs = row.get("evidence", ())
            rows.append(([s.title] if many else []) + [_plain(row.get(c)) for c in columns]
                        + [" | ".join(e.sentence for e in evs), " | ".join(dict.fromkeys(e.where() for e in evs))])
    return render(headers, rows, "csv")


def to_text(answer: Answer, show_sparql: bool = False) -> str:
    width = shutil.get_terminal_size((120, 24)).columns
    evidence = answer.evidence()
    number = {e: i for i, e in enumerate(evidence, 1)}
    out = [f"Q: {answer.question}", f"-> {answer.understood}", ""]
    out += answer.summary
    for s in answer.sections:
        out += ["", f"{s.title} ({_total(s)})"]
        if not s.rows:
            out.append("  (none)")
            continue
        has_ev = any(row.get("evidence") for row in s.rows)
        headers = s.columns + (["evidence"] if has_ev else [])
        rows = [[_plain(row.get(c)) for c in s.columns]
                + ([" ".join(f"[{number[e]}]" for e in row.get("evidence", ()))] if has_ev else [])
                for row in s.rows]
        out.append(table(headers, rows, width))
        if _total(s) > len(s.rows):
            out.append(f"... {_total(s) - len(s.rows):,} more rows (--limit 0 shows them all)")
    if answer.notes:
        out += [""] + answer.notes
    if evidence:
        out += ["", "Evidence"]
        for i, e in enumerate(evidence, 1):
            out.append(f"[{i}] {e.where()}")
            out += textwrap.wrap(e.sentence, width=max(width - 4, 40), initial_indent="    ",
                                 subsequent_indent="    ")
    if show_sparql:
        for r in answer.runs:
            params = ", ".join(f"{k}={v}" for k, v in r.params) or "no parameters"
            out += ["", f"# named query {r.name} ({params})", r.text.rstrip("\n")]
    return "\n".join(out)


def _total(section: Section) -> int:
    return section.total if section.total is not None else len(section.rows)


def _plain(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value
