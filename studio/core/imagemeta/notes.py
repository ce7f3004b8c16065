"""Warnings about settings read from an image: one string each, English line then Spanish."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studio.core.base.errors import tr

if TYPE_CHECKING:
    from studio.core.base.errors import InvalidRequestError

# Per value shown as text: a screenful. A prompt of megabytes is a hostile file, not a prompt.
MAX_SHOWN_CHARS = 4_000

_LABELS = {
    "seed": ("seed", "semilla"),
    "steps": ("steps", "pasos"),
    "guidance": ("guidance (CFG scale)", "guía (escala CFG)"),
    "strength": ("strength", "intensidad"),
    "size": ("size", "tamaño"),
}


def capped(text: str) -> str:
    """`text`, or its first MAX_SHOWN_CHARS characters and how many more were left out."""
    left_out = len(text) - MAX_SHOWN_CHARS
    if left_out <= 0:
        return text
    return (
        text[:MAX_SHOWN_CHARS]
        + "…\n"
        + tr(f"[{left_out} more characters not shown]", f"[{left_out} caracteres más sin mostrar]")
    )


def short(value: Any) -> str:
    # Values from files go into one-line warnings: no newlines, and never megabytes.
    text = " ".join(str(value)[:200].split())
    return repr(text if len(text) <= 40 else text[:39] + "…")


def note(en: str, es: str) -> str:
    # One string per warning, English line then Spanish line, like StudioError.bilingual().
    return f"{en}\n{es}"


def split_note(note: str) -> tuple[str, str]:
    en, _, es = note.partition("\n")
    return en, es or en


def dropped_note(problem: InvalidRequestError) -> str:
    return note(f"{problem.en} It was not loaded.", f"{problem.es} No se cargó.")


def unreadable_note(name: str, raw: Any) -> str:
    en, es = _LABELS[name]
    return note(
        f"The {en} in this image ({short(raw)}) is not a usable number; it was not loaded.",
        f"El valor de {es} de esta imagen ({short(raw)}) no es un número válido; no se cargó.",
    )


def source_image_note() -> str:
    return note(
        "Other images were used as input (img2img or image prompts); they are not stored here.",
        "Se usaron otras imágenes como entrada (img2img o prompts de imagen); no están aquí.",
    )


def no_sampler_note(generator: str) -> str:
    return note(
        f"No sampler was found in this {generator} image, so no settings could be read.",
        f"No se encontró ningún muestreador en esta imagen de {generator}, así que no se "
        "pudo leer ningún ajuste.",
    )


def skipped_note(name: str) -> str:
    return note(
        f"The metadata entry {short(name)} is damaged or too large and was skipped.",
        f"La entrada de metadatos {short(name)} está dañada o es demasiado grande y se omitió.",
    )
