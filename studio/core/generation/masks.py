"""Inpainting masks: opened safely, any mode to 8-bit grey (white = redraw), checked, feathered."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image, ImageFilter, ImageOps

from studio.core.base.errors import ImageInputError, tr
from studio.core.generation.images import open_image_safely, to_rgb

# diffusers binarizes the mask at one half: a softer grey is "keep".
THRESHOLD = 128
# An aspect ratio this close to the picture's is the same picture at another size.
_ASPECT_TOLERANCE = 0.01


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two paths name one file (then the mask is that image's transparency)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def mask_from_alpha(image: Image.Image, name: str) -> Image.Image:
    """The transparent part of an image as a mask: fully transparent = redraw."""
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGBA", "LA", "PA", "P") or (
        image.mode == "P" and "transparency" not in image.info
    ):
        raise ImageInputError(
            f"The image {name!r} has no transparency to use as the mask. Paint a mask "
            "(white = redraw) and pass it with --mask.",
            f"La imagen {name!r} no tiene transparencia que usar como máscara. Pinta una "
            "máscara (blanco = redibujar) y pásala con --mask.",
        )
    alpha = image.convert("RGBA").getchannel("A")
    return ImageOps.invert(alpha)


def mask_to_grey(image: Image.Image) -> Image.Image:
    """8-bit grey from any mode; transparent parts of a mask file count as black (keep)."""
    image = ImageOps.exif_transpose(image)
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        black = Image.new("RGBA", image.size, (0, 0, 0, 255))
        return Image.alpha_composite(black, image.convert("RGBA")).convert("L")
    return to_rgb(image).convert("L")


def open_mask(path: Path) -> Image.Image:
    """A mask file as 8-bit grey, every failure a bilingual ImageInputError naming the mask."""
    try:
        return mask_to_grey(open_image_safely(path))
    except ImageInputError as exc:
        raise ImageInputError(
            exc.en.replace("The image", "The mask", 1), exc.es.replace("La imagen", "La máscara", 1)
        ) from exc


def fit_mask(
    mask: Image.Image, source: tuple[int, int], target: tuple[int, int], name: str
) -> tuple[Image.Image, tuple[str, ...]]:
    """The mask at the target size, cut as the picture is; a warning when it was resized."""
    if mask.size == target:
        return mask, ()
    if mask.size != source:
        if abs(mask.width / mask.height - source[0] / source[1]) > _ASPECT_TOLERANCE:
            raise _wrong_size(name, mask.size, source)
        warning = tr(
            f"The mask {name!r} is {mask.width}×{mask.height} and the picture "
            f"{source[0]}×{source[1]}; the mask was resized to match.",
            f"La máscara {name!r} mide {mask.width}×{mask.height} y la imagen "
            f"{source[0]}×{source[1]}; se redimensionó la máscara para que encajen.",
        )
        mask = mask.resize(source, Image.Resampling.BILINEAR)
        return ImageOps.fit(mask, target, Image.Resampling.BILINEAR), (warning,)
    return ImageOps.fit(mask, target, Image.Resampling.BILINEAR), ()


def binary(mask: Image.Image) -> Image.Image:
    """Black (keep) and white (redraw) only, split where diffusers splits."""
    return mask.point(lambda value: 255 if value >= THRESHOLD else 0)


def check_coverage(mask: Image.Image, name: str) -> None:
    """Refuse a mask that redraws nothing, or everything (that is plain img2img)."""
    low, high = binary(mask).getextrema()
    if high == 0:
        raise ImageInputError(
            f"The mask {name!r} is empty (all black): nothing would change. Paint in white "
            "what should be redrawn.",
            f"La máscara {name!r} está vacía (toda negra): no cambiaría nada. Pinta en blanco "
            "lo que se debe redibujar.",
        )
    if low == 255:
        raise ImageInputError(
            f"The mask {name!r} covers the whole picture (all white). To redraw everything, "
            "leave out --mask; to keep a part, paint it black.",
            f"La máscara {name!r} cubre toda la imagen (toda blanca). Para redibujarlo todo, "
            "quita --mask; para conservar una parte, píntala de negro.",
        )


def feathered(mask: Image.Image, blur: int) -> Image.Image:
    """The soft-edged mask the result is blended with: zero far from the mask, exactly."""
    hard = binary(mask)
    if blur <= 0:
        return hard
    return hard.filter(ImageFilter.GaussianBlur(blur))


def _wrong_size(name: str, size: tuple[int, int], source: tuple[int, int]) -> ImageInputError:
    return ImageInputError(
        f"The mask {name!r} is {size[0]}×{size[1]} but the picture is {source[0]}×{source[1]}, "
        "with another shape. Make the mask the same size as the picture.",
        f"La máscara {name!r} mide {size[0]}×{size[1]} pero la imagen {source[0]}×{source[1]}, "
        "con otra forma. Haz la máscara del mismo tamaño que la imagen.",
    )
