"""The Models dialog's "Files and other apps" tab: add checkpoints, convert pickles, find apps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.models import library as model_library
from studio.core.models.source import PICKLE_SUFFIXES
from studio.runtime.model_tasks import simple_work

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings
    from studio.core.models.other_apps import ModelFolder
    from studio.runtime.model_tasks import ModelTaskRunner

MODEL_SUFFIXES = (".safetensors", ".gguf", *PICKLE_SUFFIXES)  # GGUF: FLUX/SD3 transformers


class ModelFilesTab(QWidget):
    """The user's own model files and the model folders of other apps, used in place."""

    models_changed = Signal()
    message_reported = Signal(str)

    def __init__(
        self,
        paths: AppPaths,
        runner: ModelTaskRunner,
        settings: Callable[[], Settings],
        save_settings: Callable[[Settings], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths, self._runner = paths, runner
        self._settings, self._save_settings = settings, save_settings
        self._legacy: Path | None = None
        self._adding = 0  # files of the current drop still being checked
        self._add_failures: list[str] = []  # every refusal of that drop, not just the last
        self._build()
        self._retranslate()
        self.show_user_models()

    def _build(self) -> None:
        self.files_list = QListWidget()
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.legacy_label = QLabel()
        self.legacy_label.setWordWrap(True)
        self.convert_button = QPushButton()
        self.find_button, self.use_button = QPushButton(), QPushButton()
        self.folders_list = QListWidget()
        self._files_title, self._folders_title = QLabel(), QLabel()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        folder_buttons = QHBoxLayout()
        for button in (self.find_button, self.use_button):
            folder_buttons.addWidget(button)
        folder_buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(self._files_title)
        column.addWidget(self.files_list)
        column.addLayout(buttons)
        column.addWidget(self.legacy_label)
        column.addWidget(self.convert_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self._folders_title)
        column.addWidget(self.folders_list)
        column.addLayout(folder_buttons)
        self._show_legacy(None)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.convert_button.clicked.connect(self._on_convert_button_clicked)
        self.find_button.clicked.connect(self.find_other_apps)
        self.use_button.clicked.connect(self._on_use_button_clicked)

    def _retranslate(self) -> None:
        self._files_title.setText(self.tr("Your model files (used where they are, never copied)"))
        self.add_button.setText(self.tr("Add a model file…"))
        self.add_button.setToolTip(self.tr("A .safetensors checkpoint, e.g. from Civitai."))
        self.remove_button.setText(self.tr("Remove from the list"))
        self.remove_button.setToolTip(self.tr("The file itself stays on the disk."))
        self.convert_button.setText(self.tr("Convert to safetensors"))
        self._folders_title.setText(self.tr("Model folders of other apps (read-only)"))
        self.find_button.setText(self.tr("Find models of other apps"))
        self.find_button.setToolTip(
            self.tr("Looks for AUTOMATIC1111, Forge, ComfyUI and InvokeAI.")
        )
        self.use_button.setText(self.tr("Use the ticked folders"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- user files -------------------------------------------------------------------------------
    def show_user_models(self) -> None:
        self.files_list.clear()
        for file in model_library.load_user_models(self._paths):
            item = QListWidgetItem(Path(file).name)
            item.setToolTip(file)
            item.setData(Qt.ItemDataRole.UserRole, file)
            self.files_list.addItem(item)

    def add_file(self, file: Path) -> None:
        """Check `file` in the background and add it; a pickle gets the explanation instead."""
        self._show_legacy(None)
        if self._adding == 0:
            self._add_failures = []
        self._adding += 1
        task = self._runner.start(
            "add", simple_work(lambda: model_library.add_user_model(self._paths, file))
        )
        task.succeeded.connect(self._on_add_succeeded)
        task.failed.connect(lambda message: self._on_add_failed(file, message))

    def _on_add_succeeded(self, entry: model_library.PickerEntry) -> None:
        self._adding = max(0, self._adding - 1)
        self.show_user_models()
        text = self.tr("%1 added (%2). Choose it in the model list.")
        self.message_reported.emit(text.replace("%1", entry.name).replace("%2", entry.family))
        self.models_changed.emit()

    def _on_add_failed(self, file: Path, message: str) -> None:
        self._adding = max(0, self._adding - 1)
        if file.suffix.lower() in PICKLE_SUFFIXES:
            self._show_legacy(file, message)
            return
        # Several bad files in one drop: each refusal stays readable, not only the last one.
        self._add_failures.append(message)
        self.message_reported.emit("\n".join(self._add_failures))

    def _show_legacy(self, file: Path | None, message: str = "") -> None:
        self._legacy = file
        self.legacy_label.setVisible(file is not None)
        self.convert_button.setVisible(file is not None)
        if file is not None:
            extra = self.tr(
                "“Convert to safetensors” reads only the weights from it, never running code "
                "from the file, and saves a safe copy in Lienzo Studio's model folder."
            )
            self.legacy_label.setText(f"⚠ {message}\n{extra}")

    def _on_add_button_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add a model file"),
            "",
            self.tr("Model files (*.safetensors *.gguf *.ckpt *.pt *.pth *.bin)"),
        )
        for name in names:
            self.add_file(Path(name))

    def _on_remove_button_clicked(self) -> None:
        item = self.files_list.currentItem()
        if item is not None:
            model_library.remove_user_model(self._paths, item.data(Qt.ItemDataRole.UserRole))
            self.show_user_models()
            self.models_changed.emit()

    def _on_convert_button_clicked(self) -> None:
        if self._legacy is None:
            return
        source = self._legacy
        target = self._paths.data / "models" / f"{source.stem}.safetensors"
        self.convert_button.setEnabled(False)
        self.message_reported.emit(self.tr("Converting %1…").replace("%1", source.name))
        task = self._runner.start("convert", simple_work(lambda: _convert(source, target)))
        task.succeeded.connect(self._on_convert_succeeded)
        task.failed.connect(self._on_convert_failed)

    def _on_convert_succeeded(self, target: Path) -> None:
        self.convert_button.setEnabled(True)
        self.add_file(target)

    def _on_convert_failed(self, message: str) -> None:
        self.convert_button.setEnabled(True)
        self.message_reported.emit(message)

    # -- other apps' folders ---------------------------------------------------------------------
    def find_other_apps(self) -> None:
        """Search the usual install places of other apps in the background."""
        self.find_button.setEnabled(False)
        self.message_reported.emit(self.tr("Looking for models of other apps…"))
        task = self._runner.start("find", simple_work(find_folders))
        task.succeeded.connect(self._on_find_succeeded)
        task.failed.connect(self._on_find_failed)

    def _on_find_succeeded(self, folders: list[ModelFolder]) -> None:
        self.find_button.setEnabled(True)
        self.show_folders(folders)
        if not folders:
            self.message_reported.emit(self.tr("No models of other apps were found."))
            return
        text = self.tr("Found %1 folders. Tick the ones to use and press “Use the ticked folders”.")
        self.message_reported.emit(text.replace("%1", str(len(folders))))

    def _on_find_failed(self, message: str) -> None:
        self.find_button.setEnabled(True)
        self.message_reported.emit(message)

    def show_folders(self, folders: list[ModelFolder]) -> None:
        settings = self._settings()
        in_use = {*settings.model_folders, *settings.lora_folders}
        self.folders_list.clear()
        for folder in folders:
            kind = self.tr("LoRAs") if folder.kind == "lora" else self.tr("models")
            item = QListWidgetItem(f"{folder.app} · {kind} — {folder.path}")
            item.setData(Qt.ItemDataRole.UserRole, (folder.kind, str(folder.path)))
            item.setCheckState(
                Qt.CheckState.Checked if str(folder.path) in in_use else Qt.CheckState.Unchecked
            )
            self.folders_list.addItem(item)

    def _on_use_button_clicked(self) -> None:
        settings = self._settings()
        models, loras = list(settings.model_folders), list(settings.lora_folders)
        for row in range(self.folders_list.count()):
            item = self.folders_list.item(row)
            kind, path = item.data(Qt.ItemDataRole.UserRole)
            target = loras if kind == "lora" else models
            ticked = item.checkState() == Qt.CheckState.Checked
            if ticked and path not in target:
                target.append(path)
            elif not ticked and path in target:
                target.remove(path)
        self._save_settings(
            settings.updated(model_folders=tuple(models), lora_folders=tuple(loras))
        )
        self.message_reported.emit(self.tr("The folders are used in place, read-only."))
        self.models_changed.emit()


def find_folders() -> list[ModelFolder]:
    """Other apps' checkpoint and LoRA folders in their usual install places."""
    from studio.core.models.other_apps import candidate_roots, find_model_folders

    return find_model_folders(candidate_roots())


def _convert(source: Path, target: Path) -> Path:
    from studio.core.models.legacy import convert_legacy_checkpoint

    target.parent.mkdir(parents=True, exist_ok=True)
    return convert_legacy_checkpoint(source, target)
