"""An InvokeAI image carrying only its graph (`invokeai_graph`, no `invokeai_metadata`):
the settings come from the graph's nodes. The graph is made here, shaped like InvokeAI 4's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from studio.core.imagemeta.image_settings import read_image_settings

GRAPH = {
    "id": "graph-1",
    "nodes": {
        "model": {
            "id": "model",
            "type": "main_model_loader",
            "model": {"key": "k1", "name": "juggernaut-v9", "base": "sd-1", "type": "main"},
        },
        "lora": {"id": "lora", "type": "lora_loader", "lora": {"name": "ink"}, "weight": 0.7},
        "pos": {"id": "pos", "type": "compel", "prompt": "a lighthouse at dusk"},
        "neg": {"id": "neg", "type": "compel", "prompt": "blurry, text"},
        "noise": {"id": "noise", "type": "noise", "seed": 4242, "width": 640, "height": 512},
        "denoise": {
            "id": "denoise",
            "type": "denoise_latents",
            "steps": 30,
            "cfg_scale": 6.5,
            "scheduler": "euler",
            "denoising_start": 0,
            "denoising_end": 1,
        },
        "l2i": {"id": "l2i", "type": "l2i"},
    },
    "edges": [
        {
            "source": {"node_id": "pos", "field": "conditioning"},
            "destination": {"node_id": "denoise", "field": "positive_conditioning"},
        },
        {
            "source": {"node_id": "neg", "field": "conditioning"},
            "destination": {"node_id": "denoise", "field": "negative_conditioning"},
        },
        {
            "source": {"node_id": "noise", "field": "noise"},
            "destination": {"node_id": "denoise", "field": "noise"},
        },
    ],
}


def _save(path: Path, graph: Any) -> Path:
    info = PngInfo()
    info.add_text("invokeai_graph", json.dumps(graph))
    Image.new("RGB", (64, 64), "gray").save(path, pnginfo=info)
    return path


def test_a_graph_only_invokeai_image_gives_its_settings(tmp_path: Path) -> None:
    settings = read_image_settings(_save(tmp_path / "invoke.png", GRAPH))
    assert settings is not None
    fields = {
        "generator": settings.generator,
        "prompt": settings.prompt,
        "negative_prompt": settings.negative_prompt,
        "seed": settings.seed,
        "steps": settings.steps,
        "guidance": settings.guidance,
        "size": (settings.width, settings.height),
        "model": settings.model,
        "loras": settings.loras,
    }
    assert fields == {
        "generator": "InvokeAI",
        "prompt": "a lighthouse at dusk",
        "negative_prompt": "blurry, text",
        "seed": 4242,
        "steps": 30,
        "guidance": 6.5,
        "size": (640, 512),
        "model": "juggernaut-v9",
        "loras": (("ink", 0.7, 0.7),),
    }
    assert settings.sampler == "Euler"


def test_an_img2img_graph_gives_its_strength(tmp_path: Path) -> None:
    graph = json.loads(json.dumps(GRAPH))
    graph["nodes"]["denoise"]["denoising_start"] = 0.4
    settings = read_image_settings(_save(tmp_path / "i2i.png", graph))
    assert settings is not None and settings.strength is not None
    assert abs(settings.strength - 0.6) < 1e-9


def test_hostile_invokeai_graphs_give_no_crash(tmp_path: Path) -> None:
    cases: list[Any] = [
        [],
        {"nodes": []},
        {"nodes": {str(i): {"type": "noise"} for i in range(5000)}},
        {"nodes": {"d": {"type": "denoise_latents", "steps": "many"}}, "edges": "x"},
        {"nodes": {"d": {"type": "denoise_latents"}}, "edges": [{"source": 1}, None]},
    ]
    for index, graph in enumerate(cases):
        read_image_settings(_save(tmp_path / f"bad{index}.png", graph))  # never raises
