"""Two tabs kept in sync: each hears the other's changes, and ignores what it cannot use."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from chat.model import ChatData
from tests.unit.ports import FakeClock, Tab


def connect(first: Tab, second: Tab) -> Callable[[], None]:
    """Deliver what each tab posted to the other, like a BroadcastChannel."""

    def deliver() -> None:
        while first.posted or second.posted:
            for sender, receiver in ((first, second), (second, first)):
                posted, sender.posted[:] = list(sender.posted), []
                for message in posted:
                    assert receiver.sync.receive(message)

    return deliver


def test_a_message_sent_in_one_tab_arrives_in_the_other_as_a_server_action(
    tutorial_data: ChatData,
) -> None:
    clock = FakeClock()
    first, second = Tab(tutorial_data, clock, "a"), Tab(tutorial_data, clock, "b")
    deliver = connect(first, second)
    seen: list[Any] = []
    second.dispatcher.add_observer(seen.append)
    first.actions.send_message(3, "From the first tab")
    deliver()
    assert second.texts(3)[-1] == "From the first tab"
    assert seen[0].source == "server" and seen[0].action.remote is True
    assert first.posted == [] and second.posted == [], "nothing echoes back"


def test_reading_in_one_tab_reads_in_the_other_but_the_open_chat_is_each_tabs_own(
    tutorial_data: ChatData,
) -> None:
    clock = FakeClock()
    first, second = Tab(tutorial_data, clock, "a"), Tab(tutorial_data, clock, "b")
    deliver = connect(first, second)
    first.actions.open_chat(4)
    deliver()
    assert second.unread.get_unread_count() == 0
    assert second.messages.get_open_chat_user_id() == 2


def test_interleaved_sends_from_two_tabs_end_the_same_in_both(tutorial_data: ChatData) -> None:
    clock = FakeClock()
    first, second = Tab(tutorial_data, clock, "a"), Tab(tutorial_data, clock, "b")
    deliver = connect(first, second)
    rng = random.Random(3)
    sent = []
    for n in range(20):
        clock.now += rng.choice([0, 0, 1])  # many in the same millisecond
        tab = first if n % 2 else second
        tab.actions.send_message(2, f"message {n}")
        sent.append(f"message {n}")
        if rng.random() < 0.4:
            deliver()
    deliver()
    assert first.texts(2) == second.texts(2)
    assert sorted(first.texts(2)[2:]) == sorted(sent)
    assert len(first.texts(2)) == 2 + 20


def test_what_another_tab_cannot_use_is_ignored(tutorial_data: ChatData) -> None:
    tab = Tab(tutorial_data, FakeClock(), "a")
    good = {"id": "x", "contents": "Hi", "from": 2, "timestamp": 5}
    sent = {"type": "sendMessage", "user_id": 2, "message": "Hi", "timestamp": 5, "id": "s"}
    for message in [
        {"kind": "message", "user_id": 99, "message": good},
        {"kind": "message", "user_id": 2, "message": {**good, "from": 3}},
        {"kind": "message", "user_id": 2, "message": {**good, "timestamp": "now"}},
        # What the save format would refuse, and so would lose the saved state on reload:
        {"kind": "message", "user_id": 2, "message": {**good, "id": ""}},
        {"kind": "message", "user_id": 2, "message": {**good, "contents": "   "}},
        {"kind": "message", "user_id": 2, "message": {**good, "from": True}},
        {"kind": "message", "user_id": 2, "message": {**good, "from": 2.0}},
        {"kind": "message", "user_id": 2, "message": {**good, "timestamp": -1}},
        {"kind": "message", "user_id": 2, "message": {**good, "timestamp": 10**20}},
        {"kind": "access", "user_id": 2},
        {"kind": "access", "user_id": 2, "recipient": "soon"},
        {"kind": "access", "user_id": 2, "recipient": -1},
        {"kind": "access", "user_id": 2, "current_user": 10**20},
        {"kind": "dance", "user_id": 2},
        # The same rules for payloads, the shape tabs post:
        {"source": "view", "action": {**sent, "user_id": 99}},
        {"source": "view", "action": {**sent, "id": " "}},
        {"source": "view", "action": {**sent, "message": ""}},
        {"source": "view", "action": {**sent, "timestamp": 10**20}},
        {"source": "view", "action": {**sent, "timestamp": 1.0}},
        {"source": "tab", "action": sent},
        {"source": "server", "action": {"type": "updateLastAccess", "user_id": 2}},
    ]:
        assert tab.sync.receive(json.dumps(message)) is False, message
    for text in ["text", "[" * 100_000, json.dumps([good]), None, 5, {"kind": "message"}]:
        assert tab.sync.receive(text) is False
    assert tab.texts(2) == ["Hey!", "Hey, what's up?"]
    assert tab.sync.receive(json.dumps({"source": "view", "action": sent}))
    assert tab.sync.receive(json.dumps({"kind": "message", "user_id": 2, "message": good}))
    assert tab.texts(2) == ["Hi", "Hi", "Hey!", "Hey, what's up?"], "both shapes are read"
