"""The denoising animation: every step a frame, one size, written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.core.gallery.animation import AnimationError, write_animation


def _frames() -> list[Image.Image]:
    previews = [Image.new("RGB", (8, 8), (i * 60, 20, 200 - i * 60)) for i in range(3)]
    return [*previews, Image.new("RGB", (64, 64), (250, 250, 0))]  # the finished image


@pytest.mark.parametrize("suffix", [".gif", ".webp"])
def test_every_step_becomes_a_frame_at_one_size(tmp_path: Path, suffix: str) -> None:
    target = write_animation(_frames(), tmp_path / f"steps{suffix}")

    with Image.open(target) as animation:
        assert animation.n_frames == 4
        assert animation.size == (64, 64)
        assert animation.info.get("loop") == 0


def test_a_wrong_suffix_or_no_frames_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(AnimationError, match=r"\.gif or \.webp"):
        write_animation(_frames(), tmp_path / "steps.png")
    with pytest.raises(AnimationError, match="no steps"):
        write_animation([], tmp_path / "steps.gif")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "steps.gif"
    target.write_bytes(b"old")

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(OSError):
        write_animation(_frames(), target)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["steps.gif"]
