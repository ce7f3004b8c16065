"""Load a resolved model into a diffusers pipeline on the chosen device; download if needed."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.base.devices import DevicePlan
from studio.core.base.errors import ModelError, ModelNotDownloaded
from studio.core.base.paths import AppPaths
from studio.core.models.demo import demo_model_dir
from studio.core.models.flow import IMG2IMG as FLOW_IMG2IMG
from studio.core.models.flow import INPAINT as FLOW_INPAINT
from studio.core.models.flow import flow_details, load_flow_pipeline
from studio.core.models.hashing import LaterHash
from studio.core.models.repo_files import download_patterns
from studio.core.models.single_file import (
    INPAINT_CHANNELS,
    inpainting_config_dir,
    single_file_config_dir,
    unet_in_channels,
)
from studio.core.models.source import DEMO_INPAINT, ModelSource, ModelStamp
from studio.core.models.tiny_vae import find_tiny_vae
from studio.core.models.tuning import tune_pipeline

if TYPE_CHECKING:
    from studio.core.models.downloads import ProgressCallback

log = logging.getLogger(__name__)


@dataclass
class LoadedModel:
    """A pipeline ready to run; img2img shares its components (no second load)."""

    source: ModelSource
    pipeline: Any
    stamp: ModelStamp
    scheduler_config: Any
    folder: Path
    tiny_vae_folder: Path | None = None
    vae_needs_float32: bool = False  # after a NaN decode; remembered per model on disk
    active_loras: tuple[tuple[Path, float], ...] = ()
    _img2img: Any = field(default=None, repr=False)
    _inpaint: Any = field(default=None, repr=False)
    _tiny_vae: Any = field(default=None, repr=False)
    hash_later: LaterHash | None = field(default=None, repr=False)

    def final_stamp(self) -> ModelStamp:
        """The stamp with the model's hash, waiting for the background hashing if it runs."""
        if self.hash_later is not None:
            self.stamp = replace(self.stamp, hash=self.hash_later.result())
            self.hash_later = None
        return self.stamp

    def tiny_vae(self) -> Any:
        """The TAESD decoder for this model, loaded on first use; None when not on disk."""
        if self._tiny_vae is None and self.tiny_vae_folder is not None:
            from studio.core.models.tiny_vae import load_tiny_vae

            vae = self.pipeline.vae
            self._tiny_vae = load_tiny_vae(self.tiny_vae_folder, vae.device, vae.dtype)
        return self._tiny_vae

    @property
    def inpainting(self) -> bool:
        """Whether the UNet is an inpainting one (9 channels: it also sees mask and picture)."""
        unet = getattr(self.pipeline, "unet", None)
        return getattr(getattr(unet, "config", None), "in_channels", 4) == INPAINT_CHANNELS

    def pipeline_for(self, img2img: bool, inpaint: bool = False) -> Any:
        if inpaint:
            return self._inpaint_pipeline()
        if not img2img:
            return self.pipeline
        if self._img2img is None:
            self._img2img = _img2img_class(self.pipeline).from_pipe(self.pipeline)
            self._img2img.set_progress_bar_config(disable=True)
        return self._img2img

    def _inpaint_pipeline(self) -> Any:
        """The inpaint pipeline over the same components; a 4-channel UNet blends latents."""
        if self._inpaint is None:
            self._inpaint = _inpaint_class(self.pipeline).from_pipe(self.pipeline)
            self._inpaint.set_progress_bar_config(disable=True)
        return self._inpaint


def load_model(
    source: ModelSource,
    plan: DevicePlan,
    paths: AppPaths,
    allow_download: bool = True,
    on_download: ProgressCallback | None = None,
) -> LoadedModel:
    """Load `source` in the plan's precision and move it to the plan's device.

    A Hub model not on disk is downloaded first, or, with `allow_download` off (the window,
    which downloads in its Models dialog with progress), ModelNotDownloaded is raised.
    """
    import torch

    _quiet_loading_bars()
    folder = _local_folder(source, plan, paths, allow_download, on_download)
    dtype = getattr(torch, plan.dtype)
    try:
        pipeline = _from_local(source, folder, dtype, paths.cache, plan)
    except (OSError, ValueError, RuntimeError) as exc:
        raise _load_failed(source, exc) from exc
    pipeline.set_progress_bar_config(disable=True)
    pipeline.to(plan.device)
    tune_pipeline(pipeline, plan)
    # Hashing the weights (seconds for a UNet of several GB) runs beside the first
    # generation: only the saved picture's metadata needs it (LoadedModel.final_stamp).
    hashing = LaterHash(folder, paths.cache / "model_hashes.json")
    stamp = ModelStamp(
        source.name,
        hashing.known or "",
        source.family.key,
        *flow_details(source.kind, folder, source.family, plan.quantize),
    )
    tiny = find_tiny_vae(source, folder)
    loaded = LoadedModel(source, pipeline, stamp, pipeline.scheduler.config, folder, tiny)
    loaded.hash_later = hashing
    return loaded


def _quiet_loading_bars() -> None:
    # Loading from disk takes seconds; its bars would only clutter our own progress output.
    # Download bars (huggingface_hub) stay on.
    from diffusers.utils import logging as diffusers_logging
    from transformers.utils import logging as transformers_logging

    diffusers_logging.disable_progress_bar()
    transformers_logging.disable_progress_bar()


def _local_folder(
    source: ModelSource,
    plan: DevicePlan,
    paths: AppPaths,
    allow_download: bool,
    on_download: ProgressCallback | None,
) -> Path:
    if source.kind == "demo":
        return demo_model_dir(paths.models_cache, inpainting=source.ref == DEMO_INPAINT)
    if source.kind == "repo":
        half = plan.dtype != "float32"
        if not allow_download:
            local = _complete_local_snapshot(source.ref, half)
            if local is None:
                raise _not_downloaded_yet(source.ref, half)
            return local
        return download_model(source.ref, half_precision=half, on_progress=on_download)
    assert source.path is not None
    return source.path


def _from_local(
    source: ModelSource, folder: Path, dtype: Any, cache: Path, plan: DevicePlan
) -> Any:
    if source.family.is_flow:
        kind, family = source.kind, source.family
        return load_flow_pipeline(kind, folder, family, dtype, plan.quantize, plan.device)
    extra = _safety_off(source)
    if source.kind == "single_file":
        from diffusers import StableDiffusionPipeline, StableDiffusionXLPipeline

        cls = StableDiffusionXLPipeline if source.family.is_xl else StableDiffusionPipeline
        # The shipped configs and tokenizers: from_single_file never contacts the hub.
        config = str(_config_dir(folder, source.family.key, cache))
        return cls.from_single_file(
            str(folder), config=config, local_files_only=True, dtype=dtype, **extra
        )
    variant = "fp16" if _has_fp16_files(folder) and str(dtype).endswith("float16") else None
    return _text2img_class(folder).from_pretrained(
        folder, dtype=dtype, variant=variant, use_safetensors=True, **extra
    )


def _config_dir(file: Path, family: str, cache: Path) -> Path:
    """The shipped configs for a single file; with a 9-channel UNet for inpainting ones."""
    if unet_in_channels(file) == INPAINT_CHANNELS:
        return inpainting_config_dir(family, cache)
    return single_file_config_dir(family, cache)


# The SD and SDXL classes directly: diffusers' Auto* classes import every pipeline it has
# (measured: 3.7 s instead of 3.0 s of imports), which only other model kinds need.
_TEXT2IMG = {"StableDiffusionPipeline", "StableDiffusionXLPipeline"}
_IMG2IMG = {
    "StableDiffusionPipeline": "StableDiffusionImg2ImgPipeline",
    "StableDiffusionXLPipeline": "StableDiffusionXLImg2ImgPipeline",
}
_INPAINT = {
    "StableDiffusionPipeline": "StableDiffusionInpaintPipeline",
    "StableDiffusionXLPipeline": "StableDiffusionXLInpaintPipeline",
}


def _text2img_class(folder: Path) -> Any:
    import diffusers

    try:
        name = json.loads((folder / "model_index.json").read_text(encoding="utf-8"))["_class_name"]
    except (OSError, ValueError, KeyError):
        name = ""
    return getattr(diffusers, name) if name in _TEXT2IMG else diffusers.AutoPipelineForText2Image


def _img2img_class(pipeline: Any) -> Any:
    import diffusers

    name = {**_IMG2IMG, **FLOW_IMG2IMG}.get(type(pipeline).__name__)
    return getattr(diffusers, name) if name else diffusers.AutoPipelineForImage2Image


def _inpaint_class(pipeline: Any) -> Any:
    import diffusers

    name = {**_INPAINT, **FLOW_INPAINT}.get(type(pipeline).__name__)
    return getattr(diffusers, name) if name else diffusers.AutoPipelineForInpainting


def _safety_off(source: ModelSource) -> dict[str, Any]:
    # Like every local app, no NSFW filter by default: it costs memory and blacks out images.
    return {} if source.family.is_xl else {"safety_checker": None, "requires_safety_checker": False}


def _has_fp16_files(folder: Path) -> bool:
    unet = folder / "unet"
    return unet.is_dir() and any(unet.glob("*.fp16.safetensors"))


def download_model(
    repo_id: str, half_precision: bool, on_progress: ProgressCallback | None = None
) -> Path:
    """The local snapshot of `repo_id`, downloaded into the standard HF cache when missing."""
    from studio.core.models.downloads import HubUnreachable, download, patterns_for

    local = _complete_local_snapshot(repo_id, half_precision)
    if local is not None:
        return local
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        raise _not_downloaded(
            repo_id,
            "offline mode (HF_HUB_OFFLINE) is on",
            "el modo sin conexión (HF_HUB_OFFLINE) está activado",
        )
    log.info("%s not in the local cache; downloading", repo_id)
    try:
        return download(repo_id, patterns_for(repo_id, half_precision), on_progress)
    except HubUnreachable as exc:
        raise _not_downloaded(
            repo_id,
            "Hugging Face cannot be reached from here",
            "no se puede conectar con Hugging Face desde aquí",
        ) from exc


def _complete_local_snapshot(repo_id: str, half_precision: bool) -> Path | None:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    from studio.core.models.hf_cache import is_complete

    for half in (True, False) if half_precision else (False,):
        try:
            folder = Path(
                snapshot_download(
                    repo_id, allow_patterns=download_patterns(half), local_files_only=True
                )
            )
        except LocalEntryNotFoundError:
            return None
        if is_complete(repo_id, folder):
            return folder
    return None


def _not_downloaded_yet(repo_id: str, half_precision: bool) -> ModelNotDownloaded:
    from studio.core.base.progress import format_size
    from studio.core.models.catalog import catalog_entry

    entry = catalog_entry(repo_id)
    size = f" ({format_size(entry.download_size(half_precision))})" if entry else ""
    name = entry.label if entry else repo_id
    return ModelNotDownloaded(
        repo_id,
        f"{name} is not downloaded yet. Download it in Models ▸ Models…{size}, "
        "or choose the demo model to try the app without a download.",
        f"{name} aún no está descargado. Descárgalo en Modelos ▸ Modelos…{size}, "
        "o elige el modelo demo para probar la aplicación sin descargar nada.",
    )


def _not_downloaded(repo_id: str, why_en: str, why_es: str) -> ModelError:
    return ModelError(
        f"The model {repo_id!r} is not on this computer and cannot be downloaded now "
        f"({why_en}). Connect to the internet and run the same command again to download it, "
        f"or use a local file with --model PATH, or try --model demo.",
        f"El modelo {repo_id!r} no está en este ordenador y no se puede descargar ahora "
        f"({why_es}). "
        f"Conéctate a internet y repite el comando para descargarlo, usa un archivo local con "
        f"--model RUTA, o prueba --model demo.",
    )


def _load_failed(source: ModelSource, exc: Exception) -> ModelError:
    detail = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
    if source.kind == "single_file":
        family = source.family.label
        return ModelError(
            f"Could not load {source.name} as a {family} checkpoint: {detail}. The file may be "
            "damaged, or a model of another kind (a LoRA, a VAE, an unsupported architecture).",
            f"No se pudo cargar {source.name} como checkpoint {family}: {detail}. El archivo "
            "puede estar dañado o ser otro tipo de modelo (una LoRA, un VAE, otra arquitectura).",
        )
    return ModelError(
        f"Could not load {source.name}: {detail}. Files may be missing: download it again.",
        f"No se pudo cargar {source.name}: {detail}. Quizá falten archivos: descárgalo de nuevo.",
    )
