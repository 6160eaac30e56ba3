"""Saving as it happens: each change goes to the database as one small transaction.

A sent or received message is one message record and its chat's summary; a chat opened or seen
is its summary (and, opened, the app's record of which chat is open). Nothing writes the whole
history again, so saving costs the same on the first day and after years.

One write is in flight at a time. Changes made meanwhile wait as one batch, which is written
when it ends: a person switching chats faster than the database confirms (or a thousand
switches in a benchmark) leaves at most two writes behind, never a queue that grows with the
clicks, and a page that goes away hands at most those two over to the next start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, assert_never

from chat.actions import (
    OpenChat,
    Payload,
    ReceiveChats,
    ReceiveMessage,
    ReceiveMessages,
    SendMessage,
    UpdateLastAccess,
)
from chat.dispatcher import AppDispatcher
from chat.model import Chat, Message
from chat.ports import Database
from chat.stored import write_text
from chat.stores import MessagesStore, UserStore


@dataclass(slots=True)
class Change:
    """What one or more dispatches changed: meta fields (the later wins), chat summaries (the
    store's latest of each chat wins; the database merges it with its own) and messages."""

    meta: dict[str, Any] = field(default_factory=dict)
    chats: dict[int, Chat] = field(default_factory=dict)
    messages: list[tuple[int, Message]] = field(default_factory=list)

    def add(self, other: Change) -> None:
        self.meta.update(other.meta)
        for user_id, chat in other.chats.items():
            self.chats.pop(user_id, None)  # keeps the order of the latest changes
            self.chats[user_id] = chat
        self.messages.extend(other.messages)

    def text(self) -> str:
        return write_text(self.meta or None, self.chats.values(), self.messages)


class Journal:
    """Writes what each dispatch changed. `refused` is told once when the database refuses a
    write; `on_saved` listeners after each write that was kept. What another tab did is not
    written again (it wrote it), nor what was loaded from the database."""

    def __init__(
        self,
        dispatcher: AppDispatcher,
        messages: MessagesStore,
        users: UserStore,
        database: Database,
        refused: Callable[[], None],
    ) -> None:
        self._messages = messages
        self._users = users
        self._database = database
        self._refused = refused
        self._told = False
        self._stopped = False
        self._writing: str | None = None
        """The write the database has not confirmed yet."""
        self._waiting: Change | None = None
        """What changed since it was made, written when it is confirmed."""
        self._saved: list[Callable[[], None]] = []
        dispatcher.add_observer(self._after_dispatch)

    def on_saved(self, listener: Callable[[], None]) -> None:
        """Call `listener` after each write that was kept."""
        self._saved.append(listener)

    def stop(self) -> None:
        """Write nothing more, and hand nothing over (the demo is being reset)."""
        self._stopped = True
        self._writing = None
        self._waiting = None

    @property
    def stopped(self) -> bool:
        return self._stopped

    @property
    def pending(self) -> bool:
        """Whether a write has not been kept yet."""
        return self._writing is not None or self._waiting is not None

    def unconfirmed(self) -> list[str]:
        """The writes not yet kept, in order (at most two): a page that goes away keeps them
        elsewhere, and the next start writes them again (writing one twice changes nothing)."""
        waiting = [] if self._waiting is None else [self._waiting.text()]
        return ([] if self._writing is None else [self._writing]) + waiting

    def _after_dispatch(self, payload: Payload) -> None:
        if self._stopped:
            return
        change = self._change(payload)
        if change is None:
            return
        if self._waiting is None:
            self._waiting = change
        else:
            self._waiting.add(change)
        if self._writing is None:
            self._write()

    def _write(self) -> None:
        if self._waiting is None:
            return
        text = self._waiting.text()
        self._waiting = None
        self._writing = text
        self._database.write(text, self._done)

    def _change(self, payload: Payload) -> Change | None:
        """The write that keeps what `payload` did; None when there is nothing to keep."""
        action = payload.action
        current_user_id = self._users.get_current_user().id
        match action:
            case SendMessage(user_id, text, timestamp, ident):
                message = Message(ident, text, current_user_id, timestamp)
                return self._chat_with(user_id, message)
            case ReceiveMessage(user_id, message, remote):
                return None if remote else self._chat_with(user_id, message)
            case UpdateLastAccess(user_id, remote=remote):
                return None if remote else self._chat_with(user_id, None)
            case OpenChat(user_id):
                meta = {"openChat": self._messages.get_open_chat_user_id()}
                chat = self._messages.get_chat_by_user_id(user_id)
                return Change(meta, {user_id: chat})
            case ReceiveMessages() | ReceiveChats():
                return None  # read from the database
            case _:
                assert_never(action)

    def _chat_with(self, user_id: int, message: Message | None) -> Change:
        chat = self._messages.get_chat_by_user_id(user_id)
        return Change({}, {user_id: chat}, [] if message is None else [(user_id, message)])

    def _done(self, kept: bool) -> None:
        self._writing = None
        if kept:
            for listener in tuple(self._saved):
                listener()
        elif not self._told:
            self._told = True
            self._refused()
        self._write()
