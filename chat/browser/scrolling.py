"""Scrolling: long lists load as the person scrolls, without the view jumping, and the newest
message stays in sight."""

from __future__ import annotations

from typing import Any

from chat.app import MESSAGE_BOX, ChatApp
from chat.stores import MessagesStore, UserStore

EDGE = 400
"""How close to an end of the message list, in pixels, more messages are brought in."""

AT_BOTTOM = 40
"""How close to the bottom, in pixels, still counts as reading the newest message."""


class Scrolling:
    """Moves the app's windows as lists scroll, and scrolls the message list after renders."""

    def __init__(self, app: ChatApp, root: Any, messages: MessagesStore, users: UserStore) -> None:
        self._app = app
        self._root = root
        self._messages = messages
        self._users = users
        self._at_bottom = True
        self._shown: tuple[int, str] = (-1, "")
        self._first = ""
        self._anchor: tuple[Any, float] | None = None
        self._filling = False

    def adopt(self) -> None:
        """The message list was painted before Python started: keep its scroll position, and
        follow new messages only if it was at the bottom."""
        message_list = self._root.querySelector(".message-box__list")
        if message_list:
            below = message_list.scrollHeight - message_list.scrollTop - message_list.clientHeight
            self._at_bottom = below < AT_BOTTOM
        open_id = self._messages.get_open_chat_user_id()
        chat = self._messages.get_chat_by_user_id(open_id)
        self._shown = (open_id, chat.last_message.id)
        self._first = chat.messages[0].id

    def scrolled(self, target: Any) -> None:
        """A list scrolled: bring in what is about to come into view."""
        classes = target.classList
        if classes.contains("user-list__list"):
            self._app.list_scrolled(target.scrollTop, target.clientHeight)
        elif classes.contains("message-box__list"):
            below = target.scrollHeight - target.scrollTop - target.clientHeight
            self._at_bottom = below < AT_BOTTOM
            if target.scrollTop < EDGE:
                self._keep_steady(target, target.firstElementChild, self._app.show_earlier_messages)
            elif below < EDGE:
                self._keep_steady(target, target.lastElementChild, self._app.show_later_messages)

    def before(self, views: frozenset[str]) -> None:
        """Before a render: note where the first message is, in case earlier ones arrive."""
        self._anchor = None
        if MESSAGE_BOX not in views or self._filling or self._at_bottom:
            return
        message_list = self._root.querySelector(".message-box__list")
        anchor = message_list and message_list.querySelector(
            ".message-box__item:not(.message-box__item--loading)"
        )
        if anchor:
            self._anchor = (anchor, anchor.offsetTop - message_list.scrollTop)

    def rendered(self, views: frozenset[str]) -> None:
        """After a render: follow the newest message, keep what the person reads in place when
        earlier messages arrive, and fill a list too short to scroll."""
        if MESSAGE_BOX not in views or self._filling:
            return
        message_list = self._root.querySelector(".message-box__list")
        open_id = self._messages.get_open_chat_user_id()
        chat = self._messages.get_chat_by_user_id(open_id)
        last = chat.last_message
        shown = (open_id, last.id)
        other_chat = open_id != self._shown[0]
        first, self._first = self._first, chat.messages[0].id
        loaded = not other_chat and first != chat.messages[0].id
        if loaded and not self._at_bottom and self._anchor is not None:
            anchor, offset = self._anchor
            message_list.scrollTop = anchor.offsetTop - offset
        if shown != self._shown:
            # Another chat, or a new message: show the newest if it is the person's own, or if
            # they were reading the newest; never pull them away from older messages otherwise.
            own = last.sender == self._users.get_current_user().id
            if other_chat or own or self._at_bottom:
                message_list.scrollTop = message_list.scrollHeight
                self._at_bottom = True
            self._shown = shown
        if other_chat or loaded:
            if self._at_bottom:
                message_list.scrollTop = message_list.scrollHeight
            self._fill(message_list)

    def _fill(self, message_list: Any) -> None:
        """Bring in earlier messages while a newly opened chat is too short to scroll. Only
        then: reading the list's height forces a layout, which sends need not pay for."""
        self._filling = True
        try:
            while message_list.scrollHeight <= message_list.clientHeight + EDGE:
                if not self._keep_steady(
                    message_list, message_list.firstElementChild, self._app.show_earlier_messages
                ):
                    break
        finally:
            self._filling = False

    def _keep_steady(self, scroller: Any, anchor: Any, move: Any) -> bool:
        """Run `move`; if it changed the list, put `anchor` back where the person saw it."""
        if not anchor:
            return bool(move())
        offset = anchor.offsetTop - scroller.scrollTop
        if not move():
            return False
        scroller.scrollTop = anchor.offsetTop - offset
        return True
