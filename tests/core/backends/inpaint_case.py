"""The inpainting case every backend test uses: a flat grey picture whose left half is
masked; the right half must come back pixel for pixel, the left half redrawn."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from studio.core.generation.request import GenerationRequest

GREY = (128, 128, 128)


def half_masked(request: GenerationRequest, folder: Path) -> GenerationRequest:
    """`request` (64×64) as inpainting of the left half of a flat grey picture."""
    source, mask = folder / "grey.png", folder / "mask.png"
    Image.new("RGB", (64, 64), GREY).save(source)
    painted = Image.new("L", (64, 64), 0)
    painted.paste(255, (0, 0, 32, 64))
    painted.save(mask)
    return GenerationRequest(
        **{**request.to_dict(), "extras": (), "init_image": str(source), "mask": str(mask)}
    )


def kept_right_half(image: Image.Image) -> bool:
    """The unmasked right quarter is exactly the original grey."""
    return image.crop((48, 0, 64, 64)).getcolors() == [(16 * 64, GREY)]


def redrew_left_half(image: Image.Image) -> bool:
    """The masked left quarter is no longer flat grey."""
    return image.crop((0, 0, 16, 64)).getcolors() != [(16 * 64, GREY)]
