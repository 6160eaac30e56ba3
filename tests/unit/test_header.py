"""The header: the unread badge, hidden at zero and labelled in words, and the page's title."""

from __future__ import annotations

from chat.views import page_title, unread_badge


def test_the_unread_badge_and_the_title() -> None:
    assert unread_badge(0).attrs["hidden"] == ""
    badge = unread_badge(2)
    assert badge.attrs["class"] == "header__unread" and "hidden" not in badge.attrs
    assert badge.attrs["aria-label"] == "2 unread chats"
    assert unread_badge(1).attrs["aria-label"] == "1 unread chat"
    assert page_title(0) == "Flux chat" and page_title(3) == "(3) Flux chat"
