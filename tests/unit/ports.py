"""In-memory ports for composing the whole app in a test, and helpers several tests share."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from datetime import UTC
from typing import Any

from chat.actions import OpenChat, SendMessage, ServerActions
from chat.compose import Flux, Options, compose
from chat.contacts import Pace
from chat.dispatcher import AppDispatcher
from chat.memory_database import MemoryDatabase
from chat.model import Chat, ChatData
from chat.ports import Ports, Screen
from chat.render import TEXT, VNode
from chat.stored import PAGE, Stored, import_text, stored_from_json
from chat.stores import MessagesStore, UnreadStore, UserStore
from chat.views import Memo, MessageWindow, message_box, reply_box
from tests.unit.fake_dom import FakeDom, FakeNode

NOW = 1_800_000_000_000
QUIET = Options(contacts=None)
"""No simulated contacts: nothing happens unless the test does it."""


class FakeClock:
    """The clock and the timers: time stands still until `run_all` runs what is scheduled,
    in time order, moving the time to each."""

    def __init__(self, now: int = NOW) -> None:
        self.now = now
        self.waiting: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()

    def __call__(self) -> int:
        return self.now

    def schedule(self, delay: float, callback: Callable[[], None]) -> None:
        self.waiting.append((self.now + delay, next(self._order), callback))

    def run_all(self) -> None:
        while self.waiting:
            self.waiting.sort()
            when, _, callback = self.waiting.pop(0)
            self.now = max(self.now, int(when))
            callback()


class Outbox:
    """A channel whose posts wait in `posted` until the test delivers them."""

    def __init__(self) -> None:
        self.posted: list[str] = []
        self.receivers: list[Callable[[object], object]] = []

    def post(self, text: str) -> None:
        self.posted.append(text)

    def actions(self) -> list[dict[str, Any]]:
        """The actions posted so far, as JSON (`{"type": ..., ...}`)."""
        return [json.loads(text)["action"] for text in self.posted]

    def listen(self, receive: Callable[[object], object]) -> None:
        self.receivers.append(receive)

    def deliver(self, message: object) -> None:
        for receive in self.receivers:
            receive(message)


class App:
    """The whole app, composed on in-memory ports; its attributes are the ports and the graph."""

    def __init__(
        self,
        data: ChatData,
        clock: FakeClock | None = None,
        options: Options = QUIET,
        open_chat_user_id: int | None = None,
    ) -> None:
        self.clock = clock or FakeClock()
        self.database = MemoryDatabase(self.clock.schedule)
        # The database holds the data, as after an import.
        open_id = open_chat_user_id or next(iter(data.chats))
        text = import_text(data, data.chats.values(), open_id, "test", complete=True)
        self.database.write(text, lambda kept: None)
        self.channel = Outbox()
        self.dom = FakeDom()
        self.root = FakeNode("main")
        self.notices: list[str] = []
        self.ports = Ports(
            clock=self.clock,
            schedule=self.clock.schedule,
            database=self.database,
            channel=self.channel,
            screen=Screen(self.dom, self.root, FakeNode("span"), UTC),
            notify=self.notices.append,
        )
        self.flux: Flux = compose(data, open_chat_user_id, self.ports, options)
        stores = self.flux.stores
        self.dispatcher, self.users = stores.dispatcher, stores.users
        self.messages, self.unread = stores.messages, stores.unread
        self.actions, self.server = self.flux.actions, self.flux.server

    def stored(self) -> Stored:
        """What a reload would start from, once the database has confirmed every write."""
        self.clock.run_all()
        stored = stored_from_json(self.database.start(PAGE))
        assert stored is not None
        return stored


class Tab(App):
    """One tab of the app, composed as main composes it, on in-memory ports."""

    def __init__(
        self, data: ChatData, clock: FakeClock, name: str, contacts: Pace | None = None
    ) -> None:
        super().__init__(data, clock, Options(name, contacts, seed=7))
        self.posted = self.channel.posted
        self.sync = self.flux.sync

    def texts(self, user_id: int) -> list[str]:
        return [m.contents for m in self.messages.get_chat_by_user_id(user_id).messages]


# The stores alone, on their own dispatcher.


def make_stores(data: ChatData) -> tuple[AppDispatcher, UserStore, MessagesStore]:
    dispatcher = AppDispatcher()
    users = UserStore(dispatcher, data.current_user)
    messages = MessagesStore(dispatcher, users, data.chats)
    return dispatcher, users, messages


def open_chat(user_id: int, timestamp: int) -> OpenChat:
    return OpenChat(user_id, timestamp)


def send(user_id: int, text: str, timestamp: int, ident: str = "") -> SendMessage:
    return SendMessage(user_id, text, timestamp, ident or f"t-{timestamp}-{text}")


class World:
    """The three stores and the server actions on one dispatcher, without the rest of the app."""

    def __init__(self, data: ChatData, unread_first: bool = False) -> None:
        self.dispatcher = AppDispatcher()
        self.users = UserStore(self.dispatcher, data.current_user)
        if unread_first:
            # Registered before the messages store: only wait_for makes its count right.
            placeholder = MessagesStore(AppDispatcher(), self.users, data.chats)
            self.unread = UnreadStore(self.dispatcher, placeholder, self.users)
            self.messages = MessagesStore(self.dispatcher, self.users, data.chats)
            self.unread._messages = self.messages
        else:
            self.messages = MessagesStore(self.dispatcher, self.users, data.chats)
            self.unread = UnreadStore(self.dispatcher, self.messages, self.users)
        self.server = ServerActions(self.dispatcher)

    def texts(self, user_id: int) -> list[str]:
        return [m.contents for m in self.messages.get_chat_by_user_id(user_id).messages]


# Queries of a view's virtual nodes.


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


def render_box(chat: Chat, memo: Memo | None = None, reply: VNode | None = None) -> VNode:
    window = MessageWindow.newest(chat)
    return message_box(chat, window, 1, NOW, UTC, memo or Memo(), reply or reply_box())
