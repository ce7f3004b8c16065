"""Favourites and tags kept beside the images, one small JSON file per folder.

The index database is a cache that can be rebuilt from the folder; this file is what makes a
rebuild keep the user's favourites and tags.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core.base.atomic import atomic_write_bytes

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


def read_sidecar(folder: Path) -> dict[str, Marks]:
    """The marks saved in `folder`, by file name; a missing or damaged file gives none."""
    file = folder / SIDECAR_NAME
    try:
        if file.stat().st_size > _MAX_SIDECAR_BYTES:
            log.warning("Ignoring %s: too large", file)
            return {}
        raw = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning("Ignoring unreadable %s: %s", file, error)
        return {}
    images = raw.get("images") if isinstance(raw, dict) else None
    if not isinstance(images, dict):
        return {}
    return {str(name): _marks(value) for name, value in images.items()}


def _marks(value: Any) -> Marks:
    if not isinstance(value, dict):
        return Marks()
    return Marks(favourite=value.get("favourite") is True, tags=clean_tags(value.get("tags")))


def write_sidecar(folder: Path, marks: dict[str, Marks]) -> None:
    """Save the marks of one folder atomically; with none left, remove the file."""
    kept = {name: m for name, m in sorted(marks.items()) if not m.empty}
    file = folder / SIDECAR_NAME
    if not kept:
        file.unlink(missing_ok=True)
        return
    images = {name: {"favourite": m.favourite, "tags": list(m.tags)} for name, m in kept.items()}
    payload = {"schema_version": SCHEMA_VERSION, "images": images}
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    atomic_write_bytes(file, text.encode("utf-8"))
