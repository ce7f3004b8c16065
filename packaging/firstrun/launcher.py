"""The installed app's entry point: run the first-run setup when needed, then start the app."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TextIO

from torch_choice import TorchChoice

from firstrun import hardware
from firstrun.appinfo import AppInfo, load_app_info
from firstrun.installer import Setup, SetupFailed
from firstrun.locations import Runtime, default_runtime, read_state, setup_needed
from firstrun.progress import ConsoleReporter, Reporter

LAUNCHER_DIR = Path(__file__).resolve().parent.parent


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """The launcher's own options; everything else is passed on to `studio`."""
    parser = argparse.ArgumentParser(prog="lienzo-studio", allow_abbrev=False, add_help=False)
    parser.add_argument("--setup", action="store_true", help="run the setup again")
    parser.add_argument("--setup-only", action="store_true", help="set up, do not start the app")
    parser.add_argument("--setup-torch", help="auto, cuda, rocm, mps or cpu (default: detect)")
    parser.add_argument("--setup-console", action="store_true", help="text setup, no window")
    parser.add_argument("--setup-yes", action="store_true", help="install without asking")
    parser.add_argument("--remove-runtime", action="store_true", help="delete the managed venv")
    parser.add_argument("--setup-help", action="help", help="show the launcher's options")
    return parser.parse_known_args(argv)


def ensure_stdio(log_file: Path) -> bool:
    """Give a windowed process (stdout/stderr None) a log file; True when it had to."""
    if sys.stdout is not None and sys.stderr is not None:
        return False
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        stream: TextIO = log_file.open("a", encoding="utf-8", buffering=1)
    except OSError:
        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as we do)
    sys.stdout = sys.stdout or stream
    sys.stderr = sys.stderr or stream
    return True


def main(argv: list[str]) -> int:
    """Set up if needed, then start the app with the remaining arguments."""
    args, app_args = parse(argv)
    runtime = default_runtime()
    windowed = ensure_stdio(runtime.root / "launcher.log")
    if args.remove_runtime:
        return remove_runtime(runtime)
    info = load_app_info(LAUNCHER_DIR)
    reason = setup_needed(runtime, info.version)
    if reason is None and (args.setup or args.setup_only):
        reason = "asked for"
    if reason:
        code = first_run(info, runtime, args, reason)
        if code != 0 or args.setup_only:
            return code
    return launch_app(runtime, app_args, windowed)


def first_run(info: AppInfo, runtime: Runtime, args: argparse.Namespace, reason: str) -> int:
    """The setup, in a Tk window where one can open, else on the console."""
    try:
        override = initial_override(args, runtime, reason)
    except ValueError as exc:
        print(f"{info.name}: {exc}", file=sys.stderr)
        return 2
    if not args.setup_console and tk_usable():
        from firstrun.tk_ui import SetupWindow

        return SetupWindow(info, runtime, reason, override, args.setup_yes).run()
    return console_setup(info, runtime, override, args.setup_yes, sys.stdout)


def initial_override(args: argparse.Namespace, runtime: Runtime, reason: str) -> str | None:
    """--setup-torch, else $LIENZO_TORCH, else (after an app update) the build installed before."""
    chosen = args.setup_torch or os.environ.get("LIENZO_TORCH")
    if chosen:
        return hardware.check_override(chosen)
    state = read_state(runtime)
    return state.variant if state and reason.startswith("the app was updated") else None


def choose(override: str | None) -> TorchChoice:
    """The build for this computer, with $LIENZO_TORCH_INDEX_URL applied."""
    choice = hardware.choose(override)
    return hardware.with_index_override(choice, os.environ.get("LIENZO_TORCH_INDEX_URL"))


def new_setup(info: AppInfo, runtime: Runtime, reporter: Reporter) -> Setup:
    """A Setup wired to the real tools."""
    return Setup(
        info=info,
        runtime=runtime,
        reporter=reporter,
        base_python=console_python(),
        index_override=os.environ.get("LIENZO_TORCH_INDEX_URL"),
    )


def console_setup(
    info: AppInfo, runtime: Runtime, override: str | None, yes: bool, out: TextIO
) -> int:
    """Text-mode setup: say what was chosen and why, let a person at a terminal change it."""
    out.write(f"{info.name} {info.version}: first-run setup. Detecting the hardware…\n")
    choice = choose(override)
    out.write(f"PyTorch build: {choice.variant} ({choice.reason})\n")
    if not yes and override is None and sys.stdin is not None and sys.stdin.isatty():
        answer = input("Enter to install it, or type cuda, rocm, mps or cpu: ").strip()
        if answer:
            choice = choose(hardware.check_override(answer))
    try:
        state = new_setup(info, runtime, ConsoleReporter(out)).run(choice)
    except SetupFailed as exc:
        out.write(f"Setup failed: {exc}\n")
        return 1
    if state.warning:
        out.write(f"Warning: {state.warning}\n")
    return 0


def tk_usable() -> bool:
    """True when tkinter exists and a display is there to show a window on."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return False
    try:
        import tkinter  # noqa: F401
    except ImportError:
        return False
    return True


def console_python() -> Path:
    """This interpreter, as its console variant (venv creation needs no window)."""
    executable = Path(sys.executable)
    console = executable.with_name(executable.name.replace("pythonw", "python"))
    return console if console.exists() else executable


def launch_app(runtime: Runtime, app_args: list[str], windowed: bool) -> int:
    """Start `studio` in the venv; a windowed launcher hands it a log file as stdout/stderr."""
    # -I: a folder named `studio` (or `torch`) in the working directory must not shadow the app.
    command = [str(runtime.python()), "-I", "-m", "studio", *app_args]
    if not windowed and os.name != "nt":
        os.execv(command[0], command)  # replaces this process: signals and exit code are the app's
    if not windowed:
        return subprocess.call(command)
    with runtime.app_log.open("a", encoding="utf-8") as log:
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        return subprocess.call(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, creationflags=flags
        )


def remove_runtime(runtime: Runtime) -> int:
    """Delete the managed venv and setup state (never the gallery, settings or models)."""
    if not runtime.root.exists():
        print(f"Nothing to remove: {runtime.root} does not exist.")
        return 0
    if not (runtime.venv.exists() or runtime.state_file.exists()):
        print(f"Refusing to delete {runtime.root}: it is not a Lienzo Studio runtime.")
        return 1
    shutil.rmtree(runtime.root)
    print(f"Removed {runtime.root}")
    return 0
