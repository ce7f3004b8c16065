"""Requests read back from the app's own state files (the queue, the window state).

Those files can be damaged or edited by hand, so every value is type-checked before a request
is built from it: a wrong one raises TypeError (or ValueError) and the caller drops that entry.
"""

from __future__ import annotations

from typing import Any

from studio.core.generation.request import GenerationRequest

_NUMBER = (int, float)
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "prompt": (str,), "negative_prompt": (str,), "model": (str,), "seed": (int, type(None)),
    "steps": (int,), "guidance": _NUMBER, "width": (int,), "height": (int,), "sampler": (str,),
    "count": (int,), "init_image": (str, type(None)), "strength": _NUMBER, "draft": (bool,),
    "loras": (list, tuple), "extras": (dict, type(None)), "mask": (str, type(None)),
    "outpaint": (list, tuple), "mask_blur": (int,), "inpaint_full_res": (bool,),
    "inpaint_padding": (int,),
}  # fmt: skip


def stored_request(data: Any) -> GenerationRequest:
    """A request from `to_dict` output kept in a state file; TypeError when a value is wrong."""
    if not isinstance(data, dict):
        raise TypeError(f"a request is a JSON object, not {type(data).__name__}")
    values = {k: _checked(k, v) for k, v in data.items() if k in _FIELD_TYPES}
    if "prompt" not in values:
        raise TypeError("the request has no prompt")
    extras = values.get("extras") or {}
    values["extras"] = tuple(sorted((str(k), str(v)) for k, v in extras.items()))
    values["loras"] = tuple(_lora(item) for item in values.get("loras") or ())
    if "outpaint" in values:
        values["outpaint"] = _outpaint(values["outpaint"])
    return GenerationRequest(**values)


def _checked(name: str, value: Any) -> Any:
    expected = _FIELD_TYPES[name]
    if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
        raise TypeError(f"{name}: {type(value).__name__} is not a valid value")
    return float(value) if expected is _NUMBER else value


def _lora(item: Any) -> tuple[str, float]:
    if not isinstance(item, list | tuple) or len(item) != 2:
        raise TypeError("a LoRA is a [name, weight] pair")
    name, weight = item
    if not isinstance(name, str) or isinstance(weight, bool) or not isinstance(weight, _NUMBER):
        raise TypeError("a LoRA is a [name, weight] pair")
    return name, float(weight)


def _outpaint(item: Any) -> tuple[int, int, int, int]:
    if len(item) != 4 or not all(isinstance(v, int) and not isinstance(v, bool) for v in item):
        raise TypeError("outpaint is four whole numbers")
    left, top, right, bottom = item
    return left, top, right, bottom
