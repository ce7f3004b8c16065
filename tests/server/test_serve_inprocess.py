"""The API's parts without a subprocess: FIFO order of jobs, credentials, and a fuzz of
hostile bodies (none may escape as a 500)."""

from __future__ import annotations

import base64
import random
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from studio.core.base.errors import InvalidRequestError
from studio.core.base.paths import AppPaths, app_paths
from studio.core.base.settings import Settings
from studio.server.app import create_app
from studio.server.context import ServerConfig
from studio.server.jobs import JobRunner
from studio.server.security import Credentials, check_exposure, parse_credentials


class _RecordingEngine:
    """Stands in for Engine: records which model loads arrive, in order, one at a time."""

    def __init__(self) -> None:
        self.loaded: list[str] = []
        self.busy = threading.Lock()

    def load(self, ref: str) -> None:
        assert self.busy.acquire(blocking=False), "two jobs ran at once"
        self.loaded.append(ref)
        self.busy.release()

    def unload(self) -> None:
        pass


def test_jobs_from_many_clients_run_one_at_a_time_in_order(tmp_path: Path) -> None:
    engine = _RecordingEngine()
    runner = JobRunner(lambda: engine, tmp_path)  # type: ignore[arg-type, return-value]
    futures = [runner.load_model(f"model-{n}") for n in range(30)]
    runner.start()
    for future in futures:
        future.result(timeout=30)
    runner.stop()
    assert engine.loaded == [f"model-{n}" for n in range(30)]
    assert runner.progress().job_count == 0


def test_credentials_accept_only_the_exact_pair() -> None:
    credentials = parse_credentials("ana:pw1,luis:pw:2", None)
    header = "Basic " + base64.b64encode(b"luis:pw:2").decode()
    assert credentials.accept(header)
    for bad in ("luis:pw:", "ana:pw2", "ana", ":", "", "x" * 1000):
        assert not credentials.accept("Basic " + base64.b64encode(bad.encode()).decode())
    assert not credentials.accept("Bearer abc") and not credentials.accept("Basic %%%")
    assert not credentials.accept(None)


def test_credentials_from_a_file(tmp_path: Path) -> None:
    file = tmp_path / "auth.txt"
    file.write_text("ana:uno\n\nluis:dos\n", encoding="utf-8")
    assert parse_credentials(None, file).pairs == (("ana", "uno"), ("luis", "dos"))
    with pytest.raises(InvalidRequestError, match="user:password"):
        parse_credentials("nobody", None)
    with pytest.raises(InvalidRequestError, match="Cannot read"):
        parse_credentials(None, tmp_path / "missing.txt")


def test_listening_beyond_loopback_needs_credentials() -> None:
    with pytest.raises(InvalidRequestError, match="--api-auth"):
        check_exposure("0.0.0.0", Credentials())
    check_exposure("0.0.0.0", Credentials((("a", "b"),)))
    check_exposure("127.0.0.1", Credentials())


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    paths: AppPaths = app_paths(tmp_path)

    def no_engine() -> Any:
        raise AssertionError("no job should reach the engine")

    runner = JobRunner(no_engine, paths.gallery)
    app = create_app(paths, Settings(), runner, "demo", ServerConfig(max_body=200_000))
    return TestClient(app, raise_server_exceptions=False)


def _mutations(seed: int) -> list[bytes]:
    rng = random.Random(seed)
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    texts = png[:33] + b"\x00\x00\x00\x10tEXtparameters\x00Steps: 2" + png[33:]
    out = []
    for _ in range(150):
        data = bytearray(rng.choice([png, texts]))
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        out.append(bytes(data[: rng.randint(0, len(data))]))
    return out


def test_png_info_fuzz_never_fails_the_server(client: TestClient) -> None:
    for data in _mutations(7):
        response = client.post(
            "/sdapi/v1/png-info", json={"image": base64.b64encode(data).decode()}
        )
        assert response.status_code in (200, 400, 422), response.text
        assert isinstance(response.json(), dict)


def test_body_fuzz_gets_4xx_with_a_message(client: TestClient) -> None:
    rng = random.Random(3)
    values: list[Any] = [
        -1,
        0,
        2**70,
        -(2**70),
        1e300,
        "x",
        "../../etc",
        None,
        [],
        {},
        True,
        "\x00",
    ]
    fields = ["prompt", "width", "height", "steps", "seed", "cfg_scale", "batch_size", "n_iter",
              "sampler_name", "scheduler", "override_settings", "denoising_strength"]  # fmt: skip
    for _ in range(150):
        body = {rng.choice(fields): rng.choice(values) for _ in range(rng.randint(1, 4))}
        body.update(width=body.get("width", 8), steps=body.get("steps", 0))  # never a valid job
        response = client.post("/sdapi/v1/txt2img", json=body)
        assert 400 <= response.status_code < 500, (body, response.text)
        assert response.json()["detail"]


def test_bodies_over_the_limit_are_refused(client: TestClient) -> None:
    response = client.post("/sdapi/v1/png-info", json={"image": "A" * 300_000})
    assert response.status_code == 413
    assert "MB" in response.json()["detail"]


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN"])
def test_infinite_numbers_get_422(client: TestClient, number: str) -> None:
    body = '{"prompt": "x", "width": 64, "height": 64, "cfg_scale": ' + number + "}"
    response = client.post(
        "/sdapi/v1/txt2img", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"]


def test_messages_follow_the_users_language(client: TestClient) -> None:
    from studio.core.base.errors import set_language

    set_language("es")
    try:
        response = client.post("/sdapi/v1/txt2img", json={"width": -8, "batch_size": 99})
        assert "imágenes por petición" in response.json()["detail"]
    finally:
        set_language(None)


def _preflight(app_client: TestClient) -> dict[str, str]:
    headers = {"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}
    return dict(app_client.options("/sdapi/v1/txt2img", headers=headers).headers)


def test_cors_is_off_unless_origins_are_given(tmp_path: Path, client: TestClient) -> None:
    assert "access-control-allow-origin" not in _preflight(client)
    config = ServerConfig(cors_origins=("https://example.org",))
    runner = JobRunner(lambda: None, tmp_path)  # type: ignore[arg-type, return-value]
    app = create_app(app_paths(tmp_path), Settings(), runner, "demo", config)
    allowed = _preflight(TestClient(app))
    assert allowed["access-control-allow-origin"] == "https://example.org"
