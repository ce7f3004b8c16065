"""Start the desktop app: the window first, torch and the model in the background."""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from studio import APP_NAME
from studio.core.base.paths import AppPaths, app_paths
from studio.core.base.settings import SettingsRead, read_settings, save_settings
from studio.core.gallery.store import INDEX_FILE_NAME, gallery_root
from studio.runtime.controller import GenerationController
from studio.runtime.gallery import GalleryModel
from studio.runtime.jobs import QUEUE_FILE_NAME, JobQueueModel
from studio.ui.i18n import Translations
from studio.ui.main_window import MainWindow
from studio.ui.theme import apply_theme

if TYPE_CHECKING:
    from studio.core.generation.engine import Engine

log = logging.getLogger(__name__)
ENGINE_START_DELAY_MS = 300  # let the window paint before the worker starts importing torch


def build_main_window(
    app: QApplication, paths: AppPaths, engine: Engine | None = None, language: str | None = None
) -> MainWindow:
    """The main window with its controller, queue and gallery; nothing heavy is imported.

    `engine` lets tests share one loaded engine; the app lets the worker make its own.
    `language` ("es", "en": `studio --lang`) wins over the setting for this session only.
    """
    loaded = read_settings(paths.settings_file)
    settings = loaded.settings
    translations = Translations(app)
    translations.apply(language or settings.language)
    apply_theme(app, settings.theme)
    queue = JobQueueModel(paths.data / QUEUE_FILE_NAME)
    controller = GenerationController(paths, settings, queue, engine)
    gallery = GalleryModel(
        gallery_root(paths, settings),
        paths.data / INDEX_FILE_NAME,
        paths.cache,
        favourites_file=paths.data / "favourites.json",
    )
    gallery.refresh()  # the index as it was: the first page shows at once
    gallery.start_sync()  # files added or deleted by hand appear when the pool has looked
    window = MainWindow(paths, controller, gallery, translations, settings.default_model)
    controller.setParent(window)
    gallery.setParent(window)
    _report_damaged_state(window, paths, loaded, queue)
    return window


def _report_damaged_state(
    window: MainWindow, paths: AppPaths, loaded: SettingsRead, queue: JobQueueModel
) -> None:
    """Say in the banner what a damaged settings or queue file lost; repair the settings."""
    notices = [str(problem) for problem in (loaded.problem, queue.load_problem) if problem]
    if notices:
        window.banner.show_message("\n".join(notices))
    if loaded.backup is not None:
        try:  # the damaged file is kept elsewhere: save the good values over it
            save_settings(paths.settings_file, loaded.settings)
        except OSError as exc:
            log.warning("Could not repair %s: %s", paths.settings_file, exc)


def run_app(home: str | None = None, language: str | None = None) -> int:
    """Open the window and run until it closes; returns the exit code."""
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Lienzo")
    app.setDesktopFileName("lienzo-studio")
    window = build_main_window(app, app_paths(home), language=language)
    window.show()
    log.info("Window shown %.0f ms after run_app", (time.perf_counter() - started) * 1000)
    QTimer.singleShot(ENGINE_START_DELAY_MS, window.controller.start)
    return app.exec()
