"""Routes that make pictures: txt2img, img2img, and the running job's progress and interrupt."""

from __future__ import annotations

import asyncio
import base64
import io
import tempfile
from dataclasses import replace
from pathlib import Path

from fastapi import APIRouter, Request

from studio.core.generation.images import open_image_safely
from studio.core.generation.inpaint import prepare_inpaint
from studio.core.generation.request import validate
from studio.server.catalog import resolve_title
from studio.server.context import ServerContext, context_of
from studio.server.convert import (
    Converted,
    info_json,
    init_image_bytes,
    to_request,
    unknown_fields,
)
from studio.server.inpaint_fields import with_mask
from studio.server.schemas import (
    ImageResponse,
    Img2ImgRequest,
    ProgressResponse,
    Txt2ImgRequest,
)

router = APIRouter(prefix="/sdapi/v1")


@router.post("/txt2img", response_model=ImageResponse)
async def txt2img(body: Txt2ImgRequest, request: Request) -> ImageResponse:
    context = context_of(request)
    converted = _convert(body, context)
    return await _run(context, converted, body, None)


@router.post("/img2img", response_model=ImageResponse)
async def img2img(body: Img2ImgRequest, request: Request) -> ImageResponse:
    context = context_of(request)
    converted = _convert(body, context)
    data = init_image_bytes(body)
    folder = context.paths.cache / "api-inputs"  # ours: no path in a request is ever used
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="img2img-", dir=folder) as inputs:
        name = Path(inputs) / "init.png"
        name.write_bytes(data)
        open_image_safely(name)  # a bad picture is refused before it waits in the queue
        strength = body.denoising_strength if body.denoising_strength is not None else 0.75
        run = replace(converted.request, init_image=str(name), strength=strength)
        run, notes = with_mask(run, body, Path(inputs))
        validate(run)
        if run.is_inpaint:  # an empty mask or one of another shape: refused before queueing
            await asyncio.to_thread(prepare_inpaint, run)
        notes = converted.not_honoured + notes
        return await _run(context, Converted(run, notes), body, strength)


@router.get("/progress", response_model=ProgressResponse)
async def progress(request: Request, skip_current_image: bool = False) -> ProgressResponse:
    state = context_of(request).runner.progress()
    step = state.step
    image = None
    if step is not None and step.preview is not None and not skip_current_image:
        image = _png_base64(step.preview)
    return ProgressResponse(
        progress=step.fraction if step else 0.0,
        eta_relative=step.eta if step else 0.0,
        state={
            "skipped": False,
            "interrupted": state.interrupted,
            "stopping_generation": False,
            "job": state.job,
            "job_count": state.job_count,
            "job_timestamp": state.job_timestamp,
            "job_no": step.image_index if step else 0,
            "sampling_step": step.step if step else 0,
            "sampling_steps": step.total_steps if step else 0,
        },
        current_image=image,
        textinfo=None,
    )


@router.post("/interrupt")
async def interrupt(request: Request) -> dict[str, str]:
    context_of(request).runner.interrupt()
    return {}


@router.post("/skip")
async def skip(request: Request) -> dict[str, str]:
    """A1111's skip moves to the next image of a batch; Lienzo stops the job instead."""
    context_of(request).runner.interrupt()
    return {}


def _convert(body: Txt2ImgRequest, context: ServerContext) -> Converted:
    unknown_fields(body)
    override = (body.override_settings or {}).get("sd_model_checkpoint")
    model = resolve_title(override, context.paths, context.settings) if override else context.model
    return to_request(body, model, context.config.max_count)


async def _run(
    context: ServerContext, converted: Converted, body: Txt2ImgRequest, strength: float | None
) -> ImageResponse:
    label = "img2img" if converted.request.is_img2img else "txt2img"
    outcome = await asyncio.wrap_future(context.runner.generate(converted.request, label))
    images = [base64.b64encode(saved.png).decode("ascii") for saved in outcome.images]
    parameters = body.model_dump(exclude={"init_images", "mask"})
    return ImageResponse(
        images=images if body.send_images else [],
        parameters=parameters,
        info=info_json(outcome, converted, strength),
    )


def _png_base64(image: object) -> str | None:
    save = getattr(image, "save", None)
    if save is None:
        return None
    buffer = io.BytesIO()
    save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")
