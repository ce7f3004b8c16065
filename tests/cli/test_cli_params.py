"""`studio params`: JSON for scripts whether or not the image holds settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli.main import main

DATA = Path(__file__).parent.parent / "data"


@pytest.mark.parametrize(("lang", "reason"), [("en", "No generation"), ("es", "No se encontraron")])
def test_params_json_on_an_image_without_settings_is_json(
    capsys: pytest.CaptureFixture[str], lang: str, reason: str
) -> None:
    path = DATA / "metadata" / "bad" / "empty_image.png"
    assert main(["--lang", lang, "params", "--json", str(path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["found"] is False and data["reason"].startswith(reason)


def test_params_json_with_settings_says_found(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "metadata" / "AUTOMATIC1111" / "automatic1111_cropped.png"
    assert main(["params", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["found"] is True and data["prompt"] == "photo of a duck"


def test_params_without_json_stays_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "metadata" / "bad" / "empty_image.png"
    assert main(["--lang", "en", "params", str(path)]) == 1
    assert capsys.readouterr().out == "No generation settings found in this image.\n"
