"""Several processes saving pictures with the same time, seed and prompt into one folder at once."""

from __future__ import annotations

import multiprocessing
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from studio.core.base.atomic import write_new_file
from studio.core.gallery.output import save_image
from studio.core.generation.engine import GeneratedImage
from studio.core.generation.request import GenerationRequest
from studio.core.models.source import ModelStamp

WHEN = datetime(2026, 11, 26, 12, 0, 0)
PROCESSES = 4
IMAGES_EACH = 6


def _picture(process: int, number: int) -> GeneratedImage:
    # Noise makes the PNG slow enough to encode that the old check-then-replace raced; the
    # corner pixel says which process and which image it is.
    image = Image.effect_noise((384, 384), 64).convert("RGB")
    image.putpixel((0, 0), (process, number, 7))
    request = GenerationRequest(prompt="un faro", seed=42, steps=2, width=384, height=384)
    return GeneratedImage(image, request, ModelStamp("demo", "", "demo"), "CPU", 1.0)


def _save_several(folder: str, process: int, barrier: Any, queue: Any) -> None:
    pictures = [_picture(process, number) for number in range(IMAGES_EACH)]
    barrier.wait()
    queue.put([str(save_image(picture, Path(folder), WHEN)) for picture in pictures])


def test_processes_saving_the_same_names_at_once_lose_nothing(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(PROCESSES), context.Queue()
    workers = [
        context.Process(target=_save_several, args=(str(tmp_path), n, barrier, queue))
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    reported = [path for _ in workers for path in queue.get(timeout=300)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    on_disk = sorted(tmp_path.glob("*.png"))
    assert len(reported) == len(set(reported)) == PROCESSES * IMAGES_EACH
    assert sorted(map(Path, reported)) == on_disk  # every "Saved" line is a file of its own
    marks = set()
    for path in on_disk:
        with Image.open(path) as image:
            image.load()
            marks.add(image.getpixel((0, 0))[:2])
    wanted = {(p, n) for p in range(PROCESSES) for n in range(IMAGES_EACH)}
    assert marks == wanted  # no picture replaced another
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_without_hard_links_a_save_claims_its_name_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_args: object) -> None:
        raise OSError(1, "Operation not permitted")  # FAT, exFAT, some network shares

    monkeypatch.setattr(os, "link", no_links)
    taken = tmp_path / "picture.png"
    taken.write_bytes(b"someone else's picture")
    names = iter([taken, tmp_path / "picture-2.png"])
    saved = write_new_file(names, lambda handle: handle.write(b"mine"))
    assert saved == tmp_path / "picture-2.png" and saved.read_bytes() == b"mine"
    assert taken.read_bytes() == b"someone else's picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["picture-2.png", "picture.png"]
