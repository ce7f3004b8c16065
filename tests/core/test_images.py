"""Input images that cannot be used are refused with a message, before any decode blows up."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from studio.core.base.errors import ImageInputError
from studio.core.generation.images import load_init_image, open_image_safely, to_rgb


def _png_claiming(path: Path, width: int, height: int) -> Path:
    """A tiny PNG whose header claims a huge size (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )
    return path


def test_decompression_bomb_is_refused_by_size(tmp_path: Path) -> None:
    with pytest.raises(ImageInputError) as caught:
        open_image_safely(_png_claiming(tmp_path / "bomba.png", 50_000, 50_000))
    assert "too large" in caught.value.en and "demasiado grande" in caught.value.es


def test_truncated_image_is_damaged(tmp_path: Path) -> None:
    whole = tmp_path / "whole.png"
    Image.effect_noise((128, 128), 50).convert("RGB").save(whole)
    cut = tmp_path / "cortada.png"
    cut.write_bytes(whole.read_bytes()[:2000])
    with pytest.raises(ImageInputError) as caught:
        open_image_safely(cut)
    assert "damaged or truncated" in caught.value.en and "dañada" in caught.value.es


@pytest.mark.parametrize("kind", ["text", "folder", "missing"])
def test_non_images_are_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "cosa.png"
    if kind == "text":
        target.write_text("hola")
    elif kind == "folder":
        target.mkdir()
    with pytest.raises(ImageInputError) as caught:
        open_image_safely(target)
    expected = {"text": "not an image", "folder": "is a folder", "missing": "does not exist"}
    assert expected[kind] in caught.value.en


def test_transparent_pixels_become_white_and_16_bit_is_scaled(tmp_path: Path) -> None:
    assert to_rgb(Image.new("RGBA", (4, 4), (0, 0, 0, 0))).getpixel((0, 0)) == (255, 255, 255)
    grey16 = Image.new("I;16", (4, 4), 32768)
    assert to_rgb(grey16).getpixel((0, 0)) in ((127, 127, 127), (128, 128, 128))


def test_init_image_is_fitted_to_the_requested_size(tmp_path: Path) -> None:
    wide = tmp_path / "wide.jpg"
    Image.new("RGB", (300, 100), (10, 20, 30)).save(wide)
    fitted = load_init_image(wide, 128, 64)
    assert fitted.size == (128, 64) and fitted.mode == "RGB"
