"""The saved state's format: the data file's shape (message ids included) in a versioned
envelope, `{"version": 1, "openChat": 2, "user": {...}, "chats": {...}}`.

Inspector logs start from one. Earlier builds saved the whole history in it to localStorage;
this one reads such a save once, to move it into the database (chat/stored.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from chat.data import (
    MAX_SAVED_CHARS,
    DataError,
    chat_data_from_json,
    chat_to_json,
    message_to_json,
    parse_json,
    read_int,
    user_to_json,
)
from chat.model import Chat, ChatData, Message
from chat.stores import MessagesStore, UserStore

VERSION = 1


class SavedStateError(ValueError):
    """Saved text that cannot be used; the message says why."""


class NewerVersionError(SavedStateError):
    """Saved by a newer build of the app: this one must neither read nor overwrite it."""

    def __init__(self, version: int) -> None:
        super().__init__(f"it was saved by a newer version of the app (version {version})")
        self.version = version


@dataclass(frozen=True, slots=True)
class SavedState:
    data: ChatData
    open_chat_user_id: int


def restore(text: str) -> SavedState:
    """Read saved text back, or raise SavedStateError (not JSON, wrong shape, other version)."""
    try:
        raw = parse_json(text, "the saved state", MAX_SAVED_CHARS)
    except DataError as error:
        raise SavedStateError(str(error)) from None
    if not isinstance(raw, dict):
        raise SavedStateError("it is not a saved chat state")
    version = raw.get("version")
    if type(version) is int and version > VERSION:
        raise NewerVersionError(version)
    if type(version) is not int or version != VERSION:
        raise SavedStateError(f"it has version {version!r}, and this app reads version {VERSION}")
    try:
        data = chat_data_from_json({"user": raw.get("user"), "chats": raw.get("chats")})
        open_chat = read_int(raw, "openChat", "the saved state")
    except DataError as error:
        raise SavedStateError(str(error)) from None
    if open_chat not in data.chats:
        raise SavedStateError(f"its open chat {open_chat!r} is not one of its chats")
    return SavedState(data, open_chat)


def saved_state(messages: MessagesStore, users: UserStore) -> SavedState:
    """The state the stores hold now (immutable: keeping it copies nothing)."""
    return SavedState(
        ChatData(users.get_current_user(), messages.get_all_chats()),
        messages.get_open_chat_user_id(),
    )


class Snapshot:
    """Turns the stores' state into saved text, encoding again only what changed: a chat that
    did not change is not encoded again, and in one that did, only its new messages are."""

    def __init__(self) -> None:
        self._encoded: dict[int, tuple[Chat, str]] = {}
        self._messages: dict[Message, str] = {}

    def text(self, messages: MessagesStore, users: UserStore) -> str:
        return self.state_text(saved_state(messages, users))

    def state_text(self, state: SavedState) -> str:
        chats = state.data.chats
        parts = []
        for user_id, chat in chats.items():
            hit = self._encoded.get(user_id)
            if hit is None or hit[0] is not chat:
                hit = (chat, self._chat(chat))
                self._encoded[user_id] = hit
            parts.append(f'"{user_id}":{hit[1]}')
        if len(self._messages) > 2 * sum(len(chat.messages) for chat in chats.values()):
            self._messages.clear()  # messages that are gone (a reset) are not kept forever
        user = json.dumps(user_to_json(state.data.current_user), ensure_ascii=False)
        return (
            f'{{"version":{VERSION},"openChat":{state.open_chat_user_id},'
            f'"user":{user},"chats":{{{",".join(parts)}}}}}'
        )

    def _chat(self, chat: Chat) -> str:
        encoded = self._messages
        parts = []
        for message in chat.messages:
            text = encoded.get(message)
            if text is None:
                text = encoded[message] = json.dumps(message_to_json(message), ensure_ascii=False)
            parts.append(text)
        head = json.dumps(chat_to_json(replace(chat, messages=())), ensure_ascii=False)
        # `head` ends with `"messages": []}`: put the encoded messages inside the brackets.
        return f"{head[:-2]}{','.join(parts)}]}}"
