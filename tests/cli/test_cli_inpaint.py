"""`studio generate --mask` and `--outpaint`: what is written, and bad masks refused early."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.cli.main import main
from studio.core.base.errors import set_language
from studio.core.imagemeta.lienzo_format import read_lienzo_request


def _run(out: Path, *extra: str, lang: str = "en") -> int:
    return main([
        "--lang", lang, "generate", "--model", "demo", "--prompt", "a red hat", "--seed", "7",
        "--steps", "2", "--width", "64", "--height", "64", "--out", str(out), "--quiet", *extra,
    ])  # fmt: skip


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    rng = np.random.default_rng(5)
    Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(path)
    return path


def _mask(tmp_path: Path, size: tuple[int, int], box: tuple[int, int, int, int]) -> Path:
    mask = Image.new("L", size, 0)
    mask.paste(255, box)
    path = tmp_path / "mask.png"
    mask.save(path)
    return path


def test_mask_redraws_and_is_saved_beside_the_picture(
    tmp_path: Path, photo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    mask = _mask(tmp_path, (64, 64), (10, 10, 30, 30))
    code = _run(out, "--init-image", str(photo), "--mask", str(mask), "--strength", "0.9")
    assert code == 0
    saved = Path(capsys.readouterr().out.strip())
    assert saved.parent == out and sorted(p.name for p in out.iterdir()) == sorted(
        [saved.name, f"{saved.stem}.mask.png"]
    )
    with Image.open(saved) as image:
        request = read_lienzo_request(dict(image.text))
        pixels = np.asarray(image.convert("RGB"))
    assert request is not None and request.mask == f"{saved.stem}.mask.png"
    original = np.asarray(Image.open(photo).convert("RGB"))
    assert np.array_equal(pixels[45:], original[45:])
    assert not np.array_equal(pixels[10:30, 10:30], original[10:30, 10:30])


def test_outpaint_makes_a_bigger_picture(tmp_path: Path, photo: Path) -> None:
    out = tmp_path / "out"
    assert _run(out, "--init-image", str(photo), "--outpaint", "left=16,bottom=30") == 0
    [saved] = out.iterdir()
    assert Image.open(saved).size == (80, 96)  # 30 rounds to 32


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "needs the picture to change: add --init-image"),
     ("es", "necesitan la imagen a cambiar: añade --init-image")],
)  # fmt: skip
def test_mask_without_init_image_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    out = tmp_path / "out"
    mask = _mask(tmp_path, (64, 64), (0, 0, 8, 8))
    assert _run(out, "--mask", str(mask), lang=lang) == 2
    assert expected in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("size", "box", "en", "es"),
    [((32, 64), (0, 0, 8, 8), "with another shape", "con otra forma"),
     ((64, 64), (0, 0, 0, 0), "is empty (all black)", "está vacía (toda negra)"),
     ((64, 64), (0, 0, 64, 64), "covers the whole picture", "cubre toda la imagen")],
)  # fmt: skip
def test_bad_masks_change_nothing(
    tmp_path: Path,
    photo: Path,
    capsys: pytest.CaptureFixture[str],
    size: tuple[int, int],
    box: tuple[int, int, int, int],
    en: str,
    es: str,
) -> None:
    out = tmp_path / "out"
    mask = _mask(tmp_path, size, box)
    for lang, expected in (("en", en), ("es", es)):
        assert _run(out, "--init-image", str(photo), "--mask", str(mask), lang=lang) == 2
        assert expected in capsys.readouterr().err
    assert not out.exists()


def test_mask_that_is_not_an_image_is_refused(
    tmp_path: Path, photo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    mask = tmp_path / "mask.png"
    mask.write_bytes(b"\x89PNG not really")
    assert _run(out, "--init-image", str(photo), "--mask", str(mask)) == 2
    assert "The mask 'mask.png' is not an image" in capsys.readouterr().err
    assert _run(out, "--init-image", str(photo), "--mask", str(mask), lang="es") == 2
    assert "La máscara 'mask.png' no es una imagen" in capsys.readouterr().err
    assert not out.exists()


def test_mask_of_another_size_but_the_same_shape_is_resized_with_a_note(
    tmp_path: Path, photo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    mask = _mask(tmp_path, (128, 128), (0, 0, 64, 64))
    args = ("--init-image", str(photo), "--mask", str(mask))
    assert main(["generate", "--model", "demo", "--prompt", "x", "--steps", "2", "--width", "64",
                 "--height", "64", "--out", str(out), *args]) == 0  # fmt: skip
    assert "the mask was resized to match" in capsys.readouterr().err


@pytest.mark.parametrize("outpaint", ["up=64", "left=600", "left=ocho"])
def test_bad_outpaint_is_refused(
    tmp_path: Path, photo: Path, capsys: pytest.CaptureFixture[str], outpaint: str
) -> None:
    out = tmp_path / "out"
    assert _run(out, "--init-image", str(photo), "--outpaint", outpaint) == 2
    err = capsys.readouterr().err
    assert "left=128,bottom=256" in err or "multiple of 8 from 0 to 512" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("model", "lang", "method"),
    [("demo", "en", "Inpainting method: blending"),
     ("demo-inpaint", "en", "Inpainting method: inpainting model"),
     ("demo-inpaint", "es", "Método de inpainting: modelo de inpainting")],
)  # fmt: skip
def test_the_command_says_how_the_model_inpaints(
    tmp_path: Path, photo: Path, capsys: pytest.CaptureFixture[str], model: str, lang: str,
    method: str,
) -> None:  # fmt: skip
    mask = _mask(tmp_path, (64, 64), (10, 10, 30, 30))
    code = main([
        "--lang", lang, "generate", "--model", model, "--prompt", "a red hat", "--seed", "7",
        "--steps", "2", "--width", "64", "--height", "64", "--out", str(tmp_path / "out"),
        "--init-image", str(photo), "--mask", str(mask),
    ])  # fmt: skip
    set_language("en")  # --lang is process-wide: the next tests expect English
    captured = capsys.readouterr()
    assert code == 0 and method in captured.out + captured.err
    saved = [p for p in (tmp_path / "out").iterdir() if not p.name.endswith(".mask.png")]
    assert len(saved) == 1 and Image.open(saved[0]).size == (64, 64)
