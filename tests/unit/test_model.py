"""chat/model.py: the shapes are frozen data, and the queries views and stores ask of a chat."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chat.model import Chat, LastAccess, Message, User, in_chat, is_new, is_unread, message_id

ME, RYAN = 1, 2


def chat(*messages: tuple[int, int], seen_at: int) -> Chat:
    """A chat with Ryan of `(sender, timestamp)` messages, last seen by me at `seen_at`."""
    return Chat(
        User(RYAN, "Ryan Clark", "static/img/avatars/ryan-clark.svg"),
        LastAccess(recipient=0, current_user=seen_at),
        tuple(
            Message(message_id(sender, time, index), "Hey!", sender, time)
            for index, (sender, time) in enumerate(messages)
        ),
    )


def test_the_last_message_is_the_last_one_sent() -> None:
    assert chat((RYAN, 5), (ME, 9), seen_at=9).last_message == Message("1-1-9", "Hey!", ME, 9)


def test_a_chat_is_unread_when_its_last_message_is_newer_than_the_last_look() -> None:
    assert is_unread(chat((RYAN, 5), seen_at=4))
    assert not is_unread(chat((RYAN, 5), seen_at=5))
    assert not is_unread(chat((RYAN, 5), seen_at=6))


def test_a_chat_is_new_when_unread_and_the_other_person_wrote_last() -> None:
    assert is_new(chat((ME, 3), (RYAN, 5), seen_at=4), current_user_id=ME)
    assert not is_new(chat((RYAN, 3), (ME, 5), seen_at=4), current_user_id=ME)
    assert not is_new(chat((ME, 3), (RYAN, 5), seen_at=5), current_user_id=ME)


def test_a_message_id_is_made_from_its_place_sender_and_time() -> None:
    assert message_id(2, 1424469793023, 0) == "0-2-1424469793023"
    assert message_id(2, 5, 0) != message_id(2, 5, 1)


def test_a_message_in_a_chat_comes_from_one_of_its_two_people() -> None:
    assert in_chat(ME, RYAN, ME) and in_chat(RYAN, RYAN, ME)
    assert not in_chat(3, RYAN, ME)


def test_the_shapes_are_frozen() -> None:
    ryan = chat((RYAN, 5), seen_at=4)
    with pytest.raises(AttributeError):
        ryan.messages = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        ryan.messages[0].contents = "changed"  # type: ignore[misc]
    assert replace(ryan.messages[0], contents="changed").contents == "changed"
