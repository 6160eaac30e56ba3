"""Which part of a long list is in the DOM: a window that follows the person's scrolling.

A 10,000-message chat or a 1,000-chat list is never built whole: only what can be seen plus a
margin. These are pure values; the app keeps the current ones and the browser says when the
person scrolled near an edge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chat.model import Chat

PAGE = 40
"""How many messages are shown at first, and added each time the person scrolls to an edge."""

MAX_MESSAGES = 3 * PAGE
"""The most messages in the DOM at once; scrolling further drops them from the other end."""

ITEM_HEIGHT = 80
"""The height of a user list item in CSS pixels (static/css/app.css fixes it)."""

OVERSCAN = 6
"""User list items built beyond each edge of the visible part, so scrolling shows no gap."""


def newest_first(chats: Mapping[int, Chat]) -> list[Chat]:
    """Chats ordered by their last message, newest first; ties keep the data's order: the
    user list's order, by definition (the messages store keeps it without sorting, see
    chat/stores/chat_order.py)."""
    return sorted(chats.values(), key=lambda chat: chat.last_message.timestamp, reverse=True)


@dataclass(frozen=True, slots=True)
class MessageWindow:
    """Messages `start` to `end` (exclusive) of the chat with `user_id` are in the DOM."""

    user_id: int
    start: int
    end: int

    @classmethod
    def newest(cls, chat: Chat) -> MessageWindow:
        """The last PAGE messages of `chat`: what a person sees on opening it."""
        count = len(chat.messages)
        return cls(chat.user.id, max(0, count - PAGE), count)

    def follow(
        self, chat: Chat, previous_count: int, current_user_id: int, loaded: int = 0
    ) -> MessageWindow:
        """The window after `chat` changed from `previous_count` messages, `loaded` of them
        earlier ones that arrived from the database.

        Another chat opens at its newest messages. Earlier messages loaded while the window
        starts at the first one come into it (the person is looking there). A window showing
        the newest message keeps showing it as messages arrive, and the person's own new
        message always brings the window back to the newest, as a chat app does.
        """
        count = len(chat.messages)
        if chat.user.id != self.user_id or count < previous_count:
            # Fewer messages than before: time travel to an earlier state of the chat.
            return MessageWindow.newest(chat)
        if loaded:
            moved = MessageWindow(self.user_id, self.start + loaded, self.end + loaded)
            previous_count += loaded
            if self.start == 0:
                moved = moved.earlier()
            return moved.follow(chat, previous_count, current_user_id)
        if count == previous_count:
            return self
        if self.end == previous_count:
            return MessageWindow(self.user_id, max(self.start, count - MAX_MESSAGES), count)
        if chat.last_message.sender == current_user_id:
            return MessageWindow.newest(chat)
        return self

    def earlier(self) -> MessageWindow:
        """Show PAGE older messages, dropping the newest ones beyond MAX_MESSAGES."""
        start = max(0, self.start - PAGE)
        return MessageWindow(self.user_id, start, min(self.end, start + MAX_MESSAGES))

    def later(self, chat: Chat) -> MessageWindow:
        """Show PAGE newer messages, dropping the oldest ones beyond MAX_MESSAGES."""
        end = min(len(chat.messages), self.end + PAGE)
        return MessageWindow(self.user_id, max(self.start, end - MAX_MESSAGES), end)

    @property
    def has_earlier(self) -> bool:
        return self.start > 0

    def has_later(self, chat: Chat) -> bool:
        return self.end < len(chat.messages)


@dataclass(frozen=True, slots=True)
class ListWindow:
    """User list items `start` to `end` (exclusive), in display order, are in the DOM."""

    start: int
    end: int

    @classmethod
    def for_viewport(
        cls,
        scroll_top: float,
        height: float,
        count: int,
        overscan: int = OVERSCAN,
        item_height: float = ITEM_HEIGHT,
    ) -> ListWindow:
        """The items (each `item_height` pixels high) visible in a viewport of `height` pixels
        scrolled by `scroll_top`, plus `overscan` items on each side, within `count` items."""
        top = max(0.0, scroll_top)
        first = int(top // item_height) - overscan
        last = int((top + max(0.0, height)) // item_height) + 1 + overscan
        return cls(max(0, min(first, count)), max(0, min(last, count)))

    def covers(self, other: ListWindow) -> bool:
        """Whether this window already holds every item of `other`."""
        return self.start <= other.start and self.end >= other.end


class Windows:
    """The view state of the two long lists: which part of each is in the DOM, moved as the
    person scrolls (`list_viewport`, `earlier`, `later`) and as the chats change (`follow`).
    The user list's order is the messages store's (`Chats.newest_first`), kept as it changes:
    sorting 10,000 chats on every render cost more than the render."""

    def __init__(self, open_chat: Chat, list_height: float) -> None:
        self.list = ListWindow(0, 0)
        self.messages = MessageWindow.newest(open_chat)
        self._viewport = (0.0, list_height)
        self._count = len(open_chat.messages)
        self._first = open_chat.messages[0].id

    def place_list(self, count: int) -> ListWindow:
        """The user list's window for the viewport, over `count` chats; kept as `list`."""
        self.list = ListWindow.for_viewport(*self._viewport, count)
        return self.list

    def list_viewport(self, scroll_top: float, height: float, count: int) -> bool:
        """The user list's viewport moved; whether items it shows are not in the DOM."""
        self._viewport = (scroll_top, height)
        return not self.list.covers(ListWindow.for_viewport(scroll_top, height, count, 0))

    def follow(self, chat: Chat, current_user_id: int) -> MessageWindow:
        """The message window for `chat`, the open chat as it is now; kept as `messages`."""
        messages = chat.messages
        loaded = 0
        if chat.user.id == self.messages.user_id and messages[0].id != self._first:
            # Earlier messages came in before the ones the window counted from.
            loaded = next((i for i, m in enumerate(messages) if m.id == self._first), 0)
        self.messages = self.messages.follow(chat, self._count, current_user_id, loaded)
        self._count = len(messages)
        self._first = messages[0].id
        return self.messages

    def earlier(self) -> bool:
        """Bring older messages in; False if there are none."""
        if not self.messages.has_earlier:
            return False
        self.messages = self.messages.earlier()
        return True

    def later(self, chat: Chat) -> bool:
        """Bring newer messages of `chat` back in; False if there are none."""
        if not self.messages.has_later(chat):
            return False
        self.messages = self.messages.later(chat)
        return True
