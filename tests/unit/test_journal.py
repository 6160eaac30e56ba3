"""Saving as it happens: one small write per change, nothing for what came from elsewhere."""

from __future__ import annotations

import json
from typing import Any

from chat.compose import SAVE_REFUSED
from chat.model import ChatData, Message
from tests.unit.ports import App


def writes(app: App) -> list[dict[str, Any]]:
    """The writes the journal made, decoded (the first write is the test's import)."""
    return [json.loads(text) for text in app.database.log[1:]]


def test_a_send_writes_one_message_and_its_chat_summary(tutorial_data: ChatData) -> None:
    app = App(tutorial_data)
    app.actions.send_message(3, "Just this one")
    [change] = writes(app)
    assert [m["contents"] for m in change["messages"]] == ["Just this one"]
    assert [c["id"] for c in change["chats"]] == [3]
    assert change["chats"][0]["last"]["contents"] == "Just this one"
    assert "meta" not in change
    app.clock.run_all()
    assert app.stored().data.chats[3].last_message.contents == "Just this one"


def test_opening_a_chat_writes_its_summary_and_the_open_chat(tutorial_data: ChatData) -> None:
    app = App(tutorial_data)
    app.actions.open_chat(4)
    [change] = writes(app)
    assert change["meta"] == {"openChat": 4} and "messages" not in change
    app.clock.run_all()
    stored = app.stored()
    assert stored.open_chat_user_id == 4
    assert stored.data.chats[4].last_access == app.messages.get_chat_by_user_id(4).last_access


def test_what_another_tab_did_and_what_was_loaded_is_not_written_again(
    tutorial_data: ChatData,
) -> None:
    app = App(tutorial_data)
    app.server.receive_message(3, Message("r", "From the other tab", 3, app.clock()), remote=True)
    app.server.update_last_access(3, recipient=app.clock(), remote=True)
    app.server.receive_messages(3, (), False)
    assert writes(app) == []
    app.server.receive_message(3, Message("c", "From a contact", 3, app.clock()))
    assert len(writes(app)) == 1


def test_every_write_is_told_when_kept_and_a_refusal_once(tutorial_data: ChatData) -> None:
    app = App(tutorial_data)
    kept: list[int] = []
    app.flux.journal.on_saved(lambda: kept.append(1))
    app.actions.send_message(2, "one")
    assert app.flux.journal.pending
    app.clock.run_all()
    assert kept == [1] and not app.flux.journal.pending
    app.database.refuse = True
    app.actions.send_message(2, "two")
    app.actions.send_message(2, "three")
    app.clock.run_all()
    assert app.notices == [SAVE_REFUSED] and kept == [1]
    texts = [m.contents for m in app.messages.get_chat_by_user_id(2).messages]
    assert texts[-2:] == ["two", "three"], "the app goes on"


def test_a_stopped_journal_writes_nothing(tutorial_data: ChatData) -> None:
    app = App(tutorial_data)
    app.flux.journal.stop()
    assert app.flux.journal.stopped
    app.actions.send_message(2, "after the reset")
    assert writes(app) == []


def test_writes_not_yet_kept_can_be_handed_over_in_order(tutorial_data: ChatData) -> None:
    app = App(tutorial_data)
    app.actions.send_message(2, "one")
    app.actions.open_chat(3)
    unconfirmed = [json.loads(text) for text in app.flux.journal.unconfirmed()]
    assert [change.get("messages", [{}])[0].get("contents") for change in unconfirmed] == [
        "one",
        None,
    ]
    app.clock.run_all()
    assert app.flux.journal.unconfirmed() == []
    app.actions.send_message(2, "two")
    app.flux.journal.stop()
    assert app.flux.journal.unconfirmed() == [], "a reset hands nothing over"


def test_changes_made_while_a_write_is_in_flight_wait_as_one_batch(
    tutorial_data: ChatData,
) -> None:
    app = App(tutorial_data)
    app.actions.send_message(2, "first")
    for number in range(100):
        app.actions.open_chat(3 if number % 2 else 4)
        app.actions.send_message(2, f"meanwhile {number}")
    assert len(app.flux.journal.unconfirmed()) == 2, "one write in flight, one waiting"
    app.clock.run_all()
    first, batch = writes(app)
    assert [m["contents"] for m in first["messages"]] == ["first"]
    assert [m["contents"] for m in batch["messages"]] == [f"meanwhile {n}" for n in range(100)]
    assert sorted(c["id"] for c in batch["chats"]) == [2, 3, 4], "each chat once, the latest"
    assert batch["meta"] == {"openChat": 3}
    stored = app.stored()
    assert stored.open_chat_user_id == 3
    store_chat = app.messages.get_chat_by_user_id(2)
    assert stored.data.chats[2].last_message == store_chat.last_message
    assert stored.data.chats[2].last_access == store_chat.last_access
    assert not app.flux.journal.pending
