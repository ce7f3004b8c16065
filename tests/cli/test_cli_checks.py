"""Checks made early and named right: the output folder, --strength, prompts, odd files."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from studio.cli import commands
from studio.cli.main import main
from studio.core.base.errors import ImageInputError, ModelError, OutputError
from studio.core.base.writable import check_writable_folder
from studio.core.generation.engine import Engine
from studio.core.generation.images import open_image_safely
from studio.core.generation.request import MAX_PROMPT_CHARS
from studio.core.models.source import resolve_model

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="devices and FIFOs are POSIX")


def _demo(out: Path, *extra: str) -> list[str]:
    return [
        "generate", "--model", "demo", "--prompt", "un gato", "--seed", "7", "--steps", "2",
        "--width", "64", "--height", "64", "--out", str(out), "--quiet", *extra,
    ]  # fmt: skip


@pytest.fixture
def no_model_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a model is loaded: the check must come first."""

    def refuse(self: Engine, model: str) -> None:
        raise AssertionError(f"the model {model!r} was loaded before the check")

    monkeypatch.setattr(Engine, "load", refuse)


def test_out_that_is_a_file_is_refused_before_the_model_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_model_load: None
) -> None:
    out = tmp_path / "picture.png"
    out.write_bytes(b"not a folder")
    assert main(_demo(out)) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert out.read_bytes() == b"not a folder"
    assert main(_demo(out / "inside")) == 2  # a folder under a file: the same reason
    assert "is a file, not a folder" in capsys.readouterr().err


def _os_open_fails(number: int, text: str) -> Any:
    def fail(*_args: Any) -> int:
        raise OSError(number, text)

    return fail


def test_out_without_permission_is_refused_before_the_model_loads(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    no_model_load: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opener = "studio.core.base.writable.os.open"
    monkeypatch.setattr(opener, _os_open_fails(errno.EACCES, "Permission denied"))
    assert main(_demo(tmp_path / "new" / "day")) == 2
    err = capsys.readouterr().err
    assert "Images cannot be saved in" in err and "no permission to write there" in err
    assert list(tmp_path.iterdir()) == []  # the folders made for the test are gone again
    monkeypatch.setattr(opener, _os_open_fails(errno.EROFS, "Read-only file system"))
    assert main(["--lang", "es", *_demo(tmp_path)]) == 2
    assert "el disco es de solo lectura" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_is_refused_for_real(tmp_path: Path) -> None:
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="no permission"):
            check_writable_folder(tmp_path / "out")
    finally:
        tmp_path.chmod(0o755)


def test_the_write_check_leaves_nothing_behind(tmp_path: Path) -> None:
    check_writable_folder(tmp_path / "a" / "b")
    check_writable_folder(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_model_error_leaves_no_empty_out_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new"
    assert main([*_demo(out), "--model", str(tmp_path / "missing.safetensors")]) == 2
    assert "Model not found" in capsys.readouterr().err
    assert not out.exists()


def test_full_disk_in_a_batch_says_how_many_were_saved_and_where(
    engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = commands.save_image
    calls: list[Path] = []

    def fills_the_disk(result: Any, folder: Path, when: Any = None) -> Path:
        calls.append(folder)
        if len(calls) > 1:
            raise OutputError(
                f"The disk is full: the image could not be saved in {folder}. Nothing was written.",
                "El disco está lleno. No se escribió nada.",
            )
        return real(result, folder, when)

    monkeypatch.setattr(commands, "save_image", fills_the_disk)
    assert main(_demo(tmp_path, "--count", "8")) == 2
    err = capsys.readouterr().err
    assert f"1 of 8 images were saved in {tmp_path}; the other 7 were not made" in err
    assert len(list(tmp_path.glob("*.png"))) == 1
    assert len(calls) == 2  # generation stopped at the first failed save


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "--strength only applies when transforming an image: add --init-image"),
     ("es", "--strength solo se usa al transformar una imagen: añade --init-image")],
)  # fmt: skip
def test_strength_without_init_image_is_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    no_model_load: None,
    lang: str,
    expected: str,
) -> None:
    out = tmp_path / "out"
    assert main(["--lang", lang, *_demo(out, "--strength", "0.3")]) == 2
    assert expected in capsys.readouterr().err
    assert not out.exists()


def test_negative_prompt_too_long_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_model_load: None
) -> None:
    long = "x" * (MAX_PROMPT_CHARS + 1)
    assert main(_demo(tmp_path, "--negative-prompt", long)) == 2
    assert f"The negative prompt is {MAX_PROMPT_CHARS + 1} characters" in capsys.readouterr().err
    assert main(["--lang", "es", *_demo(tmp_path, "--negative-prompt", long)]) == 2
    assert "El prompt negativo tiene" in capsys.readouterr().err
    assert main(_demo(tmp_path, "--prompt", long)) == 2
    assert "The prompt is" in capsys.readouterr().err


@posix_only
def test_device_or_fifo_as_init_image_is_not_called_missing(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo):
        with pytest.raises(ImageInputError, match="is not a regular file") as caught:
            open_image_safely(path)
        assert "does not exist" not in str(caught.value)
    with pytest.raises(ImageInputError, match="does not exist"):
        open_image_safely(tmp_path / "missing.png")


@posix_only
def test_device_or_fifo_as_model_is_not_called_a_cut_download(tmp_path: Path) -> None:
    fifo = tmp_path / "model.safetensors"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        with pytest.raises(ModelError, match="is not a regular file") as caught:
            resolve_model(path)
        assert "download" not in str(caught.value)


def test_pickle_refusal_points_to_models_convert(tmp_path: Path) -> None:
    checkpoint = tmp_path / "old.ckpt"
    checkpoint.write_bytes(b"\x80\x02" + b"\0" * 100)
    with pytest.raises(ModelError, match="studio models convert") as caught:
        resolve_model(str(checkpoint))
    assert "convierte" not in str(caught.value) and str(checkpoint) in str(caught.value)


@posix_only
def test_convert_names_a_missing_file_or_a_pipe_instead_of_calling_it_unsafe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "old.ckpt"
    os.mkfifo(fifo)  # reading it would hang
    assert main(["models", "convert", str(fifo)]) == 2
    assert "is not a regular file" in capsys.readouterr().err
    assert main(["models", "convert", str(tmp_path / "missing.ckpt")]) == 2
    err = capsys.readouterr().err
    assert "missing.ckpt does not exist" in err and "refused" not in err
