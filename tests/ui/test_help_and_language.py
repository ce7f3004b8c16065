"""Help ▸ About / Copy diagnostics / README, `studio --lang es` in the window, and
`studio benchmark` timings in the Models dialog."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio import __version__
from studio.cli import main as cli_main
from studio.core.base.devices import DevicePlan
from studio.core.base.paths import AppPaths
from studio.core.generation.engine import Engine
from studio.core.models.catalog import CATALOG
from studio.core.models.library import PREFLIGHT_FILE
from studio.core.models.preflight import PreflightReport
from studio.ui.app import build_main_window
from studio.ui.main_window import MainWindow
from studio.ui.window import help_menu


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """What the app asked the desktop to open (nothing is really opened in tests)."""
    urls: list[QUrl] = []

    def record(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(help_menu.QDesktopServices, "openUrl", record)
    return urls


def test_about_shows_versions_device_and_folders_and_copies_the_same_text(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths, opened_urls: list
) -> None:
    import diffusers
    import torch

    window = open_window()
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[-1] == "&Help"
    dialog = window.help_menu.show_about()
    text = dialog.summary.text()
    for expected in (__version__, "MIT", torch.__version__, diffusers.__version__, "CPU"):
        assert expected in text
    assert set(dialog.open_buttons) == {"gallery", "settings", "data", "cache", "logs"}
    assert not ui_home.logs.exists()
    dialog.open_buttons["logs"].click()
    assert ui_home.logs.is_dir()  # made first: a new user has no log folder yet
    assert Path(opened_urls[-1].toLocalFile()) == ui_home.logs

    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == window.help_menu.diagnostics()
    assert f"Folder cache: {ui_home.cache}" in copied and f"torch {torch.__version__}" in copied
    assert "copied" in window.state_label.text()


def test_help_opens_the_readme_section_about_the_window(
    open_window: Callable[..., MainWindow], opened_urls: list[QUrl]
) -> None:
    window = open_window(start=False)
    window.help_menu.readme.trigger()
    url = opened_urls[-1]
    assert url.fragment() == "the-window"
    assert "## The window" in Path(url.toLocalFile()).read_text(encoding="utf-8")
    # Run from the source tree, Help opens the tree's README itself, not a stale copy.
    assert Path(url.toLocalFile()) == Path(__file__).resolve().parents[2] / "README.md"


def test_library_versions_are_read_without_importing_torch() -> None:
    code = (
        "import sys; from studio.ui.window.help_menu import library_version; "
        "v = library_version('torch'); assert v and v != '—', v; "
        "assert 'torch' not in sys.modules and 'diffusers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_lang_es_opens_the_window_in_spanish(
    qtbot: QtBot, ui_home: AppPaths, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[object, ...]] = []
    monkeypatch.setattr("studio.ui.app.run_app", lambda *args: asked.append(args) or 0)
    monkeypatch.setattr(cli_main, "_has_display", lambda: True)
    assert cli_main.main(["--home", str(ui_home.config.parent), "--lang", "es"]) == 0
    assert asked == [(str(ui_home.config.parent), "es")]

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = build_main_window(app, ui_home, engine, language="es")  # settings say English
    qtbot.addWidget(window)
    try:
        titles = [a.text() for a in window.menuBar().actions()]
        assert titles[0] == "&Archivo" and titles[-1] == "Ay&uda"
        assert window.prompt_panel.generate_button.text().startswith("Generar")
        assert window.model_choice.offer_text("stabilityai/sd-turbo")[1].startswith("Descargarlo")
    finally:
        window.close()
        window._translations.apply("en")


def test_benchmark_results_show_in_the_models_dialog(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    ui_home: AppPaths,
    cpu_plan: DevicePlan,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def fake_preflight(
        family: str, w: int, h: int, plan: DevicePlan, steps: int, on_phase: object = None
    ) -> PreflightReport:
        return PreflightReport(family, w, h, steps, plan.label, 2.0, 1.0, 0.1, 1.0)

    monkeypatch.setattr("studio.core.models.preflight.run_preflight", fake_preflight)
    home = str(ui_home.config.parent)
    cached = ui_home.cache / PREFLIGHT_FILE  # the cache folder is shared with later tests
    try:
        assert cli_main.main(["--home", home, "benchmark", "--family", "sd-turbo"]) == 0
        capsys.readouterr()
        window = open_window()
        dialog = window.models_ui.open_dialog()
        dialog.set_plan(cpu_plan)
        table = dialog.catalog
        row = next(i for i, e in enumerate(CATALOG) if e.repo_id == "stabilityai/sd-turbo")
        assert table.item(row, 3).text() == "≈ 3.0 s"  # 1 step × 2 s + 1 s decode
    finally:
        cached.unlink(missing_ok=True)
