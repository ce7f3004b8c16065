"""User settings: a versioned JSON file, written atomically, bad values fall back per key."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from studio.core.base.atomic import atomic_write_bytes
from studio.core.base.damaged import copy_note, keep_damaged_copy, read_state_text, salvage_pairs
from studio.core.base.errors import StudioError

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
# FLUX/SD3 transformers quantized as they load: int8 (torchao), nf4 (bitsandbytes, CUDA).
QUANTIZE_CHOICES = ("none", "int8", "nf4")


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
    api_server: bool = False  # the window serves the A1111 API on 127.0.0.1:7860 while open
    run_on: str = "local"  # where jobs run: "local", "all", or a server's name (servers.json)
    quantize: str = "none"  # FLUX/SD3 transformers: none, int8, nf4 (QUANTIZE_CHOICES)

    def updated(self, **changes: Any) -> Settings:
        return replace(self, **changes)


@dataclass(frozen=True)
class SettingsRead:
    """Settings as read, and what was wrong with the file (None when it was sound)."""

    settings: Settings
    problem: StudioError | None = None
    backup: Path | None = None  # the damaged file's copy, once it is safe to replace it


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or corrupt file gives defaults, a bad value its default."""
    return read_settings(path).settings


def read_settings(path: Path) -> SettingsRead:
    """Read settings, keeping every good value of a damaged file and a copy of that file.

    The file itself is left as it is (the CLI only reads); the window saves the settings
    returned here, which replaces the damaged file once its copy is kept.
    """
    try:
        text = read_state_text(path)
    except FileNotFoundError:
        return SettingsRead(Settings())
    except OSError as exc:
        log.warning("Settings file %s unreadable (%s); using defaults", path, exc)
        return SettingsRead(Settings(), _unreadable(path, exc))
    try:
        raw = json.loads(text)
        sound = isinstance(raw, dict)
    except (ValueError, RecursionError):
        raw, sound = salvage_pairs(text), False
    settings, kept, dropped = _typed(raw if isinstance(raw, dict) else {})
    if sound and not dropped:
        return SettingsRead(settings)
    backup = keep_damaged_copy(path)
    log.warning("Settings file %s damaged; kept %s; copy at %s", path, kept, backup)
    return SettingsRead(settings, _damaged_notice(path, backup, kept), backup)


def _typed(raw: dict[str, Any]) -> tuple[Settings, list[str], list[str]]:
    """Settings from the good values of `raw`; the names kept, and those of a wrong type."""
    defaults = Settings()
    values: dict[str, Any] = {}
    kept: list[str] = []
    dropped: list[str] = []
    for spec in fields(Settings):
        default = getattr(defaults, spec.name)
        value = raw.get(spec.name, default)
        if isinstance(default, tuple) and isinstance(value, list):
            value = tuple(value) if all(isinstance(v, str) for v in value) else None  # JSON
        good = isinstance(value, type(default))
        if spec.name == "run_on" and good:  # a server's name: short, printable
            good = 0 < len(value) <= 200 and value.isprintable()
        if spec.name == "quantize" and good:
            good = value in QUANTIZE_CHOICES
        values[spec.name] = value if good else default
        if spec.name in raw:
            (kept if good else dropped).append(spec.name)
    return Settings(**values), kept, dropped


def _damaged_notice(path: Path, backup: Path | None, kept: list[str]) -> StudioError:
    copy_en, copy_es = copy_note(backup)
    if not kept:
        return StudioError(
            f"Your settings file {path.name} was damaged and could not be read: the defaults "
            f"are used.{copy_en}",
            f"Tu archivo de ajustes {path.name} estaba dañado y no se pudo leer: se usan los "
            f"valores por defecto.{copy_es}",
        )
    names = ", ".join(kept)
    return StudioError(
        f"Your settings file {path.name} was damaged: kept {names}; the rest are back to "
        f"their defaults.{copy_en}",
        f"Tu archivo de ajustes {path.name} estaba dañado: se conservó {names}; el resto "
        f"vuelve a su valor por defecto.{copy_es}",
    )


def _unreadable(path: Path, exc: OSError) -> StudioError:
    reason = exc.strerror or str(exc)
    return StudioError(
        f"Your settings file {path} cannot be read ({reason}); the defaults are used.",
        f"No se puede leer tu archivo de ajustes {path} ({reason}); se usan los valores por "
        "defecto.",
    )


def save_settings(path: Path, settings: Settings) -> None:
    """Write settings atomically with their schema version."""
    payload = {"schema_version": SCHEMA_VERSION, **asdict(settings)}
    atomic_write_bytes(path, json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8"))
