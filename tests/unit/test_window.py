"""Windows over long lists: what part of a chat or of the user list is in the DOM."""

from __future__ import annotations

from dataclasses import replace

from chat.model import Chat, ChatData, LastAccess, Message, User
from chat.views.window import (
    ITEM_HEIGHT,
    MAX_MESSAGES,
    OVERSCAN,
    PAGE,
    ListWindow,
    MessageWindow,
    Windows,
    newest_first,
)


def chat(count: int, user_id: int = 2) -> Chat:
    messages = tuple(Message(f"m{n}", f"text {n}", user_id, n) for n in range(count))
    return Chat(User(user_id, "Someone", "a.svg"), LastAccess(0, 0), messages)


def append(old: Chat, sender: int) -> Chat:
    n = len(old.messages)
    return replace(old, messages=(*old.messages, Message(f"m{n}", "new", sender, n)))


def test_a_chat_opens_at_its_newest_page() -> None:
    assert MessageWindow.newest(chat(10_000)) == MessageWindow(2, 10_000 - PAGE, 10_000)
    assert MessageWindow.newest(chat(3)) == MessageWindow(2, 0, 3)


def test_scrolling_up_adds_a_page_and_drops_the_newest_beyond_the_maximum() -> None:
    window = MessageWindow.newest(chat(10_000))
    for _ in range(5):
        window = window.earlier()
    assert window.end - window.start == MAX_MESSAGES
    assert window.start == 10_000 - 6 * PAGE
    assert window.has_earlier


def test_earlier_and_later_stop_at_the_ends() -> None:
    long_chat = chat(100)
    window = MessageWindow.newest(long_chat).earlier().earlier().earlier()
    assert window.start == 0 and not window.has_earlier
    assert window.earlier() == window
    while window.has_later(long_chat):
        window = window.later(long_chat)
    assert window.end == 100 and window.end - window.start <= MAX_MESSAGES


def test_a_window_at_the_newest_follows_new_messages() -> None:
    old = chat(MAX_MESSAGES)
    window = MessageWindow(2, 0, MAX_MESSAGES)
    new = append(old, sender=2)
    assert window.follow(new, MAX_MESSAGES, current_user_id=1) == MessageWindow(
        2, 1, MAX_MESSAGES + 1
    )


def test_a_window_scrolled_up_stays_for_their_message_but_not_for_ours() -> None:
    old = chat(1_000)
    window = MessageWindow.newest(old).earlier().earlier().earlier()
    assert window.follow(append(old, sender=2), 1_000, current_user_id=1) == window
    mine = append(old, sender=1)
    assert window.follow(mine, 1_000, current_user_id=1) == MessageWindow.newest(mine)


def test_another_chat_opens_at_its_newest() -> None:
    window = MessageWindow.newest(chat(500)).earlier()
    other = chat(50, user_id=3)
    assert window.follow(other, 500, current_user_id=1) == MessageWindow(3, 10, 50)


def test_a_chat_that_has_fewer_messages_than_before_opens_at_its_newest() -> None:
    # Time travel to an earlier state: a window past the end would show nothing.
    window = MessageWindow.newest(chat(5_000))
    earlier = chat(1_000)
    assert window.follow(earlier, 5_000, current_user_id=1) == MessageWindow.newest(earlier)


def test_the_user_list_window_covers_the_viewport_plus_a_margin() -> None:
    window = ListWindow.for_viewport(scroll_top=800, height=640, count=1_000)
    first_visible, last_visible = 800 // ITEM_HEIGHT, (800 + 640) // ITEM_HEIGHT
    assert window == ListWindow(first_visible - OVERSCAN, last_visible + 1 + OVERSCAN)
    assert ListWindow.for_viewport(0, 640, 3) == ListWindow(0, 3)
    assert ListWindow.for_viewport(-50, 640, 1_000).start == 0
    assert ListWindow.for_viewport(79_000, 640, 1_000).end == 1_000


def test_a_window_covers_another_inside_it() -> None:
    assert ListWindow(4, 30).covers(ListWindow(10, 20))
    assert not ListWindow(4, 30).covers(ListWindow(10, 31))
    assert not ListWindow(4, 30).covers(ListWindow(3, 20))


def test_the_windows_follow_the_open_chat_and_the_person_scrolling() -> None:
    long = chat(1_000)
    windows = Windows(long, list_height=400)
    assert windows.messages == MessageWindow.newest(long)
    assert windows.earlier() and windows.messages.start == 1_000 - 2 * PAGE
    assert not windows.later(long), "the newest are still in"
    while windows.messages.end == 1_000:
        assert windows.earlier()
    assert windows.later(long) and windows.messages.end <= 1_000
    grown = append(long, sender=1)
    assert windows.follow(grown, current_user_id=1).end == 1_001, "the newest stays in sight"
    other = chat(5, user_id=3)
    assert windows.follow(other, current_user_id=1) == MessageWindow(3, 0, 5)
    assert not windows.earlier(), "a short chat is whole"


def test_the_list_window_moves_only_when_the_viewport_leaves_it() -> None:
    windows = Windows(chat(1), list_height=400)
    assert windows.place_list(1_000) == ListWindow.for_viewport(0, 400, 1_000)
    assert not windows.list_viewport(ITEM_HEIGHT, 400, 1_000), "still inside the overscan"
    assert windows.list_viewport(500 * ITEM_HEIGHT, 400, 1_000)
    assert windows.place_list(1_000).start == 500 - OVERSCAN


def test_newest_first_keeps_the_datas_order_for_ties(tutorial_data: ChatData) -> None:
    chats = dict(tutorial_data.chats)
    same = chats[4].last_message.timestamp
    chats[3] = replace(chats[3], messages=(replace(chats[3].messages[0], timestamp=same),))
    assert [chat.user.id for chat in newest_first(chats)] == [2, 3, 4]


def test_earlier_messages_loaded_at_the_top_come_into_the_window() -> None:
    whole = chat(200)
    windows = Windows(replace(whole, messages=whole.messages[-1:], older=True), 1000.0)
    assert windows.messages == MessageWindow(2, 0, 1)
    loaded = replace(whole, messages=whole.messages[-51:], older=True)
    window = windows.follow(loaded, 1)
    assert (window.start, window.end) == (51 - 1 - PAGE, 51), "the same message is last"
    more = replace(whole, messages=whole.messages[-101:], older=True)
    assert windows.follow(more, 1) == window.__class__(2, window.start + 50, 101)


def test_a_load_while_the_person_reads_further_down_does_not_move_what_they_see() -> None:
    whole = chat(300)
    windows = Windows(replace(whole, messages=whole.messages[-200:], older=True), 1000.0)
    before = windows.follow(replace(whole, messages=whole.messages[-200:], older=True), 1)
    after = windows.follow(replace(whole, messages=whole.messages[-250:], older=True), 1)
    shown = whole.messages[-250:][after.start : after.end]
    assert shown == whole.messages[-200:][before.start : before.end]
