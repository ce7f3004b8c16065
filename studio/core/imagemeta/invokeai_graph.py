"""InvokeAI's `invokeai_graph` chunk, for images that carry the graph but no
`invokeai_metadata` (sd-parsers reads only the latter): the values of its denoise, noise,
prompt, model and LoRA nodes, as the reader's raw values."""

from __future__ import annotations

from typing import Any

from studio.core.imagemeta.notes import source_image_note
from studio.core.imagemeta.untrusted import as_float, load_json

INVOKEAI = "InvokeAI"
_MAX_NODES = 2_000  # a real graph has a few dozen; anything bigger is not worth walking
_MAX_LORAS = 64
_DENOISE = ("denoise_latents", "flux_denoise", "sd3_denoise")
_PROMPTS = ("compel", "sdxl_compel_prompt", "flux_text_encoder", "sd3_text_encoder")
_MODELS = ("main_model_loader", "sdxl_model_loader", "flux_model_loader", "sd3_model_loader")
_LORAS = ("lora_loader", "sdxl_lora_loader", "flux_lora_loader")


def invokeai_graph_settings(texts: dict[str, str]) -> tuple[str, dict[str, Any], list[str]] | None:
    """(generator, raw values, notes) from a graph-only InvokeAI image; None otherwise."""
    raw = texts.get("invokeai_graph")
    if not isinstance(raw, str) or "invokeai_metadata" in texts:
        return None
    try:
        graph = load_json(raw)
    except (ValueError, RecursionError):
        return None
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    if not isinstance(nodes, dict) or not 0 < len(nodes) <= _MAX_NODES:
        return None
    by_id = {key: node for key, node in nodes.items() if isinstance(node, dict)}
    denoise = _first(by_id.values(), _DENOISE)
    if denoise is None:
        return None
    values, notes = _denoise_values(denoise)
    values.update(_prompts(by_id, graph.get("edges"), str(denoise.get("id", ""))))
    values.update(_noise_and_model(by_id.values()))
    return INVOKEAI, values, notes


def _first(nodes: Any, types: tuple[str, ...]) -> dict[str, Any] | None:
    return next((node for node in nodes if node.get("type") in types), None)


def _denoise_values(node: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    values = {
        "steps": node.get("steps"),
        "guidance": node.get("cfg_scale", node.get("guidance")),
        "sampler": node.get("scheduler"),
    }
    start = as_float(node.get("denoising_start"))
    if start is not None and 0 < start < 1:
        values["strength"] = 1 - start
        return values, [source_image_note()]
    return values, []


def _prompts(nodes: dict[str, Any], edges: Any, denoise_id: str) -> dict[str, Any]:
    """Positive and negative prompts: the prompt nodes wired into the denoise node's inputs."""
    found: dict[str, Any] = {}
    for edge in edges if isinstance(edges, list) else []:
        source, target = _end(edge, "source"), _end(edge, "destination")
        if source is None or target is None or target[0] != denoise_id:
            continue
        node = nodes.get(source[0])
        if isinstance(node, dict) and node.get("type") in _PROMPTS:
            key = "negative_prompt" if target[1].startswith("negative") else "prompt"
            found.setdefault(key, node.get("prompt"))
    return found


def _end(edge: Any, side: str) -> tuple[str, str] | None:
    end = edge.get(side) if isinstance(edge, dict) else None
    if not isinstance(end, dict):
        return None
    node_id, field = end.get("node_id"), end.get("field")
    return (node_id, field) if isinstance(node_id, str) and isinstance(field, str) else None


def _noise_and_model(nodes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    listed = list(nodes)
    noise = _first(listed, ("noise",))
    if noise is not None:
        values["seed"] = noise.get("seed")
        values["size"] = (noise.get("width"), noise.get("height"))
    model = _first(listed, _MODELS)
    if model is not None and isinstance(model.get("model"), dict):
        values["model"] = model["model"].get("name") or model["model"].get("model_name")
    loras = [node for node in listed if node.get("type") in _LORAS][:_MAX_LORAS]
    values["loras"] = [
        [lora["lora"].get("name"), lora.get("weight"), lora.get("weight")]
        for lora in loras
        if isinstance(lora.get("lora"), dict) and isinstance(lora["lora"].get("name"), str)
    ]
    return values
