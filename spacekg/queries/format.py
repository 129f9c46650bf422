"""Printing tabular results: an aligned text table, CSV, TSV, or JSON records."""
from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Sequence

FORMATS = ("table", "csv", "tsv", "json")


def render(headers: Sequence[str], rows: Sequence[Sequence[object]], fmt: str = "table",
           max_width: int | None = None) -> str:
    """Rows as text in one of FORMATS (json: a list of objects keyed by header)."""
    if fmt == "json":
        return json.dumps([dict(zip(headers, row)) for row in rows], indent=2, ensure_ascii=False)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        return out.getvalue().rstrip("\n")
    return table(headers, rows, max_width)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], max_width: int | None = None) -> str:
    """An aligned plain-text table; long cells are cut to fit the terminal."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], len(v))
    total = max_width or shutil.get_terminal_size((120, 24)).columns
    while sum(widths) + 2 * (len(widths) - 1) > total and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1

    def line(values):
        return "  ".join(_fit(v, w) for v, w in zip(values, widths)).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    return "\n".join(out)


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}" if abs(v) < 1e6 else f"{v:,.0f}"
    return " ".join(str(v).split())


def _fit(v: str, w: int) -> str:
    return v.ljust(w) if len(v) <= w else v[: max(w - 1, 0)] + "…"
