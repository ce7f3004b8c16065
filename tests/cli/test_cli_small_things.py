"""Small things from a first trial of the command line (issue 11, item 8)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from studio.cli.main import main
from studio.core.base.devices import FoundDevice
from studio.core.base.paths import app_paths
from studio.core.generation.engine import Engine
from studio.core.models.preflight import PreflightReport

CPU_ONLY = (FoundDevice("cpu", "Test CPU", 8.0),)


def _generate(out: Path, prompt: str, *extra: str) -> list[str]:
    return [
        "generate", "--model", "demo", "--prompt", prompt, "--seed", "41", "--steps", "1",
        "--width", "64", "--height", "64", "--out", str(out), "--quiet", *extra,
    ]  # fmt: skip


def test_gallery_search_without_a_match_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--home", str(tmp_path), "gallery", "search", "unicornio"]) == 1
    printed = capsys.readouterr()
    assert printed.out == ""  # a script reading paths gets none
    assert "No images match" in printed.err and "(0 in the gallery)" in printed.err
    assert main(["--home", str(tmp_path), "--lang", "es", "gallery", "search", "x"]) == 1
    assert "Ninguna imagen coincide" in capsys.readouterr().err


def test_a_batch_is_listed_in_seed_order(
    engine: Engine, session_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = app_paths(session_home).gallery / "batch-order"
    assert main(_generate(out, "cebra ordenada", "--count", "4")) == 0
    capsys.readouterr()
    for _ in range(2):  # the same order every time, whatever order the folder walk gives
        assert main(["gallery", "search", "cebra", "--json"]) == 0
        listed = capsys.readouterr().out
        seeds = [int(line.split(":")[1].strip(" ,")) for line in listed.splitlines()
                 if '"seed"' in line]  # fmt: skip
        assert seeds == [41, 42, 43, 44]


def test_export_zip_does_not_overwrite_without_force(
    engine: Engine, session_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = app_paths(session_home).gallery / "export-force"
    assert main(_generate(out, "tortuga exportada")) == 0
    target = tmp_path / "mine.zip"
    target.write_bytes(b"precious")
    assert main(["gallery", "export", str(target), "tortuga"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "add --force to replace it" in err
    assert target.read_bytes() == b"precious"
    assert main(["gallery", "export", str(target), "tortuga", "--force"]) == 0
    assert target.read_bytes()[:2] == b"PK"


class _ClosedPipe:
    """A stdout whose reader has gone (`studio … | head`)."""

    encoding = "utf-8"

    def write(self, _text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_ends_quietly_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["--home", str(tmp_path), "gallery", "sync"]) == 141
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_a_closed_pipe_ends_quietly_as_a_process(tmp_path: Path) -> None:
    (tmp_path / "gallery").mkdir()
    env = {**os.environ, "STUDIO_HOME": str(tmp_path), "LIENZO_LANG": "en"}
    process = subprocess.Popen(
        [sys.executable, "-m", "studio", "gallery", "sync"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line is written
    err = process.stderr.read()
    assert process.wait(timeout=120) == 141
    assert err == ""


def test_models_list_with_nothing_installed_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setattr("studio.core.models.other_apps.candidate_roots", lambda: [])
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "studio models download stabilityai/sd-turbo" in out and "--model demo" in out


@pytest.mark.parametrize(
    ("where", "expected"),
    [("env", "asked for by the environment variable LIENZO_DEVICE"), ("flag", "by --device.")],
)
def test_an_unavailable_device_names_where_it_was_asked_for(
    where: str,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("studio.core.base.devices.probe_devices", lambda: CPU_ONLY)
    if where == "env":
        monkeypatch.setenv("LIENZO_DEVICE", "cuda")
        assert main(["devices"]) == 2
    else:
        assert main(["devices", "--device", "cuda"]) == 2
    err = capsys.readouterr().err
    assert "'cuda' was requested" in err and expected in err
    if where == "env":
        assert "Unset LIENZO_DEVICE or set it to auto" in err


def test_benchmark_prints_each_phase_and_minutes_for_long_estimates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def slow_machine(
        family: str, width: int, height: int, plan: Any, steps: int, on_phase: Any = None
    ) -> PreflightReport:
        for number in (1, 2, 3):
            on_phase(number, 3, f"phase {number}")
        return PreflightReport(family, width, height, steps, plan.label, 42.0, 30.0, 2.0, 9.0)

    monkeypatch.setattr("studio.core.models.preflight.run_preflight", slow_machine)
    args = ["--home", str(tmp_path), "benchmark", "--family", "sd1", "-W", "128", "-H", "128"]
    assert main(args) == 0
    printed = capsys.readouterr()
    assert [line for line in printed.err.splitlines() if line.startswith("[")] == [
        "[1/3] Measuring phase 1…",
        "[2/3] Measuring phase 2…",
        "[3/3] Measuring phase 3…",
    ]
    assert "about 18 min per image (18 min draft)" in printed.out  # 25 × 42 s + 30 s


def test_help_lists_the_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--home", str(tmp_path), "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    paths = app_paths(tmp_path)
    for name, folder in (
        ("settings", paths.config),
        ("data", paths.data),
        ("cache", paths.cache),
        ("logs", paths.logs),
        ("gallery", paths.gallery),
    ):
        assert f"  {name:<10} {folder}" in out
    assert "models" in out and "Hugging Face" in out
