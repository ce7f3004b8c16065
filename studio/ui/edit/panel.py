"""Edit ("Retocar"): paint over the picture what should be redrawn, then generate just that.
The panel takes the canvas's place in the window while editing (see mode.py)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QImage, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.generation.request import MAX_INPAINT_PADDING, MAX_OUTPAINT
from studio.ui.edit.flow import FlowLayout, side_by_side
from studio.ui.edit.mask_canvas import MAX_BRUSH, MIN_BRUSH, MaskCanvas
from studio.ui.edit.view import ZOOM_STEP


@dataclass(frozen=True)
class InpaintChoice:
    """What the Edit panel asks for besides the picture and the mask."""

    strength: float
    mask_blur: int
    full_res: bool
    outpaint: tuple[int, int, int, int] = (0, 0, 0, 0)  # left, top, right, bottom
    padding: int = 32  # context around the mask when only the masked area is redrawn


def _is_escape(event: QEvent) -> bool:
    return (
        isinstance(event, QKeyEvent)
        and event.key() == Qt.Key.Key_Escape
        and not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
    )


class EditPanel(QWidget):
    """The mask editor: brush or eraser, size ([ and ]), clear, invert, undo and redo; Done
    (Esc) asks to go back to the canvas."""

    inpaint_requested = Signal(object)  # InpaintChoice
    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = MaskCanvas()
        self.brush_button, self.eraser_button = QToolButton(), QToolButton()
        for button in (self.brush_button, self.eraser_button):
            button.setCheckable(True)
        self.brush_button.setChecked(True)
        self._tools = QButtonGroup(self)
        self._tools.addButton(self.brush_button)
        self._tools.addButton(self.eraser_button)
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(MIN_BRUSH, MAX_BRUSH)
        self.size_slider.setValue(self.canvas.brush_size)
        self.size_slider.setMinimumWidth(140)
        self.size_label = QLabel()
        self.clear_button, self.invert_button = QPushButton(), QPushButton()
        self.zoom_out_button, self.zoom_in_button = QToolButton(), QToolButton()
        self.fit_button = QToolButton()
        self.undo_action, self.redo_action = QAction(self), QAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_button, self.redo_button = QToolButton(), QToolButton()
        self.undo_button.setDefaultAction(self.undo_action)
        self.redo_button.setDefaultAction(self.redo_action)
        self.addActions([self.undo_action, self.redo_action])
        self.strength_spin = QDoubleSpinBox()
        self.strength_spin.setRange(0.05, 1.0)
        self.strength_spin.setSingleStep(0.05)
        self.strength_spin.setValue(0.75)
        self.blur_spin = QSpinBox()
        self.blur_spin.setRange(0, 64)
        self.blur_spin.setValue(4)
        self.full_res_check = QCheckBox()
        self.padding_spin = QSpinBox()
        self.padding_spin.setRange(0, MAX_INPAINT_PADDING)
        self.padding_spin.setValue(32)
        self.padding_spin.setSuffix(" px")
        self.padding_spin.setEnabled(False)
        self.method_label = QLabel()  # how the chosen model redraws the mask
        self.method_label.setWordWrap(True)
        self._inpainting_model: bool | None = None
        self.extend_label = QLabel()
        self.extend_spins = [QSpinBox() for _side in range(4)]  # left, top, right, bottom
        for spin in self.extend_spins:
            spin.setRange(0, MAX_OUTPAINT)
            spin.setSingleStep(64)
            spin.setSuffix(" px")
        self.strength_label, self.blur_label = QLabel(), QLabel()
        for label, field in ((self.strength_label, self.strength_spin),
                             (self.blur_label, self.blur_spin),
                             (self.size_label, self.size_slider)):  # fmt: skip
            label.setBuddy(field)  # screen readers say the label as the field's name
        self.title_label, self.prompt_hint = QLabel(), QLabel()  # the prompt is the window's
        self.title_label.setStyleSheet("font-weight: bold;")
        self.prompt_hint.setWordWrap(True)
        self.generate_button, self.done_button = QPushButton(), QPushButton()
        self._build_layout()
        self._connect()
        self._retranslate()
        self._update_buttons()

    def _build_layout(self) -> None:
        # Rows that wrap: the editor shares the window with the prompt panel and the gallery.
        tools, options, extend = FlowLayout(), FlowLayout(), FlowLayout()
        for group in (
            (self.brush_button, self.eraser_button),
            (self.size_label, self.size_slider),
            (self.clear_button, self.invert_button, self.undo_button, self.redo_button),
            (self.zoom_out_button, self.zoom_in_button, self.fit_button),
        ):
            tools.addWidget(side_by_side(*group))
        for group in (
            (self.strength_label, self.strength_spin),
            (self.blur_label, self.blur_spin),
        ):
            options.addWidget(side_by_side(*group))
        options.addWidget(self.full_res_check)
        options.addWidget(self.padding_spin)
        for widget in (self.extend_label, *self.extend_spins):
            extend.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.generate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.prompt_hint)
        layout.addLayout(tools)
        layout.addWidget(self.canvas, 1)
        for row in (options, extend):
            layout.addLayout(row)
        layout.addWidget(self.method_label)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.eraser_button.toggled.connect(self._on_eraser_button_toggled)
        self.full_res_check.toggled.connect(self.padding_spin.setEnabled)
        self.size_slider.valueChanged.connect(self.canvas.set_brush_size)
        self.canvas.brush_size_changed.connect(self._on_canvas_brush_size_changed)
        self.canvas.mask_changed.connect(self._update_buttons)
        self.clear_button.clicked.connect(self.canvas.clear)
        self.invert_button.clicked.connect(self.canvas.invert)
        self.undo_action.triggered.connect(self.canvas.undo)
        self.redo_action.triggered.connect(self.canvas.redo)
        self.generate_button.clicked.connect(self._on_generate_button_clicked)
        self.done_button.clicked.connect(self.done_requested)
        for spin in self.extend_spins:
            spin.valueChanged.connect(self._on_extend_spin_value_changed)
        self.canvas.margins_changed.connect(self._on_canvas_margins_changed)
        self.zoom_in_button.clicked.connect(lambda: self.canvas.zoom_by(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.canvas.zoom_by(1 / ZOOM_STEP))
        self.fit_button.clicked.connect(self.canvas.fit)

    def _retranslate(self) -> None:
        self.title_label.setText(self.tr("Edit picture"))
        self.prompt_hint.setText(
            self.tr(
                "Paint over what should change, type what should appear there in the Prompt "
                "box on the left, then press Generate in the mask."
            )
        )
        self.brush_button.setText(self.tr("Brush"))
        self.brush_button.setToolTip(self.tr("Paint what should be redrawn"))
        self.eraser_button.setText(self.tr("Eraser"))
        self.eraser_button.setToolTip(self.tr("Take part of the mask away"))
        self.size_slider.setToolTip(self.tr("Brush size in pixels of the picture ([ and ])"))
        self.clear_button.setText(self.tr("Clear"))
        self.invert_button.setText(self.tr("Invert"))
        self.undo_action.setText(self.tr("Undo"))
        self.redo_action.setText(self.tr("Redo"))
        self.strength_label.setText(self.tr("Strength:"))
        self.blur_label.setText(self.tr("Soft edge:"))
        self.full_res_check.setText(self.tr("Masked area only, at full resolution"))
        self.full_res_check.setToolTip(
            self.tr("Redraw a crop around the mask at the model's size: best for small faces")
        )
        self.padding_spin.setToolTip(self.tr("Context kept around the mask in that crop"))
        self.padding_spin.setAccessibleName(self.tr("Padding around the mask"))
        self.generate_button.setText(self.tr("Generate in the mask"))
        self.extend_label.setText(self.tr("Extend (left, top, right, bottom):"))
        for spin, side in zip(self.extend_spins, self._side_names(), strict=True):
            spin.setAccessibleName(side)
            spin.setToolTip(self.tr("Pixels added on this side; the new area is drawn"))
        self.done_button.setText(self.tr("Done"))
        self.done_button.setToolTip(self.tr("Back to the canvas; the mask is kept (Esc)"))
        self._show_method()
        self.canvas.setAccessibleName(self.tr("Picture with its mask"))
        self.canvas.setToolTip(
            self.tr(
                "Paint what should be redrawn. Drag a border outward to extend the picture. "
                "Zoom: Ctrl+wheel or + and -; move: space+drag or the middle button; 0 fits."
            )
        )
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setToolTip(self.tr("Zoom in (+)"))
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setToolTip(self.tr("Zoom out (-)"))
        self.fit_button.setText(self.tr("Fit"))
        self.fit_button.setToolTip(self.tr("Show the whole picture (0)"))
        self._on_canvas_brush_size_changed(self.canvas.brush_size)

    def event(self, event: QEvent) -> bool:
        # Esc in the editor means Done, not the window's Cancel: take the key before the
        # shortcut sees it (it reaches us from the focused tool when that does not use it).
        if event.type() == QEvent.Type.ShortcutOverride and _is_escape(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_escape(event):
            self.done_requested.emit()
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def set_picture(self, picture: QImage) -> None:
        """Edit this picture with a fresh, empty mask."""
        self.canvas.set_picture(picture)

    def edit(self, picture: QImage, keep_mask: bool) -> None:
        """Edit `picture`: the one already here is left as it is (mask, margins, undo); with
        `keep_mask`, another picture of the same size starts with the mask painted so far."""
        current = self.canvas.picture
        same_size = picture.size() == current.size()
        if same_size and picture.convertToFormat(current.format()) == current:
            return
        keep = keep_mask and same_size and not self.canvas.is_empty()
        mask = QImage(self.canvas.mask)
        self.set_picture(picture)
        if keep:
            self.canvas.set_mask(mask)

    def load_inputs(self, picture: QImage, mask: QImage | None, choice: InpaintChoice) -> None:
        """Edit `picture` again with its mask and settings (a reused inpainting)."""
        self.set_picture(picture)
        if mask is not None:
            self.canvas.set_mask(mask)
        self.strength_spin.setValue(choice.strength)
        self.blur_spin.setValue(choice.mask_blur)
        self.full_res_check.setChecked(choice.full_res)
        self.padding_spin.setValue(choice.padding)
        for spin, value in zip(self.extend_spins, choice.outpaint, strict=True):
            spin.setValue(value)

    def set_method(self, inpainting_model: bool | None) -> None:
        """Say how the chosen model redraws the mask (None: not known before it loads)."""
        self._inpainting_model = inpainting_model
        self._show_method()

    def _show_method(self) -> None:
        if self._inpainting_model is None:
            text = self.tr("Method: decided when the model loads (inpainting model or blending)")
        elif self._inpainting_model:
            text = self.tr("Method: inpainting model — it sees the picture and the mask")
        else:
            text = self.tr(
                "Method: blending — an ordinary model; the masked part is blended in at each "
                "step (an inpainting model from Models gives cleaner edges)"
            )
        self.method_label.setText(text)

    def _side_names(self) -> list[str]:
        return [self.tr("Extend left"), self.tr("Extend top"), self.tr("Extend right"),
                self.tr("Extend bottom")]  # fmt: skip

    def outpaint(self) -> tuple[int, int, int, int]:
        """The margins to add, each rounded down to a multiple of 8."""
        left, top, right, bottom = (spin.value() - spin.value() % 8 for spin in self.extend_spins)
        return left, top, right, bottom

    def choice(self) -> InpaintChoice:
        return InpaintChoice(
            self.strength_spin.value(),
            self.blur_spin.value(),
            self.full_res_check.isChecked(),
            self.outpaint(),
            self.padding_spin.value(),
        )

    def _on_eraser_button_toggled(self, erasing: bool) -> None:
        self.canvas.erasing = erasing

    def _on_canvas_brush_size_changed(self, size: int) -> None:
        self.size_slider.blockSignals(True)
        self.size_slider.setValue(size)
        self.size_slider.blockSignals(False)
        self.size_label.setText(self.tr("Size: %1 px").replace("%1", str(size)))

    def _on_extend_spin_value_changed(self) -> None:
        left, top, right, bottom = (spin.value() for spin in self.extend_spins)
        self.canvas.set_margins((left, top, right, bottom))
        self._update_buttons()

    def _on_canvas_margins_changed(self, margins: tuple[int, int, int, int]) -> None:
        for spin, value in zip(self.extend_spins, margins, strict=True):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self._update_buttons()

    def tab_chain(self) -> list[QWidget]:
        """The editor's controls in reading order, for the window's Tab order."""
        return [self.brush_button, self.eraser_button, self.size_slider, self.clear_button,
                self.invert_button, self.undo_button, self.redo_button, self.zoom_out_button,
                self.zoom_in_button, self.fit_button, self.canvas, self.strength_spin,
                self.blur_spin, self.full_res_check, self.padding_spin, *self.extend_spins,
                self.done_button, self.generate_button]  # fmt: skip

    def can_generate(self) -> bool:
        """Whether there is something to redraw: a painted mask or a side to extend."""
        return not self.canvas.is_empty() or any(self.outpaint())

    def _update_buttons(self) -> None:
        self.undo_action.setEnabled(self.canvas.can_undo())
        self.redo_action.setEnabled(self.canvas.can_redo())
        self.generate_button.setEnabled(self.can_generate())

    def _on_generate_button_clicked(self) -> None:
        self.inpaint_requested.emit(self.choice())
