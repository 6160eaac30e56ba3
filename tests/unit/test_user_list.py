"""The user list: the tutorial's list, newest first, only its window built, items reused."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

import pytest

from chat.model import Chat, ChatData, LastAccess, Message, User, is_new, is_unread
from chat.render import VNode
from chat.views import ListWindow, Memo, user_list
from chat.views.user_list import avatar, initials, shows_as_image
from chat.views.window import ITEM_HEIGHT, newest_first
from tests.unit.ports import NOW, classes, find, find_all, render_box, text_of

ALL = ListWindow(0, 1_000)


def render_list(data: ChatData, open_id: int = 2, memo: Memo | None = None) -> VNode:
    ordered = newest_first(data.chats)
    return user_list(ordered, ALL, open_id, data.current_user.id, NOW, UTC, memo or Memo())


def test_the_user_list_has_the_tutorials_structure_and_order(tutorial_data: ChatData) -> None:
    root = render_list(tutorial_data)
    assert classes(root) == ["user-list"]
    (ul,) = root.children
    assert ul.tag == "ul" and classes(ul) == ["user-list__list"]
    assert [item.attrs["data-user-id"] for item in ul.children] == ["2", "4", "3"]
    assert [item.key for item in ul.children] == [2, 4, 3]
    ryan = ul.children[0]
    assert ryan.tag == "li"
    assert (
        find(ryan, "user-list__item__picture").children[0].attrs["src"].endswith("ryan-clark.svg")
    )
    name = find(ryan, "user-list__item__name")
    assert name.tag == "h2" and text_of(name).startswith("Ryan Clark")
    stamp = find(ryan, "user-list__item__timestamp")
    assert stamp.tag == "abbr"
    assert stamp.attrs["title"] == "Friday, 20 February 2015 at 22:03"
    assert text_of(stamp) == "20 Feb 2015"
    assert text_of(find(ryan, "user-list__item__message")) == "Hey, what's up?"


def test_active_new_and_icons_follow_the_tutorials_rules(tutorial_data: ChatData) -> None:
    ryan, todd, jilles = render_list(tutorial_data).children[0].children
    assert classes(ryan) == ["user-list__item", "user-list__item--active"]
    assert classes(todd) == ["user-list__item", "user-list__item--new"]
    assert classes(jilles) == ["user-list__item"]
    replied = find(ryan, "user-list__item__icon")
    assert classes(replied)[1] == "user-list__item__icon--replied"
    assert replied.attrs["aria-label"] == "Replied"
    unread = find(todd, "user-list__item__icon")
    assert classes(unread)[1] == "user-list__item__icon--unread"
    assert unread.attrs["aria-label"] == "Unread"
    assert find_all(jilles, "user-list__item__icon") == []


def test_an_unread_message_of_the_current_user_shows_unread_but_is_not_new(
    tutorial_data: ChatData,
) -> None:
    ryan = tutorial_data.chats[2]
    sent_elsewhere = replace(ryan, last_access=replace(ryan.last_access, current_user=0))
    assert is_unread(sent_elsewhere)
    assert not is_new(sent_elsewhere, current_user_id=1)
    chats = {**tutorial_data.chats, 2: sent_elsewhere}
    item = user_list(newest_first(chats), ALL, 3, 1, NOW, UTC, Memo()).children[0].children[0]
    assert "user-list__item--new" not in classes(item)
    assert "user-list__item__icon--unread" in classes(find(item, "user-list__item__icon"))


def test_an_unchanged_item_is_the_same_node_on_the_next_render(tutorial_data: ChatData) -> None:
    memo = Memo()
    first = render_list(tutorial_data, memo=memo).children[0].children
    chats = dict(tutorial_data.chats)
    chats[3] = replace(chats[3], messages=(*chats[3].messages, Message("x", "Hi", 1, NOW)))
    second = user_list(newest_first(chats), ALL, 2, 1, NOW, UTC, memo).children[0].children
    assert [item.key for item in second] == [3, 2, 4]
    assert second[1] is first[0]
    assert second[2] is first[1]
    assert second[0] is not first[2]


def test_opening_another_chat_rebuilds_only_the_two_items_involved(tutorial_data: ChatData) -> None:
    memo = Memo()
    ryan, todd, jilles = render_list(tutorial_data, 2, memo).children[0].children
    again = render_list(tutorial_data, 4, memo).children[0].children
    assert again[0] is not ryan and again[1] is not todd
    assert again[2] is jilles


def many_chats(count: int) -> dict[int, Chat]:
    template = Chat(User(2, "x", "a.svg"), LastAccess(0, 10**9), ())
    return {
        user_id: replace(
            template,
            user=User(user_id, f"Contact {user_id}", "a.svg"),
            messages=(Message("m0", f"hello {user_id}", user_id, 1_000_000 - user_id),),
        )
        for user_id in range(2, count + 2)
    }


def test_a_long_user_list_builds_only_its_window_between_spacers() -> None:
    ordered = newest_first(many_chats(1_000))
    root = user_list(ordered, ListWindow(100, 120), 2, 1, NOW, UTC, Memo())
    above, *items, below = root.children[0].children
    assert [item.attrs["data-user-id"] for item in items] == [str(n) for n in range(102, 122)]
    assert classes(above) == ["user-list__spacer"] and above.attrs["aria-hidden"] == "true"
    assert above.attrs["style"] == f"height: {100 * ITEM_HEIGHT}px"
    assert below.attrs["style"] == f"height: {880 * ITEM_HEIGHT}px"


def test_the_list_stays_one_tab_stop_when_the_open_chat_is_scrolled_away() -> None:
    ordered = newest_first(many_chats(1_000))
    memo = Memo()

    def tab_stops(window: ListWindow) -> list[str]:
        items = user_list(ordered, window, 2, 1, NOW, UTC, memo).children[0].children
        return [item.attrs["data-user-id"] for item in items if item.attrs.get("tabindex") == "0"]

    assert tab_stops(ListWindow(0, 20)) == ["2"], "the open chat, when shown"
    assert tab_stops(ListWindow(100, 120)) == ["102"], "else the first chat shown"
    assert tab_stops(ListWindow(1, 20)) == ["3"]


def test_a_short_user_list_has_no_spacers(tutorial_data: ChatData) -> None:
    items = render_list(tutorial_data).children[0].children
    assert all(classes(item)[0] == "user-list__item" for item in items)


def test_the_list_is_a_listbox_whose_open_chat_is_selected_and_focusable(
    tutorial_data: ChatData,
) -> None:
    ul = render_list(tutorial_data).children[0]
    assert ul.attrs["role"] == "listbox" and ul.attrs["aria-label"] == "Chats"
    roles = [(i.attrs["role"], i.attrs["aria-selected"], i.attrs["tabindex"]) for i in ul.children]
    assert roles == [("option", "true", "0"), ("option", "false", "-1"), ("option", "false", "-1")]
    box = render_box(tutorial_data.chats[2])
    assert box.children[0].attrs["role"] == "log"


@pytest.mark.parametrize(
    "picture",
    [
        "static/img/avatars/ryan-clark.svg",
        "./avatars/a.png",
        "/static/a.png",
        "a/b:c.png",
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
        "DATA:image/png;base64,AAAA",
    ],
)
def test_a_relative_path_or_data_url_is_shown_as_the_picture(picture: str) -> None:
    assert shows_as_image(picture)
    node = avatar(User(7, "Ryan Clark", picture, "Online"))
    assert node.tag == "img" and node.attrs == {"src": picture, "alt": ""}


@pytest.mark.parametrize(
    "picture",
    [
        "https://example.com/a.png",
        "http://example.com/a.png",
        "HTTPS://example.com/a.png",
        "//example.com/a.png",
        "/\\example.com/a.png",
        "\\\\example.com/a.png",
        "  https://example.com/a.png",
        "ht\ntps://example.com/a.png",
        "javascript:alert(1)",
        "blob:https://example.com/0",
        "file:///home/ryan/a.png",
    ],
)
def test_a_picture_anywhere_else_is_never_requested_the_initials_take_its_place(
    picture: str,
) -> None:
    assert not shows_as_image(picture)
    node = avatar(User(7, "Ryan Clark", picture, "Online"))
    assert node.tag == "span" and classes(node) == ["user-list__item__initials"]
    assert text_of(node) == "RC"
    assert node.attrs["aria-hidden"] == "true"  # decorative, as the picture's alt="" is


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ryan Clark", "RC"),
        ("Todd", "T"),
        ("jilles van der soeters", "JS"),
        ("  Mary   Ann Smith ", "MS"),
        ("Émile Zola", "ÉZ"),
        ("E\u0301mile Zola", "E\u0301Z"),  # the accent stays with its letter
        ("李 小龙", "李小"),
        ("🦊 Fox", "🦊F"),
        ("👩\u200d💻 Dev", "👩\u200d💻D"),  # one emoji of three code points
        ("👍🏽 Thumbs", "👍🏽T"),
        ("🇫🇷 Paris", "🇫🇷P"),
        ("Ryan (work)", "R"),
        ("ßen", "ß"),  # not "SS": one initial stays one character
        ("...", "?"),
        ("- -", "?"),
    ],
)
def test_initials_are_the_first_characters_of_the_first_and_last_words(
    name: str, expected: str
) -> None:
    assert initials(name) == expected


def test_the_tutorials_list_shows_initials_only_for_a_picture_on_another_site(
    tutorial_data: ChatData,
) -> None:
    todd = tutorial_data.chats[4]
    elsewhere = replace(todd.user, profile_picture="https://example.com/todd.png")
    data = replace(tutorial_data, chats={**tutorial_data.chats, 4: replace(todd, user=elsewhere)})
    ryan, todd_item, jilles = render_list(data).children[0].children
    pictures = [find(item, "user-list__item__picture").children[0] for item in (ryan, jilles)]
    assert [picture.tag for picture in pictures] == ["img", "img"]
    assert text_of(find(todd_item, "user-list__item__initials")) == "TM"  # Todd Motto
