"""The unread store: the count of unread chats follows the messages store through wait_for."""

from __future__ import annotations

import pytest

from chat.actions import OpenChat
from chat.model import ChatData, Message
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
