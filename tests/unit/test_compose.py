"""The composition root: one call wires the whole app on any ports, and each port is used as
the app needs it."""

from __future__ import annotations

import json

from chat.compose import SAVE_REFUSED, Options
from chat.contacts import FAST, REPLIES
from chat.inspector import replay, state_of
from chat.model import ChatData, Message
from tests.unit.fake_dom import inner_html
from tests.unit.ports import App, FakeClock


def test_a_sent_message_reaches_the_views_the_log_the_other_tabs_and_storage(
    tutorial_data: ChatData,
) -> None:
    app = App(tutorial_data)
    app.flux.app.start()
    app.actions.send_message(3, "Hello from the root")
    assert "Hello from the root" in inner_html(app.root)
    assert [type(e.payload.action).__name__ for e in app.flux.inspector.entries] == ["SendMessage"]
    assert app.channel.actions()[0]["type"] == "sendMessage"
    assert app.channel.actions()[0]["message"] == "Hello from the root"
    assert len(app.database.log) == 2, "the import, then the send in one write"
    app.clock.run_all()
    saved = app.stored()
    assert saved.data.chats[3].last_message.contents == "Hello from the root"
    assert saved.open_chat_user_id == 2
    assert app.database.count(3) == len(tutorial_data.chats[3].messages) + 1


def test_it_opens_the_chat_it_is_given(tutorial_data: ChatData) -> None:
    app = App(tutorial_data, open_chat_user_id=4)
    app.flux.app.start()
    assert app.messages.get_open_chat_user_id() == 4
    assert "Please follow me on twitter" in inner_html(app.root)


def test_observers_hear_a_nested_dispatch_after_the_one_that_caused_it(
    tutorial_data: ChatData,
) -> None:
    # A message arriving in the open chat is read at once: ReadWhileOpen dispatches from its
    # observer. The tab sync, an observer too, must still post the arrival first.
    app = App(tutorial_data)
    app.server.receive_message(2, Message("r1", "Read me", 2, app.clock()))
    posted = [action["type"] for action in app.channel.actions()]
    assert posted == ["receiveMessage", "updateOpenChatID"]
    numbers = [entry.number for entry in app.flux.inspector.entries]
    kinds = [type(entry.payload.action).__name__ for entry in app.flux.inspector.entries]
    assert numbers == [1, 2] and kinds == ["ReceiveMessage", "OpenChat"]
    chat = app.messages.get_chat_by_user_id(2)
    assert chat.last_access.current_user >= chat.last_message.timestamp, "read at once"


def test_another_tabs_message_arrives_through_the_channel_port(tutorial_data: ChatData) -> None:
    app = App(tutorial_data)
    action = {
        "type": "sendMessage",
        "user_id": 4,
        "message": "From the other tab",
        "timestamp": app.clock(),
        "id": "x-1",
    }
    app.channel.deliver(json.dumps({"source": "view", "action": action}))
    assert app.messages.get_chat_by_user_id(4).messages[-1].contents == "From the other tab"
    assert app.channel.posted == [], "what came from another tab is not sent back"


def test_a_refused_save_is_told_once_and_the_app_goes_on(tutorial_data: ChatData) -> None:
    app = App(tutorial_data)
    app.database.refuse = True
    for text in ("one", "two"):
        app.actions.send_message(2, text)
        app.clock.run_all()
    assert app.notices == [SAVE_REFUSED]
    assert [m.contents for m in app.messages.get_chat_by_user_id(2).messages][-2:] == [
        "one",
        "two",
    ]


def test_contacts_answer_only_when_the_options_ask(tutorial_data: ChatData) -> None:
    quiet = App(tutorial_data)
    quiet.actions.send_message(3, "Anyone?")
    quiet.clock.run_all()
    assert quiet.flux.contacts is None
    assert quiet.messages.get_chat_by_user_id(3).last_message.contents == "Anyone?"
    chatty = App(tutorial_data, FakeClock(), Options("t", FAST, seed=7))
    chatty.actions.send_message(3, "Anyone?")
    chatty.clock.run_all()
    assert chatty.messages.get_chat_by_user_id(3).last_message.contents in REPLIES


def test_the_inspector_replays_through_the_same_stores_to_the_same_state(
    tutorial_data: ChatData,
) -> None:
    app = App(tutorial_data, FakeClock(), Options("t", FAST, seed=3))
    for n in range(5):
        app.actions.send_message(2 + n % 3, f"message {n}")
        app.clock.run_all()
    payloads = [entry.payload for entry in app.flux.inspector.entries]
    assert len(payloads) > 10
    assert state_of(replay(app.flux.inspector.initial, payloads)) == state_of(app.flux.stores)
