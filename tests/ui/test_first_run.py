"""First run with no model on disk: no silent multi-GB download; download or demo is offered."""

from __future__ import annotations

import json
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from studio.core.base.paths import AppPaths
from studio.ui.main_window import MainWindow


def test_missing_default_model_is_offered_and_download_opens_the_catalog_on_it(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    settings = {"default_model": "stabilityai/sd-turbo", "language": "en"}
    ui_home.settings_file.write_text(json.dumps(settings), encoding="utf-8")
    window = open_window(start=False)
    with qtbot.waitSignal(window.controller.model_missing, timeout=60_000) as missing:
        window.controller.start()
    assert missing.args == ["stabilityai/sd-turbo"]
    qtbot.waitUntil(lambda: len(window.banner.choices()) == 2, timeout=5_000)
    assert "not on this computer yet" in window.banner.text()
    assert "demo model" in window.banner.text()
    assert window.models_ui.dialog is None  # one message; the dialog waits to be asked for
    download = window.banner.choices()[0]
    assert download.text().startswith("Download it (")
    download.click()
    dialog = window.models_ui.dialog
    assert dialog is not None and dialog.isVisible()
    entry = dialog.catalog.entry()
    assert entry is not None and entry.repo_id == "stabilityai/sd-turbo"
    # Offline, the download it started fails with a message in the dialog, nothing installed.
    qtbot.waitUntil(lambda: dialog.download_button.isEnabled(), timeout=30_000)
    assert window.banner.text() == ""
