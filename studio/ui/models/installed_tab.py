"""The Models dialog's "On this computer" tab: installed models, disk use, verify, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from studio.core.base.progress import format_size
from studio.runtime.model_tasks import simple_work
from studio.ui.models.tables import InstalledTable

if TYPE_CHECKING:
    from studio.core.models.hf_cache import InstalledModel, Verification
    from studio.runtime.model_tasks import ModelTaskRunner


def _installed() -> list[InstalledModel]:
    from studio.core.models.hf_cache import installed_models

    return installed_models()


def _verify(repo_id: str) -> Verification:
    from studio.core.models.hf_cache import verify_model

    return verify_model(repo_id)


def _delete(repo_id: str) -> int:
    from studio.core.models.hf_cache import delete_model

    return delete_model(repo_id)


class InstalledTab(QWidget):
    """Models in the Hugging Face cache; listing works offline."""

    message_reported = Signal(str)
    models_listed = Signal(object)  # set of lower-case repo ids that are complete
    models_changed = Signal()

    def __init__(self, runner: ModelTaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.table = InstalledTable()
        self.verify_button, self.delete_button = QPushButton(), QPushButton()
        self.refresh_button = QPushButton()
        buttons = QHBoxLayout()
        for button in (self.verify_button, self.delete_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        self.verify_button.clicked.connect(self._on_verify_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        self._retranslate()

    def _retranslate(self) -> None:
        self.verify_button.setText(self.tr("Verify files"))
        self.verify_button.setToolTip(self.tr("Compare every file with the checksums of the hub."))
        self.delete_button.setText(self.tr("Delete…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        """List the cache in the background."""
        task = self._runner.start("installed", simple_work(_installed))
        task.succeeded.connect(self._on_listed)
        task.failed.connect(self.message_reported)

    def _on_listed(self, models: list[InstalledModel]) -> None:
        self.table.fill(models)
        self.models_listed.emit({m.repo_id.lower() for m in models if m.complete})

    def _on_verify_button_clicked(self) -> None:
        model = self.table.selected_model()
        if model is None:
            return
        self.message_reported.emit(
            self.tr("Checking the files of %1…").replace("%1", model.repo_id)
        )
        task = self._runner.start("verify", simple_work(lambda: _verify(model.repo_id)))
        task.succeeded.connect(self._on_verified)
        task.failed.connect(self.message_reported)

    def _on_verified(self, result: Verification) -> None:
        if result.ok:
            text = self.tr("%1: all %2 files are correct.").replace("%1", result.repo_id)
            self.message_reported.emit(text.replace("%2", str(result.checked)))
            return
        text = self.tr("%1: damaged files: %2. Delete the model and download it again.")
        names = ", ".join(result.corrupted) or self.tr("no files could be checked")
        self.message_reported.emit(text.replace("%1", result.repo_id).replace("%2", names))

    def _on_delete_button_clicked(self) -> None:
        model = self.table.selected_model()
        if model is None:
            return
        question = self.tr("Delete %1 and free %2? Other apps that share this copy lose it too.")
        question = question.replace("%1", model.repo_id).replace(
            "%2", format_size(model.size_on_disk)
        )
        answer = QMessageBox.question(self, self.tr("Delete model"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        task = self._runner.start("delete", simple_work(lambda: _delete(model.repo_id)))
        task.succeeded.connect(self._on_deleted)
        task.failed.connect(self.message_reported)

    def _on_deleted(self, freed: int) -> None:
        self.message_reported.emit(self.tr("Deleted; %1 freed.").replace("%1", format_size(freed)))
        self.refresh()
        self.models_changed.emit()
