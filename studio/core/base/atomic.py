"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_open(target: Path) -> Iterator[BinaryIO]:
    """Open a temp file beside `target`; on success fsync and rename it over `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        # Ctrl+C, a full disk or a crash in the writer: leave nothing behind.
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write `data` to `target` atomically."""
    with atomic_open(target) as handle:
        handle.write(data)


def atomic_write_with(target: Path, writer: Callable[[BinaryIO], None]) -> None:
    """Let `writer` fill a file that appears at `target` only once complete."""
    with atomic_open(target) as handle:
        writer(handle)
