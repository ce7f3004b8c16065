"""The few widgets of the main window that its helpers (actions, models hookup, unsaved
picture keeper, saved layout) work with. Handing them this value instead of the window keeps
the imports pointing one way: the window imports its helpers, never the reverse."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter

from studio.runtime.controller import GenerationController
from studio.ui.canvas import CanvasView
from studio.ui.feedback import MessageBanner
from studio.ui.prompt_panel import PromptPanel
from studio.ui.timeline import TimelineStrip


@dataclass(frozen=True)
class WindowParts:
    """The main window (a plain QMainWindow to its helpers) and the widgets they touch."""

    window: QMainWindow
    controller: GenerationController
    prompt_panel: PromptPanel
    canvas: CanvasView
    banner: MessageBanner
    state_label: QLabel
    timeline: TimelineStrip
    splitters: dict[str, QSplitter]
