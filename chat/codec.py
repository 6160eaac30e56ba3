"""Actions and payloads in the tutorial's JSON shape, and back: the exchange format of inspector
logs and of messages between tabs.

Encoding is total. Decoding reads untrusted JSON: it returns typed values or raises
`DecodeError`, whose message names the path and the value, e.g.
`payloads[3].action.timestamp is -5: expected a time from 1970 to the year 9999`.
"""

from __future__ import annotations

from typing import Any, assert_never

from chat.actions import (
    OPEN_CHAT,
    RECEIVE_MESSAGE,
    SEND_MESSAGE,
    UPDATE_LAST_ACCESS,
    Action,
    OpenChat,
    Payload,
    ReceiveMessage,
    SendMessage,
    UpdateLastAccess,
)
from chat.data import Message, message_to_json

LATEST_TIME = 253_402_300_799_999
"""The last millisecond of the year 9999: what dates can show."""

ACTION_TYPES = (OPEN_CHAT, SEND_MESSAGE, RECEIVE_MESSAGE, UPDATE_LAST_ACCESS)


class DecodeError(ValueError):
    """JSON that is not a valid action or payload; the message says where and what is wrong."""


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
    """The payload `raw` describes, or DecodeError."""
    fields = _object(raw, where)
    source = fields.get("source")
    if source not in ("view", "server"):
        raise DecodeError(f'{where}.source is {source!r}: expected "view" or "server"')
    return Payload(
        "view" if source == "view" else "server",
        action_from_json(fields.get("action"), f"{where}.action"),
    )


def action_from_json(raw: object, where: str = "action") -> Action:
    """The action `raw` describes, or DecodeError."""
    fields = _object(raw, where)
    kind = fields.get("type")
    if kind not in ACTION_TYPES:
        known = ", ".join(ACTION_TYPES)
        raise DecodeError(f"{where}.type is {_show(kind)}: expected one of {known}")
    user_id = _int(fields, "user_id", where)
    if kind == OPEN_CHAT:
        return OpenChat(user_id, _time(fields, "timestamp", where))
    if kind == SEND_MESSAGE:
        return SendMessage(
            user_id,
            _text(fields, "message", where),
            _time(fields, "timestamp", where),
            _text(fields, "id", where),
        )
    if kind == RECEIVE_MESSAGE:
        message = message_from_json(fields.get("message"), f"{where}.message")
        return ReceiveMessage(user_id, message, _flag(fields, "remote", where))
    recipient = _time(fields, "recipient", where) if "recipient" in fields else None
    current = _time(fields, "current_user", where) if "current_user" in fields else None
    return UpdateLastAccess(user_id, recipient, current, _flag(fields, "remote", where))


def message_from_json(raw: object, where: str = "message") -> Message:
    """A message `{id, contents, from, timestamp}`, or DecodeError. Whether its sender belongs
    in a chat is the chat's rule, checked where the message is added."""
    fields = _object(raw, where)
    return Message(
        _text(fields, "id", where),
        _text(fields, "contents", where),
        _int(fields, "from", where),
        _time(fields, "timestamp", where),
    )


def _object(raw: object, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise DecodeError(f"{where} is {_show(raw)}: expected an object")
    return raw


def _int(fields: dict[str, Any], name: str, where: str) -> int:
    value = fields.get(name)
    if type(value) is not int:
        raise DecodeError(f"{where}.{name} is {_show(value)}: expected a whole number")
    return value


def _time(fields: dict[str, Any], name: str, where: str) -> int:
    value = fields.get(name)
    if type(value) is not int or not 0 <= value <= LATEST_TIME:
        raise DecodeError(
            f"{where}.{name} is {_show(value)}: expected a time from 1970 to the year 9999 "
            "(epoch milliseconds)"
        )
    return value


def _text(fields: dict[str, Any], name: str, where: str) -> str:
    value = fields.get(name)
    if not isinstance(value, str) or not value.strip():
        raise DecodeError(f"{where}.{name} is {_show(value)}: expected text that is not blank")
    return value


def _flag(fields: dict[str, Any], name: str, where: str) -> bool:
    value = fields.get(name, False)
    if not isinstance(value, bool):
        raise DecodeError(f"{where}.{name} is {_show(value)}: expected true or false")
    return value


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
