"""The inspector panel in the page: open it, watch dispatches, travel in time, export, import."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

import js
from pyodide.ffi import create_once_callable, create_proxy

from chat.app import ChatApp
from chat.inspector import Entry, Inspector, LogError, export_log, import_log, replay
from chat.persistence import SavedState, Snapshot
from chat.render import DomApi, VNode, mount, patch
from chat.views.inspector_panel import inspector_panel
from chat.views.memo import Memo

FOLLOW = 30
"""How close to the end of the log, in pixels, still counts as following the newest entry."""


class InspectorPanel:
    """A side panel over the inspector's log. Closed, it builds no DOM at all.

    Clicking an entry shows the app right after it (the app renders replayed stores); while
    the past is shown, `in_past` is True and the page must not send actions.
    """

    def __init__(self, inspector: Inspector, app: ChatApp, api: DomApi, tz: tzinfo) -> None:
        self._inspector = inspector
        self._app = app
        self._api = api
        self._tz = tz
        self._memo = Memo()
        self._node: VNode | None = None
        self._root: Any = None
        self._file: Any = None
        self._selected: int | None = None
        self._error = ""
        # An imported log, shown instead of this tab's own until "Back to now".
        self._imported: tuple[SavedState, list[Entry]] | None = None
        self._proxies: list[Any] = []
        inspector.on_entry(lambda entry: self._render())
        app.on_render(lambda views: self._render())
        self._button = js.document.querySelector(".header__inspect")

    @property
    def in_past(self) -> bool:
        return self._selected is not None

    @property
    def is_open(self) -> bool:
        return self._root is not None

    def toggle(self) -> None:
        if self.is_open:
            self.close()
        else:
            self.open()

    def open(self) -> None:
        if self.is_open:
            return
        document = js.document
        self._root = document.createElement("div")
        self._root.className = "inspector-root"
        self._file = document.createElement("input")
        self._file.type = "file"
        self._file.accept = "application/json,.json"
        self._file.className = "inspector__file"
        self._file.hidden = True
        self._root.append(self._file)
        document.body.append(self._root)
        for kind, handler, target in (
            ("click", self._on_click, self._root),
            ("keydown", self._on_key, self._root),
            ("change", self._on_file, self._file),
        ):
            proxy = create_proxy(handler)
            target.addEventListener(kind, proxy)
            self._proxies.append((target, kind, proxy))
        document.documentElement.dataset.inspector = "open"
        self._button.setAttribute("aria-pressed", "true")
        self._render()
        log = self._root.querySelector(".inspector__log")
        log.scrollTop = log.scrollHeight

    def close(self) -> None:
        """Close the panel and return to the live state; the log is kept."""
        if not self.is_open:
            return
        self.back_to_now()
        for target, kind, proxy in self._proxies:
            target.removeEventListener(kind, proxy)
            proxy.destroy()
        self._proxies.clear()
        self._root.remove()
        self._root = self._file = self._node = None
        self._memo = Memo()
        del js.document.documentElement.dataset.inspector
        self._button.setAttribute("aria-pressed", "false")

    def travel(self, number: int) -> None:
        """Show the app as it was right after entry `number`."""
        initial, entries = self._log()
        count = next((i + 1 for i, e in enumerate(entries) if e.number == number), None)
        if count is None:
            return
        replayed = replay(initial, [entry.payload for entry in entries], count)
        self._selected = number
        self._app.show_state(replayed.messages, replayed.users, replayed.unread)
        self._render()

    def back_to_now(self) -> None:
        self._selected = None
        self._imported = None
        self._error = ""
        if not self._app.showing_live:
            self._app.show_live()
        self._render()

    def _log(self) -> tuple[SavedState, list[Entry]]:
        if self._imported is not None:
            return self._imported
        return self._inspector.initial, self._inspector.entries

    def _label(self, entries: list[Entry]) -> str:
        where = "an imported log" if self._imported is not None else "this tab"
        if self._selected is None:
            return f"Live: {len(entries)} dispatches in {where}"
        return f"Showing the app after #{self._selected} of {len(entries)} ({where})"

    def _render(self) -> None:
        if not self.is_open:
            return
        _, entries = self._log()
        log = self._root.querySelector(".inspector__log")
        following = not log or log.scrollHeight - log.scrollTop - log.clientHeight < FOLLOW
        node = inspector_panel(
            entries, self._selected, self._label(entries), self._error, self._tz, self._memo
        )
        if self._node is None:
            mount(self._api, self._root, node)
        else:
            patch(self._api, self._root, self._node, node)
        self._node = node
        if following and self._selected is None:
            log = self._root.querySelector(".inspector__log")
            log.scrollTop = log.scrollHeight

    def _on_click(self, event: Any) -> None:
        button = event.target.closest("[data-command]")
        if button:
            command = str(button.dataset.command)
            if command == "now":
                self.back_to_now()
            elif command == "export":
                self._export()
            elif command == "import":
                self._file.click()
            return
        entry = event.target.closest(".inspector__entry")
        if entry:
            self.travel(int(entry.dataset.entry))

    def _on_key(self, event: Any) -> None:
        entry = event.target.closest(".inspector__entry")
        if entry and event.key in ("Enter", " "):
            event.preventDefault()
            self.travel(int(entry.dataset.entry))

    def _export(self) -> None:
        if self._imported is not None:
            initial, entries = self._imported
            text = export_log(Snapshot().state_text(initial), [entry.payload for entry in entries])
        else:
            text = self._inspector.export()
        blob = js.Blob.new([text], {"type": "application/json"})
        url = js.URL.createObjectURL(blob)
        link = js.document.createElement("a")
        link.href = url
        link.download = "flux-chat-log.json"
        link.click()
        js.URL.revokeObjectURL(url)

    def _on_file(self, event: Any) -> None:
        files = self._file.files
        if not files or not files.length:
            return
        file = files.item(0)
        name = str(file.name)
        self._file.value = ""
        file.text().then(create_once_callable(lambda text: self._import(name, str(text))))

    def _import(self, name: str, text: str) -> None:
        try:
            initial, payloads = import_log(text)
        except LogError as error:
            self._error = f"{name} was not imported: {error}"
            self._render()
            return
        entries = [
            Entry(number, payload, getattr(payload.action, "timestamp", 0))
            for number, payload in enumerate(payloads, start=1)
        ]
        self._imported = (initial, entries)
        self._error = ""
        if entries:
            self.travel(entries[-1].number)
        else:
            replayed = replay(initial, [])
            self._selected = 0
            self._app.show_state(replayed.messages, replayed.users, replayed.unread)
            self._render()
