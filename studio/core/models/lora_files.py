"""LoRAs: `<lora:name:0.8>` in the prompt as A1111 users type it, checked and applied."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.base.errors import ModelError, ModelNotHere
from studio.core.models.source import check_model_file, safetensors_keys

if TYPE_CHECKING:
    from studio.core.base.settings import Settings

_TAG = re.compile(r"<lora:([^:<>]+?)(?::\s*([+-]?(?:\d+\.?\d*|\.\d+)))?\s*>", re.IGNORECASE)
# Only SDXL has a second text encoder and several transformer blocks per attention.
_XL_MARKERS = (
    "lora_te2_",
    "text_encoder_2.",
    "te2.",
    "transformer_blocks_1_",
    "transformer_blocks.1.",
)
# FLUX's and SD 3's transformers (original and kohya names); checked before SDXL's markers.
_FLOW_MARKERS = {
    "flux": ("double_blocks", "single_blocks", "single_transformer_blocks"),
    "sd3": ("joint_blocks",),
}
_KIND_NAMES = {"sd": "SD 1.x/2.x", "sdxl": "SDXL", "flux": "FLUX.1", "sd3": "SD 3.x"}


@dataclass(frozen=True)
class LoraRef:
    """A LoRA asked for by name, with its strength (1.0 = as trained)."""

    name: str
    weight: float = 1.0


def extract_lora_tags(prompt: str) -> tuple[str, list[LoraRef]]:
    """The prompt without its `<lora:…>` tags, and the LoRAs they name (last one wins)."""
    found: dict[str, LoraRef] = {}
    for match in _TAG.finditer(prompt):
        name = match.group(1).strip()
        found[name.lower()] = LoraRef(name, float(match.group(2) or 1.0))
    cleaned = re.sub(r"\s*,(\s*,)*", ",", _TAG.sub("", prompt))  # no empty ", ," left
    cleaned = re.sub(r"\s{2,}", " ", cleaned).strip(" ,")
    return cleaned, list(found.values())


def find_lora(name: str, folders: Iterable[Path]) -> Path:
    """The .safetensors file called `name` in any LoRA folder (case-insensitive, recursive)."""
    wanted = f"{name}.safetensors".lower()
    searched = []
    for folder in folders:
        searched.append(str(folder))
        if folder.is_dir():
            for path in sorted(folder.rglob("*.safetensors")):
                if path.name.lower() == wanted:
                    return path
    raise ModelNotHere(
        f"LoRA {name!r} not found (looked in: {', '.join(searched) or 'no LoRA folders'}). "
        "Check the name in <lora:…> or add the folder that holds it.",
        f"No se encontró la LoRA {name!r} (se buscó en: {', '.join(searched) or 'ninguna'}). "
        "Revisa el nombre en <lora:…> o añade la carpeta que la contiene.",
    )


def lora_kind(path: Path) -> str:
    """What a LoRA file was trained for — sd, sdxl, flux, sd3 — from its tensor names;
    "transformer" when diffusers' names fit both FLUX and SD 3 (diffusers then decides)."""
    check_model_file(path)
    keys = safetensors_keys(path)
    for kind, markers in _FLOW_MARKERS.items():
        if any(marker in key for key in keys for marker in markers):
            return kind
    if any(key.startswith("transformer.") for key in keys):
        return "transformer"
    return "sdxl" if any(m in key for key in keys for m in _XL_MARKERS) else "sd"


def pipeline_kind(pipeline: Any) -> str:
    """The LoRA kind a loaded pipeline takes."""
    name = type(pipeline).__name__
    if name.startswith("Flux"):
        return "flux"
    if name.startswith("StableDiffusion3"):
        return "sd3"
    return "sdxl" if getattr(pipeline, "text_encoder_2", None) is not None else "sd"


def check_lora_fits(path: Path, model_kind: str) -> None:
    """Refuse a LoRA made for another architecture, before it fails inside diffusers."""
    kind = lora_kind(path)
    if kind == model_kind or (kind == "transformer" and model_kind in _FLOW_MARKERS):
        return
    made, model = _KIND_NAMES.get(kind, "FLUX.1 / SD 3.x"), _KIND_NAMES[model_kind]
    raise ModelError(
        f"The LoRA {path.stem} was made for {made} models and cannot be used with this "
        f"{model} model. Choose a {model} LoRA or another model.",
        f"La LoRA {path.stem} es para modelos {made} y no sirve con este modelo {model}. "
        f"Elige una LoRA {model} u otro modelo.",
    )


def apply_loras(pipeline: Any, loras: Sequence[tuple[Path, float]]) -> None:
    """Make exactly these LoRAs active with these weights (none: back to the plain model)."""
    pipeline.unload_lora_weights()
    if not loras:
        return
    model_kind = pipeline_kind(pipeline)
    names = []
    for index, (path, _) in enumerate(loras):
        check_lora_fits(path, model_kind)
        names.append(f"lora{index}")
        try:
            pipeline.load_lora_weights(
                str(path.parent), weight_name=path.name, adapter_name=names[-1]
            )
        except (ValueError, KeyError, RuntimeError, OSError) as exc:
            pipeline.unload_lora_weights()
            raise _unusable(path, exc) from exc
    pipeline.set_adapters(names, adapter_weights=[weight for _, weight in loras])


def _unusable(path: Path, exc: Exception) -> ModelError:
    detail = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
    return ModelError(
        f"The LoRA {path.stem} could not be applied to this model ({detail}).",
        f"No se pudo aplicar la LoRA {path.stem} a este modelo ({detail}).",
    )


def lora_folders(settings: Settings) -> list[Path]:
    """Where `<lora:name>` is looked up besides <data>/loras: the folders the user chose
    (in the Models dialog, which also offers other apps' LoRA folders)."""
    return [Path(folder) for folder in settings.lora_folders]
