"""What questions are asked of: the local store or a remote SPARQL endpoint, behind one interface.

    >>> from spacekg.graph.source import open_source
    >>> source = open_source(store="my-store")                         # a local Store
    >>> source = open_source(endpoint="http://127.0.0.1:7878/query")   # a remote Endpoint
    >>> source.query("SELECT ?p { ?p a sm:Player }").records()

Everything that reads the graph (queries/, the map, the network view, `validate`, the server)
takes a `Source`, so it never cares where the graph lives.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import SpacekgError
from .results import Results


@runtime_checkable
class Source(Protocol):
    """The read interface that `Store` (graph/store.py) and `Endpoint` (graph/remote/endpoint.py) share."""

    path: Path | None                    # the local store's folder; None for a remote endpoint

    def query(self, sparql: str, substitutions: dict[str, object] | None = None,
              timeout: float | None = None) -> Results:
        """Run a read-only SPARQL query (refused by the guard if it could write or leave the graph)."""

    def graphs(self) -> list[str]:
        """The names of the named graphs (one per document, and the ontology's)."""

    def has_graph(self, name: str) -> bool: ...

    def refresh(self) -> bool:
        """See the latest build (a store rebuilt by another process); True if anything changed."""

    def __len__(self) -> int: ...


def open_source(store: str | os.PathLike | None = None, endpoint: str | None = None) -> Source:
    """The remote endpoint when one is given, else the local store (default: the user's store)."""
    if endpoint:
        if store is not None:
            raise SpacekgError("give a store or an endpoint, not both")
        from .remote.endpoint import Endpoint
        return Endpoint(endpoint)
    from .store import Store
    return Store.open(store)


class TimedSource:
    """A source whose queries stop after `timeout` seconds unless a query asks for its own limit
    (what `--timeout` gives every command that reads the graph)."""

    def __init__(self, source: Source, timeout: float):
        self.source, self.timeout = source, timeout

    def query(self, sparql: str, substitutions: dict[str, object] | None = None,
              timeout: float | None = None) -> Results:
        return self.source.query(sparql, substitutions=substitutions,
                                 timeout=self.timeout if timeout is None else timeout)

    def __getattr__(self, name: str):
        return getattr(self.source, name)

    def __len__(self) -> int:
        return len(self.source)


def with_timeout(source: Source, timeout: float | None) -> Source:
    """`source` itself when there is no limit, else a TimedSource."""
    return source if timeout is None else TimedSource(source, timeout)
