"""Settings ▸ "Allow other programs to use Lienzo": the A1111 API while the window is open."""

from __future__ import annotations

import socket
from collections.abc import Callable

import httpx
from pytestqt.qtbot import QtBot

from studio.core.base.settings import Settings, load_settings
from studio.ui.main_window import MainWindow
from studio.ui.settings_dialog import SettingsDialog


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _samplers(port: int) -> int | None:
    """The status of GET /samplers, or None when nothing listens."""
    try:
        return httpx.get(f"http://127.0.0.1:{port}/sdapi/v1/samplers", timeout=5).status_code
    except httpx.ConnectError:
        return None


def _switch(window: MainWindow, on: bool) -> None:
    dialog = SettingsDialog(window.controller.settings, window)
    dialog.api_check.setChecked(on)
    window.apply_settings(dialog.settings())
    dialog.deleteLater()


def test_the_switch_is_off_by_default_and_serves_the_api_while_on(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    assert Settings().api_server is False
    window = open_window(start=False)
    port = _free_port()
    window.api.port = port
    assert not window.api.running and _samplers(port) is None
    _switch(window, True)
    assert load_settings(window._paths.settings_file).api_server is True
    qtbot.waitUntil(lambda: _samplers(port) == 200, timeout=30_000)
    _switch(window, False)
    assert _samplers(port) is None  # the port is closed once the switch is off
    _switch(window, True)
    qtbot.waitUntil(lambda: _samplers(port) == 200, timeout=30_000)
    window.close()  # quitting stops it too
    assert _samplers(port) is None


def test_the_switch_speaks_the_users_language(open_window: Callable[..., MainWindow]) -> None:
    window = open_window(start=False)
    window._translations.apply("es")  # the fixture puts English back
    dialog = SettingsDialog(Settings(api_server=True), window)
    assert dialog.api_check.isChecked()
    assert dialog.api_check.text() == "Permitir que otros programas usen Lienzo"
    assert "127.0.0.1:7860" in dialog.api_check.toolTip()
    dialog.deleteLater()
