"""Limits on metadata text from files we did not write, checked before any parser sees it."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

# Far beyond a real prompt (A1111's own limit is a few thousand tokens), yet a 10 MB prompt is
# still read so that `studio params` can say how long it is; parsing 16 MB of text takes ~0.1 s.
MAX_TEXT_CHARS = 16 * 1024 * 1024
# A ComfyUI workflow with hundreds of nodes is a few hundred KB; sd-parsers walks a graph once
# per sampler node, so the graph's size is what bounds the time one file can cost.
MAX_JSON_CHARS = 4 * 1024 * 1024
# Real metadata nests a dozen levels at most; Python's json recurses once per level in C and
# raises RecursionError near 1,000 (how one 10 KB PNG once broke the whole gallery).
MAX_NESTING = 100
# A JSON string: an unterminated one runs to the end of the text, so the pattern always matches
# at the first quote it meets and the scan stays linear (no retries from every later quote).
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def nesting_depth(text: str) -> int:
    """How deeply [ ] and { } nest in `text`, brackets inside JSON strings not counted."""
    # The standard json module has no depth limit, and sd-parsers calls json.loads itself on
    # the text we hand it, so the limit has to be a scan of the text before any parser runs.
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0)


def is_parsable(text: str) -> bool:
    """Whether a metadata entry is small and shallow enough to hand to any parser."""
    looks_like_json = text.lstrip()[:1] in ("{", "[")
    limit = MAX_JSON_CHARS if looks_like_json else MAX_TEXT_CHARS
    return len(text) <= limit and nesting_depth(text) <= MAX_NESTING


def load_json(text: str, max_chars: int = MAX_JSON_CHARS) -> Any:
    """`json.loads` for untrusted text; ValueError when it is too large or too deeply nested."""
    if len(text) > max_chars:
        raise ValueError(f"JSON text of {len(text)} characters is over the limit of {max_chars}")
    if nesting_depth(text) > MAX_NESTING:
        raise ValueError(f"JSON nested deeper than {MAX_NESTING} levels")
    return json.loads(text)


def clean_text(text: str) -> str:
    """`text` without lone surrogates (JSON's "\\ud800" makes one), which no file or terminal
    and not SQLite can encode: each becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def as_int(value: Any) -> int | None:
    """An untrusted value as an int, or None when it is not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,30}\s*", value):
        return int(value)  # 30 digits is far past MAX_SEED; int() of megabytes of digits is slow
    number = as_float(value)
    return int(number) if number is not None and number.is_integer() else None


def as_float(value: Any) -> float | None:
    """An untrusted value as a float, or None when it is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, str) and len(value) > 40:
        return None
    try:
        return float(value)
    except (ValueError, OverflowError):
        return None
