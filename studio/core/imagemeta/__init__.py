"""Settings inside image files: writing our PNG metadata (A1111 `parameters` text plus our
JSON chunk) and reading the settings back from any tool's image (Lienzo, AUTOMATIC1111,
ComfyUI, InvokeAI, Fooocus, NovelAI).

May import `studio.core.generation` (the request it describes), `studio.core.models` and
`studio.core.base`; never the gallery.
"""
