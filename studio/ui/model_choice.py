"""The model the user chose, kept across restarts, and the one message offered when the model to
run is not on this computer: download it (its size shown) or use the demo model now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from studio.core.base.progress import format_size
from studio.core.models.catalog import catalog_entry, uses_half_precision
from studio.core.models.source import DEMO
from studio.ui.servers.picker import chosen_server

if TYPE_CHECKING:
    from studio.core.base.devices import DevicePlan
    from studio.core.base.settings import Settings
    from studio.ui.window.parts import WindowParts


@dataclass(frozen=True)
class ModelChoiceCommands:
    """What the offer's buttons and a choice in the picker call in the window."""

    download: Callable[[str], object]  # open the Models dialog on a repo and download it
    generate: Callable[[], object]
    apply_settings: Callable[[Settings], object]  # save and apply


class ModelChoice(QObject):
    """Saves the picker's choice as the default model; offers download-or-demo when missing."""

    def __init__(self, parts: WindowParts, commands: ModelChoiceCommands) -> None:
        super().__init__(parts.window)
        self._parts, self._commands = parts, commands
        self._plan: DevicePlan | None = None
        parts.controller.device_reported.connect(self._on_controller_device_reported)
        parts.controller.model_missing.connect(self._on_controller_model_missing)
        parts.prompt_panel.model_combo.activated.connect(self._on_model_combo_activated)

    def _on_controller_device_reported(self, plan: DevicePlan) -> None:
        self._plan = plan

    def _on_model_combo_activated(self, _index: int) -> None:
        self.remember(self._parts.prompt_panel.model_ref())

    def remember(self, model_ref: str) -> None:
        """Make `model_ref` the default model: the next start loads it and asks nothing."""
        settings = self._parts.controller.settings
        if chosen_server(settings) is not None:
            return  # a server's model: this computer's default stays as it is
        if model_ref != settings.default_model:
            self._commands.apply_settings(settings.updated(default_model=model_ref))

    def use_demo(self) -> None:
        """Switch the picker to the demo model, keep that choice, and make the picture."""
        self._parts.prompt_panel.set_model(DEMO)
        self.remember(DEMO)
        self._commands.generate()

    def offer_text(self, repo_id: str) -> tuple[str, str]:
        """The message and the download button's text for a model that is not here."""
        entry = catalog_entry(repo_id)
        name = entry.label if entry is not None else repo_id
        text = self.tr(
            "%1 is not on this computer yet. Download it once, or use the demo model now: it "
            "draws noise, but proves the app works."
        ).replace("%1", name)
        if entry is None:
            return text, self.tr("Download it…")
        half = uses_half_precision(self._plan) if self._plan is not None else False
        size = format_size(entry.download_size(half))
        return text, self.tr("Download it (%1)").replace("%1", size)

    def _on_controller_model_missing(self, repo_id: str) -> None:
        text, download = self.offer_text(repo_id)
        self._parts.banner.show_message(
            text,
            [
                (download, lambda: self._commands.download(repo_id)),
                (self.tr("Use the demo model now"), self.use_demo),
            ],
        )
