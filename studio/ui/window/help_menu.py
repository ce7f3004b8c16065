"""The Help menu: About (version, licence, device, library versions, the app's folders),
"Copy diagnostics" for a bug report, and the README's section about the window."""

from __future__ import annotations

import importlib.metadata
import platform
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QEvent, QObject, Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio import APP_NAME, __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from studio.core.base.devices import DevicePlan
    from studio.core.base.paths import AppPaths
    from studio.ui.window.parts import WindowParts

LICENCE = "MIT"
README = Path(__file__).resolve().parents[3] / "README.md"  # studio/ui/window/ → the tree's root
README_WINDOW_SECTION = "the-window"
DISTRIBUTION = "lienzo-studio"


def library_version(name: str) -> str:
    """The installed version of `name`, read from its metadata: never imports it (torch takes
    seconds to import and would freeze the window)."""
    module = sys.modules.get(name)
    version = getattr(module, "__version__", None)
    if isinstance(version, str):
        return version
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "—"


def app_folders(paths: AppPaths, gallery: Path) -> list[tuple[str, Path]]:
    """The folders a bug report or a backup needs, with the key each is listed under."""
    return [
        ("gallery", gallery),
        ("settings", paths.config),
        ("data", paths.data),
        ("cache", paths.cache),
        ("logs", paths.logs),
    ]


def diagnostics_text(paths: AppPaths, gallery: Path, plan: DevicePlan | None) -> str:
    """Plain text for a bug report: versions, device, folders (English, for the maintainers)."""
    device = f"{plan.label} ({plan.reason_en})" if plan is not None else "not detected yet"
    lines = [
        f"{APP_NAME} {__version__} ({LICENCE} licence)",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}",
        f"torch {library_version('torch')}, diffusers {library_version('diffusers')}, "
        f"transformers {library_version('transformers')}",
        f"Device: {device}",
    ]
    lines += [f"Folder {key}: {folder}" for key, folder in app_folders(paths, gallery)]
    return "\n".join(lines)


def open_folder(folder: Path) -> bool:
    """Show `folder` in the system's file manager (made first: a new user has none yet)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def readme_file(cache: Path) -> Path | None:
    """The README: the source tree's, else the copy inside the installed package's metadata
    (written once to the cache, so it opens offline like any file)."""
    if README.is_file():
        return README
    try:
        text = importlib.metadata.metadata(DISTRIBUTION).get_payload()  # type: ignore[attr-defined]
        copy = cache / "README.md"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(str(text), encoding="utf-8")
    except (importlib.metadata.PackageNotFoundError, OSError):
        return None
    return copy


def readme_url(cache: Path) -> QUrl | None:
    """The README's section about the window."""
    file = readme_file(cache)
    if file is None:
        return None
    url = QUrl.fromLocalFile(str(file))
    url.setFragment(README_WINDOW_SECTION)
    return url


class AboutDialog(QDialog):
    """Version, licence, device and libraries, and the app's folders with "Open folder"."""

    def __init__(self, text: str, folders: list[tuple[str, Path]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About %1").replace("%1", APP_NAME))
        self.summary = QLabel(self._summary_html(text))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout()
        self.open_buttons: dict[str, QPushButton] = {}
        for row, (key, folder) in enumerate(folders):
            path = QLabel(str(folder))
            path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            button = QPushButton(self.tr("Open folder"))
            button.setAccessibleName(self.tr("Open the %1 folder").replace("%1", key))
            button.clicked.connect(lambda _=False, f=folder: open_folder(f))
            grid.addWidget(QLabel(self._folder_name(key)), row, 0)
            grid.addWidget(path, row, 1)
            grid.addWidget(button, row, 2)
            self.open_buttons[key] = button
        self.copy_button = QPushButton(self.tr("Copy diagnostics"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addLayout(grid)
        column.addWidget(buttons)

    def _summary_html(self, text: str) -> str:
        head, *rest = [line for line in text.splitlines() if not line.startswith("Folder ")]
        tagline = self.tr("Create images with Stable Diffusion on your own computer.")
        return f"<h3>{head}</h3><p>{tagline}</p><p>" + "<br>".join(rest) + "</p>"

    def _folder_name(self, key: str) -> str:
        names = {
            "gallery": self.tr("Pictures"),
            "settings": self.tr("Settings"),
            "data": self.tr("Data"),
            "cache": self.tr("Cache (models, thumbnails)"),
            "logs": self.tr("Logs"),
        }
        return names.get(key, key)


class HelpMenu(QObject):
    """Help ▸ About, Copy diagnostics, The window (README); texts follow the language."""

    def __init__(self, parts: WindowParts, paths: AppPaths, gallery: Callable[[], Path]) -> None:
        """`gallery`: where pictures go now (the setting may change it)."""
        window = parts.window
        super().__init__(window)
        self._parts, self._paths, self._gallery = parts, paths, gallery
        self._plan: DevicePlan | None = None
        self.dialog: AboutDialog | None = None
        self.menu = window.menuBar().addMenu("")
        self.readme = QAction(window)
        self.readme.setShortcut("F1")
        self.readme.triggered.connect(self.open_readme)
        self.copy = QAction(window)
        self.copy.triggered.connect(self.copy_diagnostics)
        self.about = QAction(window)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.about.triggered.connect(self.show_about)
        for action in (self.readme, self.copy, self.about):
            self.menu.addAction(action)
            window.addAction(action)
        parts.controller.device_reported.connect(self._on_controller_device_reported)
        window.installEventFilter(self)
        self._retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._parts.window and event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        return False

    def _retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Help"))
        self.readme.setText(self.tr("How the window works (README)"))
        self.copy.setText(self.tr("Copy diagnostics"))
        self.about.setText(self.tr("About %1").replace("%1", APP_NAME))

    def _on_controller_device_reported(self, plan: DevicePlan) -> None:
        self._plan = plan

    def diagnostics(self) -> str:
        return diagnostics_text(self._paths, self._gallery(), self._plan)

    def copy_diagnostics(self) -> None:
        """The About text on the clipboard, ready to paste into a bug report."""
        QGuiApplication.clipboard().setText(self.diagnostics())
        self._parts.state_label.setText(self.tr("Diagnostics copied to the clipboard."))

    def show_about(self) -> AboutDialog:
        text = self.diagnostics()
        folders = app_folders(self._paths, self._gallery())
        self.dialog = AboutDialog(text, folders, self._parts.window)
        self.dialog.copy_button.clicked.connect(self.copy_diagnostics)
        self.dialog.show()
        return self.dialog

    def open_readme(self) -> bool:
        url = readme_url(self._paths.cache)
        if url is None or not QDesktopServices.openUrl(url):
            self._parts.state_label.setText(self.tr("The README could not be opened."))
            return False
        return True
