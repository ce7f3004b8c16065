"""Screenshots of a new user's first minutes: an empty home, offline, no model downloaded.

Run: packaging/dev/screenshots.sh (under Xvfb, after screenshots.py); writes first-start.png,
no-model.png, spanish-window.png and help-about.png to docs/screenshots/.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"  # as on a machine that cannot download yet
os.environ.setdefault("HF_HOME", tempfile.mkdtemp())  # an empty Hugging Face cache

from PySide6.QtWidgets import QApplication

from studio.core.base.paths import app_paths
from studio.ui.app import build_main_window
from studio.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import shoot, wait


def open_window(app: QApplication, home: Path, language: str | None = None) -> MainWindow:
    window = build_main_window(app, app_paths(home), language=language)
    window.resize(1280, 800)
    window.move(0, 0)
    window.show()
    return window


def main() -> int:
    home = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp())
    app = QApplication(sys.argv)
    window = open_window(app, home)
    window.controller.start()
    shoot("first-start")  # the window at once, while the worker looks for the model
    wait(window.controller.model_missing)
    window.banner.hide()
    window.prompt_panel.prompt_edit.setPlainText("a cat")
    window.generate()
    wait(window.controller.model_missing)  # Generate with no model: the one message
    shoot("no-model")
    about = window.help_menu.show_about()
    about.move(320, 160)
    shoot("help-about")
    about.close()
    window.close()
    spanish = open_window(app, home, "es")  # studio --lang es
    spanish.controller.start()
    spanish.prompt_panel.prompt_edit.setPlainText("un gato")
    wait(spanish.controller.model_missing)
    shoot("spanish-window")
    spanish.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
