"""Sizes read from images: shown as the image says, snapped to a valid size only on reuse."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from studio.core.generation.request import GenerationRequest, validate
from studio.core.imagemeta.image_settings import read_image_settings
from studio.core.imagemeta.sizes import reusable_size


def a1111_png(tmp_path: Path, size: str) -> Path:
    info = PngInfo()
    info.add_text(
        "parameters", f"a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: {size}"
    )
    path = tmp_path / "a1111.png"
    Image.new("RGB", (8, 8), "olive").save(path, pnginfo=info)
    return path


def test_a1111_size_not_a_multiple_of_8_is_shown_and_snapped_on_reuse(tmp_path: Path) -> None:
    settings = read_image_settings(a1111_png(tmp_path, "892x1156"))
    assert settings is not None
    assert (settings.width, settings.height) == (892, 1156)
    fields = settings.to_request_fields()
    assert (fields["width"], fields["height"]) == (896, 1160)
    warnings = "\n".join(settings.warnings)
    assert "892×1156" in warnings and "uses 896×1160" in warnings and "se usa 896×1160" in warnings
    validate(GenerationRequest(**fields))


def test_a_valid_size_has_no_note(tmp_path: Path) -> None:
    settings = read_image_settings(a1111_png(tmp_path, "832x1216"))
    assert settings is not None and settings.warnings == ()
    assert (settings.to_request_fields()["width"], settings.width) == (832, 832)


@pytest.mark.parametrize(
    ("size", "snapped"),
    [
        ((892, 1156), (896, 1160)),
        ((4096, 4096), (2048, 2048)),  # too large: shrunk, aspect kept
        ((3000, 1000), (2048, 680)),
        ((20, 500), (64, 504)),
        ((2047, 2049), (2048, 2048)),
        ((1, 16384), (64, 2048)),
    ],
)
def test_reusable_size_is_valid_and_nearest(
    size: tuple[int, int], snapped: tuple[int, int]
) -> None:
    assert reusable_size(*size) == snapped
    validate(GenerationRequest(prompt="", width=snapped[0], height=snapped[1]))


def test_absurd_sizes_are_still_dropped(tmp_path: Path) -> None:
    settings = read_image_settings(a1111_png(tmp_path, "100000x100000"))
    assert settings is not None and settings.width is None
    assert "width" not in settings.to_request_fields()
