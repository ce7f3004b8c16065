"""Atomic file writes: a reader sees the old file or the new one, never half of either.

`write_new_file` also never replaces anything: it claims a name nobody holds, so two
processes saving "the same" picture at once both keep theirs.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
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


# errno values saying "this filesystem has no hard links" (FAT, exFAT, some network shares).
_NO_LINKS = {errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS}
_MAX_CANDIDATES = 100_000


def write_new_file(candidates: Iterable[Path], writer: Callable[[BinaryIO], None]) -> Path:
    """Write a complete file under the first of `candidates` that no one holds; return it.

    The data goes to a temp file first; then the name is claimed atomically (a hard link,
    which fails if the name exists, or an O_EXCL create where links are not supported), so a
    save never replaces a file it did not create, even with another process saving at once.
    All candidates should share one folder.
    """
    names = iter(candidates)
    first = next(names)
    tmp = _written_temp(first, writer)
    try:
        for number, target in enumerate(itertools.chain([first], names)):
            if number >= _MAX_CANDIDATES:
                break
            if _claim(tmp, target):
                return target
        raise FileExistsError(errno.EEXIST, "No free file name", str(first))
    finally:
        tmp.unlink(missing_ok=True)


def _written_temp(target: Path, writer: Callable[[BinaryIO], None]) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _claim(tmp: Path, target: Path) -> bool:
    """Give `tmp`'s content the name `target` if nobody holds it; False when taken."""
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        return False
    except (AttributeError, NotImplementedError):
        pass
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
    return _claim_exclusive(tmp, target)


def _claim_exclusive(tmp: Path, target: Path) -> bool:
    # Without hard links: create the name exclusively (empty for a moment), then move our
    # complete file onto the name we now own. os.replace only ever overwrites our own claim.
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return False
    os.close(fd)
    try:
        os.replace(tmp, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return True
