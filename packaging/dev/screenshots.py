"""Screenshots of the real window under Xvfb, for the README and for our own eyes.

Run: packaging/dev/screenshots.sh  (starts Xvfb, runs this, writes docs/screenshots/*.png)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication

from studio.core.base.paths import app_paths
from studio.ui.app import build_main_window
from studio.ui.main_window import MainWindow
from studio.ui.settings_dialog import SettingsDialog

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def wait(signal: SignalInstance | None = None, ms: int = 120_000) -> None:
    loop = QEventLoop()
    if signal is not None:
        signal.connect(loop.quit)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(name: str) -> None:
    wait(ms=400)  # let the window paint
    subprocess.run(["import", "-window", "root", str(OUT / f"{name}.png")], check=True)
    print("saved", OUT / f"{name}.png")


def generate(window: MainWindow, prompt: str, steps: int, seed: int) -> None:
    panel = window.prompt_panel
    panel.prompt_edit.setPlainText(prompt)
    panel.steps_spin.setValue(steps)
    panel.seed_edit.setText(str(seed))
    window.generate()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    home = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp())
    (home / "config").mkdir(parents=True, exist_ok=True)
    settings = {"default_model": "demo", "language": "en", "theme": "light"}
    (home / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    app = QApplication(sys.argv)
    window = build_main_window(app, app_paths(home))
    window.resize(1280, 800)
    window.move(0, 0)
    window.show()
    shoot("empty")
    window.controller.start()
    wait(window.controller.model_ready)
    window.prompt_panel.set_advanced(True)
    for seed in range(3):
        generate(window, "un faro al atardecer, óleo", 4, seed)
        wait(window.controller.job_ended)
    generate(window, "un faro al atardecer, óleo", 40, 7)
    for _ in range(6):
        wait(window.controller.step_completed)
    shoot("generating")
    wait(window.controller.job_ended)
    shoot("main-window")
    window.set_init_image(window._gallery.path_at(1))
    shoot("img2img")
    dialog = SettingsDialog(window.controller.settings, window)
    dialog.show()
    shoot("settings")
    dialog.close()
    window.apply_settings(window.controller.settings.updated(language="es"))
    shoot("spanish")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
