"""Shared fixtures: no network, a throwaway app home, the demo model built once."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from studio.core.base.devices import DevicePlan, choose_device, probe_devices
from studio.core.base.paths import AppPaths, app_paths
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ.setdefault("LIENZO_LANG", "en")
os.environ.pop("LIENZO_DEVICE", None)
# Many tests compare pixels exactly across code paths (single file vs folder, tiled vs not);
# that needs float32. The bfloat16 CPU path has its own tests (test_engine_bfloat16.py).
os.environ["LIENZO_CPU_DTYPE"] = "float32"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else str(address)
    loopback = isinstance(host, str) and (host.startswith("127.") or host in ("::1", "localhost"))
    if loopback or self.family == getattr(socket, "AF_UNIX", None):
        return _real_connect(self, address)
    raise RuntimeError(f"Tests must not use the network (tried to connect to {address!r})")


socket.socket.connect = _loopback_only  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def session_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An app home whose cache (with the demo model) lives for the whole test session."""
    home = tmp_path_factory.mktemp("studio-home")
    os.environ["STUDIO_HOME"] = str(home)
    return home


@pytest.fixture(scope="session")
def paths(session_home: Path) -> AppPaths:

    return app_paths(session_home)


@pytest.fixture(scope="session")
def cpu_plan() -> DevicePlan:
    return choose_device(probe_devices(), "cpu")


@pytest.fixture(scope="session")
def engine(paths: AppPaths, cpu_plan: DevicePlan) -> Iterator[Engine]:
    """One engine with the demo model loaded, shared by the whole session."""
    import torch

    torch.set_num_threads(1)  # determinism and fair sharing of the 2 CI cores
    shared = Engine(paths, cpu_plan)
    shared.load("demo")
    yield shared
    shared.unload()


@pytest.fixture
def demo_request() -> Callable[..., GenerationRequest]:
    """A factory of small, fast requests for the demo model."""

    def make(**changes: object) -> GenerationRequest:
        values: dict[str, object] = dict(
            prompt="un gato",
            model="demo",
            seed=7,
            steps=3,
            guidance=5.0,
            width=64,
            height=64,
            sampler="Euler a",
        )
        values.update(changes)
        return GenerationRequest(**values)  # type: ignore[arg-type]

    return make
