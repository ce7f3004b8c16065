"""The layers point one way: studio.core imports no Qt, studio.runtime no widgets, core knows
nothing of a command line, and each part of core stays a size a reader can hold."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import studio.core

ROOT = Path(__file__).resolve().parent.parent


def _loaded_after(imports: list[str], packages: tuple[str, ...]) -> list[str]:
    """Which of `packages` (or their submodules) a fresh Python has loaded after `imports`."""
    code = (
        "import sys\n"
        f"for name in {imports!r}: __import__(name)\n"
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {packages!r} "
        f"or m in {packages!r})))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    return found.split(",") if found else []


def test_importing_all_of_core_loads_no_qt_and_no_torch() -> None:
    modules = [m.name for m in pkgutil.walk_packages(studio.core.__path__, "studio.core.")]
    assert len(modules) > 50
    bad = _loaded_after(modules, ("PySide6", "shiboken6", "torch", "diffusers"))
    assert bad == [], f"studio.core imported heavy or Qt modules at import time: {bad}"


def test_the_window_module_loads_nothing_only_a_job_or_a_server_needs() -> None:
    # Launch to first paint went 420 -> 770 ms when the engine (numpy), httpx (click) and
    # friends came in through type hints and module-level imports; they load with the worker,
    # or when a server is first called.
    heavy = ("torch", "diffusers", "numpy", "httpx", "fastapi", "uvicorn", "websockets")
    bad = _loaded_after(["studio.ui.app"], (*heavy, "studio.core.generation.engine"))
    assert bad == [], f"opening the window imports what only jobs or servers need: {bad}"


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_runtime_imports_no_widgets() -> None:
    runtime = ROOT / "studio" / "runtime"
    offenders = [p.name for p in runtime.rglob("*.py") if "QtWidgets" in p.read_text("utf-8")]
    assert offenders == []


def test_core_never_prints_or_writes_to_the_terminal() -> None:
    core = ROOT / "studio" / "core"
    offenders = []
    for path in core.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("print", "input"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr", "stdin"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_each_part_of_core_stays_small_and_says_what_it_owns() -> None:
    packages = [p for p in (ROOT / "studio" / "core").iterdir() if (p / "__init__.py").exists()]
    assert {p.name for p in packages} == {
        "base",
        "generation",
        "models",
        "gallery",
        "imagemeta",
        "backends",
    }
    for package in packages:
        modules = [p for p in package.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= 20, f"{package.name} holds {len(modules)} modules"
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8")))
        assert doc and "import" in doc, f"{package.name}/__init__.py must say what it may import"
    loose = [p.name for p in (ROOT / "studio" / "core").glob("*.py") if p.name != "__init__.py"]
    assert loose == []


def test_no_package_of_studio_holds_more_than_twenty_modules() -> None:
    for init in (ROOT / "studio").rglob("__init__.py"):
        modules = [
            p for p in init.parent.glob("*.py") if p.name not in ("__init__.py", "__main__.py")
        ]
        assert len(modules) <= 20, f"{init.parent.relative_to(ROOT)} holds {len(modules)} modules"
