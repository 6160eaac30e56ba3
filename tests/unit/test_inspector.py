"""The inspector's record: every payload once, what it changed, and replaying any prefix."""

from __future__ import annotations

import json
import random
from datetime import UTC
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chat.actions import ChatActions, OpenChat, Payload, ServerActions, UpdateLastAccess
from chat.app import MESSAGE_BOX, USER_LIST, ChatApp
from chat.dispatcher import AppDispatcher
from chat.inspector import Inspector, LogError, export_log, import_log, replay, state_of
from chat.model import ChatData, Message
from chat.reading import ReadWhileOpen
from chat.stores import create_stores
from tests.unit.fake_dom import FakeDom, FakeNode
from tests.unit.histories import histories, start


class Live:
    def __init__(self, data: ChatData) -> None:
        self.now = 1_800_000_000_000
        self.ticks = 0.0
        self.dispatcher = AppDispatcher()
        self.inspector = Inspector(self.dispatcher, lambda: self.now, self.timer)
        self.stores = create_stores(data, dispatcher=self.dispatcher)
        self.users, self.messages = self.stores.users, self.stores.messages
        self.unread = self.stores.unread
        self.inspector.watch(self.stores)
        self.actions = ChatActions(self.dispatcher, lambda: self.now, tab_id="live")
        self.server = ServerActions(self.dispatcher)

    def timer(self) -> float:
        self.ticks += 0.001  # each reading of the clock is a millisecond later
        return self.ticks

    def state(self) -> Any:
        return state_of(self.stores)


def test_every_payload_is_recorded_once_with_the_stores_it_changed(
    tutorial_data: ChatData,
) -> None:
    live = Live(tutorial_data)
    ReadWhileOpen(live.dispatcher, live.messages, live.actions)
    live.actions.send_message(2, "Hello")
    live.now += 5
    live.server.receive_message(2, Message("r1", "Hi back", 2, live.now))
    kinds = [(e.payload.source, type(e.payload.action).__name__) for e in live.inspector.entries]
    assert kinds == [
        ("view", "SendMessage"),
        ("server", "ReceiveMessage"),
        ("view", "OpenChat"),  # dispatched by ReadWhileOpen, after the one before
    ]
    assert [e.number for e in live.inspector.entries] == [1, 2, 3]
    first, second, third = live.inspector.entries
    assert first.changed == ["messages"]
    # The reply is unread for a moment, until the open chat reads it.
    assert second.changed == ["messages", "unread"]
    assert third.changed == ["messages", "unread"]
    assert first.time == live.now - 5 and first.dispatch_ms > 0


def test_the_unread_store_changes_after_the_messages_store_it_waits_for(
    tutorial_data: ChatData,
) -> None:
    live = Live(tutorial_data)
    live.server.receive_message(3, Message("r1", "Ping?", 3, live.now))
    assert live.inspector.entries[0].changed == ["messages", "unread"]


def test_renders_are_recorded_against_the_dispatch_that_caused_them(
    tutorial_data: ChatData,
) -> None:
    live = Live(tutorial_data)
    app = ChatApp(
        FakeDom(),
        FakeNode("main"),
        live.dispatcher,
        live.messages,
        live.users,
        clock=lambda: live.now,
        tz=UTC,
    )
    app.on_render(live.inspector.rendered)
    app.start()
    live.actions.open_chat(4)
    live.dispatcher.handle_server_action(UpdateLastAccess(4))  # moves no time
    opened, nothing = live.inspector.entries
    assert opened.rendered == sorted([USER_LIST, MESSAGE_BOX]) and opened.render_ms > 0
    assert nothing.rendered == [] and nothing.changed == []


def random_step(live: Live, rng: random.Random, step: int) -> None:
    live.now += rng.choice([0, 1, 1000])
    user_id = rng.choice([2, 3, 4])
    kind = rng.randrange(4)
    if kind == 0:
        live.actions.open_chat(user_id)
    elif kind == 1:
        live.actions.send_message(user_id, f"sent {step}")
    elif kind == 2:
        sender = rng.choice([1, user_id])
        live.server.receive_message(
            user_id, Message(f"r{step % 7}", f"got {step}", sender, live.now)
        )
    else:
        live.server.update_last_access(user_id, recipient=live.now - rng.randrange(5000))


@pytest.mark.parametrize("seed", range(12))
def test_replaying_any_prefix_gives_the_state_the_live_run_had(
    tutorial_data: ChatData, seed: int
) -> None:
    rng = random.Random(seed)
    live = Live(tutorial_data)
    states = [live.state()]
    for step in range(40):
        random_step(live, rng, step)
        states.append(live.state())
    payloads = [entry.payload for entry in live.inspector.entries]
    assert len(payloads) == 40
    for count in {0, 1, 17, 39, 40, rng.randrange(41)}:
        assert state_of(replay(live.inspector.initial, payloads, count)) == states[count]


def test_an_exported_log_imports_and_replays_to_the_same_end(tutorial_data: ChatData) -> None:
    live = Live(tutorial_data)
    rng = random.Random(99)
    for step in range(15):
        random_step(live, rng, step)
    initial, payloads = import_log(live.inspector.export())
    assert state_of(replay(initial, payloads)) == live.state()


def valid_log(tutorial_data: ChatData) -> dict[str, Any]:
    live = Live(tutorial_data)
    live.actions.send_message(3, "Hi")
    log: dict[str, Any] = json.loads(live.inspector.export())
    return log


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda log: "{nope", r"^not valid JSON \(Expecting property name"),
        (
            lambda log: [],
            r'^not an inspector log: expected an object with "initial" and "payloads"',
        ),
        (lambda log: {**log, "version": 7}, r"^log version 7; this app reads version 1$"),
        (lambda log: {**log, "initial": {"version": 1}}, r"^initial: the file must be|^initial: "),
        (lambda log: {**log, "payloads": {}}, r'^"payloads" must be a list$'),
        (lambda log: {**log, "payloads": [3]}, r"^payloads\[0\] must be an object, not 3$"),
        (
            lambda log: {**log, "payloads": [{"source": "mars", "action": {}}]},
            r'^payloads\[0\]\.source must be view or server, not "mars"$',
        ),
        (
            lambda log: {**log, "payloads": [{"source": "view", "action": {"type": "fly"}}]},
            r"^payloads\[0\]\.action\.type must be one of updateOpenChatID, .*, not \"fly\"$",
        ),
        (
            lambda log: {
                **log,
                "payloads": [{"source": "view", "action": {"type": "sendMessage", "user_id": 3}}],
            },
            r'^payloads\[0\]\.action has no "message"$',
        ),
        (
            lambda log: {
                **log,
                "payloads": [
                    {
                        "source": "view",
                        "action": {"type": "updateOpenChatID", "user_id": 9, "timestamp": 1},
                    }
                ],
            },
            r"^payloads\[0\] cannot be replayed: .*no chat with user id 9",
        ),
    ],
)
def test_import_refuses_what_is_not_a_valid_log(
    tutorial_data: ChatData, change: Any, message: str
) -> None:
    changed = change(valid_log(tutorial_data))
    text = changed if isinstance(changed, str) else json.dumps(changed)
    with pytest.raises(LogError, match=message):
        import_log(text)


def test_log_errors_are_value_errors_and_export_is_plain_json() -> None:
    assert issubclass(LogError, ValueError)
    text = export_log('{"version": 1}', [Payload("view", OpenChat(3, 1_500_000_000_000))])
    assert json.loads(text)["payloads"] == [
        {
            "source": "view",
            "action": {"type": "updateOpenChatID", "user_id": 3, "timestamp": 1_500_000_000_000},
        }
    ]


def test_the_live_log_is_bounded_and_folds_old_entries_into_its_initial_state(
    tutorial_data: ChatData,
) -> None:
    live = Live(tutorial_data)
    live.inspector = Inspector(live.dispatcher, lambda: live.now, live.timer, 100, every=10)
    # A second inspector on the same dispatcher, bounded, watching the same stores.
    live.inspector.watch(live.stores)
    rng = random.Random(4)
    states = {0: live.state()}
    for step in range(357):
        random_step(live, rng, step)
        states[step + 1] = live.state()
    inspector = live.inspector
    assert len(inspector.entries) <= 100
    assert inspector.folded == 357 - len(inspector.entries) and inspector.folded % 10 == 0
    assert inspector.entries[0].number == inspector.folded + 1
    assert inspector.entries[-1].number == 357
    assert state_of(replay(inspector.initial, [])) == states[inspector.folded]
    payloads = [entry.payload for entry in inspector.entries]
    assert state_of(replay(inspector.initial, payloads)) == live.state()
    initial, imported = import_log(inspector.export())
    assert state_of(replay(initial, imported)) == live.state(), "the export is a valid log"
    for number in (inspector.folded, inspector.folded + 1, 300, 351, 357):
        at, state = inspector.checkpoints.nearest(number)
        assert (
            state_of(replay(state, payloads[at - inspector.folded : number - inspector.folded]))
            == states[number]
        )


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_travel_to_any_kept_entry_of_any_history_gives_the_state_and_order_it_had(
    data: st.DataObject,
) -> None:
    chat_data: ChatData = data.draw(start())
    dispatcher = AppDispatcher()
    # Checkpoints every 3 dispatches, folded past 6: travel starts from every kind of state.
    inspector = Inspector(dispatcher, lambda: 0, lambda: 0.0, max_entries=6, every=3)
    stores = create_stores(chat_data, dispatcher=dispatcher)
    inspector.watch(stores)
    states = {0: state_of(stores)}
    for number, action in enumerate(data.draw(histories(chat_data)), 1):
        dispatcher.dispatch(Payload("server", action))
        states[number] = state_of(stores)
    payloads = [entry.payload for entry in inspector.entries]
    start_at = inspector.folded
    for number in range(start_at, start_at + len(payloads) + 1):
        at, state = inspector.checkpoints.nearest(number)
        travelled = replay(state, payloads[at - start_at : number - start_at])
        assert state_of(travelled) == states[number]


def test_a_bound_too_small_to_fold_into_is_refused() -> None:
    with pytest.raises(ValueError, match=r"max_entries \(15\) must be at least twice every"):
        Inspector(AppDispatcher(), lambda: 0, max_entries=15, every=10)
