"""The chat model: the tutorial's shapes as frozen dataclasses, and the queries views and stores
ask of them. Plain data only: reading and writing it as JSON is chat/data.py's job."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    profile_picture: str
    status: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    """One message; `id` is unique within its chat and keys the message's DOM node."""

    id: str
    contents: str
    sender: int
    timestamp: int


@dataclass(frozen=True, slots=True)
class LastAccess:
    """When each side last looked at the chat, in epoch milliseconds."""

    recipient: int
    current_user: int


@dataclass(frozen=True, slots=True)
class Chat:
    """A conversation with one user; never empty, messages in (timestamp, id) order.

    `messages` are the ones loaded into memory: always the newest, and always at least the last
    one (a chat summary is just that). `older` says the database holds earlier messages than
    `messages[0]` that are not loaded; they arrive as a `ReceiveMessages` server action.
    """

    user: User
    last_access: LastAccess
    messages: tuple[Message, ...]
    older: bool = False

    @property
    def last_message(self) -> Message:
        return self.messages[-1]


@dataclass(frozen=True, slots=True)
class ChatData:
    """Everything the app starts from: who is using it, and their chats by the other user's id."""

    current_user: User
    chats: Mapping[int, Chat]


def message_key(message: Message) -> tuple[int, str]:
    """Where a message sits in its chat: by time, then by id (every tab and the database order a
    chat so)."""
    return (message.timestamp, message.id)


def summary(chat: Chat) -> Chat:
    """`chat` with only its newest message loaded: what the stores keep of a chat not in use."""
    if len(chat.messages) == 1:
        return chat
    return Chat(chat.user, chat.last_access, chat.messages[-1:], older=True)


def is_unread(chat: Chat) -> bool:
    """The current user has not looked at the chat since its last message."""
    return chat.last_access.current_user < chat.last_message.timestamp


def is_new(chat: Chat, current_user_id: int) -> bool:
    """Unread, and the last message came from the other person."""
    return is_unread(chat) and chat.last_message.sender != current_user_id


def in_chat(sender: int, chat_user_id: int, current_user_id: int) -> bool:
    """A message in the chat with `chat_user_id` comes from one of its two people."""
    return sender in (chat_user_id, current_user_id)


def message_id(sender: int, timestamp: int, index: int) -> str:
    """The id of the `index`-th message of a chat, stable across reloads of the same data."""
    return f"{index}-{sender}-{timestamp}"
