"""Models: what `--model` names and how it becomes a loaded pipeline. Resolving a reference
(demo, folder, single file, Hub repo), model families and their defaults, the catalog,
downloads into the Hugging Face cache and the view of that cache, the user's model library
and other apps' folders, single-file configs, legacy pickle conversion, model hashes, LoRA
files, the tiny preview decoder's files, per-device tuning applied after loading, and the
preflight that estimates time per image.

May import `studio.core.base` only (never generation, gallery or imagemeta).
"""
