"""A BroadcastChannel between the app's tabs, carrying JSON text."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_proxy


class Channel:
    """Posts dicts to the app's other tabs in this browser and hands theirs to `receive`."""

    def __init__(self, name: str, receive: Callable[[object], object]) -> None:
        self._receive = receive
        self._channel = js.BroadcastChannel.new(name)
        self._listener = create_proxy(self._on_message)
        self._channel.addEventListener("message", self._listener)

    def post(self, message: dict[str, Any]) -> None:
        self._channel.postMessage(json.dumps(message))

    def _on_message(self, event: Any) -> None:
        try:
            data = json.loads(str(event.data))
        except ValueError:
            return  # not from this app
        self._receive(data)
