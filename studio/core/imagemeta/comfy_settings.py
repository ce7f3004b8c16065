"""A ComfyUI graph's settings as the reader's raw values: the base pass loaded, every other
pass, LoRA, clip skip, VAE and extra conditioning named in a note, never dropped silently."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studio.core.imagemeta.comfy_graph import ComfyPass, graph_passes, parse_graph
from studio.core.imagemeta.notes import note, short, source_image_note
from studio.core.imagemeta.untrusted import as_float, as_int, clean_text, load_json

COMFYUI = "ComfyUI"
_MAX_PASSES = 32
_MAX_NAME = 300


@dataclass(frozen=True)
class SamplingPass:
    """One sampling pass of a multi-pass image, as the image says it; the first is the base
    pass (the one loaded), the others (hires, refiner, area passes) are only shown."""

    kind: str
    sampler: str | None = None
    scheduler: str | None = None
    steps: int | None = None
    cfg: float | None = None
    denoise: float | None = None
    seed: int | None = None
    model: str | None = None
    width: int | None = None
    height: int | None = None

    def describe(self) -> str:
        """One line: the node type, then each value the pass has."""
        size = f"{self.width}×{self.height}" if self.width and self.height else None
        parts = [
            ("sampler", self.sampler),
            ("scheduler", self.scheduler),
            ("steps", self.steps),
            ("CFG", None if self.cfg is None else f"{self.cfg:g}"),
            ("denoise", None if self.denoise is None else f"{self.denoise:g}"),
            ("seed", self.seed),
            ("model", self.model),
            ("size", size),
        ]
        values = ", ".join(f"{name} {value}" for name, value in parts if value is not None)
        return f"{self.kind}: {values}" if values else self.kind


_CIVITAI_NAMES = {
    "prompt": "prompt",
    "negativePrompt": "negative_prompt",
    "seed": "seed",
    "steps": "steps",
    "cfgScale": "guidance",
    "sampler": "sampler",
    "scheduler": "scheduler",
}


def comfy_settings(texts: dict[str, str]) -> tuple[dict[str, Any], list[str]] | None:
    """The raw values and notes of a ComfyUI API graph's base pass (Civitai's `extraMetadata`
    filling what the graph leaves out); None without either."""
    text = texts.get("prompt")
    graph = parse_graph(text) if isinstance(text, str) else None
    passes = graph_passes(graph) if graph else []
    extra = civitai_values(text) if isinstance(text, str) else {}
    if not passes:
        return (extra, []) if extra else None
    base = passes[0]
    values = pass_values(base)
    for name, value in extra.items():
        if values.get(name) in (None, ""):
            values[name] = value
    if len(passes) > 1:
        values["passes"] = _sampling_passes(passes[:_MAX_PASSES])
    return values, _notes(base, passes[1:])


def _sampling_passes(passes: list[ComfyPass]) -> tuple[SamplingPass, ...]:
    # A later pass works at its upstream pass's size, times an upscale factor if any.
    sizes: dict[str, tuple[int | None, int | None]] = {}
    found = []
    for graph_pass in passes:
        size = _pass_size(graph_pass, sizes.get(graph_pass.upstream or ""))
        sizes[graph_pass.node] = size
        found.append(sampling_pass(graph_pass, size))
    return tuple(found)


def _pass_size(
    found: ComfyPass, upstream: tuple[int | None, int | None] | None
) -> tuple[int | None, int | None]:
    if found.size:
        width, height = (as_int(side) for side in found.size)
        return width, height
    scale = as_float(found.scale_by)
    if upstream is None or None in upstream:
        return None, None
    if found.scale_by is None:
        return upstream
    if scale is None or not 0 < scale <= 16:  # unreadable or absurd: the size is unknown
        return None, None
    width, height = upstream
    return round((width or 0) * scale), round((height or 0) * scale)


def sampling_pass(
    found: ComfyPass, size: tuple[int | None, int | None] = (None, None)
) -> SamplingPass:
    """A graph pass's values, each checked: a wrong-typed value in a file becomes None."""
    width, height = size
    cfg = found.cfg
    if found.flux_guidance is not None and found.cfg in (None, 1, 1.0):
        cfg = found.flux_guidance
    return SamplingPass(
        kind=_name(found.kind) or "?",
        sampler=_name(found.sampler),
        scheduler=_name(found.scheduler),
        steps=as_int(found.steps),
        cfg=as_float(cfg),
        denoise=as_float(found.denoise),
        seed=as_int(found.seed),
        model=_name(found.model),
        width=width,
        height=height,
    )


def _name(value: Any) -> str | None:
    return clean_text(value[:_MAX_NAME]) if isinstance(value, str) and value else None


def civitai_values(text: str) -> dict[str, Any]:
    """The settings Civitai's generator keeps in `extraMetadata` (a JSON string) beside the
    graph's nodes, under the reader's names."""
    if '"extraMetadata"' not in text:
        return {}
    try:
        data = load_json(text)
        extra = data.get("extraMetadata") if isinstance(data, dict) else None
        extra = load_json(extra) if isinstance(extra, str) else extra
    except (ValueError, RecursionError):
        return {}
    if not isinstance(extra, dict):
        return {}
    values = {ours: extra.get(theirs) for theirs, ours in _CIVITAI_NAMES.items()}
    if "width" in extra and "height" in extra:
        values["size"] = (extra["width"], extra["height"])
    return {name: value for name, value in values.items() if value not in (None, "")}


def pass_values(found: ComfyPass) -> dict[str, Any]:
    """One pass's values under the names the reader expects."""
    guidance = found.cfg
    if found.flux_guidance is not None and found.cfg in (None, 1, 1.0):
        guidance = found.flux_guidance  # Flux: the distilled guidance is the one that matters
    denoise = found.denoise if found.from_image else None
    return {
        "prompt": found.prompts[0] if found.prompts else "",
        "negative_prompt": found.negative_prompts[0] if found.negative_prompts else "",
        "seed": found.seed,
        "steps": found.steps,
        "guidance": guidance,
        "sampler": found.sampler,
        "scheduler": found.scheduler,
        "size": found.size,
        "model": found.model,
        "strength": None if str(denoise).strip() in ("1", "1.0") else denoise,
        "loras": tuple((lora.name, lora.model_weight, lora.clip_weight) for lora in found.loras),
    }


def _notes(base: ComfyPass, others: list[ComfyPass]) -> list[str]:
    notes = []
    if others:
        count = len(others) + 1
        notes.append(
            note(
                f"This ComfyUI image was made in {count} sampling passes; only the base "
                "pass's settings were loaded.",
                f"Esta imagen de ComfyUI se hizo en {count} pasadas de muestreo; solo se "
                "cargaron los ajustes de la pasada base.",
            )
        )
        notes.extend(_pass_note(number, found) for number, found in enumerate(others, 2))
    if len(base.prompts) > 1:
        notes.append(
            note(
                "Several prompts were combined; only the first one was loaded.",
                "Se combinaron varios prompts; solo se cargó el primero.",
            )
        )
    notes.extend(_extra_notes(base))
    if base.from_image:
        notes.append(source_image_note())
    return notes


def _pass_note(number: int, found: ComfyPass) -> str:
    parts = [
        ("sampler", "muestreador", found.sampler),
        ("scheduler", "programa", found.scheduler),
        ("steps", "pasos", found.steps),
        ("CFG", "CFG", found.cfg),
        ("denoise", "denoise", found.denoise),
        ("seed", "semilla", found.seed),
        ("model", "modelo", found.model),
        ("size", "tamaño", "×".join(map(str, found.size)) if found.size else None),
    ]
    en = ", ".join(f"{name} {short(value)}" for name, _, value in parts if value is not None)
    es = ", ".join(f"{name} {short(value)}" for _, name, value in parts if value is not None)
    kind = short(found.kind)
    return note(
        f"Pass {number} ({kind}): {en}; not reproduced.",
        f"Pasada {number} ({kind}): {es}; no se reproduce.",
    )


def _extra_notes(base: ComfyPass) -> list[str]:
    notes = []
    for kind in base.extras:
        notes.append(
            note(
                f"{short(kind)} conditioning was used; it is not reproduced.",
                f"Se usó el condicionamiento {short(kind)}; no se reproduce.",
            )
        )
    if base.clip_skip and base.clip_skip > 1:
        notes.append(
            note(
                f"Clip skip {base.clip_skip} was used; Lienzo does not apply it yet.",
                f"Se usó clip skip {base.clip_skip}; Lienzo aún no lo aplica.",
            )
        )
    if base.vae:
        notes.append(
            note(
                f"A separate VAE ({short(base.vae)}) decoded the picture; Lienzo uses the "
                "model's own.",
                f"Un VAE aparte ({short(base.vae)}) decodificó la imagen; Lienzo usa el del "
                "modelo.",
            )
        )
    for lora in base.loras:
        if lora.clip_weight is not None and lora.clip_weight != lora.model_weight:
            notes.append(
                note(
                    f"The LoRA {short(lora.name)} has its own text-encoder weight "
                    f"({lora.clip_weight:g}); only its model weight is used.",
                    f"La LoRA {short(lora.name)} tiene un peso propio para el codificador de "
                    f"texto ({lora.clip_weight:g}); solo se usa su peso del modelo.",
                )
            )
    return notes
