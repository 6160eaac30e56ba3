"""The message box: the open chat as a log, own messages marked, the receipt, the reply box."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from chat.data import MAX_TEXT_CHARS
from chat.model import ChatData, Message
from chat.render import VNode
from chat.views import Memo, MessageWindow, message_box, reply_box
from tests.unit.ports import NOW, classes, find, render_box, text_of


def messages_of(box: VNode) -> list[VNode]:
    """The items of a message box: box > log > list > items."""
    return list(box.children[0].children[0].children)


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


def test_a_chat_with_earlier_messages_in_the_database_shows_a_loading_row_first(
    tutorial_data: ChatData,
) -> None:
    chat = replace(tutorial_data.chats[2], older=True)
    rows = find(render_box(chat), "message-box__list").children
    assert "message-box__item--loading" in classes(rows[0])
    assert "Loading earlier messages" in text_of(rows[0])
    complete = find(render_box(tutorial_data.chats[2]), "message-box__list").children
    assert not any("loading" in classes(row) for row in complete)
