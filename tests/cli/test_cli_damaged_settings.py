"""A damaged settings file is not a silent loss at the command line either: it says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.cli.main import main


def test_a_damaged_settings_file_is_reported_and_left_for_the_window_to_repair(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIO_HOME", str(tmp_path))
    settings = tmp_path / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    damaged = '{"default_model": "demo", "device": 5, "theme": "da'
    settings.write_text(damaged, encoding="utf-8")

    assert main(["--lang", "en", "devices"]) == 0

    err = capsys.readouterr().err
    assert "Warning: " in err and "settings.json was damaged" in err
    assert settings.read_text(encoding="utf-8") == damaged  # the CLI only reads
    assert list(settings.parent.glob("settings.json.bak*"))  # a copy is kept


def test_a_sound_settings_file_prints_no_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIO_HOME", str(tmp_path))
    assert main(["--lang", "en", "devices"]) == 0
    assert "Warning" not in capsys.readouterr().err
