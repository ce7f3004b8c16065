"""Qt fixtures for the runtime tests: offscreen Qt, a throwaway home sharing the demo model."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from studio.core.base.paths import AppPaths, app_paths

if TYPE_CHECKING:
    from studio.runtime.controller import GenerationController


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Qt warnings fail the runtime tests (the offscreen plugin's size-hint notice excepted)."""
    for item in items:
        if Path(str(item.fspath)).parent.name == "runtime":
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


def make_home(tmp_path: Path, shared: AppPaths, **settings: object) -> AppPaths:
    """A fresh app home whose model cache is the session's (the demo model is built once)."""
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    values = {"default_model": "demo", "language": "en", **settings}
    (home / "config" / "settings.json").write_text(json.dumps(values), encoding="utf-8")
    shared.cache.mkdir(parents=True, exist_ok=True)
    (home / "cache").symlink_to(shared.cache, target_is_directory=True)
    return app_paths(home)


@pytest.fixture
def home(tmp_path: Path, paths: AppPaths) -> AppPaths:
    return make_home(tmp_path, paths)


@pytest.fixture
def stop() -> Iterator[list[GenerationController]]:
    """Controllers a test made: shut down afterwards, every worker thread checked stopped."""
    made: list[GenerationController] = []
    yield made
    for controller in made:
        controller.shutdown()
        assert not controller.workers_running()
