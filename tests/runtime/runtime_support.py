"""Helpers shared by the runtime and UI tests."""

from __future__ import annotations

from pathlib import Path


def pngs(root: Path) -> list[Path]:
    """Every PNG under a folder, temp files included (a half-written file must fail a test)."""
    return sorted(p for p in root.rglob("*") if p.suffix == ".png" or p.name.endswith(".tmp"))
