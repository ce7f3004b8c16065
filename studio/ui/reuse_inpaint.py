"""Reusing an inpainting result: its source picture and mask back in the prompt panel.

The image names its inputs in our metadata, and the image may come from anywhere: a name is
taken only as a plain file name, looked up beside the picture (where its mask is saved) and in
the folder where Edit keeps its sources, and used only when it is a regular file of a sane size
that decodes as a picture. A path written in the file is never followed.
"""

from __future__ import annotations

import logging
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from studio.core.base.errors import StudioError
from studio.core.generation.request import MAX_INPAINT_PADDING, MAX_MASK_BLUR, MAX_OUTPAINT
from studio.ui.image_input import load_input_preview

if TYPE_CHECKING:
    from studio.ui.prompt_panel import PromptPanel

log = logging.getLogger(__name__)
MAX_INPUT_BYTES = 64 * 1024 * 1024  # larger than any picture the engine accepts, as PNG
_MAX_NAME = 255


def recorded_request(path: Path) -> dict[str, Any]:
    """The raw request our metadata records for `path` ({} when there is none)."""
    from studio.core.imagemeta.chunks import read_raw_metadata
    from studio.core.imagemeta.lienzo_format import read_lienzo_payload

    try:
        payload = read_lienzo_payload(read_raw_metadata(path).texts)
    except Exception:  # the reuse boundary: a hostile file costs its inputs, nothing else
        log.info("No inpainting inputs read from %s", path, exc_info=True)
        return {}
    request = payload.get("request") if payload else None
    return request if isinstance(request, dict) else {}


def file_by_name(name: object, folders: list[Path]) -> Path | None:
    """The regular file called `name` in the first of `folders` holding one; never a path."""
    if not isinstance(name, str) or not name or len(name) > _MAX_NAME or name in (".", ".."):
        return None
    if any(char in name for char in "/\\:\0") or not name.isprintable():
        return None
    for folder in folders:
        candidate = folder / name
        try:
            info = candidate.lstat()  # a link is not followed: it may point anywhere
        except (OSError, ValueError):
            continue
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_INPUT_BYTES:
            return candidate
    return None


def inpaint_options(request: dict[str, Any]) -> dict[str, Any]:
    """The inpainting settings a recorded request holds (mask blur, masked area only, its
    padding, extend margins), each checked against what the engine accepts; others dropped."""
    from studio.core.generation.stored import stored_request

    try:
        stored = stored_request({**request, "prompt": ""})
    except (TypeError, ValueError):
        return {}
    options: dict[str, Any] = {"inpaint_full_res": stored.inpaint_full_res}
    if 0 <= stored.mask_blur <= MAX_MASK_BLUR:
        options["mask_blur"] = stored.mask_blur
    if 0 <= stored.inpaint_padding <= MAX_INPAINT_PADDING:
        options["inpaint_padding"] = stored.inpaint_padding
    if all(0 <= side <= MAX_OUTPAINT for side in stored.outpaint):
        options["outpaint"] = stored.outpaint
    return options


def restore_inpaint_inputs(path: Path, panel: PromptPanel) -> str:
    """Put the source, the mask and the inpainting settings of the result `path` back into
    the panel, so that Generate redraws the same part (or extends the same sides); what to add
    to the banner ("" when it is no inpainting)."""
    request = recorded_request(path)
    options = inpaint_options(request)
    if request.get("mask") is None and not any(options.get("outpaint", ())):
        return ""  # neither an inpainting nor an extension: nothing more to restore
    edit_folder = panel.init_box.sources_folder
    folders = [path.parent] if edit_folder is None else [path.parent, edit_folder]
    source = file_by_name(request.get("init_image"), folders)
    mask = file_by_name(request["mask"], [path.parent]) if request.get("mask") else None
    preview = _preview(source)
    missing = []
    if preview is None:
        missing.append(QCoreApplication.translate("ReuseInpaint", "the source picture"))
    if request.get("mask") and (mask is None or _preview(mask) is None):
        missing.append(QCoreApplication.translate("ReuseInpaint", "the mask"))
    if missing:
        return QCoreApplication.translate(
            "ReuseInpaint",
            "This picture was inpainted, but %1 could not be found beside it; "
            "the prompt and the other settings were restored.",
        ).replace("%1", QCoreApplication.translate("ReuseInpaint", " and ").join(missing))
    assert source is not None and preview is not None
    panel.init_box.set_image(source, preview, has_settings=False)
    if mask is not None:
        panel.init_box.set_mask(mask)
    panel.init_box.inpaint_options = options
    strength = request.get("strength")
    if isinstance(strength, float) and 0.0 < strength <= 1.0:
        panel.init_box.set_strength(strength)
    if mask is None:
        return QCoreApplication.translate(
            "ReuseInpaint",
            "The source picture and the sides to extend were restored: Generate extends it "
            "again, or open it in Edit picture.",
        )
    return QCoreApplication.translate(
        "ReuseInpaint",
        "The source picture, the mask and its settings were restored: Generate redraws the "
        "masked part again, or open it in Edit picture.",
    )


def _preview(file: Path | None) -> QImage | None:
    if file is None:
        return None
    try:
        image = load_input_preview(file)
    except StudioError:
        return None
    return None if image.isNull() else image
