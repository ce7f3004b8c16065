"""FLUX.1 and SD 3.5 in the catalog, their defaults, and the memory plan for them."""

from __future__ import annotations

from fnmatch import fnmatch

import pytest

from studio.core.base.devices import DevicePlan, FoundDevice, choose_device
from studio.core.generation.memory_plan import first_rung
from studio.core.generation.recovery import apply_rung
from studio.core.models.catalog import fits_hardware, recommended, require_entry
from studio.core.models.defaults import fill_family_defaults

CPU = FoundDevice("cpu", "CPU", 64.0)


def _gpu(memory_gb: float) -> DevicePlan:
    return choose_device((FoundDevice("cuda", "Test GPU", memory_gb), CPU))


def _fetched(patterns: list[str], name: str) -> bool:
    return any(fnmatch(name, pattern) for pattern in patterns)


def test_flux_downloads_its_bf16_shards_on_any_device_and_not_the_duplicate_single_file() -> None:
    flux = require_entry("black-forest-labs/FLUX.1-schnell")
    for half in (True, False):  # no fp16 variant exists: GPUs get the same bf16 files
        patterns = flux.patterns(half)
        assert _fetched(patterns, "transformer/diffusion_pytorch_model-00001-of-00003.safetensors")
        assert _fetched(patterns, "text_encoder_2/model-00002-of-00002.safetensors")
        assert _fetched(patterns, "tokenizer_2/tokenizer.json")
        assert not _fetched(patterns, "flux1-schnell.safetensors")  # the same 23.8 GB again
        assert not _fetched(patterns, "ae.safetensors")
    sd35 = require_entry("stabilityai/stable-diffusion-3.5-medium")
    assert _fetched(sd35.patterns(True), "text_encoder_3/model-00001-of-00002.safetensors")


def test_licences_gating_and_fit() -> None:
    schnell = require_entry("black-forest-labs/FLUX.1-schnell")
    dev = require_entry("black-forest-labs/FLUX.1-dev")
    assert schnell.licence == "Apache-2.0" and not schnell.gated
    assert dev.gated and "Non-Commercial" in dev.licence
    assert require_entry("stabilityai/stable-diffusion-3.5-large-turbo").gated
    verdict = fits_hardware(schnell, _gpu(12.0))
    assert not verdict.ok and "24 GB" in verdict.en
    # A gated model is never pre-selected: it cannot download without the user's token.
    assert not recommended(_gpu(80.0)).gated


@pytest.mark.parametrize(
    ("repo", "steps", "guidance", "size"),
    [
        ("black-forest-labs/FLUX.1-schnell", 4, 0.0, 1024),
        ("black-forest-labs/FLUX.1-dev", 28, 3.5, 1024),
        ("stabilityai/stable-diffusion-3.5-medium", 28, 4.5, 1024),
        ("stabilityai/stable-diffusion-3.5-large-turbo", 4, 0.0, 1024),
    ],
)
def test_each_family_gets_its_authors_defaults(
    repo: str, steps: int, guidance: float, size: int
) -> None:
    filled = fill_family_defaults(repo, {"steps": None, "prompt": "x"})
    assert (filled["steps"], filled["guidance"], filled["width"]) == (steps, guidance, size)
    assert filled["sampler"] == "Euler"


@pytest.mark.parametrize(
    ("family", "memory", "free", "rung"),
    [
        ("flux-schnell", 12.0, 11.0, "sequential_offload"),  # the 24 GB transformer: by layers
        ("flux-dev", 80.0, 78.0, "as_is"),
        ("sd3", 24.0, 22.0, "as_is"),  # SD 3.5 Medium whole in bf16 at 1024²
        # Its transformer (5 GB) stays resident; T5-XXL is streamed from CPU RAM.
        ("sd3", 16.0, 15.0, "text_encoder_offload"),
        ("sd3", 12.0, 11.0, "text_encoder_offload"),
        ("sd3", 8.0, 6.0, "sequential_offload"),
    ],
)
def test_memory_plan_offloads_flow_models_on_small_gpus(
    family: str, memory: float, free: float, rung: str
) -> None:
    assert first_rung(family, 1024, 1024, _gpu(memory), free) == rung


def test_the_sequential_rung_tiles_the_vae_and_offloads_layer_by_layer() -> None:
    calls: list[str] = []

    class Vae:
        def enable_tiling(self) -> None:
            calls.append("tiling")

        def enable_slicing(self) -> None:
            calls.append("slicing")

    class Pipeline:
        vae = Vae()

        def enable_model_cpu_offload(self, device: str) -> None:
            calls.append("model")

        def enable_sequential_cpu_offload(self, device: str) -> None:
            calls.append(f"sequential:{device}")

    apply_rung(Pipeline(), "sequential_offload", "cuda")
    assert calls == ["tiling", "slicing", "sequential:cuda"]
