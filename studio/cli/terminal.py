"""Text from files and folders, made safe to print on a terminal."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL and C1 controls: ESC ] 52 ; … BEL writes the clipboard
# on terminals that honour OSC 52, others set the title or clear the screen. Also the Unicode
# bidi overrides ("Trojan Source": shown text that reads differently from what is there) and
# lone surrogates (no terminal encoding can write one). The standard library has no escaper
# for this: repr() also escapes every non-ASCII letter and adds quotes.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: object) -> str:
    """`text` with every control character shown as the 4 literal characters `\\x1b`."""
    return _UNSAFE.sub(_visible, str(text))


def safe_json(text: str) -> str:
    """JSON text with the characters json.dumps(ensure_ascii=False) leaves raw (DEL, C1, bidi,
    lone surrogates) written as \\u escapes: still valid JSON, and the same values."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
