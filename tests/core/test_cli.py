"""The `studio` command as a user types it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from studio import __version__
from studio.cli.main import main
from studio.core.base.devices import DevicePlan
from studio.core.generation.engine import Engine


def _demo(out: Path, *extra: str) -> list[str]:
    return [
        "generate",
        "--model",
        "demo",
        "--prompt",
        "un gato",
        "--seed",
        "7",
        "--steps",
        "2",
        "--width",
        "64",
        "--height",
        "64",
        "--out",
        str(out),
        *extra,
    ]


def test_generate_prints_the_saved_files_with_their_settings(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_demo(tmp_path, "--count", "2")) == 0
    printed = capsys.readouterr()
    files = [Path(line) for line in printed.out.split()]
    assert [f.parent for f in files] == [tmp_path, tmp_path]
    seeds = []
    for file in files:
        with Image.open(file) as image:
            assert image.size == (64, 64)
            seeds.append(image.text["parameters"].split("Seed: ")[1].split(",")[0])
    assert seeds == ["7", "8"]
    assert "step 2/2" in printed.err and "it/s" in printed.err and "ETA" in printed.err
    assert "random weights" in printed.err


def test_bad_input_exits_2_with_message_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(_demo(out, "--steps", "0")) == 2
    assert "Steps must be between 1 and 150" in capsys.readouterr().err
    assert main(["--lang", "es", *_demo(out, "--width", "60")]) == 2
    assert "El ancho debe estar entre 64 y 2048" in capsys.readouterr().err
    assert main(_demo(out, "--seed", "gato")) == 2
    assert not out.exists()


def test_missing_model_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*_demo(tmp_path), "--model", str(tmp_path / "falta.safetensors")]) == 2
    assert "Model not found" in capsys.readouterr().err


def test_devices_explains_the_choice(
    capsys: pytest.CaptureFixture[str], cpu_plan: DevicePlan
) -> None:
    assert main(["devices"]) == 0
    out = capsys.readouterr().out
    assert f"Will use: {cpu_plan.label} (cpu)" in out and "Why: no supported GPU" in out
    assert "sd-turbo" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert __version__ in capsys.readouterr().out


def _studio(*args: str, home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "STUDIO_HOME": str(home), "LIENZO_LANG": "en"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.Popen(
        [sys.executable, "-m", "studio", *args],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_no_display_generates_a_demo_image(session_home: Path, engine: Engine) -> None:
    process = _studio("--headless", home=session_home)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    saved = Path(out.strip())
    assert saved.is_file() and saved.parent.parent == session_home / "gallery"
    assert "demo model" in err


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child needs a console group")
def test_ctrl_c_cancels_cleanly_leaving_no_file(
    session_home: Path, engine: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    process = _studio(
        *_demo(out, "--steps", "150", "--width", "512", "--height", "512"), home=session_home
    )
    assert process.stderr is not None
    seen = ""
    while "step 1/150" not in seen:
        char = process.stderr.read(1)
        assert char, "the generation ended before reporting a step"
        seen += char
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "Cancelled" in err
    assert not out.exists() or list(out.iterdir()) == []


def test_windowed_build_without_streams_logs_to_a_file(
    session_home: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["devices"]) == 0
    assert "Will use:" in (session_home / "logs" / "studio.log").read_text(encoding="utf-8")
