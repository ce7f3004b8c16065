"""The gallery's search bar: words as you type, favourites only, and a compact Filters popup."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from studio.core.gallery.query import GalleryQuery
from studio.ui.edit.flow import side_by_side

SEARCH_DELAY_MS = 250  # long enough not to query on every keystroke, short enough to feel live


class FiltersForm(QWidget):
    """Date range, size and model; a change is reported at once."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.since_check, self.since_edit = QCheckBox(), _date_edit()
        self.until_check, self.until_edit = QCheckBox(), _date_edit()
        self.width_spin, self.height_spin = _size_spin(), _size_spin()
        self.model_edit = QLineEdit()
        self.model_edit.setClearButtonEnabled(True)
        self._size_label, self._model_label = QLabel(), QLabel()
        form = QFormLayout(self)
        form.addRow(self.since_check, self.since_edit)
        form.addRow(self.until_check, self.until_edit)
        form.addRow(self._size_label, side_by_side(self.width_spin, self.height_spin))
        form.addRow(self._model_label, self.model_edit)
        for check, edit in (
            (self.since_check, self.since_edit),
            (self.until_check, self.until_edit),
        ):
            check.toggled.connect(self.changed)
            # Picking a date means the user wants that bound: tick it.
            edit.dateChanged.connect(lambda _date, c=check: c.setChecked(True))
            edit.dateChanged.connect(self.changed)
        for spin in (self.width_spin, self.height_spin):
            spin.valueChanged.connect(self.changed)
        self.model_edit.textChanged.connect(self.changed)
        self._retranslate()

    def _retranslate(self) -> None:
        self.since_check.setText(self.tr("From"))
        self.until_check.setText(self.tr("Until"))
        self._size_label.setText(self.tr("Size"))
        self._model_label.setText(self.tr("Model"))
        self.width_spin.setSpecialValueText(self.tr("any width"))
        self.height_spin.setSpecialValueText(self.tr("any height"))
        self.width_spin.setAccessibleName(self.tr("Width"))
        self.height_spin.setAccessibleName(self.tr("Height"))
        self.model_edit.setPlaceholderText(self.tr("part of the model name"))
        self.model_edit.setAccessibleName(self.tr("Model"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def apply_to(self, query: GalleryQuery) -> GalleryQuery:
        """`query` with these filters set."""
        since = self.since_edit.date().toPython() if self.since_check.isChecked() else None
        until = self.until_edit.date().toPython() if self.until_check.isChecked() else None
        return replace(
            query,
            since=since,
            until=until,
            width=self.width_spin.value() or None,
            height=self.height_spin.value() or None,
            model=self.model_edit.text().strip(),
        )

    def active_count(self) -> int:
        """How many filters narrow the results (shown on the Filters button)."""
        checks = (self.since_check.isChecked(), self.until_check.isChecked())
        sizes = (self.width_spin.value() > 0, self.height_spin.value() > 0)
        return sum(checks) + sum(sizes) + bool(self.model_edit.text().strip())


class GallerySearchBar(QWidget):
    """Builds the GalleryQuery the gallery shows; results follow the typing after a pause."""

    query_changed = Signal(object)  # GalleryQuery

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.favourites_button = QToolButton()
        self.favourites_button.setText("★")
        self.favourites_button.setCheckable(True)
        self.filters = FiltersForm()
        self.filters_button = QToolButton()
        self.filters_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.filters_button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.filters)
        menu.addAction(holder)
        self.filters_button.setMenu(menu)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.favourites_button)
        row.addWidget(self.filters_button)
        self.search_edit.textChanged.connect(self._debounce.start)
        self._debounce.timeout.connect(self._emit_query)
        self.favourites_button.toggled.connect(self._emit_query)
        self.filters.changed.connect(self._emit_query)
        self._retranslate()

    def _retranslate(self) -> None:
        self.search_edit.setPlaceholderText(self.tr("Search prompts and tags"))
        self.search_edit.setAccessibleName(self.tr("Search the gallery"))
        self.favourites_button.setToolTip(self.tr("Show favourites only"))
        self.favourites_button.setAccessibleName(self.tr("Favourites only"))
        self.filters_button.setToolTip(self.tr("Filter by date, size and model"))
        self._update_filters_text()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def query(self) -> GalleryQuery:
        """What the search bar asks for now."""
        words = self.search_edit.text().strip()
        base = GalleryQuery(words=words, favourites_only=self.favourites_button.isChecked())
        return self.filters.apply_to(base)

    def _emit_query(self) -> None:
        self._debounce.stop()
        self._update_filters_text()
        self.query_changed.emit(self.query())

    def _update_filters_text(self) -> None:
        count = self.filters.active_count()
        text = self.tr("Filters")
        self.filters_button.setText(f"{text} ({count})" if count else text)
        self.filters_button.setAccessibleName(text)


def _date_edit() -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    return edit


def _size_spin() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, 8192)
    spin.setSingleStep(64)
    return spin
