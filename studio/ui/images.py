"""Small image helpers for widgets: PIL → QImage, without touching pixmaps off the GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from PIL import Image


def pil_to_qimage(image: Image.Image) -> QImage:
    """A deep-copied QImage of a PIL image (RGB)."""
    rgb = image.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    qimage = QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888)
    return qimage.copy()  # the buffer above dies with `data`
