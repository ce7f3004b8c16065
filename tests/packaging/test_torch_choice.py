"""First-run PyTorch selection with faked hardware probes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import torch_choice


@pytest.mark.parametrize(
    ("system", "machine", "driver", "rocm", "variant", "index_tail"),
    [
        ("Linux", "x86_64", (575, 51), False, "cuda", "/cu128"),
        ("Windows", "AMD64", (560, 94), False, "cuda", "/cu126"),
        ("Linux", "x86_64", None, True, "rocm", "/rocm6.4"),
        ("Darwin", "arm64", None, False, "mps", None),
        ("Linux", "x86_64", None, False, "cpu", "/cpu"),
        ("Windows", "AMD64", None, False, "cpu", "/cpu"),
    ],
)
def test_hardware_picks_the_matching_build(
    system: str,
    machine: str,
    driver: tuple[int, int] | None,
    rocm: bool,
    variant: str,
    index_tail: str | None,
) -> None:
    choice = torch_choice.choose_torch(system, machine, driver, rocm)
    assert choice.variant == variant
    assert (choice.index_url is None) == (index_tail is None)
    if index_tail:
        assert choice.index_url and choice.index_url.endswith(index_tail)


def test_user_override_wins() -> None:
    assert torch_choice.choose_torch("Linux", "x86_64", (575, 0), False, "cpu").variant == "cpu"


def test_hanging_nvidia_smi_counts_as_no_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch_choice.shutil, "which", lambda _name: "/usr/bin/nvidia-smi")

    def hang(*_args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired("nvidia-smi", kwargs.get("timeout", 10))  # type: ignore[arg-type]

    assert torch_choice.nvidia_driver_version(run=hang) is None


def test_driver_version_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch_choice.shutil, "which", lambda _name: "/usr/bin/nvidia-smi")
    answer = subprocess.CompletedProcess([], 0, stdout="575.51.03\n")
    assert torch_choice.nvidia_driver_version(run=lambda *a, **k: answer) == (575, 51)
