"""Several pictures dropped at once: one img2img job each, with the prompt panel's settings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from studio.core.base.errors import StudioError
from studio.core.generation.request import validate
from studio.ui.image_input import load_input_preview

if TYPE_CHECKING:
    from studio.runtime.controller import GenerationController
    from studio.ui.prompt_panel import PromptPanel


@dataclass(frozen=True)
class QueuedImages:
    """What became of a multi-file drop: the pictures queued and the reasons for the others."""

    queued: tuple[Path, ...]
    problems: tuple[str, ...]

    def message(self) -> str:
        """A banner text that says what was queued and what was left out, and why."""
        lines = []
        if self.queued:
            text = QCoreApplication.translate(
                "QueuedImages",
                "%1 img2img jobs queued: one for each dropped picture, with the panel's settings.",
            )
            lines.append(text.replace("%1", str(len(self.queued))))
        if self.problems:
            lines.append(QCoreApplication.translate("QueuedImages", "Not used:"))
            lines.extend(f"• {problem}" for problem in self.problems)
        return "\n".join(lines)


def queue_one_job_per_image(
    panel: PromptPanel, controller: GenerationController, files: list[Path]
) -> QueuedImages:
    """Queue the panel's request once per readable picture; raises StudioError on bad settings."""
    base = panel.build_request()
    validate(replace(base, init_image=str(files[0])))  # a bad setting is one message, not N
    queued: list[Path] = []
    problems: list[str] = []
    for path in files:
        try:
            load_input_preview(path)  # decodes and checks it now, not when its turn comes
            controller.submit(replace(base, init_image=str(path)))
        except StudioError as exc:
            problems.append(str(exc))
        else:
            queued.append(path)
    return QueuedImages(tuple(queued), tuple(problems))
