"""Input images for img2img: open safely, convert to 8-bit RGB, fit to the request's size."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from studio.core.base.errors import ImageInputError

# Beyond this, an image is refused before decoding: a 16k×16k photo needs 1 GB just as pixels.
MAX_INPUT_PIXELS = 16384 * 16384 // 2


def load_init_image(path: str | Path, width: int, height: int) -> Image.Image:
    """Open an image file for img2img as RGB at width×height (center-cropped to fit)."""
    image = open_image_safely(Path(path))
    return ImageOps.fit(to_rgb(image), (width, height), Image.Resampling.LANCZOS)


def open_image_safely(path: Path) -> Image.Image:
    """Decode an image, turning every way it can fail into a bilingual ImageInputError."""
    if path.is_dir():
        raise _bad(path, "is a folder, not an image", "es una carpeta, no una imagen")
    if not path.exists():
        raise _bad(path, "does not exist", "no existe")
    if not path.is_file():  # reading /dev/zero or a named pipe would never end
        raise _bad(
            path,
            "is not a regular file (a device, a pipe or a socket)",
            "no es un archivo normal (es un dispositivo, una tubería o un socket)",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            if image.width * image.height > MAX_INPUT_PIXELS:
                raise _too_big(path, image.width, image.height)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bad(path, "is too large to open safely", "es demasiado grande para abrirla") from exc
    except UnidentifiedImageError as exc:
        raise _bad(path, "is not an image Lienzo can read", "no es una imagen legible") from exc
    except PermissionError as exc:
        raise _bad(
            path, "cannot be read: no permission", "no se puede leer: no hay permiso"
        ) from exc
    except OSError as exc:
        raise _bad(
            path, f"is damaged or truncated ({exc})", f"está dañada o cortada ({exc})"
        ) from exc
    return image


def to_rgb(image: Image.Image) -> Image.Image:
    """8-bit RGB from any mode: alpha on white, 16-bit scaled down, EXIF rotation applied."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16/32-bit greyscale: scale to 8 bits instead of clipping everything to white.
        maximum = 65535 if image.mode.startswith("I;16") else max(image.getextrema()[1], 1)
        image = image.point(lambda value: value * 255 / maximum).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image.convert("RGBA"))
    return image.convert("RGB")


def _bad(path: Path, en: str, es: str) -> ImageInputError:
    return ImageInputError(f"The image {path.name!r} {en}.", f"La imagen {path.name!r} {es}.")


def _too_big(path: Path, width: int, height: int) -> ImageInputError:
    return ImageInputError(
        f"The image {path.name!r} is {width}×{height}, too large to open safely.",
        f"La imagen {path.name!r} mide {width}×{height}, demasiado grande para abrirla.",
    )
