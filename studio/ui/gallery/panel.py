"""The gallery: search, filters, thumbnails newest first, a context menu and Export…."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QProcess, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.core.base.errors import StudioError
from studio.core.gallery.export import ExportReport
from studio.runtime.gallery import (
    TILE_ICON_SIDE,
    TILE_SIZE,
    GalleryModel,
    ItemRole,
    ParametersRole,
    PathRole,
)
from studio.ui.gallery.export_dialog import ExportDialog, ExportRunner
from studio.ui.gallery.filters import GallerySearchBar


class GalleryPanel(QWidget):
    """Shows a GalleryModel; asks the window to show, reuse or transform an image."""

    image_activated = Signal(Path)
    settings_reuse_requested = Signal(Path)
    init_image_requested = Signal(Path)
    message_reported = Signal(str)

    def __init__(self, model: GalleryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._title = QLabel()
        self.export_button = QPushButton()
        self.search_bar = GallerySearchBar()
        self.list_view = QListView()
        self.exporter = ExportRunner(self)
        self._build_list_view()
        # The count may be cut short in a narrow column; the gallery itself must not be.
        self._title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header = QHBoxLayout()
        header.addWidget(self._title, 1)
        header.addWidget(self.export_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(header)
        column.addWidget(self.search_bar)
        column.addWidget(self.list_view)
        self._connect()
        self._retranslate()

    def _build_list_view(self) -> None:
        view = self.list_view
        view.setModel(self._model)
        view.setViewMode(QListView.ViewMode.IconMode)
        view.setIconSize(QSize(TILE_ICON_SIDE, TILE_ICON_SIDE))
        view.setGridSize(TILE_SIZE + QSize(8, 4))
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setMovement(QListView.Movement.Static)
        view.setUniformItemSizes(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def _connect(self) -> None:
        self.list_view.clicked.connect(self._on_list_view_clicked)
        self.list_view.activated.connect(self._on_list_view_clicked)
        self.list_view.customContextMenuRequested.connect(self._on_list_view_context_menu)
        self.search_bar.query_changed.connect(self._model.set_query)
        self.export_button.clicked.connect(self.export_selection)
        self.exporter.export_ended.connect(self._on_exporter_export_ended)
        for signal in (self._model.rowsInserted, self._model.rowsRemoved, self._model.modelReset):
            signal.connect(self._update_title)

    def _retranslate(self) -> None:
        self.list_view.setAccessibleName(self.tr("Gallery"))
        self.list_view.setAccessibleDescription(
            self.tr("Your pictures, newest first. Enter shows one; the menu key shows its actions.")
        )
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(
            self.tr(
                "Export the selected images, or all that are shown, to a folder, zip or web page"
            )
        )
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _update_title(self, *_args: object) -> None:
        self._title.setText(self.tr("Gallery (%1)").replace("%1", str(self._model.total)))

    def selected_paths(self) -> list[Path]:
        """The selected pictures, in the order shown."""
        rows = sorted(index.row() for index in self.list_view.selectionModel().selectedIndexes())
        return [self._model.path_at(row) for row in rows]

    def _on_list_view_clicked(self, index: QModelIndex) -> None:
        if len(self.list_view.selectionModel().selectedIndexes()) <= 1:
            self.image_activated.emit(Path(index.data(PathRole)))

    def _on_list_view_context_menu(self, position: QPoint) -> None:
        index = self.list_view.indexAt(position)
        if index.isValid():
            menu = self.context_menu(index)
            menu.exec(self.list_view.viewport().mapToGlobal(position))

    def context_menu(self, index: QModelIndex) -> QMenu:
        """The actions for the picture under the pointer, or for the whole selection."""
        selection = self.list_view.selectionModel()
        if not selection.isSelected(index):
            selection.select(index, selection.SelectionFlag.ClearAndSelect)
        paths = self.selected_paths()
        if len(paths) > 1:
            return self._selection_menu(paths)
        return self._single_menu(index)

    def _single_menu(self, index: QModelIndex) -> QMenu:
        path = Path(index.data(PathRole))
        has_settings = bool(index.data(ParametersRole))
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self._open(path))
        menu.addAction(self.tr("Copy image"), lambda: self._copy_image(path))
        copy = menu.addAction(self.tr("Copy settings"), lambda: self._copy_settings(index))
        copy.setEnabled(has_settings)
        reuse = menu.addAction(
            self.tr("Reuse settings"), lambda: self.settings_reuse_requested.emit(path)
        )
        reuse.setEnabled(has_settings)
        menu.addAction(
            self.tr("Use as image to transform"), lambda: self.init_image_requested.emit(path)
        )
        menu.addAction(self.tr("Show in folder"), lambda: show_in_folder(path))
        favourite = menu.addAction(self.tr("Favourite"), lambda: self._model.toggle_favourite(path))
        favourite.setCheckable(True)
        favourite.setChecked(bool(index.data(ItemRole).favourite))
        menu.addAction(self.tr("Edit tags…"), lambda: self.edit_tags(path))
        menu.addSeparator()
        menu.addAction(self.tr("Export…"), self.export_selection)
        menu.addAction(self.tr("Move to trash"), lambda: self.move_to_trash([path]))
        return menu

    def _selection_menu(self, paths: list[Path]) -> QMenu:
        menu = QMenu(self)
        count = len(paths)
        menu.addAction(
            self.tr("Add %1 to favourites").replace("%1", str(count)),
            lambda: self._model.set_favourite(paths, True),
        )
        menu.addAction(
            self.tr("Remove %1 from favourites").replace("%1", str(count)),
            lambda: self._model.set_favourite(paths, False),
        )
        menu.addAction(self.tr("Export…"), self.export_selection)
        menu.addSeparator()
        menu.addAction(
            self.tr("Move %1 to trash").replace("%1", str(count)),
            lambda: self.move_to_trash(paths),
        )
        return menu

    def _open(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _copy_image(self, path: Path) -> None:
        QGuiApplication.clipboard().setImage(QImage(str(path)))

    def _copy_settings(self, index: QModelIndex) -> None:
        QGuiApplication.clipboard().setText(index.data(ParametersRole) or "")

    def edit_tags(self, path: Path) -> None:
        """Ask for the picture's tags, comma separated, and save them."""
        item = self._model.store.item(path)
        current = ", ".join(item.tags) if item else ""
        text, accepted = QInputDialog.getText(
            self,
            self.tr("Tags"),
            self.tr("Tags for %1, separated by commas:").replace("%1", path.name),
            QLineEdit.EchoMode.Normal,
            current,
        )
        if accepted:
            self._run(lambda: self._model.set_tags(path, text.split(",")))

    def move_to_trash(self, paths: list[Path]) -> bool:
        """Send pictures to the system trash; say so plainly if one could not go."""
        try:
            self._model.trash(paths)
        except StudioError as exc:
            QMessageBox.warning(self, self.tr("Not moved to the trash"), str(exc))
            return False
        return True

    def export_selection(self) -> None:
        """Export the selected pictures (or every one shown when none is selected)."""
        paths = self.selected_paths()
        if paths:
            items = [self._model.store.item(path) for path in paths]
            chosen = [item for item in items if item is not None]
        else:
            chosen = self._model.all_items()
        dialog = ExportDialog(len(chosen), self._model.root.parent, self)
        if dialog.exec():
            self.exporter.start(
                chosen, dialog.target(), dialog.options(), self._model.thumbnail_cache
            )

    def _on_exporter_export_ended(self, report: ExportReport | None, message: str) -> None:
        if report is not None:
            text = self.tr("Exported %1 images to %2").replace("%1", str(report.written))
            self.message_reported.emit(text.replace("%2", str(report.target)))
        elif message:
            self.message_reported.emit(message)

    def _run(self, action: object) -> None:
        try:
            action()  # type: ignore[operator]
        except StudioError as exc:
            self.message_reported.emit(str(exc))

    def shutdown(self) -> None:
        """Stop a running export (the window is closing)."""
        self.exporter.wait()


def show_in_folder(path: Path) -> None:
    """Open the file manager with `path` selected where the system allows it, else its folder."""
    if sys.platform == "win32":
        QProcess.startDetached("explorer.exe", ["/select,", str(path)])
    elif sys.platform == "darwin":
        QProcess.startDetached("open", ["-R", str(path)])
    elif not _freedesktop_select(path):
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def _freedesktop_select(path: Path) -> bool:
    """Ask the desktop's file manager over D-Bus to show the file (GNOME, KDE, XFCE…)."""
    from PySide6.QtDBus import QDBusConnection, QDBusInterface

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    manager = QDBusInterface(
        "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
        "org.freedesktop.FileManager1", bus,
    )  # fmt: skip
    if not manager.isValid():
        return False
    reply = manager.call("ShowItems", [QUrl.fromLocalFile(str(path)).toString()], "")
    return not reply.errorName()
