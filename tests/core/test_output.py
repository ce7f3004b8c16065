"""Saved PNGs carry A1111-style settings, never an absolute path, never half-written."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from studio.core.base.errors import OutputError
from studio.core.gallery.output import prompt_slug, save_image
from studio.core.generation.engine import Engine, GeneratedImage
from studio.core.generation.request import GenerationRequest
from studio.core.imagemeta.lienzo_format import a1111_parameters, read_lienzo_request
from studio.core.models.source import ModelStamp

WHEN = datetime(2026, 11, 26, 12, 0, 0)


def _result(**changes: object) -> GeneratedImage:
    values: dict[str, object] = dict(
        prompt="un faro al atardecer",
        negative_prompt="borroso",
        model="/home/ana/modelos/sd_turbo.safetensors",
        seed=42,
        steps=4,
        guidance=0.0,
        width=64,
        height=64,
    )
    values.update(changes)
    request = GenerationRequest(**values)  # type: ignore[arg-type]
    return GeneratedImage(
        Image.new("RGB", (64, 64), "navy"),
        request,
        ModelStamp("sd_turbo", "b1a2c3d4e5", "sd-turbo"),
        "CPU · float32",
        1.0,
    )


def test_parameters_text_has_a1111_layout() -> None:
    result = _result(init_image="/home/ana/foto.jpg", strength=0.6, guidance=7.5)
    assert a1111_parameters(result.request, result.model) == (
        "un faro al atardecer\n"
        "Negative prompt: borroso\n"
        "Steps: 4, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7.5, Seed: 42, "
        "Size: 64x64, "
        "Model hash: b1a2c3d4e5, Model: sd_turbo, Denoising strength: 0.6, "
        "Version: Lienzo Studio 0.1.0"
    )


def test_saved_png_reads_back_and_holds_no_absolute_path(tmp_path: Path) -> None:
    result = _result(prompt="montaña ñandú 🐱\nsegunda línea", init_image="/home/ana/foto.jpg")
    saved = save_image(result, tmp_path, WHEN)
    assert saved.name == "20261126-120000-42-montana-nandu-segunda-linea.png"
    with Image.open(saved) as image:
        chunks = dict(image.text)
    assert chunks["parameters"].startswith("montaña ñandú 🐱\nsegunda línea\nNegative prompt:")
    assert "Seed: 42" in chunks["parameters"] and "Size: 64x64" in chunks["parameters"]
    assert "/home/ana" not in chunks["parameters"] + chunks["lienzo"]
    back = read_lienzo_request(chunks)
    assert back is not None
    assert back.prompt == result.request.prompt and back.seed == 42
    assert back.model == "sd_turbo.safetensors" and back.init_image == "foto.jpg"


def test_files_never_overwrite_each_other(tmp_path: Path) -> None:
    names = {save_image(_result(), tmp_path, WHEN).name for _ in range(3)}
    assert len(names) == 3


def test_slug_is_safe_on_every_os() -> None:
    assert prompt_slug('a<b>:c"/d\\e|f?g*') == "a-b-c-d-e-f-g"
    assert prompt_slug("日本語") == "image"
    assert len(prompt_slug("x" * 300)) <= 48


def _failing_replace(code: int) -> Callable[..., None]:
    def fail(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("code", "english", "spanish"),
    [
        (errno.ENOSPC, "The disk is full", "El disco está lleno"),
        (errno.EACCES, "No permission to write", "No hay permiso para escribir"),
        (errno.EROFS, "No permission to write", "No hay permiso para escribir"),
    ],
)
def test_save_failure_says_why_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, english: str, spanish: str
) -> None:
    monkeypatch.setattr(os, "replace", _failing_replace(code))
    monkeypatch.setattr(os, "link", _failing_replace(code))  # the name is claimed by a link
    with pytest.raises(OutputError) as caught:
        save_image(_result(), tmp_path, WHEN)
    assert english in caught.value.en and spanish in caught.value.es
    assert list(tmp_path.iterdir()) == []


def test_full_disk_midway_through_the_png_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_save = Image.Image.save

    def save_half(self: Image.Image, fp: object, *args: object, **kwargs: object) -> None:
        real_save(self, fp, *args, **kwargs)  # type: ignore[arg-type]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", save_half)
    with pytest.raises(OutputError, match="disk is full"):
        save_image(_result(), tmp_path, WHEN)
    assert list(tmp_path.iterdir()) == []


def test_demo_generation_saves_a_png_whose_settings_match(
    engine: Engine, demo_request: Callable[..., GenerationRequest], tmp_path: Path
) -> None:
    result = next(iter(engine.generate(demo_request(seed=5, steps=2, guidance=4.5))))
    with Image.open(save_image(result, tmp_path)) as image:
        parameters = image.text["parameters"]
    assert (
        "Steps: 2, Sampler: Euler a, Schedule type: Automatic, CFG scale: 4.5, Seed: 5, Size: 64x64"
    ) in parameters
    assert f"Model hash: {result.model.hash}, Model: lienzo-demo" in parameters
    assert len(result.model.hash) == 10
