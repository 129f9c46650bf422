"""Writing an output file the user named (`export -o`, `map --out`, `viz -o`) without harm.

    >>> with output_file("graph.ttl") as f:
    ...     f.write(data)

- A regular file (or a new one) is written to a temporary file with a random name, created
  exclusively (O_CREAT | O_EXCL | O_NOFOLLOW) in the same folder, then renamed onto the name when
  complete: a failed write never leaves half a file, and no file or symlink that happens to be
  there (say `OUT.tmp` linking elsewhere) is ever followed or overwritten. An existing file keeps
  its permissions.
- A symlink at the name is the user's choice: its target is written (the same way), and the link
  stays a link.
- A FIFO, a device or `-` (standard output) is written directly: it is never replaced by a file.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

STDOUT = "-"


@contextlib.contextmanager
def output_file(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file to write OUT's content to; it lands at OUT when the block ends without error.
    Raises OSError (with strerror) when it cannot."""
    if str(path) == STDOUT:
        out = sys.stdout.buffer
        yield out
        out.flush()
        return
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISSOCK(st.st_mode):
            raise OSError(95, "is a socket, not a file")
        fd = os.open(target, os.O_WRONLY | os.O_NOCTTY)          # FIFO or device: write to it as it is
        with os.fdopen(fd, "wb") as out:
            yield out
        return
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            if st is not None:
                os.fchmod(out.fileno(), stat.S_IMODE(st.st_mode))
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with output_file(path) as out:
        out.write(data)
