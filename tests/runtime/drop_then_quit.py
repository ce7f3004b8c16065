"""Run as a script by test_exit_after_drop: 'Run jobs on: All' with two fake ComfyUI servers;
the first sends a long job's steps (with previews) then drops the websocket mid-job, the job
goes to the second, then the program quits as the window does. Writes what happened as JSON
on stdout; the test checks the exit status (a crash at exit is rc 134)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "backends"))
from fake_comfy_server import DROP, FakeComfy, Script, running, script_from
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from studio.core.backends.comfy import ComfyBackend
from studio.core.base.paths import app_paths
from studio.core.base.settings import load_settings
from studio.core.generation.request import GenerationRequest
from studio.runtime.controller import GenerationController
from studio.runtime.jobs import QUEUE_FILE_NAME, JobQueueModel
from studio.runtime.pool import Target

STEPS = 4000  # each step crosses threads in two signals: thousands of emits in one session
REQUEST = GenerationRequest(
    prompt="a red fox", model="tiny-sd1", seed=42, steps=4, width=64, height=64
)


def long_dropped_job(steps: int) -> Script:
    """The recorded job, with `steps` steps (no previews: fast), cut off mid-job."""
    script = script_from("txt2img")
    first = next(i for i, m in enumerate(script.messages) if '"progress"' in m.get("text", ""))
    progress = json.loads(script.messages[first]["text"])
    messages = script.messages[: first - 1]  # up to the first step's preview
    for step in range(1, steps + 1):
        progress["data"].update(value=step, max=steps)
        messages.append({"text": json.dumps(progress)})
    script.messages = [*messages, DROP]
    return script


def main() -> int:
    _app = QCoreApplication(sys.argv)  # alive until the interpreter exits, as the window's
    home = Path(tempfile.mkdtemp(prefix="lienzo-drop-"))
    (home / "config").mkdir()
    (home / "config" / "settings.json").write_text('{"language": "en"}', encoding="utf-8")
    paths = app_paths(home)
    with running(FakeComfy()) as first, running(FakeComfy()) as second:
        first.scripts.append(long_dropped_job(STEPS))
        second.scripts.append(script_from("txt2img"))
        backends = [ComfyBackend(first.url, name="A"), ComfyBackend(second.url, name="B")]
        queue = JobQueueModel(paths.data / QUEUE_FILE_NAME)
        targets = [Target(backend.name, backend) for backend in backends]
        settings = load_settings(paths.settings_file)
        controller = GenerationController(paths, settings, queue, targets=targets)
        outcomes: list[str] = []
        steps: list[int] = []
        loop = QEventLoop()  # the event loop runs in Qt, as the window's app.exec()

        def on_job_ended(outcome: str) -> None:
            outcomes.append(outcome)
            if len(outcomes) == 2:
                loop.quit()

        controller.job_ended.connect(on_job_ended)
        controller.step_completed.connect(lambda progress: steps.append(progress.step))
        controller.start()
        controller.submit(REQUEST)
        QTimer.singleShot(120_000, loop.quit)
        loop.exec()
        controller.shutdown()
        for backend in backends:
            backend.close()
    sys.stdout.write(json.dumps({"outcomes": outcomes, "steps": len(steps)}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
