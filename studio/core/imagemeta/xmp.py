"""Settings text inside an XMP packet (a JPEG APP1 segment, a WebP `XMP ` chunk or a PNG
`XML:com.adobe.xmp` iTXt chunk): Draw Things keeps its JSON in `exif:UserComment` and the
prompt in `dc:description`; other tools put A1111 text or JSON in the same places."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from studio.core.imagemeta.untrusted import clean_text

PNG_XMP_KEY = "XML:com.adobe.xmp"
# A real XMP packet with a long prompt is a few KB; Adobe's own limit for JPEG is 64 KB per
# segment, and extended XMP beyond that is not read.
MAX_XMP_BYTES = 1024 * 1024
# Real packets nest about six levels (x:xmpmeta / rdf:RDF / rdf:Description / tag / rdf:Alt
# / rdf:li); far deeper is a hostile file.
_MAX_DEPTH = 64
# Where settings live, by the element's or attribute's local name, best first.
_SETTING_NAMES = ("sui_image_params", "UserComment", "parameters", "description")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def xmp_texts(packet: bytes | str | None) -> dict[str, str]:
    """The settings text in an XMP packet, under `parameters` (as a PNG text chunk would hold
    it); {} when there is none, or the packet is too large, declares entities or is not XML."""
    if isinstance(packet, str):
        packet = packet.encode("utf-8", errors="replace")
    if not packet or len(packet) > MAX_XMP_BYTES:
        return {}
    # Safe with the stdlib parser: a packet with any DOCTYPE or ENTITY declaration is refused
    # before parsing, so no entity can be defined, let alone expanded (no "billion laughs"), and
    # expat never fetches external resources itself; size and depth are capped.
    if _DECLARATION.search(packet):
        return {}
    try:
        root = ET.fromstring(packet.strip(b"\0 \r\n\t"))
    except (ET.ParseError, ValueError):
        return {}
    found = _found_values(root)
    for name in _SETTING_NAMES:
        text = found.get(name, "").strip()
        if text:
            return {"parameters": clean_text(text)}
    return {}


def _found_values(root: ET.Element) -> dict[str, str]:
    found: dict[str, str] = {}
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > _MAX_DEPTH:
            return {}
        name = _local(element.tag)
        if name in _SETTING_NAMES and name not in found:
            found[name] = _element_text(element)
        for key, value in element.attrib.items():
            if _local(key) in _SETTING_NAMES:
                found.setdefault(_local(key), value)
        stack.extend((child, depth + 1) for child in reversed(element))
    return found


def _element_text(element: ET.Element) -> str:
    # A language alternative (rdf:Alt / rdf:li) or a plain value.
    texts = [item.text for item in element.iter() if item.text and item.text.strip()]
    return texts[0] if texts else ""


def _local(name: str) -> str:
    return name.rpartition("}")[2].rpartition(":")[2]
