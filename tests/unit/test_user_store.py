"""The user store: who the current user is."""

from __future__ import annotations

from chat.model import ChatData
from tests.unit.ports import make_stores


def test_the_user_store_answers_who_the_current_user_is(tutorial_data: ChatData) -> None:
    _, users, _ = make_stores(tutorial_data)
    assert users.get_current_user().name == "John Doe"
