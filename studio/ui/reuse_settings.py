"""Reusing the settings stored in an image: what the prompt panel takes, and what to say.

The image may come from anywhere (a download, a drop): its model is switched to only when it is
one the picker lists (installed, the demo, a file of the user's library), and reading it never
raises into the window.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from studio import APP_NAME
from studio.core.base.errors import StudioError
from studio.core.generation.request import GenerationRequest
from studio.core.imagemeta.lienzo_format import public_name
from studio.ui.models_dialog_picker import listed_ref
from studio.ui.reuse_inpaint import restore_inpaint_inputs

if TYPE_CHECKING:
    from pathlib import Path

    from studio.core.imagemeta.image_settings import ImageSettings
    from studio.ui.prompt_panel import PromptPanel

log = logging.getLogger(__name__)


def read_settings(path: Path) -> tuple[ImageSettings | None, str]:
    """The settings stored in an image, or None and why, for the banner (never raises)."""
    from studio.core.imagemeta.image_settings import read_image_settings

    try:
        found = read_image_settings(path)
    except (StudioError, OSError) as exc:
        return None, str(exc)
    except Exception:
        # The window's per-file boundary: whatever a hostile file does to a reader costs
        # that file, never the window (it once raised inside the drop handler).
        log.warning("Skipped the settings of %s", path, exc_info=True)
        return None, QCoreApplication.translate(
            "ReuseSettings", "The settings in %1 could not be read; they were skipped."
        ).replace("%1", path.name)
    if found is None or not found.to_request_fields():
        return None, QCoreApplication.translate(
            "ReuseSettings", "No generation settings found in this image."
        )
    return found, ""


def reuse_settings(path: Path, panel: PromptPanel) -> tuple[bool, str]:
    """Put the settings stored in `path` into the panel: whether it did, and what to say.
    An inpainting result's source picture and mask come back too, found by file name only
    (beside the picture, or among the sources Edit keeps)."""
    found, problem = read_settings(path)
    if found is None:
        return False, problem
    fields = found.to_request_fields()
    try:
        base = panel.build_request()
    except StudioError:  # a bad seed in the panel: the image's values replace it anyway
        base = GenerationRequest(prompt="", model=panel.model_ref())
    lines = [
        QCoreApplication.translate("ReuseSettings", "Settings loaded from %1 (%2).")
        .replace("%2", found.generator)
        .replace("%1", path.name)
    ]
    model = fields.pop("model", None)
    usable = listed_ref(panel.model_combo, model) if model else None
    if usable:
        fields["model"] = usable
    elif found.model and found.model not in (base.model, public_name(base.model)):
        lines.append(
            _model_kept(
                found, base.model or QCoreApplication.translate("ReuseSettings", "automatic")
            )
        )
    panel.apply_request(replace(base, **fields))
    if found.generator == APP_NAME:
        lines.append(restore_inpaint_inputs(path, panel))
    return True, "\n".join([line for line in lines if line] + [*found.localized_warnings()])


def _model_kept(found: ImageSettings, current: str) -> str:
    if found.generator == APP_NAME:
        text = QCoreApplication.translate(
            "ReuseSettings",
            "This image was made with the model %1, which is not installed here; "
            "the current model (%2) was kept.",
        )
    else:
        text = QCoreApplication.translate(
            "ReuseSettings",
            "This image was made with the model %1; the current model (%2) was kept.",
        )
    # Both names are cut short: a name read from a file may be of any length.
    return text.replace("%2", _short(current)).replace("%1", _short(found.model or ""))


def _short(name: str) -> str:
    return name if len(name) <= 80 else name[:79] + "…"
