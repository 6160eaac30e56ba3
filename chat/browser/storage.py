"""localStorage, which may refuse: full, disabled, or blocked by the browser's settings."""

from __future__ import annotations

import contextlib

import js
from pyodide.ffi import JsException

KEY = "flux-chat:v1"
"""Where the app's state is saved; a page opened with ?data= keeps its own state beside it."""


def key_for(source: str | None) -> str:
    return KEY if source is None else f"{KEY}?data={source}"


def read(key: str) -> str | None:
    """The saved text, or None when there is none or storage cannot be read."""
    try:
        value = js.localStorage.getItem(key)
    except JsException:
        return None
    return str(value) if value else None


def write(key: str, text: str) -> bool:
    """Save `text`; False when the browser refuses (a quota error, or storage disabled)."""
    try:
        js.localStorage.setItem(key, text)
    except JsException:
        return False
    return True


class Slot:
    """The storage port: the app's saved state, one key of localStorage."""

    def __init__(self, key: str) -> None:
        self.key = key

    def read(self) -> str | None:
        return read(self.key)

    def write(self, text: str) -> bool:
        return write(self.key, text)


def remove(key: str) -> None:
    """Forget `key`; nothing happens when storage cannot be used."""
    with contextlib.suppress(JsException):
        js.localStorage.removeItem(key)
