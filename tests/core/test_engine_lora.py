"""LoRAs through the engine: from the request or typed as <lora:name:w>, recorded, reversible."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from demo_lora import make_demo_lora
from PIL import Image

from studio.core.base.errors import ModelError
from studio.core.base.paths import AppPaths
from studio.core.gallery.output import save_image
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.core.models.demo import demo_model_dir

Factory = Callable[..., GenerationRequest]


@pytest.fixture(scope="module")
def acuarela(paths: AppPaths) -> Path:
    """A LoRA installed in the app's own LoRA folder as 'Acuarela'."""
    return make_demo_lora(
        demo_model_dir(paths.models_cache), paths.data / "loras" / "Acuarela.safetensors"
    )


def _pixels(engine: Engine, request: GenerationRequest) -> np.ndarray:
    return np.asarray(next(iter(engine.generate(request))).image)


def test_lora_typed_in_the_prompt_or_chosen_in_the_request_is_applied_and_removed(
    engine: Engine, demo_request: Factory, acuarela: Path
) -> None:
    plain = _pixels(engine, demo_request(prompt="un gato"))
    typed = _pixels(engine, demo_request(prompt="un gato <lora:acuarela:1>"))
    chosen = _pixels(engine, demo_request(prompt="un gato", loras=((str(acuarela), 1.0),)))
    again = _pixels(engine, demo_request(prompt="un gato"))
    assert not np.array_equal(plain, typed)
    assert np.array_equal(typed, chosen)
    assert np.array_equal(plain, again)  # the LoRA is gone when no longer asked for


def test_lora_is_recorded_in_the_saved_png(
    engine: Engine, demo_request: Factory, acuarela: Path, tmp_path: Path
) -> None:
    request = demo_request(prompt="un gato <lora:Acuarela:0.7>", loras=((str(acuarela), 0.5),))
    saved = save_image(next(iter(engine.generate(request))), tmp_path)
    with Image.open(saved) as image:
        parameters, ours = image.text["parameters"], image.text["lienzo"]
    assert parameters.startswith("un gato <lora:Acuarela:0.7>")
    assert "Acuarela.safetensors" in ours and str(acuarela.parent) not in ours


def test_unknown_lora_name_is_explained(engine: Engine, demo_request: Factory) -> None:
    with pytest.raises(ModelError) as caught:
        list(engine.generate(demo_request(prompt="un gato <lora:noexiste:1>")))
    assert "LoRA 'noexiste' not found" in caught.value.en


def test_lora_hashes_are_written_as_a1111_does(
    engine: Engine, demo_request: Factory, acuarela: Path, tmp_path: Path
) -> None:
    data = acuarela.read_bytes()
    header = int.from_bytes(data[:8], "little")
    expected = hashlib.sha256(data[8 + header :]).hexdigest()[:12]  # A1111's addnet short hash
    request = demo_request(prompt="un gato <lora:Acuarela:0.7>")
    result = next(iter(engine.generate(request)))
    assert result.lora_hashes == (("Acuarela", expected),)
    with Image.open(save_image(result, tmp_path)) as image:
        assert f'Lora hashes: "Acuarela: {expected}"' in image.text["parameters"]
