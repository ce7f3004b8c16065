"""The window's settings: the Settings dialog, saving and applying what it returns (language and
theme at once, the gallery folder, the rest from the next job) and the "Allow other programs to
use Lienzo" switch (api_switch.py). Its one text keeps the Spanish catalogue's "MainWindow"
context, where it was first written."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

from studio.core.base.settings import Settings, save_settings
from studio.ui.settings_dialog import SettingsDialog
from studio.ui.theme import apply_theme
from studio.ui.window.api_switch import ApiSwitch

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.runtime.gallery import GalleryModel
    from studio.ui.i18n import Translations
    from studio.ui.window.parts import WindowParts


class SettingsFlow:
    """Open the dialog, then save and apply; `refresh_picker` lists the models of the machine
    (or server) the settings now run jobs on."""

    def __init__(
        self,
        parts: WindowParts,
        paths: AppPaths,
        translations: Translations,
        gallery: GalleryModel,
        refresh_picker: Callable[[], object],
    ) -> None:
        self._parts = parts
        self._paths = paths
        self._translations = translations
        self._gallery = gallery
        self._refresh_picker = refresh_picker
        self.api = ApiSwitch(paths, parts.controller)

    def open_dialog(self) -> None:
        controller = self._parts.controller
        dialog = SettingsDialog(controller.settings, self._parts.window, self._paths)
        if dialog.exec():
            self.apply(dialog.settings())
        elif dialog.servers_changed:  # "All" takes in the servers added or removed
            controller.apply_settings(controller.settings)
        if dialog.result() or dialog.servers_changed:
            self._refresh_picker()  # this computer's models, or the chosen server's

    def apply(self, settings: Settings) -> None:
        """Save and apply new settings: language and theme at once, the rest from the next job."""
        controller = self._parts.controller
        previous = controller.settings
        try:
            save_settings(self._paths.settings_file, settings)
        except OSError as exc:
            text = QCoreApplication.translate("MainWindow", "The settings could not be saved: %1")
            self._parts.banner.show_message(text.replace("%1", str(exc)))
            return
        controller.apply_settings(settings)
        if settings.language != previous.language:
            self._translations.apply(settings.language)
        if settings.theme != previous.theme:
            apply_theme(QGuiApplication.instance(), settings.theme)  # type: ignore[arg-type]
        if settings.output_dir != previous.output_dir:
            self._gallery.set_root(
                Path(settings.output_dir) if settings.output_dir else self._paths.gallery
            )
        self.follow_api_switch(settings)

    def follow_api_switch(self, settings: Settings) -> None:
        """Start or stop the API; a port in use is shown here and the switch goes back off."""
        problem = self.api.apply(settings)
        if problem:
            self.apply(dataclasses.replace(settings, api_server=False))
            self._parts.banner.show_message(problem)
