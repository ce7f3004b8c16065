"""Where the managed runtime (venv, setup state, logs) lives, and its state file."""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

APP_DIR_NAME = "LienzoStudio"  # the same folder name as studio.core.base.paths (platformdirs)
STATE_SCHEMA = 1


@dataclass(frozen=True)
class SetupState:
    """What the last successful setup installed; written only after verification."""

    app_version: str
    variant: str  # the torch build installed: cuda, rocm, mps, cpu
    torch_version: str
    device: str  # where the verification tensor ran: cuda, mps or cpu
    device_name: str
    warning: str = ""


@dataclass(frozen=True)
class Runtime:
    """The app-managed folder: a venv plus the setup's state and logs."""

    root: Path

    @property
    def venv(self) -> Path:
        return self.root / "venv"

    @property
    def state_file(self) -> Path:
        return self.root / "state.json"

    @property
    def setup_log(self) -> Path:
        return self.root / "setup.log"

    @property
    def app_log(self) -> Path:
        return self.root / "app.log"

    def python(self, windowed: bool = False) -> Path:
        """The venv's interpreter (pythonw.exe on Windows when `windowed`)."""
        if os.name == "nt":
            return self.venv / "Scripts" / ("pythonw.exe" if windowed else "python.exe")
        return self.venv / "bin" / "python"


def data_dir(env: Mapping[str, str] = os.environ, system: str | None = None) -> Path:
    """platformdirs' user_data_dir for the app, computed without platformdirs."""
    if env.get("STUDIO_HOME"):
        return Path(env["STUDIO_HOME"]).expanduser() / "data"
    system = system or platform.system()
    home = Path(env.get("HOME") or env.get("USERPROFILE") or Path.home())
    if system == "Windows":
        return Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local") / APP_DIR_NAME
    if system == "Darwin":
        return home / "Library" / "Application Support" / APP_DIR_NAME
    return Path(env.get("XDG_DATA_HOME") or home / ".local" / "share") / APP_DIR_NAME


def default_runtime(env: Mapping[str, str] = os.environ) -> Runtime:
    """$LIENZO_RUNTIME_DIR, else `runtime` in the app's data folder."""
    override = env.get("LIENZO_RUNTIME_DIR")
    return Runtime(Path(override).expanduser() if override else data_dir(env) / "runtime")


def read_state(runtime: Runtime) -> SetupState | None:
    """The saved state, or None when missing, unreadable or from another schema."""
    try:
        data = json.loads(runtime.state_file.read_text(encoding="utf-8"))
        if data.pop("schema_version", None) != STATE_SCHEMA:
            return None
        return SetupState(**data)
    except (OSError, ValueError, TypeError):
        return None


def write_state(runtime: Runtime, state: SetupState) -> None:
    """Save atomically: a temp file in the same folder, fsync, replace."""
    runtime.root.mkdir(parents=True, exist_ok=True)
    temp = runtime.state_file.with_suffix(".tmp")
    with temp.open("w", encoding="utf-8") as handle:
        json.dump({"schema_version": STATE_SCHEMA, **asdict(state)}, handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, runtime.state_file)


def setup_needed(runtime: Runtime, app_version: str) -> str | None:
    """Why setup must run (a sentence), or None when the runtime is ready."""
    state = read_state(runtime)
    if state is None:
        return "first run"
    if not runtime.python().exists():
        return "the runtime folder is missing or damaged"
    if state.app_version != app_version:
        return f"the app was updated ({state.app_version} → {app_version})"
    return None
