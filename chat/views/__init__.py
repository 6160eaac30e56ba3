"""Pure views: store state in, virtual nodes out."""

from chat.views.header import page_title, unread_badge
from chat.views.memo import Memo
from chat.views.message_box import message_box, reply_box
from chat.views.user_list import user_list
from chat.views.window import ListWindow, MessageWindow, Windows, newest_first

__all__ = [
    "ListWindow",
    "Memo",
    "MessageWindow",
    "Windows",
    "message_box",
    "newest_first",
    "page_title",
    "reply_box",
    "unread_badge",
    "user_list",
]
