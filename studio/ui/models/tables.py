"""The Models dialog's two tables: the catalog (what can be downloaded) and what is installed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from studio.core.base.progress import format_size
from studio.core.models.catalog import CATALOG, fits_hardware, recommended, uses_half_precision

if TYPE_CHECKING:
    from studio.core.base.devices import DevicePlan
    from studio.core.models.catalog import CatalogEntry
    from studio.core.models.hf_cache import InstalledModel

_WARN = QColor("#b3261e")


def format_seconds(seconds: float) -> str:
    """A rough duration: "0.8 s", "12 s", "3.5 min"."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min"


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    return item


def _setup(table: QTableWidget, stretch: int) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class CatalogTable(QTableWidget):
    """Model, download size, memory, time per image here, fits this computer, licence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(CATALOG), 6, parent)
        _setup(self, 5)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                self.tr("Model"),
                self.tr("Download"),
                self.tr("Memory"),
                self.tr("Time per image"),
                self.tr("Fits this computer"),
                self.tr("Licence"),
            ]
        )

    def entry(self) -> CatalogEntry | None:
        row = self.currentRow()
        return CATALOG[row] if 0 <= row < len(CATALOG) else None

    def select_repo(self, repo_id: str) -> bool:
        """Select the catalog row of `repo_id`; False when it is not in the catalog."""
        for row, entry in enumerate(CATALOG):
            if entry.repo_id.lower() == repo_id.lower():
                self.selectRow(row)
                return True
        return False

    def fill(self, plan: DevicePlan | None, seconds: dict[str, float], installed: set[str]) -> None:
        """Show every catalog entry for `plan` (None: the hardware is not known yet)."""
        best = recommended(plan).repo_id if plan is not None else ""
        for row, entry in enumerate(CATALOG):
            name = entry.label + (" ★" if entry.repo_id == best else "")
            if entry.repo_id.lower() in installed:
                name += "  " + self.tr("(installed)")
            tip = f"{entry.repo_id}\n{entry.note}"
            self.setItem(row, 0, _item(name, tip))
            self._fill_needs(row, entry, plan)
            self.setItem(row, 3, _item(self._time_text(entry, seconds)))
            self.setItem(row, 5, _item(entry.licence, entry.licence))
        if self.currentRow() < 0:
            self.selectRow(next((i for i, e in enumerate(CATALOG) if e.repo_id == best), 0))

    def _fill_needs(self, row: int, entry: CatalogEntry, plan: DevicePlan | None) -> None:
        half = uses_half_precision(plan) if plan is not None else False
        self.setItem(row, 1, _item(format_size(entry.download_size(half))))
        on_gpu = plan is not None and plan.device != "cpu"
        memory = f"{entry.vram_gb:g} GB GPU" if on_gpu else f"{entry.ram_gb:g} GB RAM"
        self.setItem(row, 2, _item(memory))
        if plan is None:
            self.setItem(row, 4, _item("…", self.tr("Detecting the hardware…")))
            return
        fit = fits_hardware(entry, plan)
        item = _item(("✓ " if fit.ok else "⚠ ") + fit.reason, fit.reason)
        if not fit.ok:
            item.setForeground(_WARN)
        self.setItem(row, 4, item)

    def _time_text(self, entry: CatalogEntry, seconds: dict[str, float]) -> str:
        if entry.kind != "pipeline":
            return self.tr("add-on")
        if entry.family not in seconds:
            return self.tr("not measured")
        return "≈ " + format_seconds(seconds[entry.family])


class InstalledTable(QTableWidget):
    """The models in the Hugging Face cache with their disk use and whether they are complete."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        _setup(self, 0)
        self.models: list[InstalledModel] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Disk use"), self.tr("State")])

    def selected_model(self) -> InstalledModel | None:
        row = self.currentRow()
        return self.models[row] if 0 <= row < len(self.models) else None

    def fill(self, models: list[InstalledModel]) -> None:
        self.models = models
        self.setRowCount(len(models))
        for row, model in enumerate(models):
            self.setItem(row, 0, _item(model.repo_id, str(model.path)))
            self.setItem(row, 1, _item(format_size(model.size_on_disk)))
            state = self.tr("complete") if model.complete else self.tr("incomplete: download again")
            self.setItem(row, 2, _item(state))
