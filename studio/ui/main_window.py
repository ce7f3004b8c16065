"""The main window: composes the panels and wires them to the controller."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studio import APP_NAME
from studio.core.base.errors import StudioError
from studio.core.base.paths import AppPaths
from studio.core.base.settings import Settings
from studio.core.generation.request import GenerationRequest
from studio.runtime.controller import GenerationController, State
from studio.runtime.gallery import GalleryModel
from studio.ui.accessibility import chain_tab_order
from studio.ui.canvas import CanvasView
from studio.ui.dropped_images import queue_one_job_per_image
from studio.ui.edit.mode import EditMode
from studio.ui.feedback import MessageBanner, ProgressStrip
from studio.ui.gallery.panel import GalleryPanel
from studio.ui.i18n import Translations
from studio.ui.image_input import load_input_preview, paths_from_mime, read_request_from_image
from studio.ui.model_choice import ModelChoice, ModelChoiceCommands
from studio.ui.models.hookup import ModelsHookup
from studio.ui.prompt_panel import PromptPanel
from studio.ui.queue_panel import QueuePanel
from studio.ui.reuse_settings import reuse_settings
from studio.ui.timeline import TimelineStrip
from studio.ui.window.actions import WindowActions, WindowCommands
from studio.ui.window.help_menu import HelpMenu
from studio.ui.window.job_status import JobStatus
from studio.ui.window.parts import WindowParts
from studio.ui.window.settings_flow import SettingsFlow
from studio.ui.window.state import restore_ui_state, save_ui_state
from studio.ui.window.unsaved_image import UnsavedImageKeeper

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Prompt on the left, canvas in the middle, gallery on the right."""

    def __init__(
        self,
        paths: AppPaths,
        controller: GenerationController,
        gallery: GalleryModel,
        translations: Translations,
        model_ref: str,
    ) -> None:
        super().__init__()
        self._paths = paths
        self._controller = controller
        self.controller = controller
        self._gallery = gallery
        self._translations = translations
        self._ui_state = QSettings(str(paths.config / "window.ini"), QSettings.Format.IniFormat)
        self._dropped_request: GenerationRequest | None = None
        self.prompt_panel = PromptPanel(model_ref)
        self.queue_panel = QueuePanel(controller)
        self.canvas = CanvasView()
        self.progress = ProgressStrip()
        self.banner = MessageBanner()
        self.gallery_panel = GalleryPanel(gallery)
        self.device_label = QLabel()
        self.state_label = QLabel()
        self.timeline = TimelineStrip()
        self._build_layout()
        self.parts = WindowParts(
            self,
            controller,
            self.prompt_panel,
            self.canvas,
            self.banner,
            self.state_label,
            self.timeline,
            {"splitter": self.splitter, "left_splitter": self.left_splitter},
        )
        self.unsaved = UnsavedImageKeeper(self.parts)
        self.settings_flow = SettingsFlow(
            self.parts, paths, translations, gallery, lambda: self.models_ui.refresh_picker()
        )
        self.api = self.settings_flow.api
        commands = WindowCommands(
            self.generate,
            self.paste_image,
            self.open_image_dialog,
            self.load_settings_dialog,
            self.open_settings,
        )
        self.actions = WindowActions(self.parts, commands, self.unsaved)
        self.file_menu = self.actions.file_menu
        self.advanced_action = self.actions.advanced
        self.edit_mode = EditMode(self.parts, paths, self.actions.image_menu)
        self._connect()
        self.models_ui = ModelsHookup(self.parts, paths, self.apply_settings)
        self.model_choice = ModelChoice(
            self.parts,
            ModelChoiceCommands(self.models_ui.download, self.generate, self.apply_settings),
        )
        self.help_menu = HelpMenu(self.parts, paths, lambda: self._gallery.root)
        self.settings_flow.follow_api_switch(controller.settings)
        self.setAcceptDrops(True)
        for edit in (self.prompt_panel.prompt_edit, self.prompt_panel.negative_edit):
            edit.setAcceptDrops(False)  # a dropped file is an image to transform, not text
        self._retranslate()
        restore_ui_state(self.parts, self._ui_state)

    def _build_layout(self) -> None:
        scroll = self._prompt_scroll = QScrollArea()
        scroll.setWidget(self.prompt_panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
        scroll.setMinimumWidth(360)
        prompt_column = QWidget()
        prompt_layout = QVBoxLayout(prompt_column)
        prompt_layout.setContentsMargins(0, 0, 0, 0)
        prompt_layout.addWidget(scroll, 1)
        prompt_layout.addWidget(self.prompt_panel.action_bar)
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.addWidget(prompt_column)
        self.left_splitter.addWidget(self.queue_panel)
        self.left_splitter.setStretchFactor(0, 1)
        self.left_splitter.setSizes([640, 110])
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addWidget(self.canvas, 1)
        column.addWidget(self.timeline)
        column.addWidget(self.progress)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.left_splitter, centre, self.gallery_panel):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 640, 260])
        self.setCentralWidget(self.splitter)
        # Left to right: prompt, queue, canvas and its timeline, then the gallery.
        chain_tab_order([self.canvas, self.timeline.slider, self.timeline.export_button])
        self.statusBar().addWidget(self.state_label, 1)
        self.statusBar().addPermanentWidget(self.device_label)

    def _connect(self) -> None:
        c = self._controller
        self.job_status = JobStatus(self.parts, self.progress, self.device_label, self._gallery)
        c.problem_reported.connect(self.banner.show_message)
        c.model_ready.connect(self._on_controller_model_ready)
        self.prompt_panel.generate_requested.connect(self.generate)
        self.prompt_panel.cancel_requested.connect(c.cancel)
        self.prompt_panel.advanced_toggle.toggled.connect(self.advanced_action.setChecked)
        self.prompt_panel.init_box.settings_reuse_requested.connect(self._on_init_box_reuse)
        self.gallery_panel.image_activated.connect(self._on_gallery_image_activated)
        self.gallery_panel.settings_reuse_requested.connect(self.reuse_settings_of)
        self.gallery_panel.init_image_requested.connect(self.set_init_image)
        self.gallery_panel.message_reported.connect(self.banner.show_message)
        self.timeline.frame_selected.connect(self.canvas.show_image)
        self.timeline.message_reported.connect(self.state_label.setText)

    def _retranslate(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.actions.retranslate()
        self.job_status.show_state(self._controller.state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- generating ------------------------------------------------------------------------------
    def generate(self) -> None:
        """Queue what the prompt panel shows; a problem is shown, nothing is queued. While
        editing, it redraws the painted part."""
        if self.edit_mode.is_active():
            self.edit_mode.generate()
            return
        try:
            request = self.prompt_panel.build_request()
            self._controller.submit(request)
        except StudioError as exc:
            self.banner.show_message(str(exc))
            return
        self.banner.hide()
        self.prompt_panel.remember_prompt(request.prompt)

    def _on_controller_model_ready(self, model_ref: str) -> None:
        if not self.prompt_panel.model_ref():
            self.prompt_panel.set_model(model_ref)

    # -- images coming in ------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        event.acceptProposedAction()
        rest = self.models_ui.handle_drop(event.mimeData())  # model files go to Models
        if rest is not None:  # pictures, also when dropped together with a model file
            self.use_mime_input(rest)

    def paste_image(self) -> None:
        self.use_mime_input(QGuiApplication.clipboard().mimeData())

    def use_mime_input(self, mime: object) -> bool:
        """One image becomes the input; several become one img2img job each in the queue."""
        try:
            files = paths_from_mime(mime, self._paths.cache / "pasted")  # type: ignore[arg-type]
            if len(files) == 1:
                return self.set_init_image(files[0])
            queued = queue_one_job_per_image(self.prompt_panel, self._controller, files)
        except StudioError as exc:
            self.banner.show_message(str(exc))
            return False
        self.banner.show_message(queued.message())
        return bool(queued.queued)

    def set_init_image(self, path: Path) -> bool:
        """Use `path` for img2img, or show why it cannot be used and change nothing."""
        try:
            preview = load_input_preview(path)
        except StudioError as exc:
            self.banner.show_message(str(exc))
            return False
        base = GenerationRequest(prompt="", model=self.prompt_panel.model_ref())
        self._dropped_request = read_request_from_image(path, base)
        box = self.prompt_panel.init_box
        box.set_image(path, preview, self._dropped_request is not None)
        self.edit_mode.note_input()  # Edit picture takes the newest picture
        # Below the advanced fields the box may be out of view: bring it in once laid out.
        QTimer.singleShot(0, self, lambda: self._prompt_scroll.ensureWidgetVisible(box))
        self.banner.hide()
        return True

    def reuse_settings_of(self, path: Path) -> None:
        self.load_settings_from(path)

    def load_settings_dialog(self) -> None:
        """Ask for an image made by any tool and put its settings into the prompt panel."""
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Load settings from image"),
            str(self._gallery.root),
            self.tr("Images (*.png *.jpg *.jpeg *.webp)"),
        )
        if name:
            self.load_settings_from(Path(name))

    def load_settings_from(self, path: Path) -> bool:
        """Apply the settings stored in `path`; say plainly what could not be used."""
        applied, message = reuse_settings(path, self.prompt_panel)
        self.banner.show_message(message, self.edit_mode.reuse_choices() if applied else ())
        return applied

    def _on_init_box_reuse(self) -> None:
        path = self.prompt_panel.init_box.path
        if self._dropped_request is not None and path is not None:
            self.load_settings_from(path)  # the same checks and messages as any other reuse

    def _on_gallery_image_activated(self, path: Path) -> None:
        from PySide6.QtGui import QImage

        self.canvas.show_image(QImage(str(path)))
        self.edit_mode.follow()

    def open_image_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open image to transform"),
            "",
            self.tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"),
        )
        if name:
            self.set_init_image(Path(name))

    # -- settings ----------------------------------------------------------------------------------
    def open_settings(self) -> None:
        self.settings_flow.open_dialog()

    def apply_settings(self, settings: Settings) -> None:
        """Save and apply new settings: language and theme at once, the rest from the next job."""
        self.settings_flow.apply(settings)

    # -- closing and restoring ---------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if (
            self._controller.state in (State.GENERATING, State.CANCELLING)
            and not self._confirm_close()
        ):
            event.ignore()
            return
        save_ui_state(self.parts, self._ui_state)
        self._controller.shutdown()
        self.api.shutdown()
        self.models_ui.shutdown()
        self.gallery_panel.shutdown()
        self.timeline.shutdown()
        self._gallery.shutdown()
        event.accept()

    def _confirm_close(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Stop and quit?"),
            self.tr("A picture is being made. Stop it and quit? Nothing half-made is saved."),
        )
        return answer == QMessageBox.StandardButton.Yes
