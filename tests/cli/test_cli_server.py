"""`studio generate --server URL` against the fake ComfyUI server (recorded real answers)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from studio.cli.main import main
from studio.core.generation.engine import Engine

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "backends"))
from fake_comfy_server import FakeComfy, running, script_from


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeComfy]:
    monkeypatch.setenv("STUDIO_HOME", str(tmp_path / "home"))

    def refuse(self: Engine, model: str) -> None:
        raise AssertionError("a job for a server loaded a local model")

    monkeypatch.setattr(Engine, "load", refuse)
    with running(FakeComfy()) as server:
        yield server


def _args(url: str, out: Path, *extra: str) -> list[str]:
    return [
        "generate", "--server", url, "--model", "tiny-sd1", "--prompt", "a red fox",
        "--seed", "42", "--steps", "4", "-W", "64", "-H", "64", "--out", str(out), *extra,
    ]  # fmt: skip


def test_generate_on_a_server_saves_into_the_local_folder(
    fake: FakeComfy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.scripts.append(script_from("txt2img"))
    assert main(_args(fake.url, tmp_path / "out")) == 0
    captured = capsys.readouterr()
    [saved] = [Path(line) for line in captured.out.splitlines()]
    assert "ComfyUI 127.0.0.1" in captured.err and "step 4/4" in captured.err
    with Image.open(saved) as png:
        assert json.loads(png.text["prompt"])["5"]["inputs"]["seed"] == 42
        assert json.loads(png.text["lienzo"])["device"].startswith("ComfyUI 127.0.0.1")
    sampler = fake.prompts[0]["prompt"]["5"]["inputs"]
    assert (sampler["sampler_name"], sampler["cfg"]) == ("euler_ancestral", 7.0)


def test_a_refused_model_is_one_bilingual_line(
    fake: FakeComfy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _args(fake.url, tmp_path / "out")
    args[args.index("tiny-sd1")] = "juggernaut"
    assert main(["--lang", "es", *args]) == 2
    assert "no tiene el modelo 'juggernaut'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_unreachable_server_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIO_HOME", str(tmp_path / "home"))
    with running(FakeComfy()) as gone:
        url = gone.url
    assert main(_args(url, tmp_path / "out", "--quiet")) == 2
    assert "is not reachable" in capsys.readouterr().err


def test_outpainting_on_a_server_extends_the_picture(
    fake: FakeComfy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.png"
    Image.new("RGB", (64, 64), (128, 128, 128)).save(source)
    fake.scripts.append(script_from("txt2img"))
    extra = ("--init-image", str(source), "--outpaint", "left=16", "--quiet")
    assert main(_args(fake.url, tmp_path / "out", *extra)) == 0
    [saved] = [Path(line) for line in capsys.readouterr().out.splitlines()]
    with Image.open(saved) as png:
        assert png.size == (80, 64)
        assert png.crop((64, 0, 80, 64)).getcolors() == [(16 * 64, (128, 128, 128))]
    assert fake.prompts[0]["prompt"]["9"]["class_type"] == "SetLatentNoiseMask"
