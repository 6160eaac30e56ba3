"""The chats' database: IndexedDB through static/js/chatdb.mjs, the database port.

Every call hands JSON text across once and Python parses and checks what comes back; what
the text holds is the core's business. Importing this module touches nothing of the page (the
app's modules are imported into a memory snapshot made in a worker): the JavaScript module is
imported by the first `open_database`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import js
from pyodide.code import run_js
from pyodide.ffi import JsException

MODULE = "./static/js/chatdb.mjs"
"""The JavaScript half, relative to the page."""

_chatdb: Any = None


class DatabaseUnavailable(Exception):
    """The browser will not keep the chats in IndexedDB (missing, refused in private browsing,
    blocked or closed by another tab, full); the message says why, for the person."""


async def open_database(name: str, base: str | None = None) -> IndexedDatabase:
    """Open (creating or upgrading) the IndexedDB database `name`; DatabaseUnavailable if the
    browser refuses it. `base`: the page's address, in a worker (which has no document)."""
    global _chatdb
    try:
        if _chatdb is None:
            # import() by an absolute URL: eval'd code would resolve a relative one against
            # whichever script called it (Pyodide's), not the page.
            url = js.URL.new(MODULE, base or js.document.baseURI).href
            _chatdb = await run_js("(url) => import(url)")(url)
        handle = await _chatdb.openChatDb(name)
    except JsException as error:
        raise DatabaseUnavailable(_reason(error)) from error
    return IndexedDatabase(name, handle)


class IndexedDatabase:
    """One open connection to the chats' database. Reads and writes start at once, in the
    order they are called; results come back later through the callback each one takes.
    `last_error` is the latest failure's reason, for the app to show."""

    def __init__(self, name: str, handle: Any) -> None:
        self.name = name
        self.last_error: str | None = None
        self._handle = handle
        self._pending: set[asyncio.Task[None]] = set()

    async def start(self, limit: int, first: int) -> str:
        """The start of the app as JSON: {"meta", "chats" (the `first` with the newest last
        messages, and the open one), "next", "total", "open": {"chat", "messages", "older"} or
        null}, the open chat's newest `limit` messages oldest first; DatabaseUnavailable if it
        cannot be read."""
        return str(await self._call(self._handle.start(limit, first)))

    def write(self, text: str, done: Callable[[bool], None]) -> None:
        """Write `text` ({"meta"?, "chats"?, "messages"?}) in one transaction, started now;
        call `done(True)` once it is committed or `done(False)` if it failed. Writes commit
        in the order they were made."""
        self._settle(self._handle.write(text), lambda _: done(True), lambda: done(False))

    def messages(
        self,
        user_id: int,
        before: tuple[int, str] | None,
        limit: int,
        receive: Callable[[str | None], None],
    ) -> None:
        """Read up to `limit` messages of the chat with `user_id` before the key (timestamp,
        id) `before` (the newest when None); call `receive` later with {"messages": [oldest
        first], "older": bool} as JSON, or with None if the read failed."""
        timestamp, message_id = before if before is not None else (None, None)
        read = self._handle.messages(user_id, timestamp, message_id, limit)
        self._settle(read, lambda text: receive(str(text)), lambda: receive(None))

    def chats(self, offset: int, limit: int, receive: Callable[[str | None], None]) -> None:
        """Read up to `limit` chat summaries after the first `offset` in `start`'s order; call
        `receive` later with {"chats": [...], "more": bool} as JSON, or with None."""
        read = self._handle.chats(offset, limit)
        self._settle(read, lambda text: receive(str(text)), lambda: receive(None))

    async def clear(self) -> None:
        """Empty every store; DatabaseUnavailable if it cannot be done."""
        await self._call(self._handle.clear())

    def close(self) -> None:
        """Let go of the connection; later calls fail, saying it was closed."""
        self._handle.close()

    async def _call(self, promise: Awaitable[Any]) -> Any:
        try:
            return await promise
        except JsException as error:
            self.last_error = _reason(error)
            raise DatabaseUnavailable(self.last_error) from error

    def _settle(
        self, promise: Awaitable[Any], ok: Callable[[Any], None], failed: Callable[[], None]
    ) -> None:
        # A task, not callbacks handed to JavaScript: no proxy to destroy, and the tasks wake
        # in the order the promises settle (commit order, for writes).
        task = asyncio.ensure_future(self._outcome(promise, ok, failed))
        self._pending.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._pending.discard(task)
        task.result()  # a callback's exception is raised here, for the loop to report

    async def _outcome(
        self, promise: Awaitable[Any], ok: Callable[[Any], None], failed: Callable[[], None]
    ) -> None:
        try:
            value = await promise
        except JsException as error:
            self.last_error = _reason(error)
            failed()
            return
        ok(value)


def _reason(error: JsException) -> str:
    """The JavaScript error's message: chatdb.mjs writes it for a person, naming the cause."""
    message = getattr(error, "message", None)
    return str(message) if message else str(error)
