"""Small conveniences of the Python API that are not a module of their own."""
from __future__ import annotations

import os

from .graph.results import Results
from .graph.store import Store


def open_store(path: str | os.PathLike | None = None) -> Store:
    """Open an existing store (default: $SPACEKG_STORE or ~/.local/share/spacekg/store)."""
    return Store.open(path)


def sparql(store: Store | str | os.PathLike | None, query: str, timeout: float | None = None,
           **bindings) -> Results:
    """Run a read-only SPARQL query; keyword arguments bind variables (`player=NamedNode(...)`)."""
    st = store if isinstance(store, Store) else Store.open(store)
    return st.query(query, substitutions=bindings or None, timeout=timeout)
