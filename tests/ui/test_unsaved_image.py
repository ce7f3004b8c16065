"""A full disk during a save: no partial file, the picture stays in memory, the user is told."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.base.paths import AppPaths
from studio.core.imagemeta.lienzo_format import read_lienzo_request
from studio.ui.main_window import MainWindow


def test_full_disk_keeps_the_picture_and_save_as_writes_it_elsewhere(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    ui_home: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window()
    panel = window.prompt_panel
    panel.prompt_edit.setPlainText("un faro")
    panel.set_advanced(True)
    panel.steps_spin.setValue(2)
    panel.seed_edit.setText("77")
    panel.size_combo.addItem("64 × 64", [64, 64])
    panel.size_combo.setCurrentIndex(panel.size_combo.count() - 1)
    real_replace, real_link = os.replace, os.link

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    monkeypatch.setattr(os, "link", disk_full)  # a saved picture claims its name by a link
    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        window.generate()
    assert ended.args == ["failed"]
    qtbot.waitUntil(lambda: "Save image as" in window.banner.text(), timeout=5_000)
    assert "The disk is full" in window.banner.text()
    assert pngs(ui_home.gallery) == []  # nothing half-written
    assert window.unsaved.kept is not None and window.actions.save_as.isEnabled()
    assert window.canvas.image is not None and not window.canvas.is_preview

    monkeypatch.setattr(os, "replace", real_replace)
    monkeypatch.setattr(os, "link", real_link)
    saved = window.unsaved.save_to(tmp_path / "otro disco")
    assert saved is not None and saved.parent == tmp_path / "otro disco"
    with Image.open(saved) as image:
        request = read_lienzo_request(dict(image.text))
    assert request is not None and (request.prompt, request.seed) == ("un faro", 77)
    assert window.unsaved.kept is None and not window.actions.save_as.isEnabled()
