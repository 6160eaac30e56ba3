"""Wiring: store changes mark views dirty; after each dispatch every dirty view renders once."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import tzinfo
from typing import Any

from chat.actions import Clock, Payload
from chat.dispatcher import Dispatcher
from chat.model import Chat
from chat.render import DomApi, VNode, hydrate, mount, patch
from chat.stores import MessagesStore, UnreadStore, UserStore
from chat.views import (
    ListWindow,
    Memo,
    MessageWindow,
    message_box,
    newest_first,
    reply_box,
    unread_badge,
    user_list,
)

USER_LIST = "user_list"
MESSAGE_BOX = "message_box"
UNREAD = "unread"
VIEWS = (USER_LIST, MESSAGE_BOX, UNREAD)


class ChatApp:
    """Renders the user list and the message box into `root` and keeps them in step with the stores.

    A view renders at most once per dispatch, however many stores changed; `on_render`
    listeners are told which views rendered (the browser keeps the newest message in sight). Which
    part of a long list is in the DOM is view state, kept here and moved by the `show_*` and
    `list_scrolled` methods as the person scrolls.
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
        """`root` receives the user list and the message box; `header`, if given with
        `unread_store`, receives the unread counter."""
        self._api = api
        self._roots = {USER_LIST: root, MESSAGE_BOX: root}
        self._unread = unread_store
        if unread_store is not None and header is not None:
            self._roots[UNREAD] = header
            unread_store.subscribe(lambda: self._dirty.add(UNREAD))
        self._messages = messages_store
        self._users = user_store
        self._live = (messages_store, user_store, unread_store)
        self._clock = clock
        self._tz = tz
        self._render_listeners: list[Callable[[frozenset[str]], None]] = []
        self._dirty: set[str] = set()
        self._nodes: dict[str, VNode] = {}
        self._memos = {USER_LIST: Memo(), MESSAGE_BOX: Memo()}
        self._reply_box = reply_box()
        self._ordered_for: Mapping[int, Chat] | None = None
        self._ordered: Sequence[Chat] = ()
        self._list_viewport = (0.0, list_height)
        self._list_window = ListWindow(0, 0)
        open_chat = messages_store.get_chat_by_user_id(messages_store.get_open_chat_user_id())
        self._message_window = MessageWindow.newest(open_chat)
        self._message_count = len(open_chat.messages)
        self.render_counts = dict.fromkeys(self._roots, 0)
        # Both views read both stores.
        for store in (messages_store, user_store):
            store.subscribe(self._mark_all_dirty)
        dispatcher.add_observer(self._after_dispatch)

    def start(self, adopt: bool = False) -> None:
        """Build the views into their roots for the first time. With `adopt`, the roots hold
        a screen painted before Python started (saved or pre-rendered markup): its nodes are
        adopted and only what differs is changed, so the person's focus, typing and scroll
        positions stay."""
        if not adopt:
            self._render(set(self._roots))
            return
        nodes = self.build_views()
        children: dict[int, tuple[Any, list[VNode]]] = {}
        for view, node in nodes.items():  # views sharing a root follow each other in it
            children.setdefault(id(self._roots[view]), (self._roots[view], []))[1].append(node)
        for root, vnodes in children.values():
            hydrate(self._api, root, vnodes)
        self._nodes.update(nodes)
        self._rendered(set(nodes))

    def build_views(self) -> dict[str, VNode]:
        """Every view's virtual nodes for the stores as they are, in the order they sit in
        their roots (for `start`, and for pre-rendering the first screen at build time)."""
        now = self._clock()
        return {view: self._build(view, now) for view in VIEWS if view in self._roots}

    def on_render(self, listener: Callable[[frozenset[str]], None]) -> None:
        """Call `listener` with the names of the views after each render."""
        self._render_listeners.append(listener)

    def refresh(self) -> None:
        """Render again with the current time, so "5 minutes ago" stays true."""
        self._render({USER_LIST, MESSAGE_BOX})

    def show_state(
        self, messages: MessagesStore, users: UserStore, unread: UnreadStore | None
    ) -> None:
        """Render these stores instead of the live ones (the inspector's time travel). The live
        stores go on changing; `show_live` shows them again, with nothing lost."""
        self._messages, self._users, self._unread = messages, users, unread
        self._render(set(self._roots))

    def show_live(self) -> None:
        self.show_state(*self._live)

    @property
    def showing_live(self) -> bool:
        return self._messages is self._live[0]

    def show_earlier_messages(self) -> bool:
        """Bring older messages of the open chat into the DOM; False if there are none."""
        if not self._message_window.has_earlier:
            return False
        self._message_window = self._message_window.earlier()
        self._render({MESSAGE_BOX})
        return True

    def show_later_messages(self) -> bool:
        """Bring newer messages back into the DOM after scrolling up far; False if none."""
        chat = self._open_chat()
        if not self._message_window.has_later(chat):
            return False
        self._message_window = self._message_window.later(chat)
        self._render({MESSAGE_BOX})
        return True

    def list_scrolled(self, scroll_top: float, height: float) -> bool:
        """The user list's viewport moved; render it if items it shows are not in the DOM."""
        self._list_viewport = (scroll_top, height)
        needed = ListWindow.for_viewport(scroll_top, height, len(self._ordered_chats()), 0)
        if self._list_window.covers(needed):
            return False
        self._render({USER_LIST})
        return True

    def _open_chat(self) -> Chat:
        return self._messages.get_chat_by_user_id(self._messages.get_open_chat_user_id())

    def _ordered_chats(self) -> Sequence[Chat]:
        chats = self._messages.get_all_chats()
        if chats is not self._ordered_for:  # replaced on every change, so identity suffices
            self._ordered_for, self._ordered = chats, newest_first(chats)
        return self._ordered

    def _mark_all_dirty(self) -> None:
        self._dirty.update((USER_LIST, MESSAGE_BOX))

    def _after_dispatch(self, payload: Payload) -> None:
        if self._dirty:
            dirty, self._dirty = self._dirty, set()
            self._render(dirty)

    def _build(self, view: str, now: int) -> VNode:
        if view == UNREAD:
            return unread_badge(self._unread.get_unread_count() if self._unread else 0)
        current_user_id = self._users.get_current_user().id
        open_id = self._messages.get_open_chat_user_id()
        if view == USER_LIST:
            ordered = self._ordered_chats()
            self._list_window = ListWindow.for_viewport(*self._list_viewport, len(ordered))
            return user_list(
                ordered,
                self._list_window,
                open_id,
                current_user_id,
                now,
                self._tz,
                self._memos[USER_LIST],
            )
        chat = self._open_chat()
        self._message_window = self._message_window.follow(
            chat, self._message_count, current_user_id
        )
        self._message_count = len(chat.messages)
        return message_box(
            chat,
            self._message_window,
            current_user_id,
            now,
            self._tz,
            self._memos[MESSAGE_BOX],
            self._reply_box,
        )

    def _render(self, views: set[str]) -> None:
        now = self._clock()
        for view in VIEWS:
            if view not in views or view not in self._roots:
                continue
            node = self._build(view, now)
            old = self._nodes.get(view)
            if old is None:
                mount(self._api, self._roots[view], node)
            else:
                patch(self._api, self._roots[view], old, node)
            self._nodes[view] = node
        self._rendered(views)

    def _rendered(self, views: set[str]) -> None:
        for view in views & self._roots.keys():
            self.render_counts[view] += 1
        rendered = frozenset(views)
        for listener in tuple(self._render_listeners):
            listener(rendered)
