"""On a phone the list and the chat stack: opening a chat shows it, the back control the list."""

from __future__ import annotations

from typing import Any

import js
from pyodide.ffi import create_proxy

PHONE = "(max-width: 640px)"
"""The same width as the phone rules in static/css/app.css."""


class PhoneView:
    """Keeps `<html data-phone-view>` at "list" or "chat"; the CSS does the rest."""

    def __init__(self, back: Any) -> None:
        self._html = js.document.documentElement
        self._html.dataset.phoneView = "list"
        self._listener = create_proxy(lambda event: self.show_list())
        back.addEventListener("click", self._listener)

    def show_chat(self) -> None:
        if js.window.matchMedia(PHONE).matches:
            self._html.dataset.phoneView = "chat"

    def show_list(self) -> None:
        self._html.dataset.phoneView = "list"
