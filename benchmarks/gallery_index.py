"""Gallery index at scale: N small PNGs with our metadata; time sync, first page, search.

Usage: python benchmarks/gallery_index.py [--count 10000] [--keep DIR]
Prints the numbers and the peak memory (ru_maxrss) of this process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image

from studio.core.gallery.output import dated_folder
from studio.core.gallery.query import GalleryQuery
from studio.core.gallery.store import GalleryStore
from studio.core.generation.request import GenerationRequest
from studio.core.imagemeta.lienzo_format import png_info
from studio.core.models.source import ModelStamp

WORDS = [
    *("faro", "gato", "mar", "montaña", "bosque", "ciudad"),
    *("lluvia", "atardecer", "retrato", "dragón", "niebla", "río"),
]


def make_gallery(root: Path, count: int) -> None:
    """`count` 64×64 PNGs over 100 days, each with A1111 text and our JSON chunk."""
    start = datetime(2026, 1, 1)
    model = ModelStamp("sd_turbo", "b1a2c3d4e5", "sd-turbo")
    for number in range(count):
        when = start + timedelta(minutes=15 * number)
        prompt = f"{WORDS[number % 12]} {WORDS[(number * 7) % 12]} número {number}"
        request = GenerationRequest(
            prompt=prompt, negative_prompt="borroso", model="sd_turbo", seed=number,
            steps=4, guidance=0.0, width=64, height=64,
        )  # fmt: skip
        folder = dated_folder(root, when)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{when:%Y%m%d-%H%M%S}-{number}-img.png"
        Image.new("RGB", (64, 64), (number % 256, 80, 120)).save(
            folder / name, pnginfo=png_info(request, model, "cpu"), compress_level=1
        )


def timed(label: str, action):  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = action()
    print(f"{label:<42} {1000 * (time.perf_counter() - began):9.1f} ms")
    return result


def _open_and_first_page(root: Path, index: Path) -> int:
    with GalleryStore(root, index) as store:
        return len(store.search(limit=100))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="use (and keep) this folder")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="lienzo-bench-"))
    root, index = base / "gallery", base / "index.sqlite3"
    if not root.exists():
        timed(f"create {args.count} PNGs", lambda: make_gallery(root, args.count))
    index.unlink(missing_ok=True)
    with GalleryStore(root, index) as store:
        report = timed("first sync (empty index)", store.sync)
        print(f"  indexed {report.added} images")
    with timed("open index (quick_check, WAL)", lambda: GalleryStore(root, index)) as store:
        timed("sync, nothing changed", store.sync)
        page = timed("first page (100, newest first)", lambda: store.search(limit=100))
        timed("count all", store.count)
        timed(
            "search 'gato faro' first page", lambda: store.search(GalleryQuery(words="gato faro"))
        )
        timed("favourites only", lambda: store.search(GalleryQuery(favourites_only=True)))
        timed("seed = 5000", lambda: store.search(GalleryQuery(seed=5000)))
        timed("page at offset 9000", lambda: store.search(limit=100, offset=9000))
    timed("open + first page (a restart)", lambda: _open_and_first_page(root, index))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"first page size: {len(page)}; index file: {index.stat().st_size / 1e6:.1f} MB")
    print(f"peak memory (ru_maxrss): {peak:.0f} MB; Python {sys.version.split()[0]}")
    print(f"data in {base}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
