"""Render resources/icons/lienzo-studio.svg to the PNG sizes, .ico and .icns the builds use.

    .venv/bin/python packaging/make_icons.py

Needs the dev venv (PySide6's SVG renderer handles gradients; ImageMagick's own does not, and
Pillow writes the .ico/.icns). The outputs are committed, so the builds need neither.
"""

from __future__ import annotations

import os
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)


def render(svg: Path, size: int, out: Path) -> None:
    """One square PNG of the SVG, antialiased, transparent around it."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(out)):
        raise OSError(f"could not write {out}")


def main() -> None:
    """Render every size, then pack the .ico (Windows) and .icns (macOS)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication([])
    svg = ICONS / "lienzo-studio.svg"
    for size in SIZES:
        render(svg, size, ICONS / f"lienzo-studio-{size}.png")
    big = Image.open(ICONS / "lienzo-studio-1024.png")
    big.save(ICONS / "lienzo-studio.ico", sizes=[(s, s) for s in SIZES if s <= 256])
    big.save(ICONS / "lienzo-studio.icns")
    print(f"wrote {len(SIZES)} PNGs, .ico and .icns to {ICONS}")


if __name__ == "__main__":
    main()
