"""Find the model folders of other apps (A1111/Forge, ComfyUI, InvokeAI) and list them in place.

Nothing is ever copied or written there: multi-GB files are used where they are.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from studio.core.models.hashing import weights_file

# Where each app keeps checkpoints and LoRAs, relative to its install folder.
APP_LAYOUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "AUTOMATIC1111/Forge": (("checkpoint", "models/Stable-diffusion"), ("lora", "models/Lora")),
    "ComfyUI": (("checkpoint", "models/checkpoints"), ("lora", "models/loras")),
    "InvokeAI": (("checkpoint", "models"),),
}
_INSTALL_NAMES = (
    "stable-diffusion-webui",
    "stable-diffusion-webui-forge",
    "webui",
    "ComfyUI",
    "ComfyUI_windows_portable/ComfyUI",
    "invokeai",
    "InvokeAI",
)
_MAX_FILES = 2000  # a folder tree bigger than this is not a model folder


@dataclass(frozen=True)
class ModelFolder:
    """A folder of another app that holds checkpoints or LoRAs."""

    app: str
    kind: str  # checkpoint, lora
    path: Path


@dataclass(frozen=True)
class FoundModel:
    """A model file (or diffusers folder) inside another app's folder, used read-only."""

    name: str
    kind: str
    path: Path
    size: int
    app: str


def candidate_roots(home: Path | None = None) -> list[Path]:
    """Usual install places of the other apps, for the first-run search."""
    home = home or Path.home()
    bases = [home, home / "Documents", home / "Desktop", home / "AI", Path("C:/"), Path("D:/")]
    roots = [base / name for base in bases for name in _INSTALL_NAMES]
    for variable in ("INVOKEAI_ROOT", "COMFYUI_PATH", "A1111_PATH"):
        if os.environ.get(variable):
            roots.append(Path(os.environ[variable]))
    return roots


def find_model_folders(roots: Iterable[Path]) -> list[ModelFolder]:
    """The checkpoint/LoRA folders of each app installed under any of `roots`."""
    found: list[ModelFolder] = []
    for root in roots:
        for app, layout in APP_LAYOUTS.items():
            if app == "InvokeAI" and not (root / "invokeai.yaml").is_file():
                continue  # "models" alone is too common a name to trust
            for kind, relative in layout:
                folder = root / relative
                if folder.is_dir() and not any(f.path == folder for f in found):
                    found.append(ModelFolder(app, kind, folder))
    return found


def list_models(folder: ModelFolder) -> list[FoundModel]:
    """The .safetensors and .gguf files (and diffusers folders) in `folder`, unread."""
    models: list[FoundModel] = []
    for path in _walk(folder.path):
        if path.is_dir() and (path / "model_index.json").is_file():
            weights = weights_file(path)
            size = weights.stat().st_size if weights else 0
            models.append(FoundModel(path.name, folder.kind, path, size, folder.app))
        elif path.is_file() and path.suffix.lower() in (".safetensors", ".gguf"):
            models.append(FoundModel(path.stem, folder.kind, path, path.stat().st_size, folder.app))
    return sorted(models, key=lambda m: m.name.lower())


def _walk(root: Path) -> list[Path]:
    try:
        entries = sorted(root.rglob("*"))[:_MAX_FILES]
    except OSError:  # unplugged drive, permissions: show what we can
        return []
    diffusers_roots = {p.parent for p in entries if p.name == "model_index.json"}
    return [p for p in entries if not any(r in p.parents for r in diffusers_roots)]
