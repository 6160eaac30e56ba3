"""Messages from elsewhere: the merge rules of the messages store and the unread count."""

from __future__ import annotations

from typing import Any

import pytest

from chat.actions import OpenChat, ReceiveMessage, ServerActions
from chat.dispatcher import AppDispatcher
from chat.model import ChatData, Message
from chat.stores import MessagesStore, UnreadStore, UserStore


class World:
    def __init__(self, data: ChatData, unread_first: bool = False) -> None:
        self.dispatcher = AppDispatcher()
        self.users = UserStore(self.dispatcher, data.current_user)
        if unread_first:
            # Registered before the messages store: only wait_for makes its count right.
            placeholder = MessagesStore(AppDispatcher(), self.users, data.chats)
            self.unread = UnreadStore(self.dispatcher, placeholder, self.users)
            self.messages = MessagesStore(self.dispatcher, self.users, data.chats)
            self.unread._messages = self.messages
        else:
            self.messages = MessagesStore(self.dispatcher, self.users, data.chats)
            self.unread = UnreadStore(self.dispatcher, self.messages, self.users)
        self.server = ServerActions(self.dispatcher)

    def texts(self, user_id: int) -> list[str]:
        return [m.contents for m in self.messages.get_chat_by_user_id(user_id).messages]


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


def test_received_actions_are_values(tutorial_data: ChatData) -> None:
    world = World(tutorial_data)
    seen: list[Any] = []
    world.dispatcher.add_observer(seen.append)
    world.server.receive_message(3, Message("r", "Reply", 3, 5))
    assert seen[0].action == ReceiveMessage(3, Message("r", "Reply", 3, 5))
