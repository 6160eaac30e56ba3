"""Loading history: chats cut back to their summary load again from the database, a page at a
time, as the person scrolls up; what arrives is a server action, so the inspector replays it."""

from __future__ import annotations

import json

from chat.actions import ReceiveMessages
from chat.compose import compose
from chat.inspector import replay, state_of
from chat.model import Chat, ChatData, LastAccess, Message, User, is_new
from chat.stored import PAGE, stored_from_json
from chat.stores.messages_store import KEEP_LOADED
from tests.unit.fake_dom import inner_html
from tests.unit.ports import QUIET, App

ME = User(1, "Me", "me.svg")
T0 = 1_700_000_000_000


def long_history(chats: int = KEEP_LOADED + 3, long_chat: int = 3 * PAGE + 7) -> ChatData:
    """`chats` chats; the first (user 2) has `long_chat` messages, the others three."""
    result = {}
    for index in range(chats):
        user_id = index + 2
        count = long_chat if index == 0 else 3
        messages = tuple(
            Message(f"m{user_id}-{n}", f"Message {n} to {user_id}", (1, user_id)[n % 2], T0 + n)
            for n in range(count)
        )
        result[user_id] = Chat(
            User(user_id, f"Contact {user_id}", "a.svg"), LastAccess(0, 0), messages
        )
    return ChatData(ME, result)


def open_others(app: App, count: int = KEEP_LOADED) -> None:
    for user_id in range(3, 3 + count):
        app.actions.open_chat(user_id)


def test_a_chat_opened_long_ago_is_cut_back_to_its_summary() -> None:
    data = long_history()
    app = App(data)
    app.flux.app.start()
    open_others(app)
    chat = app.messages.get_chat_by_user_id(2)
    assert chat.messages == data.chats[2].messages[-1:] and chat.older
    loaded = sum(len(c.messages) for c in app.messages.get_all_chats().values())
    assert loaded <= KEEP_LOADED * 3 + len(data.chats), "held messages are bounded by use"


def test_opening_it_again_shows_a_loading_row_then_its_newest_messages() -> None:
    data = long_history()
    app = App(data)
    app.flux.app.start()
    open_others(app)
    app.actions.open_chat(2)
    html = inner_html(app.root)
    assert "Loading earlier messages" in html
    assert f"Message {3 * PAGE + 6} to 2" in html, "the summary's message at once"
    assert app.flux.loader.reads == 1
    app.clock.run_all()  # the database answers
    chat = app.messages.get_chat_by_user_id(2)
    assert chat.messages == data.chats[2].messages[-PAGE - 1 :], "one page, before the summary"
    assert f"Message {3 * PAGE + 6 - 10} to 2" in inner_html(app.root)
    kinds = [type(e.payload.action) for e in app.flux.inspector.entries]
    assert ReceiveMessages in kinds, "loaded messages arrive as a server action"


def test_scrolling_up_loads_every_earlier_page_once_and_in_order() -> None:
    data = long_history()
    app = App(data)
    app.flux.app.start()
    open_others(app)
    app.actions.open_chat(2)
    for _ in range(20):
        app.clock.run_all()
        if not app.flux.app.show_earlier_messages():
            app.clock.run_all()
            if not app.messages.get_chat_by_user_id(2).older:
                break
    chat = app.messages.get_chat_by_user_id(2)
    assert not chat.older
    assert chat.messages == data.chats[2].messages, "every message once, in order"
    assert "Loading earlier messages" not in inner_html(app.root)


def test_the_inspector_replays_the_loads_exactly() -> None:
    data = long_history()
    app = App(data)
    app.flux.app.start()
    open_others(app)
    app.actions.open_chat(2)
    app.clock.run_all()
    inspector = app.flux.inspector
    replayed = replay(inspector.initial, [e.payload for e in inspector.entries])
    assert state_of(replayed) == state_of(app.flux.stores)


def test_a_message_arriving_in_a_summary_is_shown_after_it_and_kept() -> None:
    data = long_history()
    app = App(data)
    open_others(app)
    app.server.receive_message(2, Message("new", "Fresh", 2, T0 + 10_000))
    chat = app.messages.get_chat_by_user_id(2)
    assert [m.id for m in chat.messages][-2:] == [data.chats[2].messages[-1].id, "new"]
    assert app.stored().data.chats[2].last_message.id == "new"


def test_unreadable_records_are_skipped_and_told_once_and_the_rest_loads() -> None:
    data = long_history()
    app = App(data)
    open_others(app)
    # Another page of the site wrote records this app must not take in.
    bad = [
        {"chat": 2, "id": "x1", "contents": 5, "from": 1, "timestamp": T0 - 2},
        {"chat": 2, "id": "x2", "contents": "from a stranger", "from": 99, "timestamp": T0 - 1},
    ]
    app.database.write(json.dumps({"messages": bad}), lambda kept: None)
    app.actions.open_chat(2)
    for _ in range(20):
        app.clock.run_all()
        app.flux.app.show_earlier_messages()
    chat = app.messages.get_chat_by_user_id(2)
    assert chat.messages == data.chats[2].messages and not chat.older
    assert len([n for n in app.notices if "could not be read" in n]) == 1


def test_a_page_of_only_unreadable_records_is_read_past() -> None:
    data = long_history(long_chat=5)
    app = App(data)
    open_others(app)
    bad = [
        {"chat": 2, "id": f"x{n}", "contents": None, "from": 1, "timestamp": T0 - 100 + n}
        for n in range(PAGE + 5)
    ]
    app.database.write(json.dumps({"messages": bad}), lambda kept: None)
    app.actions.open_chat(2)
    for _ in range(10):
        app.clock.run_all()
        app.flux.app.show_earlier_messages()
    chat = app.messages.get_chat_by_user_id(2)
    assert chat.messages == data.chats[2].messages
    assert not chat.older, "the loader read on past the unreadable page to the start"


def test_a_start_with_only_the_newest_chats_reads_the_rest_in_the_background() -> None:
    data = long_history(chats=30)
    app = App(data)
    database = app.database
    stored = stored_from_json(database.start(PAGE, first=5))
    assert stored is not None and stored.more == 5
    assert len(stored.data.chats) == 5
    ports = app.ports
    flux = compose(stored.data, stored.open_chat_user_id, ports, QUIET)
    flux.app.start()
    flux.loader.more_chats(stored.more, step=7)
    app.clock.run_all()
    assert flux.loader.all_chats
    chats = flux.stores.messages.get_all_chats()
    assert sorted(chats) == sorted(data.chats), "every chat once"
    for user_id, chat in chats.items():
        assert chat.last_message == data.chats[user_id].last_message
    # The unread counter counts the chats read later too.
    unread = sum(is_new(chat, ME.id) for chat in data.chats.values())
    assert flux.stores.unread.get_unread_count() == unread
