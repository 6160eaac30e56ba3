"""Simulated contacts: they read, then sometimes reply, as server actions, at a seeded pace."""

from __future__ import annotations

from chat.contacts import FAST, REPLIES, Pace
from chat.model import ChatData
from tests.unit.ports import FakeClock, Tab


def test_a_contact_reads_then_replies_as_server_actions(tutorial_data: ChatData) -> None:
    clock = FakeClock()
    tab = Tab(tutorial_data, clock, "a", FAST)
    sources: list[str] = []
    tab.dispatcher.add_observer(lambda payload: sources.append(payload.source))
    tab.actions.send_message(3, "Ping pong?")
    tab.actions.open_chat(2)
    clock.run_all()
    chat = tab.messages.get_chat_by_user_id(3)
    assert chat.last_access.recipient >= chat.messages[1].timestamp, "the contact read it"
    assert chat.last_message.sender == 3 and chat.last_message.contents in REPLIES
    assert sources[:2] == ["view", "view"] and set(sources[2:]) == {"server"}
    assert tab.unread.get_unread_count() == 2, "a reply in a chat that is not open is unread"


def test_the_same_seed_gives_the_same_replies(tutorial_data: ChatData) -> None:
    def replies() -> list[str]:
        clock = FakeClock()
        tab = Tab(tutorial_data, clock, "a", FAST)
        for n in range(6):
            tab.actions.send_message(2 + n % 3, f"message {n}")
            clock.run_all()
        return [tab.texts(user_id)[-1] for user_id in (2, 3, 4)]

    assert replies() == replies()


def test_contacts_answer_only_sometimes_at_the_normal_pace(tutorial_data: ChatData) -> None:
    clock = FakeClock()
    pace = Pace(read_after=(1_000, 2_000), reply_after_read=(1_000, 2_000), reply_chance=0.5)
    tab = Tab(tutorial_data, clock, "a", pace)
    for n in range(20):
        tab.actions.send_message(2, f"m{n}")
        clock.run_all()
    replies = sum(1 for m in tab.messages.get_chat_by_user_id(2).messages if m.sender == 2)
    assert 1 < replies - 1 < 20
