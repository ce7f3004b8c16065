"""Backends: what runs a job. One small `Backend` protocol (a `GenerationRequest` in,
`StepProgress` and `GeneratedImage` out, cancelled through a `CancelToken`), with the local
engine and remote servers (ComfyUI, A1111 API) behind it; the servers the user added, their
probing and their credentials (OS keyring) live here too. Remote backends are plain Python
(httpx, websockets, keyring), no Qt.

May import `studio.core.generation`, `studio.core.models` and `studio.core.base`; never the
gallery or image metadata.
"""
