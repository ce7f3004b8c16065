"""Settings text inside EXIF, wherever a tool puts it: JPEG/WebP EXIF, a PNG's `eXIf` chunk
(Civitai writes A1111 text there), UserComment (A1111 text, or Civitai's ComfyUI graph with
its `extraMetadata`), and ComfyUI's "prompt:{json}" tags."""

from __future__ import annotations

import struct

from PIL import Image

_EXIF_IFD = 0x8769
_USER_COMMENT = 0x9286
# ComfyUI's WebP/JPEG writer stores "prompt:{json}" and "workflow:{json}" in these EXIF tags.
_COMFYUI_TAGS = (0x010E, 0x010F, 0x0110)
_COMFYUI_KEYS = ("prompt", "workflow")
# Pillow's own failures on broken EXIF; anything it trips on is damage, not a crash.
EXIF_ERRORS = (OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, struct.error)


def exif_texts(exif: Image.Exif) -> dict[str, str]:
    """The settings text in one EXIF block, under the chunk names a PNG would use."""
    comment = exif.get_ifd(_EXIF_IFD).get(_USER_COMMENT)
    texts = _comfyui_texts([exif.get(tag) for tag in _COMFYUI_TAGS])
    text = _decode_user_comment(comment) if isinstance(comment, bytes | str) else ""
    if _is_comfyui_graph(text):
        # Civitai's ComfyUI pictures: the API graph, with an "extraMetadata" entry beside the
        # nodes, where A1111 text would be.
        texts.setdefault("prompt", text)
    elif text:
        texts["parameters"] = text
    return texts


def png_exif_texts(data: bytes) -> dict[str, str]:
    """The settings text in a PNG `eXIf` chunk's bytes (a TIFF header, maybe after "Exif")."""
    exif = Image.Exif()
    exif.load(data if data.startswith(b"Exif\0\0") else b"Exif\0\0" + data)
    return exif_texts(exif)


def _is_comfyui_graph(text: str) -> bool:
    head = text.lstrip()[:1]
    return head == "{" and '"class_type"' in text and '"inputs"' in text


def _comfyui_texts(tags: list[object]) -> dict[str, str]:
    texts = {}
    for value in tags:
        if isinstance(value, str):
            key, separator, rest = value.partition(":")
            if separator and key in _COMFYUI_KEYS:
                texts[key] = rest
    return texts


def _decode_user_comment(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw.strip("\0 ")
    prefix, body = raw[:8], raw[8:]
    if prefix == b"UNICODE\0":
        text = _decode_utf16(body)
    elif prefix in (b"ASCII\0\0\0", b"\0" * 8):
        text = body.decode("utf-8", errors="replace")
    else:
        # Some writers leave out the 8-byte character-code prefix altogether.
        text = raw.decode("utf-8", errors="replace")
    return text.strip("\0 ")


def _decode_utf16(body: bytes) -> str:
    if body[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return body.decode("utf-16", errors="replace")
    # No byte-order mark: A1111 writes big-endian; mostly-ASCII text shows which byte is zero.
    big_endian = body[0::2].count(0) >= body[1::2].count(0)
    return body.decode("utf-16-be" if big_endian else "utf-16-le", errors="replace")
