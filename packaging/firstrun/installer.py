"""The setup's steps: venv, PyTorch (with a CPU fallback), the app, verification."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch_choice
from torch_choice import TorchChoice

from firstrun.appinfo import AppInfo
from firstrun.hardware import with_index_override
from firstrun.locations import Runtime, SetupState, read_state, write_state
from firstrun.progress import PipProgress, Reporter
from firstrun.verify_torch import MARKER

Runner = Callable[[list[str], Callable[[str], None], threading.Event], int]
VERIFY_SCRIPT = Path(__file__).resolve().parent / "verify_torch.py"
RAW_PROGRESS_PIP = (24, 1)  # first pip with --progress-bar raw
# Every interpreter runs with -I (isolated): a `pip`, `torch` or `studio` folder in the working
# directory, PYTHONPATH or the user's site-packages must not change what runs.


class SetupFailed(Exception):
    """The setup could not finish; the message tells the user what to do."""


class SetupCancelled(SetupFailed):
    """The user cancelled."""


def run_process(command: list[str], on_line: Callable[[str], None], cancel: threading.Event) -> int:
    """Run a tool, pass each output line on, kill it when `cancel` is set; its exit code."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PIP_NO_INPUT": "1"}
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flashing on Windows
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        creationflags=flags,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            on_line(line.rstrip())
            if cancel.is_set():
                process.kill()
        return process.wait()


@dataclass
class Setup:
    """One setup run; `runner` is the seam the tests fake."""

    info: AppInfo
    runtime: Runtime
    reporter: Reporter
    base_python: Path
    runner: Runner = run_process
    cancel: threading.Event = field(default_factory=threading.Event)
    index_override: str | None = None
    _raw_progress: bool = False

    def run(self, choice: TorchChoice) -> SetupState:
        """Install and verify; the state is saved only when everything worked."""
        self.runtime.root.mkdir(parents=True, exist_ok=True)
        self._log(f"== setup of {self.info.name} {self.info.version}: {choice.reason}")
        self.reporter.stage("Preparing the runtime folder", 0.0)
        self._ensure_venv()
        report = self._reuse_torch(choice.variant)
        if report is None:
            choice, report = self._torch_with_fallback(choice)
        self._install_app()
        state = SetupState(
            self.info.version,
            choice.variant,
            report["torch"],
            report["device"],
            report["name"],
            report["warning"],
        )
        write_state(self.runtime, state)
        self.reporter.stage(f"Ready: PyTorch {state.torch_version} on {state.device_name}", 1.0)
        return state

    def _ensure_venv(self) -> None:
        if not self.runtime.python().exists():
            self._run([str(self.base_python), "-I", "-m", "venv", str(self.runtime.venv)], "venv")
        self._raw_progress = self._pip_version() >= RAW_PROGRESS_PIP
        if not self._raw_progress:  # e.g. Debian's ensurepip: a newer pip reports download bytes
            pip = [str(self.runtime.python()), "-I", "-m", "pip", "install", "-q", "--upgrade"]
            self._run([*pip, f"pip>={'.'.join(map(str, RAW_PROGRESS_PIP))}"], None)
            self._raw_progress = self._pip_version() >= RAW_PROGRESS_PIP

    def _pip_version(self) -> tuple[int, int]:
        version = self._capture([str(self.runtime.python()), "-I", "-m", "pip", "--version"])
        found = re.search(r"pip (\d+)\.(\d+)", version)
        return (int(found[1]), int(found[2])) if found else (0, 0)

    def _reuse_torch(self, variant: str) -> dict[str, str] | None:
        """The verification of an earlier install of this build, or None to install it."""
        previous = read_state(self.runtime)
        if previous is None or previous.variant != variant:
            return None
        try:
            return self._verify(variant)
        except SetupCancelled:
            raise
        except SetupFailed:
            return None

    def _torch_with_fallback(self, choice: TorchChoice) -> tuple[TorchChoice, dict[str, str]]:
        try:
            return choice, self._install_torch(choice)
        except SetupCancelled:
            raise
        except SetupFailed as exc:
            if choice.variant == "cpu":
                raise
            self._log(f"== {exc}; falling back to the CPU build")
        cpu = torch_choice.choose_torch(platform.system(), platform.machine(), None, False, "cpu")
        cpu = with_index_override(cpu, self.index_override)
        self.reporter.stage(f"The {choice.variant.upper()} build failed: trying the CPU build", 0.1)
        self._run([str(self.runtime.python()), "-I", "-m", "pip", "uninstall", "-y", "torch"], None)
        return cpu, self._install_torch(cpu)

    def _install_torch(self, choice: TorchChoice) -> dict[str, str]:
        where = choice.index_url or "the default package index"
        self.reporter.stage(f"Installing PyTorch ({choice.variant.upper()}) from {where}", 0.05)
        index = ["--index-url", choice.index_url] if choice.index_url else []
        self._pip([choice.requirement, *index], 0.05, 0.70, "PyTorch could not be installed")
        return self._verify(choice.variant)

    def _install_app(self) -> None:
        self.reporter.stage(f"Installing {self.info.name} {self.info.version}", 0.70)
        self._pip([str(self.info.package)], 0.70, 0.95, f"{self.info.name} could not be installed")

    def _verify(self, variant: str) -> dict[str, str]:
        self.reporter.stage("Checking PyTorch: a tensor on the device", 0.68)
        output = self._capture([str(self.runtime.python()), "-I", str(VERIFY_SCRIPT), variant])
        for line in output.splitlines():
            if line.startswith(MARKER):
                report: dict[str, str] = json.loads(line[len(MARKER) :])
                if report["warning"]:
                    self._log(f"== warning: {report['warning']}")
                return report
        raise SetupFailed("PyTorch was installed but does not work")

    def _pip(self, args: list[str], start: float, end: float, failure: str) -> None:
        bar = ["--progress-bar", "raw"] if self._raw_progress else []
        command = [str(self.runtime.python()), "-I", "-m", "pip", "install", *bar, *args]
        parser = PipProgress()

        def on_line(line: str) -> None:
            self._log(line)
            detail = parser.feed(line)
            if detail:
                self.reporter.progress(start + (end - start) * parser.fraction, detail)

        self._run(command, failure, on_line)

    def _capture(self, command: list[str]) -> str:
        lines: list[str] = []

        def keep(line: str) -> None:
            lines.append(line)
            self._log(line)

        self._run(command, "", keep)
        return "\n".join(lines)

    def _run(
        self, command: list[str], failure: str | None, on_line: Callable[[str], None] | None = None
    ) -> int:
        """Run a step; `failure` None means its exit code does not matter."""
        self._log("$ " + " ".join(command))
        code = self.runner(command, on_line or self._log, self.cancel)
        if self.cancel.is_set():
            raise SetupCancelled("Setup was cancelled; it will continue next time.")
        if code != 0 and failure is not None:
            raise SetupFailed(
                f"{failure or 'A setup step failed'} (exit code {code}). Check the internet "
                f"connection and free disk space, then try again. Details: {self.runtime.setup_log}"
            )
        return code

    def _log(self, line: str) -> None:
        self.reporter.log(line)
        try:
            with self.runtime.setup_log.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        except OSError:
            pass  # the log is a help, never a reason to fail
