"""LoRAs in the prompt panel: one row per add-on, each with a weight slider and a remove button."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

WEIGHT_MIN, WEIGHT_MAX, WEIGHT_STEP = -1.0, 2.0, 0.05


def _to_ticks(weight: float) -> int:
    return round(weight / WEIGHT_STEP)


class LoraRow(QWidget):
    """One LoRA: its name, a -1…2 weight slider in steps of 0.05, and ✕."""

    changed = Signal()
    remove_requested = Signal(object)  # this row

    def __init__(self, ref: str, weight: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ref = ref
        self.name_label = QLabel(Path(ref).stem if ref.endswith(".safetensors") else ref)
        self.name_label.setMinimumWidth(60)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(_to_ticks(WEIGHT_MIN), _to_ticks(WEIGHT_MAX))
        self.slider.setValue(_to_ticks(max(WEIGHT_MIN, min(WEIGHT_MAX, weight))))
        self.value_label = QLabel()
        self.value_label.setMinimumWidth(36)
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name_label, 1)
        row.addWidget(self.slider, 2)
        row.addWidget(self.value_label)
        row.addWidget(self.remove_button)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self._retranslate()

    @property
    def weight(self) -> float:
        return round(self.slider.value() * WEIGHT_STEP, 2)

    def _on_slider_value_changed(self, _value: int) -> None:
        self._retranslate()
        self.changed.emit()

    def _retranslate(self) -> None:
        self.value_label.setText(f"{self.weight:.2f}")
        self.setToolTip(describe_lora(self.name_label.text(), self.weight) + f"\n{self.ref}")
        self.slider.setAccessibleName(
            self.tr("Strength of %1").replace("%1", self.name_label.text())
        )
        self.remove_button.setToolTip(self.tr("Stop using this LoRA"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def describe_lora(name: str, weight: float) -> str:
    """A LoRA and its weight in plain words."""
    if weight == 0:
        text = QCoreApplication.translate("LoraPanel", "“%1” is switched off (strength 0).")
    elif weight < 0:
        text = QCoreApplication.translate(
            "LoraPanel", "“%1” pushes the picture away from its style (strength %2)."
        )
    elif weight > 1:
        text = QCoreApplication.translate(
            "LoraPanel", "“%1” is applied more strongly than trained (strength %2)."
        )
    else:
        text = QCoreApplication.translate(
            "LoraPanel", "“%1” changes the style of the picture (strength %2)."
        )
    return text.replace("%1", name).replace("%2", f"{weight:.2f}")


class LoraPanel(QWidget):
    """The list of LoRAs for the next picture; `loras()` goes into GenerationRequest.loras."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folders: Callable[[], list[Path]] = list
        self._server_loras: tuple[str, ...] | None = None  # the chosen server's LoRAs
        self._rows: list[LoraRow] = []
        self.add_button = QPushButton()
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._rows_box)
        column.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self._retranslate()

    def set_folder_source(self, folders: Callable[[], list[Path]]) -> None:
        """Where "Add LoRA…" looks: called each time, so new folders show at once."""
        self._folders = folders

    def set_server_loras(self, names: tuple[str, ...] | None) -> None:
        """Jobs run on a server: "Add LoRA…" offers its LoRAs (None: this computer's files)."""
        self._server_loras = names

    def loras(self) -> tuple[tuple[str, float], ...]:
        return tuple((row.ref, row.weight) for row in self._rows)

    def set_loras(self, loras: tuple[tuple[str, float], ...] | list[tuple[str, float]]) -> None:
        for row in list(self._rows):
            self._remove(row, notify=False)
        for ref, weight in loras:
            self.add_lora(ref, weight, notify=False)
        self._update_summary()

    def add_lora(self, ref: str, weight: float = 1.0, notify: bool = True) -> None:
        """Add a row (or set the weight of the row already there for this file)."""
        for row in self._rows:
            if row.ref == ref:
                row.slider.setValue(_to_ticks(weight))
                return
        row = LoraRow(ref, weight)
        row.changed.connect(self._update_summary)
        row.remove_requested.connect(self._remove)
        self._rows.append(row)
        self._rows_box.addWidget(row)
        if notify:
            self._update_summary()

    def _remove(self, row: LoraRow, notify: bool = True) -> None:
        self._rows.remove(row)
        self._rows_box.removeWidget(row)
        row.deleteLater()
        if notify:
            self._update_summary()

    def _update_summary(self) -> None:
        lines = [describe_lora(row.name_label.text(), row.weight) for row in self._rows]
        self.setToolTip("\n".join(lines) or self.tr("No LoRA: the model draws in its own style."))
        self.changed.emit()

    def _on_add_button_clicked(self) -> None:
        if self._server_loras is not None:
            self._offer_server_loras(self._server_loras)
            return
        folders = [f for f in self._folders() if f.is_dir()]
        dialog = QFileDialog(self, self.tr("Add LoRA"), str(folders[0]) if folders else "")
        dialog.setNameFilter(self.tr("LoRA files (*.safetensors)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setSidebarUrls([QUrl.fromLocalFile(str(f)) for f in folders])
        if dialog.exec():
            for name in dialog.selectedFiles():
                self.add_lora(name)

    def _offer_server_loras(self, names: tuple[str, ...]) -> None:
        menu = QMenu(self)
        for name in names:
            menu.addAction(name, lambda n=name: self.add_lora(n))
        if not names:
            menu.addAction(self.tr("The server has no LoRAs")).setEnabled(False)
        menu.popup(self.add_button.mapToGlobal(self.add_button.rect().bottomLeft()))
        self.server_menu = menu  # kept for tests and until it closes

    def _retranslate(self) -> None:
        self.add_button.setText(self.tr("Add LoRA…"))
        self.add_button.setToolTip(
            self.tr("A LoRA is a small add-on file that teaches the model a style or a subject.")
        )
        self._update_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
