"""Pure views: store state in, virtual nodes out."""

from chat.views.memo import Memo
from chat.views.message_box import message_box, reply_box
from chat.views.user_list import user_list

__all__ = ["Memo", "message_box", "reply_box", "user_list"]
