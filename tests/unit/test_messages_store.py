"""The messages store: the tutorial's queries, changes only by actions, and the merge rules."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from chat.actions import (
    OpenChat,
    Payload,
    ReceiveMessage,
    ReceiveMessages,
    SendMessage,
    UpdateLastAccess,
)
from chat.dispatcher import AppDispatcher, Dispatcher
from chat.model import ChatData, Message
from chat.stores import Chats, MessagesStore, UnknownChatError, UserStore, reduce_chats
from chat.stores.messages_store import KEEP_LOADED
from tests.unit.ports import FakeClock, Tab, World, make_stores, open_chat, send


def test_the_first_chat_is_open_at_start(tutorial_data: ChatData) -> None:
    _, _, messages = make_stores(tutorial_data)
    assert messages.get_open_chat_user_id() == 2
    assert messages.get_chat_by_user_id(2) is tutorial_data.chats[2]
    assert list(messages.get_all_chats()) == [2, 3, 4]


def test_opening_a_chat_makes_it_open_and_sets_its_last_access(tutorial_data: ChatData) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    dispatcher.handle_view_action(open_chat(4, 1_500_000_000_000))
    assert messages.get_open_chat_user_id() == 4
    assert messages.get_chat_by_user_id(4).last_access.current_user == 1_500_000_000_000
    assert messages.get_chat_by_user_id(4).last_access.recipient == 1424423579000


def test_sending_appends_a_message_from_the_current_user(tutorial_data: ChatData) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    dispatcher.handle_view_action(send(3, "Sure!", 1_500_000_000_000))
    chat = messages.get_chat_by_user_id(3)
    assert [(m.contents, m.sender) for m in chat.messages] == [
        ("Want a game of ping pong?", 3),
        ("Sure!", 1),
    ]
    assert chat.last_message.timestamp == 1_500_000_000_000
    assert chat.last_access.current_user == 1_500_000_000_000
    assert messages.get_open_chat_user_id() == 2


def test_state_is_replaced_not_mutated(tutorial_data: ChatData) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    before = messages.get_all_chats()
    ryan, todd = before[2], before[4]
    dispatcher.handle_view_action(send(2, "new", 1_500_000_000_000))
    after = messages.get_all_chats()
    assert after is not before
    assert after[4] is todd, "an untouched chat is the same object"
    assert after[2] is not ryan
    assert len(ryan.messages) == 2, "the old chat object did not change"
    with pytest.raises(TypeError):
        after[2] = ryan  # type: ignore[index]


def test_quick_sends_in_the_same_millisecond_keep_order_and_unique_ids(
    tutorial_data: ChatData,
) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    for n in range(5):
        dispatcher.handle_view_action(send(2, f"m{n}", 1_500_000_000_000))
    chat = messages.get_chat_by_user_id(2)
    assert [m.contents for m in chat.messages[2:]] == ["m0", "m1", "m2", "m3", "m4"]
    assert len({m.id for m in chat.messages}) == len(chat.messages)


def test_reopening_the_open_chat_with_nothing_new_announces_nothing(
    tutorial_data: ChatData,
) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    seen: list[str] = []
    messages.subscribe(lambda: seen.append("change"))
    dispatcher.handle_view_action(open_chat(2, 1_000))
    assert seen == []


def test_sending_waits_for_the_user_store(tutorial_data: ChatData) -> None:
    dispatcher = AppDispatcher()
    order: list[str] = []

    class LoggingUserStore(UserStore):
        def _on_dispatch(self, payload: Any) -> bool:
            order.append("users")
            return False

    # Registered after the messages store, so only wait_for can make it run first.
    placeholder = UserStore(Dispatcher[Payload](), tutorial_data.current_user)
    messages = MessagesStore(dispatcher, placeholder, tutorial_data.chats)
    users = LoggingUserStore(dispatcher, tutorial_data.current_user)
    messages._user_store = users
    messages.subscribe(lambda: order.append("messages"))
    dispatcher.handle_view_action(send(2, "hi", 1_500_000_000_000))
    assert order == ["users", "messages"]


def test_an_unknown_chat_is_a_clear_error_and_changes_nothing(tutorial_data: ChatData) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    with pytest.raises(
        UnknownChatError, match=r"updateOpenChatID: no chat with user id 9 \(known: 2, 3, 4\)"
    ):
        dispatcher.handle_view_action(open_chat(9, 1))
    assert messages.get_open_chat_user_id() == 2
    assert not dispatcher.is_dispatching()
    dispatcher.handle_view_action(open_chat(3, 1_500_000_000_000))
    assert messages.get_open_chat_user_id() == 3


# The messages store as a reducer.


def chats_of(data: ChatData) -> Chats:
    return Chats(data.chats, 2)


def test_reduce_is_pure_and_returns_the_same_state_when_nothing_changes(
    tutorial_data: ChatData,
) -> None:
    state = chats_of(tutorial_data)
    assert reduce_chats(state, OpenChat(2, 1), 1) is state, "already open, already read"
    assert reduce_chats(state, UpdateLastAccess(3), 1) is state
    sent = reduce_chats(state, SendMessage(2, "Hi", 1_500_000_000_000, "t-1"), 1)
    assert sent is not state and state.chats[2] is tutorial_data.chats[2], "state not mutated"
    assert sent.chats[3] is state.chats[3], "an untouched chat is the same object"
    assert reduce_chats(sent, SendMessage(2, "Hi", 1_500_000_000_000, "t-1"), 1) is sent


def test_a_known_id_is_ignored_whatever_its_time(tutorial_data: ChatData) -> None:
    state = chats_of(tutorial_data)
    first = state.chats[2].messages[0]
    again = Message(first.id, "Same id, later", 2, first.timestamp + 10**9)
    assert reduce_chats(state, ReceiveMessage(2, again), 1) is state


# Messages from elsewhere: the merge rules.


def test_a_received_message_is_added_in_time_order(tutorial_data: ChatData) -> None:
    world = World(tutorial_data)
    world.server.receive_message(2, Message("late", "Late", 2, 1424469795000))
    world.server.receive_message(2, Message("early", "Early", 2, 1424469793500))
    assert world.texts(2) == ["Hey!", "Early", "Hey, what's up?", "Late"]


def test_a_message_received_twice_is_kept_once(tutorial_data: ChatData) -> None:
    world = World(tutorial_data)
    changes: list[int] = []
    world.messages.subscribe(lambda: changes.append(1))
    for _ in range(3):
        world.server.receive_message(3, Message("same", "Once", 3, 1424352523000))
    assert world.texts(3) == ["Want a game of ping pong?", "Once"]
    assert changes == [1]


def test_messages_of_the_same_millisecond_are_ordered_by_id(tutorial_data: ChatData) -> None:
    first, second = World(tutorial_data), World(tutorial_data)
    a = Message("tabA-500-1", "from A", 1, 1_500_000_000_000)
    b = Message("tabB-500-1", "from B", 1, 1_500_000_000_000)
    first.server.receive_message(3, a)
    first.server.receive_message(3, b)
    second.server.receive_message(3, b)
    second.server.receive_message(3, a)
    assert first.texts(3)[1:] == second.texts(3)[1:] == ["from A", "from B"]


def test_out_of_order_arrivals_give_the_same_order_everywhere(tutorial_data: ChatData) -> None:
    messages = [Message(f"m{n}", f"text {n}", 1 + n % 2, 1_500_000_000_000 + n) for n in range(8)]
    forwards, backwards = World(tutorial_data), World(tutorial_data)
    for message in messages:
        forwards.server.receive_message(
            2,
            Message(
                message.id, message.contents, 2 if message.sender == 2 else 1, message.timestamp
            ),
        )
    for message in reversed(messages):
        backwards.server.receive_message(
            2,
            Message(
                message.id, message.contents, 2 if message.sender == 2 else 1, message.timestamp
            ),
        )
    assert forwards.texts(2) == backwards.texts(2)
    assert forwards.texts(2)[2:] == [f"text {n}" for n in range(8)]


def test_an_own_message_from_another_tab_counts_as_read(tutorial_data: ChatData) -> None:
    world = World(tutorial_data)
    world.server.receive_message(4, Message("x", "Mine", 1, 1_500_000_000_000), remote=True)
    chat = world.messages.get_chat_by_user_id(4)
    assert chat.last_access.current_user == 1_500_000_000_000


def test_a_message_from_a_stranger_is_refused(tutorial_data: ChatData) -> None:
    world = World(tutorial_data)
    with pytest.raises(ValueError, match=r"a message in the chat with 3 cannot come from 4"):
        world.server.receive_message(3, Message("x", "Hi", 4, 1))
    assert world.texts(3) == ["Want a game of ping pong?"]


def test_last_access_only_moves_forward(tutorial_data: ChatData) -> None:
    world = World(tutorial_data)
    world.server.update_last_access(2, recipient=1424469799999)
    world.server.update_last_access(2, recipient=1, current_user=2)
    access = world.messages.get_chat_by_user_id(2).last_access
    assert (access.recipient, access.current_user) == (1424469799999, 1424469794080)


def test_received_messages_use_the_given_ids(tutorial_data: ChatData) -> None:
    tab = Tab(tutorial_data, FakeClock(), "a")
    tab.server.receive_message(2, Message("given-id", "Hi", 2, 1_900_000_000_000))
    assert tab.messages.get_chat_by_user_id(2).last_message.id == "given-id"


def test_a_known_id_is_ignored_in_a_long_chat_from_any_earlier_state(
    tutorial_data: ChatData,
) -> None:
    # Long chats keep their ids in a set handed from state to state; replaying from an older
    # state (as time travel does) must see the same ids as the newest state does.
    state = Chats(tutorial_data.chats, 2)
    states = [state]
    for n in range(300):
        message = Message(f"m{n}", f"text {n}", 2, 1_500_000_000_000 + n)
        state = reduce_chats(state, ReceiveMessage(2, message), 1)
        states.append(state)
    older = states[150]
    again = Message("m10", "again", 2, 1_600_000_000_000)
    assert reduce_chats(older, ReceiveMessage(2, again), 1) is older
    assert reduce_chats(state, ReceiveMessage(2, again), 1) is state
    late = Message("m200", "from the future of `older`", 2, 1_600_000_000_000)
    branched = reduce_chats(older, ReceiveMessage(2, late), 1)
    assert branched is not older and branched.chats[2].last_message is late
    assert reduce_chats(branched, ReceiveMessage(2, late), 1) is branched
    assert reduce_chats(state, ReceiveMessage(2, late), 1) is state


# Loaded history: earlier messages from the database, and chats cut back to their summary.


def chat_with_older(tutorial_data: ChatData, user_id: int = 2) -> Chats:
    chats = dict(tutorial_data.chats)
    chat = chats[user_id]
    chats[user_id] = replace(chat, messages=chat.messages[-1:], older=True)
    return Chats(chats, user_id, (user_id,))


def test_loaded_messages_go_before_the_loaded_ones_once(tutorial_data: ChatData) -> None:
    state = chat_with_older(tutorial_data)
    full = tutorial_data.chats[2].messages
    loaded = reduce_chats(state, ReceiveMessages(2, full[:-1], older=False), 1)
    assert loaded.chats[2].messages == full and not loaded.chats[2].older
    again = reduce_chats(loaded, ReceiveMessages(2, full[:-1], older=False), 1)
    assert again is loaded, "the same page twice changes nothing"


def test_a_load_that_reaches_no_further_keeps_the_chat_older(tutorial_data: ChatData) -> None:
    state = chat_with_older(tutorial_data)
    last = state.chats[2].messages[-1]
    newer = Message("n", "crossed the load", 2, last.timestamp + 1)
    state = reduce_chats(state, ReceiveMessages(2, (newer,), older=False), 1)
    assert state.chats[2].older, "a message after the first loaded says nothing of the start"
    assert state.chats[2].messages[-1] == newer
    assert reduce_chats(state, ReceiveMessages(2, (), older=False), 1).chats[2].older is False


def test_loaded_messages_from_a_stranger_are_refused(tutorial_data: ChatData) -> None:
    state = chat_with_older(tutorial_data)
    stranger = Message("s", "hi", 99, 1)
    with pytest.raises(ValueError, match="cannot come from 99"):
        reduce_chats(state, ReceiveMessages(2, (stranger,), older=False), 1)


def test_a_message_older_than_what_is_loaded_waits_in_the_database(
    tutorial_data: ChatData,
) -> None:
    state = chat_with_older(tutorial_data)
    old = Message("o", "long ago", 2, 1)
    assert reduce_chats(state, ReceiveMessage(2, old), 1) is state


def test_only_the_chats_opened_last_keep_their_messages(tutorial_data: ChatData) -> None:
    chats = {uid: tutorial_data.chats[uid] for uid in tutorial_data.chats}
    base = tutorial_data.chats[2]
    for uid in range(10, 10 + KEEP_LOADED + 2):
        chats[uid] = replace(base, user=replace(base.user, id=uid))
    state = Chats(chats, 2, (2,))
    for uid in range(10, 10 + KEEP_LOADED):
        state = reduce_chats(state, OpenChat(uid, NOW), 1)
    assert state.recent == tuple(range(10 + KEEP_LOADED - 1, 9, -1))
    assert state.chats[2].messages == base.messages[-1:] and state.chats[2].older
    assert state.chats[10].messages == base.messages, "still among the last opened"
    state = reduce_chats(state, OpenChat(10, NOW + 1), 1)
    assert state.recent[0] == 10 and state.chats[11].messages == base.messages


NOW = 1_800_000_000_000
