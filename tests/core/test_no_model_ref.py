"""An empty model reference is no model at all (never the current folder), and errors from
libraries reach the user wrapped in their language."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.base import errors
from studio.core.base.errors import ModelError, unexpected_error
from studio.core.models.source import resolve_model


@pytest.mark.parametrize("ref", ["", "   "])
def test_an_empty_model_ref_is_refused_with_a_message_not_a_path_error(
    ref: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # "" used to resolve to this folder
    with pytest.raises(ModelError) as raised:
        resolve_model(ref)
    assert "No model was chosen" in raised.value.en and "demo" in raised.value.en
    assert "No se ha elegido ningún modelo" in raised.value.es
    assert "folder" not in raised.value.en


def test_a_library_error_is_wrapped_in_the_chosen_language() -> None:
    problem = RuntimeError("CUDA error: device-side assert triggered\nlong details…")
    try:
        errors.set_language("es")
        spanish = unexpected_error(problem)
        errors.set_language("en")
        english = unexpected_error(problem)
    finally:
        errors.set_language(None)
    assert spanish.startswith("Error inesperado: CUDA error: device-side assert triggered.")
    assert english.startswith("Unexpected error: CUDA error: device-side assert triggered.")
    assert "long details" not in spanish  # the rest is in the log
    assert unexpected_error(KeyError()).startswith("Unexpected error: KeyError")
