"""packaging/bootstrap.py: where PyTorch comes from, and a cheap check on every `run`."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import bootstrap
from torch_choice import TorchChoice

CPU = TorchChoice("cpu", "torch==2.13.0", "https://download.pytorch.org/whl/cpu", "no GPU")
CLOSED_PORT = "http://127.0.0.1:9/whl/cpu"  # nothing listens there


@pytest.fixture
def installs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """pip installs requested (none run), torch absent, the CPU build detected."""
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(bootstrap, "pip", lambda *args: calls.append(args))
    monkeypatch.setattr(bootstrap, "torch_installed", lambda: False)
    monkeypatch.setattr(bootstrap, "detect", lambda override=None: CPU)
    monkeypatch.delenv("LIENZO_TORCH_INDEX_URL", raising=False)
    return calls


def test_the_detected_index_is_used_when_it_answers(
    installs: list[tuple[str, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bootstrap, "index_reachable", lambda url, timeout=5.0: True)
    bootstrap.ensure_torch()
    assert installs == [("torch==2.13.0", "--index-url", CPU.index_url)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("pypi", ("torch==2.13.0",)),
        (
            "https://mirror.example/whl",
            ("torch==2.13.0", "--index-url", "https://mirror.example/whl"),
        ),
    ],
)
def test_lienzo_torch_index_url_is_honoured(
    installs: list[tuple[str, ...]],
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    expected: tuple[str, ...],
) -> None:
    monkeypatch.setenv("LIENZO_TORCH_INDEX_URL", value)
    monkeypatch.setattr(bootstrap, "index_reachable", lambda url, timeout=5.0: True)
    bootstrap.ensure_torch()
    assert installs == [expected]


def test_an_unreachable_index_is_probed_once_then_pip_default_is_used(
    installs: list[tuple[str, ...]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LIENZO_TORCH_INDEX_URL", CLOSED_PORT)
    probes: list[tuple[str, float]] = []
    real = bootstrap.index_reachable

    def counted(url: str, timeout: float = bootstrap.INDEX_PROBE_TIMEOUT_S) -> bool:
        probes.append((url, timeout))
        return real(url, timeout)

    monkeypatch.setattr(bootstrap, "index_reachable", counted)
    started = time.monotonic()
    bootstrap.ensure_torch()
    assert time.monotonic() - started < 30
    assert probes == [(CLOSED_PORT, bootstrap.INDEX_PROBE_TIMEOUT_S)]
    assert bootstrap.INDEX_PROBE_TIMEOUT_S <= 10
    assert installs == [("torch==2.13.0",)]  # no --index-url: pip's default index
    out = capsys.readouterr().out
    assert f"{CLOSED_PORT} does not answer" in out and "default index" in out


def test_index_reachable_answers_for_a_closed_port_quickly() -> None:
    assert bootstrap.index_reachable(CLOSED_PORT, timeout=2) is False


def test_run_does_not_import_torch_to_see_that_it_is_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    commands: list[list[str]] = []

    def fake_run(command: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(bootstrap.subprocess, "run", fake_run)
    monkeypatch.setattr(bootstrap, "pip", lambda *args: pytest.fail(f"pip ran: {args}"))
    bootstrap.ensure_torch()
    assert len(commands) == 1
    code = commands[0][-1]
    assert "find_spec('torch')" in code and "import torch" not in code


def test_the_torch_check_really_tells_present_from_absent() -> None:
    for module, present in (("json", True), ("no_such_module_here", False)):
        code = bootstrap._HAS_TORCH.replace("'torch'", repr(module))
        assert (subprocess.run([sys.executable, "-c", code]).returncode == 0) is present
