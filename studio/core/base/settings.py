"""User settings: a versioned JSON file, written atomically, bad values fall back per key."""

from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from studio.core.base.atomic import atomic_write_bytes

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Settings:
    """Everything the user can set; every field has a safe default."""

    default_model: str = ""  # empty: chosen for the detected hardware
    device: str = "auto"  # auto, cuda, mps, xpu, cpu
    output_dir: str = ""  # empty: the gallery folder
    language: str = "system"  # system, es, en
    theme: str = "system"  # system, light, dark
    preview: bool = True
    compiled_mode: bool = False  # GPU: torch.compile the UNet in the background (many images)
    lora_folders: tuple[str, ...] = ()  # besides <data>/loras and other apps' LoRA folders
    model_folders: tuple[str, ...] = ()  # other apps' checkpoint folders used in place

    def updated(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or corrupt file gives defaults, a bad value its default."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("Settings file %s unreadable (%s); using defaults", path, exc)
        _keep_broken_copy(path)
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        value = raw.get(spec.name, getattr(defaults, spec.name))
        expected = type(getattr(defaults, spec.name))
        if expected is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = tuple(value)  # JSON has no tuples
        values[spec.name] = value if isinstance(value, expected) else getattr(defaults, spec.name)
    return Settings(**values)


def save_settings(path: Path, settings: Settings) -> None:
    """Write settings atomically with their schema version."""
    payload = {"schema_version": SCHEMA_VERSION, **asdict(settings)}
    atomic_write_bytes(path, json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8"))


def _keep_broken_copy(path: Path) -> None:
    # Keep the user's broken file for inspection instead of silently overwriting it later.
    with contextlib.suppress(OSError):
        path.replace(path.with_suffix(".json.bak"))
