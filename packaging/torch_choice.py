"""Pick the PyTorch build for this computer's hardware (stdlib only: runs before install).

NVIDIA → CUDA build matching the driver; AMD with ROCm on Linux → ROCm build; Apple Silicon →
PyPI's MPS-capable build; anything else → the CPU build, which is gigabytes smaller.
"""

from __future__ import annotations

import platform
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TORCH_VERSION = "2.13.0"  # the version the test suite runs against
PYTORCH_INDEX = "https://download.pytorch.org/whl"
PROBE_TIMEOUT_S = 10


@dataclass(frozen=True)
class TorchChoice:
    """Which torch build to install, from where, and why."""

    variant: str  # cuda, rocm, mps, cpu
    requirement: str
    index_url: str | None  # None: the default index (PyPI)
    reason: str


def nvidia_driver_version(run: Callable[..., Any] = subprocess.run) -> tuple[int, int] | None:
    """The NVIDIA driver version from nvidia-smi, or None (absent, failing or hanging)."""
    if shutil.which("nvidia-smi") is None:
        return None
    try:
        out = run(
            ["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)\.(\d+)", out)
    return (int(match.group(1)), int(match.group(2))) if match else None


def has_rocm(run: Callable[..., Any] = subprocess.run) -> bool:
    """True when rocminfo reports an AMD GPU (gfx…) on Linux."""
    if platform.system() != "Linux" or shutil.which("rocminfo") is None:
        return False
    try:
        out = run(["rocminfo"], capture_output=True, text=True, timeout=PROBE_TIMEOUT_S).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return re.search(r"gfx(9|1[0-2])\d\w*", out) is not None


def choose_torch(
    system: str,
    machine: str,
    driver: tuple[int, int] | None,
    rocm: bool,
    override: str | None = None,
) -> TorchChoice:
    """The torch build for this hardware; `override` (cuda/rocm/mps/cpu) wins if given."""
    requirement = f"torch=={TORCH_VERSION}"
    variant = override or _detected_variant(system, machine, driver, rocm)
    if variant == "cuda":
        tag = "cu128" if driver is None or driver >= (570, 0) else "cu126"
        return TorchChoice(
            "cuda",
            requirement,
            f"{PYTORCH_INDEX}/{tag}",
            f"NVIDIA driver {_fmt(driver)} found: CUDA build {tag}",
        )
    if variant == "rocm":
        return TorchChoice(
            "rocm", requirement, f"{PYTORCH_INDEX}/rocm6.4", "AMD GPU with ROCm found: ROCm build"
        )
    if variant == "mps":
        return TorchChoice("mps", requirement, None, "Apple Silicon: PyPI build with MPS")
    index = None if system == "Darwin" else f"{PYTORCH_INDEX}/cpu"
    return TorchChoice("cpu", requirement, index, "no supported GPU found: CPU build (smaller)")


def _detected_variant(system: str, machine: str, driver: tuple[int, int] | None, rocm: bool) -> str:
    if system == "Darwin" and machine in ("arm64", "aarch64"):
        return "mps"
    if driver is not None and system in ("Linux", "Windows"):
        return "cuda"
    return "rocm" if rocm else "cpu"


def _fmt(driver: tuple[int, int] | None) -> str:
    return f"{driver[0]}.{driver[1]}" if driver else "?"


VARIANTS = ("cuda", "rocm", "mps", "cpu")


def detect(override: str | None = None) -> TorchChoice:
    """Probe this computer and choose; `override` (cuda/rocm/mps/cpu) wins if given."""
    if override is not None and override not in VARIANTS:
        raise ValueError(f"unknown PyTorch build {override!r}: use one of {', '.join(VARIANTS)}")
    return choose_torch(
        platform.system(), platform.machine(), nvidia_driver_version(), has_rocm(), override
    )
