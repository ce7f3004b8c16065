"""Export…: choose folder / zip / HTML contact sheet, format and privacy; runs in the background."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from studio.core.gallery.export import ExportOptions, ExportReport
from studio.runtime.gallery_tasks import ExportTask, TaskSignals

if TYPE_CHECKING:
    from collections.abc import Sequence

    from studio.core.gallery.query import GalleryItem
    from studio.core.gallery.thumbnails import ThumbnailCache

KINDS = ("folder", "zip", "html")
FORMATS = ("png", "jpeg", "webp")


class ExportDialog(QDialog):
    """What to export to where; `options()` and `target()` once accepted."""

    def __init__(self, count: int, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._count, self._folder = count, folder
        self._stem = "lienzo-" + datetime.now().strftime("%Y%m%d-%H%M")
        self.kind_combo, self.format_combo = QComboBox(), QComboBox()
        self.strip_check = QCheckBox()
        self.target_edit = QLineEdit()
        self.browse_button = QPushButton()
        self._labels = [QLabel() for _ in range(4)]
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._build()
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self._retranslate()
        self._on_kind_combo_changed()

    def _build(self) -> None:
        where = QHBoxLayout()
        where.addWidget(self.target_edit, 1)
        where.addWidget(self.browse_button)
        form = QFormLayout(self)
        form.addRow(self._labels[0])
        form.addRow(self._labels[1], self.kind_combo)
        form.addRow(self._labels[2], self.format_combo)
        form.addRow("", self.strip_check)
        form.addRow(self._labels[3], where)
        form.addRow(self._buttons)
        self._labels[1].setBuddy(self.kind_combo)
        self._labels[2].setBuddy(self.format_combo)
        self._labels[3].setBuddy(self.target_edit)
        self.format_combo.addItems(["PNG", "JPEG", "WebP"])
        self.kind_combo.addItems(["", "", ""])

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export images"))
        self._labels[0].setText(self.tr("%n image(s) will be exported.", "", self._count))
        self._labels[1].setText(self.tr("&As"))
        self._labels[2].setText(self.tr("&Format"))
        self._labels[3].setText(self.tr("&Where"))
        for row, text in enumerate(
            (self.tr("A folder"), self.tr("A .zip file"), self.tr("An HTML contact sheet"))
        ):
            self.kind_combo.setItemText(row, text)
        self.strip_check.setText(self.tr("Remove prompts and settings (privacy)"))
        self.browse_button.setText(self.tr("Choose…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def options(self) -> ExportOptions:
        return ExportOptions(
            kind=KINDS[self.kind_combo.currentIndex()],
            image_format=FORMATS[self.format_combo.currentIndex()],
            strip_metadata=self.strip_check.isChecked(),
        )

    def target(self) -> Path:
        return Path(self.target_edit.text().strip()).expanduser()

    def _on_kind_combo_changed(self) -> None:
        suffix = ".zip" if self.kind_combo.currentIndex() == 1 else ""
        current = self.target_edit.text().strip()
        base = Path(current).with_suffix("") if current else self._folder / self._stem
        self.target_edit.setText(str(base) + suffix)

    def _on_browse_button_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.target_edit.text())
        if name:
            self.target_edit.setText(name)
            self._on_kind_combo_changed()


class ExportRunner(QObject):
    """Runs one export in a pool thread behind a cancellable progress dialog."""

    export_ended = Signal(object, str)  # ExportReport or None, message ("" when cancelled/ok)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._signals = TaskSignals(self)
        self._cancel = threading.Event()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._progress: QProgressDialog | None = None
        self._signals.export_progressed.connect(self._on_task_export_progressed)
        self._signals.export_finished.connect(self._on_task_export_finished)

    def start(
        self,
        items: Sequence[GalleryItem],
        target: Path,
        options: ExportOptions,
        thumbnails: ThumbnailCache,
    ) -> None:
        """Begin exporting; `export_ended` says how it went."""
        self._cancel.clear()
        parent = self.parent()
        assert isinstance(parent, QWidget)
        dialog = QProgressDialog(self.tr("Exporting…"), self.tr("Cancel"), 0, len(items), parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(self._cancel.set)
        self._progress = dialog
        self._pool.start(
            ExportTask(items, target, options, thumbnails, self._cancel, self._signals)
        )

    def wait(self) -> None:
        """Cancel a running export and wait for its thread (on close)."""
        self._cancel.set()
        self._pool.waitForDone()

    def _on_task_export_progressed(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.setMaximum(total)
            self._progress.setValue(done)

    def _on_task_export_finished(self, report: ExportReport | None, message: str) -> None:
        if self._progress is not None:
            self._progress.canceled.disconnect(self._cancel.set)
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self.export_ended.emit(report, message)
