"""The list of servers: probing tells ComfyUI from other servers, the list survives restarts
and damage, credentials go to the keyring (or a user-only file, with a notice) and never
into servers.json; plain http:// to another machine is flagged."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from canned_server import Canned
from fake_comfy_server import FakeComfy, running
from keyring.backend import KeyringBackend
from keyring.backends import fail
from starlette.responses import PlainTextResponse, Response

from studio.core.backends.base import ServerError
from studio.core.backends.comfy import ComfyBackend
from studio.core.backends.servers import (
    Credentials,
    ServerList,
    backend_for,
    insecure_warning,
    probe,
)
from studio.core.base.paths import AppPaths, app_paths


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict (what a desktop keyring does, minus disk)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.stored.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    return app_paths(tmp_path / "home")


@pytest.fixture(scope="module")
def comfy() -> Iterator[FakeComfy]:
    with running(FakeComfy()) as server:
        yield server


def test_probe_recognises_comfyui_and_lists_its_models(comfy: FakeComfy) -> None:
    info = probe(comfy.url)
    assert info.kind == "comfyui"
    assert info.version == "0.12.1"
    assert info.gpu == "cpu" and info.vram_bytes == 25275990016
    assert "tiny-sd1.safetensors" in info.checkpoints
    assert "tiny-lora.safetensors" in info.loras


def test_probe_refuses_a_server_of_neither_kind() -> None:
    served = running(Canned({"/": PlainTextResponse("<html>router</html>")}))
    with served as other, pytest.raises(ServerError) as caught:  # type: ignore[arg-type]
        probe(other.url)
    assert caught.value.retry is False
    assert "neither" in caught.value.en and "A1111" in caught.value.es


def test_probe_stops_reading_an_endless_answer() -> None:
    huge = Response(b"{" + b" " * (3 * 1024 * 1024) + b"}", media_type="application/json")
    served = running(Canned({"/system_stats": huge}))
    with served as odd, pytest.raises(ServerError) as caught:  # type: ignore[arg-type]
        probe(odd.url)
    assert "MB" in caught.value.en


def test_probe_of_a_server_that_is_down_can_be_retried() -> None:
    with running(Canned({})) as gone:  # type: ignore[arg-type]
        url = gone.url
    with pytest.raises(ServerError) as caught:
        probe(url)
    assert caught.value.retry is True


def test_probe_names_refused_credentials() -> None:
    served = running(Canned({"/system_stats": PlainTextResponse("no", 401)}))
    with served as locked, pytest.raises(ServerError) as caught:  # type: ignore[arg-type]
        probe(locked.url, Credentials("ana", "wrong"))
    assert "credentials" in caught.value.en and caught.value.retry is False


def test_add_probes_the_kind_and_keeps_the_list_across_instances(
    comfy: FakeComfy, home: AppPaths
) -> None:
    entry = ServerList(home).add(comfy.url)
    assert (entry.kind, entry.auth) == ("comfyui", "none")
    assert entry.name == comfy.url.removeprefix("http://")
    again = ServerList(home)
    assert again.entries() == [entry]
    assert again.find(comfy.url + "/") == entry
    assert again.find(entry.name) == entry
    assert isinstance(backend_for(entry, home), ComfyBackend)


def test_names_are_unique_and_remove_forgets_a_server(home: AppPaths) -> None:
    servers = ServerList(home)
    servers.add("http://gpu-box:8188", probe=False)
    with pytest.raises(ServerError, match="already"):
        servers.add("http://other:8188", name="gpu-box:8188", probe=False)
    servers.add("https://cloud.example/comfy/", name="cloud", probe=False)
    assert [e.url for e in servers.entries()] == [
        "http://gpu-box:8188",
        "https://cloud.example/comfy",
    ]
    servers.remove("gpu-box:8188")
    assert [e.name for e in servers.entries()] == ["cloud"]
    with pytest.raises(ServerError) as caught:
        servers.remove("gpu-box:8188")
    assert "gpu-box:8188" in caught.value.en and "studio servers list" in caught.value.es


@pytest.mark.parametrize(
    "url",
    ["ftp://box", "http://ana:secret@box:8188", "http://box:8188/?token=x", "http://", ""],
)
def test_addresses_that_are_not_plain_server_urls_are_refused(url: str, home: AppPaths) -> None:
    with pytest.raises(ServerError) as caught:
        ServerList(home).add(url, probe=False)
    assert caught.value.retry is False
    assert "secret" not in caught.value.en
    assert not (home.config / "servers.json").exists()


def test_credentials_go_to_the_keyring_never_to_the_list(
    memory_keyring: MemoryKeyring, home: AppPaths
) -> None:
    servers = ServerList(home)
    entry = servers.add("http://box:7860", credentials=Credentials("ana", "pw-Ñ"), probe=False)
    assert entry.auth == "basic"
    assert servers.credentials_notice is None
    stored = json.loads(memory_keyring.stored["lienzo-studio", "box:7860"])
    assert stored == {"user": "ana", "secret": "pw-Ñ"}
    listed = (home.config / "servers.json").read_text()
    assert "pw" not in listed and "ana" not in listed
    assert not (home.config / "server-credentials.json").exists()
    assert ServerList(home).credentials(entry) == Credentials("ana", "pw-Ñ")
    assert "pw-Ñ" not in repr(Credentials("ana", "pw-Ñ"))
    servers.remove(entry.name)
    assert memory_keyring.stored == {}


def test_without_a_keyring_credentials_go_to_a_user_only_file_and_the_user_is_told(
    no_keyring: None, home: AppPaths
) -> None:
    servers = ServerList(home)
    entry = servers.add("http://box:8188", credentials=Credentials(secret="tok"), probe=False)
    assert entry.auth == "bearer"
    assert servers.credentials_notice is not None
    en, es = servers.credentials_notice
    assert "keyring" in en and "llavero" in es
    secrets = home.config / "server-credentials.json"
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert "tok" not in (home.config / "servers.json").read_text()
    assert ServerList(home).credentials(entry) == Credentials("", "tok")
    servers.remove(entry.name)
    assert "tok" not in secrets.read_text()


def test_a_damaged_list_keeps_what_can_be_read_and_a_copy(home: AppPaths) -> None:
    ServerList(home).add("http://one:8188", name="one", probe=False)
    ServerList(home).add("http://two:7860", name="two", probe=False, kind="a1111")
    file = home.config / "servers.json"
    damaged = file.read_bytes()[:-40]  # cut short by a crash
    file.write_bytes(damaged)
    servers = ServerList(home)
    assert [e.name for e in servers.entries()] == ["one"]
    assert servers.notice is not None
    assert "damaged" in servers.notice.en and "dañada" in servers.notice.es
    copies = list(home.config.glob("servers.json.bak-*"))
    assert [c.read_bytes() for c in copies] == [damaged]
    servers.add("http://three:8188", name="three", probe=False)
    assert [e.name for e in ServerList(home).entries()] == ["one", "three"]


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not json",
        b'{"servers": [{"name": "x", "url": "javascript:alert(1)", "kind": "comfyui"}]}',
        b'{"servers": [{"name": "\\u0007bell", "url": "http://a:1", "kind": "comfyui"}]}',
        b'{"servers": [{"name": "k", "url": "http://a:1", "kind": "evil"}]}',
        b"[" * 100_000,
        b" " * (2 * 1024 * 1024),
    ],
)
def test_hostile_list_files_are_refused_entry_by_entry(content: bytes, home: AppPaths) -> None:
    file = home.config / "servers.json"
    file.parent.mkdir(parents=True)
    file.write_bytes(content)
    servers = ServerList(home)
    assert servers.entries() == []
    assert servers.notice is not None


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://gpu-box:8188", True),
        ("http://192.168.1.20:7860", True),
        ("https://gpu-box:8188", False),
        ("http://127.0.0.1:8188", False),
        ("http://localhost:7860", False),
        ("http://[::1]:7860", False),
    ],
)
def test_plain_http_to_another_machine_is_flagged(url: str, warned: bool) -> None:
    warning = insecure_warning(url)
    assert (warning is not None) is warned
    if warning:
        assert "http://" in warning[0] and "cifrar" in warning[1]
