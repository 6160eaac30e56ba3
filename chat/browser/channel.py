"""A BroadcastChannel between the app's tabs, carrying JSON text: the channel port."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_proxy


class Channel:
    """Posts dicts to the app's other tabs in this browser and hands theirs to each listener."""

    def __init__(self, name: str) -> None:
        self._listeners: list[Callable[[object], object]] = []
        self._channel = js.BroadcastChannel.new(name)
        self._listener = create_proxy(self._on_message)
        self._channel.addEventListener("message", self._listener)

    def post(self, message: dict[str, Any]) -> None:
        self._channel.postMessage(json.dumps(message))

    def listen(self, receive: Callable[[object], object]) -> None:
        self._listeners.append(receive)

    def _on_message(self, event: Any) -> None:
        try:
            data = json.loads(str(event.data))
        except ValueError:
            return  # not from this app
        for receive in tuple(self._listeners):
            receive(data)
