"""FLUX/SD3 text encoders (T5-XXL: 9.5 GB in bf16) leave the GPU when the memory plan says so."""

from __future__ import annotations

import pytest

from studio.core.base.devices import DevicePlan, FoundDevice, choose_device
from studio.core.generation.memory_plan import TEXT_ENCODERS_AT, first_rung
from studio.core.generation.recovery import RUNGS, offload_text_encoders

CPU = FoundDevice("cpu", "Test CPU", 16.0)


def _gpu(memory_gb: float) -> DevicePlan:
    return choose_device((FoundDevice("cuda", "Test GPU", memory_gb), CPU))


@pytest.mark.parametrize(
    ("memory", "free", "rung", "t5"),
    [
        # 12, 16 and 24 GB: the 23.8 GB transformer does not fit, T5 neither: layer by layer.
        (12.0, 11.0, "sequential_offload", "streamed"),
        (16.0, 15.0, "sequential_offload", "streamed"),
        (24.0, 23.0, "sequential_offload", "streamed"),
        # 32 GB: the transformer fits, T5 would not beside it: T5 streamed from CPU RAM.
        (32.0, 31.0, "text_encoder_offload", "streamed"),
        (40.0, 38.0, "text_encoder_offload", "streamed"),
        (80.0, 78.0, "as_is", "gpu"),
    ],
)
def test_flux_plan_says_where_t5_runs(memory: float, free: float, rung: str, t5: str) -> None:
    planned = first_rung("flux-schnell", 1024, 1024, _gpu(memory), free)
    assert planned == rung
    assert TEXT_ENCODERS_AT[planned] == t5


def test_every_rung_says_where_the_text_encoders_run() -> None:
    assert set(TEXT_ENCODERS_AT) == set(RUNGS)
    assert TEXT_ENCODERS_AT["cpu_offload"] == "gpu_while_encoding"  # diffusers' model hooks


def test_sd_families_have_no_text_encoder_rung() -> None:
    # SDXL's CLIPs are small: offloading them is not what makes SDXL fit.
    assert first_rung("sdxl", 1024, 1024, _gpu(8.0), 7.0) == "cpu_offload"


def test_offloaded_encoders_leave_the_device_and_give_the_same_picture(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import torch
    from flow_support import build_tiny_flux

    def picture(pipeline: object) -> torch.Tensor:
        generator = torch.Generator("cpu").manual_seed(3)
        with torch.inference_mode():
            return pipeline(  # type: ignore[operator]
                prompt="un faro", num_inference_steps=2, guidance_scale=0.0, width=32,
                height=32, generator=generator, output_type="latent",
            ).images  # fmt: skip

    pipeline = build_tiny_flux()
    for component in pipeline.components.values():
        if isinstance(component, torch.nn.Module):
            component.eval()  # as from_pretrained leaves them: no dropout
    before = picture(pipeline)
    # On a GPU, pipeline.device is the GPU the transformer sits on (diffusers prefers a
    # non-CPU, non-meta component); with everything on the CPU it would pick the encoder's
    # "meta" weights, so it is pinned to what the GPU case gives.
    monkeypatch.setattr(type(pipeline), "device", property(lambda _: torch.device("cpu")))
    offload_text_encoders(pipeline, "cpu")
    # Weights held by the offload hook (in CPU RAM), not by the module on the device.
    assert pipeline.text_encoder_2.shared.weight.device.type == "meta"
    assert pipeline.transformer.x_embedder.weight.device.type == "cpu"  # stays resident
    assert not hasattr(pipeline.transformer, "_hf_hook")
    assert torch.equal(picture(pipeline), before)
    offload_text_encoders(pipeline, "cpu")  # a second climb of the ladder: no double hooks
    pipeline.remove_all_hooks()  # what enable_model_cpu_offload does first
    assert pipeline.text_encoder_2.shared.weight.device.type == "cpu"
    assert torch.equal(picture(pipeline), before)
