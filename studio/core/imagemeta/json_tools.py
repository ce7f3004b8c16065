"""Settings JSON that sd-parsers does not know: SwarmUI's `sui_image_params` (in the PNG
`parameters` chunk, EXIF UserComment or XMP) and Draw Things' JSON (in XMP
`exif:UserComment`), as the reader's raw values."""

from __future__ import annotations

from typing import Any

from studio.core.imagemeta.invokeai_graph import invokeai_graph_settings
from studio.core.imagemeta.notes import note, short, source_image_note
from studio.core.imagemeta.untrusted import as_float, load_json

SWARMUI = "SwarmUI"
DRAW_THINGS = "Draw Things"
_SWARM_NAMES = {
    "prompt": "prompt",
    "negativeprompt": "negative_prompt",
    "seed": "seed",
    "steps": "steps",
    "cfgscale": "guidance",
    "sampler": "sampler",
    "scheduler": "scheduler",
    "model": "model",
}
_DRAW_THINGS_NAMES = {
    "c": "prompt",
    "uc": "negative_prompt",
    "seed": "seed",
    "steps": "steps",
    "scale": "guidance",
    "sampler": "sampler",
    "model": "model",
}
_MAX_LORAS = 64


def json_tool_settings(texts: dict[str, str]) -> tuple[str, dict[str, Any], list[str]] | None:
    """(generator, raw values, notes) for SwarmUI, Draw Things or a graph-only InvokeAI image;
    None for anything else."""
    invokeai = invokeai_graph_settings(texts)
    if invokeai is not None:
        return invokeai
    text = texts.get("parameters")
    if not isinstance(text, str) or text.lstrip()[:1] != "{":
        return None
    try:
        data = load_json(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    swarm = data.get("sui_image_params")
    if isinstance(swarm, dict):
        return SWARMUI, *_swarm_values(swarm)
    if isinstance(data.get("c"), str) and ("scale" in data or "sampler" in data):
        return DRAW_THINGS, *_draw_things_values(data)
    return None


def _swarm_values(params: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    values = {ours: params.get(theirs) for theirs, ours in _SWARM_NAMES.items()}
    if "width" in params and "height" in params:
        values["size"] = (params["width"], params["height"])
    names, weights = params.get("loras"), params.get("loraweights")
    if isinstance(names, list):
        weights = weights if isinstance(weights, list) else []
        values["loras"] = [
            [name, *[as_float(weights[index]) if index < len(weights) else 1.0] * 2]
            for index, name in enumerate(names[:_MAX_LORAS])
            if isinstance(name, str)
        ]
    notes = []
    if params.get("initimage") is not None or "initimagecreativity" in params:
        values["strength"] = params.get("initimagecreativity")
        notes.append(source_image_note())
    if params.get("refinermodel") or params.get("refinercontrolpercentage"):
        refiner = params.get("refinermodel") or params.get("model")
        notes.append(_refiner_note(refiner))
    return values, notes


def _draw_things_values(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    values = {ours: data.get(theirs) for theirs, ours in _DRAW_THINGS_NAMES.items()}
    size = data.get("size")
    if isinstance(size, str) and size.count("x") == 1:
        values["size"] = tuple(size.split("x"))
    loras = data.get("lora")
    if isinstance(loras, list):
        values["loras"] = [
            [lora.get("file"), lora.get("weight"), lora.get("weight")]
            for lora in loras[:_MAX_LORAS]
            if isinstance(lora, dict) and isinstance(lora.get("file"), str)
        ]
    notes = []
    strength = as_float(data.get("strength"))
    if strength is not None and strength < 1:
        values["strength"] = strength
        notes.append(source_image_note())
    if data.get("refiner_model"):
        notes.append(_refiner_note(data.get("refiner_model")))
    return values, notes


def _refiner_note(model: Any) -> str:
    name = short(model) if isinstance(model, str) and model else "?"
    return note(
        f"A refiner pass ({name}) was used; it is not reproduced.",
        f"Se usó una pasada de refinado ({name}); no se reproduce.",
    )
