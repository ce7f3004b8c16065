"""The program exits cleanly (rc 0) after a long session of Qt signals, and after a server
dropped a job mid-way: PySide6 6.12.0 takes a reference from True at every `emit` and from
None at every void Qt call, which aborted Python 3.11 at exit ("Fatal Python error:
bool_dealloc", rc 134) until importing studio.runtime guards against it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from drop_then_quit import STEPS

# A worker's worth of emits and void calls, far more than True and None have references.
CHURN = """
from PySide6.QtCore import QObject, Signal

class Reporter(QObject):
    step_completed = Signal(str, object)

reporter = Reporter()
reporter.step_completed.connect(lambda job_id, progress: None)
for step in range(50_000):
    reporter.step_completed.emit("job", step)
    reporter.setObjectName(str(step))
"""


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-X", "faulthandler", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=environment)


def test_many_signals_after_importing_the_runtime_exit_cleanly() -> None:
    done = _run("-c", "import studio.runtime\n" + CHURN)
    assert done.returncode == 0, done.stderr[-3000:]


def test_quitting_after_a_server_dropped_a_long_job_exits_cleanly() -> None:
    done = _run(str(Path(__file__).with_name("drop_then_quit.py")))
    assert done.returncode == 0, done.stderr[-3000:]  # was SIGABRT (134 in a shell): bool_dealloc
    facts = json.loads(done.stdout.splitlines()[-1])
    assert facts["outcomes"] == ["kept", "done"]  # the drop was handled, the job ran elsewhere
    assert facts["steps"] >= STEPS  # every step of the dropped job reached the controller


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None/True are immortal from 3.12 on")
def test_the_installed_pyside6_keeps_its_references_without_the_guard() -> None:
    # pyproject excludes PySide6 6.12.0 before Python 3.12: what pip installs must not need
    # the guard at all (the guard stays for PySide6 builds installed some other way).
    guard = Path(__file__).parents[2] / "studio" / "runtime" / "refcount_guard.py"
    probe = (  # the module alone, without importing studio.runtime (which applies the guard)
        "import importlib.util as u\n"
        f"spec = u.spec_from_file_location('probe', {str(guard)!r})\n"
        "module = u.module_from_spec(spec)\nspec.loader.exec_module(module)\n"
        "print(module.drops_singleton_references())"
    )
    done = _run("-c", probe)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "False"
