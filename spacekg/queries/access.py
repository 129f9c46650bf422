"""Reading from the graph through the named queries, for ask, players and map.

A `Reader` wraps any object with `.query(sparql, substitutions=None, timeout=None) -> Results`:
the local `Store` today, a remote SPARQL endpoint client with the same method tomorrow. So the
question answering, the players table and the competitive map never care where the graph lives.
Values are bound as substitutions, never pasted into the query text, and every query run is
recorded (for `--show-sparql`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .library import get, run_named


@dataclass(frozen=True)
class Run:
    """One named query as it ran: its name, its bound parameters and its text."""
    name: str
    params: tuple[tuple[str, str], ...]
    text: str


@dataclass
class Reader:
    source: object                      # anything with .query(sparql, substitutions=, timeout=)
    timeout: float | None = None
    runs: list[Run] = field(default_factory=list)

    def rows(self, name: str, **params: object) -> list[dict[str, object]]:
        """Run the named query `name` with `params` bound; rows as dicts of plain values.

        A str value is an IRI (entities resolved from the store); pass a pyoxigraph Literal for a
        literal. None leaves the parameter unbound.
        """
        bound = self.note(name, **params)
        return run_named(self.source, name, timeout=self.timeout, **bound).records()

    def note(self, name: str, **params: object) -> dict[str, object]:
        """Record that the named query `name` answers with `params` bound (for --show-sparql), also
        when its rows come from elsewhere (the store's summaries); returns the bound parameters."""
        bound = {k: ox.NamedNode(v) if isinstance(v, str) else v for k, v in params.items() if v is not None}
        run = Run(name, tuple((k, _show(v)) for k, v in bound.items()), get(name).text_for(set(bound)))
        if run not in self.runs:
            self.runs.append(run)
        return bound


def literal(value: str) -> ox.Literal:
    return ox.Literal(value)


def _show(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return f'"{term.value}"'
    return str(term)
