"""Dismissible notices above the app: what the person should know but need not act on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_proxy


class Notices:
    """Shows notices in the `.notices` element; one delegated listener dismisses them."""

    def __init__(self, container: Any) -> None:
        self._container = container
        self._actions: dict[str, Callable[[], None]] = {}
        self._listener = create_proxy(self._on_click)
        container.addEventListener("click", self._listener)

    def show(
        self,
        text: str,
        kind: str = "warning",
        action: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        """Add a notice; `text` is shown as text, never HTML. `action`, a label and what to do,
        adds a button (the notice stays until dismissed)."""
        notice = js.document.createElement("div")
        notice.className = f"notice notice--{kind}"
        notice.setAttribute("role", "status")
        message = js.document.createElement("p")
        message.className = "notice__text"
        message.textContent = text
        dismiss = js.document.createElement("button")
        dismiss.type = "button"
        dismiss.className = "notice__dismiss"
        dismiss.setAttribute("aria-label", "Dismiss")
        dismiss.textContent = "\u00d7"  # the multiplication sign, drawn as a close cross
        notice.append(message)
        if action is not None:
            label, run = action
            button = js.document.createElement("button")
            button.type = "button"
            button.className = "notice__action"
            button.textContent = label
            button.dataset.action = str(len(self._actions))
            self._actions[button.dataset.action] = run
            notice.append(button)
        notice.append(dismiss)
        self._container.append(notice)

    def _on_click(self, event: Any) -> None:
        action = event.target.closest(".notice__action")
        if action:  # JavaScript null arrives as the falsy `jsnull`
            self._actions[str(action.dataset.action)]()
        button = event.target.closest(".notice__dismiss")
        if button:
            button.closest(".notice").remove()
