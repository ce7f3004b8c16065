"""The gallery's SQLite index file: schema, WAL, and what to do when it is corrupt or locked."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

from studio.core.base.errors import StudioError

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
_CORRUPT_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY_MS = 5000

_TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS images(
    id INTEGER PRIMARY KEY,
    rel TEXT NOT NULL UNIQUE,
    folder TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    created REAL NOT NULL,
    width INTEGER,
    height INTEGER,
    prompt TEXT NOT NULL DEFAULT '',
    negative TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    seed TEXT,
    generator TEXT,
    settings TEXT,
    problem TEXT,
    broken INTEGER NOT NULL DEFAULT 0,
    favourite INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS images_newest ON images(broken, created DESC, id DESC);
CREATE INDEX IF NOT EXISTS images_favourite ON images(favourite, created DESC);
CREATE INDEX IF NOT EXISTS images_seed ON images(seed);
CREATE INDEX IF NOT EXISTS images_folder ON images(folder);
"""

# External-content FTS5 table kept in step by triggers, so the words are stored once.
_FTS = """
CREATE VIRTUAL TABLE IF NOT EXISTS images_fts USING fts5(
    prompt, negative, model, tags,
    content='images', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS images_ai AFTER INSERT ON images BEGIN
    INSERT INTO images_fts(rowid, prompt, negative, model, tags)
    VALUES (new.id, new.prompt, new.negative, new.model, new.tags);
END;
CREATE TRIGGER IF NOT EXISTS images_ad AFTER DELETE ON images BEGIN
    INSERT INTO images_fts(images_fts, rowid, prompt, negative, model, tags)
    VALUES ('delete', old.id, old.prompt, old.negative, old.model, old.tags);
END;
CREATE TRIGGER IF NOT EXISTS images_au AFTER UPDATE ON images BEGIN
    INSERT INTO images_fts(images_fts, rowid, prompt, negative, model, tags)
    VALUES ('delete', old.id, old.prompt, old.negative, old.model, old.tags);
    INSERT INTO images_fts(rowid, prompt, negative, model, tags)
    VALUES (new.id, new.prompt, new.negative, new.model, new.tags);
END;
"""


class GalleryError(StudioError):
    """A gallery operation failed; the images on disk are untouched."""


def open_index(file: Path | None, root: Path) -> tuple[sqlite3.Connection, StudioError | None]:
    """The index for `root`; corrupt: set aside and rebuilt; unwritable: kept in memory.

    With no file the index lives in memory only (tests, throwaway stores).
    """
    if file is None:
        return _open_checked(None, root), None
    try:
        return _open_checked(file, root), None
    except sqlite3.DatabaseError as error:
        if _is_corrupt(error):
            log.warning("Gallery index %s is corrupt (%s); rebuilding it", file, error)
            _set_aside(file)
            return _open_checked(file, root), None
        log.warning("Gallery index %s unusable (%s); indexing in memory", file, error)
        return _open_checked(None, root), _unwritable(file, error)
    except OSError as error:
        log.warning("Gallery index folder for %s unusable (%s); indexing in memory", file, error)
        return _open_checked(None, root), _unwritable(file, error)


def has_fts(conn: sqlite3.Connection) -> bool:
    """Whether this index has its FTS5 word table (SQLite built without FTS5 has not)."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'images_fts'").fetchone()
    return row is not None


def _open_checked(file: Path | None, root: Path) -> sqlite3.Connection:
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        str(file) if file else ":memory:", timeout=_BUSY_MS / 1000, check_same_thread=False
    )
    try:
        _prepare(conn, root)
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare(conn: sqlite3.Connection, root: Path) -> None:
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
    row = conn.execute("PRAGMA quick_check(1)").fetchone()
    if row is None or row[0] != "ok":
        raise sqlite3.DatabaseError("quick_check failed")  # treated as corrupt below
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a crash loses no committed row
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    with conn:
        if version not in (0, SCHEMA_VERSION):
            _drop_all(conn)
        conn.executescript(_TABLES)
        _create_fts(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        _bind_root(conn, root)


def _create_fts(conn: sqlite3.Connection) -> None:
    try:
        conn.executescript(_FTS)
    except sqlite3.OperationalError as error:
        if "fts5" not in str(error).lower():
            raise
        log.info("SQLite has no FTS5 here; gallery search uses LIKE")


def _bind_root(conn: sqlite3.Connection, root: Path) -> None:
    # One index per gallery folder: when the user points the app at another folder,
    # the old rows mean nothing (their favourites stay in the old folder's sidecars).
    stored = conn.execute("SELECT value FROM meta WHERE key = 'root'").fetchone()
    if stored is not None and stored[0] != str(root):
        conn.execute("DELETE FROM images")
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('root', ?)", (str(root),))


def _drop_all(conn: sqlite3.Connection) -> None:
    for name in ("images_fts", "images", "meta"):
        conn.execute(f"DROP TABLE IF EXISTS {name}")


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    return type(error) is sqlite3.DatabaseError  # quick_check, or an older Python


def _set_aside(file: Path) -> None:
    # Kept for inspection, never deleted: the user may want to look at what broke.
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for suffix in ("", "-wal", "-shm"):
        part = file.with_name(file.name + suffix)
        if part.exists():
            part.replace(part.with_name(f"{file.name}.corrupt-{stamp}{suffix}"))


def _unwritable(file: Path, error: Exception) -> StudioError:
    return GalleryError(
        f"The gallery index {file} cannot be written ({error}). The gallery is shown, but it "
        "is re-read at each start. Check the folder's permissions or free disk space.",
        f"No se puede escribir el índice de la galería {file} ({error}). La galería se "
        "muestra, pero se vuelve a leer en cada inicio. Revisa los permisos de la carpeta o "
        "libera espacio en disco.",
    )
