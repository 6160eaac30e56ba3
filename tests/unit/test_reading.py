"""Reading what is on screen: a message arriving in the open chat is read at once."""

from __future__ import annotations

from chat.contacts import FAST
from chat.model import ChatData
from tests.unit.ports import FakeClock, Tab


def test_a_reply_in_the_open_chat_is_read_at_once(tutorial_data: ChatData) -> None:
    clock = FakeClock()
    tab = Tab(tutorial_data, clock, "a", FAST)
    tab.actions.send_message(2, "Still there?")
    clock.run_all()
    assert tab.messages.get_chat_by_user_id(2).last_message.sender == 2
    assert tab.unread.get_unread_count() == 1, "only Todd, as at the start"
