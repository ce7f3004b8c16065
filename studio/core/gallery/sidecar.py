"""Favourites and tags kept beside the images, one small JSON file per folder.

The index database is a cache that can be rebuilt from the folder; this file is what makes a
rebuild keep the user's favourites and tags.
"""

from __future__ import annotations

import errno
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core.base.atomic import atomic_write_bytes
from studio.core.base.damaged import keep_damaged_copy, read_state_text, salvage_pairs

log = logging.getLogger(__name__)
SIDECAR_NAME = ".lienzo-gallery.json"
SCHEMA_VERSION = 1
MAX_TAGS = 50
MAX_TAG_CHARS = 64
_MAX_SIDECAR_BYTES = 20_000_000


@dataclass(frozen=True)
class Marks:
    """What the user set on one image."""

    favourite: bool = False
    tags: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.favourite and not self.tags


def clean_tags(tags: object) -> tuple[str, ...]:
    """Tags as stored: trimmed, one line, short, no duplicates, at most MAX_TAGS."""
    if not isinstance(tags, list | tuple):
        return ()
    cleaned = (" ".join(str(tag).split())[:MAX_TAG_CHARS] for tag in tags if tag is not None)
    return tuple(dict.fromkeys(tag for tag in cleaned if tag))[:MAX_TAGS]


def tags_from_json(text: object) -> tuple[str, ...]:
    """Tags kept as JSON text in the index; a damaged value gives none."""
    try:
        return clean_tags(json.loads(text)) if isinstance(text, str) else ()
    except (ValueError, RecursionError):
        return ()


def read_sidecar(folder: Path) -> dict[str, Marks]:
    """The marks saved in `folder`, by file name; a damaged file gives every readable mark."""
    return read_sidecar_state(folder)[0]


def read_sidecar_state(folder: Path) -> tuple[dict[str, Marks], bool]:
    """The marks saved in `folder`, and whether the file is damaged (to be repaired)."""
    file = folder / SIDECAR_NAME
    try:
        if file.stat().st_size > _MAX_SIDECAR_BYTES:
            log.warning("Ignoring %s: too large", file)
            return {}, True
        text = read_state_text(file)
    except FileNotFoundError:
        return {}, False
    except OSError as error:
        log.warning("Ignoring unreadable %s: %s", file, error)
        return {}, True  # never replaced: write_sidecar cannot keep a copy of it either
    return _parse(file, text)


def _parse(file: Path, text: str) -> tuple[dict[str, Marks], bool]:
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as error:
        log.warning("Sidecar %s damaged (%s); reading what is left", file, error)
        return _salvaged(text), True
    images = raw.get("images") if isinstance(raw, dict) else None
    if not isinstance(images, dict):
        log.warning("Sidecar %s has no image list; reading what is left", file)
        return _salvaged(text), True
    marks = {str(name): _marks(value) for name, value in images.items()}
    return marks, not all(isinstance(value, dict) for value in images.values())


def _salvaged(text: str) -> dict[str, Marks]:
    # A file cut short keeps every complete entry before the cut: {"name": {"favourite": …}}.
    entries = salvage_pairs(text)
    return {
        name: _marks(value)
        for name, value in entries.items()
        if isinstance(value, dict) and ("favourite" in value or "tags" in value)
    }


def sidecar_damaged(folder: Path, sound: dict[Path, tuple[int, int]]) -> bool:
    """Whether `folder`'s sidecar is damaged; `sound` remembers files already found sound."""
    file = folder / SIDECAR_NAME
    try:
        info = file.stat()
    except OSError:
        return False
    signature = (info.st_size, info.st_mtime_ns)
    if sound.get(file) == signature:
        return False
    damaged = read_sidecar_state(folder)[1]
    if not damaged:
        sound[file] = signature
    return damaged


def _marks(value: Any) -> Marks:
    if not isinstance(value, dict):
        return Marks()
    return Marks(favourite=value.get("favourite") is True, tags=clean_tags(value.get("tags")))


def write_sidecar(folder: Path, marks: dict[str, Marks]) -> None:
    """Save the marks of one folder atomically; with none left, remove the file.

    A damaged sidecar is copied to `.lienzo-gallery.json.bak-<time>` first: it is never
    replaced unless that copy exists (OSError otherwise).
    """
    kept = {name: m for name, m in sorted(marks.items()) if not m.empty}
    file = folder / SIDECAR_NAME
    if read_sidecar_state(folder)[1] and keep_damaged_copy(file) is None:
        raise OSError(errno.EIO, "cannot keep a copy of the damaged file", str(file))
    if not kept:
        file.unlink(missing_ok=True)
        return
    images = {name: {"favourite": m.favourite, "tags": list(m.tags)} for name, m in kept.items()}
    payload = {"schema_version": SCHEMA_VERSION, "images": images}
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    atomic_write_bytes(file, text.encode("utf-8"))
