"""The user list's order kept by the messages store: always `newest_first` of its chats."""

from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from chat.actions import ReceiveChats, ReceiveMessage, SendMessage
from chat.model import Chat, ChatData, Message
from chat.stores import Chats, reduce_chats
from chat.stores.chat_order import ChatOrder, NewestFirst
from chat.views.window import newest_first
from tests.unit.histories import ME, histories, make_chat, start

history_examples = settings(max_examples=300, deadline=None)


def ids(chats: list[Chat]) -> list[int]:
    return [chat.user.id for chat in chats]


def test_the_order_is_newest_first_with_ties_in_the_datas_order() -> None:
    chats = {2: make_chat(2, 5), 3: make_chat(3, 9), 4: make_chat(4, 5), 5: make_chat(5, 9)}
    order = ChatOrder.of(chats)
    assert list(order.ids) == [3, 5, 2, 4]
    assert order.places == {2: 0, 3: 1, 4: 2, 5: 3}


def test_a_changed_chat_moves_to_its_place_and_only_a_new_time_moves_it() -> None:
    chats = {2: make_chat(2, 5), 3: make_chat(3, 9), 4: make_chat(4, 5)}
    state = Chats(chats, 2)
    sent = reduce_chats(state, SendMessage(4, "hi", 9, "s1"), ME)
    assert ids(list(sent.newest_first())) == [3, 4, 2], "a tie with 3, which comes first"
    again = reduce_chats(sent, ReceiveMessage(4, Message("r", "early", 4, 1)), ME)
    assert again.order is sent.order, "an earlier message leaves the last one"


def test_new_chats_are_merged_in_after_ties_with_the_ones_there() -> None:
    state = Chats({2: make_chat(2, 5), 3: make_chat(3, 1)}, 2)
    more = (make_chat(4, 0), make_chat(5, 5), make_chat(6, 9), make_chat(7, 1))
    received = reduce_chats(state, ReceiveChats(more), ME)
    assert list(received.order.ids) == [6, 2, 5, 3, 7, 4]
    assert received.changed == frozenset({4, 5, 6, 7})


def test_the_newest_first_sequence_reads_only_what_is_asked() -> None:
    chats = {2: make_chat(2, 1), 3: make_chat(3, 2), 4: make_chat(4, 3)}
    ordered = NewestFirst(ChatOrder(array("q", [4, 3, 2]), {}), chats)
    assert len(ordered) == 3
    assert ordered[0] is chats[4] and ordered[-1] is chats[2]
    assert ids(list(ordered[1:])) == [3, 2]


@history_examples
@given(st.data())
def test_the_kept_order_is_always_the_sorted_one(data: st.DataObject) -> None:
    chat_data: ChatData = data.draw(start())
    state = Chats(chat_data.chats, next(iter(chat_data.chats)))
    for action in data.draw(histories(chat_data)):
        before = state
        state = reduce_chats(state, action, ME)
        assert ids(list(state.newest_first())) == ids(newest_first(state.chats))
        # What a state rebuilt from its chats alone (time travel's) has.
        rebuilt = ChatOrder.of(state.chats)
        assert state.order.ids == rebuilt.ids and state.order.places == rebuilt.places
        if state is not before:
            assert state.version == before.version + 1
            assert state.changed == frozenset(
                uid for uid, chat in state.chats.items() if before.chats.get(uid) is not chat
            )
