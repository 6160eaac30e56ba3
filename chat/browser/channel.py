"""A BroadcastChannel between the app's tabs, carrying JSON text: the channel port. What the
text says is the core's business (chat/sync.py); here it only travels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_proxy


class Channel:
    """Posts text to the app's other tabs in this browser and hands theirs to each listener."""

    def __init__(self, name: str) -> None:
        self._listeners: list[Callable[[object], object]] = []
        self._channel = js.BroadcastChannel.new(name)
        self._listener = create_proxy(self._on_message)
        self._channel.addEventListener("message", self._listener)

    def post(self, text: str) -> None:
        self._channel.postMessage(text)

    def listen(self, receive: Callable[[object], object]) -> None:
        self._listeners.append(receive)

    def _on_message(self, event: Any) -> None:
        data = event.data
        message = data if isinstance(data, str) else None  # anything else is not this app's
        for receive in tuple(self._listeners):
            receive(message)
