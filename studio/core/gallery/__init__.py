"""The gallery on disk: saving finished pictures with names that never collide, the SQLite
index with search, favourites and tags (and their per-folder sidecars), thumbnails, and
export to a folder, a zip, an HTML contact sheet or an animation.

The top of core: may import `studio.core.imagemeta`, `studio.core.generation`,
`studio.core.models` and `studio.core.base`.
"""
