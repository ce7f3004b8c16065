"""FLUX.1 and SD 3.x: recognise them (folder, single file, GGUF) and load them.

A single file (`flux1-schnell.safetensors`, `flux1-schnell-Q4_K_S.gguf`) holds only the
transformer; the text encoders, tokenizers, VAE and scheduler come from a diffusers "base"
folder: the one the file sits in, a sibling folder, or the base repo in the Hugging Face cache.
GGUF weights stay quantized through diffusers' own GGUF support (the `gguf` package); other
transformers can be quantized as they load: int8 (torchao) or NF4 (bitsandbytes, CUDA), through
diffusers' TorchAoConfig / BitsAndBytesConfig (optional packages: the `quant` extra).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from studio.core.base.errors import ModelError
from studio.core.models.families import FAMILIES, Family, family_from_name

PIPELINES = {"flux": "FluxPipeline", "sd3": "StableDiffusion3Pipeline"}
IMG2IMG = {
    "FluxPipeline": "FluxImg2ImgPipeline",
    "StableDiffusion3Pipeline": "StableDiffusion3Img2ImgPipeline",
}
INPAINT = {
    "FluxPipeline": "FluxInpaintPipeline",
    "StableDiffusion3Pipeline": "StableDiffusion3InpaintPipeline",
}
log = logging.getLogger(__name__)
# --quantize as metadata records it (the field GGUF files fill with gguf-Q4_K…).
LABELS = {"int8": "torchao-int8", "nf4": "bnb-nf4"}
_TRANSFORMERS = {"flux": "FluxTransformer2DModel", "sd3": "SD3Transformer2DModel"}
# Where a lone transformer file finds the rest of its model when no folder is beside it.
BASE_REPOS = {
    "flux-schnell": ("black-forest-labs/FLUX.1-schnell",),
    "flux-dev": ("black-forest-labs/FLUX.1-dev",),
    "sd3": ("stabilityai/stable-diffusion-3.5-medium", "stabilityai/stable-diffusion-3.5-large"),
    "sd3-turbo": ("stabilityai/stable-diffusion-3.5-large-turbo",),
}
# Original (Black Forest Labs / Stability, as in ComfyUI and GGUF files) and diffusers names.
_BLOCKS = {
    "flux": re.compile(
        r"^(?:model\.diffusion_model\.)?(?:double_blocks|transformer_blocks)\.(\d+)\."
    ),
    "sd3": re.compile(
        r"^(?:model\.diffusion_model\.)?(?:joint_blocks|transformer_blocks)\.(\d+)\."
    ),
}
_MAX_SIBLINGS = 200  # folders looked at beside a single file
# Keys of the encoders and VAE that all-in-one checkpoints carry beside the transformer.
_BUNDLED = ("text_encoders.", "vae.", "first_stage_model.", "conditioner.", "cond_stage_model.")


def family_from_index(folder: Path, class_name: str) -> Family | None:
    """The flow family of a diffusers folder from model_index.json's class, else None."""
    if class_name.startswith("Flux"):
        config = _read_json(folder / "transformer" / "config.json")
        return FAMILIES["flux-dev" if config.get("guidance_embeds") else "flux-schnell"]
    if class_name.startswith("StableDiffusion3"):
        return family_from_name(f"sd3 {folder.name}")
    return None


def family_from_keys(name: str, keys: list[str]) -> Family | None:
    """FLUX or SD3 from a transformer file's tensor names (original or diffusers naming)."""
    plain = [k.removeprefix("model.diffusion_model.") for k in keys]
    if any(
        k.startswith(("double_blocks.", "single_blocks.", "single_transformer_blocks."))
        for k in plain
    ):
        guided = any(
            k.startswith(("guidance_in.", "time_text_embed.guidance_embedder.")) for k in plain
        )
        return FAMILIES["flux-dev" if guided else "flux-schnell"]
    if any(k.startswith(("joint_blocks.", "context_embedder.")) for k in plain):
        return family_from_name(f"sd3 {name}")
    return None


def gguf_keys(path: Path) -> list[str]:
    """Tensor names of a GGUF file; a damaged or foreign file is a clear ModelError."""
    import struct

    try:
        from gguf import GGUFReader
    except ImportError as exc:
        raise ModelError(
            "GGUF files need the 'gguf' package: pip install gguf",
            "Los archivos GGUF necesitan el paquete 'gguf': pip install gguf",
        ) from exc
    try:
        return [tensor.name for tensor in GGUFReader(str(path)).tensors]
    except (ValueError, KeyError, IndexError, OSError, TypeError, struct.error) as exc:
        raise ModelError(
            f"{path.name} is damaged or not a GGUF model file ({exc}). Download it again.",
            f"{path.name} está dañado o no es un archivo de modelo GGUF ({exc}). "
            "Vuelve a descargarlo.",
        ) from exc


def quantization(path: Path) -> str:
    """What metadata says of a file's weights: the main GGUF type (Q4_K, Q8_0…) or ''."""
    if path.suffix.lower() != ".gguf" or not path.is_file():
        return ""
    from collections import Counter

    from gguf import GGUFReader

    counts = Counter(t.tensor_type.name for t in GGUFReader(str(path)).tensors if len(t.shape) > 1)
    return f"gguf-{counts.most_common(1)[0][0]}" if counts else "gguf"


def flow_details(
    kind: str, path: Path, family: Family, quantize: str = "none"
) -> tuple[str, tuple[str, ...]]:
    """For the metadata: the quantization, and the transformer file with its base folder."""
    if not family.is_flow:
        return "", ()
    applied = "" if _is_gguf(path) else LABELS.get(quantize, "")
    if kind != "single_file":
        return applied, ()
    return applied or quantization(path), (path.name, find_base_folder(path, family).name)


def load_flow_pipeline(
    kind: str, path: Path, family: Family, dtype: Any, quantize: str = "none", device: str = "cpu"
) -> Any:
    """The FLUX/SD3 pipeline from a diffusers folder, or from a transformer file + its base.

    `quantize` (int8, nf4) quantizes the transformer as it loads; GGUF files already are.
    """
    import diffusers

    pipeline_class = getattr(diffusers, PIPELINES[family.arch])
    if _is_gguf(path) and quantize != "none":
        log.info("%s is a GGUF file, quantized already: --quantize %s not applied", path, quantize)
    config = None if _is_gguf(path) else quantization_config(quantize, device, dtype)
    if kind != "single_file":
        if config is None:
            return pipeline_class.from_pretrained(path, torch_dtype=dtype)
        model_class = getattr(diffusers, _TRANSFORMERS[family.arch])
        transformer = model_class.from_pretrained(
            path, subfolder="transformer", torch_dtype=dtype, quantization_config=config
        )
        return pipeline_class.from_pretrained(path, transformer=transformer, torch_dtype=dtype)
    base = find_base_folder(path, family)
    transformer = load_transformer(path, base, family, dtype, quantize if config else "none")
    return pipeline_class.from_pretrained(base, transformer=transformer, torch_dtype=dtype)


def load_transformer(
    path: Path, base: Path, family: Family, dtype: Any, quantize: str = "none"
) -> Any:
    """The transformer of a single file; GGUF weights stay quantized (dequantized per layer)."""
    import diffusers

    extra: dict[str, Any] = {}
    if _is_gguf(path):
        extra["quantization_config"] = diffusers.GGUFQuantizationConfig(compute_dtype=dtype)
    else:
        _refuse_scaled_fp8(path)
        if quantize == "nf4":  # int8: diffusers ignores TorchAoConfig for single files
            extra["quantization_config"] = quantization_config(quantize, "cuda", dtype)
    model_class = getattr(diffusers, _TRANSFORMERS[family.arch])
    model = model_class.from_single_file(
        str(path),
        config=str(base),
        subfolder="transformer",
        local_files_only=True,
        torch_dtype=dtype,
        **extra,
    )
    return quantize_loaded(model, quantize)


def _is_gguf(path: Path) -> bool:
    return path.suffix.lower() == ".gguf"


def _refuse_scaled_fp8(path: Path) -> None:
    """ComfyUI's "scaled fp8" files need per-layer scales that diffusers does not apply.

    Loaded anyway, their fp8 weights would be used unscaled and draw noise; plain fp8 files
    (no scales) load, upcast to the compute dtype.
    """
    if not any(k.endswith(("scaled_fp8", ".scale_weight")) for k in _safetensors_keys(path)):
        return
    raise ModelError(
        f'{path.name} is a ComfyUI "scaled fp8" file: its weights need per-layer scales that '
        "Lienzo's loader (diffusers) does not apply, so it would draw noise. Use this model's "
        "full (bf16) file, a plain fp8 file or a GGUF file (Q8_0, Q4_K…) instead.",
        f'{path.name} es un archivo "fp8 escalado" de ComfyUI: sus pesos necesitan escalas por '
        "capa que el cargador de Lienzo (diffusers) no aplica, así que dibujaría ruido. Usa el "
        "archivo completo (bf16) de este modelo, un archivo fp8 simple o un archivo GGUF "
        "(Q8_0, Q4_K…).",
    )


def find_base_folder(path: Path, family: Family) -> Path:
    """The diffusers folder that lends a transformer file its encoders, tokenizers and VAE."""
    keys = gguf_keys(path) if path.suffix.lower() == ".gguf" else _safetensors_keys(path)
    found = {int(m.group(1)) for k in keys if (m := _BLOCKS[family.arch].match(k))}
    depth = max(found) + 1 if found else None
    candidates = [path.parent, *_siblings(path.parent), *_cached_bases(family)]
    for folder in candidates:
        if _fits(folder, family, depth):
            return folder
    raise _no_base_folder(path, family, bundled=any(k.startswith(_BUNDLED) for k in keys))


def _no_base_folder(path: Path, family: Family, bundled: bool) -> ModelError:
    """No base: say what the file holds and which repo lends the rest."""
    repo, label = BASE_REPOS[family.key][0], family.label
    if bundled:  # ComfyUI / Stability all-in-one files: their encoders lack the tokenizers
        en = (
            f"{path.name} bundles text encoders and a VAE with the {label} transformer, but "
            f"Lienzo uses only its transformer: the text encoders, tokenizers and VAE come from"
        )
        es = (
            f"{path.name} incluye codificadores de texto y un VAE junto al transformer de "
            f"{label}, pero Lienzo usa solo su transformer: los codificadores de texto, los "
            "tokenizadores y el VAE vienen de"
        )
    else:
        en = f"{path.name} holds only the {label} transformer; its text encoders and VAE come from"
        es = (
            f"{path.name} contiene solo el transformer de {label}; sus codificadores de texto y "
            "su VAE vienen de"
        )
    return ModelError(
        f"{en} {repo}, which is not on this computer. Download it (Models ▸ Models…, or "
        f"`studio models download {repo}`), or put the file in or beside a {label} diffusers "
        "folder.",
        f"{es} {repo}, que no está en este ordenador. Descárgalo (Modelos ▸ Modelos…, o "
        f"`studio models download {repo}`), o pon el archivo en una carpeta diffusers de "
        f"{label} o junto a ella.",
    )


def _safetensors_keys(path: Path) -> list[str]:
    from safetensors import safe_open

    with safe_open(str(path), framework="numpy") as handle:
        return list(handle.keys())


def _fits(folder: Path, family: Family, depth: int | None) -> bool:
    """A folder of this family whose transformer has as many blocks as the file.

    FLUX dev and schnell differ in the guidance embedder; SD 3.5 Large and Large Turbo do not.
    """
    index = _read_json(folder / "model_index.json")
    if index.get("_class_name") != PIPELINES[family.arch]:
        return False
    found = family_from_index(folder, PIPELINES[family.arch])
    if family.arch == "flux" and (found is None or found.key != family.key):
        return False
    config = _read_json(folder / "transformer" / "config.json")
    return depth is None or config.get("num_layers") == depth


def _siblings(parent: Path) -> list[Path]:
    try:
        entries = sorted(parent.iterdir())[:_MAX_SIBLINGS]
    except OSError:
        return []
    return [entry for entry in entries if entry.is_dir()]


def _cached_bases(family: Family) -> list[Path]:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    found = []
    for repo in BASE_REPOS[family.key]:
        try:
            found.append(Path(snapshot_download(repo, local_files_only=True)))
        except (LocalEntryNotFoundError, OSError, ValueError):
            continue
    return found


def _read_json(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > 1_000_000:  # configs are a few kB
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def quantization_config(quantize: str, device: str, dtype: Any) -> Any | None:
    """diffusers' quantization config for `quantize`, or None for full weights.

    A missing package, or NF4 on a device bitsandbytes cannot run on, is a clear ModelError
    raised before anything loads.
    """
    if quantize == "none":
        return None
    import diffusers

    if quantize == "int8":
        return diffusers.TorchAoConfig(_int8_config())
    if quantize == "nf4":
        _check_nf4(device)
        return diffusers.BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=dtype
        )
    raise ModelError(
        f"Unknown quantization {quantize!r}: use none, int8 or nf4.",
        f"Cuantización desconocida {quantize!r}: usa none, int8 o nf4.",
    )


def quantize_loaded(model: Any, quantize: str) -> Any:
    """int8 for a transformer read from a single file (diffusers ignores TorchAoConfig there)."""
    if quantize == "int8":
        from torchao.quantization import quantize_

        quantize_(model, _int8_config())
    return model


def _int8_config() -> Any:
    try:
        from torchao.quantization import Int8WeightOnlyConfig
    except (ImportError, OSError, RuntimeError, AttributeError) as exc:
        raise _missing("torchao", "int8", exc) from exc
    return Int8WeightOnlyConfig()


def _check_nf4(device: str) -> None:
    if device != "cuda":
        raise ModelError(
            f"NF4 (bitsandbytes) needs an NVIDIA GPU (CUDA); this job runs on {device}. "
            "Use --quantize int8 (torchao) or a GGUF transformer file (Q4_K, Q8_0…) instead.",
            f"NF4 (bitsandbytes) necesita una GPU NVIDIA (CUDA); este trabajo usa {device}. "
            "Usa --quantize int8 (torchao) o un archivo GGUF del transformer (Q4_K, Q8_0…).",
        )
    try:
        import bitsandbytes  # noqa: F401
    except (ImportError, OSError, RuntimeError) as exc:
        raise _missing("bitsandbytes", "nf4", exc) from exc


def _missing(package: str, kind: str, exc: BaseException) -> ModelError:
    log.info("%s unavailable: %s", package, exc)
    return ModelError(
        f"--quantize {kind} needs the '{package}' package, which is not installed or cannot "
        f"run here ({exc}): pip install {package} (or lienzo-studio[quant]). A GGUF "
        "transformer file (Q4_K, Q8_0…) is quantized without it.",
        f"--quantize {kind} necesita el paquete '{package}', que no está instalado o no "
        f"funciona aquí ({exc}): pip install {package} (o lienzo-studio[quant]). Un archivo "
        "GGUF del transformer (Q4_K, Q8_0…) está cuantizado sin él.",
    )
