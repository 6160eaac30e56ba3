"""The inspector panel in the page: a thin adapter that draws the time-travel controller's
state (chat/time_travel.py) and forwards clicks, keys and files to it.

Only the entries in view are in the DOM (chat/views/inspector_panel.py `log_window`), drawn
again when the log scrolls past them. An imported file is read a step at a time
(`TimeTravel.import_step`), with a timer between steps so that the page stays responsive.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

import js
from pyodide.ffi import create_once_callable, create_proxy

from chat.app import ChatApp
from chat.browser.timers import schedule
from chat.render import DomApi, VNode, mount, patch
from chat.time_travel import TimeTravel
from chat.views.inspector_panel import ENTRY_HEIGHT, inspector_panel, log_window
from chat.views.memo import Memo
from chat.views.window import ListWindow

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
        self._window = ListWindow(0, 0)
        self._to_end = False
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
            ("scroll", self._on_scroll, self._root),
        ):
            proxy = create_proxy(handler)
            # Capture: scroll events do not bubble up from the log to the root.
            target.addEventListener(kind, proxy, kind == "scroll")
            self._proxies.append((target, kind, proxy))
        document.documentElement.dataset.inspector = "open"
        self._button.setAttribute("aria-pressed", "true")
        self._to_end = True
        self._render()

    def close(self) -> None:
        """Close the panel and return to the live state; the log is kept."""
        if not self.is_open:
            return
        self._travel.back_to_now()
        for target, kind, proxy in self._proxies:
            target.removeEventListener(kind, proxy, kind == "scroll")
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
        entries = travel.entries
        log = self._root.querySelector(".inspector__log")
        if log:
            top, height = float(log.scrollTop), float(log.clientHeight)
            following = float(log.scrollHeight) - top - height < FOLLOW
        else:  # not drawn yet: the window's height is more than enough
            top, height, following = 0.0, float(js.window.innerHeight), True
        to_end = self._to_end or (following and not travel.in_past)
        if to_end:
            top = max(0.0, len(entries) * ENTRY_HEIGHT - height)
        self._window = log_window(top, height, len(entries))
        node = inspector_panel(
            entries,
            travel.selected,
            travel.label,
            travel.error,
            self._tz,
            self._memo,
            self._window,
            travel.folded,
            travel.importing,
        )
        if self._node is None:
            mount(self._api, self._root, node)
        else:
            patch(self._api, self._root, self._node, node)
        self._node = node
        log = self._root.querySelector(".inspector__log")
        if to_end:
            self._to_end = False
            log.scrollTop = log.scrollHeight

    def _on_scroll(self, event: Any) -> None:
        log = event.target
        if not getattr(log, "classList", None) or not log.classList.contains("inspector__log"):
            return
        count = len(self._travel.entries)
        # Drawn again only once entries in sight are missing: the overscan absorbs most
        # scroll events.
        if not self._window.covers(
            log_window(float(log.scrollTop), float(log.clientHeight), count, overscan=0)
        ):
            self._render()

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
        if not entry:
            return
        if event.key in ("Enter", " "):
            event.preventDefault()
            self._travel.travel(int(entry.dataset.entry))
        elif event.key in ("ArrowUp", "ArrowDown"):
            event.preventDefault()
            self._focus(int(entry.dataset.entry) + (1 if event.key == "ArrowDown" else -1))

    def _focus(self, number: int) -> None:
        """Move the focus to entry `number`, scrolling it into view (and into the DOM)."""
        entries = self._travel.entries
        index = number - self._travel.folded - 1
        if not 0 <= index < len(entries):
            return
        log = self._root.querySelector(".inspector__log")
        top, height = index * ENTRY_HEIGHT, float(log.clientHeight)
        if top < log.scrollTop:
            log.scrollTop = top
        elif top + ENTRY_HEIGHT > log.scrollTop + height:
            log.scrollTop = top + ENTRY_HEIGHT - height
        self._render()
        item = self._root.querySelector(f'.inspector__entry[data-entry="{number}"]')
        if item:
            item.focus()

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
        # Bytes, not text: turning an 8 MB JavaScript string into a Python one blocked the
        # page for half a second; the bytes are copied at once and decoded in C.
        file.arrayBuffer().then(
            create_once_callable(lambda buffer: self._import(name, buffer.to_bytes()))
        )

    def _import(self, name: str, text: bytes) -> None:
        self._travel.begin_import(name, text)
        schedule(0, self._import_step)

    def _import_step(self) -> None:
        travel = self._travel
        if not travel.import_step():
            schedule(0, self._import_step)
        elif not travel.error and self.is_open:
            self._to_end = True  # the imported log is shown at its last entry
            self._render()
