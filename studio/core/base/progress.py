"""Values that report on a running generation, and the token that cancels it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image


class CancelToken:
    """Thread-safe cancel flag: the GUI sets it, the step callback checks it."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass(frozen=True)
class StepProgress:
    """One finished denoising step of one image in a batch."""

    image_index: int
    image_count: int
    step: int
    total_steps: int
    elapsed: float
    preview: Image.Image | None = None

    @property
    def steps_per_second(self) -> float:
        return self.step / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float:
        """Seconds left for this image and the rest of the batch, at the current pace."""
        if self.step == 0 or self.elapsed <= 0:
            return 0.0
        per_step = self.elapsed / self.step
        remaining_images = self.image_count - self.image_index - 1
        return per_step * (self.total_steps - self.step + remaining_images * self.total_steps)

    @property
    def fraction(self) -> float:
        """Progress of the whole batch from 0 to 1."""
        done = self.image_index * self.total_steps + self.step
        return done / max(1, self.image_count * self.total_steps)


def format_duration(seconds: float) -> str:
    """A time estimate as people say it: 12.3 s, 18 min, 2.5 h."""
    if seconds < 100:
        return f"{seconds:.1f} s"
    if seconds < 100 * 60:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def format_size(size: float) -> str:
    """Bytes as a short human size: 512 B, 3.4 MB, 6.9 GB."""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")
