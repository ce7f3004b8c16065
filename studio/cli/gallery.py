"""`studio gallery …`: sync, search, export and favourites without the window."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.cli.terminal import safe_json, safe_text
from studio.core.base.errors import tr

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings
    from studio.core.gallery.query import GalleryItem, GalleryQuery
    from studio.core.gallery.store import GalleryStore

JSON_SCHEMA_VERSION = 1
_SEARCH_LIMIT = 100


def register(subparsers: Any) -> None:
    """Add the `gallery` subcommand to the `studio` parser's subparsers."""
    gallery = subparsers.add_parser("gallery", help="search, export and mark gallery images")
    actions = gallery.add_subparsers(dest="gallery_command", required=True)
    actions.add_parser("sync", help="index images added or deleted in the gallery folder")
    search = actions.add_parser("search", help="print the paths of matching images, newest first")
    _add_filters(search)
    search.add_argument("--limit", type=int, default=_SEARCH_LIMIT, help="at most N results")
    search.add_argument("--offset", type=int, default=0, help="skip the first N results")
    search.add_argument("--json", action="store_true", help="as JSON, with settings")
    export = actions.add_parser("export", help="export images to a folder, a .zip or HTML")
    export.add_argument("target", type=Path, help="new folder, or FILE.zip")
    export.add_argument("--as", dest="kind", choices=("folder", "zip", "html"), help="default: "
                        "zip for a .zip target, else folder")  # fmt: skip
    export.add_argument("--format", choices=("png", "jpeg", "webp"), default="png")
    export.add_argument("--strip-metadata", action="store_true", help="no prompts or settings")
    export.add_argument("--files", nargs="+", type=Path, help="these images (default: search)")
    export.add_argument("--force", action="store_true", help="replace an existing .zip file")
    _add_filters(export)
    favourite = actions.add_parser("favourite", help="star an image (or --off to unstar)")
    favourite.add_argument("path", type=Path)
    favourite.add_argument("--off", action="store_true")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("words", nargs="*", help="words in the prompt or tags")
    parser.add_argument("--negative", default="", help="words in the negative prompt")
    parser.add_argument("--model", default="", help="part of the model name")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--since", type=date.fromisoformat, help="YYYY-MM-DD, included")
    parser.add_argument("--until", type=date.fromisoformat, help="YYYY-MM-DD, included")
    parser.add_argument("--favourites", action="store_true", help="only starred images")
    parser.add_argument("--size", type=_size, help="WIDTHxHEIGHT, e.g. 512x768")
    parser.add_argument("--tag", default="", help="images with this tag")


def _size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().replace("×", "x").partition("x")
    if not sep or not width.strip().isdigit() or not height.strip().isdigit():
        raise argparse.ArgumentTypeError(
            tr(f"{text!r} is not WIDTHxHEIGHT", f"{text!r} no es ANCHOxALTO")
        )
    return int(width), int(height)


def run(args: argparse.Namespace, paths: AppPaths, settings: Settings) -> int:
    """Run one `studio gallery` action; the exit code."""
    from studio.core.gallery.store import open_gallery

    with open_gallery(paths, settings) as store:
        if store.index_problem is not None:
            print(safe_text(store.index_problem), file=sys.stderr)
        report = store.sync()
        if args.gallery_command == "sync":
            print(safe_text(_sync_line(store, report)))
            return 0
        if args.gallery_command == "favourite":
            store.set_favourite(args.path, not args.off)
            return 0
        if args.gallery_command == "search":
            return _search(store, args)
        return _export(store, args, paths)


def _sync_line(store: GalleryStore, report: Any) -> str:
    total = store.count()
    return tr(
        f"{total} images in {store.root} ({report.added} new, {report.updated} changed, "
        f"{report.removed} gone, {report.unreadable} not images).",
        f"{total} imágenes en {store.root} ({report.added} nuevas, {report.updated} cambiadas, "
        f"{report.removed} ya no están, {report.unreadable} no son imágenes).",
    )


def _query(args: argparse.Namespace) -> GalleryQuery:
    from studio.core.gallery.query import GalleryQuery

    width, height = args.size or (None, None)
    return GalleryQuery(
        words=" ".join(args.words),
        negative=args.negative,
        model=args.model,
        seed=args.seed,
        since=args.since,
        until=args.until,
        favourites_only=args.favourites,
        width=width,
        height=height,
        tag=args.tag,
    )


def _search(store: GalleryStore, args: argparse.Namespace) -> int:
    items = store.search(_query(args), limit=args.limit, offset=args.offset)
    if args.json:
        payload = {
            "schema_version": JSON_SCHEMA_VERSION,
            "total": store.count(_query(args)),
            "results": [_item_json(item) for item in items],
        }
        print(safe_json(json.dumps(payload, ensure_ascii=False, indent=2)))
    else:
        for item in items:
            print(safe_text(item.path))  # file names come from anywhere: escape controls
    if not items:  # on stderr: a script reading the paths gets none
        print(safe_text(_no_match(store, args)), file=sys.stderr)
    return 0 if items else 1


def _no_match(store: GalleryStore, args: argparse.Namespace) -> str:
    if args.offset and store.count(_query(args)):
        return tr(
            f"No more images: all matches come before --offset {args.offset}.",
            f"No hay más imágenes: todas las coincidencias van antes de --offset {args.offset}.",
        )
    return tr(
        f"No images match in {store.root} ({store.count()} in the gallery).",
        f"Ninguna imagen coincide en {store.root} ({store.count()} en la galería).",
    )


def _item_json(item: GalleryItem) -> dict[str, Any]:
    return {
        "path": str(item.path),
        "created": item.created.isoformat(timespec="seconds"),
        "width": item.width,
        "height": item.height,
        "prompt": item.prompt,
        "negative_prompt": item.negative_prompt,
        "model": item.model,
        "seed": item.seed,
        "generator": item.generator,
        "favourite": item.favourite,
        "tags": list(item.tags),
    }


def _export(store: GalleryStore, args: argparse.Namespace, paths: AppPaths) -> int:
    from studio.core.gallery.db import GalleryError
    from studio.core.gallery.export import ExportOptions, export_images
    from studio.core.gallery.thumbnails import ThumbnailCache

    if args.files:
        items = [store.item(path) for path in args.files]
        missing = [str(path) for path, item in zip(args.files, items, strict=True) if not item]
        if missing:
            raise GalleryError(
                f"Not in the gallery: {', '.join(missing)}. Nothing was exported.",
                f"No están en la galería: {', '.join(missing)}. No se exportó nada.",
            )
    else:
        items = store.search(_query(args), limit=store.count(_query(args)))
    kind = args.kind or ("zip" if args.target.suffix.lower() == ".zip" else "folder")
    if kind == "zip" and args.target.is_file() and not args.force:
        raise GalleryError(
            f"{args.target} already exists. Nothing was exported: add --force to replace it, "
            "or choose another name.",
            f"{args.target} ya existe. No se exportó nada: añade --force para reemplazarlo, "
            "o elige otro nombre.",
        )
    options = ExportOptions(kind, args.format, args.strip_metadata)
    chosen = [item for item in items if item is not None]
    report = export_images(chosen, args.target, options, ThumbnailCache(paths.cache))
    for note in report.notes:
        print(safe_text(tr(*_split(note))), file=sys.stderr)
    print(
        safe_text(
            tr(
                f"Exported {report.written} images to {report.target}.",
                f"Exportadas {report.written} imágenes a {report.target}.",
            )
        )
    )
    return 0


def _split(note: str) -> tuple[str, str]:
    en, _, es = note.partition("\n")
    return en, es or en
