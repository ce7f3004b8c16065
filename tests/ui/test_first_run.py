"""First run with no model on disk: no silent multi-GB download, the Models dialog instead."""

from __future__ import annotations

import json
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from studio.core.base.paths import AppPaths
from studio.ui.main_window import MainWindow


def test_missing_default_model_opens_the_catalog_with_it_selected(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    settings = {"default_model": "stabilityai/sd-turbo", "language": "en"}
    ui_home.settings_file.write_text(json.dumps(settings), encoding="utf-8")
    window = open_window(start=False)
    with qtbot.waitSignal(window.controller.model_missing, timeout=60_000) as missing:
        window.controller.start()
    assert missing.args == ["stabilityai/sd-turbo"]
    dialog = window.models_ui.dialog
    assert dialog is not None and dialog.isVisible()
    entry = dialog.catalog.entry()
    assert entry is not None and entry.repo_id == "stabilityai/sd-turbo"
    qtbot.waitUntil(lambda: "not downloaded yet" in window.banner.text(), timeout=5_000)
    assert "demo model" in window.banner.text()
