"""A keyring whose reads can block, as a locked KWallet or Secret Service does while it waits
for the user to type the wallet's password (tests of what must not freeze the window)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend


class BlockingKeyring(KeyringBackend):
    """Keeps passwords in a dict; once `blocking` is set, each read or delete waits at
    `release`."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}
        self.blocking = False
        self.entered = threading.Event()  # a read is waiting at `release`
        self.release = threading.Event()
        self.reads_returned = 0
        self.deletes_returned = 0
        self.reader = ""  # the name of the thread that read or deleted last

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        self.reads_returned += 1
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._wait()
        self.stored.pop((service, username), None)
        self.deletes_returned += 1

    def _wait(self) -> None:
        self.reader = threading.current_thread().name
        if self.blocking:
            self.entered.set()
            self.release.wait(timeout=30)


@contextmanager
def blocking_keyring() -> Iterator[BlockingKeyring]:
    """The keyring library uses a BlockingKeyring meanwhile; blocked reads are let go at the
    end."""
    before = keyring.get_keyring()
    made = BlockingKeyring()
    keyring.set_keyring(made)
    try:
        yield made
    finally:
        made.release.set()
        keyring.set_keyring(before)
