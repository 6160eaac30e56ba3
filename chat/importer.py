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

from chat.model import Chat, ChatData
from chat.ports import Database
from chat.stored import meta_json, write_text

STEP = 2_000
"""Messages written in one transaction (encoding them takes a few milliseconds)."""


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """`done` of `total` messages are in the database; `finished` once the import is
    complete, `failed` if the database refused it."""

    done: int
    total: int
    finished: bool = False
    failed: bool = False


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
