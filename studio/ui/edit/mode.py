"""Edit as a mode of the window: Image ▸ Edit picture (Ctrl+E) puts the editor in the canvas's
place (prompt panel and gallery stay beside it), Done (Esc) brings the canvas back, and Generate
queues an inpainting job with the prompt panel's settings, then shows the canvas, where the
steps and the result appear."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QIODevice, QObject, QSaveFile
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QMenu, QStackedWidget, QWidget

from studio.core.base.errors import StudioError
from studio.core.base.paths import AppPaths
from studio.core.generation.request import MAX_PIXELS, MAX_SIDE, MIN_SIDE, GenerationRequest
from studio.ui.accessibility import chain_tab_order
from studio.ui.edit.panel import EditPanel, InpaintChoice
from studio.ui.images import pil_to_qimage
from studio.ui.window.parts import WindowParts

if TYPE_CHECKING:  # the engine and inpaint modules bring numpy: ~100 ms at launch
    from studio.core.generation.engine import GeneratedImage


def picture_size(image: QImage, fallback: tuple[int, int]) -> tuple[int, int]:
    """The picture's own size made valid (multiples of 8), or the panel's when it is too big."""
    sides = (image.width(), image.height())
    width, height = (max(MIN_SIDE, min(MAX_SIDE, side - side % 8)) for side in sides)
    return (width, height) if width * height <= MAX_PIXELS else fallback


def stack_over(widget: QWidget) -> QStackedWidget:
    """A stack put where `widget` is in its parent's layout, holding it as its first page."""
    stack = QStackedWidget()
    layout = widget.parentWidget().layout()
    layout.replaceWidget(widget, stack)
    stack.addWidget(widget)
    return stack


class EditMode(QObject):
    """The Edit action, the editor in the canvas's place, and the inpainting jobs it queues."""

    def __init__(self, parts: WindowParts, paths: AppPaths, menu: QMenu) -> None:
        super().__init__(parts.window)
        self._parts = parts
        self.folder = paths.data / "inpaint"  # the queue is saved: its inputs must last too
        parts.prompt_panel.init_box.sources_folder = self.folder
        self.panel = EditPanel()
        self.stack = stack_over(parts.canvas)
        self.stack.addWidget(self.panel)  # its rows wrap: the window keeps its minimum width
        # Tab goes through the editor where it stands, between the canvas and the timeline.
        chain_tab_order([parts.canvas, *self.panel.tab_chain(), parts.timeline.slider])
        self.panel.inpaint_requested.connect(self._on_panel_inpaint_requested)
        self.panel.done_requested.connect(self.leave)
        self._source = ""  # the last job's saved picture, to know its result when it comes
        self._result: QImage | None = None
        self._input_over: int | None = None  # the canvas's picture when an input came
        parts.controller.job_image_saved.connect(self._on_controller_job_image_saved)
        self.action = QAction(parts.window)
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.triggered.connect(self.open)
        parts.window.addAction(self.action)
        menu.addAction(self.action)
        parts.window.installEventFilter(self)  # the window's language change reaches us too
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.action.setText(self.tr("Edit picture (inpaint)…"))

    def note_input(self) -> None:
        """A picture to transform was just opened, dropped or pasted: Edit takes it until the
        canvas shows another picture."""
        shown = self._parts.canvas.image
        self._input_over = shown.cacheKey() if shown is not None else None
        self.follow()

    def follow(self) -> None:
        """While editing, a picture the user just chose (opened, dropped, picked in the
        gallery) is the one to edit; pictures that jobs bring do not interrupt the painting."""
        if self.is_active():
            self.open()

    def _picture_to_edit(self) -> QImage | None:
        """The newer of the canvas's picture and the picture to transform."""
        shown, canvas = self._parts.canvas.image, self._parts.canvas
        input_newer = (shown.cacheKey() if shown is not None else None) == self._input_over
        if shown is None or canvas.is_preview or input_newer:
            return self._input_picture() or (None if canvas.is_preview else shown)
        return shown

    def open(self) -> None:
        """Edit the canvas's picture or the one opened to transform, whichever came last, else
        the one left in the editor (while a job forms); says so when there is none."""
        image = self._picture_to_edit()
        if image is None and not self.panel.canvas.picture.isNull():
            image = self.panel.canvas.picture
        if image is None:
            self._parts.banner.show_message(
                self.tr("Nothing to edit yet: generate, open or paste a picture first.")
            )
            return
        # The result of the last edit keeps its mask: redrawing the same part again is common.
        self.panel.edit(image, keep_mask=self._result is not None and image == self._result)
        self._show_panel()

    def _input_picture(self) -> QImage | None:
        path = self._parts.prompt_panel.init_box.path
        image = QImage(str(path)) if path is not None else QImage()
        return None if image.isNull() else image

    def is_active(self) -> bool:
        """Whether the editor is in the canvas's place."""
        return self.stack.currentWidget() is self.panel

    def _show_panel(self) -> None:
        from studio.core.generation.inpaint import uses_inpainting_model

        self.panel.set_method(uses_inpainting_model(self._parts.prompt_panel.model_ref()))
        self.stack.setCurrentWidget(self.panel)
        self.panel.canvas.setFocus()

    def leave(self) -> None:
        """Back to the canvas; the editor keeps its picture, mask and settings."""
        self.stack.setCurrentWidget(self._parts.canvas)
        self._parts.canvas.setFocus()

    def generate(self) -> None:
        """The window's Generate while editing: redraw the mask, or say what is missing."""
        if self.panel.can_generate():
            self._on_panel_inpaint_requested(self.panel.choice())
        else:
            self._parts.banner.show_message(
                self.tr("Paint over the part to redraw first (or extend a side), then Generate.")
            )

    def reuse_choices(self) -> list[tuple[str, Callable[[], object]]]:
        """The banner's offer after Reuse settings restored an inpainting into the panel."""
        box = self._parts.prompt_panel.init_box
        if box.path is None or not box.inpaint_options:
            return []
        return [(self.tr("Open in Edit picture"), self.open_restored)]

    def open_restored(self) -> None:
        """Open the editor on the panel's restored source, with its mask and settings."""
        box = self._parts.prompt_panel.init_box
        if box.path is None:
            return
        picture = QImage(str(box.path))
        if picture.isNull():
            self._parts.banner.show_message(
                self.tr("The picture to edit could not be kept: %1").replace("%1", box.path.name)
            )
            return
        mask_file = box.mask if box.mask != box.path else None
        mask = QImage(str(mask_file)) if mask_file is not None else None
        options = box.inpaint_options
        choice = InpaintChoice(
            box.strength,
            int(options.get("mask_blur", self.panel.blur_spin.value())),
            bool(options.get("inpaint_full_res", False)),
            tuple(options.get("outpaint", (0, 0, 0, 0))),  # type: ignore[arg-type]
            int(options.get("inpaint_padding", self.panel.padding_spin.value())),
        )
        self.panel.load_inputs(picture, mask, choice)
        self._show_panel()

    def _on_panel_inpaint_requested(self, choice: InpaintChoice) -> None:
        try:
            request = self.request_for(choice)
            self._source, self._result = request.init_image or "", None
            if not self._parts.canvas.is_preview:  # no other job forming: show what is redrawn
                self._parts.canvas.show_image(self.panel.canvas.picture)
            self._parts.controller.submit(request)
        except StudioError as exc:
            self._parts.banner.show_message(str(exc))
            return
        except OSError as exc:
            self._parts.banner.show_message(
                self.tr("The picture to edit could not be kept: %1").replace("%1", str(exc))
            )
            return
        self._parts.banner.hide()
        self._parts.prompt_panel.remember_prompt(request.prompt)
        self.leave()  # the steps and the result show on the canvas

    def _on_controller_job_image_saved(
        self, _job_id: str, _path: str, result: GeneratedImage
    ) -> None:
        if self._source and result.request.init_image == self._source:
            self._result = pil_to_qimage(result.image)

    def request_for(self, choice: InpaintChoice) -> GenerationRequest:
        """The prompt panel's request, redrawing the masked part of the editor's picture."""
        base = self._parts.prompt_panel.build_request()
        picture = self.panel.canvas.picture
        stem = uuid.uuid4().hex[:12]
        source = self._save(picture, f"{stem}.png")
        empty = self.panel.canvas.is_empty()  # extending alone needs no mask
        mask = None if empty else str(self._save(self.panel.canvas.mask, f"{stem}.mask.png"))
        width, height = picture_size(picture, (base.width, base.height))
        return replace(
            base,
            init_image=str(source),
            mask=mask,
            outpaint=choice.outpaint,
            strength=choice.strength,
            mask_blur=choice.mask_blur,
            inpaint_full_res=choice.full_res,
            inpaint_padding=choice.padding,
            width=width,
            height=height,
        )

    def _save(self, image: QImage, name: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / name
        file = QSaveFile(str(path))
        if not file.open(QIODevice.OpenModeFlag.WriteOnly) or not image.save(file, "PNG"):
            file.cancelWriting()
            raise OSError(file.errorString() or name)
        if not file.commit():
            raise OSError(file.errorString() or name)
        return path
