"""Choose the PyTorch build: torch_choice's probes, under one overall deadline."""

from __future__ import annotations

import dataclasses
import platform
import threading
from collections.abc import Callable

import torch_choice
from torch_choice import VARIANTS, TorchChoice

DETECT_DEADLINE_S = 15.0  # all probes together; a wedged driver must not hang the setup
PYPI = "pypi"  # LIENZO_TORCH_INDEX_URL=pypi: the default index (e.g. a local mirror or wheelhouse)

Detector = Callable[[str | None], TorchChoice]


def variants_for(system: str, machine: str) -> tuple[str, ...]:
    """The builds a user may pick on this OS (the override list)."""
    if system == "Darwin":
        return ("mps", "cpu") if machine in ("arm64", "aarch64") else ("cpu",)
    if system == "Windows":
        return ("cuda", "cpu")
    return ("cuda", "rocm", "cpu")


def check_override(override: str | None) -> str | None:
    """The override, validated; a user-facing ValueError when unknown."""
    if override in (None, "", "auto"):
        return None
    if override not in VARIANTS:
        raise ValueError(f"unknown PyTorch build {override!r}: use auto, {', '.join(VARIANTS)}")
    return override


def choose(
    override: str | None = None,
    detector: Detector = torch_choice.detect,
    deadline_s: float = DETECT_DEADLINE_S,
) -> TorchChoice:
    """Probe (in a thread, with a deadline) and choose; a timeout means 'no GPU found'."""
    override = check_override(override)
    result: list[TorchChoice] = []
    problem: list[str] = [f"hardware probe timed out after {deadline_s:.0f} s"]

    def probe() -> None:
        try:
            result.append(detector(override))
        except Exception as exc:  # advisory probes: any failure means "no GPU found"
            problem[0] = f"hardware probe failed ({exc})"

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(deadline_s)
    if result:
        return result[0]
    fallback = torch_choice.choose_torch(
        platform.system(), platform.machine(), None, False, override
    )
    return dataclasses.replace(fallback, reason=f"{problem[0]}: {fallback.reason}")


def with_index_override(choice: TorchChoice, index_url: str | None) -> TorchChoice:
    """Apply LIENZO_TORCH_INDEX_URL (a mirror, or `pypi` for the default index)."""
    if not index_url:
        return choice
    return dataclasses.replace(choice, index_url=None if index_url == PYPI else index_url)
