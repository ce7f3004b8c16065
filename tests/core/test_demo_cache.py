"""A damaged demo model is rebuilt (it is made here, never downloaded) and can be deleted."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from studio.cli.main import main
from studio.core.base.paths import AppPaths, app_paths
from studio.core.models.demo import demo_model_dir

WEIGHTS = "unet/diffusion_pytorch_model.safetensors"
MARKER = "lienzo_demo.json"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_model_dir(tmp_path_factory.mktemp("demo-cache"))


def _cut(folder: Path) -> None:
    file = folder / WEIGHTS
    file.write_bytes(file.read_bytes()[:1000])


def _flip(folder: Path) -> None:
    file = folder / WEIGHTS
    data = bytearray(file.read_bytes())
    data[-10] ^= 0xFF  # same size, one byte changed
    file.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], object]] = {
    "weights cut short": _cut,
    "weights changed": _flip,
    "weights deleted": lambda folder: (folder / WEIGHTS).unlink(),
    "config emptied": lambda folder: (folder / "unet" / "config.json").write_text(""),
    "marker garbage": lambda folder: (folder / MARKER).write_bytes(b"\x00\xffgarbage"),
    "marker empty": lambda folder: (folder / MARKER).write_text(""),
    "marker wrong types": lambda folder: (folder / MARKER).write_text('{"files": 5}'),
    "marker truncated": lambda folder: (folder / MARKER).write_text('{"files": {"unet/'),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_demo_model_is_rebuilt(built: Path, tmp_path: Path, case: str) -> None:
    cache = tmp_path / "models"
    copy = cache / built.name
    shutil.copytree(built, copy)
    DAMAGE[case](copy)

    assert demo_model_dir(cache) == copy
    for name in (WEIGHTS, "unet/config.json", MARKER):
        assert (copy / name).read_bytes() == (built / name).read_bytes()


def test_the_rebuilt_demo_model_loads_and_draws(built: Path, tmp_path: Path) -> None:
    from diffusers import StableDiffusionPipeline

    cache = tmp_path / "models"
    shutil.copytree(built, cache / built.name)
    _cut(cache / built.name)
    pipeline = StableDiffusionPipeline.from_pretrained(demo_model_dir(cache))
    image = pipeline("x", num_inference_steps=1, height=64, width=64).images[0]
    assert image.size == (64, 64)


def test_studio_models_delete_demo_deletes_the_built_model(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths: AppPaths = app_paths(tmp_path / "home")
    shutil.copytree(built, paths.models_cache / built.name)

    assert main(["--home", str(tmp_path / "home"), "--lang", "en", "models", "delete", "demo"]) == 0

    assert "Deleted the demo model" in capsys.readouterr().out
    assert not (paths.models_cache / built.name).exists()
