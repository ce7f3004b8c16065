"""Generation: turning a `GenerationRequest` into images. The request and its validation,
samplers, the engine, per-step reporting and previews, conditioning (LoRA activation, A1111
prompt weighting), init images, the VAE decode, out-of-memory and NaN recovery, the memory
plan and the optional compiled mode.

May import `studio.core.models` and `studio.core.base`; never the gallery or image metadata.
"""
