"""Ties the Models dialog into the main window: the menu, the picker, drops, the first-run offer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QAction

from studio.core.models import library as model_library
from studio.runtime.model_tasks import ModelTaskRunner, simple_work
from studio.ui.models.dialog import ModelsDialog, model_files, without_model_files
from studio.ui.models.files_tab import find_folders
from studio.ui.models_dialog_picker import fill_model_combo
from studio.ui.servers.picker import ServerModels, chosen_server, server_models

if TYPE_CHECKING:
    from collections.abc import Callable

    from studio.core.base.devices import DevicePlan
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings
    from studio.core.models.other_apps import ModelFolder
    from studio.ui.window.parts import WindowParts

OFFER_FLAG = "other_apps_offered"


class ModelsHookup(QObject):
    """Owns the model task pool and the one Models dialog of a window."""

    def __init__(
        self, parts: WindowParts, paths: AppPaths, apply_settings: Callable[[Settings], None]
    ) -> None:
        window = parts.window
        super().__init__(window)
        self._parts, self._window, self._paths = parts, window, paths
        self._apply_settings = apply_settings
        self.runner = ModelTaskRunner(self)
        self.dialog: ModelsDialog | None = None
        self._plan: DevicePlan | None = None
        self._found: list[ModelFolder] = []
        self.menu = window.menuBar().addMenu("")
        self.action = QAction(window)
        self.action.setShortcut("Ctrl+Shift+M")
        self.action.triggered.connect(self.open_dialog)
        self.menu.addAction(self.action)
        window.addAction(self.action)
        parts.prompt_panel.models_button.clicked.connect(self.open_dialog)
        parts.prompt_panel.lora_panel.set_folder_source(self.lora_folders)
        parts.controller.device_reported.connect(self._on_controller_device_reported)
        window.installEventFilter(self)
        self._retranslate()
        self.refresh_picker()
        self._offer_other_apps()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        return False

    def _retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Models"))
        self.action.setText(self.tr("Models…"))

    def _settings(self) -> Settings:
        return self._parts.controller.settings

    def _save_settings(self, settings: Settings) -> None:
        self._apply_settings(settings)
        self.refresh_picker()

    def lora_folders(self) -> list[Path]:
        """Where "Add LoRA…" looks: the app's own folder, then the configured ones."""
        return [self._paths.data / "loras", *(Path(f) for f in self._settings().lora_folders)]

    # -- the dialog -------------------------------------------------------------------------------
    def open_dialog(self) -> ModelsDialog:
        """Show the Models dialog (one per window, kept while downloads run)."""
        if self.dialog is None:
            self.dialog = ModelsDialog(
                self._paths, self.runner, self._settings, self._save_settings, self._window
            )
            self.dialog.models_changed.connect(self.refresh_picker)
            if self._plan is not None:
                self.dialog.set_plan(self._plan)
            if self._found:
                self.dialog.files_tab.show_folders(self._found)
        if self.dialog.isVisible():
            self.dialog.raise_()
        self.dialog.show()
        return self.dialog

    def download(self, repo_id: str) -> None:
        """Open the catalog with `repo_id` picked and start its download (progress, cancel and
        errors are shown there; a model not in the catalog is only picked)."""
        dialog = self.open_dialog()
        if dialog.catalog.select_repo(repo_id):
            dialog.start_download()

    def handle_drop(self, mime: QMimeData) -> QMimeData | None:
        """Take dropped model files (.safetensors, .ckpt…); return the rest of the drop
        (pictures to transform), or None when nothing else is left."""
        files = model_files(mime.urls()) if mime.hasUrls() else []
        if not files:
            return mime
        self.open_dialog().add_files(files)
        return without_model_files(mime)

    def _on_controller_device_reported(self, plan: DevicePlan) -> None:
        self._plan = plan
        if self.dialog is not None:
            self.dialog.set_plan(plan)

    # -- the picker -------------------------------------------------------------------------------
    def refresh_picker(self) -> None:
        """List demo, installed, user and other apps' models in the background (the chosen
        server's models when jobs run on one server)."""
        paths, settings = self._paths, self._settings()
        server = chosen_server(settings)
        self._parts.prompt_panel.lora_panel.set_server_loras(None)
        if server is not None:
            listing = self.runner.start("picker", simple_work(lambda: server_models(paths, server)))
            listing.succeeded.connect(self._on_server_listed)
            listing.failed.connect(self._parts.banner.show_message)
            return
        task = self.runner.start(
            "picker", simple_work(lambda: model_library.picker_entries(paths, settings))
        )
        task.succeeded.connect(self._on_picker_listed)
        task.failed.connect(self._parts.banner.show_message)

    def _on_picker_listed(self, entries: list[model_library.PickerEntry]) -> None:
        fill_model_combo(self._parts.prompt_panel.model_combo, entries)

    def _on_server_listed(self, models: ServerModels) -> None:
        if chosen_server(self._settings()) is not None:  # still a server (answers can be late)
            combo = self._parts.prompt_panel.model_combo
            fill_model_combo(combo, models.entries)
            combo.setItemText(0, self.tr("automatic (the server's first model)"))
            self._parts.prompt_panel.lora_panel.set_server_loras(models.loras)

    # -- first run --------------------------------------------------------------------------------
    def _offer_other_apps(self) -> None:
        flag = self._paths.config / OFFER_FLAG
        if flag.exists():
            return
        try:
            flag.parent.mkdir(parents=True, exist_ok=True)
            flag.touch()
        except OSError:
            return  # a read-only config: better never to offer than to offer at every start
        task = self.runner.start("find", simple_work(find_folders))
        task.succeeded.connect(self._on_other_apps_found)

    def _on_other_apps_found(self, folders: list[ModelFolder]) -> None:
        self._found = folders
        if not folders:
            return
        apps = ", ".join(sorted({f.app for f in folders}))
        text = self.tr(
            "Models of %1 were found on this computer. To use them in place (nothing is "
            "copied), open Models ▸ Files and other apps."
        )
        self._parts.banner.show_message(text.replace("%1", apps))

    def shutdown(self) -> None:
        """Cancel downloads and scans and wait for them (the window is closing)."""
        self.runner.shutdown()
