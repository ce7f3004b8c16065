"""Legacy .ckpt conversion: tensors come through, code inside the pickle never runs."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from studio.core.base.errors import ModelError
from studio.core.models.legacy import convert_legacy_checkpoint
from studio.core.models.source import resolve_model, safetensors_keys


class _Payload:
    """Unpickling this would create a file: the classic malicious-checkpoint trick."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch '{self.marker}'",))


def test_malicious_ckpt_is_refused_and_its_code_never_runs(tmp_path: Path) -> None:
    import torch

    marker = tmp_path / "pwned"
    checkpoint = tmp_path / "modelo.ckpt"
    torch.save({"state_dict": {"w": torch.ones(2)}, "evil": _Payload(marker)}, checkpoint)
    raw = tmp_path / "raw.ckpt"
    raw.write_bytes(pickle.dumps(_Payload(marker)))
    for bad in (checkpoint, raw):
        with pytest.raises(ModelError, match="Nothing from it was run") as caught:
            convert_legacy_checkpoint(bad)
        assert "No se ejecutó nada" in caught.value.es
    assert not marker.exists()
    assert not list(tmp_path.glob("*.safetensors")) and not list(tmp_path.glob(".*partial"))


def test_plain_ckpt_becomes_a_loadable_safetensors_copy(tmp_path: Path) -> None:
    import torch

    tensors = {"cond_stage_model.transformer.text_model.w": torch.arange(6.0).reshape(2, 3)}
    checkpoint = tmp_path / "Imágenes" / "viejo.ckpt"
    checkpoint.parent.mkdir()
    torch.save({"state_dict": tensors, "global_step": 5}, checkpoint)
    copy = convert_legacy_checkpoint(checkpoint)
    assert copy == checkpoint.with_suffix(".safetensors") and checkpoint.exists()
    assert safetensors_keys(copy) == list(tensors)
    assert resolve_model(str(copy)).family.key == "sd1"
    with pytest.raises(ModelError, match="already exists"):
        convert_legacy_checkpoint(checkpoint)


def test_non_pickle_and_empty_checkpoints_are_explained(tmp_path: Path) -> None:
    import torch

    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"x")
    with pytest.raises(ModelError, match="not a legacy checkpoint"):
        convert_legacy_checkpoint(weights)
    empty = tmp_path / "empty.ckpt"
    torch.save({"global_step": 5}, empty)
    with pytest.raises(ModelError, match="no model weights"):
        convert_legacy_checkpoint(empty)
    assert not (tmp_path / "empty.safetensors").exists()
