"""Inpainting and outpainting: the picture and mask a model redraws, and pasting the result back.

The model only ever sees `InpaintJob.model_inputs()`; `paste` blends what it drew over the
untouched picture through the feathered mask, so every pixel where that mask is zero keeps the
original's exact value (no VAE round trip).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from studio.core.base.errors import StudioError, tr
from studio.core.base.progress import StepProgress
from studio.core.generation.images import open_image_safely, to_rgb
from studio.core.generation.masks import (
    binary,
    check_coverage,
    feathered,
    fit_mask,
    mask_from_alpha,
    open_mask,
    same_file,
)
from studio.core.generation.request import GenerationRequest
from studio.core.generation.step_reporter import StepCallback
from studio.core.models.single_file import INPAINT_CHANNELS, unet_in_channels
from studio.core.models.source import DEMO_INPAINT, resolve_model

# The outpainting mask reaches this far into the original picture, so the seam is redrawn.
OUTPAINT_OVERLAP = 16
# The spread (in 8-bit levels) of the noise over the stretched edges of an outpainting.
OUTPAINT_NOISE = 40.0


@dataclass(frozen=True)
class InpaintJob:
    """One inpainting or outpainting job, prepared: what to redraw and where to put it."""

    canvas: Image.Image  # the picture at its final size (outpaint margins filled in), RGB
    mask: Image.Image  # L, white = redraw, canvas size
    blend: Image.Image  # L, the feathered mask the result is pasted back through
    box: tuple[int, int, int, int]  # the region of the canvas the model redraws
    size: tuple[int, int]  # the size the model draws that region at
    user_mask: Image.Image | None  # the mask as given, at the request's size: saved with it
    warnings: tuple[str, ...] = ()
    strength: float = 1.0  # how far the masked part is noised before it is redrawn

    def model_inputs(self) -> tuple[Image.Image, Image.Image]:
        """The picture and mask the pipeline gets, at `size`."""
        image = self.canvas.crop(self.box).resize(self.size, Image.Resampling.LANCZOS)
        mask = self.mask.crop(self.box).resize(self.size, Image.Resampling.BILINEAR)
        return image, mask

    def paste(self, drawn: Image.Image) -> Image.Image:
        """The finished picture: the drawn region over the canvas, through the soft mask."""
        region = (self.box[2] - self.box[0], self.box[3] - self.box[1])
        placed = self.canvas.copy()
        placed.paste(drawn.convert("RGB").resize(region, Image.Resampling.LANCZOS), self.box)
        return Image.composite(placed, self.canvas, self.blend)

    def previews_in_place(self, on_step: StepCallback | None) -> StepCallback | None:
        """`on_step` with each preview shown as it will be pasted: the drawn region (a crop,
        or the whole canvas) over the untouched picture through the soft mask, at the
        preview's scale — so the user watches only the masked part change, not a noisy whole."""
        if on_step is None:
            return on_step
        report = on_step

        def in_place(progress: StepProgress) -> None:
            if progress.preview is not None:
                progress = replace(progress, preview=self._placed_preview(progress.preview))
            report(progress)

        return in_place

    def _placed_preview(self, preview: Image.Image) -> Image.Image:
        scale = preview.width / (self.box[2] - self.box[0])
        size = (max(1, round(self.canvas.width * scale)), max(1, round(self.canvas.height * scale)))
        left, top, right, bottom = (round(side * scale) for side in self.box)
        small = self.canvas.resize(size, Image.Resampling.BILINEAR)
        placed = small.copy()
        drawn = preview.convert("RGB").resize((right - left, bottom - top))
        placed.paste(drawn, (left, top))
        return Image.composite(placed, small, self.blend.resize(size, Image.Resampling.BILINEAR))


def prepare_inpaint(request: GenerationRequest) -> InpaintJob:
    """Open the picture and the mask, extend the canvas, and choose the region to redraw."""
    assert request.init_image is not None  # validate() refuses a mask without a picture
    target = (request.width, request.height)
    source = open_image_safely(Path(request.init_image))
    picture = ImageOps.fit(to_rgb(source), target, Image.Resampling.LANCZOS)
    user_mask, warnings = _user_mask(request, source, target)
    canvas, mask = _outpainted(picture, user_mask, request.outpaint, request.seed or 0)
    box, size = (0, 0, *canvas.size), canvas.size
    if request.inpaint_full_res:
        box = crop_box(mask, request.inpaint_padding, canvas.size, target)
        size = target
    blend = feathered(mask, request.mask_blur)
    return InpaintJob(canvas, binary(mask), blend, box, size, user_mask, warnings, request.strength)


def whole_picture_job(request: GenerationRequest) -> InpaintJob:
    """Text-to-image or image-to-image on an inpainting model (whose UNet needs a mask): the
    whole picture masked, over the init image or a mid-grey canvas, as A1111 does."""
    size = (request.width, request.height)
    if request.init_image is None:
        canvas, strength = Image.new("RGB", size, (127, 127, 127)), 1.0
    else:
        source = to_rgb(open_image_safely(Path(request.init_image)))
        canvas, strength = ImageOps.fit(source, size, Image.Resampling.LANCZOS), request.strength
    white = Image.new("L", size, 255)
    return InpaintJob(canvas, white, white, (0, 0, *size), size, None, (), strength)


def _user_mask(
    request: GenerationRequest, source: Image.Image, target: tuple[int, int]
) -> tuple[Image.Image | None, tuple[str, ...]]:
    if request.mask is None:
        return None, ()
    assert request.init_image is not None
    name = Path(request.mask).name
    if same_file(request.mask, request.init_image):
        grey = mask_from_alpha(source, name)
    else:
        grey = open_mask(Path(request.mask))
    size = ImageOps.exif_transpose(source).size
    mask, warnings = fit_mask(grey, size, target, name)
    check_coverage(mask, name)
    return binary(mask), warnings


def _outpainted(
    picture: Image.Image, mask: Image.Image | None, margins: tuple[int, int, int, int], seed: int
) -> tuple[Image.Image, Image.Image]:
    """The picture with its edges stretched into the margins (plus noise, so the model has
    texture to work from, not a flat smear), and the mask covering them."""
    mask = mask if mask is not None else Image.new("L", picture.size, 0)
    if not any(margins):
        return picture, mask
    left, top, right, bottom = margins
    pixels = np.pad(np.asarray(picture), ((top, bottom), (left, right), (0, 0)), mode="edge")
    new_area = np.full(pixels.shape[:2], 255, dtype=np.uint8)
    inner = (slice(top, top + picture.height), slice(left, left + picture.width))
    new_area[inner] = 0
    canvas = Image.fromarray(_with_noise(pixels, new_area == 255, seed))
    # Grow the new area into the original a little: the seam is drawn again, not left as a line.
    grown = Image.fromarray(new_area).filter(ImageFilter.MaxFilter(2 * OUTPAINT_OVERLAP + 1))
    padded_mask = Image.new("L", canvas.size, 0)
    padded_mask.paste(mask, (left, top))
    return canvas, Image.fromarray(np.maximum(np.asarray(grown), np.asarray(padded_mask)))


def _with_noise(pixels: np.ndarray, where: np.ndarray, seed: int) -> np.ndarray:
    """Per-pixel noise over the stretched band (A1111's "fill" and "latent noise" in one)."""
    noise = np.random.default_rng(seed).normal(0.0, OUTPAINT_NOISE, pixels.shape)
    noisy = np.clip(pixels + noise, 0, 255).astype(np.uint8)
    return np.where(where[..., None], noisy, pixels)


def crop_box(
    mask: Image.Image, padding: int, canvas: tuple[int, int], target: tuple[int, int]
) -> tuple[int, int, int, int]:
    """The mask's bounding box plus padding, grown to the target's shape, inside the canvas."""
    bbox = binary(mask).getbbox() or (0, 0, *canvas)
    left, top = max(bbox[0] - padding, 0), max(bbox[1] - padding, 0)
    right, bottom = min(bbox[2] + padding, canvas[0]), min(bbox[3] + padding, canvas[1])
    width, height = right - left, bottom - top
    aspect = target[0] / target[1]
    if width / height < aspect:
        width = min(round(height * aspect), canvas[0])
    else:
        height = min(round(width / aspect), canvas[1])
    left = _fit_span(left, right, width, canvas[0])
    top = _fit_span(top, bottom, height, canvas[1])
    return left, top, left + width, top + height


def _fit_span(start: int, end: int, length: int, limit: int) -> int:
    """Where a span of `length` centred on start..end begins, kept inside 0..limit."""
    begin = (start + end - length) // 2
    return min(max(begin, 0), limit - length)


def uses_inpainting_model(model_ref: str) -> bool | None:
    """Whether `model_ref` is a dedicated inpainting model (9-channel UNet), read from its
    config or file header without loading it; None when not known yet (not downloaded)."""
    try:
        source = resolve_model(model_ref)
    except StudioError:
        return None
    if source.kind == "demo":
        return source.ref == DEMO_INPAINT
    folder = source.path if source.path is not None else _cached_snapshot(source.ref)
    channels = unet_in_channels(folder) if folder is not None else None
    return None if channels is None else channels == INPAINT_CHANNELS


def _cached_snapshot(repo_id: str) -> Path | None:
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(repo_id, "unet/config.json")
    return Path(found).parent.parent if isinstance(found, str) else None


def inpaint_method_text(inpainting_model: bool | None) -> str:
    """What the command line says about how a model redraws the masked part."""
    if inpainting_model is None:
        return tr(
            "Inpainting method: decided when the model loads (inpainting model or blending).",
            "Método de inpainting: se decide al cargar el modelo (modelo de inpainting o mezcla).",
        )
    if inpainting_model:
        return tr(
            "Inpainting method: inpainting model (its UNet sees the picture and the mask).",
            "Método de inpainting: modelo de inpainting (su UNet ve la imagen y la máscara).",
        )
    return tr(
        "Inpainting method: blending (an ordinary model; the masked part is blended in at "
        "each step).",
        "Método de inpainting: mezcla (un modelo normal; la parte enmascarada se mezcla en "
        "cada paso).",
    )
