"""`studio serve` under load: N concurrent small demo requests on 127.0.0.1 only.

Starts the server in a subprocess (a throwaway STUDIO_HOME, the demo model, CPU, 64², 2 steps),
sends the requests from N threads at once, and checks every one is answered with its picture
and none is lost; reports the server's resident memory before and after. Appends a table to
docs/performance.md unless --no-write.
    python benchmarks/serve_load.py [--clients 50] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from report import machine_line, publish

BODY = {"prompt": "carga", "width": 64, "height": 64, "steps": 2, "cfg_scale": 5.0}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _wait_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/samplers").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("studio serve did not start")


def _one(base: str, seed: int) -> tuple[int, int, float]:
    started = time.perf_counter()
    answer = httpx.post(f"{base}/txt2img", json={**BODY, "seed": seed}, timeout=600)
    images = len(answer.json().get("images") or []) if answer.status_code == 200 else 0
    return answer.status_code, images, time.perf_counter() - started


def run(clients: int) -> str:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/sdapi/v1"
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "STUDIO_HOME": home, "HF_HUB_OFFLINE": "1"}
        command = [sys.executable, "-m", "studio", "serve", "--port", str(port), "--model", "demo"]
        process = subprocess.Popen([*command, "--device", "cpu"], env=env)
        try:
            _wait_up(base, process)
            _one(base, 0)  # warm: torch imported, demo model built and loaded
            rss_before = _rss_mb(process.pid)
            started = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                answers = list(pool.map(lambda n: _one(base, n), range(1, clients + 1)))
            wall = time.perf_counter() - started
            rss_after = _rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
    ok = sum(1 for status, images, _ in answers if status == 200 and images == 1)
    slowest = max(seconds for _, _, seconds in answers)
    return "\n".join(
        [
            machine_line(f"`studio serve`: {clients} concurrent demo requests (64², 2 steps)"),
            "",
            "| answered with a picture | wall time | slowest answer | server RSS before → after |",
            "|---|---|---|---|",
            f"| {ok} / {clients} | {wall:.1f} s | {slowest:.1f} s "
            f"| {rss_before:.0f} → {rss_after:.0f} MB |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    publish(run(args.clients), write=not args.no_write)


if __name__ == "__main__":
    main()
