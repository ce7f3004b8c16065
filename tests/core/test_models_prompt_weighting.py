"""A1111 prompt weights and prompts longer than CLIP's 77 tokens."""

from __future__ import annotations

from typing import Any

import pytest

from studio.core.base.paths import AppPaths
from studio.core.generation.prompt_weighting import encode_prompts, parse_weighted, token_count
from studio.core.models.demo import demo_model_dir


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("a cat", [("a cat", 1.0)]),
        ("a (cat:1.3) here", [("a ", 1.0), ("cat", 1.3), (" here", 1.0)]),
        ("(cat)", [("cat", 1.1)]),
        ("((cat))", [("cat", pytest.approx(1.21))]),
        ("[cat]", [("cat", pytest.approx(1 / 1.1))]),
        ("(a (b:2))", [("a ", 1.1), ("b", pytest.approx(2.2))]),
        (r"\(not weighted\)", [("(not weighted)", 1.0)]),
        ("time: 5 (unclosed", [("time: 5 ", 1.0), ("unclosed", 1.1)]),
        ("", [("", 1.0)]),
    ],
)
def test_a1111_syntax(prompt: str, expected: list[tuple[str, float]]) -> None:
    assert parse_weighted(prompt) == expected


@pytest.fixture(scope="module")
def demo_pipeline(paths: AppPaths) -> Any:
    from diffusers import StableDiffusionPipeline

    pipe = StableDiffusionPipeline.from_pretrained(
        demo_model_dir(paths.models_cache), safety_checker=None, requires_safety_checker=False
    )
    pipe.set_progress_bar_config(disable=True)
    return pipe


def test_long_prompt_is_chunked_not_truncated(demo_pipeline: Any) -> None:
    import torch

    long_prompt = "un faro al atardecer, " * 10  # ~220 tokens with the demo's byte tokenizer
    assert token_count(demo_pipeline.tokenizer, long_prompt) > 150
    embeds = encode_prompts(demo_pipeline, long_prompt, "borroso")
    assert embeds["prompt_embeds"].shape[1] >= 3 * 77
    assert embeds["negative_prompt_embeds"].shape == embeds["prompt_embeds"].shape
    other_ending = encode_prompts(demo_pipeline, long_prompt + "perro", "borroso")
    with_cat = encode_prompts(demo_pipeline, long_prompt + "gato", "borroso")
    # Words past token 77 still change the conditioning: nothing was cut off.
    assert not torch.allclose(other_ending["prompt_embeds"], with_cat["prompt_embeds"])
    image = demo_pipeline(
        num_inference_steps=2, height=64, width=64, output_type="np",
        generator=torch.Generator().manual_seed(1), **embeds,
    ).images[0]  # fmt: skip
    assert image.shape == (64, 64, 3)


def test_weights_change_the_conditioning_and_neutral_weights_do_not(demo_pipeline: Any) -> None:
    import torch

    plain = encode_prompts(demo_pipeline, "un gato")["prompt_embeds"]
    neutral = encode_prompts(demo_pipeline, "un (gato:1.0)")["prompt_embeds"]
    heavy = encode_prompts(demo_pipeline, "un (gato:1.5)")["prompt_embeds"]
    assert torch.allclose(plain, neutral)
    assert not torch.allclose(plain, heavy)
