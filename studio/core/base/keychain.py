"""The OS keyring through the `keyring` library, when this computer has a usable one: where
secrets (server credentials, the Hugging Face token) are kept."""

from __future__ import annotations

from typing import Any


def usable_keyring() -> Any:
    """The `keyring` module when a real backend is there; None when the library is missing or
    only its "fail" / zero-priority fall-backs exist (the caller then says so or uses a file)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    priority = getattr(backend, "priority", 1)
    weak = isinstance(priority, (int, float)) and priority <= 0
    return None if isinstance(backend, fail.Keyring) or weak else keyring
