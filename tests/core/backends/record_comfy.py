"""Record what a real ComfyUI server says, for the fake server in test_comfy_backend.py.

    .venv/bin/python tests/core/backends/record_comfy.py http://127.0.0.1:8188
Writes tests/data/comfy/*.json: system_stats, the object_info of the nodes our graphs use,
and the websocket messages + history of a txt2img job, an interrupted job and a refused one.
Previews are kept (base64); the picture comes from /view and is kept too.
"""

from __future__ import annotations

import base64
import json
import sys
import threading
import time
from pathlib import Path

import httpx
from websockets.sync.client import connect

from studio.core.backends.comfy_graph import comfy_graph_for
from studio.core.generation.request import GenerationRequest

DATA = Path(__file__).parents[2] / "data" / "comfy"
NODES = (
    "SetLatentNoiseMask",
    "CheckpointLoaderSimple",
    "LoraLoader",
    "CLIPTextEncode",
    "EmptyLatentImage",
    "LoadImage",
    "VAEEncode",
    "KSampler",
    "VAEDecode",
    "SaveImage",
)


def _messages(url: str, graph: dict, interrupt_after: int | None = None) -> dict:
    client_id = f"recorder{time.time_ns()}"
    socket = connect(f"ws{url[4:]}/ws?clientId={client_id}")
    socket.send(json.dumps({"type": "feature_flags", "data": {"supports_preview_metadata": True}}))
    body = {"prompt": graph, "client_id": client_id, "extra_data": {"preview_method": "latent2rgb"}}
    answer = httpx.post(f"{url}/prompt", json=body)
    record: dict = {"prompt_status": answer.status_code, "prompt_answer": answer.json()}
    if answer.status_code != 200:
        socket.close()
        return record
    prompt_id = answer.json()["prompt_id"]
    messages: list[dict] = []
    steps = 0
    while True:
        message = socket.recv(timeout=60)
        if isinstance(message, bytes):
            messages.append({"binary": base64.b64encode(message).decode()})
            continue
        messages.append({"text": message})
        parsed = json.loads(message)
        if parsed["type"] == "progress":
            steps += 1
            if steps == interrupt_after:
                threading.Thread(
                    target=httpx.post, args=(f"{url}/interrupt",), kwargs={"json": {}}
                ).start()
        data = parsed.get("data", {})
        finished = parsed["type"] == "executing" and data.get("node") is None
        if finished and data.get("prompt_id") == prompt_id:
            break
    socket.close()
    history = httpx.get(f"{url}/history/{prompt_id}").json()
    record.update(prompt_id=prompt_id, client_id=client_id, messages=messages, history=history)
    outputs = history[prompt_id].get("outputs", {})
    for node in outputs.values():
        for image in node.get("images", []):
            view = httpx.get(f"{url}/view", params=image)
            record["image_png"] = base64.b64encode(view.content).decode()
    return record


def main(url: str) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    stats = httpx.get(f"{url}/system_stats").json()
    info = {node: httpx.get(f"{url}/object_info/{node}").json()[node] for node in NODES}
    request = GenerationRequest(
        prompt="a red fox", model="tiny-sd1", seed=42, steps=4, width=64, height=64
    )
    done = _messages(url, comfy_graph_for(request, "tiny-sd1.safetensors"))
    slow = GenerationRequest(prompt="a fox", seed=7, steps=40, width=64, height=64)
    stopped = _messages(url, comfy_graph_for(slow, "tiny-sd1.safetensors"), interrupt_after=2)
    refused = _messages(url, comfy_graph_for(request, "no-such-model.safetensors"))
    for name, value in (
        ("system_stats", stats),
        ("object_info", info),
        ("txt2img", done),
        ("interrupted", stopped),
        ("unknown_model", refused),
    ):
        (DATA / f"{name}.json").write_text(json.dumps(value, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
