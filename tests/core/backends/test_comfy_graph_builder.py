"""The ComfyUI graph of a request: one golden JSON file per case, and the check against a
server's /object_info before anything is sent."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from studio.core.backends.base import ServerError
from studio.core.backends.comfy import pick_checkpoint, pick_loras
from studio.core.backends.comfy_graph import (
    COMFY_SAMPLERS,
    check_graph,
    combo_options,
    comfy_graph_for,
)
from studio.core.base.errors import set_language
from studio.core.generation.request import SAMPLERS, GenerationRequest

DATA = Path(__file__).parents[2] / "data" / "comfy"
GOLDEN = DATA / "graphs"
OBJECT_INFO = json.loads((DATA / "object_info.json").read_text("utf-8"))  # recorded, real
BASE = GenerationRequest(
    prompt="a red fox", negative_prompt="blurry", seed=42, steps=4, width=64, height=64
)

CASES = {
    "txt2img": (BASE, {}),
    "img2img": (
        GenerationRequest(**{**BASE.to_dict(), "extras": (), "strength": 0.45}),
        {"init_image": "lienzo-upload.png"},
    ),
    "loras": (
        GenerationRequest(
            **{**BASE.to_dict(), "extras": (), "prompt": "a red fox <lora:tiny-lora:0.7>"}
        ),
        {"loras": [("tiny-lora.safetensors", 0.7), ("style.safetensors", -0.25)]},
    ),
    "inpaint": (
        GenerationRequest(**{**BASE.to_dict(), "extras": (), "strength": 0.8}),
        {"init_image": "lienzo-upload.png", "masked": True},
    ),
    "dpmpp_2m_karras": (
        GenerationRequest(**{**BASE.to_dict(), "extras": (), "sampler": "DPM++ 2M Karras"}),
        {},
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_graph_matches_its_golden_file(case: str) -> None:
    request, options = CASES[case]
    graph = comfy_graph_for(request, "tiny-sd1.safetensors", **options)
    golden = GOLDEN / f"{case}.json"
    if os.environ.get("LIENZO_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(graph, indent=1, sort_keys=True) + "\n", "utf-8")
    assert graph == json.loads(golden.read_text("utf-8"))


def test_every_sampler_of_ours_has_a_comfy_name_the_real_server_offers() -> None:
    assert set(COMFY_SAMPLERS) == set(SAMPLERS)
    samplers = combo_options(OBJECT_INFO, "KSampler", "sampler_name")
    schedulers = combo_options(OBJECT_INFO, "KSampler", "scheduler")
    for ours, (sampler, scheduler) in COMFY_SAMPLERS.items():
        assert sampler in samplers, ours
        assert scheduler in schedulers, ours


def test_the_recorded_server_accepts_our_graphs() -> None:
    info = json.loads(json.dumps(OBJECT_INFO))
    info["LoraLoader"]["input"]["required"]["lora_name"][0] = [
        "tiny-lora.safetensors",
        "style.safetensors",
    ]
    for request, options in CASES.values():
        check_graph(comfy_graph_for(request, "tiny-sd1.safetensors", **options), info)


def test_a_checkpoint_the_server_lacks_is_named_before_sending() -> None:
    set_language("en")
    graph = comfy_graph_for(BASE, "missing.safetensors")
    with pytest.raises(ServerError, match=r"missing\.safetensors") as caught:
        check_graph(graph, OBJECT_INFO)
    assert caught.value.retry is False
    assert "missing.safetensors" in caught.value.es


def test_a_node_type_the_server_lacks_is_refused() -> None:
    info = {k: v for k, v in OBJECT_INFO.items() if k != "VAEDecode"}
    with pytest.raises(ServerError, match="VAEDecode"):
        check_graph(comfy_graph_for(BASE, "tiny-sd1.safetensors"), info)


def test_combo_options_reads_both_spellings_and_ignores_junk() -> None:
    new_style = {"N": {"input": {"required": {"f": ["COMBO", {"options": ["a", "b"]}]}}}}
    assert combo_options(new_style, "N", "f") == ["a", "b"]
    for junk in ({}, {"N": None}, {"N": {"input": {"required": {"f": "x"}}}}, {"N": []}):
        assert combo_options(junk, "N", "f") == []


def test_models_and_loras_are_matched_by_file_name() -> None:
    offered = ["sd15/dreamshaper_8.safetensors", "tiny-sd1.safetensors"]
    assert pick_checkpoint("dreamshaper_8", offered) == "sd15/dreamshaper_8.safetensors"
    assert pick_checkpoint("", offered) == offered[0]
    assert pick_checkpoint("tiny-sd1.safetensors", offered) == "tiny-sd1.safetensors"
    request = GenerationRequest(
        prompt="x <lora:Detail:0.5>", loras=(("/home/me/loras/style.safetensors", 0.8),)
    )
    assert pick_loras(request, ["style.safetensors", "detail.safetensors"]) == [
        ("style.safetensors", 0.8),
        ("detail.safetensors", 0.5),
    ]


def test_a_missing_model_or_lora_is_named_in_both_languages() -> None:
    with pytest.raises(ServerError) as caught:
        pick_checkpoint("juggernaut", ["tiny-sd1.safetensors"])
    assert "juggernaut" in caught.value.en and "juggernaut" in caught.value.es
    assert "tiny-sd1.safetensors" in caught.value.en
    with pytest.raises(ServerError, match="nope"):
        pick_loras(GenerationRequest(prompt="<lora:nope:1>"), ["a.safetensors"])
    with pytest.raises(ServerError, match="no checkpoints"):
        pick_checkpoint("x", [])
