"""`studio servers add|list|test|remove` and `studio generate --server NAME`, against the fake
ComfyUI server and a real `studio serve` (A1111 API, Basic auth)."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PIL import Image

from studio.cli.main import main
from studio.core.backends import servers as servers_module
from studio.core.backends.base import ServerError
from studio.core.backends.server_types import ServerInfo

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "backends"))
from a1111_serve import PASSWORD, USER, serve
from fake_comfy_server import FakeComfy, running, script_from


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A fresh STUDIO_HOME, and no system keyring (credentials go to the 0600 file)."""
    monkeypatch.setenv("STUDIO_HOME", str(tmp_path / "home"))
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield tmp_path / "home"
    keyring.set_keyring(before)


@pytest.fixture
def fake() -> Iterator[FakeComfy]:
    with running(FakeComfy()) as server:
        yield server


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_add_list_test_and_remove_a_comfyui_server(
    home: Path, fake: FakeComfy, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["servers", "add", fake.url, "--name", "box"]) == 0
    assert "Added box: ComfyUI at http://127.0.0.1:" in capsys.readouterr().out
    assert main(["servers", "list"]) == 0
    assert capsys.readouterr().out.startswith(f"box  ComfyUI  {fake.url}")
    assert main(["servers", "test", "box"]) == 0
    shown = capsys.readouterr().out
    for expected in ("Version: 0.12.1", "GPU: cpu", "VRAM: 25.3 GB", "tiny-sd1.safetensors"):
        assert expected in shown
    assert main(["--lang", "es", "servers", "remove", "box"]) == 0
    assert "Quitado box." in capsys.readouterr().out
    assert main(["servers", "remove", "box"]) == 2
    assert "There is no server called 'box'" in capsys.readouterr().err


def test_a_password_is_read_from_stdin_and_kept_out_of_the_list(
    home: Path, fake: FakeComfy, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "s3cret-pw\n")
    assert main(["servers", "add", fake.url, "--user", "ana", "--password-stdin"]) == 0
    err = capsys.readouterr().err
    assert "No system keyring" in err  # told where the password went instead
    assert main(["servers", "list"]) == 0
    assert "[basic]" in capsys.readouterr().out
    listed = (home / "config" / "servers.json").read_text()
    assert "s3cret" not in listed and "ana" not in listed
    assert "s3cret-pw" in (home / "config" / "server-credentials.json").read_text()


@pytest.mark.parametrize(
    ("flags", "stdin"),
    [
        (["--user", "ana"], "pw\n"),
        (["--password-stdin"], "pw\n"),
        (["--token-stdin"], "\n"),
        (["--token-stdin"], "x" * 5000 + "\n"),
        (["--user", "ana", "--password-stdin", "--token-stdin"], "pw\n"),
    ],
)
def test_credentials_flags_that_do_not_fit_are_refused(
    home: Path,
    flags: list[str],
    stdin: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _stdin(monkeypatch, stdin)
    assert main(["servers", "add", "http://127.0.0.1:9", *flags]) == 2
    assert capsys.readouterr().err.startswith("Error: ")
    assert not (home / "config" / "servers.json").exists()


def test_plain_http_to_another_machine_warns_before_anything_is_sent(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sent: list[str] = []

    def fake_probe(url: str, credentials: object = None) -> ServerInfo:
        sent.append(capsys.readouterr().err)  # what the user had seen by then
        return ServerInfo("a1111", "", "", None, (), ())

    monkeypatch.setattr(servers_module, "probe", fake_probe)
    assert main(["--lang", "es", "servers", "add", "http://gpu-box:7860"]) == 0
    assert "Aviso: gpu-box:7860 se usa por http:// sin cifrar" in sent[0]
    assert "A1111 API" in capsys.readouterr().out
    assert main(["servers", "add", "https://gpu-box:7861"]) == 0
    assert "unencrypted" not in capsys.readouterr().err


def test_a_damaged_list_is_reported_and_a_copy_kept(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (home / "config").mkdir(parents=True)
    (home / "config" / "servers.json").write_text('{"servers": [{"name": "a", "url": "http:/')
    assert main(["servers", "list"]) == 0
    err = capsys.readouterr().err
    assert "Warning: The list of servers (servers.json) was damaged" in err
    assert list((home / "config").glob("servers.json.bak-*"))


def test_generate_on_a_listed_server_records_its_name(
    home: Path, fake: FakeComfy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["servers", "add", fake.url, "--name", "gpu-box"]) == 0
    fake.scripts.append(script_from("txt2img"))
    args = ["generate", "--server", "gpu-box", "-p", "a red fox", "-s", "42", "--steps", "4"]
    assert main([*args, "-W", "64", "-H", "64", "--out", str(tmp_path / "out"), "-q"]) == 0
    [saved] = [Path(line) for line in capsys.readouterr().out.splitlines() if ".png" in line]
    with Image.open(saved) as png:
        assert json.loads(png.text["lienzo"])["device"] == "gpu-box"


@pytest.mark.slow
def test_an_a1111_server_with_basic_auth_end_to_end(
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with serve(home, tmp_path / "serve.log") as (running_server, _process):
        url = f"http://127.0.0.1:{running_server.port}"
        assert main(["servers", "test", url]) == 2  # no credentials: refused, and said so
        assert "refused the credentials (401)" in capsys.readouterr().err
        _stdin(monkeypatch, f"{PASSWORD}\n")
        assert (
            main(["servers", "add", url, "--name", "studio", "--user", USER, "--password-stdin"])
            == 0
        )
        assert "A1111 API" in capsys.readouterr().out
        assert main(["servers", "test", "studio"]) == 0
        assert "Kind: A1111 API" in capsys.readouterr().out
        args = ["generate", "--server", "studio", "-p", "un faro", "-s", "3", "--steps", "2"]
        assert main([*args, "-W", "64", "-H", "64", "--out", str(tmp_path / "out")]) == 0
        captured = capsys.readouterr()
    [saved] = [Path(line) for line in captured.out.splitlines()]
    assert "studio" in captured.err  # the intro names where the job runs
    with Image.open(saved) as png:
        recorded = png.text["lienzo"]
        assert json.loads(recorded)["device"] == "studio"
        assert PASSWORD not in recorded and PASSWORD not in png.text["parameters"]


def test_generate_on_an_unlisted_http_server_warns_before_probing_it(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[str] = []

    def unreachable(url: str, credentials: object = None) -> ServerInfo:
        seen.append(capsys.readouterr().err)
        raise ServerError("gpu-box:8188 is not reachable.", "gpu-box:8188 no es accesible.", True)

    monkeypatch.setattr(servers_module, "probe", unreachable)
    assert main(["generate", "--server", "http://gpu-box:8188", "-p", "x", "-q"]) == 2
    assert "unencrypted" in seen[0]
    assert "is not reachable" in capsys.readouterr().err
