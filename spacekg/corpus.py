"""Building: files -> documents -> facts -> named graphs -> the store, in one atomic write.

    >>> from spacekg import build
    >>> report = build(["reports/"], store="my-store")
    >>> report.documents, report.triples

Bad files are reported one by one (`BuildReport.failed`) and never stop the good ones; the store
changes only if the whole write succeeds.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import InputError
from .graph import convert, iri
from .graph.namespaces import ONTOLOGY_GRAPH
from .graph.ontology import ontology_graph
from .graph.rdf import document_graph
from .graph.store import Store

SAMPLE_REPORT = "china-space-mining-market.txt"


def sample_report() -> Path:
    """The report bundled with the package (used when `spacekg build` gets no path)."""
    return Path(str(resources.files("spacekg").joinpath(f"data/{SAMPLE_REPORT}")))


@dataclass
class BuildReport:
    documents: list[str] = field(default_factory=list)      # built (new or changed)
    unchanged: list[str] = field(default_factory=list)      # skipped: same content hash as stored
    failed: list[InputError] = field(default_factory=list)
    players: int = 0
    relations: int = 0
    triples: int = 0                                          # quads in the whole store afterwards
    seconds: float = 0.0


def find_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[InputError]]:
    """Expand directories (recursively, supported formats only); report missing paths."""
    from .extract.reader import SUPPORTED_SUFFIXES

    files: list[Path] = []
    errors: list[InputError] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                errors.append(InputError(str(raw), "no supported files in this directory "
                                                   f"({', '.join(sorted(SUPPORTED_SUFFIXES))})"))
            files += found
        elif p.exists():
            files.append(p)
        else:
            errors.append(InputError(str(raw), "no such file or directory"))
    return files, errors


def stored_hashes(store: Store) -> dict[str, str]:
    """File name -> content hash of every document in the store."""
    res = store.query("SELECT ?name ?hash { ?r a sm:Report ; sm:fileName ?name ; sm:contentHash ?hash }")
    return {r["name"]: r["hash"] for r in res.records()}


def build(paths: Iterable[str | os.PathLike] | None = None, store: Store | str | os.PathLike | None = None,
          force: bool = False, progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Read, extract and store `paths` (files or directories; default: the bundled sample report)."""
    from .extract.extractor import Extractor
    from .extract.reader import read_document

    started = time.perf_counter()
    st = store if isinstance(store, Store) else Store.open(store, create=True)
    report = BuildReport()
    files, report.failed = find_files(list(paths) if paths else [sample_report()])
    known = {} if force else stored_hashes(st)

    docs = []
    for f in files:
        try:
            doc = read_document(f)
        except InputError as e:
            report.failed.append(e)
            continue
        if known.get(doc.name) == doc.sha256:
            report.unchanged.append(doc.name)
        else:
            docs.append(doc)

    graphs = []
    if docs:
        extractor = Extractor()
        for i, (doc, ex) in enumerate(zip(docs, extractor.extract_many(docs)), 1):
            graphs.append(document_graph(ex, doc.sha256, doc.path))
            report.documents.append(doc.name)
            report.players += len(ex.players)
            report.relations += len(ex.targets) + len(ex.collaborations) + len(ex.technologies) + \
                len(ex.developments)
            if progress:
                progress(i, len(docs))

    if graphs or not st.has_graph(str(ONTOLOGY_GRAPH)):
        with st.writer() as w:
            w.replace_graph(str(ONTOLOGY_GRAPH), convert.quads(ontology_graph()))
            for g in graphs:
                w.replace_graph(str(g.identifier), convert.quads(g))
    report.triples = len(st)
    report.seconds = time.perf_counter() - started
    return report


def remove(names: Iterable[str], store: Store | str | os.PathLike | None = None) -> list[str]:
    """Drop documents (by file name) from the store; returns the names that were there."""
    st = store if isinstance(store, Store) else Store.open(store)
    removed = []
    with st.writer() as w:
        for name in names:
            if w.remove_graph(str(iri.report(Path(name).name))):
                removed.append(name)
    return removed
