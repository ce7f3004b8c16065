"""What the API lists: installed models, samplers, schedulers, LoRAs — names, never free paths."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.base.errors import InvalidRequestError
from studio.core.generation.request import SAMPLERS
from studio.core.models.hashing import HASH_CACHE_NAME, cached_model_hash
from studio.core.models.library import PickerEntry, picker_entries
from studio.core.models.lora_files import lora_folders

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings

# A1111's scheduler names that our samplers can follow; the rest are reported as not honoured.
SCHEDULERS = (("automatic", "Automatic"), ("karras", "Karras"))


def model_title(entry: PickerEntry) -> str:
    """The A1111 `title` of a model: the repo id, "demo", or a checkpoint's file name."""
    if entry.source in ("file", "app"):
        return Path(entry.ref).name
    return entry.ref


def installed(paths: AppPaths, settings: Settings) -> list[PickerEntry]:
    """The models this computer has (the demo, the HF cache, the user's files); reads disk."""
    return [entry for entry in picker_entries(paths, settings) if entry.source != "auto"]


def known_hash(entry: PickerEntry, paths: AppPaths) -> tuple[str, str] | None:
    """A single-file model's (short hash, SHA-256) as A1111 gives them, when already known.

    Only from the hash cache, filled when Lienzo loads the model: hashing a multi-GB file
    inside a request would hold it for minutes. Folders (diffusers) have no A1111 hash."""
    if entry.source not in ("file", "app"):
        return None
    return cached_model_hash(Path(entry.ref), paths.cache / HASH_CACHE_NAME)


def a1111_title(entry: PickerEntry, hashes: tuple[str, str] | None) -> str:
    """A1111's title: "name.safetensors [short hash]" once the hash is known."""
    return f"{model_title(entry)} [{hashes[0]}]" if hashes else model_title(entry)


def model_items(paths: AppPaths, settings: Settings) -> list[dict[str, str | None]]:
    """`/sd-models`: one A1111 SDModelItem per installed model."""
    items: list[dict[str, str | None]] = []
    for entry in installed(paths, settings):
        hashes = known_hash(entry, paths)
        short, full = hashes or (None, None)
        items.append(
            {
                "title": a1111_title(entry, hashes),
                "model_name": entry.name,
                "hash": short,
                "sha256": full or None,
                "filename": model_title(entry),
                "config": None,
            }
        )
    return items


def resolve_title(title: object, paths: AppPaths, settings: Settings) -> str:
    """The model ref for an A1111 title, found only among installed models (never a path)."""
    wanted = str(title).strip().lower()
    wanted = wanted.split(" [")[0]  # A1111 titles end with " [hash]"
    for entry in installed(paths, settings):
        if wanted in (model_title(entry).lower(), entry.name.lower()):
            return entry.ref
    raise InvalidRequestError(
        "sd_model_checkpoint",
        f"No installed model is called {str(title)[:200]!r}: GET /sdapi/v1/sd-models lists "
        "them (download others in Lienzo's Models dialog or with `studio models download`).",
        f"No hay ningún modelo instalado llamado {str(title)[:200]!r}: GET /sdapi/v1/sd-models "
        "los lista (descarga otros en el diálogo Modelos o con `studio models download`).",
    )


def sampler_items() -> list[dict[str, object]]:
    return [{"name": name, "aliases": [], "options": {}} for name in SAMPLERS]


def scheduler_items() -> list[dict[str, object]]:
    return [
        {
            "name": name,
            "label": label,
            "aliases": None,
            "default_rho": -1,
            "need_inner_model": False,
        }
        for name, label in SCHEDULERS
    ]


def lora_items(paths: AppPaths, settings: Settings) -> list[dict[str, object]]:
    """`/loras`: the .safetensors add-ons where `<lora:name:1>` finds them (names only)."""
    found: dict[str, dict[str, object]] = {}
    for folder in (paths.data / "loras", *lora_folders(settings)):
        if not folder.is_dir():
            continue
        for file in sorted(folder.glob("*.safetensors")):
            entry = {"name": file.stem, "alias": file.stem, "path": file.name, "metadata": {}}
            found.setdefault(file.stem, entry)
    return list(found.values())
