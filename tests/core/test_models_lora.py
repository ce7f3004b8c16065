"""LoRAs: A1111 tags, lookup, the wrong-architecture refusal, and their effect on images."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from demo_lora import make_demo_lora

from studio.core.base.errors import ModelError
from studio.core.base.paths import AppPaths
from studio.core.models.demo import demo_model_dir
from studio.core.models.lora_files import LoraRef, apply_loras, extract_lora_tags, find_lora


def test_tags_are_taken_out_of_the_prompt() -> None:
    prompt = "un gato <lora:Acuarela:0.8>, <lora:detalle>  al sol <LORA:acuarela:0.5>"
    cleaned, loras = extract_lora_tags(prompt)
    assert cleaned == "un gato, al sol"
    assert loras == [LoraRef("acuarela", 0.5), LoraRef("detalle", 1.0)]
    assert extract_lora_tags("sin etiquetas") == ("sin etiquetas", [])


def test_lora_is_found_by_name_in_any_folder(tmp_path: Path) -> None:
    target = tmp_path / "ComfyUI" / "models" / "loras" / "estilos" / "Acuarela.safetensors"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"x")
    assert find_lora("acuarela", [tmp_path / "nada", tmp_path / "ComfyUI"]) == target
    with pytest.raises(ModelError, match="LoRA 'óleo' not found") as caught:
        find_lora("óleo", [tmp_path])
    assert "No se encontró" in caught.value.es


@pytest.fixture(scope="module")
def pipeline_and_lora(paths: AppPaths, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo pipeline and a LoRA for it with non-zero weights."""
    from diffusers import StableDiffusionPipeline

    model = demo_model_dir(paths.models_cache)
    pipe = StableDiffusionPipeline.from_pretrained(
        model, safety_checker=None, requires_safety_checker=False
    )
    pipe.set_progress_bar_config(disable=True)
    folder = tmp_path_factory.mktemp("Imágenes") / "loras"
    return pipe, make_demo_lora(model, folder / "demo.safetensors")


def _draw(pipe: Any) -> np.ndarray:
    import torch

    return pipe(
        "un gato", num_inference_steps=2, height=64, width=64, output_type="np",
        generator=torch.Generator().manual_seed(5),
    ).images[0]  # fmt: skip


def test_lora_changes_the_image_by_its_weight_and_can_be_removed(pipeline_and_lora: Any) -> None:
    pipe, lora = pipeline_and_lora
    plain = _draw(pipe)
    apply_loras(pipe, [(lora, 1.0)])
    full = _draw(pipe)
    apply_loras(pipe, [(lora, 0.0)])
    zero = _draw(pipe)
    apply_loras(pipe, [])
    assert not np.allclose(plain, full, atol=1e-4)
    assert np.allclose(plain, zero, atol=1e-5)
    assert np.allclose(plain, _draw(pipe), atol=1e-5)


def test_sdxl_lora_on_an_sd15_model_is_refused(pipeline_and_lora: Any, tmp_path: Path) -> None:
    from safetensors.numpy import save_file

    pipe, _ = pipeline_and_lora
    xl_lora = tmp_path / "xl_style.safetensors"
    key = "lora_te2_text_model_encoder_layers_0_mlp_fc1.lora_down.weight"
    save_file({key: np.zeros((4, 8), dtype=np.float32)}, str(xl_lora))
    before = _draw(pipe)
    with pytest.raises(ModelError, match="made for SDXL models") as caught:
        apply_loras(pipe, [(xl_lora, 0.8)])
    assert "es para modelos SDXL" in caught.value.es
    assert np.allclose(before, _draw(pipe), atol=1e-5)  # the model is left as it was
