"""The gallery: thumbnails of every picture, newest first, with a context menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QFile, QModelIndex, QPoint, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage
from PySide6.QtWidgets import QLabel, QListView, QMenu, QMessageBox, QVBoxLayout, QWidget

from studio.runtime.gallery import THUMBNAIL_SIDE, GalleryModel, ParametersRole, PathRole


class GalleryPanel(QWidget):
    """Shows a GalleryModel; asks the window to show, reuse or transform an image."""

    image_activated = Signal(Path)
    settings_reuse_requested = Signal(Path)
    init_image_requested = Signal(Path)

    def __init__(self, model: GalleryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._title = QLabel()
        self.list_view = QListView()
        self.list_view.setModel(model)
        self.list_view.setViewMode(QListView.ViewMode.IconMode)
        self.list_view.setIconSize(QSize(THUMBNAIL_SIDE // 2 + 24, THUMBNAIL_SIDE // 2 + 24))
        self.list_view.setGridSize(QSize(THUMBNAIL_SIDE // 2 + 36, THUMBNAIL_SIDE // 2 + 44))
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setMovement(QListView.Movement.Static)
        self.list_view.setUniformItemSizes(True)
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._title)
        column.addWidget(self.list_view)
        self.list_view.clicked.connect(self._on_list_view_clicked)
        self.list_view.activated.connect(self._on_list_view_clicked)
        self.list_view.customContextMenuRequested.connect(self._on_list_view_context_menu)
        model.rowsInserted.connect(self._update_title)
        model.rowsRemoved.connect(self._update_title)
        model.modelReset.connect(self._update_title)
        self._retranslate()

    def _retranslate(self) -> None:
        self.list_view.setAccessibleName(self.tr("Gallery"))
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _update_title(self, *_args: object) -> None:
        self._title.setText(self.tr("Gallery (%1)").replace("%1", str(self._model.rowCount())))

    def _on_list_view_clicked(self, index: QModelIndex) -> None:
        self.image_activated.emit(Path(index.data(PathRole)))

    def _on_list_view_context_menu(self, position: QPoint) -> None:
        index = self.list_view.indexAt(position)
        if index.isValid():
            menu = self.context_menu(index)
            menu.exec(self.list_view.viewport().mapToGlobal(position))

    def context_menu(self, index: QModelIndex) -> QMenu:
        """The actions for one picture (built fresh so the texts follow the language)."""
        path = Path(index.data(PathRole))
        has_settings = bool(index.data(ParametersRole))
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self._open(path))
        menu.addAction(self.tr("Copy image"), lambda: self._copy_image(path))
        menu.addAction(self.tr("Copy settings"), lambda: self._copy_settings(index)).setEnabled(
            has_settings
        )
        menu.addAction(
            self.tr("Reuse settings"), lambda: self.settings_reuse_requested.emit(path)
        ).setEnabled(has_settings)
        menu.addAction(
            self.tr("Use as image to transform"), lambda: self.init_image_requested.emit(path)
        )
        menu.addAction(self.tr("Show in folder"), lambda: self._open(path.parent))
        favourite = menu.addAction(self.tr("Favourite"), lambda: self._model.toggle_favourite(path))
        favourite.setCheckable(True)
        favourite.setChecked(self._model.data(index, Qt.ItemDataRole.DisplayRole) == "★")
        menu.addSeparator()
        menu.addAction(self.tr("Move to trash"), lambda: self.move_to_trash(path))
        return menu

    def _open(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _copy_image(self, path: Path) -> None:
        QGuiApplication.clipboard().setImage(QImage(str(path)))

    def _copy_settings(self, index: QModelIndex) -> None:
        QGuiApplication.clipboard().setText(index.data(ParametersRole) or "")

    def move_to_trash(self, path: Path) -> bool:
        """Send a picture to the system trash; say so plainly if the system has none."""
        moved, _where = QFile.moveToTrash(str(path))
        if not moved or path.exists():
            QMessageBox.warning(
                self,
                self.tr("Not moved to the trash"),
                self.tr("%1 could not be moved to the trash.").replace("%1", path.name),
            )
            return False
        self._model.forget(path)
        return True
