"""ComfyUI API graphs built from a request by one pure function, and checked against the
server's `/object_info` before they are sent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from studio.core.backends.base import ServerError
from studio.core.generation.request import GenerationRequest
from studio.core.models.lora_files import extract_lora_tags

Graph = dict[str, dict[str, Any]]

# Our sampler names (A1111's) → ComfyUI's KSampler `sampler_name` and `scheduler`.
COMFY_SAMPLERS: dict[str, tuple[str, str]] = {
    "Euler": ("euler", "normal"),
    "Euler a": ("euler_ancestral", "normal"),
    "DPM++ 2M": ("dpmpp_2m", "normal"),
    "DPM++ 2M Karras": ("dpmpp_2m", "karras"),
    "DDIM": ("ddim", "ddim_uniform"),
    "UniPC": ("uni_pc", "normal"),
    "LCM": ("lcm", "sgm_uniform"),
}
OUTPUT_PREFIX = "lienzo"
_FIRST_LORA_ID = 10


def comfy_graph_for(
    request: GenerationRequest,
    checkpoint: str,
    loras: Sequence[tuple[str, float]] = (),
    init_image: str | None = None,
    masked: bool = False,
) -> Graph:
    """The API graph that draws one image of `request` (its own seed) on a ComfyUI server.

    `checkpoint` and `loras` are the server's file names; `init_image` is the name the
    server gave an uploaded picture (img2img). `masked`: that picture's alpha channel is an
    inpainting mask (transparent = redraw; LoadImage's MASK output), and only that region
    is noised and redrawn. `<lora:…>` tags are left out of the prompt.
    """
    prompt, _ = extract_lora_tags(request.prompt)
    model: list[Any] = ["1", 0]
    clip: list[Any] = ["1", 1]
    vae: list[Any] = ["1", 2]
    graph: Graph = {"1": _node("CheckpointLoaderSimple", ckpt_name=checkpoint)}
    for offset, (name, weight) in enumerate(loras):
        node_id = str(_FIRST_LORA_ID + offset)
        graph[node_id] = _node(
            "LoraLoader",
            model=model,
            clip=clip,
            lora_name=name,
            strength_model=weight,
            strength_clip=weight,
        )
        model, clip = [node_id, 0], [node_id, 1]
    graph["2"] = _node("CLIPTextEncode", text=prompt, clip=clip)
    graph["3"] = _node("CLIPTextEncode", text=request.negative_prompt, clip=clip)
    if init_image is None:
        graph["4"] = _node(
            "EmptyLatentImage", width=request.width, height=request.height, batch_size=1
        )
        latent: list[Any] = ["4", 0]
    else:
        graph["4"] = _node("LoadImage", image=init_image)
        graph["8"] = _node("VAEEncode", pixels=["4", 0], vae=vae)
        latent = ["8", 0]
        if masked:
            graph["9"] = _node("SetLatentNoiseMask", samples=latent, mask=["4", 1])
            latent = ["9", 0]
    sampler, scheduler = COMFY_SAMPLERS[request.sampler]
    graph["5"] = _node(
        "KSampler",
        seed=request.seed or 0,
        steps=request.steps,
        cfg=float(request.guidance),
        sampler_name=sampler,
        scheduler=scheduler,
        denoise=float(request.strength) if init_image is not None else 1.0,
        model=model,
        positive=["2", 0],
        negative=["3", 0],
        latent_image=latent,
    )
    graph["6"] = _node("VAEDecode", samples=["5", 0], vae=vae)
    graph["7"] = _node("SaveImage", filename_prefix=OUTPUT_PREFIX, images=["6", 0])
    return graph


def _node(class_type: str, **inputs: Any) -> dict[str, Any]:
    return {"class_type": class_type, "inputs": inputs}


def combo_options(object_info: Mapping[str, Any], node: str, field: str) -> list[str]:
    """The choices the server offers for one input (e.g. its checkpoints), [] when unknown."""
    try:
        spec = object_info[node]["input"]
        entry = {**spec.get("required", {}), **spec.get("optional", {})}[field]
    except (KeyError, TypeError, AttributeError):
        return []
    if not isinstance(entry, list) or not entry:
        return []
    options = entry[0]
    if options == "COMBO" and len(entry) > 1 and isinstance(entry[1], dict):
        options = entry[1].get("options")  # the newer spelling: ["COMBO", {"options": […]}]
    if not isinstance(options, list):
        return []
    return [str(option) for option in options if isinstance(option, (str, int, float))]


def check_graph(graph: Graph, object_info: Mapping[str, Any]) -> None:
    """Refuse a graph the server cannot run: a node type it lacks, or a choice it does not
    offer (the message names the checkpoint, LoRA or sampler)."""
    for node in graph.values():
        class_type = node["class_type"]
        if class_type not in object_info:
            raise _refused(
                f"the server has no '{class_type}' node",
                f"el servidor no tiene el nodo '{class_type}'",
            )
        for field, value in node["inputs"].items():
            if isinstance(value, list):
                continue  # a link to another node
            options = combo_options(object_info, class_type, field)
            if options and str(value) not in options and field != "image":
                shown = ", ".join(options[:8]) + (" …" if len(options) > 8 else "")
                raise _refused(
                    f"it has no {field} '{value}' (it offers: {shown or 'none'})",
                    f"no tiene {field} '{value}' (ofrece: {shown or 'ninguno'})",
                )


def _refused(en: str, es: str) -> ServerError:
    return ServerError(
        f"The ComfyUI server cannot run this job: {en}.",
        f"El servidor ComfyUI no puede hacer este trabajo: {es}.",
        retry=False,
    )
