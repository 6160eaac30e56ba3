"""The chat's views wired to the stores, and their view state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from chat.actions import Payload
from chat.dispatcher import Dispatcher
from chat.model import Chat
from chat.ports import Clock
from chat.render import DomApi, VNode
from chat.render.schedule import RenderSchedule
from chat.render.table import ViewTable
from chat.stores import MessagesStore, UnreadStore, UserStore
from chat.views import Memo, Windows, message_box, reply_box, unread_badge, user_list

USER_LIST = "user_list"
MESSAGE_BOX = "message_box"
UNREAD = "unread"
VIEWS = (USER_LIST, MESSAGE_BOX, UNREAD)


class ChatApp:
    """The chat's views wired to the stores: a store change marks the views that read it, and
    when the dispatch ends each marked view renders once (chat/render/schedule.py) into its
    root (chat/render/table.py). The user list and the message box render into `root`; the
    unread counter, given `unread_store` and `header`, into `header`. Which part of each long
    list is in the DOM is view state (chat/views/window.py's `Windows`), moved by the `show_*`
    and `list_scrolled` methods as the person scrolls.
    """

    def __init__(
        self,
        api: DomApi,
        root: Any,
        dispatcher: Dispatcher[Payload],
        messages_store: MessagesStore,
        user_store: UserStore,
        clock: Clock,
        tz: tzinfo,
        list_height: float = 1080.0,
        unread_store: UnreadStore | None = None,
        header: Any = None,
    ) -> None:
        self._messages = messages_store
        self._users = user_store
        self._unread = unread_store
        self._live = (messages_store, user_store, unread_store)
        self._tz = tz
        self._memos = {USER_LIST: Memo(), MESSAGE_BOX: Memo()}
        self._reply_box = reply_box()
        self._windows = Windows(self._open_chat(), list_height)
        table = ViewTable(api)
        table.add(USER_LIST, root, self._user_list)
        table.add(MESSAGE_BOX, root, self._message_box)
        if unread_store is not None and header is not None:
            table.add(UNREAD, header, self._unread_badge)
        self._table = table
        self._schedule = RenderSchedule(table, clock)
        # Both lists read both stores; the counter reads the unread store.
        for store in (messages_store, user_store):
            store.subscribe(lambda: self._schedule.mark(USER_LIST, MESSAGE_BOX))
        if UNREAD in table.names and unread_store is not None:
            unread_store.subscribe(lambda: self._schedule.mark(UNREAD))
        dispatcher.add_observer(lambda payload: self._schedule.flush())
        self._clock = clock
        self._needs_older: list[Callable[[Chat], None]] = []
        self._wanted: Chat | None = None
        self._schedule.on_render(self._rendered)

    def start(self, adopt: bool = False) -> None:
        """Build the views into their roots for the first time. With `adopt`, the roots hold
        a screen painted before Python started (saved or pre-rendered markup): its nodes are
        adopted and only what differs is changed, so the person's focus, typing and scroll
        positions stay."""
        if adopt:
            self._schedule.adopt()
        else:
            self._schedule.render(self._table.names)

    def build_views(self) -> dict[str, VNode]:
        """Every view's virtual nodes for the stores as they are, in the order they sit in
        their roots (for pre-rendering the first screen at build time)."""
        return self._table.build(self._clock())

    def on_render(self, listener: Callable[[frozenset[str]], None]) -> None:
        """Call `listener` with the names of the views after each render."""
        self._schedule.on_render(listener)

    def before_render(self, listener: Callable[[frozenset[str]], None]) -> None:
        """Call `listener` with the names of the views about to render, before the DOM
        changes (the browser notes what the person is looking at, to keep it in place)."""
        self._schedule.before_render(listener)

    def on_needs_older(self, listener: Callable[[Chat], None]) -> None:
        """Call `listener` with the open chat after a render that showed its first loaded
        message while the database has earlier ones (chat/loading.py reads them)."""
        self._needs_older.append(listener)

    def _rendered(self, views: frozenset[str]) -> None:
        chat, self._wanted = self._wanted, None
        if chat is not None:
            for listener in tuple(self._needs_older):
                listener(chat)

    @property
    def render_counts(self) -> dict[str, int]:
        return self._schedule.counts

    def refresh(self) -> None:
        """Render again with the current time, so "5 minutes ago" stays true."""
        self._schedule.render((USER_LIST, MESSAGE_BOX))

    def show_state(
        self, messages: MessagesStore, users: UserStore, unread: UnreadStore | None
    ) -> None:
        """Render these stores instead of the live ones (the inspector's time travel). The live
        stores go on changing; `show_live` shows them again, with nothing lost."""
        self._messages, self._users, self._unread = messages, users, unread
        self._schedule.render(self._table.names)

    def show_live(self) -> None:
        self.show_state(*self._live)

    def show_earlier_messages(self) -> bool:
        """Bring older messages of the open chat into the DOM; False if there are none."""
        if not self._windows.earlier():
            return False
        self._schedule.render((MESSAGE_BOX,))
        return True

    def show_later_messages(self) -> bool:
        """Bring newer messages back into the DOM after scrolling up far; False if none."""
        if not self._windows.later(self._open_chat()):
            return False
        self._schedule.render((MESSAGE_BOX,))
        return True

    def list_scrolled(self, scroll_top: float, height: float) -> bool:
        """The user list's viewport moved; render it if items it shows are not in the DOM."""
        count = len(self._messages.get_all_chats())
        if not self._windows.list_viewport(scroll_top, height, count):
            return False
        self._schedule.render((USER_LIST,))
        return True

    def _open_chat(self) -> Chat:
        return self._messages.get_chat_by_user_id(self._messages.get_open_chat_user_id())

    def _user_list(self, now: int) -> VNode:
        ordered = self._messages.get_chats_newest_first()
        return user_list(
            ordered,
            self._windows.place_list(len(ordered)),
            self._messages.get_open_chat_user_id(),
            self._users.get_current_user().id,
            now,
            self._tz,
            self._memos[USER_LIST],
        )

    def _message_box(self, now: int) -> VNode:
        chat = self._open_chat()
        current_user_id = self._users.get_current_user().id
        window = self._windows.follow(chat, current_user_id)
        if chat.older and window.start == 0 and self._messages is self._live[0]:
            self._wanted = chat
        return message_box(
            chat,
            window,
            current_user_id,
            now,
            self._tz,
            self._memos[MESSAGE_BOX],
            self._reply_box,
        )

    def _unread_badge(self, now: int) -> VNode:
        return unread_badge(self._unread.get_unread_count() if self._unread else 0)
