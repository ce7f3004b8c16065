"""The main window's actions and menus, kept apart so the window stays about layout and flow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from studio.ui.window.parts import WindowParts
from studio.ui.window.unsaved_image import UnsavedImageKeeper


@dataclass(frozen=True)
class WindowCommands:
    """What the window does when a menu item or shortcut fires."""

    generate: Callable[[], object]
    paste_image: Callable[[], object]
    open_image: Callable[[], object]
    load_settings: Callable[[], object]
    open_settings: Callable[[], object]


class WindowActions(QObject):
    """File and Image menus with their shortcuts; texts follow the language."""

    def __init__(
        self, parts: WindowParts, commands: WindowCommands, unsaved: UnsavedImageKeeper
    ) -> None:
        window = parts.window
        super().__init__(window)
        self._window = window
        self.generate = self._action(commands.generate, "Ctrl+Return", "Ctrl+Enter")
        self.cancel = self._action(parts.controller.cancel, "Esc")
        self.paste = self._action(commands.paste_image, QKeySequence.StandardKey.Paste)
        self.paste.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        parts.canvas.addAction(self.paste)
        self.open = self._action(commands.open_image, QKeySequence.StandardKey.Open)
        self.load_settings = self._action(commands.load_settings, "Ctrl+Shift+O")
        self.settings = self._action(commands.open_settings, "Ctrl+,")
        self.quit = self._action(window.close, QKeySequence.StandardKey.Quit)
        self.advanced = self._action(parts.prompt_panel.set_advanced, "Ctrl+Shift+A")
        self.advanced.setCheckable(True)
        self.save_as = self._action(unsaved.save_as, "Ctrl+Shift+S")
        self.save_as.setEnabled(False)
        unsaved.availability_changed.connect(self.save_as.setEnabled)
        self.file_menu = window.menuBar().addMenu("")
        for item in (self.open, self.load_settings, self.paste, self.settings, self.quit):
            self.file_menu.addAction(item)
        self.image_menu = window.menuBar().addMenu("")
        for item in (self.generate, self.cancel, self.save_as, self.advanced):
            self.image_menu.addAction(item)

    def _action(self, slot: Callable[..., object], *keys: QKeySequence | str) -> QAction:
        new = QAction(self._window)
        new.setShortcuts([QKeySequence(k) for k in keys])
        new.triggered.connect(slot)
        self._window.addAction(new)
        return new

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.image_menu.setTitle(self.tr("&Image"))
        self.generate.setText(self.tr("Generate"))
        self.cancel.setText(self.tr("Cancel"))
        self.paste.setText(self.tr("Paste image to transform"))
        self.open.setText(self.tr("Open image to transform…"))
        self.load_settings.setText(self.tr("Load settings from image…"))
        self.settings.setText(self.tr("Settings…"))
        self.quit.setText(self.tr("Quit"))
        self.advanced.setText(self.tr("Advanced settings"))
        self.save_as.setText(self.tr("Save image as…"))
