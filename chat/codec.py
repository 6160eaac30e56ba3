"""Actions and payloads in the tutorial's JSON shape, and back: the exchange format of inspector
logs and of messages between tabs.

Encoding is total. Decoding reads untrusted JSON: it returns typed values or raises
`DataError`, with the very rules of the data file and the saved state (chat/data.py), and a
message that names the path and the value, e.g.
`payloads[3].action.timestamp is -5: a time must be from 1970 to the year 9999 (...)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, assert_never

from chat.actions import (
    OPEN_CHAT,
    RECEIVE_CHATS,
    RECEIVE_MESSAGE,
    RECEIVE_MESSAGES,
    SEND_MESSAGE,
    UPDATE_LAST_ACCESS,
    Action,
    OpenChat,
    Payload,
    ReceiveChats,
    ReceiveMessage,
    ReceiveMessages,
    SendMessage,
    UpdateLastAccess,
)
from chat.data import (
    MAX_TEXT_CHARS,
    DataError,
    chat_to_json,
    message_to_json,
    must_be,
    read_chat,
    read_int,
    read_message,
    read_object,
    read_text,
    read_time,
)
from chat.model import Message

ACTION_TYPES = (
    OPEN_CHAT,
    SEND_MESSAGE,
    RECEIVE_MESSAGE,
    UPDATE_LAST_ACCESS,
    RECEIVE_MESSAGES,
    RECEIVE_CHATS,
)

MAX_LOADED = 10_000
"""The most messages one `receiveMessages`, or chats one `receiveChats`, may carry (the app
loads 50 messages, or 500 chats, at a time)."""


def action_to_json(action: Action) -> dict[str, Any]:
    """`action` as the tutorial's JSON: `{"type": "sendMessage", "user_id": 2, ...}`."""
    match action:
        case OpenChat(user_id, timestamp):
            return {"type": OPEN_CHAT, "user_id": user_id, "timestamp": timestamp}
        case SendMessage(user_id, text, timestamp, ident):
            return {
                "type": SEND_MESSAGE,
                "user_id": user_id,
                "message": text,
                "timestamp": timestamp,
                "id": ident,
            }
        case ReceiveMessage(user_id, message, remote):
            return {
                "type": RECEIVE_MESSAGE,
                "user_id": user_id,
                "message": message_to_json(message),
                "remote": remote,
            }
        case ReceiveMessages(user_id, messages, older):
            return {
                "type": RECEIVE_MESSAGES,
                "user_id": user_id,
                "messages": [message_to_json(message) for message in messages],
                "older": older,
            }
        case ReceiveChats(chats):
            return {"type": RECEIVE_CHATS, "chats": [chat_to_json(chat) for chat in chats]}
        case UpdateLastAccess(user_id, recipient, current_user, remote):
            raw: dict[str, Any] = {"type": UPDATE_LAST_ACCESS, "user_id": user_id}
            if recipient is not None:
                raw["recipient"] = recipient
            if current_user is not None:
                raw["current_user"] = current_user
            raw["remote"] = remote
            return raw
        case _:
            assert_never(action)


def payload_to_json(payload: Payload) -> dict[str, Any]:
    return {"source": payload.source, "action": action_to_json(payload.action)}


def payload_from_json(raw: object, where: str = "payload") -> Payload:
    """The payload `raw` describes, or DataError."""
    fields = read_object(raw, where)
    source = fields.get("source")
    if source not in ("view", "server"):
        raise DataError(f"{where}.source {must_be('view or server', source)}")
    return Payload(
        "view" if source == "view" else "server",
        action_from_json(fields.get("action"), f"{where}.action"),
    )


def action_from_json(raw: object, where: str = "action") -> Action:
    """The action `raw` describes, or DataError."""
    fields = read_object(raw, where)
    kind = fields.get("type")
    if kind not in ACTION_TYPES:
        known = ", ".join(ACTION_TYPES)
        raise DataError(f"{where}.type {must_be(f'one of {known}', kind)}")
    if kind == RECEIVE_CHATS:
        raw_chats = fields.get("chats")
        if type(raw_chats) is not list or len(raw_chats) > MAX_LOADED:
            expected = f"a list of at most {MAX_LOADED} chats"
            raise DataError(f"{where}.chats {must_be(expected, raw_chats)}")
        return ReceiveChats(
            tuple(
                read_chat(item, f"{where}.chats[{index}]", None)
                for index, item in enumerate(raw_chats)
            )
        )
    user_id = read_int(fields, "user_id", where)
    if kind == OPEN_CHAT:
        return OpenChat(user_id, read_time(fields, "timestamp", where))
    if kind == SEND_MESSAGE:
        return SendMessage(
            user_id,
            read_text(fields, "message", where, MAX_TEXT_CHARS),
            read_time(fields, "timestamp", where),
            read_text(fields, "id", where),
        )
    if kind == RECEIVE_MESSAGE:
        message = message_from_json(fields.get("message"), f"{where}.message")
        return ReceiveMessage(user_id, message, _flag(fields, "remote", where))
    if kind == RECEIVE_MESSAGES:
        raw_messages = fields.get("messages")
        if type(raw_messages) is not list or len(raw_messages) > MAX_LOADED:
            expected = f"a list of at most {MAX_LOADED} messages"
            raise DataError(f"{where}.messages {must_be(expected, raw_messages)}")
        messages = tuple(
            message_from_json(item, f"{where}.messages[{index}]")
            for index, item in enumerate(raw_messages)
        )
        return ReceiveMessages(user_id, messages, _flag(fields, "older", where))
    recipient = read_time(fields, "recipient", where) if "recipient" in fields else None
    current = read_time(fields, "current_user", where) if "current_user" in fields else None
    return UpdateLastAccess(user_id, recipient, current, _flag(fields, "remote", where))


def message_from_json(raw: object, where: str = "message") -> Message:
    """A message `{id, contents, from, timestamp}`, or DataError. Whether its sender belongs
    in a chat is the chat's rule, checked where the message is added."""
    return read_message(raw, where)


def _flag(fields: Mapping[str, Any], name: str, where: str) -> bool:
    value = fields.get(name, False)
    if not isinstance(value, bool):
        raise DataError(f"{where}.{name} {must_be('true or false', value)}")
    return value
