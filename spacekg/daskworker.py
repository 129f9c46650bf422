"""What runs on a Dask worker during `spacekg build --scheduler` (see spacekg/cluster.py).

A module of its own because it imports `distributed` at the top (the worker plugin must be a
class that the workers can import by name); nothing else in spacekg imports it, so the command
line pays for Dask only when `--scheduler` is given.
"""
from __future__ import annotations

import asyncio
import os
import socket
import threading

from distributed import WorkerPlugin

from .corpus import Outcome, extract_all, outcome_of
from .errors import InputError
from .urls import is_url, read_url, url_name

_LOADING = threading.Lock()
_RUNNING = threading.Lock()
_EXTRACTOR = None


def extractor():
    """This worker process's Extractor: the spaCy pipeline, loaded once per process."""
    global _EXTRACTOR
    with _LOADING:
        if _EXTRACTOR is None:
            from .extract.extractor import Extractor
            _EXTRACTOR = Extractor()
        return _EXTRACTOR


class LoadPipeline(WorkerPlugin):
    """Loads the pipeline when a worker starts or joins, before its first task (and again in a
    worker that the nanny restarts after it died), in a thread so that the worker keeps
    answering the scheduler's heartbeats meanwhile."""

    name = "spacekg-pipeline"

    async def setup(self, worker) -> None:
        await asyncio.to_thread(extractor)


def extract_document(shown: str, location: str) -> Outcome:
    """Read one document, run the pipeline, serialise its named graph: the task of a cluster build.

    `shown` is the path or URL as the user gave it (what the graph's dcterms:source and every
    message name, so a cluster build writes the same bytes as a local one); `location` is what
    this worker opens: an absolute path on a file system the workers share, or an fsspec URL.
    A document that cannot be read or extracted comes back as an Outcome with its problem."""
    try:
        doc = read(shown, location)
    except InputError as e:
        return Outcome(shown, problem=e.problem)
    ex = extractor()
    with _RUNNING:                        # one document at a time per process, however many threads
        (doc, extraction), = extract_all(ex, [doc])
    if isinstance(extraction, Exception):
        text = " ".join(str(extraction).split())[:200] or type(extraction).__name__
        return Outcome(doc.path, doc.name, problem=f"extraction failed: {text}")
    return outcome_of(doc, extraction)


def read(shown: str, location: str):
    """The Document at `location`, named after `shown` (see extract_document)."""
    from .extract import reader

    if not is_url(location):
        try:
            doc = reader.read_document(location)
        except InputError as e:
            if not os.path.exists(location):         # the client saw it: this worker does not
                raise InputError(shown, f"no such file on the Dask worker {socket.gethostname()} (workers need "
                                        f"the same path, e.g. a shared file system, or give URLs)") from None
            raise InputError(shown, e.problem) from None
        doc.path = shown
        return doc
    name = url_name(location)
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in reader.SUPPORTED_SUFFIXES:
        raise InputError(shown, f"unsupported format '{suffix or '(none)'}' "
                                f"(supported: {', '.join(sorted(reader.SUPPORTED_SUFFIXES))})")
    data = read_url(shown, location, reader.MAX_BYTES)
    return reader.read_bytes(data, name, suffix, shown)
