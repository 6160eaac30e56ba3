"""The message box: the open chat's messages, the read receipt and the reply box."""

from __future__ import annotations

from datetime import tzinfo

from chat.data import MAX_TEXT_CHARS
from chat.model import Chat, Message
from chat.render.vnode import VNode, h
from chat.views.dates import read_time
from chat.views.memo import Memo
from chat.views.window import MessageWindow


def reply_box() -> VNode:
    """The reply box. The app builds it once and passes the same node to every render, so the
    patcher never touches the input the person is typing in."""
    return h(
        "div",
        {"class": "reply-box"},
        h(
            "input",
            {
                "class": "reply-box__input",
                "placeholder": "Type message to reply..",
                "aria-label": "Reply",
                "autocomplete": "off",
                # What the person can type is what every boundary accepts and can save.
                "maxlength": str(MAX_TEXT_CHARS),
            },
        ),
        h(
            "span",
            {"class": "reply-box__tip"},
            "Press ",
            h("span", {"class": "reply-box__tip__button"}, "Enter"),
            " to send",
        ),
    )


def message_item(message: Message, current_user_id: int) -> VNode:
    classes = "message-box__item"
    if message.sender == current_user_id:
        classes += " message-box__item--from-current"
    return h(
        "li",
        {"class": classes},
        h("div", {"class": "message-box__item__contents"}, message.contents),
        key=message.id,
    )


def read_receipt(chat: Chat, current_user_id: int, now: int, tz: tzinfo) -> VNode | None:
    """ "Read <time>" when the last message is the current user's and the recipient has seen it."""
    last = chat.last_message
    if last.sender != current_user_id or chat.last_access.recipient < last.timestamp:
        return None
    label = f"Read {read_time(chat.last_access.recipient, now, tz)}"
    return h(
        "li",
        {"class": "message-box__item message-box__item--read"},
        h("div", {"class": "message-box__item__contents"}, label),
        key="read",
    )


def loading_row() -> VNode:
    """Where earlier messages will be, while they are read from the database."""
    return h(
        "li",
        {"class": "message-box__item message-box__item--loading", "role": "status"},
        h("div", {"class": "message-box__item__contents"}, "Loading earlier messages\u2026"),
        key="loading",
    )


def message_box(
    chat: Chat,
    window: MessageWindow,
    current_user_id: int,
    now: int,
    tz: tzinfo,
    memo: Memo,
    reply: VNode,
) -> VNode:
    """The messages of the open chat that `window` covers, the read receipt when the newest is
    among them, and a loading row above the first when earlier ones are still in the database.
    Messages are cached by id, so an appended one is the only new node."""
    shown = chat.messages[window.start : window.end]
    items = [memo.get(message.id, message_item, message, current_user_id) for message in shown]
    if chat.older and window.start == 0:
        items.insert(0, _LOADING)
    if memo.size > len(shown):
        memo.keep_only(message.id for message in shown)
    receipt = read_receipt(chat, current_user_id, now, tz)
    if receipt is not None and window.end >= len(chat.messages):
        items.append(receipt)
    return h(
        "div",
        {"class": "message-box", "data-user-id": str(chat.user.id)},
        # A log, so that screen readers announce the messages that arrive. It wraps the list
        # (a <ul> cannot be a log itself) and has no box of its own: the list scrolls.
        h(
            "div",
            {"class": "message-box__log", "role": "log", "aria-label": "Messages"},
            h("ul", {"class": "message-box__list"}, *items),
        ),
        reply,
    )


_LOADING = loading_row()
