"""chat/codec.py: actions and payloads to the tutorial's JSON and back, for logs and tabs.

Rule: whatever decodes encodes back to the same JSON, and anything else is refused with the
data file's DataError, naming the path and the value, never another exception.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chat.actions import (
    Action,
    OpenChat,
    Payload,
    ReceiveMessage,
    ReceiveMessages,
    SendMessage,
    UpdateLastAccess,
)
from chat.codec import (
    action_from_json,
    action_to_json,
    message_from_json,
    payload_from_json,
    payload_to_json,
)
from chat.data import LATEST_TIME, DataError
from chat.model import Chat, LastAccess, Message, User, message_key

times = st.integers(0, LATEST_TIME)
ids = st.integers(-(2**40), 2**40)
texts = st.text(min_size=1).filter(str.strip)
messages = st.builds(Message, texts, texts, ids, times)
users = st.builds(User, ids, texts, texts, st.just(""))
chats = st.builds(
    Chat,
    users,
    st.builds(LastAccess, times, times),
    # A chat's invariants: its messages in order, their ids unique.
    st.lists(messages, min_size=1, max_size=3, unique_by=lambda m: m.id).map(
        lambda found: tuple(sorted(found, key=message_key))
    ),
    st.booleans(),
)
actions: st.SearchStrategy[Action] = st.one_of(
    st.builds(OpenChat, ids, times),
    st.builds(SendMessage, ids, texts, times, texts),
    st.builds(ReceiveMessage, ids, messages, st.booleans()),
    st.builds(UpdateLastAccess, ids, st.none() | times, st.none() | times, st.booleans()),
    st.builds(ReceiveMessages, ids, st.lists(messages, max_size=3).map(tuple), st.booleans()),
)
payloads = st.builds(Payload, st.sampled_from(["view", "server"]), actions)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(payloads)
def test_every_payload_survives_json_and_back(payload: Payload) -> None:
    text = json.dumps(payload_to_json(payload))
    assert payload_from_json(json.loads(text)) == payload


@given(payloads, st.data())
def test_a_mutated_payload_decodes_to_a_payload_or_is_refused_clearly(
    payload: Payload, data: st.DataObject
) -> None:
    raw = payload_to_json(payload)
    fields = raw["action"]
    name = data.draw(st.sampled_from(sorted(fields)))
    fields[name] = data.draw(json_values)
    try:
        decoded = payload_from_json(raw)
    except DataError as error:
        assert str(error).startswith("payload.action."), str(error)
    else:
        assert payload_to_json(decoded) == payload_to_json(payload_from_json(raw))


@given(json_values)
def test_any_json_is_a_payload_or_a_decode_error_naming_the_path(raw: Any) -> None:
    try:
        decoded = payload_from_json(raw)
    except DataError as error:
        assert str(error).startswith("payload"), str(error)
    else:
        assert isinstance(decoded, Payload)


@pytest.mark.parametrize(
    ("message", "error"),
    [
        (
            {"id": "", "contents": "Hi", "from": 2, "timestamp": 5},
            r'message\.id must be non-empty text, not ""',
        ),
        (
            {"id": "m", "contents": "  ", "from": 2, "timestamp": 5},
            r'message\.contents must be non-empty text, not "  "',
        ),
        (
            {"id": "m", "contents": "Hi", "from": True, "timestamp": 5},
            r"message\.from must be a whole number, not true",
        ),
        (
            {"id": "m", "contents": "Hi", "from": 1.0, "timestamp": 5},
            r"message\.from must be a whole number, not 1\.0",
        ),
        (
            {"id": "m", "contents": "Hi", "from": 2, "timestamp": -5},
            r"message\.timestamp is -5: a time must be from 1970 to the year 9999",
        ),
        (
            {"id": "m", "contents": "Hi", "from": 2, "timestamp": 10**20},
            r"message\.timestamp is 100000000000000000000: a time must be from 1970 to the "
            r"year 9999",
        ),
    ],
    ids=["empty-id", "blank-text", "sender-true", "sender-float", "negative-time", "year-3e9"],
)
def test_messages_the_save_format_would_refuse_are_refused(
    message: dict[str, Any], error: str
) -> None:
    with pytest.raises(DataError, match=f"^{error}"):
        message_from_json(message)


def test_the_json_is_the_tutorials_shape() -> None:
    assert action_to_json(SendMessage(3, "Hi", 5, "t-5-1")) == {
        "type": "sendMessage",
        "user_id": 3,
        "message": "Hi",
        "timestamp": 5,
        "id": "t-5-1",
    }
    assert action_to_json(UpdateLastAccess(2, recipient=7)) == {
        "type": "updateLastAccess",
        "user_id": 2,
        "recipient": 7,
        "remote": False,
    }
    assert action_from_json({"type": "updateOpenChatID", "user_id": 4, "timestamp": 9}) == (
        OpenChat(4, 9)
    )


def test_decode_errors_are_the_data_files_value_errors_naming_where() -> None:
    assert issubclass(DataError, ValueError)
    with pytest.raises(
        DataError, match=r'^payloads\[2\]\.action\.user_id must be a whole number, not "4"'
    ):
        payload_from_json(
            {"source": "view", "action": {"type": "updateOpenChatID", "user_id": "4"}},
            "payloads[2]",
        )


def test_loaded_messages_are_bounded_and_named_where_they_fail() -> None:
    message = {"id": "a", "contents": "x", "from": 1, "timestamp": 1}
    raw = {"type": "receiveMessages", "user_id": 2, "messages": [message], "older": True}
    assert action_from_json(raw) == ReceiveMessages(2, (Message("a", "x", 1, 1),), True)
    with pytest.raises(DataError, match="at most 10000"):
        action_from_json({**raw, "messages": [message] * 10_001})
    with pytest.raises(DataError, match=r"action.messages\[1\].timestamp"):
        action_from_json({**raw, "messages": [message, {**message, "timestamp": -1}]})
    with pytest.raises(DataError, match="older"):
        action_from_json({**raw, "older": "yes"})
