"""The HTML contact sheet: one page, thumbnails embedded, that opens in any browser."""

from __future__ import annotations

import base64
from datetime import datetime
from html import escape
from urllib.parse import quote

from studio import APP_NAME
from studio.core.base.errors import current_language, tr
from studio.core.gallery.query import GalleryItem

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;background:#f6f6f4;color:#222}
h1{font-size:1.3rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:1rem}
figure{margin:0;background:#fff;border-radius:8px;padding:.6rem;box-shadow:0 1px 3px #0002}
figure img{width:100%;height:auto;border-radius:4px;display:block}
figcaption{font-size:.8rem;line-height:1.35;word-wrap:break-word;white-space:pre-wrap}
.neg{color:#844}.meta{color:#555}
"""


def contact_sheet(cards: list[tuple[GalleryItem, str, bytes | None]], private: bool) -> str:
    """The page: per card the item, the link to its exported file, and a WebP thumbnail."""
    title = tr(f"{APP_NAME} — gallery", f"{APP_NAME} — galería")
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    count = tr(
        f"{len(cards)} images, exported {stamp}", f"{len(cards)} imágenes, exportadas {stamp}"
    )
    body = "\n".join(_card(item, link, thumb, private) for item, link, thumb in cards)
    return (
        f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(count)}</p>"
        f'<div class="grid">\n{body}\n</div></body></html>\n'
    )


def _card(item: GalleryItem, link: str, thumb: bytes | None, private: bool) -> str:
    href = quote(link)
    name = link.rpartition("/")[2]
    image = (
        f'<img src="data:image/webp;base64,{base64.b64encode(thumb).decode("ascii")}" '
        f'alt="{escape(name)}" loading="lazy">'
        if thumb
        else escape(tr("(no preview)", "(sin vista previa)"))
    )
    caption = escape(name) if private else _caption(item, name)
    return f'<figure><a href="{href}">{image}</a><figcaption>{caption}</figcaption></figure>'


def _caption(item: GalleryItem, name: str) -> str:
    lines = [f"<b>{escape(item.prompt)}</b>" if item.prompt else escape(name)]
    if item.negative_prompt:
        label = tr("Negative", "Negativo")
        lines.append(f'<span class="neg">{label}: {escape(item.negative_prompt)}</span>')
    lines.append(f'<span class="meta">{escape(_settings_line(item))}</span>')
    return "\n".join(lines)


def _settings_line(item: GalleryItem) -> str:
    s = item.settings
    parts = [item.created.strftime("%Y-%m-%d %H:%M")]
    if item.width and item.height:
        parts.append(f"{item.width}×{item.height}")
    if s is not None:
        parts += [
            f"{tr('seed', 'semilla')} {s.seed}" if s.seed is not None else "",
            f"{tr('steps', 'pasos')} {s.steps}" if s.steps is not None else "",
            f"CFG {s.guidance:g}" if s.guidance is not None else "",
            s.original_sampler or "",
            s.model or "",
            s.generator,
        ]
    if item.favourite:
        parts.append("★")
    parts += [f"#{tag}" for tag in item.tags]
    return " · ".join(part for part in parts if part)
