"""Printing tabular results: an aligned text table, CSV, TSV, or JSON records."""
from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
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


MAX_WIDTH = 100          # a printed table fits this many columns (or the terminal, when narrower)
MIN_COLUMN = 12
SHORT = 16               # a column this narrow keeps its width: numbers and names are not wrapped


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], max_width: int | None = None) -> str:
    """An aligned plain-text table that fits `max_width` (default: the terminal, at most 100
    columns): the widest columns are narrowed and their cells wrapped onto more lines, never cut."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], len(v))
    total = max_width or min(shutil.get_terminal_size((MAX_WIDTH, 24)).columns, MAX_WIDTH)
    widths = _fit_widths(widths, [len(h) for h in headers], total - 2 * (len(widths) - 1))

    def lines(values) -> list[str]:
        wrapped = [textwrap.wrap(v, w, break_long_words=True, break_on_hyphens=False) or [""] if len(v) > w else [v]
                   for v, w in zip(values, widths)]
        height = max(len(c) for c in wrapped)
        return ["  ".join((c[k] if k < len(c) else "").ljust(w) for c, w in zip(wrapped, widths)).rstrip()
                for k in range(height)]

    out = lines(headers) + ["  ".join("-" * w for w in widths)]
    for row in cells:
        out += lines(row)
    return "\n".join(out)


def _fit_widths(natural: list[int], heads: list[int], room: int) -> list[int]:
    """Column widths within `room`: a column that fits in its share keeps its width; the room left
    is shared among the wide ones in proportion to their width (a sentence gets more than a name)."""
    if sum(natural) <= room:
        return natural
    widths = list(natural)
    wide = set(range(len(widths)))
    while True:
        share = room - sum(widths[i] for i in range(len(widths)) if i not in wide)
        weight = sum(natural[i] for i in wide) or 1
        fixed = {i for i in wide if natural[i] <= share * natural[i] / weight or natural[i] <= max(SHORT, room // 3)}
        if not fixed:
            break
        wide -= fixed
        if not wide:
            return natural
    share = room - sum(widths[i] for i in range(len(widths)) if i not in wide)
    weight = sum(natural[i] ** 0.5 for i in wide) or 1
    for i in wide:              # by the square root: a long sentence does not starve a list of names
        widths[i] = min(natural[i], max(MIN_COLUMN, min(heads[i], 16), int(share * natural[i] ** 0.5 / weight)))
    while sum(widths) > room and max(widths) > MIN_COLUMN:     # the floors took too much: narrow the widest
        widths[widths.index(max(widths))] -= 1
    return widths


OFFSETS = {"start", "end", "charStart", "charEnd"}


def readable(headers: Sequence[str], rows: Sequence[Sequence[object]], labels: dict[str, str],
             iris: bool = False) -> tuple[list[str], list[list[object]]]:
    """A named query's rows for people: entities by their labels, not their IRIs. Columns that
    hold only IRIs nobody labels (claims, evidence nodes), character offsets, empty columns and
    columns that repeat another column are left out. With `iris`, the rows are returned as they are."""
    if iris:
        return list(headers), [list(r) for r in rows]
    def show(v):
        if isinstance(v, str) and v.startswith(("http://", "https://")):
            return labels.get(v, v)
        return v
    shown = [[show(v) for v in row] for row in rows]
    keep = []
    for i, h in enumerate(headers):
        if h in OFFSETS:
            continue                                   # character offsets are for programs (--iris, csv, json)
        column = [row[i] for row in shown]
        if column and all(v is None or v == "" for v in column):
            continue                                   # empty: an unbound parameter's column
        if column and all(v is None or (isinstance(v, str) and v.startswith(("http://", "https://")))
                          for v in column) and any(v is not None for v in column):
            continue                                   # unlabelled IRIs only
        if any(column == [row[j] for row in shown] for j in keep):
            continue                                   # the same values as a column already kept
        keep.append(i)
    return [headers[i] for i in keep], [[row[i] for i in keep] for row in shown]


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}" if abs(v) < 1e6 else f"{v:,.0f}"
    return " ".join(str(v).split())
