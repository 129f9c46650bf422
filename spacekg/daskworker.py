"""What runs on a Dask worker during `spacekg build --scheduler` (see spacekg/cluster.py).

A module of its own because it imports `distributed` at the top (the worker plugin must be a
class that the workers can import by name); nothing else in spacekg imports it, so the command
line pays for Dask only when `--scheduler` is given.
"""
from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from pathlib import Path

from distributed import WorkerPlugin

from .corpus import Outcome, extract_all, outcome_of
from .errors import InputError

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


# ---------------------------------------------------------------- URLs (fsspec)

def is_url(text: str) -> bool:
    """An fsspec URL (s3://, gs://, https://, memory:// ...), not a local path."""
    head, sep, _ = text.partition("://")
    return bool(sep) and head.replace("+", "").replace("-", "").replace(".", "").isalnum() and len(head) > 1


def url_name(url: str) -> str:
    """The file name in a URL (what identifies the document, as a local file's name does)."""
    return Path(url.split("?", 1)[0].split("#", 1)[0].rstrip("/")).name


def open_url(shown: str, url: str):
    """(file system, path) for a URL; InputError naming what to install when fsspec cannot open it."""
    try:
        import fsspec
    except ImportError:
        raise InputError(shown, "reading URLs needs fsspec (pip install fsspec)") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as e:
        protocol = url.partition("://")[0]
        raise InputError(shown, f"cannot read {protocol}:// URLs here: {_one_line(e)}") from None


def read_url(shown: str, url: str, max_bytes: int) -> bytes:
    fs, path = open_url(shown, url)
    try:
        with fs.open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(shown, "no such file") from None
    except Exception as e:                 # noqa: BLE001 - every fsspec back end raises its own errors
        raise InputError(shown, f"cannot read: {_one_line(e)}") from None
    if len(data) > max_bytes:
        raise InputError(shown, f"too large (over {max_bytes / 1e6:.0f} MB, set SPACEKG_MAX_BYTES to change it)")
    return data


def url_hash(shown: str, url: str) -> str | None:
    """SHA-256 of the bytes at a URL (what the reader stores as sm:contentHash); None if unreadable."""
    try:
        fs, path = open_url(shown, url)
        h = hashlib.sha256()
        with fs.open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        return h.hexdigest()
    except Exception:                      # noqa: BLE001 - the task reports the problem in its own words
        return None


def _one_line(e: Exception) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) <= 200 else text[:197] + "..."
