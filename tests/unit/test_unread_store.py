"""The unread store: the count of unread chats follows the messages store through wait_for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chat.actions import OpenChat, Payload, UpdateLastAccess
from chat.model import ChatData, Message, is_new
from chat.stores import reduce_chats
from tests.unit.histories import ME, histories, start
from tests.unit.ports import World


@pytest.mark.parametrize("unread_first", [False, True])
def test_the_unread_count_follows_the_messages_store_through_wait_for(
    tutorial_data: ChatData, unread_first: bool
) -> None:
    world = World(tutorial_data, unread_first)
    counts: list[int] = []
    world.unread.subscribe(lambda: counts.append(world.unread.get_unread_count()))
    assert world.unread.get_unread_count() == 1  # Todd
    world.server.receive_message(3, Message("r", "Reply", 3, 1_500_000_000_000))
    assert counts == [2]
    world.dispatcher.handle_view_action(OpenChat(3, 1_500_000_000_001))
    world.dispatcher.handle_view_action(OpenChat(4, 1_500_000_000_002))
    assert counts == [2, 1, 0]
    world.dispatcher.handle_view_action(OpenChat(4, 1_500_000_000_003))
    assert counts == [2, 1, 0], "no change announced when the count did not move"


def recount(world: World) -> frozenset[int]:
    chats = world.messages.get_all_chats()
    return frozenset(uid for uid, chat in chats.items() if is_new(chat, ME))


@settings(max_examples=200, deadline=None)
@given(st.data(), st.booleans())
def test_the_unread_set_is_always_what_a_full_recount_finds(
    data: st.DataObject, unread_first: bool
) -> None:
    chat_data: ChatData = data.draw(start())
    world = World(chat_data, unread_first)
    assert world.unread.get_state() == recount(world)
    for action in data.draw(histories(chat_data)):
        world.dispatcher.dispatch(Payload("server", action))
        assert world.unread.get_state() == recount(world)


def test_a_state_that_does_not_follow_on_the_one_counted_is_counted_in_full(
    tutorial_data: ChatData,
) -> None:
    world = World(tutorial_data)
    assert world.unread.get_state() == {4}
    # Two reductions the unread store never saw: what the last one says changed is not enough.
    state = world.messages.get_state()
    state = reduce_chats(state, UpdateLastAccess(4, current_user=2_000_000_000_000), ME)
    world.messages._state = reduce_chats(state, UpdateLastAccess(3, recipient=1), ME)
    world.dispatcher.handle_view_action(OpenChat(2, 1))
    assert world.unread.get_state() == frozenset()
