"""Picture sizes read from images: shown as the image says, made valid only when reused."""

from __future__ import annotations

import math

from studio.core.generation.request import MAX_PIXELS, MAX_SIDE, MIN_SIDE
from studio.core.imagemeta.notes import note

# Sizes up to this are real pictures (upscaled ones included) and are shown as they are;
# anything larger is a broken or hostile value and is dropped with the request's own message.
MAX_SHOWN_SIDE = 16_384
_MULTIPLE = 8


def shown_as_is(width: int, height: int) -> bool:
    """Whether a size is a plausible picture size, to show even if we cannot make it."""
    return 1 <= width <= MAX_SHOWN_SIDE and 1 <= height <= MAX_SHOWN_SIDE


def reusable_size(width: int, height: int) -> tuple[int, int]:
    """The nearest size a request accepts: multiples of 8, within the side and pixel limits,
    keeping the aspect ratio when the picture has to shrink."""
    scale = min(1.0, MAX_SIDE / max(width, height), math.sqrt(MAX_PIXELS / (width * height)))
    sides = [_snap(side * scale) for side in (width, height)]
    while sides[0] * sides[1] > MAX_PIXELS:  # rounding up may cross the limit by a row
        index = 0 if sides[0] >= sides[1] else 1
        sides[index] -= _MULTIPLE
    return sides[0], sides[1]


def _snap(side: float) -> int:
    snapped = math.floor(side / _MULTIPLE + 0.5) * _MULTIPLE  # halves up, never to even
    return min(MAX_SIDE, max(MIN_SIDE, snapped))


def snapped_note(width: int, height: int) -> str:
    """Why a shown size is not the one a reuse will ask for."""
    new_width, new_height = reusable_size(width, height)
    return note(
        f"The size {width}×{height} cannot be made here as it is; reusing these settings "
        f"uses {new_width}×{new_height}, the nearest size that can.",
        f"El tamaño {width}×{height} no se puede generar aquí tal cual; al reutilizar estos "
        f"ajustes se usa {new_width}×{new_height}, el más cercano posible.",
    )
