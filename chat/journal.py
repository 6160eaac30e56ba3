"""Saving as it happens: each change goes to the database as one small transaction.

A sent or received message is one message record and its chat's summary; a chat opened or seen
is its summary (and, opened, the app's record of which chat is open). Nothing writes the whole
history again, so saving costs the same on the first day and after years.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import assert_never

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
from chat.model import Message
from chat.ports import Database
from chat.stored import write_text
from chat.stores import MessagesStore, UserStore


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
        self._unconfirmed: dict[int, str] = {}
        self._sequence = 0
        self._saved: list[Callable[[], None]] = []
        dispatcher.add_observer(self._after_dispatch)

    def on_saved(self, listener: Callable[[], None]) -> None:
        """Call `listener` after each write that was kept."""
        self._saved.append(listener)

    def stop(self) -> None:
        """Write nothing more, and hand nothing over (the demo is being reset)."""
        self._stopped = True
        self._unconfirmed.clear()

    @property
    def stopped(self) -> bool:
        return self._stopped

    @property
    def pending(self) -> bool:
        """Whether a write has not been kept yet."""
        return bool(self._unconfirmed)

    def unconfirmed(self) -> list[str]:
        """The writes not yet kept, in order: a page that goes away keeps them elsewhere, and
        the next start writes them again (writing one twice changes nothing)."""
        return list(self._unconfirmed.values())

    def _after_dispatch(self, payload: Payload) -> None:
        if self._stopped:
            return
        text = self._change(payload)
        if text is not None:
            self._sequence += 1
            number = self._sequence
            self._unconfirmed[number] = text
            self._database.write(text, lambda kept: self._done(number, kept))

    def _change(self, payload: Payload) -> str | None:
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
                return write_text(meta, [chat])
            case ReceiveMessages() | ReceiveChats():
                return None  # read from the database
            case _:
                assert_never(action)

    def _chat_with(self, user_id: int, message: Message | None) -> str:
        chat = self._messages.get_chat_by_user_id(user_id)
        return write_text(None, [chat], [] if message is None else [(user_id, message)])

    def _done(self, number: int, kept: bool) -> None:
        self._unconfirmed.pop(number, None)
        if kept:
            for listener in tuple(self._saved):
                listener()
        elif not self._told:
            self._told = True
            self._refused()
