"""One command to set up and run Lienzo Studio, or its tests, from a source checkout.

    python3 packaging/bootstrap.py run [studio arguments…]
    python3 packaging/bootstrap.py test [pytest arguments…]

Creates .venv beside the project, installs the right PyTorch for this hardware (see
torch_choice.py), installs the app, then runs it. Stdlib only; works on Windows, macOS, Linux.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
import sys
import urllib.error
import urllib.request
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from torch_choice import TorchChoice, detect  # sibling module, found through sys.path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("LIENZO_VENV", ROOT / ".venv"))
MIN_PYTHON = (3, 10)
INDEX_PROBE_TIMEOUT_S = 5.0  # one look at the index; pip would retry an unreachable one for long
# Runs in the venv's Python: finds torch without importing it (an import takes seconds).
_HAS_TORCH = "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is None)"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def say(text: str) -> None:
    print(f"[lienzo] {text}", flush=True)


def pip(*args: str) -> None:
    subprocess.run(
        [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q", *args],
        check=True,
    )


def ensure_venv() -> None:
    if not venv_python().exists():
        say(f"creating the virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)


def torch_installed() -> bool:
    """Whether the venv has torch, asked without importing it (every `run` asks)."""
    check = subprocess.run([str(venv_python()), "-c", _HAS_TORCH], capture_output=True)
    return check.returncode == 0


def index_reachable(url: str, timeout: float = INDEX_PROBE_TIMEOUT_S) -> bool:
    """One request to the package index; any HTTP answer means it is there."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/", timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def torch_source() -> TorchChoice:
    """The build for this hardware and where to get it: $LIENZO_TORCH_INDEX_URL (a mirror, or
    `pypi` for pip's default index) wins; an index that does not answer is left for pip's."""
    # Imported here: it needs Python 3.10, which main() checks first with a clear message.
    from firstrun.hardware import with_index_override

    choice = detect(os.environ.get("LIENZO_TORCH"))  # override: cuda, rocm, mps, cpu
    choice = with_index_override(choice, os.environ.get("LIENZO_TORCH_INDEX_URL"))
    if choice.index_url and not index_reachable(choice.index_url):
        say(
            f"{choice.index_url} does not answer (one try, {INDEX_PROBE_TIMEOUT_S:g} s): "
            "installing PyTorch from pip's default index instead (set LIENZO_TORCH_INDEX_URL "
            f"to choose another). / {choice.index_url} no responde: se instala PyTorch desde "
            "el índice por defecto de pip."
        )
        choice = dataclasses.replace(choice, index_url=None)
    return choice


def ensure_torch() -> None:
    if torch_installed():
        return
    choice = torch_source()
    say(f"installing PyTorch ({choice.reason}) — this can take a few minutes")
    extra = ["--index-url", choice.index_url] if choice.index_url else []
    pip(choice.requirement, *extra)


def ensure_app(with_dev: bool) -> None:
    # Reinstall only when pyproject.toml changed since the last install.
    stamp = VENV / f".lienzo-installed{'-dev' if with_dev else ''}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    say("installing Lienzo Studio and its libraries")
    pip("-e", f"{ROOT}[dev]" if with_dev else str(ROOT))
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    if sys.version_info < MIN_PYTHON:
        say(
            f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer is needed (this is "
            f"{sys.version.split()[0]}). / Se necesita Python 3.10 o más reciente."
        )
        return 1
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    mode, rest = argv[0], argv[1:]
    ensure_venv()
    ensure_torch()
    ensure_app(with_dev=mode == "test")
    if mode == "test":
        command = [str(venv_python()), "-m", "pytest", *rest]
    else:
        command = [str(venv_python()), "-m", "studio", *rest]
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
