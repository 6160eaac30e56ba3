"""The chat data file format: reading it (with the rules every boundary shares) and writing it.

The shapes themselves are in chat/model.py."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from chat.model import Chat, ChatData, LastAccess, Message, User, message_id


class DataError(ValueError):
    """Chat data that cannot be used; the message says where and what is wrong."""


LATEST_TIME = 253_402_300_799_999
"""The last millisecond of the year 9999: the latest time dates can show."""


def chat_to_json(chat: Chat) -> dict[str, Any]:
    """`chat` in the data file's shape, message ids included (`parse_chat_data` reads it back)."""
    return {
        "user": user_to_json(chat.user),
        "lastAccess": {
            "recipient": chat.last_access.recipient,
            "currentUser": chat.last_access.current_user,
        },
        "messages": [message_to_json(message) for message in chat.messages],
    }


def message_to_json(message: Message) -> dict[str, Any]:
    return {
        "id": message.id,
        "contents": message.contents,
        "from": message.sender,
        "timestamp": message.timestamp,
    }


def user_to_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "profilePicture": user.profile_picture,
        "status": user.status,
    }


def parse_chat_data(text: str | bytes) -> ChatData:
    """Read chat data from JSON text (or UTF-8 bytes), or raise DataError naming the first
    problem found."""
    return chat_data_from_json(parse_json(text))


def parse_json(text: str | bytes) -> object:
    """JSON text as Python values, or DataError saying where the text stops being JSON."""
    try:
        return json.loads(text)
    except UnicodeDecodeError as error:
        raise DataError(f"not valid UTF-8 text ({error.reason} at byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise DataError(
            f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None


def chat_data_from_json(raw: object) -> ChatData:
    """Chat data from parsed JSON in the data file's shape, or DataError."""
    root = read_object(raw, "the file")
    current_user = _user(root.get("user"), "user")
    chats_raw = read_object(root.get("chats"), "chats")
    if not chats_raw:
        raise DataError('"chats" is empty: there must be at least one chat')
    chats: dict[int, Chat] = {}
    for key, value in chats_raw.items():
        chat = _chat(value, f"chats[{json.dumps(key)}]", key, current_user.id)
        chats[chat.user.id] = chat
    return ChatData(current_user, chats)


def _chat(raw: object, where: str, key: str, current_user_id: int) -> Chat:
    obj = read_object(raw, where)
    user = _user(obj.get("user"), f"{where}.user")
    if str(user.id) != key:
        raise DataError(f"{where}.user.id is {user.id}, but the chat is keyed {key!r}")
    if user.id == current_user_id:
        raise DataError(f"{where} is a chat with the current user ({current_user_id})")
    last_access = read_object(obj.get("lastAccess"), f"{where}.lastAccess")
    messages_raw = obj.get("messages")
    if not isinstance(messages_raw, list):
        raise DataError(f"{where}.messages {must_be('a list', messages_raw)}")
    if not messages_raw:
        raise DataError(f"{where}.messages is empty: a chat needs at least one message")
    senders = (current_user_id, user.id)
    messages = []
    for index, item in enumerate(messages_raw):
        message = _valid_message(item, index, senders)
        if message is None:
            read_message(item, f"{where}.messages[{index}]", senders, index)
            raise DataError(f"{where}.messages[{index}] is not a valid message")
        messages.append(message)
    if len({message.id for message in messages}) != len(messages):
        _duplicate_id(messages, where)
    return Chat(
        user=user,
        last_access=LastAccess(
            recipient=read_time(last_access, "recipient", f"{where}.lastAccess"),
            current_user=read_time(last_access, "currentUser", f"{where}.lastAccess"),
        ),
        messages=tuple(messages),
    )


def _valid_message(raw: object, index: int, senders: tuple[int, int]) -> Message | None:
    """The message, if `raw` is a valid one; None otherwise (then `_message_error` says why).

    The fast path for data files of thousands of messages: no error text is built.
    """
    if type(raw) is not dict:
        return None
    contents, sender, timestamp = raw.get("contents"), raw.get("from"), raw.get("timestamp")
    given_id = raw.get("id")
    if (
        ("id" not in raw or (type(given_id) is str and given_id.strip()))
        and type(contents) is str
        and contents.strip()
        and type(sender) is int
        and sender in senders
        and type(timestamp) is int
        and 0 <= timestamp <= LATEST_TIME
    ):
        return Message(
            given_id or message_id(sender, timestamp, index), contents, sender, timestamp
        )
    return None


def read_message(
    raw: object, where: str, senders: tuple[int, int] | None = None, index: int | None = None
) -> Message:
    """The message `raw` (`{id, contents, from, timestamp}`), or DataError saying what is wrong.
    `senders`: the two people of its chat, if known (else whoever adds it checks). `index`: its
    place in a data file's chat, where the id may be left out and is then made from it."""
    obj = read_object(raw, where)
    given_id = read_text(obj, "id", where) if index is None or "id" in obj else None
    if "contents" not in obj:
        raise DataError(f'{where} has no "contents" (the message text)')
    contents = read_text(obj, "contents", where)
    sender = read_int(obj, "from", where)
    if senders is not None and sender not in senders:
        raise DataError(
            f"{where}.from is {sender}: a message must come from the current user "
            f"({senders[0]}) or the chat's user ({senders[1]})"
        )
    timestamp = read_time(obj, "timestamp", where)
    ident = given_id if given_id is not None else message_id(sender, timestamp, index or 0)
    return Message(ident, contents, sender, timestamp)


def _duplicate_id(messages: list[Message], where: str) -> None:
    seen: dict[str, int] = {}
    for index, message in enumerate(messages):
        if message.id in seen:
            raise DataError(
                f"{where}.messages[{index}].id is {json.dumps(message.id)}, the id of "
                f"messages[{seen[message.id]}] too: ids must be unique within a chat"
            )
        seen[message.id] = index


def _user(raw: object, where: str) -> User:
    obj = read_object(raw, where)
    return User(
        id=read_int(obj, "id", where),
        name=read_text(obj, "name", where),
        profile_picture=read_text(obj, "profilePicture", where),
        status=str(obj.get("status", "")),
    )


def read_object(raw: object, where: str) -> Mapping[str, Any]:
    """`raw`, a JSON object, or DataError naming `where`."""
    if not isinstance(raw, dict):
        raise DataError(f"{where} {must_be('an object', raw)}")
    return raw


def read_int(obj: Mapping[str, Any], name: str, where: str) -> int:
    """`obj[name]`, a whole number (not a bool, not 2.0), or DataError naming `where`."""
    value = obj.get(name)
    if name not in obj:
        raise DataError(f'{where} has no "{name}"')
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataError(f"{where}.{name} {must_be('a whole number', value)}")
    return value


def read_time(obj: Mapping[str, Any], name: str, where: str) -> int:
    """`obj[name]`, a time in epoch milliseconds from 1970 to the year 9999, or DataError."""
    if name not in obj:
        raise DataError(f'{where} has no "{name}" (a time in epoch milliseconds)')
    value = read_int(obj, name, where)
    if not 0 <= value <= LATEST_TIME:
        raise DataError(
            f"{where}.{name} is {value}: a time must be from 1970 to the year 9999 "
            "(epoch milliseconds)"
        )
    return value


def read_text(obj: Mapping[str, Any], name: str, where: str) -> str:
    """`obj[name]`, text that is not blank, or DataError."""
    value = obj.get(name)
    if name not in obj:
        raise DataError(f'{where} has no "{name}"')
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where}.{name} {must_be('non-empty text', value)}")
    return value


def must_be(expected: str, value: object) -> str:
    shown = json.dumps(value) if _is_json(value) else repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"must be {expected}, not {shown}"


def _is_json(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool | list | dict)
