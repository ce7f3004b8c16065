"""Backends: what runs a job. One small `Backend` protocol (a `GenerationRequest` in,
`StepProgress` and `GeneratedImage` out, cancelled through a `CancelToken`), with the local
engine and remote servers (ComfyUI) behind it. Remote backends are plain Python (httpx,
websockets), no Qt.

May import `studio.core.generation`, `studio.core.models` and `studio.core.base`; never the
gallery or image metadata.
"""
