"""Window geometry, splitter sizes and last-used values, restored at the next launch."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from studio.core.base.errors import StudioError
from studio.core.generation.request import GenerationRequest

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from studio.ui.window_parts import WindowParts

log = logging.getLogger(__name__)


def save_ui_state(parts: WindowParts, state: QSettings) -> None:
    """Remember the window's layout, prompt history and last request."""
    state.setValue("geometry", parts.window.saveGeometry())
    for name, splitter in parts.splitters.items():
        state.setValue(name, splitter.saveState())
    state.setValue("advanced", parts.prompt_panel.advanced_toggle.isChecked())
    state.setValue("history", json.dumps(parts.prompt_panel.history()))
    try:
        last = replace(parts.prompt_panel.build_request(), init_image=None)
        state.setValue("last_request", json.dumps(last.to_dict()))
    except StudioError:
        pass
    state.sync()


def restore_ui_state(parts: WindowParts, state: QSettings) -> None:
    """Put back what save_ui_state kept; an unreadable value is ignored."""
    if state.value("geometry") is not None:
        parts.window.restoreGeometry(state.value("geometry"))
        for name, splitter in parts.splitters.items():
            splitter.restoreState(state.value(name))
    else:
        parts.window.resize(1280, 800)
    panel = parts.prompt_panel
    panel.set_advanced(state.value("advanced", False) in (True, "true"))
    try:
        panel.set_history(json.loads(str(state.value("history", "[]"))))
        last = state.value("last_request")
        if last:
            panel.apply_request(GenerationRequest.from_dict(json.loads(str(last))))
    except (ValueError, TypeError) as exc:
        log.warning("Ignoring unreadable window state: %s", exc)
