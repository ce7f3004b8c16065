"""The layers point one way: studio.core imports no Qt, studio.runtime no widgets."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import studio.core

ROOT = Path(__file__).resolve().parent.parent


def test_importing_all_of_core_loads_no_qt_and_no_torch() -> None:
    modules = [f"studio.core.{m.name}" for m in pkgutil.iter_modules(studio.core.__path__)]
    code = (
        "import sys\n"
        f"for name in {modules!r}: __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'torch', 'diffusers'))\n"
        "print(','.join(bad))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "", f"studio.core imported heavy or Qt modules at import time: {found}"


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_runtime_imports_no_widgets() -> None:
    runtime = ROOT / "studio" / "runtime"
    offenders = [p.name for p in runtime.rglob("*.py") if "QtWidgets" in p.read_text("utf-8")]
    assert offenders == []
