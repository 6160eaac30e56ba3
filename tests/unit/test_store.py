"""The store base classes: one change announced per dispatch, and clear errors for misuse."""

from __future__ import annotations

import pytest

from chat.actions import Action, OpenChat, UpdateLastAccess
from chat.dispatcher import AppDispatcher
from chat.model import ChatData
from chat.stores import ReduceStore, Store
from tests.unit.ports import make_stores, open_chat, send


def test_a_store_announces_change_once_per_dispatch_and_only_when_changed(
    tutorial_data: ChatData,
) -> None:
    dispatcher, users, messages = make_stores(tutorial_data)
    seen: list[str] = []
    messages.subscribe(lambda: seen.append("messages"))
    users.subscribe(lambda: seen.append("users"))
    dispatcher.handle_view_action(send(2, "hi", 1_500_000_000_000))
    assert seen == ["messages"]
    dispatcher.handle_server_action(UpdateLastAccess(2))  # moves no time: no change
    assert seen == ["messages"]


def test_unsubscribe_stops_the_listener_and_is_safe_twice(tutorial_data: ChatData) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    seen: list[int] = []
    unsubscribe = messages.subscribe(lambda: seen.append(1))
    unsubscribe()
    unsubscribe()
    dispatcher.handle_view_action(open_chat(3, 1_500_000_000_000))
    assert seen == []


def test_subscribe_refuses_what_it_cannot_call(tutorial_data: ChatData) -> None:
    _, _, messages = make_stores(tutorial_data)
    with pytest.raises(
        TypeError, match=r"MessagesStore\.subscribe\(\.\.\.\): expected a callable, received 'x'"
    ):
        messages.subscribe("x")  # type: ignore[arg-type]


def test_a_store_subclass_must_say_how_it_handles_actions() -> None:
    dispatcher = AppDispatcher()
    Store(dispatcher)
    with pytest.raises(NotImplementedError):
        dispatcher.handle_view_action(OpenChat(2, 1))


def test_a_reducer_that_returns_none_is_an_error_naming_the_store() -> None:
    class Forgetful(ReduceStore[int]):
        def reduce(self, state: int, action: Action) -> int:
            return None  # type: ignore[return-value]

    dispatcher = AppDispatcher()
    Forgetful(dispatcher, 0)
    with pytest.raises(TypeError, match=r"^Forgetful\.reduce\(\.\.\.\) returned None"):
        dispatcher.handle_view_action(OpenChat(2, 1))
