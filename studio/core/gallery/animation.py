"""Animated GIF / WebP of the denoising steps, written atomically (no Qt)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from studio.core.base.atomic import atomic_write_bytes
from studio.core.base.errors import StudioError

FORMATS = {".gif": "GIF", ".webp": "WEBP"}
MAX_SIDE = 1024


class AnimationError(StudioError):
    """The animation cannot be written; nothing was written."""


def write_animation(
    frames: Sequence[Image.Image],
    target: Path,
    frame_ms: int = 120,
    last_frame_ms: int = 1500,
    side: int | None = None,
) -> Path:
    """Write `frames` as an animated GIF or WebP (by `target`'s suffix); the last one lingers.

    Frames are scaled to one size (the largest frame's, or `side` on the long edge) so a
    1/8-size step preview and the finished image play as one picture.
    """
    image_format = FORMATS.get(target.suffix.lower())
    if image_format is None:
        raise AnimationError(
            f"{target.name}: an animation is saved as .gif or .webp.",
            f"{target.name}: una animación se guarda como .gif o .webp.",
        )
    if not frames:
        raise AnimationError(
            "There are no steps to animate: make a picture first.",
            "No hay pasos que animar: primero crea una imagen.",
        )
    size = _common_size(frames, side)
    scaled = [frame.convert("RGB").resize(size, Image.Resampling.BICUBIC) for frame in frames]
    durations = [frame_ms] * (len(scaled) - 1) + [last_frame_ms]
    buffer = io.BytesIO()
    extra = {"lossless": False, "quality": 85} if image_format == "WEBP" else {"optimize": True}
    scaled[0].save(
        buffer,
        format=image_format,
        save_all=True,
        append_images=scaled[1:],
        duration=durations,
        loop=0,
        **extra,
    )
    atomic_write_bytes(target, buffer.getvalue())
    return target


def _common_size(frames: Sequence[Image.Image], side: int | None) -> tuple[int, int]:
    widest = max(frames, key=lambda frame: frame.width * frame.height)
    width, height = widest.size
    long_edge = min(side or max(width, height), MAX_SIDE)
    scale = long_edge / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))
