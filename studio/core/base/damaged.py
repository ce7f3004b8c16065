"""Damaged state files (settings, queue, sidecars): keep a copy, and save what can be read.

A state file cut short by a crash or a full disk still holds most of what the user set. These
helpers read back every complete value of such a file, and keep the damaged file itself under
a new name (claimed exclusively: an older copy is never overwritten) before anything replaces
it, so the user can always look at what was there.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from studio.core.base.atomic import write_new_file

log = logging.getLogger(__name__)
_MAX_SALVAGE_CHARS = 2_000_000  # our state files are a few KB; a huge one is not worth a scan
_KEY = re.compile(r'"((?:[^"\\\n]|\\.){1,500})"\s*:\s*')
_DECODER = json.JSONDecoder()


def read_state_text(file: Path) -> str:
    """The file's text; undecodable bytes become U+FFFD so the rest can still be salvaged."""
    return file.read_bytes().decode("utf-8", errors="replace")


def keep_damaged_copy(file: Path) -> Path | None:
    """Copy a damaged `file` to `<name>.bak-<time>` (a name no older copy holds); its path.

    A copy of the same bytes made earlier is reused, so a file read at every start is kept
    once. None when there is nothing to copy or the copy cannot be written (logged).
    """
    try:
        data = file.read_bytes()
        for older in _backups(file):
            if older.stat().st_size == len(data) and older.read_bytes() == data:
                return older
        stamp = time.strftime("%Y%m%d-%H%M%S")
        names = (file.with_name(f"{file.name}.bak-{stamp}{_n(n)}") for n in range(1, 10_000))
        return write_new_file(names, lambda handle: handle.write(data))
    except OSError as error:
        log.warning("Cannot keep a copy of the damaged %s: %s", file, error)
        return None


def copy_note(backup: Path | None) -> tuple[str, str]:
    """The sentence that tells the user where the damaged file's copy is (English, Spanish);
    empty when no copy could be kept."""
    if backup is None:
        return "", ""
    return (
        f" A copy of the damaged file is in {backup}.",
        f" Hay una copia del archivo dañado en {backup}.",
    )


def _n(number: int) -> str:
    return "" if number == 1 else f"-{number}"


def _backups(file: Path) -> list[Path]:
    try:
        return sorted(file.parent.glob(f"{glob_escape(file.name)}.bak*"))
    except OSError:
        return []


def glob_escape(name: str) -> str:
    """`name` with glob's special characters taken literally."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def salvage_pairs(text: str) -> dict[str, Any]:
    """Every `"key": value` in broken JSON whose value is complete; the first one of a key wins.

    A file cut short keeps everything before the cut; nested keys are found too, so callers
    check the types of what they take.
    """
    found: dict[str, Any] = {}
    for key, value in _pairs(text[:_MAX_SALVAGE_CHARS]):
        found.setdefault(key, value)
    return found


def salvage_objects(text: str, first_key: str) -> list[dict[str, Any]]:
    """The complete JSON objects in broken JSON that begin with `first_key`, in order."""
    text = text[:_MAX_SALVAGE_CHARS]
    pattern = re.compile(r"\{\s*" + re.escape(json.dumps(first_key)) + r"\s*:")
    found: list[dict[str, Any]] = []
    position = 0
    while match := pattern.search(text, position):
        try:
            value, end = _DECODER.raw_decode(text, match.start())
        except (ValueError, RecursionError):
            position = match.end()
            continue
        found.append(value)
        position = end
    return found


def _pairs(text: str) -> Iterator[tuple[str, Any]]:
    for match in _KEY.finditer(text):
        try:
            key = json.loads(f'"{match.group(1)}"')
            value, _end = _DECODER.raw_decode(text, match.end())
        except (ValueError, RecursionError):
            continue
        yield key, value
