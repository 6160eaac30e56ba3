"""The page's half of an import run in a worker (chat/import_worker.py has the other half and
the messages): the progress bar, the start once the first chats are in, the chats written after
it as `ReceiveChats`, and what to tell the person when something goes wrong.

To the app it looks like `StreamImport`: `finished`, `attach` and `on_finished`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_proxy, to_js

from chat.compose import SAVE_REFUSED
from chat.data import DataError
from chat.importer import ChatsReceiver, ImportProgress, WriteRefused
from chat.model import Chat
from chat.stored import chats_page

WORKER = "./static/js/import-worker.mjs"
"""The worker's script, relative to the page."""

IN_WORKER_BYTES = 1 << 20
"""A data file this long or longer is imported in a worker: the page would hold it twice over
(as text, and as the text being made) for the rest of its life, as WebAssembly memory does not
shrink. A shorter one is imported in the page, which spares starting a second Python."""


class WorkerImport:
    """The import running in `worker`; the person's chats start from the database once it
    has said "opened"."""

    def __init__(
        self,
        worker: Any,
        source: str,
        progress: Callable[[ImportProgress], None],
        notify: Callable[[str], None],
    ) -> None:
        self._worker = worker
        self._source = source
        self._progress = progress
        self._notify = notify
        self._opened: asyncio.Future[bool] = asyncio.get_event_loop().create_future()
        self._error: Exception | None = None
        self._current_user_id: int | None = None
        self._texts: list[str] = []  # chats written before the app started
        self._waiting: list[Chat] = []
        self._server: ChatsReceiver | None = None
        self._finished: Callable[[], None] = lambda: None
        self.finished = False
        self._listener = create_proxy(lambda event: self._message(str(event.data)))
        self._broken = create_proxy(lambda event: self._stop("broken", "the worker failed"))
        worker.addEventListener("message", self._listener)
        worker.addEventListener("error", self._broken)

    async def opened(self) -> bool:
        """Whether the worker imported the first chats (True) or could not start (False, the
        page imports the file itself); DataError when the file is refused, WriteRefused when
        the database is."""
        opened = await self._opened
        if self._error is not None:
            raise self._error
        return opened

    def started(self, current_user_id: int) -> None:
        """The app started with the person `current_user_id`: chats can be read."""
        self._current_user_id = current_user_id
        texts, self._texts = self._texts, []
        for text in texts:
            self._chats(text)

    def attach(self, server: ChatsReceiver) -> None:
        """Dispatch the chats written from now on (and those written meanwhile)."""
        self._server = server
        self._hand_over()

    def on_finished(self, finished: Callable[[], None]) -> None:
        self._finished = finished
        if self.finished:
            finished()

    def stop(self) -> None:
        """End the import where it is (the demo is being reset), saying nothing."""
        self._end(ImportProgress(0, 0, failed=True))

    def _message(self, text: str) -> None:
        try:
            message = json.loads(text)
            kind = message["kind"]
        except (ValueError, KeyError, TypeError):
            return
        if kind == "progress":
            self._progress(
                ImportProgress(int(message["done"]), int(message["total"]), stage=message["stage"])
            )
        elif kind == "opened":
            if not self._opened.done():
                self._opened.set_result(True)
        elif kind == "chats":
            self._chats(str(message["text"]))
        elif kind == "finished":
            self.finished = True
            self._end(ImportProgress(1, 1, finished=True))
            self._finished()
        else:
            self._stop(kind, str(message.get("message", "")))

    def _chats(self, text: str) -> None:
        if self._current_user_id is None:
            self._texts.append(text)
            return
        try:
            chats, _, _ = chats_page(text, self._current_user_id)
        except DataError:
            return
        self._waiting.extend(chats)
        self._hand_over()

    def _hand_over(self) -> None:
        if self._server is not None and self._waiting:
            chats, self._waiting = tuple(self._waiting), []
            self._server.receive_chats(chats)

    def _stop(self, kind: str, reason: str) -> None:
        self._end(ImportProgress(0, 0, failed=True))
        if not self._opened.done():
            if kind == "refused":
                self._error = DataError(reason)
            elif kind == "unavailable":
                self._error = WriteRefused(reason)
            self._opened.set_result(False)
        elif kind == "refused":
            self._notify(
                f"The rest of {self._source} could not be read: {reason}. The chats read so far "
                "are shown; the file is read again on the next visit."
            )
        elif kind == "unavailable":
            self._notify(SAVE_REFUSED)
        else:
            self._notify(
                f"Reading {self._source} stopped ({reason}). The chats read so far are shown; "
                "the file is read again on the next visit."
            )

    def _end(self, progress: ImportProgress) -> None:
        self._progress(progress)
        self._worker.removeEventListener("message", self._listener)
        self._worker.removeEventListener("error", self._broken)
        self._worker.terminate()


def start_worker(url: str, source: str, database: str) -> Any | None:
    """A worker importing the data file at `url` into the database `database`; None when this
    browser cannot start one. A page opened from disk never does: the only module worker it can
    start is a `data:` one, whose origin is not the page's and cannot open its database."""
    if js.location.protocol == "file:":
        return None
    base = str(js.document.baseURI)
    try:
        worker = js.Worker.new(
            js.URL.new(WORKER, base).href,
            to_js({"type": "module"}, dict_converter=js.Object.fromEntries),
        )
    except Exception:  # no Worker, or the page's policy refuses it
        return None
    message = {"url": url, "source": source, "database": database, "base": base}
    worker.postMessage(to_js(message, dict_converter=js.Object.fromEntries))
    return worker
