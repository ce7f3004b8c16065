"""Text from disk and files reaches the terminal escaped; the nesting pre-scan ignores strings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli.main import main
from studio.cli.terminal import safe_json, safe_text
from studio.core.imagemeta.untrusted import MAX_NESTING, load_json, nesting_depth
from studio.core.models import other_apps


def test_models_list_escapes_control_characters_in_file_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    comfy = tmp_path / "ComfyUI" / "models" / "checkpoints"
    comfy.mkdir(parents=True)
    (comfy / "clear\x1b]52;c;aGFja2Vk\x07.safetensors").write_bytes(b"\0" * 16)
    monkeypatch.setattr(other_apps, "candidate_roots", lambda: [tmp_path / "ComfyUI"])
    monkeypatch.setattr("studio.core.models.hf_cache.installed_models", lambda: [])

    assert main(["models", "list"]) == 0

    out = capsys.readouterr().out
    assert "clear\\x1b]52;c;aGFja2Vk\\x07.safetensors" in out
    assert "\x1b" not in out and "\x07" not in out


def test_safe_text_shows_every_control_character_and_keeps_the_rest() -> None:
    assert (
        safe_text("a\tb\nc\x00\x1b\x7f\x9b\u202e ñ 🐱") == "a\tb\nc\\x00\\x1b\\x7f\\x9b\\u202e ñ 🐱"
    )
    value = {"p": "\x1b]0;t\x07\x9b\u2066\ud800ñ"}
    text = safe_json(json.dumps(value, ensure_ascii=False))
    assert json.loads(text) == value and "\x9b" not in text and "\x1b" not in text


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('{"a": [1, {"b": 2}]}', 3),
        ('["[[[[", "{{{{", "\\"[[["]', 1),  # brackets inside strings, escaped quotes
        ('"unterminated [[[[[', 0),
        ("[" * 5000 + "]" * 5000, 5000),
        ("plain A1111 text, with (emphasis:1.2) and [edit:when:0.5]", 1),
        ('"' + '\\"' * 100_000, 0),  # many quotes: still one linear scan
    ],
)
def test_nesting_depth_counts_only_brackets_outside_strings(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


def test_load_json_refuses_deep_or_huge_text_before_parsing() -> None:
    assert load_json("[" * MAX_NESTING + "]" * MAX_NESTING) is not None
    too_deep = "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1)
    with pytest.raises(ValueError, match=r"nested deeper than \d+ levels"):
        load_json(too_deep)
    with pytest.raises(ValueError, match=r"over the limit of 50"):
        load_json('["' + "x" * 100 + '"]', max_chars=50)
