"""Calm feedback under the canvas: a progress strip with ETA, and a dismissable message."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from studio.core.base.progress import StepProgress


def format_eta(seconds: float) -> str:
    """ "12 s" or "3 min 05 s"."""
    whole = max(0, round(seconds))
    return f"{whole} s" if whole < 60 else f"{whole // 60} min {whole % 60:02d} s"


class ProgressStrip(QWidget):
    """A progress bar over the whole batch and a line saying step, speed and time left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self.label = QLabel()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.label)
        self.reset()

    def reset(self) -> None:
        """Empty and hidden: an idle bar would only take room from the canvas."""
        self.bar.setValue(0)
        self.label.setText("")
        self.hide()

    def show_step(self, progress: StepProgress) -> None:
        self.show()
        self.bar.setValue(round(progress.fraction * 1000))
        parts = []
        if progress.image_count > 1:
            parts.append(
                self.tr("image %1/%2")
                .replace("%1", str(progress.image_index + 1))
                .replace("%2", str(progress.image_count))
            )
        parts.append(
            self.tr("step %1/%2")
            .replace("%1", str(progress.step))
            .replace("%2", str(progress.total_steps))
        )
        parts.append(f"{progress.steps_per_second:.2f} it/s")
        parts.append(self.tr("%1 left").replace("%1", format_eta(progress.eta)))
        self.label.setText(" · ".join(parts))


class MessageBanner(QWidget):
    """One message the user should read (a problem, a warning), with optional choices as
    buttons (each also closes it); closes with ✕."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        # Messages quote file names and values read from images: never let them be markup.
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self._close = QToolButton()
        self._close.setText("✕")
        self._close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.label, 1)
        self._buttons: list[QPushButton] = []
        self._row = row
        row.addWidget(self._close)
        self.setAutoFillBackground(True)
        self.setStyleSheet("MessageBanner { background: #f6e3b4; } QLabel { color: #3a2a00; }")
        self._retranslate()
        self.hide()

    def _retranslate(self) -> None:
        self._close.setToolTip(self.tr("Close this message"))
        self._close.setAccessibleName(self.tr("Close this message"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def show_message(
        self, text: str, choices: Sequence[tuple[str, Callable[[], object]]] = ()
    ) -> None:
        """Show `text`, replacing the message before it and its buttons."""
        for button in self._buttons:
            button.deleteLater()
        self._buttons = []
        for label, action in choices:
            button = QPushButton(label, self)
            button.clicked.connect(self.hide)  # the message is answered
            button.clicked.connect(action)
            self._row.insertWidget(self._row.count() - 1, button)
            self._buttons.append(button)
        self.label.setText(text)
        self.show()

    def choices(self) -> list[QPushButton]:
        """The buttons of the message shown now."""
        return [] if self.isHidden() else list(self._buttons)

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()
