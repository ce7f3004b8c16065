"""Raw HTTP against `studio serve`: auth, limits and hostile bodies get a 4xx with a message,
and the server keeps serving."""

from __future__ import annotations

import base64
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from serve_support import PASSWORD, USER, RunningServer, serve_env

pytestmark = pytest.mark.slow
SMALL = {"prompt": "x", "width": 64, "height": 64, "steps": 2}
TRAVERSALS = ("../../../../etc/passwd", "/etc/passwd", "..\\..\\Windows\\win.ini", "~/.ssh/id_rsa")


def _still_serving(server: RunningServer) -> None:
    with server.client() as client:
        assert client.get("/sd-models").json()[0]["title"] == "demo"


def _message(response: httpx.Response) -> str:
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body["detail"]


@pytest.mark.parametrize(
    "auth", [None, ("ana", "wrong"), ("someone", PASSWORD), (USER, PASSWORD + "x")]
)
def test_missing_or_wrong_credentials_are_refused(
    api_server: RunningServer, auth: tuple[str, str] | None
) -> None:
    with api_server.client(auth=auth) as client:
        for response in (client.get("/sd-models"), client.post("/txt2img", json=SMALL)):
            assert response.status_code == 401
            assert response.headers["www-authenticate"] == "Basic"
            assert "password" in _message(response)
    _still_serving(api_server)


def test_right_credentials_are_accepted(api_server: RunningServer) -> None:
    with api_server.client() as client:
        assert client.get("/options").status_code == 200


def test_docs_are_served(api_server: RunningServer) -> None:
    with httpx.Client(auth=(USER, PASSWORD)) as client:
        base = f"http://127.0.0.1:{api_server.port}"
        assert client.get(f"{base}/docs").status_code == 200
        assert "/sdapi/v1/txt2img" in client.get(f"{base}/openapi.json").json()["paths"]


def test_a_body_over_50_mb_is_refused_before_it_is_read(api_server: RunningServer) -> None:
    # Only the headers are sent: the server answers from the declared length alone.
    auth = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    head = (
        f"POST /sdapi/v1/txt2img HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Basic {auth}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {51 * 1024 * 1024}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", api_server.port), timeout=30) as connection:
        connection.sendall(head.encode())
        received = b""
        while not received.endswith(b"}") and (part := connection.recv(65536)):
            received += part
    answer = received.decode("utf-8", "replace")
    assert answer.startswith("HTTP/1.1 413")
    assert "50 MB" in answer
    _still_serving(api_server)


def test_a_chunked_body_over_the_limit_is_refused(api_server: RunningServer) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(52):
            yield b" " * (1024 * 1024)

    with api_server.client() as client:
        try:
            response = client.post("/txt2img", content=chunks())
        except httpx.TransportError:  # the server may close before the last chunk is sent
            response = None
    if response is not None:
        assert response.status_code == 413
        assert "50 MB" in _message(response)
    _still_serving(api_server)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{not json", "JSON"),
        (b'{"steps": "many"}', "steps"),
        (b'{"width": [1]}', "width"),
        (b'{"batch_size": {"a": 1}}', "batch_size"),
        (b"[1, 2]", "valid"),
    ],
)
def test_malformed_bodies_get_422_naming_the_problem(
    api_server: RunningServer, body: bytes, expected: str
) -> None:
    with api_server.client() as client:
        response = client.post(
            "/txt2img", content=body, headers={"content-type": "application/json"}
        )
    assert response.status_code == 422
    assert expected in _message(response)
    _still_serving(api_server)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"width": -64}, "Width must be between"),
        ({"height": 0}, "Height must be between"),
        ({"steps": -1}, "Steps must be between"),
        ({"batch_size": 10, "n_iter": 10}, "batch_size × n_iter"),
        ({"batch_size": -1}, "batch_size × n_iter"),
        ({"prompt": "a" * 100_001}, "100000"),
        ({"cfg_scale": 1e9}, "Guidance"),
    ],
)
def test_out_of_range_values_get_422_with_a_message(
    api_server: RunningServer, changes: dict[str, object], expected: str
) -> None:
    with api_server.client() as client:
        response = client.post("/txt2img", json={**SMALL, **changes})
    assert response.status_code == 422
    assert expected in _message(response)


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_in_requests_are_never_opened(api_server: RunningServer, path: str) -> None:
    with api_server.client() as client:
        answers = [
            client.post("/options", json={"sd_model_checkpoint": path}),
            client.post(
                "/txt2img", json={**SMALL, "override_settings": {"sd_model_checkpoint": path}}
            ),
            client.post("/img2img", json={**SMALL, "init_images": [path]}),
            client.post("/png-info", json={"image": path}),
        ]
    for response in answers:
        assert response.status_code == 422, response.text
        assert path not in _message(response) or "installed" in _message(response)
    _still_serving(api_server)


def test_outdir_settings_are_reported_and_pictures_stay_in_the_gallery(
    api_server: RunningServer, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    body = {**SMALL, "override_settings": {"outdir_samples": str(outside)}, "sampler_name": "../x"}
    with api_server.client() as client:
        response = client.post("/txt2img", json=body)
    assert response.status_code == 200
    info = response.json()["info"]
    assert "override_settings.outdir_samples" in info and "sampler_name=../x" in info
    assert not outside.exists()


def test_unreadable_pictures_in_png_info_get_422(api_server: RunningServer) -> None:
    junk = [b"", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"GIF89a" + b"\xff" * 100]
    with api_server.client() as client:
        for data in junk:
            response = client.post("/png-info", json={"image": base64.b64encode(data).decode()})
            assert response.status_code in (400, 422), response.text
            assert "could not be read" in _message(response)
    _still_serving(api_server)


def test_listen_without_credentials_refuses_to_start(session_home: Path) -> None:
    command = [sys.executable, "-m", "studio", "serve", "--listen", "--port", "9"]
    done = subprocess.run(
        command, env=serve_env(session_home), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "--api-auth" in done.stderr


def test_serve_imports_no_qt() -> None:
    code = (
        "import sys; import studio.cli.main, studio.cli.serve, studio.server.app; "
        "sys.exit(any(name.startswith('PySide6') for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_lists_and_memory_answer_in_a1111_shapes(api_server: RunningServer) -> None:
    with api_server.client() as client:
        schedulers = client.get("/schedulers").json()
        assert {"automatic", "karras"} <= {s["name"] for s in schedulers}
        for lora in client.get("/loras").json():  # other tests may have put some in the home
            assert set(lora) == {"name", "alias", "path", "metadata"}
            assert "/" not in lora["path"] and "\\" not in lora["path"]  # names, never folders
        assert client.post("/refresh-checkpoints").status_code == 200
        assert client.post("/refresh-loras").status_code == 200
        memory = client.get("/memory").json()
    assert memory["ram"]["total"] > 0 and "cuda" in memory


def test_unknown_fields_are_accepted_and_logged(api_server: RunningServer) -> None:
    with api_server.client() as client:
        response = client.post("/txt2img", json={**SMALL, "a_field_from_the_future": 1})
    assert response.status_code == 200
    assert "a_field_from_the_future" in api_server.log.read_text()


def test_a_job_that_fails_for_a_fixable_reason_gets_400_with_the_reason(
    api_server: RunningServer,
) -> None:
    with api_server.client() as client:
        response = client.post("/txt2img", json={**SMALL, "prompt": "x <lora:no-such-lora:1>"})
    assert response.status_code == 400
    assert "no-such-lora" in _message(response)
    _still_serving(api_server)
