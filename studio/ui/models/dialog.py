"""The Models dialog: the catalog, downloads with progress, installed models, your own files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.core.base.errors import StudioError
from studio.core.base.progress import format_size
from studio.core.models import library as model_library
from studio.core.models.catalog import uses_half_precision
from studio.core.models.downloads import DownloadPlan, DownloadProgress, save_hub_token
from studio.core.models.families import FAMILIES
from studio.runtime.model_tasks import ModelTask, download_work, preflight_work
from studio.ui.feedback import format_eta
from studio.ui.models.files_tab import MODEL_SUFFIXES, ModelFilesTab
from studio.ui.models.installed_tab import InstalledTab
from studio.ui.models.tables import CatalogTable

if TYPE_CHECKING:
    from studio.core.base.devices import DevicePlan
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings
    from studio.core.models.preflight import PreflightReport
    from studio.runtime.model_tasks import ModelTaskRunner


class ModelsDialog(QDialog):
    """Everything about models in one place; all slow work runs in the runner's pool."""

    models_changed = Signal()

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
        self._plan: DevicePlan | None = None
        self._download: ModelTask | None = None
        self._measure: ModelTask | None = None
        self._installed_ids: set[str] = set()
        self._failed_repo = ""
        self.files_tab = ModelFilesTab(paths, runner, settings, save_settings)
        self.installed_tab = InstalledTab(runner)
        self._build()
        self._connect()
        self._retranslate()
        self.setAcceptDrops(True)
        self.resize(960, 560)
        self.installed_tab.refresh()

    def _build(self) -> None:
        self.device_label = QLabel()
        self.measure_button = QPushButton()
        self.catalog = CatalogTable()
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.download_button, self.cancel_button = QPushButton(), QPushButton()
        self.cancel_button.setEnabled(False)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_label = QLabel()
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        catalog_page = QWidget()
        catalog_column = QVBoxLayout(catalog_page)
        catalog_column.addWidget(self.catalog, 1)
        catalog_column.addWidget(self.note_label)
        catalog_column.addWidget(self._build_token_row())
        row = QHBoxLayout()
        for widget in (self.download_button, self.cancel_button):
            row.addWidget(widget)
        row.addWidget(self.progress_bar, 1)
        catalog_column.addLayout(row)
        catalog_column.addWidget(self.progress_label)
        self.tabs = QTabWidget()
        for page in (catalog_page, self.installed_tab, self.files_tab):
            self.tabs.addTab(page, "")
        head = QHBoxLayout()
        head.addWidget(self.device_label, 1)
        head.addWidget(self.measure_button)
        column = QVBoxLayout(self)
        column.addLayout(head)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.message_label)
        column.addWidget(self.buttons)

    def _build_token_row(self) -> QWidget:
        """For gated models: a Hugging Face token, kept in the OS keyring, never in settings."""
        self.token_label, self.token_edit = QLabel(), QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText("hf_…")
        self.token_label.setBuddy(self.token_edit)
        self.token_button = QPushButton()
        self.token_row = QWidget()
        row = QHBoxLayout(self.token_row)
        row.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in (
            (self.token_label, 0),
            (self.token_edit, 1),
            (self.token_button, 0),
        ):
            row.addWidget(widget, stretch)
        return self.token_row

    def _on_token_button_clicked(self) -> None:
        try:
            save_hub_token(self.token_edit.text())
        except StudioError as error:
            self.show_message(str(error))
            return
        self.token_edit.clear()
        self.show_message(self.tr("Hugging Face token saved in the system keyring."))

    def _connect(self) -> None:
        self.token_button.clicked.connect(self._on_token_button_clicked)
        self.buttons.rejected.connect(self.close)
        self.measure_button.clicked.connect(self._on_measure_button_clicked)
        self.download_button.clicked.connect(self.start_download)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.catalog.currentCellChanged.connect(lambda *_: self._update_selection())
        self.installed_tab.message_reported.connect(self.show_message)
        self.installed_tab.models_listed.connect(self._on_installed_models_listed)
        self.installed_tab.models_changed.connect(self.models_changed)
        self.files_tab.message_reported.connect(self.show_message)
        self.files_tab.models_changed.connect(self.models_changed)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Models"))
        for index, text in enumerate(
            (self.tr("Catalog"), self.tr("On this computer"), self.tr("Files and other apps"))
        ):
            self.tabs.setTabText(index, text)
        self.measure_button.setText(self.tr("Measure this computer"))
        self.measure_button.setToolTip(
            self.tr(
                "Runs one step of each model with random weights (no download, about a minute "
                "per model) to estimate the time per image here. The result is remembered."
            )
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.token_label.setText(self.tr("Hugging Face &token:"))
        self.token_button.setText(self.tr("Save token"))
        self.token_row.setToolTip(
            self.tr(
                "Gated model: accept its licence on huggingface.co while logged in, create a "
                "read token at huggingface.co/settings/tokens and paste it here."
            )
        )
        self.catalog.retranslate()
        self._update_device()
        self._update_selection()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- hardware and the catalog -------------------------------------------------------------
    def set_plan(self, plan: DevicePlan) -> None:
        """The detected hardware: fit, download sizes and cached timings depend on it."""
        self._plan = plan
        self._update_device()
        self._fill_catalog()

    def _fill_catalog(self) -> None:
        seconds = model_library.load_preflight(self._paths, self._plan) if self._plan else {}
        self.catalog.fill(self._plan, seconds, self._installed_ids)
        self._update_selection()

    def _update_device(self) -> None:
        if self._plan is None:
            self.device_label.setText(self.tr("Detecting the hardware…"))
        else:
            self.device_label.setText(self.tr("This computer: %1").replace("%1", self._plan.label))
            self.device_label.setToolTip(self._plan.reason)
        self.measure_button.setEnabled(self._plan is not None and self._measure is None)

    def _update_selection(self) -> None:
        entry = self.catalog.entry()
        self.note_label.setText(entry.note if entry else "")
        self.token_row.setVisible(entry is not None and entry.gated)
        busy = self._download is not None
        self.download_button.setEnabled(entry is not None and not busy)
        if entry is None or busy:
            return
        half = uses_half_precision(self._plan) if self._plan else False
        size = format_size(entry.download_size(half))
        if entry.repo_id == self._failed_repo:
            self.download_button.setText(self.tr("Retry download"))
        else:
            self.download_button.setText(self.tr("Download (%1)").replace("%1", size))

    def _on_installed_models_listed(self, ids: set[str]) -> None:
        self._installed_ids = ids
        self._fill_catalog()

    # -- downloads --------------------------------------------------------------------------
    def start_download(self) -> None:
        """Download the selected catalog model: size and free disk checked first."""
        entry = self.catalog.entry()
        if entry is None or self._download is not None:
            return
        half = uses_half_precision(self._plan) if self._plan else False
        task = self._runner.start("download", download_work(entry, half))
        task.progressed.connect(self._on_download_progressed)
        task.succeeded.connect(
            lambda _: self._on_download_ended(self.tr("%1 is installed."), succeeded=True)
        )
        task.failed.connect(self._on_download_failed)
        task.cancelled.connect(
            lambda: self._on_download_ended(self.tr("Download of %1 cancelled; nothing installed."))
        )
        self._download, self._download_label = task, entry.label
        self._download_repo, self._failed_repo = entry.repo_id, ""
        self.progress_bar.setValue(0)
        self.progress_label.setText(self.tr("Asking Hugging Face for the size of %1…"))
        self.progress_label.setText(self.progress_label.text().replace("%1", entry.label))
        self.cancel_button.setEnabled(True)
        self.show_message("")
        self._update_selection()

    def _on_download_progressed(self, value: object) -> None:
        if isinstance(value, DownloadPlan):
            text = self.tr("%1 to download (%2 files)").replace(
                "%1", format_size(value.missing_bytes)
            )
            self.progress_label.setText(text.replace("%2", str(len(value.files))))
        elif isinstance(value, DownloadProgress):
            self.progress_bar.setValue(round(value.fraction * 1000))
            self.progress_label.setText(self._progress_text(value))

    def _progress_text(self, progress: DownloadProgress) -> str:
        text = self.tr("%1 of %2 · %3/s").replace("%1", format_size(progress.done))
        text = text.replace("%2", format_size(progress.total))
        text = text.replace("%3", format_size(progress.bytes_per_s))
        if progress.eta_s is not None and progress.done < progress.total:
            text += " · " + self.tr("%1 left").replace("%1", format_eta(progress.eta_s))
        return text

    def _on_download_failed(self, message: str) -> None:
        self._failed_repo = self._download_repo
        self._on_download_ended(message)

    def _on_download_ended(self, message: str, succeeded: bool = False) -> None:
        self.show_message(message.replace("%1", self._download_label))
        if not succeeded:  # "Asking Hugging Face…" or "Cancelling…" is over now
            self.progress_label.clear()
        self._download = None
        self.cancel_button.setEnabled(False)
        self._update_selection()
        self.installed_tab.refresh()
        self.models_changed.emit()

    def _on_cancel_button_clicked(self) -> None:
        for task in (self._download, self._measure):
            if task is not None:
                task.cancel()
        self.progress_label.setText(self.tr("Cancelling…"))

    # -- measuring ----------------------------------------------------------------------------
    def _on_measure_button_clicked(self) -> None:
        if self._plan is None or self._measure is not None:
            return
        self._measure = self._runner.start("measure", preflight_work(self._paths, self._plan))
        self._measure.progressed.connect(self._on_measure_progressed)
        self._measure.succeeded.connect(
            lambda _: self._on_measure_ended(self.tr("Measured: times are shown."))
        )
        self._measure.cancelled.connect(
            lambda: self._on_measure_ended(self.tr("Stopped; the times measured so far are kept."))
        )
        self._measure.failed.connect(self._on_measure_ended)
        self.cancel_button.setEnabled(True)
        self._update_device()

    def _on_measure_progressed(self, value: tuple[int, int, str, PreflightReport | None]) -> None:
        done, total, family, report = value
        if report is None:
            label = FAMILIES[family].label
            text = self.tr("Measuring %1 (%2 of %3)… other work can go on.").replace("%1", label)
            self.show_message(text.replace("%2", str(done + 1)).replace("%3", str(total)))
        else:
            self._fill_catalog()

    def _on_measure_ended(self, message: str) -> None:
        self._measure = None
        self.cancel_button.setEnabled(self._download is not None)
        self.show_message(message)
        self._update_device()
        self._fill_catalog()

    # -- messages, files and drops ----------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def add_files(self, files: list[Path]) -> None:
        """Add dropped or chosen model files (checked in the background)."""
        self.tabs.setCurrentWidget(self.files_tab)
        for file in files:
            self.files_tab.add_file(file)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if model_files(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = model_files(event.mimeData().urls())
        if files:
            event.acceptProposedAction()
            self.add_files(files)


def without_model_files(mime: QMimeData) -> QMimeData | None:
    """What else a drop holds besides model files (pictures to transform), or None."""
    models = set(model_files(mime.urls()))
    rest = [url for url in mime.urls() if Path(url.toLocalFile()) not in models]
    if not rest:
        return None
    other = QMimeData()
    other.setUrls(rest)
    return other


def model_files(urls: list) -> list[Path]:  # type: ignore[type-arg]
    """The local model files (.safetensors or legacy checkpoints) among dropped URLs."""
    files = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    return [f for f in files if f.suffix.lower() in MODEL_SUFFIXES and f.is_file()]
