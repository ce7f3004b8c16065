"""Can pictures be saved in a folder? Asked before a model loads, answered with a reason."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from studio.core.base.errors import OutputError


def check_writable_folder(folder: Path) -> None:
    """Raise OutputError unless a new file can be created in `folder`.

    A missing folder is created for the test and removed again, with any parents made for it,
    and the probe file is created exclusively and deleted: the disk is left as it was.
    """
    folder = Path(folder)
    missing = _missing_parts(folder)
    existing = missing[0].parent if missing else folder
    if not existing.is_dir():
        raise _not_a_folder(existing)
    made: list[Path] = []
    try:
        for part in missing:
            part.mkdir()
            made.append(part)
        _probe(folder)
    except OSError as exc:
        raise _cannot_write(folder, exc) from exc
    finally:
        for part in reversed(made):
            with contextlib.suppress(OSError):  # something else put a file there meanwhile
                part.rmdir()


def _missing_parts(folder: Path) -> list[Path]:
    """The folders that would have to be created, outermost first."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and not current.is_symlink() and current != current.parent:
        missing.append(current)
        current = current.parent
    return list(reversed(missing))


def _probe(folder: Path) -> None:
    probe = folder / f".lienzo-write-test-{os.getpid()}-{secrets.token_hex(4)}"
    descriptor = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)
    probe.unlink()


def _not_a_folder(path: Path) -> OutputError:
    return OutputError(
        f"{path} is a file, not a folder: images cannot be saved there. Choose a folder.",
        f"{path} es un archivo, no una carpeta: no se pueden guardar imágenes ahí. Elige una "
        "carpeta.",
    )


def _cannot_write(folder: Path, exc: OSError) -> OutputError:
    if exc.errno in (errno.EACCES, errno.EPERM):
        en, es = "no permission to write there", "no hay permiso para escribir ahí"
    elif exc.errno == errno.EROFS:
        en, es = "the disk is read-only", "el disco es de solo lectura"
    elif exc.errno == errno.ENOSPC:
        en, es = "the disk is full", "el disco está lleno"
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        en, es = "part of the path is a file", "parte de la ruta es un archivo"
    else:
        en = es = exc.strerror or type(exc).__name__
    return OutputError(
        f"Images cannot be saved in {folder} ({en}). Nothing was generated: choose another folder.",
        f"No se pueden guardar imágenes en {folder} ({es}). No se generó nada: elige otra carpeta.",
    )
