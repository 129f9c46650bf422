"""Documents named by fsspec URLs (s3://, gs://, https://, file:// ...), for builds on a cluster.

fsspec is imported only when a URL is read; a protocol whose package is missing (s3fs, gcsfs,
aiohttp for https) is one InputError that says so.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import InputError


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
