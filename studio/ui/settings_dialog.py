"""The settings dialog: language, output folder, default model, device, theme, preview,
whether other programs may use Lienzo (the API), and where jobs run (servers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.base.devices import DEVICE_CHOICES
from studio.core.base.settings import Settings

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.ui.servers.page import ServersPage


class SettingsDialog(QDialog):
    """Edits a copy of the settings; `settings()` gives the result after Accept."""

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, paths: AppPaths | None = None
    ) -> None:
        """`paths`: where the servers list is; with it the dialog has a "Generate on" page."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.language_combo = self._combo(
            (("system", self.tr("System language")), ("es", "Español"), ("en", "English")),
            settings.language,
        )
        self.output_edit = QLineEdit(settings.output_dir)
        self.output_edit.setPlaceholderText(self.tr("the gallery folder"))
        browse = QToolButton()
        browse.setText("…")
        browse.setToolTip(self.tr("Choose a folder"))
        browse.setAccessibleName(self.tr("Choose a folder"))
        self.output_edit.setAccessibleName(self.tr("Save pictures in"))
        browse.clicked.connect(self._on_browse_clicked)
        self.model_edit = QLineEdit(settings.default_model)
        self.model_edit.setPlaceholderText(self.tr("chosen for this computer"))
        self.model_edit.setToolTip(
            self.tr("“demo”, a model folder, a .safetensors file or a Hugging Face id.")
        )
        devices = [(d, self.tr("Automatic") if d == "auto" else d.upper()) for d in DEVICE_CHOICES]
        self.device_combo = self._combo(devices, settings.device)
        self.theme_combo = self._combo(
            (("system", self.tr("System")), ("light", self.tr("Light")), ("dark", self.tr("Dark"))),
            settings.theme,
        )
        self.preview_check = QCheckBox(self.tr("Show the picture forming at every step"))
        self.preview_check.setChecked(settings.preview)
        self.api_check = QCheckBox(self.tr("Allow other programs to use Lienzo"))
        self.api_check.setToolTip(
            self.tr(
                "While this window is open, programs on this computer can make pictures "
                "through AUTOMATIC1111's API at http://127.0.0.1:7860."
            )
        )
        self.api_check.setChecked(settings.api_server)
        self._original = settings
        output_row = QHBoxLayout()
        output_row.addWidget(self.output_edit, 1)
        output_row.addWidget(browse)
        general = QWidget()
        form = QFormLayout(general)
        form.addRow(self.tr("Language"), self.language_combo)
        form.addRow(self.tr("Save pictures in"), output_row)
        form.addRow(self.tr("Default model"), self.model_edit)
        form.addRow(self.tr("Device"), self.device_combo)
        form.addRow(self.tr("Theme"), self.theme_combo)
        form.addRow(self.tr("Live preview"), self.preview_check)
        form.addRow(self.tr("Other programs"), self.api_check)
        self._layout(general, paths)

    def _layout(self, general: QWidget, paths: AppPaths | None) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(general, self.tr("General"))
        self.servers_page: ServersPage | None = None
        if paths is not None:
            from studio.ui.servers.page import ServersPage

            self.servers_page = ServersPage(paths, self._original.run_on)
            self.tabs.addTab(self.servers_page, self.tr("Generate on"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.tabs)
        column.addWidget(buttons)

    @property
    def servers_changed(self) -> bool:
        """Whether a server was added or removed (even when the dialog is cancelled)."""
        return self.servers_page is not None and self.servers_page.changed

    def done(self, result: int) -> None:
        if self.servers_page is not None:
            self.servers_page.shutdown()
        super().done(result)

    @staticmethod
    def _combo(choices: object, current: str) -> QComboBox:
        combo = QComboBox()
        for value, text in choices:  # type: ignore[attr-defined]
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    def settings(self) -> Settings:
        """The settings as edited."""
        return self._original.updated(
            language=self.language_combo.currentData(),
            output_dir=self.output_edit.text().strip(),
            default_model=self.model_edit.text().strip(),
            device=self.device_combo.currentData(),
            theme=self.theme_combo.currentData(),
            preview=self.preview_check.isChecked(),
            api_server=self.api_check.isChecked(),
            run_on=self.servers_page.run_on() if self.servers_page else self._original.run_on,
        )

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save pictures in"))
        if folder:
            self.output_edit.setText(folder)
