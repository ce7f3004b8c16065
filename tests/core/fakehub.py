"""A tiny Hugging Face Hub on 127.0.0.1: the endpoints snapshot_download and verify call."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

COMMIT = "0123456789abcdef0123456789abcdef01234567"
_LFS_SUFFIXES = (".safetensors", ".bin", ".ckpt")
_API = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+)(?:/(?P<what>revision|tree)/(?P<rest>.*))?$")
_RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<path>.+)$")


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, keyed by its posix path relative to it."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _git_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class FakeHub:
    """Serves `repos` ({repo_id: {path: bytes}}); knobs simulate slow and dropped transfers."""

    repos: dict[str, dict[str, bytes]]
    chunk_delay: float = 0.0  # seconds between 64 KiB chunks of a file body
    drop_after: dict[str, int] = field(default_factory=dict)  # path -> bytes sent, then cut once
    requests: list[str] = field(default_factory=list)
    gated: dict[str, str] = field(default_factory=dict)  # repo -> the token its files need
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeHub:
        hub = self

        class Handler(_Handler):
            fake = hub

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def tree(self, repo: str) -> list[dict[str, object]]:
        entries: list[dict[str, object]] = []
        for path, data in sorted(self.repos[repo].items()):
            entry: dict[str, object] = {
                "type": "file",
                "oid": _git_sha1(data),
                "size": len(data),
                "path": path,
            }
            if path.endswith(_LFS_SUFFIXES):
                sha = hashlib.sha256(data).hexdigest()
                entry["lfs"] = {"oid": sha, "size": len(data), "pointerSize": 134}
            entries.append(entry)
        return entries


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def _serve(self, body: bool) -> None:
        path = unquote(urlparse(self.path).path)
        ranged = " (range)" if self.headers.get("Range") else ""
        self.fake.requests.append(f"{self.command} {path}{ranged}")
        if match := _API.match(path):
            self._api(match, body)
        elif match := _RESOLVE.match(path):
            self._resolve(match["repo"], match["path"], body)
        else:
            self._json({"error": "not found"}, 404, body)

    def _api(self, match: re.Match[str], body: bool) -> None:
        repo = match["repo"]
        if repo not in self.fake.repos:
            self._json(
                {"error": "Repository not found"}, 404, body, {"X-Error-Code": "RepoNotFound"}
            )
        elif match["what"] == "tree":
            self._json(self.fake.tree(repo), 200, body)
        else:
            siblings = [{"rfilename": p} for p in sorted(self.fake.repos[repo])]
            self._json({"id": repo, "sha": COMMIT, "siblings": siblings}, 200, body)

    def _resolve(self, repo: str, file: str, body: bool) -> None:
        token = self.fake.gated.get(repo)
        if token is not None and self.headers.get("Authorization") != f"Bearer {token}":
            # What huggingface.co answers before the licence is accepted with a token.
            self._json({"error": "Access restricted"}, 403, body, {"X-Error-Code": "GatedRepo"})
            return
        data = self.fake.repos.get(repo, {}).get(file)
        if data is None:
            self._json({"error": "Entry not found"}, 404, body, {"X-Error-Code": "EntryNotFound"})
            return
        etag = hashlib.sha256(data).hexdigest() if file.endswith(_LFS_SUFFIXES) else _git_sha1(data)
        start = self._range_start()
        self.send_response(206 if start else 200)
        self.send_header("ETag", f'"{etag}"')
        self.send_header("X-Repo-Commit", COMMIT)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(len(data) - start))
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        if body:
            self._send_body(file, data, start)

    def _range_start(self) -> int:
        found = re.match(r"bytes=(\d+)-", self.headers.get("Range", ""))
        return int(found.group(1)) if found else 0

    def _send_body(self, file: str, data: bytes, start: int) -> None:
        cut = self.fake.drop_after.pop(file, None)
        end = len(data) if cut is None else min(len(data), start + cut)
        for offset in range(start, end, 65536):
            if self.fake.chunk_delay:
                time.sleep(self.fake.chunk_delay)
            try:
                self.wfile.write(data[offset : min(offset + 65536, end)])
            except OSError:
                return
        if cut is not None:
            self.close_connection = True
            self.wfile.flush()
            self.connection.shutdown(2)

    def _json(
        self, payload: object, status: int, body: bool, extra: dict[str, str] | None = None
    ) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if body:
            self.wfile.write(raw)
