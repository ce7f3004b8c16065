"""Gallery search: the filters a user can combine, turned into one SQL WHERE clause."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from studio.core.gallery.sidecar import tags_from_json
from studio.core.imagemeta.comfy_settings import SamplingPass
from studio.core.imagemeta.image_settings import ImageSettings

# Columns read for a result row, in GalleryItem order.
ITEM_COLUMNS = (
    "rel, created, width, height, size, mtime_ns, prompt, negative, model, seed, "
    "generator, favourite, tags, problem, settings"
)


@dataclass(frozen=True)
class GalleryQuery:
    """What to look for; empty fields match everything. Results come newest first."""

    words: str = ""  # in the prompt or the tags
    negative: str = ""  # in the negative prompt
    model: str = ""  # part of the model name
    seed: int | None = None
    since: date | datetime | None = None  # a date includes that whole day
    until: date | datetime | None = None
    favourites_only: bool = False
    width: int | None = None
    height: int | None = None
    tag: str = ""  # one exact tag


@dataclass(frozen=True)
class GalleryItem:
    """One image of the gallery as the index knows it."""

    path: Path
    relative: str
    created: datetime
    width: int | None
    height: int | None
    file_size: int
    mtime_ns: int
    prompt: str
    negative_prompt: str
    model: str
    seed: int | None
    generator: str | None
    favourite: bool
    tags: tuple[str, ...]
    problem: str | None  # why its metadata could not be read, English and Spanish lines
    settings: ImageSettings | None


def item_from_row(root: Path, row: tuple[Any, ...]) -> GalleryItem:
    """A result row (ITEM_COLUMNS) as a GalleryItem."""
    rel, created, width, height, size, mtime_ns, prompt, negative, model, seed = row[:10]
    generator, favourite, tags, problem, settings = row[10:]
    return GalleryItem(
        path=root / rel,
        relative=rel,
        created=datetime.fromtimestamp(created),
        width=width,
        height=height,
        file_size=size,
        mtime_ns=mtime_ns,
        prompt=prompt,
        negative_prompt=negative,
        model=model,
        seed=int(seed) if seed else None,
        generator=generator,
        favourite=bool(favourite),
        tags=tags_from_json(tags),
        problem=problem,
        settings=settings_from_json(settings),
    )


def settings_to_json(settings: ImageSettings | None) -> str | None:
    """ImageSettings as stored in the index."""
    if settings is None:
        return None
    return json.dumps(asdict(settings), ensure_ascii=False)


def settings_from_json(text: str | None) -> ImageSettings | None:
    """ImageSettings back from the index; None if absent or from an unknown layout."""
    if not text:
        return None
    try:
        values = json.loads(text)
        values["warnings"] = tuple(values.get("warnings", ()))
        values["passes"] = tuple(SamplingPass(**found) for found in values.get("passes", ()))
        return ImageSettings(**values)
    except (ValueError, TypeError):
        return None


def where_clause(query: GalleryQuery, fts: bool) -> tuple[str, list[Any]]:
    """SQL conditions and parameters for `query`, over the `images` table."""
    parts, params = ["broken = 0"], []
    for column, text in (("prompt tags", query.words), ("negative", query.negative)):
        words = text.split()
        if words and fts:
            parts.append("id IN (SELECT rowid FROM images_fts WHERE images_fts MATCH ?)")
            params.append(fts_expression(column, words))
        for word in words if not fts else ():
            fields = [f"{name} LIKE ? ESCAPE '\\'" for name in column.split()]
            parts.append("(" + " OR ".join(fields) + ")")
            params.extend([f"%{_escape_like(word)}%"] * len(fields))
    if query.model:
        parts.append("model LIKE ? ESCAPE '\\'")
        params.append(f"%{_escape_like(query.model)}%")
    _add_exact(parts, params, query)
    _add_dates(parts, params, query)
    return " AND ".join(parts), params


def fts_expression(columns: str, words: list[str]) -> str:
    """An FTS5 MATCH string: every word, as a prefix, in the given columns."""
    quoted = " ".join('"' + word.replace('"', '""') + '"*' for word in words)
    return f"{{{columns}}} : ({quoted})"


def _add_exact(parts: list[str], params: list[Any], query: GalleryQuery) -> None:
    if query.seed is not None:
        parts.append("seed = ?")
        params.append(str(query.seed))  # seeds reach 2^64-1, past SQLite's integers
    if query.favourites_only:
        parts.append("favourite = 1")
    for column in ("width", "height"):
        value = getattr(query, column)
        if value is not None:
            parts.append(f"{column} = ?")
            params.append(value)
    if query.tag:
        parts.append("EXISTS (SELECT 1 FROM json_each(images.tags) WHERE value = ?)")
        params.append(query.tag)


def _add_dates(parts: list[str], params: list[Any], query: GalleryQuery) -> None:
    if query.since is not None:
        parts.append("created >= ?")
        params.append(_moment(query.since, end=False))
    if query.until is not None:
        parts.append("created < ?" if not isinstance(query.until, datetime) else "created <= ?")
        params.append(_moment(query.until, end=True))


def _moment(value: date | datetime, end: bool) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    day = value + timedelta(days=1) if end else value
    return datetime.combine(day, time.min).timestamp()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
