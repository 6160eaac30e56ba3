"""A large data file imported in a worker (static/js/import-worker.mjs), not in the page.

The page's own Python then never holds the file: its WebAssembly memory, which only grows, stays
that of the chats it shows, and the page is not held up while 60 MB are checked and written.
The worker runs the very import the page would (`StreamImport` over a `DataStream`, into the
same IndexedDB database) and tells the page how it goes, one JSON message at a time:

    {"kind": "progress", "done", "total", "stage"}   the bar's figures
    {"kind": "opened"}        the open chat and FIRST_CHATS chats are in: the page can start
    {"kind": "chats", "text"}  chats written since, a page of chat records (stored.chats_page)
    {"kind": "finished"}      the database holds the whole file
    {"kind": "refused", "message"}      the file broke a rule (DataError)
    {"kind": "unavailable", "message"}  the database refused to open or to write

The page reads the chats themselves from the database (chat/browser/worker_import.py).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from chat.browser.database import DatabaseUnavailable, open_database
from chat.browser.page import fetch_text
from chat.browser.timers import schedule
from chat.data import DataError
from chat.data_stream import DataStream
from chat.importer import ImportProgress, StreamImport
from chat.model import Chat, ChatData
from chat.stored import chat_record


class _Page:
    """The page, as the worker's import sees it."""

    def __init__(self, post: Callable[[str], Any]) -> None:
        self._post = post

    def send(self, kind: str, **fields: object) -> None:
        self._post(json.dumps({"kind": kind, **fields}))

    def progress(self, progress: ImportProgress) -> None:
        if not (progress.finished or progress.failed):
            self.send("progress", done=progress.done, total=progress.total, stage=progress.stage)

    def receive_chats(self, chats: tuple[Chat, ...]) -> None:
        records = [chat_record(chat) for chat in chats]
        self.send("chats", text=json.dumps({"chats": records, "more": False}))


async def run(url: str, source: str, name: str, base: str, post: Callable[[str], Any]) -> None:
    """Import the data file at `url` (named `source` in the database's record) into the database
    `name` of the page at `base`, telling the page through `post`; returns once it is done."""
    page = _Page(post)
    try:
        text = await fetch_text(url)
    except DataError as error:
        page.send("refused", message=str(error))
        return
    try:
        database = await open_database(name, base)
    except DatabaseUnavailable as error:
        page.send("unavailable", message=str(error))
        return
    stream = StreamImport(database, DataStream(text), source, page.progress, schedule)
    del text  # the stream holds it until it has read it
    done: asyncio.Future[None] = asyncio.get_event_loop().create_future()

    def opened(chats: ChatData, open_id: int) -> None:
        page.send("opened")

    def failed(error: Exception) -> None:
        if isinstance(error, DataError):
            page.send("refused", message=str(error))
        else:  # WriteRefused
            page.send("unavailable", message=database.last_error or "it refused to write")
        if not done.done():
            done.set_result(None)

    def finished() -> None:
        page.send("finished")
        if not done.done():
            done.set_result(None)

    stream.attach(page)
    stream.on_finished(finished)
    stream.start(opened, failed)
    await done
    database.close()
