"""Routes that answer questions: options, models, samplers, LoRAs, PNG info, memory."""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request

from studio.core.base.errors import ImageInputError, tr
from studio.core.imagemeta.chunks import read_raw_metadata
from studio.core.imagemeta.image_settings import ImageSettings, read_image_settings
from studio.server.catalog import (
    a1111_title,
    installed,
    known_hash,
    lora_items,
    model_items,
    resolve_title,
    sampler_items,
    scheduler_items,
)
from studio.server.context import ServerContext, context_of
from studio.server.convert import decode_base64
from studio.server.schemas import (
    LoraItem,
    MemoryResponse,
    PNGInfoRequest,
    PNGInfoResponse,
    SamplerItem,
    SchedulerItem,
    SDModelItem,
)

router = APIRouter(prefix="/sdapi/v1")
log = logging.getLogger(__name__)
# What Lienzo does, under the names A1111's clients read; POSTing other values changes nothing.
FIXED_OPTIONS: dict[str, Any] = {
    "sd_vae": "Automatic",  # the model's own VAE
    "CLIP_stop_at_last_layers": 1,  # no clip skip
    "sd_checkpoints_limit": 1,  # one model in memory
    "samples_format": "png",
    "samples_save": True,  # every picture goes to the gallery
    "save_images_add_number": True,
    "enable_pnginfo": True,  # settings written into every PNG
    "live_previews_enable": True,
    "show_progress_every_n_steps": 1,
    "eta_noise_seed_delta": 0,
    "sd_lora": "None",
    "img2img_color_correction": False,
    "return_grid": False,  # no grid images: one picture per image asked
}


@router.get("/options")
async def get_options(request: Request) -> dict[str, Any]:
    """The options A1111 clients read (webuiapi, Open WebUI, SillyTavern), with Lienzo's
    real values: what it does, not A1111's defaults."""
    title, full_hash = await asyncio.to_thread(_current_model, context_of(request))
    return {"sd_model_checkpoint": title, "sd_checkpoint_hash": full_hash, **FIXED_OPTIONS}


@router.post("/options")
async def set_options(options: dict[str, Any], request: Request) -> None:
    """Only sd_model_checkpoint is honoured (an installed model). Keys posted back with the
    values GET gave (clients often send the whole dict) pass quietly; others are logged."""
    context = context_of(request)
    ignored = [
        str(key)[:60]
        for key, value in options.items()
        if key not in ("sd_model_checkpoint", "sd_checkpoint_hash")
        and (key not in FIXED_OPTIONS or FIXED_OPTIONS[key] != value)
    ]
    if ignored:
        log.warning("Ignoring options Lienzo does not have or cannot change: %r", ignored[:20])
    if "sd_model_checkpoint" in options:
        title = options["sd_model_checkpoint"]
        ref = await asyncio.to_thread(resolve_title, title, context.paths, context.settings)
        await asyncio.wrap_future(context.runner.load_model(ref))
        context.model = ref


@router.get("/sd-models", response_model=list[SDModelItem])
async def sd_models(request: Request) -> list[dict[str, Any]]:
    context = context_of(request)
    return await asyncio.to_thread(model_items, context.paths, context.settings)


@router.post("/refresh-checkpoints")
async def refresh_checkpoints() -> None:
    """The list is read from disk at every request: nothing to refresh."""


@router.get("/samplers", response_model=list[SamplerItem])
async def samplers() -> list[dict[str, object]]:
    return sampler_items()


@router.get("/schedulers", response_model=list[SchedulerItem])
async def schedulers() -> list[dict[str, object]]:
    return scheduler_items()


@router.get("/loras", response_model=list[LoraItem])
async def loras(request: Request) -> list[dict[str, object]]:
    context = context_of(request)
    return await asyncio.to_thread(lora_items, context.paths, context.settings)


@router.post("/refresh-loras")
async def refresh_loras() -> None:
    """Read from disk at every request: nothing to refresh."""


@router.get("/scripts")
async def scripts() -> dict[str, list[str]]:
    return {"txt2img": [], "img2img": []}


@router.post("/png-info", response_model=PNGInfoResponse)
async def png_info(body: PNGInfoRequest, request: Request) -> PNGInfoResponse:
    data = decode_base64(body.image, "image")
    folder = context_of(request).paths.cache / "api-inputs"
    return await asyncio.to_thread(_png_info, data, folder)


@router.get("/memory", response_model=MemoryResponse)
async def memory() -> MemoryResponse:
    return MemoryResponse(ram=_ram(), cuda=_cuda())


def _current_model(context: ServerContext) -> tuple[str, str | None]:
    """The current model's A1111 title and, when known, its SHA-256."""
    for entry in installed(context.paths, context.settings):
        if entry.ref == context.model:
            hashes = known_hash(entry, context.paths)
            return a1111_title(entry, hashes), (hashes[1] or None) if hashes else None
    return context.model, None


def _png_info(data: bytes, folder: Path) -> PNGInfoResponse:
    """Read an uploaded picture's settings through our hostile-input-safe readers."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=".png", prefix="info-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        texts = read_raw_metadata(Path(name)).texts
        settings = read_image_settings(name)
    except Exception as exc:  # the boundary for hostile files: one clear error, never a 500
        # Our readers' messages name the temporary file: the client gets one without paths.
        log.warning("Unreadable picture sent to png-info: %r", exc)
        raise ImageInputError(
            "The picture's settings could not be read (damaged or not an image).",
            "No se pudieron leer los ajustes de la imagen (dañada o no es una imagen).",
        ) from None
    finally:
        Path(name).unlink(missing_ok=True)
    return PNGInfoResponse(
        info=texts.get("parameters", ""),
        items={k: v for k, v in texts.items() if k != "parameters"},
        parameters=_a1111_parameters(settings),
    )


def _a1111_parameters(settings: ImageSettings | None) -> dict[str, Any]:
    """The parsed settings under A1111's infotext names."""
    if settings is None:
        return {}
    values = {
        "Prompt": settings.prompt,
        "Negative prompt": settings.negative_prompt,
        "Steps": settings.steps,
        "Sampler": settings.original_sampler or settings.sampler,
        "CFG scale": settings.guidance,
        "Seed": settings.seed,
        "Size-1": settings.width,
        "Size-2": settings.height,
        "Model": settings.model,
        "Model hash": settings.model_hash,
        "Denoising strength": settings.strength,
    }
    return {key: value for key, value in values.items() if value not in (None, "")}


def _ram() -> dict[str, Any]:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        free = os.sysconf("SC_AVPHYS_PAGES") * size
    except (ValueError, OSError, AttributeError):
        return {"error": tr("not available on this system", "no disponible en este sistema")}
    return {"free": free, "used": pages * size - free, "total": pages * size}


def _cuda() -> dict[str, Any]:
    import sys

    torch = sys.modules.get("torch")  # never import torch here just to answer
    if torch is None or not torch.cuda.is_available():
        return {"error": tr("no CUDA device in use", "ningún dispositivo CUDA en uso")}
    free, total = torch.cuda.mem_get_info()
    return {"system": {"free": free, "used": total - free, "total": total}}
