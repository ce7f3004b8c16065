"""The prompt panel: what to draw, simple settings, and the advanced ones behind a reveal."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.base.errors import StudioError
from studio.core.generation.request import (
    MAX_COUNT,
    MAX_GUIDANCE,
    MAX_STEPS,
    SAMPLERS,
    GenerationRequest,
    parse_seed,
)
from studio.core.models.defaults import fill_family_defaults
from studio.ui.accessibility import chain_tab_order, describe, name_controls
from studio.ui.init_image_box import InitImageBox
from studio.ui.lora_panel import LoraPanel
from studio.ui.models_dialog_picker import (
    adapt_to_family,
    combo_ref,
    family_of,
    select_ref,
    show_name_start,
)

HISTORY_LENGTH = 15


def size_presets(width: int, height: int) -> list[tuple[int, int]]:
    """Square, portrait and landscape sizes around a family's native size, multiples of 8."""
    side = max(width, height)
    short = (side * 3 // 4) // 8 * 8
    return [(side, side), (short, side), (side, short)]


class PromptPanel(QWidget):
    """Builds a GenerationRequest from what the user set; shows one back for "reuse"."""

    generate_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, model_ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: list[str] = []
        self._last_seed: int | None = None
        self._build_widgets(model_ref)
        self._build_layout()
        self._connect()
        self._set_tab_order()
        self._retranslate()
        self._apply_family_defaults()
        self.set_advanced(False)

    def _build_widgets(self, model_ref: str) -> None:
        self.prompt_edit = QPlainTextEdit()
        self.prompt_edit.setTabChangesFocus(True)
        self.negative_edit = QPlainTextEdit()
        self.negative_edit.setTabChangesFocus(True)
        self.negative_edit.setMaximumHeight(70)
        self.history_button = QToolButton()
        self.history_button.setText("⟲")
        self.history_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.history_button.setMenu(QMenu(self.history_button))
        self.size_combo = QComboBox()
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, MAX_COUNT)
        self.model_combo = QComboBox()
        self.model_combo.setEditable(True)
        self.model_combo.addItems(list(dict.fromkeys([model_ref, "demo"])))
        self.models_button = QToolButton()
        self.models_button.setText("⋯")
        self.lora_panel = LoraPanel()
        self.seed_edit = QLineEdit()
        self.dice_button = QToolButton()
        self.dice_button.setText("⚄")
        self.reuse_seed_button = QToolButton()
        self.reuse_seed_button.setText("♻")
        self.lock_seed = QCheckBox()
        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(1, MAX_STEPS)
        self.guidance_spin = QDoubleSpinBox()
        self.guidance_spin.setRange(0.0, MAX_GUIDANCE)
        self.guidance_spin.setSingleStep(0.5)
        self.guidance_spin.setDecimals(1)
        self.sampler_combo = QComboBox()
        self.sampler_combo.addItems(list(SAMPLERS))
        self.advanced_toggle = QToolButton()
        self.advanced_toggle.setCheckable(True)
        self.advanced_box = QWidget()
        self.init_box = InitImageBox()
        self.generate_button = QPushButton()
        self.generate_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)

    def _build_layout(self) -> None:
        self._prompt_label, self._negative_label = QLabel(), QLabel()
        self._prompt_label.setBuddy(self.prompt_edit)
        self._negative_label.setBuddy(self.negative_edit)
        head = QHBoxLayout()
        head.addWidget(self._prompt_label, 1)
        head.addWidget(self.history_button)
        simple = QFormLayout()
        self._model_label, self._size_label, self._count_label = QLabel(), QLabel(), QLabel()
        model_row = QHBoxLayout()  # in view, not under Advanced: a new user's first choice
        model_row.addWidget(self.model_combo, 1)
        model_row.addWidget(self.models_button)
        simple.addRow(self._model_label, model_row)
        simple.addRow(self._size_label, self.size_combo)
        simple.addRow(self._count_label, self.count_spin)
        seed_row = QHBoxLayout()
        for widget in (self.seed_edit, self.dice_button, self.reuse_seed_button, self.lock_seed):
            seed_row.addWidget(widget)
        advanced = QFormLayout(self.advanced_box)
        advanced.setContentsMargins(0, 0, 0, 0)
        advanced.addRow(self._negative_label, self.negative_edit)
        self._advanced_labels = [QLabel() for _ in range(5)]
        for label, field in zip(
            self._advanced_labels,
            (self.lora_panel, seed_row, self.steps_spin, self.guidance_spin, self.sampler_combo),
            strict=True,
        ):  # fmt: skip
            advanced.addRow(label, field)
        # The window places this bar outside any scroll area: Generate is always in view.
        self.action_bar = QWidget()
        buttons = QHBoxLayout(self.action_bar)
        buttons.addWidget(self.generate_button, 2)
        buttons.addWidget(self.cancel_button, 1)
        column = QVBoxLayout(self)
        column.addLayout(head)
        self.prompt_edit.setMinimumHeight(80)
        self.prompt_edit.setMaximumHeight(140)
        column.addWidget(self.prompt_edit)
        column.addLayout(simple)
        column.addWidget(self.advanced_toggle)
        column.addWidget(self.advanced_box)
        column.addWidget(self.init_box)
        column.addStretch(1)

    def _connect(self) -> None:
        self.advanced_toggle.toggled.connect(self.set_advanced)
        self.dice_button.clicked.connect(self._on_dice_clicked)
        self.reuse_seed_button.clicked.connect(self._on_reuse_seed_clicked)
        self.model_combo.activated.connect(self._apply_family_defaults)
        self.model_combo.activated.connect(lambda _i: show_name_start(self.model_combo))
        self.model_combo.lineEdit().editingFinished.connect(self._apply_family_defaults)
        self.generate_button.clicked.connect(self.generate_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.init_box.removed.connect(self.init_box.clear)

    def _retranslate(self) -> None:
        self._prompt_label.setText(self.tr("&Prompt — what to draw"))
        self.prompt_edit.setPlaceholderText(self.tr("a lighthouse at sunset, oil painting"))
        self.prompt_edit.setToolTip(
            self.tr("Describe the picture in plain words. Ctrl+Enter generates.")
        )
        self.history_button.setToolTip(self.tr("Recent prompts"))
        self._negative_label.setText(self.tr("&Avoid"))
        self.negative_edit.setPlaceholderText(self.tr("blurry, text, watermark"))
        self.negative_edit.setToolTip(
            self.tr("Things you do not want in the picture (negative prompt).")
        )
        self._size_label.setText(self.tr("Size"))
        self.size_combo.setToolTip(self.tr("Sizes that suit the chosen model. Bigger is slower."))
        self._count_label.setText(self.tr("Images"))
        self.count_spin.setToolTip(self.tr("How many pictures to make, each with the next seed."))
        self._model_label.setText(self.tr("Mo&del"))
        self._model_label.setBuddy(self.model_combo)
        labels = (
            self.tr("LoRA"),
            self.tr("Seed"),
            self.tr("Steps"),
            self.tr("Guidance"),
            self.tr("Sampler"),
        )
        for label, text in zip(self._advanced_labels, labels, strict=True):
            label.setText(text)
        self.model_combo.lineEdit().setPlaceholderText(self.tr("automatic"))
        self.model_combo.setToolTip(
            self.tr("“demo”, a model folder, a .safetensors file or a Hugging Face id.")
        )
        self.models_button.setToolTip(
            self.tr("Models: download, add files, use other apps' models")
        )
        self.seed_edit.setPlaceholderText(self.tr("random"))
        self.seed_edit.setToolTip(
            self.tr("Same seed and settings: same picture on the same device. Empty means random.")
        )
        self.dice_button.setToolTip(self.tr("Random seed"))
        self.reuse_seed_button.setToolTip(self.tr("Reuse the seed of the last picture"))
        self.lock_seed.setText(self.tr("Keep"))
        self.lock_seed.setToolTip(self.tr("Keep this seed for the next pictures"))
        self.steps_spin.setToolTip(
            self.tr("More steps: more detail, slower. Turbo models need 1–4.")
        )
        self.guidance_spin.setToolTip(
            self.tr("How strictly to follow the prompt. Turbo models use 0.")
        )
        self.sampler_combo.setToolTip(self.tr("The method that removes the noise step by step."))
        self.generate_button.setText(self.tr("Generate  (Ctrl+Enter)"))
        describe(self.generate_button, self.tr("Make a picture with these settings."))
        self.cancel_button.setText(self.tr("Cancel  (Esc)"))
        describe(self.cancel_button, self.tr("Stop the picture being made; nothing is saved."))
        describe(self.advanced_toggle, self.tr("Show or hide LoRAs, seed, steps and sampler."))
        self._name_controls()
        self._update_advanced_text()
        self._fill_size_combo(self.current_size())

    def _name_controls(self) -> None:
        name_controls(
            [
                (self.prompt_edit, self.tr("Prompt")),
                (self.history_button, self.tr("Recent prompts")),
                (self.size_combo, self.tr("Size")),
                (self.count_spin, self.tr("Number of images")),
                (self.advanced_toggle, self.tr("Advanced settings")),
                (self.negative_edit, self.tr("Avoid (negative prompt)")),
                (self.model_combo, self.tr("Model")),
                (self.models_button, self.tr("Models…")),
                (self.seed_edit, self.tr("Seed")),
                (self.dice_button, self.tr("Random seed")),
                (self.reuse_seed_button, self.tr("Reuse the last seed")),
                (self.lock_seed, self.tr("Keep this seed")),
                (self.steps_spin, self.tr("Steps")),
                (self.guidance_spin, self.tr("Guidance")),
                (self.sampler_combo, self.tr("Sampler")),
                (self.generate_button, self.tr("Generate")),
                (self.cancel_button, self.tr("Cancel")),
            ]
        )

    def _set_tab_order(self) -> None:
        """Top to bottom as shown, the advanced fields right after their toggle."""
        chain_tab_order(
            [
                self.prompt_edit, self.history_button, self.model_combo, self.models_button,
                self.size_combo, self.count_spin, self.advanced_toggle, self.negative_edit,
                self.lora_panel, self.seed_edit, self.dice_button, self.reuse_seed_button,
                self.lock_seed, self.steps_spin, self.guidance_spin, self.sampler_combo,
                self.init_box, self.generate_button, self.cancel_button,
            ]
        )  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- simple / advanced ---------------------------------------------------------------------
    def set_advanced(self, shown: bool) -> None:
        self.advanced_box.setVisible(shown)
        if self.advanced_toggle.isChecked() != shown:
            self.advanced_toggle.setChecked(shown)
        self._update_advanced_text()

    def _update_advanced_text(self) -> None:
        shown = self.advanced_toggle.isChecked()
        arrow = "▾" if shown else "▸"
        label = self.tr("Advanced")
        self.advanced_toggle.setText(f"{arrow} {label}")

    # -- the request -----------------------------------------------------------------------------
    def set_model(self, model_ref: str) -> None:
        """Choose a model and take its family's steps, guidance, size and sampler."""
        select_ref(self.model_combo, model_ref)
        self._apply_family_defaults()

    def model_ref(self) -> str:
        return combo_ref(self.model_combo)

    def current_size(self) -> tuple[int, int] | None:
        data = self.size_combo.currentData()
        return tuple(data) if data else None  # type: ignore[return-value]

    def build_request(self) -> GenerationRequest:
        """The request for what the panel shows; raises InvalidRequestError on a bad seed."""
        width, height = self.current_size() or (512, 512)
        init = self.init_box.path
        mask = self.init_box.mask
        return GenerationRequest(
            prompt=self.prompt_edit.toPlainText().strip(),
            negative_prompt="" if self.negative_edit.isHidden() else self._negative_text(),
            model=self.model_ref(),
            seed=parse_seed(self.seed_edit.text()),
            steps=self.steps_spin.value(),
            guidance=self.guidance_spin.value(),
            width=width,
            height=height,
            sampler=self.sampler_combo.currentText(),
            count=self.count_spin.value(),
            init_image=str(init) if init else None,
            strength=self.init_box.strength,
            mask=str(mask) if mask else None,
            loras=self.lora_panel.loras(),
            **(self.init_box.inpaint_options if init else {}),
        )

    def _negative_text(self) -> str:
        return self.negative_edit.toPlainText().strip()

    def apply_request(self, request: GenerationRequest) -> None:
        """Show a request's settings (reuse settings of an image)."""
        self.prompt_edit.setPlainText(request.prompt)
        self.negative_edit.setPlainText(request.negative_prompt)
        if request.model:
            select_ref(self.model_combo, request.model)
        self.lora_panel.set_loras(request.loras)
        self.seed_edit.setText("" if request.seed is None else str(request.seed))
        self.steps_spin.setValue(request.steps)
        self.guidance_spin.setValue(request.guidance)
        self._fill_size_combo((request.width, request.height))
        if request.sampler in SAMPLERS:
            self.sampler_combo.setCurrentText(request.sampler)
        self.count_spin.setValue(request.count)

    def _apply_family_defaults(self) -> None:
        try:
            defaults = fill_family_defaults(self.model_ref(), {})
        except StudioError:
            return  # a model that is not there yet: the request will say so when run
        negative = (self._negative_label, self.negative_edit)
        adapt_to_family(family_of(self.model_ref()), negative, self.sampler_combo)
        self.steps_spin.setValue(int(defaults["steps"]))  # type: ignore[call-overload]
        self.guidance_spin.setValue(float(defaults["guidance"]))  # type: ignore[arg-type]
        self.sampler_combo.setCurrentText(str(defaults["sampler"]))
        self._family_size = (int(defaults["width"]), int(defaults["height"]))  # type: ignore[call-overload]
        self._fill_size_combo(self._family_size)

    def _fill_size_combo(self, selected: tuple[int, int] | None) -> None:
        family = getattr(self, "_family_size", (512, 512))
        names = (self.tr("square"), self.tr("portrait"), self.tr("landscape"))
        choices = [
            (size, f"{size[0]} × {size[1]}  {name}")
            for size, name in zip(size_presets(*family), names, strict=True)
        ]
        if selected and selected not in [size for size, _ in choices]:
            choices.append((selected, f"{selected[0]} × {selected[1]}"))
        self.size_combo.blockSignals(True)
        self.size_combo.clear()
        for size, text in choices:
            self.size_combo.addItem(text, list(size))
        self.size_combo.setCurrentIndex(
            next((i for i, (s, _) in enumerate(choices) if s == selected), 0)
        )
        self.size_combo.blockSignals(False)

    # -- seeds and history ---------------------------------------------------------------------
    def note_generated(self, request: GenerationRequest) -> None:
        """Remember the seed just used and the prompt, for the ♻ button and the history."""
        self._last_seed = request.seed
        if self.lock_seed.isChecked() and request.seed is not None:
            self.seed_edit.setText(str(request.seed))

    def remember_prompt(self, prompt: str) -> None:
        if prompt:
            self.set_history([prompt, *[p for p in self._history if p != prompt]])

    def history(self) -> list[str]:
        return list(self._history)

    def set_history(self, prompts: list[str]) -> None:
        self._history = [p for p in prompts if p][:HISTORY_LENGTH]
        menu = self.history_button.menu()
        menu.clear()
        for prompt in self._history:
            text = prompt if len(prompt) < 60 else prompt[:59] + "…"
            menu.addAction(text).triggered.connect(
                lambda _=False, p=prompt: self.prompt_edit.setPlainText(p)
            )
        self.history_button.setEnabled(bool(self._history))

    def _on_dice_clicked(self) -> None:
        self.seed_edit.clear()
        self.lock_seed.setChecked(False)

    def _on_reuse_seed_clicked(self) -> None:
        if self._last_seed is not None:
            self.seed_edit.setText(str(self._last_seed))

    def set_busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)
