"""Shared by the benchmarks: the machine line and publishing a table to docs/performance.md."""

from __future__ import annotations

import platform
from datetime import date
from pathlib import Path

PERFORMANCE_DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def machine_line(title: str) -> str:
    """`### title — date, processor, torch version, Lienzo version` for a result heading."""
    from studio import __version__

    try:
        import torch

        torch_version = f"torch {torch.__version__}"
    except ImportError:
        torch_version = "no torch"
    processor = platform.processor() or platform.machine()
    return f"### {title} — {date.today()}, {processor}, {torch_version}, Lienzo {__version__}"


def publish(text: str, write: bool = True) -> None:
    """Print a result and append it to docs/performance.md."""
    print(text)
    if write:
        with PERFORMANCE_DOC.open("a", encoding="utf-8") as doc:
            doc.write("\n" + text.rstrip("\n") + "\n")
