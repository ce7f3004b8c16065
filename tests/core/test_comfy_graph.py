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
from studio.core.imagemeta.image_settings import ImageSettings, read_image_settings

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
