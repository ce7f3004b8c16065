"""What the model picker and the Models dialog list: user files, other apps' models, timings.

Every function may touch the disk: the window calls them from a pool thread, never from the
GUI thread.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.base.atomic import atomic_write_bytes
from studio.core.base.errors import ModelError
from studio.core.models.catalog import CATALOG, catalog_entry
from studio.core.models.families import FAMILIES, family_from_name
from studio.core.models.other_apps import ModelFolder, list_models
from studio.core.models.source import resolve_model

if TYPE_CHECKING:
    from studio.core.base.devices import DevicePlan
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings
    from studio.core.models.preflight import PhaseCallback, PreflightReport

log = logging.getLogger(__name__)
USER_MODELS_FILE = "user_models.json"
PREFLIGHT_FILE = "preflight.json"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class PickerEntry:
    """One choice of the model picker: the reference to load and what to show."""

    ref: str
    name: str
    family: str  # a Family label, "" when unknown
    source: str  # auto, demo, installed, file, app


# -- user-added model files ------------------------------------------------------------------
def user_models_file(paths: AppPaths) -> Path:
    return paths.data / USER_MODELS_FILE


def load_user_models(paths: AppPaths) -> list[str]:
    """The .safetensors files the user added, as saved; a broken list reads as empty."""
    try:
        raw = json.loads(user_models_file(paths).read_text(encoding="utf-8"))
        files = raw["files"]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("Ignoring unreadable %s: %s", USER_MODELS_FILE, exc)
        return []
    if not isinstance(files, list):
        log.warning("Ignoring %s: its file list is not a list", USER_MODELS_FILE)
        return []
    return [f for f in files if isinstance(f, str)]


def save_user_models(paths: AppPaths, files: list[str]) -> None:
    """Write the list atomically."""
    payload = {"schema_version": SCHEMA_VERSION, "files": files}
    data = json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8")
    atomic_write_bytes(user_models_file(paths), data)


def add_user_model(paths: AppPaths, file: Path) -> PickerEntry:
    """Check a single-file checkpoint (never unpickling anything) and add it to the list."""
    source = resolve_model(str(file))
    if source.kind != "single_file" or source.path is None:
        raise ModelError(
            f"{file.name} is not a model file (.safetensors).",
            f"{file.name} no es un archivo de modelo (.safetensors).",
        )
    files = load_user_models(paths)
    if str(source.path) in files:
        raise ModelError(
            f"{file.name} is already in your list of models.",
            f"{file.name} ya está en tu lista de modelos.",
        )
    save_user_models(paths, [*files, str(source.path)])
    return PickerEntry(str(source.path), source.name, source.family.label, "file")


def remove_user_model(paths: AppPaths, ref: str) -> None:
    save_user_models(paths, [f for f in load_user_models(paths) if f != ref])


# -- the picker's list ----------------------------------------------------------------------
def picker_entries(paths: AppPaths, settings: Settings) -> list[PickerEntry]:
    """Demo, installed models, the user's files and other apps' checkpoints (slow: disk)."""
    entries = [PickerEntry("demo", "demo", FAMILIES["demo"].label, "demo")]
    entries += installed_entries()
    entries += _file_entries(load_user_models(paths), "file")
    for folder in settings.model_folders:
        found = list_models(ModelFolder("", "checkpoint", Path(folder)))
        entries += _file_entries([str(m.path) for m in found], "app")
    unique: dict[str, PickerEntry] = {}
    for entry in entries:
        unique.setdefault(entry.ref, entry)
    return list(unique.values())


def installed_entries() -> list[PickerEntry]:
    """Complete pipelines in the Hugging Face cache (catalog or not; no VAEs or LoRAs)."""
    from studio.core.models.hf_cache import installed_models

    entries = []
    for model in installed_models():
        entry = catalog_entry(model.repo_id)
        if not model.complete or (entry is not None and entry.kind != "pipeline"):
            continue
        family = FAMILIES[entry.family] if entry else family_from_name(model.repo_id)
        name = entry.label if entry else model.repo_id.split("/")[-1]
        entries.append(PickerEntry(model.repo_id, name, family.label, "installed"))
    return entries


def _file_entries(files: list[str], source: str) -> list[PickerEntry]:
    entries = []
    for file in files:
        try:
            model = resolve_model(file)
        except (ModelError, OSError) as exc:  # deleted since, or a LoRA in a checkpoint folder
            log.info("Not listing %s: %s", file, exc)
            continue
        entries.append(PickerEntry(file, model.name, model.family.label, source))
    return entries


# -- measured time per image ------------------------------------------------------------------
def measured_families() -> list[str]:
    """The families of the catalog's pipelines, fastest first (the order they are measured)."""
    return list(dict.fromkeys(e.family for e in CATALOG if e.kind == "pipeline"))


def load_preflight(paths: AppPaths, plan: DevicePlan) -> dict[str, float]:
    """Cached seconds per image for each family on this device (empty when never measured)."""
    try:
        raw = json.loads((paths.cache / PREFLIGHT_FILE).read_text(encoding="utf-8"))
        found = raw["devices"][plan.label]
        return {str(k): float(v["image_seconds"]) for k, v in found.items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.info("No usable preflight cache: %s", exc)
        return {}


def measure_family(
    paths: AppPaths,
    plan: DevicePlan,
    family: str,
    size: tuple[int, int] | None = None,
    steps: int | None = None,
    on_phase: PhaseCallback | None = None,
) -> PreflightReport:
    """Run the preflight of `family` (`studio benchmark`, the Models dialog's "Measure"); a run
    at the family's own size and steps is cached for the dialog's "Time per image" column."""
    from studio.core.models.preflight import run_preflight

    spec = FAMILIES[family]
    width, height = size or (spec.width, spec.height)
    report = run_preflight(family, width, height, plan, steps or spec.steps, on_phase)
    if (report.width, report.height, report.steps) == (spec.width, spec.height, spec.steps):
        save_preflight(paths, plan, report)
    return report


def save_preflight(paths: AppPaths, plan: DevicePlan, report: PreflightReport) -> None:
    """Add one measurement to the cache, so the next opening shows it without measuring."""
    file = paths.cache / PREFLIGHT_FILE
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
        devices = dict(raw["devices"])
    except (OSError, ValueError, KeyError, TypeError):
        devices = {}
    family = {**asdict(report), "image_seconds": report.image_seconds}
    previous = devices.get(plan.label)
    previous = previous if isinstance(previous, dict) else {}  # a damaged entry is replaced
    devices[plan.label] = {**previous, report.family: family}
    payload = {"schema_version": SCHEMA_VERSION, "devices": devices}
    atomic_write_bytes(file, json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8"))
