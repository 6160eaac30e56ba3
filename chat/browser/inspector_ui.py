"""The inspector panel in the page: a thin adapter that draws the time-travel controller's
state (chat/time_travel.py) and forwards clicks, keys and files to it."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

import js
from pyodide.ffi import create_once_callable, create_proxy

from chat.app import ChatApp
from chat.render import DomApi, VNode, mount, patch
from chat.time_travel import TimeTravel
from chat.views.inspector_panel import inspector_panel
from chat.views.memo import Memo

FOLLOW = 30
"""How close to the end of the log, in pixels, still counts as following the newest entry."""


class InspectorPanel:
    """A side panel over the inspector's log. Closed, it builds no DOM at all.

    Clicking an entry travels there; while the past is shown the page must not send actions
    (`TimeTravel.in_past`).
    """

    def __init__(self, travel: TimeTravel, app: ChatApp, api: DomApi, tz: tzinfo) -> None:
        self._travel = travel
        self._api = api
        self._tz = tz
        self._memo = Memo()
        self._node: VNode | None = None
        self._root: Any = None
        self._file: Any = None
        self._proxies: list[Any] = []
        travel.on_change(self._render)
        travel.inspector.on_entry(lambda entry: self._render())
        app.on_render(lambda views: self._render())
        self._button = js.document.querySelector(".header__inspect")

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
        self._travel.back_to_now()
        for target, kind, proxy in self._proxies:
            target.removeEventListener(kind, proxy)
            proxy.destroy()
        self._proxies.clear()
        self._root.remove()
        self._root = self._file = self._node = None
        self._memo = Memo()
        del js.document.documentElement.dataset.inspector
        self._button.setAttribute("aria-pressed", "false")

    def _render(self) -> None:
        if not self.is_open:
            return
        travel = self._travel
        log = self._root.querySelector(".inspector__log")
        following = not log or log.scrollHeight - log.scrollTop - log.clientHeight < FOLLOW
        node = inspector_panel(
            travel.entries, travel.selected, travel.label, travel.error, self._tz, self._memo
        )
        if self._node is None:
            mount(self._api, self._root, node)
        else:
            patch(self._api, self._root, self._node, node)
        self._node = node
        if following and not travel.in_past:
            log = self._root.querySelector(".inspector__log")
            log.scrollTop = log.scrollHeight

    def _on_click(self, event: Any) -> None:
        button = event.target.closest("[data-command]")
        if button:
            command = str(button.dataset.command)
            if command == "now":
                self._travel.back_to_now()
            elif command == "export":
                self._export()
            elif command == "import":
                self._file.click()
            return
        entry = event.target.closest(".inspector__entry")
        if entry:
            self._travel.travel(int(entry.dataset.entry))

    def _on_key(self, event: Any) -> None:
        entry = event.target.closest(".inspector__entry")
        if entry and event.key in ("Enter", " "):
            event.preventDefault()
            self._travel.travel(int(entry.dataset.entry))

    def _export(self) -> None:
        blob = js.Blob.new([self._travel.export()], {"type": "application/json"})
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
        file.text().then(
            create_once_callable(lambda text: self._travel.import_log(name, str(text)))
        )
