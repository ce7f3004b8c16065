"""Closing the real main windows a test opened, as a user quitting would, and checking that no
worker thread was left running."""

from __future__ import annotations

from collections.abc import Iterable

from studio.ui.main_window import MainWindow


def close_windows(windows: Iterable[MainWindow]) -> None:
    """Cancel, close, check the worker thread stopped, and leave the language in English."""
    for window in windows:
        window.controller.cancel()
        window.close()
        assert not window.controller._thread.isRunning(), "the worker thread was left running"
        window._translations.apply("en")
