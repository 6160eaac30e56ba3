"""The views: pure functions of store state, returning the tutorial's DOM as virtual nodes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from chat.data import MAX_TEXT_CHARS
from chat.model import Chat, ChatData, LastAccess, Message, User, is_new, is_unread
from chat.render import TEXT, VNode
from chat.views import ListWindow, Memo, MessageWindow, message_box, reply_box, user_list
from chat.views.window import ITEM_HEIGHT, newest_first

NOW = 1_800_000_000_000


def classes(node: VNode) -> list[str]:
    return node.attrs.get("class", "").split()


def find_all(node: VNode, class_name: str) -> list[VNode]:
    found = [node] if class_name in classes(node) else []
    for child in node.children:
        found.extend(find_all(child, class_name))
    return found


def find(node: VNode, class_name: str) -> VNode:
    (match,) = find_all(node, class_name)
    return match


def text_of(node: VNode) -> str:
    if node.tag == TEXT:
        return node.text or ""
    return "".join(text_of(child) for child in node.children)


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


def test_newest_first_keeps_the_datas_order_for_ties(tutorial_data: ChatData) -> None:
    chats = dict(tutorial_data.chats)
    same = chats[4].last_message.timestamp
    chats[3] = replace(chats[3], messages=(replace(chats[3].messages[0], timestamp=same),))
    assert [chat.user.id for chat in newest_first(chats)] == [2, 3, 4]


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


def messages_of(box: VNode) -> list[VNode]:
    """The items of a message box: box > log > list > items."""
    return list(box.children[0].children[0].children)


def render_box(chat: Chat, memo: Memo | None = None, reply: VNode | None = None) -> VNode:
    window = MessageWindow.newest(chat)
    return message_box(chat, window, 1, NOW, UTC, memo or Memo(), reply or reply_box())


def test_the_message_box_shows_the_open_chat_with_own_messages_marked(
    tutorial_data: ChatData,
) -> None:
    box = render_box(tutorial_data.chats[2])
    assert classes(box) == ["message-box"]
    log, reply = box.children
    assert classes(log) == ["message-box__log"]
    assert log.attrs["role"] == "log" and log.attrs["aria-label"] == "Messages"
    [ul] = log.children
    assert classes(ul) == ["message-box__list"]
    hey, whats_up, receipt = ul.children
    assert classes(hey) == ["message-box__item"]
    assert classes(whats_up) == ["message-box__item", "message-box__item--from-current"]
    assert text_of(find(whats_up, "message-box__item__contents")) == "Hey, what's up?"
    assert classes(receipt) == ["message-box__item", "message-box__item--read"]
    assert text_of(receipt) == "Read on 20 Feb 2015 at 22:03"
    assert classes(reply) == ["reply-box"]


def test_no_read_receipt_when_the_last_message_is_theirs_or_unseen(tutorial_data: ChatData) -> None:
    todd = tutorial_data.chats[4]
    assert len(messages_of(render_box(todd))) == 1
    ryan = tutorial_data.chats[2]
    unseen = replace(ryan, messages=(*ryan.messages, Message("new", "More?", 1, NOW)))
    items = messages_of(render_box(unseen))
    assert [text_of(item) for item in items] == ["Hey!", "Hey, what's up?", "More?"]


def test_the_reply_box_has_the_tutorials_input_and_tip() -> None:
    reply = reply_box()
    field, tip = reply.children
    assert field.tag == "input" and classes(field) == ["reply-box__input"]
    assert field.attrs["placeholder"] == "Type message to reply.."
    assert field.attrs["maxlength"] == str(MAX_TEXT_CHARS), "no more than a save can hold"
    assert classes(tip) == ["reply-box__tip"] and text_of(tip) == "Press Enter to send"


def test_an_appended_message_is_the_only_new_message_node(tutorial_data: ChatData) -> None:
    memo, reply = Memo(), reply_box()
    ryan = tutorial_data.chats[2]
    before = render_box(ryan, memo, reply)
    after = render_box(
        replace(ryan, messages=(*ryan.messages, Message("n", "Hi", 2, NOW))), memo, reply
    )
    old_items, new_items = messages_of(before), messages_of(after)
    assert new_items[0] is old_items[0] and new_items[1] is old_items[1]
    assert after.children[1] is reply


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


def test_the_message_box_shows_only_its_window_and_the_receipt_at_the_newest(
    tutorial_data: ChatData,
) -> None:
    ryan = tutorial_data.chats[2]
    long_chat = replace(
        ryan,
        messages=(
            *(Message(f"old{n}", f"old {n}", 2, n) for n in range(500)),
            *ryan.messages,
        ),
    )
    newest = message_box(
        long_chat, MessageWindow.newest(long_chat), 1, NOW, UTC, Memo(), reply_box()
    )
    items = messages_of(newest)
    assert len(items) == 40 + 1
    assert text_of(items[-1]).startswith("Read ")
    earlier = MessageWindow.newest(long_chat).earlier().earlier().earlier()
    scrolled = message_box(long_chat, earlier, 1, NOW, UTC, Memo(), reply_box())
    texts = [text_of(item) for item in messages_of(scrolled)]
    assert len(texts) == 120
    assert texts[0] == f"old {502 - 160}"
    assert not any(text.startswith("Read ") for text in texts)


def test_the_list_is_a_listbox_whose_open_chat_is_selected_and_focusable(
    tutorial_data: ChatData,
) -> None:
    ul = render_list(tutorial_data).children[0]
    assert ul.attrs["role"] == "listbox" and ul.attrs["aria-label"] == "Chats"
    roles = [(i.attrs["role"], i.attrs["aria-selected"], i.attrs["tabindex"]) for i in ul.children]
    assert roles == [("option", "true", "0"), ("option", "false", "-1"), ("option", "false", "-1")]
    box = render_box(tutorial_data.chats[2])
    assert box.children[0].attrs["role"] == "log"
