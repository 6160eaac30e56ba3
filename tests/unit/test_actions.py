"""The actions: plain payloads through the app dispatcher, with the time they happened."""

from __future__ import annotations

from typing import Any

from chat.actions import (
    OPEN_CHAT,
    RECEIVE_MESSAGE,
    SEND_MESSAGE,
    UPDATE_LAST_ACCESS,
    ChatActions,
    ServerActions,
    now_ms,
)
from chat.data import Message
from chat.dispatcher import AppDispatcher


def recording() -> tuple[AppDispatcher, list[Any]]:
    dispatcher = AppDispatcher()
    payloads: list[Any] = []
    dispatcher.register(payloads.append)
    return dispatcher, payloads


def test_open_chat_dispatches_a_view_action_with_the_time() -> None:
    dispatcher, payloads = recording()
    ChatActions(dispatcher, clock=lambda: 1234).open_chat(4)
    assert payloads == [
        {"source": "view", "action": {"type": OPEN_CHAT, "user_id": 4, "timestamp": 1234}}
    ]


def test_send_message_dispatches_the_text_as_typed_with_an_id_unique_to_the_tab() -> None:
    dispatcher, payloads = recording()
    actions = ChatActions(dispatcher, clock=lambda: 99, tab_id="tabA")
    assert actions.send_message(3, "  hi <b>you</b> ") is True
    actions.send_message(3, "again")
    assert payloads[0] == {
        "source": "view",
        "action": {
            "type": SEND_MESSAGE,
            "user_id": 3,
            "message": "  hi <b>you</b> ",
            "timestamp": 99,
            "id": "tabA-99-1",
        },
    }
    assert payloads[1]["action"]["id"] == "tabA-99-2"


def test_server_actions_are_tagged_with_their_source_and_whether_another_tab_sent_them() -> None:
    dispatcher, payloads = recording()
    server = ServerActions(dispatcher)
    server.receive_message(2, Message("m1", "Hi", 2, 500))
    server.update_last_access(2, recipient=600, remote=True)
    assert payloads == [
        {
            "source": "server",
            "action": {
                "type": RECEIVE_MESSAGE,
                "user_id": 2,
                "message": {"id": "m1", "contents": "Hi", "from": 2, "timestamp": 500},
                "remote": False,
            },
        },
        {
            "source": "server",
            "action": {"type": UPDATE_LAST_ACCESS, "user_id": 2, "remote": True, "recipient": 600},
        },
    ]


def test_blank_messages_are_not_sent() -> None:
    dispatcher, payloads = recording()
    actions = ChatActions(dispatcher, clock=lambda: 1)
    assert [actions.send_message(2, text) for text in ["", "   ", "\n\t"]] == [False] * 3
    assert payloads == []


def test_the_default_clock_is_epoch_milliseconds() -> None:
    assert 1_700_000_000_000 < now_ms() < 4_000_000_000_000
