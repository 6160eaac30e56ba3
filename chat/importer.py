"""Moving chats into the database: the data file on a first visit, or an earlier build's save.

The app starts on the chats at once; the `Importer` writes them in the background, a few
thousand messages a transaction, the next step only once the last one is kept, and says how far
it is. Meanwhile it stands in front of the database: a chat the views want to read before its
turn is written first, so a read never misses what is being imported. Every record is put by
its key, so an import that a reload cut short runs again without doubling anything, and the
database's record says `complete` only after the last step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from chat.data import DataError
from chat.data_stream import DataStream, Piece
from chat.model import Chat, ChatData, Message, message_key
from chat.ports import Database, Schedule
from chat.stored import FIRST_CHATS, PAGE, meta_json, write_text

STEP = 2_000
"""Messages written in one transaction (encoding them takes a few milliseconds)."""

STREAM_STEP = 500
"""Messages of a data file read, and written in one transaction, a step. Reading them and
making their write take about 20 ms each in Pyodide (measured on `huge`), done in two tasks,
so the page is never held for long."""


class ChatsReceiver(Protocol):
    """Where chats written after the app started go: the app's `ServerActions`, or, when the
    import runs in a worker, the message to the page (chat/import_worker.py)."""

    def receive_chats(self, chats: tuple[Chat, ...]) -> None: ...


class WriteRefused(Exception):
    """The database refused a write of the import (full, or turned off meanwhile)."""


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """`done` of `total` messages are in the database; `finished` once the import is
    complete, `failed` if the database refused it."""

    done: int
    total: int
    finished: bool = False
    failed: bool = False
    stage: str = "saving"
    """"checking" (`done` of `total` characters of the file), "reading" or "saving" (messages)."""


class Importer:
    """Writes `data` into `database`, with `open_chat_user_id` open, noting `source` (where the
    data came from) in the database's record. Implements the database port itself."""

    def __init__(
        self,
        database: Database,
        data: ChatData,
        open_chat_user_id: int,
        source: str,
        progress: Callable[[ImportProgress], None],
        step: int = STEP,
    ) -> None:
        self._database = database
        self._data = data
        self._open = open_chat_user_id
        self._source = source
        self._progress = progress
        self._step = step
        # The open chat first: it is the one being read.
        order = [open_chat_user_id, *(uid for uid in data.chats if uid != open_chat_user_id)]
        self._waiting: dict[int, Chat] = {uid: data.chats[uid] for uid in order}
        self._current: Iterator[str] | None = None
        self._total = sum(len(chat.messages) for chat in data.chats.values())
        self._done = 0
        self._finished = False
        self._failed = False
        self._finished_listener: Callable[[], None] = lambda: None

    @property
    def finished(self) -> bool:
        return self._finished

    def start(self, finished: Callable[[], None] = lambda: None) -> None:
        """Begin; each step starts when the previous one is kept, and `finished` is called
        once the database holds everything."""
        self._finished_listener = finished
        self._progress(ImportProgress(0, self._total))
        self._next()

    def write(self, text: str, done: Callable[[bool], None]) -> None:
        self._database.write(text, done)

    def messages(
        self,
        user_id: int,
        before: tuple[int, str] | None,
        limit: int,
        receive: Callable[[str | None], None],
    ) -> None:
        chat = self._waiting.pop(user_id, None)
        if chat is not None:  # not imported yet: write it whole first (writes come first)
            for text in self._chat_steps(chat):
                self._database.write(text, self._kept)
        self._database.messages(user_id, before, limit, receive)

    def chats(self, offset: int, limit: int, receive: Callable[[str | None], None]) -> None:
        self._database.chats(offset, limit, receive)

    def _meta(self, complete: bool) -> dict[str, object]:
        return meta_json(self._data.current_user, self._open, self._source, complete)

    def _chat_steps(self, chat: Chat) -> Iterator[str]:
        """`chat` as writes of at most `step` messages, each with the chat's summary."""
        user_id = chat.user.id
        messages = chat.messages
        for start in range(0, len(messages), self._step):
            part = messages[start : start + self._step]
            self._done += len(part)
            yield write_text(self._meta(False), [chat], ((user_id, m) for m in part))

    def _next(self) -> None:
        if self._failed:
            return
        text = None
        while text is None:
            if self._current is not None:
                text = next(self._current, None)
                if text is not None:
                    break
            if not self._waiting:
                self._database.write(write_text(self._meta(True)), self._last_kept)
                return
            self._current = self._batch()
        self._database.write(text, self._step_kept)

    def _batch(self) -> Iterator[str]:
        """The next write: small chats together up to `step` messages, a long one in parts."""
        chats: list[Chat] = []
        count = 0
        while self._waiting and count < self._step:
            user_id = next(iter(self._waiting))
            chat = self._waiting[user_id]
            if chats and count + len(chat.messages) > self._step:
                break
            del self._waiting[user_id]
            if len(chat.messages) > self._step:
                return self._chat_steps(chat)
            chats.append(chat)
            count += len(chat.messages)
        self._done += count
        messages = ((chat.user.id, m) for chat in chats for m in chat.messages)
        return iter([write_text(self._meta(False), chats, messages)])

    def _kept(self, kept: bool) -> None:
        if not kept:
            self._fail()

    def _step_kept(self, kept: bool) -> None:
        if not kept:
            self._fail()
            return
        self._progress(ImportProgress(min(self._done, self._total), self._total))
        self._next()

    def _last_kept(self, kept: bool) -> None:
        if not kept:
            self._fail()
            return
        self._finished = True
        self._progress(ImportProgress(self._total, self._total, finished=True))
        self._finished_listener()

    def _fail(self) -> None:
        if not self._failed:
            self._failed = True
            self._progress(ImportProgress(self._done, self._total, failed=True))


class StreamImport:
    """A data file read a step at a time (chat/data_stream.py) and written into the database
    as it is read: the first visit with a large file never blocks the page for long.

    The file's first chat is the one that opens. Once it is whole and FIRST_CHATS chats are
    written (or the whole file, if it has fewer), `opened` gets the person and those chats (the
    open one with its newest messages, the others as summaries; the database has the rest) and
    the app can start; every later chat arrives, once written, as its summary in a
    `ReceiveChats` server action (after `attach`). Each step waits for the previous write: a
    slow database slows the reading, and what is in memory stays small. A refusal of the file
    stops the import (`failed`); what was written stays, marked incomplete, and the next visit
    reads the file again."""

    def __init__(
        self,
        database: Database,
        stream: DataStream,
        source: str,
        progress: Callable[[ImportProgress], None],
        schedule: Schedule,
        budget: int = STREAM_STEP,
        first_chats: int = FIRST_CHATS,
    ) -> None:
        self._database = database
        self._stream = stream
        self._first_chats = first_chats
        self._source = source
        self._progress = progress
        self._schedule = schedule
        self._budget = budget
        # The chats read before the app starts, each with its newest PAGE messages and
        # whether it has more: never a whole chat (the open one may have 100,000).
        self._newest: dict[int, Chat] = {}
        self._open_id: int | None = None
        self._last: dict[int, Message] = {}
        self._ready: list[Chat] = []
        self._server: ChatsReceiver | None = None
        self._opened: Callable[[ChatData, int], None] = lambda data, user_id: None
        self._failed: Callable[[Exception], None] = lambda error: None
        self._finished: Callable[[], None] = lambda: None
        self._started = False
        self.finished = False

    def start(
        self, opened: Callable[[ChatData, int], None], failed: Callable[[Exception], None]
    ) -> None:
        """Read and write step by step; `opened` once the first chat is in; `failed` with a
        DataError if the file is refused, WriteRefused if the database is."""
        self._opened, self._failed = opened, failed
        self._schedule(0, self._step)

    def on_finished(self, finished: Callable[[], None]) -> None:
        """Call `finished` once the database holds the whole file (at once if it does)."""
        self._finished = finished
        if self.finished:
            finished()

    def attach(self, server: ChatsReceiver) -> None:
        """Dispatch the chats read from now on (and those read meanwhile) through `server`."""
        self._server = server
        self._hand_over()

    def _step(self) -> None:
        try:
            pieces = self._stream.step(self._budget)
        except DataError as error:
            self._progress(ImportProgress(0, 0, failed=True))
            self._failed(error)
            return
        progress = self._stream.progress
        if pieces is None:
            user = self._stream.current_user
            assert user is not None and self._open_id is not None
            self._open(everything_read=True)
            meta = meta_json(user, self._open_id, self._source, complete=True)
            self._database.write(write_text(meta), self._last_kept)
            return
        self._progress(ImportProgress(progress.done, progress.total, stage=progress.stage))
        if not pieces:  # still checking the file
            self._schedule(0, self._step)
            return
        self._schedule(0, lambda: self._database.write(self._write(pieces), self._kept))

    def _write(self, pieces: list[Piece]) -> str:
        """One write for the pieces of a step; the chats they complete wait in `_ready`."""
        user = self._stream.current_user
        assert user is not None
        chats: list[Chat] = []
        messages: list[tuple[int, Message]] = []
        for piece in pieces:
            user_id = piece.user.id
            if self._open_id is None:
                self._open_id = user_id
            newest = max(piece.messages, key=message_key)
            known = self._last.get(user_id)
            if known is None or message_key(known) < message_key(newest):
                self._last[user_id] = known = newest
            chat = Chat(piece.user, piece.last_access, (known,), older=True)
            chats.append(chat)
            messages.extend((user_id, message) for message in piece.messages)
            if not self._started:
                before = self._newest.get(user_id)
                held = before.messages if before is not None else ()
                ordered = sorted((*held, *piece.messages), key=message_key)
                more = len(ordered) > PAGE or (before is not None and before.older)
                self._newest[user_id] = Chat(
                    piece.user, piece.last_access, tuple(ordered[-PAGE:]), more
                )
            if piece.final:
                self._ready.append(chat)
        assert self._open_id is not None
        meta = meta_json(user, self._open_id, self._source, complete=False)
        return write_text(meta, chats, messages)

    def _kept(self, kept: bool) -> None:
        if not kept:
            self._progress(ImportProgress(0, 0, failed=True))
            self._failed(WriteRefused())
            return
        self._open(everything_read=False)
        self._hand_over()
        self._schedule(0, self._step)

    def _open(self, everything_read: bool) -> None:
        """Start the app once the open chat and a screen's worth of chats are written: each
        with its newest messages (the database has the rest)."""
        if self._started or not self._ready or self._ready[0].user.id != self._open_id:
            return  # the open chat is not whole yet
        if len(self._ready) < self._first_chats and not everything_read:
            return
        user = self._stream.current_user
        assert user is not None and self._open_id is not None
        chats = {done.user.id: self._newest[done.user.id] for done in self._ready}
        self._newest.clear()
        self._ready = []
        self._started = True
        self._opened(ChatData(user, chats), self._open_id)

    def _hand_over(self) -> None:
        if self._server is not None and self._started and self._ready:
            chats, self._ready = tuple(self._ready), []
            self._server.receive_chats(chats)

    def _last_kept(self, kept: bool) -> None:
        if not kept:
            self._progress(ImportProgress(0, 0, failed=True))
            self._failed(WriteRefused())
            return
        self.finished = True
        self._last.clear()
        self._progress(ImportProgress(1, 1, finished=True))
        self._finished()
