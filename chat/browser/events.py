"""Delegated event listeners: one per event type on the app's root, whatever the items."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyodide.ffi import create_proxy


class Delegation:
    """Listens on `root` for the person's clicks, keys and scrolling, and hands them on.

    There is one proxy per event type for the life of the app, so items may come and go
    without leaking proxies; `close` removes the listeners and releases the proxies.
    """

    def __init__(
        self,
        root: Any,
        open_chat: Callable[[int], None],
        send_message: Callable[[str], bool],
        scrolled: Callable[[Any], None],
    ) -> None:
        self._root = root
        self._open_chat = open_chat
        self._send_message = send_message
        self._scrolled = scrolled
        # Scroll events do not bubble, but they do pass the root while capturing.
        self._listeners = [
            ("click", create_proxy(self._on_click), False),
            ("keydown", create_proxy(self._on_keydown), False),
            ("scroll", create_proxy(self._on_scroll), True),
        ]
        for kind, proxy, capture in self._listeners:
            root.addEventListener(kind, proxy, capture)

    def close(self) -> None:
        for kind, proxy, capture in self._listeners:
            self._root.removeEventListener(kind, proxy, capture)
            proxy.destroy()
        self._listeners.clear()

    def _on_click(self, event: Any) -> None:
        item = event.target.closest(".user-list__item")
        if item:  # JavaScript null arrives as the falsy `jsnull`
            self._open_chat(int(item.dataset.userId))

    def _on_keydown(self, event: Any) -> None:
        target = event.target
        if target.matches(".user-list__item"):
            self._list_key(event, target)
            return
        if event.altKey and event.key in ("ArrowUp", "ArrowDown"):
            if target.matches(".reply-box__input"):
                # Switch chats without leaving the reply box.
                active = self._root.querySelector(".user-list__item--active")
                neighbour = _neighbour(active, event.key) if active else None
                if neighbour:
                    event.preventDefault()
                    self._open_chat(int(neighbour.dataset.userId))
            return
        # While an input method is composing, Enter confirms the composition, not the message.
        if event.key != "Enter" or event.isComposing or not target.matches(".reply-box__input"):
            return
        event.preventDefault()
        if self._send_message(target.value):
            target.value = ""

    def _list_key(self, event: Any, item: Any) -> None:
        """Up and Down move between chats, Enter or Space opens the one that has focus."""
        if event.key in ("ArrowUp", "ArrowDown"):
            neighbour = _neighbour(item, event.key)
            if neighbour:
                event.preventDefault()
                neighbour.focus()
                neighbour.scrollIntoView({"block": "nearest"})
        elif event.key in ("Enter", " "):
            event.preventDefault()
            self._open_chat(int(item.dataset.userId))

    def _on_scroll(self, event: Any) -> None:
        self._scrolled(event.target)


def _neighbour(item: Any, key: str) -> Any:
    """The chat above or below `item` in the list (spacers are not chats), or null."""
    sibling = item.previousElementSibling if key == "ArrowUp" else item.nextElementSibling
    while sibling and not sibling.matches(".user-list__item"):
        sibling = sibling.previousElementSibling if key == "ArrowUp" else sibling.nextElementSibling
    return sibling
