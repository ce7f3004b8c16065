"""Drops onto the main window, delivered by hand: the offscreen platform has no drag manager."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWidget


def files_mime(*files: Path) -> QMimeData:
    """A drag's data holding these local files."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    return mime


def drop_mime(window: QWidget, mime: QMimeData) -> None:
    """Deliver `mime` to the window as a copy-drop in the middle of the canvas area."""
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def drop_files(window: QWidget, *files: Path) -> None:
    """Drop these local files onto the window."""
    drop_mime(window, files_mime(*files))
