"""The ports in memory, for building the whole app with chat.compose in a test."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC
from typing import Any

from chat.compose import Flux, Options, compose
from chat.model import ChatData
from chat.ports import Ports, Screen
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

    def __call__(self) -> int:
        return self.now

    def schedule(self, delay: float, callback: Callable[[], None]) -> None:
        self.waiting.append((self.now + delay, len(self.waiting), callback))

    def run_all(self) -> None:
        while self.waiting:
            self.waiting.sort()
            when, _, callback = self.waiting.pop(0)
            self.now = max(self.now, int(when))
            callback()


class MemoryStorage:
    """Keeps every text written; refuses while `full`."""

    def __init__(self) -> None:
        self.written: list[str] = []
        self.full = False

    def write(self, text: str) -> bool:
        if self.full:
            return False
        self.written.append(text)
        return True


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
        self.storage = MemoryStorage()
        self.channel = Outbox()
        self.dom = FakeDom()
        self.root = FakeNode("main")
        self.notices: list[str] = []
        self.ports = Ports(
            clock=self.clock,
            schedule=self.clock.schedule,
            storage=self.storage,
            channel=self.channel,
            screen=Screen(self.dom, self.root, FakeNode("span"), UTC),
            notify=self.notices.append,
        )
        self.flux: Flux = compose(data, open_chat_user_id, self.ports, options)
        stores = self.flux.stores
        self.dispatcher, self.users = stores.dispatcher, stores.users
        self.messages, self.unread = stores.messages, stores.unread
        self.actions, self.server = self.flux.actions, self.flux.server
