"""The actions: plain payloads through the app dispatcher, with the time they happened."""

from __future__ import annotations

from typing import Any

from chat.actions import OPEN_CHAT, SEND_MESSAGE, ChatActions, now_ms
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


def test_send_message_dispatches_the_text_as_typed() -> None:
    dispatcher, payloads = recording()
    sent = ChatActions(dispatcher, clock=lambda: 99).send_message(3, "  hi <b>you</b> ")
    assert sent is True
    assert payloads == [
        {
            "source": "view",
            "action": {
                "type": SEND_MESSAGE,
                "user_id": 3,
                "message": "  hi <b>you</b> ",
                "timestamp": 99,
            },
        }
    ]


def test_blank_messages_are_not_sent() -> None:
    dispatcher, payloads = recording()
    actions = ChatActions(dispatcher, clock=lambda: 1)
    assert [actions.send_message(2, text) for text in ["", "   ", "\n\t"]] == [False] * 3
    assert payloads == []


def test_the_default_clock_is_epoch_milliseconds() -> None:
    assert 1_700_000_000_000 < now_ms() < 4_000_000_000_000
