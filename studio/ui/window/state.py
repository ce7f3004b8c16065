"""Window geometry, splitter sizes and last-used values, restored at the next launch."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray

from studio.core.base.errors import StudioError
from studio.core.generation.request import validate
from studio.core.generation.stored import stored_request

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from studio.ui.window.parts import WindowParts

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
    """Put back what save_ui_state kept; a value of the wrong type is dropped with a log line.

    window.ini is a plain text file anyone can edit or damage: nothing in it may stop the
    window from opening.
    """
    geometry = _bytes(state, "geometry")
    if geometry is None or not parts.window.restoreGeometry(geometry):
        parts.window.resize(1280, 800)
    for name, splitter in parts.splitters.items():
        layout = _bytes(state, name)
        if layout is not None and not splitter.restoreState(layout):
            log.warning("Ignoring unreadable %s in the window state", name)
    panel = parts.prompt_panel
    panel.set_advanced(state.value("advanced", False) in (True, "true"))
    history = _json(state, "history")
    if isinstance(history, list) and all(isinstance(item, str) for item in history):
        panel.set_history(history)
    elif history is not None:
        log.warning("Ignoring the prompt history in the window state: not a list of texts")
    last = _json(state, "last_request")
    if last is not None:
        try:
            request = stored_request(last)
            validate(request)
        except (StudioError, ValueError, TypeError) as exc:
            log.warning("Ignoring the last request in the window state: %s", exc)
        else:
            panel.apply_request(request)


def _bytes(state: QSettings, key: str) -> QByteArray | None:
    value = state.value(key)
    if value is None or isinstance(value, QByteArray):
        return value
    log.warning("Ignoring %s in the window state: %s is not saved layout data", key, type(value))
    return None


def _json(state: QSettings, key: str) -> Any:
    value = state.value(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        log.warning("Ignoring %s in the window state: not text", key)
        return None
    try:
        return json.loads(value)
    except (ValueError, RecursionError) as exc:
        log.warning("Ignoring %s in the window state: %s", key, exc)
        return None
