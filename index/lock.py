"""A cross-process lock so that two ingests never write the same index at once."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from beleid.errors import IngestBusyError


@contextmanager
def ingest_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive, non-blocking lock on ``path``; IngestBusyError if another process has it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise IngestBusyError(str(path)) from err
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()
