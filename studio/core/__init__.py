"""The Qt-free core: usable and testable headless, torch/diffusers imported lazily.

Sub-packages, from the top down (imports point down only; import-linter checks it):
`gallery` → `imagemeta` → `generation` → `models` → `base`.
"""
