"""ComfyUI API graphs: each node pattern in tests/data/comfy_graphs (graphs of our own, one per
pattern) read field by field, and hostile graphs read without a crash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from studio.core.base.errors import ImageInputError
from studio.core.imagemeta.comfy_graph import graph_passes, parse_graph
from studio.core.imagemeta.image_settings import (
    ImageSettings,
    format_settings,
    read_image_settings,
)

GRAPHS = Path(__file__).parent.parent / "data" / "comfy_graphs"
CASES = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in GRAPHS.glob("*.json")}
FIELDS = (
    "prompt",
    "negative_prompt",
    "seed",
    "steps",
    "guidance",
    "sampler",
    "original_sampler",
    "scheduler",
    "width",
    "height",
    "model",
    "strength",
    "loras",
)


def graph_png(tmp_path: Path, graph: Any, name: str = "comfy.png") -> Path:
    info = PngInfo()
    info.add_text("prompt", graph if isinstance(graph, str) else json.dumps(graph))
    path = tmp_path / name
    Image.new("RGB", (8, 8), "navy").save(path, pnginfo=info)
    return path


def read_case(tmp_path: Path, case: str) -> ImageSettings:
    settings = read_image_settings(graph_png(tmp_path, CASES[case]["graph"]))
    assert settings is not None
    return settings


def comparable(name: str, value: Any) -> Any:
    if name == "loras":
        return [list(lora) for lora in value]
    return value


@pytest.mark.parametrize(
    ("case", "name"),
    [(case, name) for case in sorted(CASES) for name in FIELDS if name in CASES[case]["expected"]],
)
def test_each_field_of_each_node_pattern(tmp_path: Path, case: str, name: str) -> None:
    settings = read_case(tmp_path, case)
    assert settings.generator == "ComfyUI"
    assert comparable(name, getattr(settings, name)) == CASES[case]["expected"][name]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_node_pattern_names_what_is_not_reproduced(tmp_path: Path, case: str) -> None:
    settings = read_case(tmp_path, case)
    warnings = "\n".join(settings.warnings)
    for expected in CASES[case]["expected"]["warnings"]:
        assert expected in warnings
    assert all("\n" in warning for warning in settings.warnings)  # English line, Spanish line


@pytest.mark.parametrize(
    "case", [case for case in sorted(CASES) if "request_prompt" in CASES[case]["expected"]]
)
def test_loras_come_back_as_prompt_tags_on_reuse(tmp_path: Path, case: str) -> None:
    fields = read_case(tmp_path, case).to_request_fields()
    assert fields["prompt"] == CASES[case]["expected"]["request_prompt"]


def test_base_pass_first_then_the_later_passes() -> None:
    graph = parse_graph(json.dumps(CASES["hires_latent_upscale"]["graph"]))
    assert graph is not None
    passes = graph_passes(graph)
    assert [p.node for p in passes] == ["5", "7"]
    assert passes[1].upstream == "5" and passes[1].denoise == 0.5


def _link_cycle() -> dict[str, Any]:
    graph = dict(CASES["ksampler_lora_stack"]["graph"])
    graph["1"] = {"class_type": "LoraLoader", "inputs": {"lora_name": "x", "model": ["5", 0]}}
    graph["7"] = {"class_type": "ConditioningCombine", "inputs": {"conditioning_1": ["7", 0]}}
    graph["9"] = {"class_type": "LatentUpscale", "inputs": {"samples": ["9", 0]}}
    return graph


def _long_chain(length: int) -> dict[str, Any]:
    graph: dict[str, Any] = {
        str(i): {
            "class_type": "LoraLoader",
            "inputs": {"lora_name": f"l{i}", "model": [str(i + 1), 0]},
        }
        for i in range(length)
    }
    graph["s"] = {
        "class_type": "KSampler",
        "inputs": {"sampler_name": "euler", "model": ["0", 0], "latent_image": ["s", 0]},
    }
    return graph


HOSTILE = {
    "cycles": _link_cycle(),
    "long chain": _long_chain(30_000),
    "wrong types": {
        "1": {
            "class_type": "KSampler",
            "inputs": {
                "latent_image": 5,
                "sampler_name": ["1", 0],
                "seed": {"a": 1},
                "model": [None, "x"],
                "positive": [1, 2, 3],
                "steps": [True, 0],
            },
        },
        "2": {"class_type": 3, "inputs": []},
        "3": "not a node",
    },
    "links to nowhere": {
        "1": {
            "class_type": "SamplerCustomAdvanced",
            "inputs": {
                "noise": ["404", 0],
                "guider": ["1", 0],
                "sampler": ["1", 0],
                "sigmas": ["1", 0],
                "latent_image": ["1", 0],
            },
        },
    },
    "not a graph": "[1, 2, 3]",
    "deep": "[" * 5_000 + "]" * 5_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_graphs_never_raise(tmp_path: Path, name: str) -> None:
    path = graph_png(tmp_path, HOSTILE[name])
    try:
        settings = read_image_settings(path)
    except ImageInputError as error:  # the one error a damaged file may give: no crash
        assert "damaged or too large" in error.en
        return
    assert settings is None or isinstance(settings, ImageSettings)
    if settings is not None:
        assert len(settings.loras) <= 64


def test_every_pass_is_listed_with_its_settings(tmp_path: Path) -> None:
    passes = read_case(tmp_path, "hires_latent_upscale").passes
    assert [(p.kind, p.sampler, p.steps, p.cfg, p.denoise) for p in passes] == [
        ("KSampler", "uni_pc_bh2", 30, 7.0, 1.0),
        ("KSampler", "dpmpp_2m_sde", 15, 7.0, 0.5),
    ]
    # The hires pass works on the base latent upscaled 1.5 times.
    assert [(p.width, p.height) for p in passes] == [(832, 1216), (1248, 1824)]
    refiner = read_case(tmp_path, "sdxl_refiner_advanced").passes
    assert [p.model for p in refiner] == [
        "sd_xl_base_1.0.safetensors",
        "sd_xl_refiner_1.0.safetensors",
    ]
    assert [(p.width, p.height) for p in refiner] == [(1024, 1024)] * 2


def test_one_pass_lists_no_passes(tmp_path: Path) -> None:
    assert read_case(tmp_path, "ksampler_lora_stack").passes == ()


def test_passes_are_shown_by_params_and_in_json(tmp_path: Path) -> None:
    settings = read_case(tmp_path, "hires_latent_upscale")
    text = format_settings(settings, as_json=False)
    assert "Passes: 1. KSampler: sampler uni_pc_bh2" in text
    assert "\n  2. KSampler: sampler dpmpp_2m_sde, scheduler karras, steps 15" in text
    assert "denoise 0.5" in text and "size 1248×1824" in text
    data = json.loads(format_settings(settings, as_json=True))
    assert data["passes"][1] == {
        "kind": "KSampler",
        "sampler": "dpmpp_2m_sde",
        "scheduler": "karras",
        "steps": 15,
        "cfg": 7.0,
        "denoise": 0.5,
        "seed": 5550124,
        "model": "ponyDiffusionV6XL.safetensors",
        "width": 1248,
        "height": 1824,
    }


def test_wrong_typed_pass_values_become_none(tmp_path: Path) -> None:
    graph = json.loads(json.dumps(CASES["hires_latent_upscale"]["graph"]))
    for node in graph.values():
        if node["class_type"] == "LatentUpscaleBy":
            node["inputs"]["scale_by"] = "huge"
        if node["class_type"] == "KSampler" and node["inputs"].get("denoise") == 0.5:
            node["inputs"]["steps"] = {"not": "a number"}
    passes = read_image_settings(graph_png(tmp_path, graph)).passes  # type: ignore[union-attr]
    assert passes[1].steps is None and (passes[1].width, passes[1].height) == (None, None)


def test_passes_survive_the_gallery_index(tmp_path: Path) -> None:
    from studio.core.gallery.query import settings_from_json, settings_to_json

    settings = read_case(tmp_path, "hires_latent_upscale")
    restored = settings_from_json(settings_to_json(settings))
    assert restored is not None and restored.passes == settings.passes
