"""ComfyUI API graphs (the `prompt` text chunk): the settings of every sampling pass, found by
walking links back from each sampler by node type and input name, never by example file.

The graph comes from an untrusted file: every walk is bounded (a visited set and at most
_MAX_WALK nodes), and every value is checked for its type before it is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from studio.core.imagemeta.untrusted import load_json

Node = dict[str, Any]
Graph = dict[str, Node]

# Far past a real workflow (a few hundred nodes); a walk visits each node at most once.
_MAX_NODES = 20_000
_MAX_WALK = 2_000
# Inputs a latent image travels through, background first (LatentComposite's `samples_to`).
_LATENT_INPUTS = ("samples_to", "samples", "latent", "latent_image", "samples1", "destination")
# ConditioningConcat's `conditioning_to` is the main prompt, `conditioning_from` is appended.
_CONDITIONING_ORDER = {"conditioning": 0, "conditioning_to": 1, "conditioning_1": 2}
# Which text of an encoder is "the prompt", by input name (SDXL, SD3 and Flux encoders too).
_TEXT_INPUTS = ("text", "text_g", "t5xxl", "clip_l", "clip_g", "text_l", "prompt")
_LINKED_TEXT = ("text", "string", "value", "prompt", "text_g", "t5xxl")
# Scheduler nodes that name their schedule by class rather than by an input.
_SCHEDULER_CLASSES = {
    "SDTurboScheduler": "sd_turbo",
    "AlignYourStepsScheduler": "align_your_steps",
    "KarrasScheduler": "karras",
    "ExponentialScheduler": "exponential",
    "PolyexponentialScheduler": "polyexponential",
    "BetaSamplingScheduler": "beta",
    "LaplaceScheduler": "laplace",
    "VPScheduler": "vp",
}
# Conditioning that adds something a prompt alone cannot say.
_EXTRA_MARKS = ("ControlNet", "unCLIP", "IPAdapter", "StyleModel", "GLIGEN", "T2IAdapter")
_MODEL_NAMES = ("ckpt_name", "unet_name", "model_path", "model_name", "gguf_name")


@dataclass(frozen=True)
class LoraUse:
    """One LoRA on a pass's model: its file name and its model and text-encoder weights."""

    name: str
    model_weight: float | None
    clip_weight: float | None


@dataclass
class ComfyPass:
    """One sampling pass of a ComfyUI graph, with the values found for it."""

    node: str
    kind: str
    seed: Any = None
    steps: Any = None
    cfg: Any = None
    flux_guidance: Any = None
    sampler: str | None = None
    scheduler: str | None = None
    denoise: Any = None
    size: tuple[Any, Any] | None = None
    scale_by: Any = None  # a later pass: the upstream latent upscaled by this factor
    upstream: str | None = None  # the pass whose latent this one continues
    from_image: bool = False  # img2img: the latent came from VAEEncode of a picture
    model: str | None = None
    loras: tuple[LoraUse, ...] = ()
    prompts: list[str] = field(default_factory=list)
    negative_prompts: list[str] = field(default_factory=list)
    area_prompts: int = 0
    extras: list[str] = field(default_factory=list)
    clip_skip: int | None = None
    vae: str | None = None


def parse_graph(text: str) -> Graph | None:
    """The API graph in a `prompt` chunk, or None when the text is not one."""
    try:
        data = load_json(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not 0 < len(data) <= _MAX_NODES:
        return None
    graph = {
        str(key): node
        for key, node in data.items()
        if isinstance(node, dict)
        and isinstance(node.get("class_type"), str)
        and isinstance(node.get("inputs"), dict)
    }
    return graph or None


def graph_passes(graph: Graph) -> list[ComfyPass]:
    """Every sampling pass, the base pass of the longest chain first, then its later passes,
    then any others."""
    passes = {key: _read_pass(graph, key) for key, node in graph.items() if _is_sampler(node)}
    chains = [_chain(passes, key) for key in passes if not _has_downstream(passes, key)]
    if not chains:
        return []
    main = max(chains, key=len)  # max() keeps the first of equally long chains
    order = main + [key for key in passes if key not in main]
    return [passes[key] for key in order]


def _is_sampler(node: Node) -> bool:
    inputs = node["inputs"]
    return "latent_image" in inputs and any(
        name in inputs for name in ("sampler_name", "sampler", "guider")
    )


def _has_downstream(passes: dict[str, ComfyPass], key: str) -> bool:
    return any(other.upstream == key for other in passes.values())


def _chain(passes: dict[str, ComfyPass], last: str) -> list[str]:
    chain = [last]
    while (up := passes[chain[-1]].upstream) in passes and up not in chain:
        chain.append(up)
    return chain[::-1]


def _link(value: Any) -> tuple[str, int] | None:
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str | int)
        and isinstance(value[1], int)
        and not isinstance(value[1], bool)
    ):
        return str(value[0]), value[1]
    return None


def _target(graph: Graph, value: Any) -> tuple[str, Node] | None:
    link = _link(value)
    if link is None or link[0] not in graph:
        return None
    return link[0], graph[link[0]]


def _scalar(graph: Graph, value: Any, names: tuple[str, ...] = ("value",)) -> Any:
    """A literal input, or the value of the node it links to (a primitive, a seed node…)."""
    found = _target(graph, value)
    if found is None:
        return value if isinstance(value, str | int | float) else None
    inputs = found[1]["inputs"]
    for name in (*names, "value", "int", "float", "seed", "number", "string", "text"):
        if isinstance(inputs.get(name), str | int | float):
            return inputs[name]
    return None


def _walk(graph: Graph, start: Any, through: tuple[str, ...]) -> Iterator[tuple[str, Node]]:
    """The nodes reached from the link `start`, following only the inputs named `through`."""
    seen: set[str] = set()
    value = start
    while len(seen) < _MAX_WALK and (found := _target(graph, value)) is not None:
        key, node = found
        if key in seen:
            return
        seen.add(key)
        yield key, node
        value = next((node["inputs"][n] for n in through if _link(node["inputs"].get(n))), None)


def _read_pass(graph: Graph, key: str) -> ComfyPass:
    node = graph[key]
    inputs = node["inputs"]
    found = ComfyPass(key, node["class_type"])
    found.seed = _scalar(graph, inputs.get("seed", inputs.get("noise_seed")), ("seed",))
    found.steps = _scalar(graph, inputs.get("steps"), ("steps",))
    found.cfg = _scalar(graph, inputs.get("cfg"), ("cfg",))
    found.denoise = _scalar(graph, inputs.get("denoise"), ("denoise",))
    name = _scalar(graph, inputs.get("sampler_name"), ("sampler_name",))
    found.sampler = name if isinstance(name, str) else None
    scheduler = _scalar(graph, inputs.get("scheduler"), ("scheduler",))
    found.scheduler = scheduler if isinstance(scheduler, str) else None
    guide = _read_custom_parts(graph, inputs, found)
    _read_latent(graph, inputs.get("latent_image"), found)
    found.model, found.loras = _model(graph, inputs.get("model", guide.get("model")))
    positive = inputs.get("positive", guide.get("positive", guide.get("conditioning")))
    negative = inputs.get("negative", guide.get("negative"))
    _read_prompts(graph, positive, found, found.prompts)
    _read_prompts(graph, negative, found, found.negative_prompts)
    found.vae = _vae(graph, key)
    return found


def _read_custom_parts(graph: Graph, inputs: Node, found: ComfyPass) -> Node:
    """SamplerCustom(Advanced): the noise, sampler, sigmas and guider nodes it links to; the
    guider's inputs (its model and conditioning) are returned."""
    if (noise := _target(graph, inputs.get("noise"))) is not None:
        found.seed = _scalar(graph, noise[1]["inputs"].get("noise_seed"), ("noise_seed", "seed"))
    if (sampler := _target(graph, inputs.get("sampler"))) is not None:
        name = _scalar(graph, sampler[1]["inputs"].get("sampler_name"), ("sampler_name",))
        found.sampler = name if isinstance(name, str) else sampler[1]["class_type"]
    for _, node in _walk(graph, inputs.get("sigmas"), ("sigmas",)):
        if "steps" in node["inputs"]:
            _read_sigmas(graph, node, found)
            break
    guider = _target(graph, inputs.get("guider"))
    guide: Node = guider[1]["inputs"] if guider else {}
    if found.cfg is None:
        found.cfg = _scalar(graph, guide.get("cfg"), ("cfg",))
    return guide


def _read_sigmas(graph: Graph, node: Node, found: ComfyPass) -> None:
    sigmas = node["inputs"]
    found.steps = _scalar(graph, sigmas.get("steps"), ("steps",))
    found.denoise = _scalar(graph, sigmas.get("denoise"), ("denoise",))
    scheduler = _scalar(graph, sigmas.get("scheduler"), ("scheduler",))
    if not isinstance(scheduler, str):
        scheduler = _SCHEDULER_CLASSES.get(node["class_type"], node["class_type"])
    found.scheduler = scheduler


def _read_latent(graph: Graph, start: Any, found: ComfyPass) -> None:
    """Where the pass's latent came from: an earlier pass, an empty latent, or a picture."""
    for key, node in _walk(graph, start, _LATENT_INPUTS):
        inputs = node["inputs"]
        if _is_sampler(node):
            found.upstream = key
            return
        if found.size is None and found.scale_by is None and "samples" in inputs:
            # LatentUpscale (to a size) or LatentUpscaleBy (a factor) between two passes.
            if "width" in inputs and "height" in inputs:
                found.size = (_scalar(graph, inputs["width"]), _scalar(graph, inputs["height"]))
            found.scale_by = _scalar(graph, inputs.get("scale_by"), ("scale_by",))
        if "pixels" in inputs or "VAEEncode" in node["class_type"]:
            found.from_image = True
            return
        if not any(_link(inputs.get(name)) for name in _LATENT_INPUTS):
            if "width" in inputs and "height" in inputs:  # EmptyLatentImage and its kin
                width = _scalar(graph, inputs["width"], ("width",))
                height = _scalar(graph, inputs["height"], ("height",))
                found.size = (width, height)
            return


def _model(graph: Graph, start: Any) -> tuple[str | None, tuple[LoraUse, ...]]:
    """The checkpoint at the end of a `model` link, and the LoRAs met on the way (in the order
    they are applied)."""
    loras: list[LoraUse] = []
    for _, node in _walk(graph, start, ("model", "unet")):
        inputs = node["inputs"]
        if isinstance(inputs.get("lora_name"), str):
            loras.append(_lora(graph, inputs))
        name = next((inputs[n] for n in _MODEL_NAMES if isinstance(inputs.get(n), str)), None)
        if name is not None:
            return name, tuple(reversed(loras))
    return None, tuple(reversed(loras))


def _lora(graph: Graph, inputs: Node) -> LoraUse:
    model = _number(_scalar(graph, inputs.get("strength_model", inputs.get("strength"))))
    clip = _number(_scalar(graph, inputs.get("strength_clip")))
    return LoraUse(inputs["lora_name"], model, clip)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _read_prompts(graph: Graph, start: Any, found: ComfyPass, texts: list[str]) -> None:
    """The prompts feeding a conditioning link, depth first (ConditioningCombine's first input
    first); prompts restricted to an area or mask come after the whole-picture ones."""
    whole: list[str] = []
    restricted: list[str] = []
    stack: list[tuple[Any, bool]] = [(start, False)]
    seen: set[tuple[str, int]] = set()
    while stack and len(seen) < _MAX_WALK:
        value, in_area = stack.pop()
        link = _link(value)
        if link is None or link in seen or link[0] not in graph:
            continue
        seen.add(link)
        node = graph[link[0]]
        kind, inputs = node["class_type"], node["inputs"]
        text = _encoder_text(graph, node)
        if text is not None:
            (restricted if in_area else whole).append(text)
            _read_clip(graph, inputs.get("clip"), found)
            continue
        if kind == "FluxGuidance":
            found.flux_guidance = _scalar(graph, inputs.get("guidance"), ("guidance",))
        if any(mark in kind for mark in _EXTRA_MARKS) and kind not in found.extras:
            found.extras.append(kind)
        in_area = in_area or "Area" in kind or "Mask" in kind
        nexts = _conditioning_inputs(inputs, link[1])
        stack.extend((inputs[name], in_area) for name in reversed(nexts))
    texts.extend(whole + restricted)
    found.area_prompts += len(restricted)


def _conditioning_inputs(inputs: Node, output: int) -> list[str]:
    if "positive" in inputs and "negative" in inputs:  # ControlNetApplyAdvanced and kin
        return ["negative" if output == 1 else "positive"]
    names = [n for n in inputs if n.startswith("conditioning") and _link(inputs[n])]
    return sorted(names, key=lambda n: (_CONDITIONING_ORDER.get(n, 9), n))


def _encoder_text(graph: Graph, node: Node) -> str | None:
    inputs = node["inputs"]
    if "clip" not in inputs and "TextEncode" not in node["class_type"]:
        return None
    for name in _TEXT_INPUTS:
        value = _scalar(graph, inputs.get(name), _LINKED_TEXT)
        if isinstance(value, str):
            return value.strip()
    return None


def _read_clip(graph: Graph, start: Any, found: ComfyPass) -> None:
    for _, node in _walk(graph, start, ("clip",)):
        layer = node["inputs"].get("stop_at_clip_layer")
        if isinstance(layer, int) and not isinstance(layer, bool) and layer < 0:
            found.clip_skip = -layer
            return


def _vae(graph: Graph, sampler: str) -> str | None:
    """The VAE file that decodes this pass's picture, when it is not the checkpoint's own."""
    for node in graph.values():
        inputs = node["inputs"]
        if _link(inputs.get("samples")) == (sampler, 0) and "vae" in inputs:
            target = _target(graph, inputs["vae"])
            name = target[1]["inputs"].get("vae_name") if target else None
            return name if isinstance(name, str) else None
    return None
