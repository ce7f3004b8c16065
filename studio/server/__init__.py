"""`studio serve`: an AUTOMATIC1111-compatible HTTP API over the core engine.

Owns the FastAPI app (routes, A1111-shaped request and response models, auth and size limits)
and the one worker thread that runs its jobs in order. It imports `studio.core` only: no Qt,
so `studio serve` runs where there is no display.
"""
