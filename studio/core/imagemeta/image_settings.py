"""Generation settings read back from images made by Lienzo Studio and other SD tools."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio import APP_NAME
from studio.core.base.errors import ImageInputError, InvalidRequestError, tr
from studio.core.generation.request import MAX_PROMPT_CHARS, MAX_STEPS, GenerationRequest, validate
from studio.core.imagemeta.a1111_text import a1111_sampler
from studio.core.imagemeta.chunks import (
    RawMetadata,
    damaged_metadata_error,
    flat_metadata,
    latent_sizes,
    our_sampler,
    parse_foreign,
    read_raw_metadata,
    sampler_values,
    used_hires_fix,
)
from studio.core.imagemeta.comfy_settings import COMFYUI, SamplingPass, comfy_settings
from studio.core.imagemeta.json_tools import json_tool_settings
from studio.core.imagemeta.lienzo_format import LIENZO_KEY, read_lienzo_payload
from studio.core.imagemeta.loras import (
    checked_loras,
    describe_loras,
    lora_tags,
    prompt_loras,
)
from studio.core.imagemeta.notes import (
    capped,
    dropped_note,
    no_sampler_note,
    note,
    short,
    skipped_note,
    source_image_note,
    split_note,
    unreadable_note,
)
from studio.core.imagemeta.sizes import reusable_size, shown_as_is, snapped_note
from studio.core.imagemeta.untrusted import as_float, as_int, clean_text, is_parsable

if TYPE_CHECKING:
    from sd_parsers.data import PromptInfo

log = logging.getLogger(__name__)

JSON_SCHEMA_VERSION = 1
_LIENZO_FIELDS = (
    "prompt", "negative_prompt", "seed", "steps", "guidance", "sampler", "model", "draft"
)  # fmt: skip
_A1111 = "AUTOMATIC1111"


@dataclass(frozen=True)
class ImageSettings:
    """Generation settings found in an image, with notes on what we cannot reproduce."""

    generator: str
    prompt: str = ""
    negative_prompt: str = ""
    seed: int | None = None
    steps: int | None = None
    guidance: float | None = None
    sampler: str | None = None
    original_sampler: str | None = None
    scheduler: str | None = None  # the noise schedule as the image names it ("karras")
    width: int | None = None
    height: int | None = None
    model: str | None = None
    model_hash: str | None = None
    strength: float | None = None
    draft: bool | None = None  # decoded by the fast tiny decoder; None: the image does not say
    loras: tuple[tuple[str, float | None, float | None], ...] = ()  # name, model, clip weight
    passes: tuple[SamplingPass, ...] = ()  # several passes: the base (loaded) first, then others
    warnings: tuple[str, ...] = ()

    def to_request_fields(self) -> dict[str, Any]:
        """The GenerationRequest fields this image can set, each one a value we accept."""
        values: dict[str, Any] = {}
        if (self.prompt or self.negative_prompt) and _prompts_fit(self):
            values.update(prompt=self.prompt, negative_prompt=self.negative_prompt)
            values["prompt"] = lora_tags(self.prompt, self.loras)
        for name in ("seed", "steps", "guidance", "sampler", "strength"):
            if getattr(self, name) is not None:
                values[name] = getattr(self, name)
        if self.width and self.height:
            values["width"], values["height"] = reusable_size(self.width, self.height)
        if self.model and self.generator == APP_NAME:
            # Other tools' model names are labels, not references our loader can resolve.
            values["model"] = self.model
        return values

    def localized_warnings(self) -> tuple[str, ...]:
        """The warnings in the user's language."""
        return tuple(tr(*split_note(text)) for text in self.warnings)


@dataclass
class _Found:
    generator: str
    values: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def read_image_settings(path: str | os.PathLike[str]) -> ImageSettings | None:
    """The generation settings stored in an image file, or None if it holds none."""
    file = Path(path)
    raw = read_raw_metadata(file)
    try:
        return _settings_in(file, raw)
    except ImageInputError:
        raise
    except Exception as error:
        # The per-file boundary: whatever a parser trips on in a hostile file costs that one
        # file (callers skip it with this message), never the gallery or the command.
        log.warning("Unreadable settings in %s: %r", file, error)  # %r: no raw controls
        log.debug("Details", exc_info=True)
        raise damaged_metadata_error(file, tuple(raw.texts) or ("?",)) from error


def _settings_in(file: Path, raw: RawMetadata) -> ImageSettings | None:
    texts = {key: text for key, text in raw.texts.items() if is_parsable(text)}
    damaged = [*raw.damaged, *(key for key in raw.texts if key not in texts)]
    found = _from_lienzo(texts)
    if found is None and LIENZO_KEY in raw.texts:
        damaged.append(LIENZO_KEY)
    found = found or _from_other_tool(texts)
    if found is None:
        if damaged:
            raise damaged_metadata_error(file, tuple(damaged))
        return None
    found.notes.extend(skipped_note(name) for name in dict.fromkeys(damaged))
    return _finish(found)


def format_settings(settings: ImageSettings, as_json: bool) -> str:
    """The settings for `studio params`: readable lines (each value cut at MAX_SHOWN_CHARS),
    or JSON with a fixed set of keys and every value whole."""
    if as_json:
        data: dict[str, Any] = {"schema_version": JSON_SCHEMA_VERSION, "found": True}
        data.update(asdict(settings))
        data["warnings"] = [dict(en=en, es=es) for en, es in map(split_note, settings.warnings)]
        return json.dumps(data, ensure_ascii=False, indent=2)
    lines = [f"{label}: {_indent(capped(value))}" for label, value in _readable_fields(settings)]
    if settings.warnings:
        lines.append(tr("Cannot be reproduced exactly:", "No se puede reproducir con exactitud:"))
        lines.extend(f"  - {note}" for note in settings.localized_warnings())
    return "\n".join(lines)


def _readable_fields(s: ImageSettings) -> list[tuple[str, str]]:
    sampler = s.sampler or tr(
        f"{s.original_sampler} (not available)", f"{s.original_sampler} (no disponible)"
    )
    if s.sampler and s.original_sampler and s.original_sampler != s.sampler:
        sampler = f"{s.sampler} ({s.original_sampler})"
    model = f"{s.model} [{s.model_hash}]" if s.model and s.model_hash else s.model or s.model_hash
    rows = [
        (tr("Made with", "Hecha con"), s.generator),
        (tr("Prompt", "Prompt"), s.prompt),
        (tr("Negative prompt", "Prompt negativo"), s.negative_prompt),
        (tr("Seed", "Semilla"), s.seed),
        (tr("Steps", "Pasos"), s.steps),
        (tr("Guidance (CFG)", "Guía (CFG)"), _number(s.guidance)),
        (tr("Sampler", "Muestreador"), sampler if s.original_sampler else None),
        (tr("Schedule", "Programa de ruido"), s.scheduler),
        (tr("Size", "Tamaño"), f"{s.width}×{s.height}" if s.width and s.height else None),
        (tr("Model", "Modelo"), model),
        (tr("LoRAs", "LoRAs"), describe_loras(s.loras)),
        (tr("Strength", "Intensidad"), _number(s.strength)),
        (tr("Decoder", "Decodificador"), _decoder(s.draft)),
        (tr("Passes", "Pasadas"), _passes(s.passes)),
    ]
    return [(label, str(value)) for label, value in rows if value not in (None, "")]


def _passes(passes: tuple[SamplingPass, ...]) -> str | None:
    if not passes:
        return None
    base = tr("(base, loaded)", "(base, cargada)")
    lines = [f"{n}. {p.describe()}{' ' + base if n == 1 else ''}" for n, p in enumerate(passes, 1)]
    return "\n".join(lines)


def _decoder(draft: bool | None) -> str | None:
    if draft is None:
        return None
    if draft:
        return tr(
            "draft (fast tiny decoder, preview quality)",
            "borrador (rápido, calidad de vista previa)",
        )
    return tr("full", "completo")


def _number(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def _indent(text: str) -> str:
    return text.replace("\n", "\n  ")


def _from_lienzo(texts: dict[str, str]) -> _Found | None:
    # The raw JSON values, not GenerationRequest.from_dict: one wrong-typed value in a file
    # then costs that value (with a warning), not every setting in the image.
    payload = read_lienzo_payload(texts)
    request = payload.get("request") if payload else None
    if not isinstance(request, dict):
        return None
    values = {name: request.get(name) for name in _LIENZO_FIELDS}
    if isinstance(values["sampler"], str):  # as our A1111 text says it, so both read the same
        values["sampler"], values["scheduler"] = a1111_sampler(values["sampler"])
    loras = request.get("loras")
    if isinstance(loras, list):  # [name, weight]: one weight for both encoders, as A1111's tags
        values["loras"] = [[*lora, lora[-1]] for lora in loras[:64] if isinstance(lora, list)]
    if "width" in request or "height" in request:
        values["size"] = (request.get("width"), request.get("height"))
    model = payload.get("model") if payload else None
    values["model_hash"] = model.get("hash") if isinstance(model, dict) else None
    found = _Found(APP_NAME, values)
    if request.get("init_image") is not None:
        values["strength"] = request.get("strength")
        found.notes.append(source_image_note())
    return found


def _from_other_tool(texts: dict[str, str]) -> _Found | None:
    comfy = comfy_settings(texts)
    if comfy is not None:
        return _Found(COMFYUI, *comfy)
    other = json_tool_settings(texts)
    if other is not None:
        return _Found(*other)
    info = parse_foreign(texts)
    if info is None:
        return None
    meta = flat_metadata(info)
    generator = info.generator.value
    if generator == _A1111 and str(meta.get("version", "")).startswith(APP_NAME):
        generator = APP_NAME  # our own image whose "lienzo" chunk was stripped on the way
    if not info.samplers:
        return _Found(generator, {}, [no_sampler_note(generator)])
    return _Found(generator, sampler_values(info, meta), _foreign_notes(info, meta))


def _foreign_notes(info: PromptInfo, meta: dict[str, Any]) -> list[str]:
    generator, count = info.generator.value, len(info.samplers)
    facts = [
        (
            count > 1,
            f"This {generator} image was made in {count} sampling passes; only the first "
            "pass's settings were loaded.",
            f"Esta imagen de {generator} se hizo en {count} pasadas de muestreo; solo se "
            "cargaron los ajustes de la primera.",
        ),
        (
            len(info.samplers[0].prompts) > 1,
            "Several prompts were combined; only the first one was loaded.",
            "Se combinaron varios prompts; solo se cargó el primero.",
        ),
        (
            len(latent_sizes(meta)) > 1,
            "Several image sizes were used; none was loaded.",
            "Se usaron varios tamaños de imagen; no se cargó ninguno.",
        ),
        (
            used_hires_fix(meta),
            "A hires-fix upscaling pass was used; it is not reproduced.",
            "Se usó una pasada de reescalado (hires fix); no se reproduce.",
        ),
        (
            meta.get("styles") not in (None, "", "[]", []),
            "Styles were added to the prompt; only the typed prompt was loaded.",
            "Se añadieron estilos al prompt; solo se cargó el prompt escrito.",
        ),
    ]
    notes = [note(en, es) for applies, en, es in facts if applies]
    if "loadimage" in meta:
        notes.append(source_image_note())
    return notes


def _finish(found: _Found) -> ImageSettings:
    values, notes = found.values, found.notes
    sampler_name = _text(values.get("sampler")) or None
    width, height = _checked_size(values.get("size"), notes)
    settings = ImageSettings(
        generator=found.generator,
        prompt=_text(values.get("prompt")),
        negative_prompt=_text(values.get("negative_prompt")),
        seed=_checked(values, "seed", as_int, notes),
        steps=_checked(values, "steps", as_int, notes),
        guidance=_checked(values, "guidance", as_float, notes),
        sampler=_mapped_sampler(sampler_name, values.get("scheduler"), notes),
        original_sampler=sampler_name,
        scheduler=_text(values.get("scheduler")) or None,
        width=width,
        height=height,
        model=_text(values.get("model")) or None,
        model_hash=_text(values.get("model_hash")) or None,
        strength=_checked(values, "strength", as_float, notes),
        draft=values["draft"] if isinstance(values.get("draft"), bool) else None,
        loras=checked_loras(values.get("loras")) or prompt_loras(_text(values.get("prompt"))),
        passes=tuple(p for p in values.get("passes", ()) if isinstance(p, SamplingPass)),
    )
    problem = _range_problem(prompt=settings.prompt, negative_prompt=settings.negative_prompt)
    if problem:
        # Shown by `studio params`, never put into the prompt box: the box keeps its own text.
        en, es = f"{problem.en} It cannot be reused.", f"{problem.es} No se puede reutilizar."
        notes.append(note(en, es))
    return replace(settings, warnings=tuple(dict.fromkeys(notes)))


def _checked(
    values: dict[str, Any], name: str, convert: Callable[[Any], Any], notes: list[str]
) -> Any:
    raw = values.get(name)
    if raw is None:
        return None
    value = convert(raw)
    if value is None:
        notes.append(unreadable_note(name, raw))
        return None
    problem = _range_problem(**{name: value})
    if problem:
        notes.append(dropped_note(problem))
        return None
    return value


def _checked_size(raw: Any, notes: list[str]) -> tuple[int | None, int | None]:
    if raw is None:
        return None, None
    width, height = (as_int(side) for side in raw)
    if width is None or height is None:
        notes.append(unreadable_note("size", "×".join(map(str, raw))))
        return None, None
    problem = _range_problem(width=width, height=height)
    if problem and not shown_as_is(width, height):
        notes.append(dropped_note(problem))
        return None, None
    if problem:
        notes.append(snapped_note(width, height))
    return width, height


def _range_problem(**values: Any) -> InvalidRequestError | None:
    # The request's own validation, so loaded values obey exactly the limits a request does.
    probe = GenerationRequest(**{"prompt": "", **values})
    if "strength" in values:
        probe = replace(probe, init_image="probe.png", steps=MAX_STEPS)
    try:
        validate(probe)
    except InvalidRequestError as error:
        return error
    return None


def _mapped_sampler(name: str | None, scheduler: Any, notes: list[str]) -> str | None:
    if name is None:
        return None
    sampler, lost_schedule = our_sampler(name, scheduler)
    if sampler is None:
        notes.append(
            note(
                f"The sampler {short(name)} is not available here; choose one yourself.",
                f"El muestreador {short(name)} no está disponible aquí; elige uno tú.",
            )
        )
    elif lost_schedule:
        notes.append(
            note(
                f"The {short(lost_schedule)} noise schedule is not available with {sampler}; "
                "results will differ.",
                f"El programa de ruido {short(lost_schedule)} no está disponible con "
                f"{sampler}; el resultado será distinto.",
            )
        )
    return sampler


def _text(value: Any) -> str:
    return clean_text(value) if isinstance(value, str) else ""


def _prompts_fit(settings: ImageSettings) -> bool:
    return max(len(settings.prompt), len(settings.negative_prompt)) <= MAX_PROMPT_CHARS
