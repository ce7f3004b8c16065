"""The gallery's context menu, opened and chosen from as a user does (menu key, then Enter)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from studio.runtime.gallery import FavouriteRole
from studio.ui.main_window import MainWindow


class _OpenedUrls(QObject):
    """Stands in for the system's image viewer: records what the app asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def _choose(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Open the first picture's menu with the menu key and choose `text` with the keyboard."""
    view = window.gallery_panel.list_view
    centre = view.visualRect(view.model().index(0, 0)).center()
    assert view.indexAt(centre).isValid()  # the tile can be pointed at as soon as it appears
    chosen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        try:
            action = next(a for a in menu.actions() if a.text() == text)
            menu.setActiveAction(action)
            qtbot.keyClick(menu, Qt.Key.Key_Return)
            chosen.append(text)
        finally:
            menu.close()

    QTimer.singleShot(0, pick)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, centre, view.viewport().mapToGlobal(centre)
    )
    QApplication.sendEvent(view.viewport(), event)  # what the menu key delivers
    assert chosen == [text]


def _make_picture(qtbot: QtBot, window: MainWindow) -> Path:
    panel = window.prompt_panel
    panel.prompt_edit.setPlainText("un molino")
    panel.set_advanced(True)
    panel.seed_edit.setText("4321")
    panel.steps_spin.setValue(2)
    panel.size_combo.addItem("64 × 64", [64, 64])
    panel.size_combo.setCurrentIndex(panel.size_combo.count() - 1)
    with qtbot.waitSignal(window.controller.image_saved, timeout=60_000) as saved:
        window.generate()
    qtbot.waitUntil(lambda: window.gallery_panel.list_view.model().rowCount() == 1)
    panel.prompt_edit.setPlainText("")
    panel.seed_edit.setText("")
    return Path(saved.args[0])


@pytest.fixture
def opened_urls() -> object:
    handler = _OpenedUrls()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


def test_the_menu_opens_copies_reuses_transforms_and_stars_a_picture(
    qtbot: QtBot, open_window: Callable[..., MainWindow], opened_urls: _OpenedUrls
) -> None:
    window = open_window()
    picture = _make_picture(qtbot, window)
    panel = window.prompt_panel

    _choose(qtbot, window, "Open")
    assert [url.toLocalFile() for url in opened_urls.urls] == [str(picture)]

    _choose(qtbot, window, "Copy settings")
    assert "un molino" in QGuiApplication.clipboard().text()

    _choose(qtbot, window, "Reuse settings")
    assert panel.prompt_edit.toPlainText() == "un molino"
    assert panel.seed_edit.text() == "4321"

    _choose(qtbot, window, "Use as image to transform")
    assert panel.build_request().init_image == str(picture)
    assert not panel.init_box.isHidden()

    model = window.gallery_panel.list_view.model()
    _choose(qtbot, window, "Favourite")
    assert model.index(0).data(FavouriteRole) is True
    _choose(qtbot, window, "Favourite")
    assert model.index(0).data(FavouriteRole) is False


def test_the_menu_moves_a_picture_to_the_trash(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from send2trash import plat_other  # the freedesktop trash; keep the real one untouched

    data_home = tmp_path / "xdg-data"
    monkeypatch.setattr(plat_other, "XDG_DATA_HOME", bytes(data_home))
    monkeypatch.setattr(plat_other, "HOMETRASH_B", bytes(data_home / "Trash"))
    window = open_window()
    picture = _make_picture(qtbot, window)

    _choose(qtbot, window, "Move to trash")

    assert not picture.exists()
    assert (data_home / "Trash" / "files" / picture.name).exists()
    assert window.gallery_panel.list_view.model().rowCount() == 0
    assert window.gallery_panel._title.text() == "Gallery (0)"
