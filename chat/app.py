"""Wiring: store changes mark views dirty; after each dispatch every dirty view renders once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from chat.actions import Clock
from chat.dispatcher import Dispatcher, Payload
from chat.render import DomApi, VNode, mount, patch
from chat.stores import MessagesStore, UserStore
from chat.views import Memo, message_box, reply_box, user_list

USER_LIST = "user_list"
MESSAGE_BOX = "message_box"


class ChatApp:
    """Renders the user list and the message box into `root` and keeps them in step with the stores.

    A view renders at most once per dispatch, however many stores changed; `after_render` is
    told which views rendered (the browser uses it to keep the newest message in sight).
    """

    def __init__(
        self,
        api: DomApi,
        root: Any,
        dispatcher: Dispatcher,
        messages_store: MessagesStore,
        user_store: UserStore,
        clock: Clock,
        tz: tzinfo,
        after_render: Callable[[frozenset[str]], None] | None = None,
    ) -> None:
        self._api = api
        self._root = root
        self._messages = messages_store
        self._users = user_store
        self._clock = clock
        self._tz = tz
        self._after_render = after_render
        self._dirty: set[str] = set()
        self._nodes: dict[str, VNode] = {}
        self._memos = {USER_LIST: Memo(), MESSAGE_BOX: Memo()}
        self._reply_box = reply_box()
        self.render_counts = {USER_LIST: 0, MESSAGE_BOX: 0}
        # Both views read both stores.
        for store in (messages_store, user_store):
            store.subscribe(self._mark_all_dirty)
        dispatcher.add_observer(self._after_dispatch)

    def start(self) -> None:
        """Build both views into the root for the first time."""
        self._render({USER_LIST, MESSAGE_BOX})

    def refresh(self) -> None:
        """Render again with the current time, so "5 minutes ago" stays true."""
        self._render({USER_LIST, MESSAGE_BOX})

    def _mark_all_dirty(self) -> None:
        self._dirty.update((USER_LIST, MESSAGE_BOX))

    def _after_dispatch(self, payload: Payload) -> None:
        if self._dirty:
            dirty, self._dirty = self._dirty, set()
            self._render(dirty)

    def _build(self, view: str, now: int) -> VNode:
        current_user_id = self._users.get_current_user().id
        open_id = self._messages.get_open_chat_user_id()
        if view == USER_LIST:
            return user_list(
                self._messages.get_all_chats(),
                open_id,
                current_user_id,
                now,
                self._tz,
                self._memos[USER_LIST],
            )
        return message_box(
            self._messages.get_chat_by_user_id(open_id),
            current_user_id,
            now,
            self._tz,
            self._memos[MESSAGE_BOX],
            self._reply_box,
        )

    def _render(self, views: set[str]) -> None:
        now = self._clock()
        for view in (USER_LIST, MESSAGE_BOX):
            if view not in views:
                continue
            node = self._build(view, now)
            old = self._nodes.get(view)
            if old is None:
                mount(self._api, self._root, node)
            else:
                patch(self._api, self._root, old, node)
            self._nodes[view] = node
            self.render_counts[view] += 1
        if self._after_render is not None:
            self._after_render(frozenset(views))
