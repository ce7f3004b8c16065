"""The one value that describes a generation, and its validation."""

from __future__ import annotations

import math
import random
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from studio.core.base.errors import InvalidRequestError, tr

MAX_SEED = 2**64 - 1
MAX_STEPS = 150
MAX_GUIDANCE = 30.0
MIN_SIDE = 64
MAX_SIDE = 2048
MAX_PIXELS = 2048 * 2048
MAX_COUNT = 16
MAX_PROMPT_CHARS = 20_000
MAX_OUTPAINT = 512
MAX_MASK_BLUR = 64
MAX_INPAINT_PADDING = 256
SAMPLERS = ("Euler", "Euler a", "DPM++ 2M", "DPM++ 2M Karras", "DDIM", "UniPC", "LCM")
# C0 and C1 control characters and DEL, tab and newline excepted.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class GenerationRequest:
    """Everything a generation needs: serializable, loggable, replayable."""

    prompt: str
    negative_prompt: str = ""
    model: str = ""
    seed: int | None = None
    steps: int = 4
    guidance: float = 7.0
    width: int = 512
    height: int = 512
    sampler: str = "Euler a"
    count: int = 1
    init_image: str | None = None
    strength: float = 0.6
    draft: bool = False  # fast tiny-autoencoder (TAESD) decode, when its weights are present
    loras: tuple[tuple[str, float], ...] = ()  # (name or .safetensors path, weight)
    extras: tuple[tuple[str, str], ...] = field(default=())
    # Inpainting: white in the mask is redrawn; the init image's own file means its transparency.
    mask: str | None = None
    outpaint: tuple[int, int, int, int] = (0, 0, 0, 0)  # pixels added left, top, right, bottom
    mask_blur: int = 4  # feathered edge, in pixels, where the result blends into the original
    inpaint_full_res: bool = False  # redraw a crop around the mask at the model's size
    inpaint_padding: int = 32  # pixels of context around the mask in that crop

    @property
    def is_img2img(self) -> bool:
        return self.init_image is not None

    @property
    def is_inpaint(self) -> bool:
        return self.mask is not None or any(self.outpaint)

    def with_seed(self) -> GenerationRequest:
        """The same request with a concrete seed (a random one when none was given)."""
        if self.seed is not None:
            return self
        return replace(self, seed=random.randrange(2**32))

    def for_image(self, index: int) -> GenerationRequest:
        """The request that reproduces image `index` of this batch on its own."""
        seed = self.with_seed().seed or 0
        return replace(self, seed=(seed + index) % (MAX_SEED + 1), count=1)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["extras"] = dict(self.extras)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GenerationRequest:
        """Rebuild a request from `to_dict` output, ignoring unknown keys."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["extras"] = tuple(sorted((values.get("extras") or {}).items()))
        values["loras"] = tuple(
            (str(name), float(weight)) for name, weight in values.get("loras") or ()
        )
        if "outpaint" in values:
            values["outpaint"] = tuple(int(side) for side in values["outpaint"])
        return cls(**values)


def parse_seed(text: str | int | None) -> int | None:
    """Turn what a user typed into a seed; empty or -1 means random."""
    if text is None:
        return None
    raw = str(text).strip()
    if raw in ("", "-1"):
        return None
    try:
        seed = int(raw)
    except ValueError:
        raise InvalidRequestError(
            "seed",
            f"Seed must be a whole number from 0 to {MAX_SEED}, or -1 for random (got {raw!r}).",
            f"La semilla debe ser un número entero de 0 a {MAX_SEED}, o -1 para aleatoria "
            f"(recibido {raw!r}).",
        ) from None
    _check_seed(seed)
    return seed


def _check_seed(seed: int | None) -> None:
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise InvalidRequestError(
            "seed",
            f"Seed {seed} is out of range: use 0 to {MAX_SEED}, or -1 for random.",
            f"La semilla {seed} está fuera de rango: usa de 0 a {MAX_SEED}, o -1 para aleatoria.",
        )


def without_control_chars(request: GenerationRequest) -> tuple[GenerationRequest, tuple[str, ...]]:
    """The request with control characters (but tab and newline) taken out of its prompts, and
    a warning in the user's language when there were any."""
    # They mean nothing to a text encoder, and stored in the PNG they would reach the terminal
    # of whoever runs `studio params` on it (ESC ] 52 writes the clipboard). Line ends pasted
    # from Windows (\r\n) become plain newlines and are not worth a warning.
    texts = {name: getattr(request, name) for name in ("prompt", "negative_prompt")}
    found = {
        name: _CONTROL_CHARS.findall(text.replace("\r\n", "\n"))
        for name, text in texts.items()
        if isinstance(text, str)
    }
    cleaned = {name: _CONTROL_CHARS.sub("", texts[name].replace("\r\n", "\n")) for name in found}
    if cleaned == texts:
        return request, ()
    removed = sum(map(len, found.values()))
    if not removed:
        return replace(request, **cleaned), ()
    warning = tr(
        f"{removed} control characters were removed from the prompt (they cannot be drawn).",
        f"Se quitaron {removed} caracteres de control del prompt (no se pueden dibujar).",
    )
    return replace(request, **cleaned), (warning,)


def validate(request: GenerationRequest) -> None:
    """Raise InvalidRequestError naming the first setting that cannot work."""
    _check_prompt(request)
    _check_seed(request.seed)
    _check_steps(request.steps)
    _check_guidance(request.guidance)
    _check_size(request.width, request.height)
    _check_count(request.count)
    _check_sampler(request.sampler)
    if request.is_img2img:
        _check_strength(request.strength, request.steps)
    _check_loras(request.loras)
    _check_inpaint(request)


_PROMPT_NAMES = {
    "prompt": ("prompt", "prompt"),
    "negative_prompt": ("negative prompt", "prompt negativo"),
}


def _check_prompt(request: GenerationRequest) -> None:
    for name, text in (("prompt", request.prompt), ("negative_prompt", request.negative_prompt)):
        en, es = _PROMPT_NAMES[name]
        if not isinstance(text, str):
            raise InvalidRequestError(name, f"The {en} must be text.", f"El {es} debe ser texto.")
        if len(text) > MAX_PROMPT_CHARS:
            raise InvalidRequestError(
                name,
                f"The {en} is {len(text)} characters long; the limit is {MAX_PROMPT_CHARS}.",
                f"El {es} tiene {len(text)} caracteres; el límite es {MAX_PROMPT_CHARS}.",
            )


def _check_steps(steps: int) -> None:
    if not isinstance(steps, int) or isinstance(steps, bool) or not 1 <= steps <= MAX_STEPS:
        raise InvalidRequestError(
            "steps",
            f"Steps must be between 1 and {MAX_STEPS} (got {steps}).",
            f"Los pasos deben estar entre 1 y {MAX_STEPS} (recibido {steps}).",
        )


def _check_guidance(guidance: float) -> None:
    if not isinstance(guidance, int | float) or not math.isfinite(guidance):
        raise InvalidRequestError(
            "guidance",
            f"Guidance (CFG scale) must be a number (got {guidance}).",
            f"La guía (escala CFG) debe ser un número (recibido {guidance}).",
        )
    if not 0 <= guidance <= MAX_GUIDANCE:
        raise InvalidRequestError(
            "guidance",
            f"Guidance (CFG scale) must be between 0 and {MAX_GUIDANCE:g} (got {guidance:g}).",
            f"La guía (escala CFG) debe estar entre 0 y {MAX_GUIDANCE:g} (recibido {guidance:g}).",
        )


def _check_size(width: int, height: int) -> None:
    for name, side in (("width", width), ("height", height)):
        if not isinstance(side, int) or not MIN_SIDE <= side <= MAX_SIDE:
            raise InvalidRequestError(
                name,
                f"{name.capitalize()} must be between {MIN_SIDE} and {MAX_SIDE} pixels "
                f"(got {side}).",
                f"El {'ancho' if name == 'width' else 'alto'} debe estar entre {MIN_SIDE} y "
                f"{MAX_SIDE} píxeles (recibido {side}).",
            )
        check_multiple(name, side, 8)
    if width * height > MAX_PIXELS:
        raise InvalidRequestError(
            "width",
            f"{width}×{height} is too large; the most is {MAX_PIXELS} pixels (2048×2048).",
            f"{width}×{height} es demasiado grande; el máximo es {MAX_PIXELS} píxeles (2048×2048).",
        )


def check_multiple(name: str, side: int, multiple: int, model: str = "") -> None:
    """Refuse a width or height that is not a multiple of `multiple`, naming the nearest two."""
    if side % multiple == 0:
        return
    lower, upper = side - side % multiple, side - side % multiple + multiple
    for_en, for_es = (f" for {model}", f" para {model}") if model else ("", "")
    raise InvalidRequestError(
        name,
        f"{name.capitalize()} must be a multiple of {multiple}{for_en} "
        f"(got {side}; try {lower} or {upper}).",
        f"El {'ancho' if name == 'width' else 'alto'} debe ser múltiplo de {multiple}{for_es} "
        f"(recibido {side}; prueba {lower} o {upper}).",
    )


def _check_count(count: int) -> None:
    if not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise InvalidRequestError(
            "count",
            f"Number of images must be between 1 and {MAX_COUNT} (got {count}).",
            f"El número de imágenes debe estar entre 1 y {MAX_COUNT} (recibido {count}).",
        )


def _check_sampler(sampler: str) -> None:
    if sampler not in SAMPLERS:
        raise InvalidRequestError(
            "sampler",
            f"Unknown sampler {sampler!r}. Choose one of: {', '.join(SAMPLERS)}.",
            f"Muestreador desconocido {sampler!r}. Elige uno de: {', '.join(SAMPLERS)}.",
        )


def _check_strength(strength: float, steps: int) -> None:
    if not isinstance(strength, int | float) or not 0 < strength <= 1:
        raise InvalidRequestError(
            "strength",
            f"Strength must be greater than 0 and at most 1 (got {strength}).",
            f"La intensidad debe ser mayor que 0 y como máximo 1 (recibido {strength}).",
        )
    if int(steps * strength) < 1:
        needed = math.ceil(1 / strength)
        raise InvalidRequestError(
            "strength",
            f"With strength {strength:g} and {steps} steps no denoising step would run "
            f"(steps × strength < 1). Use at least {needed} steps or a higher strength.",
            f"Con intensidad {strength:g} y {steps} pasos no se ejecutaría ningún paso "
            f"(pasos × intensidad < 1). Usa al menos {needed} pasos o más intensidad.",
        )


def _check_loras(loras: tuple[tuple[str, float], ...]) -> None:
    for name, weight in loras:
        if not isinstance(weight, int | float) or not math.isfinite(weight) or abs(weight) > 5:
            raise InvalidRequestError(
                "loras",
                f"LoRA {name!r}: weight must be a number between -5 and 5 (got {weight}).",
                f"LoRA {name!r}: el peso debe ser un número entre -5 y 5 (recibido {weight}).",
            )


_SIDES = ("left", "top", "right", "bottom")
_SIDES_ES = {"left": "izquierda", "top": "arriba", "right": "derecha", "bottom": "abajo"}


def parse_outpaint(text: str) -> tuple[int, int, int, int]:
    """`left=128,bottom=256` → (128, 0, 0, 256), each rounded to the nearest multiple of 8."""
    amounts = dict.fromkeys(_SIDES, 0)
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        side, _, value = part.partition("=")
        side = side.strip().lower()
        try:
            number = int(value.strip())
        except ValueError:
            number = -1
        if side not in amounts or number < 0:
            raise InvalidRequestError(
                "outpaint",
                f"Cannot read {part!r}: write sides as left=128,bottom=256 "
                "(left, top, right, bottom; pixels, 0 to 512).",
                f"No se entiende {part!r}: escribe los lados como left=128,bottom=256 "
                "(left=izquierda, top=arriba, right=derecha, bottom=abajo; píxeles, de 0 a 512).",
            )
        amounts[side] = (number + 4) // 8 * 8
    left, top, right, bottom = (amounts[side] for side in _SIDES)
    return left, top, right, bottom


def outpainted_size(request: GenerationRequest) -> tuple[int, int]:
    """The picture's size once the outpaint margins are added."""
    left, top, right, bottom = request.outpaint
    return request.width + left + right, request.height + top + bottom


def _check_inpaint(request: GenerationRequest) -> None:
    if request.is_inpaint and not request.is_img2img:
        raise InvalidRequestError(
            "mask",
            "A mask or outpainting needs the picture to change: add --init-image FILE.",
            "Una máscara o la ampliación necesitan la imagen a cambiar: añade --init-image "
            "ARCHIVO.",
        )
    _check_outpaint(request.outpaint)
    _check_int("mask_blur", request.mask_blur, MAX_MASK_BLUR, "Mask blur", "El desenfoque")
    _check_int(
        "inpaint_padding", request.inpaint_padding, MAX_INPAINT_PADDING, "Padding", "El margen"
    )
    width, height = outpainted_size(request)
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise InvalidRequestError(
            "outpaint",
            f"Extended, the picture would be {width}×{height}; the most is {MAX_SIDE} per side "
            f"and {MAX_PIXELS} pixels. Extend it less.",
            f"Ampliada, la imagen mediría {width}×{height}; el máximo es {MAX_SIDE} por lado y "
            f"{MAX_PIXELS} píxeles. Amplíala menos.",
        )


def _check_outpaint(outpaint: tuple[int, ...]) -> None:
    if not isinstance(outpaint, tuple) or len(outpaint) != 4:
        raise InvalidRequestError(
            "outpaint",
            "Outpainting needs four amounts: left, top, right, bottom.",
            "La ampliación necesita cuatro cantidades: izquierda, arriba, derecha, abajo.",
        )
    for side, amount in zip(_SIDES, outpaint, strict=True):
        if not isinstance(amount, int) or isinstance(amount, bool):
            amount = -1
        if not 0 <= amount <= MAX_OUTPAINT or amount % 8:
            raise InvalidRequestError(
                "outpaint",
                f"Extending {side} by {amount} pixels is not possible: use a multiple of 8 "
                f"from 0 to {MAX_OUTPAINT}.",
                f"No se puede ampliar por la {_SIDES_ES[side]} {amount} píxeles: usa un múltiplo "
                f"de 8 de 0 a {MAX_OUTPAINT}.",
            )


def _check_int(name: str, value: int, most: int, en: str, es: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= most:
        raise InvalidRequestError(
            name,
            f"{en} must be a whole number of pixels from 0 to {most} (got {value}).",
            f"{es} debe ser un número entero de píxeles de 0 a {most} (recibido {value}).",
        )
