"""The Flux inspector's record: every dispatched payload, what it changed, and time travel.

It hooks in through public interfaces only. A dispatcher callback registered before the stores
sees each payload as its dispatch starts; store subscriptions say which stores changed; a
dispatch observer says when it ended; the app's render listener says which views re-rendered.
Replaying a prefix of the log through fresh, real stores rebuilds the app as it was then.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from chat.actions import Payload
from chat.codec import payload_from_json, payload_to_json
from chat.data import MAX_SAVED_CHARS, DataError, parse_json
from chat.dispatcher import Dispatcher
from chat.model import ChatData
from chat.persistence import SavedState, SavedStateError, Snapshot, restore
from chat.ports import Clock
from chat.stores import Store, Stores, create_stores

LOG_VERSION = 1


class LogError(ValueError):
    """A file that is not a valid inspector log; the message says where and what is wrong."""


@dataclass(slots=True)
class Entry:
    """One dispatch: its payload, when, which stores changed and views re-rendered, and how
    long the dispatch and the render took in milliseconds."""

    number: int
    payload: Payload
    time: int
    changed: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    dispatch_ms: float = 0.0
    render_ms: float = 0.0


class Inspector:
    """Records every dispatch of `dispatcher`. Create it before the stores, then `watch` them."""

    def __init__(
        self,
        dispatcher: Dispatcher[Payload],
        clock: Clock,
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.entries: list[Entry] = []
        self._clock = clock
        self._timer = timer
        self._current: Entry | None = None
        self._started_at = 0.0
        self._rendering: Entry | None = None
        self._initial: SavedState | None = None
        self._listeners: list[Callable[[Entry], None]] = []
        dispatcher.register(self._started)
        dispatcher.add_observer(self._finished)

    def watch(self, stores: Stores) -> None:
        """Follow the stores, and take the state the log starts from."""
        named: dict[str, Store] = {
            "users": stores.users,
            "messages": stores.messages,
            "unread": stores.unread,
        }
        for name, store in named.items():
            store.subscribe(lambda name=name: self._changed(name))  # type: ignore[misc]
        # State is immutable data, so keeping the objects is keeping the state; it is only
        # encoded (a large data file takes a while) when a log is exported.
        messages = stores.messages
        self._initial = SavedState(
            ChatData(stores.users.get_current_user(), messages.get_all_chats()),
            messages.get_open_chat_user_id(),
        )

    def on_entry(self, listener: Callable[[Entry], None]) -> None:
        """Call `listener` with each entry once its dispatch has ended."""
        self._listeners.append(listener)

    def rendered(self, views: frozenset[str]) -> None:
        """The app re-rendered `views` (give this to `ChatApp.on_render`)."""
        entry, self._rendering = self._rendering, None
        if entry is not None:
            entry.rendered = sorted(views)
            entry.render_ms = (self._timer() - self._started_at) * 1000 - entry.dispatch_ms

    @property
    def initial(self) -> SavedState:
        if self._initial is None:
            raise RuntimeError("Inspector.initial: watch(...) has not been called")
        return self._initial

    def export(self) -> str:
        """The log as JSON: the state it starts from and every payload since."""
        initial = Snapshot().state_text(self.initial)
        return export_log(initial, [entry.payload for entry in self.entries])

    def _started(self, payload: Payload) -> None:
        self._started_at = self._timer()
        self._rendering = None
        self._current = Entry(len(self.entries) + 1, payload, self._clock())

    def _changed(self, name: str) -> None:
        if self._current is not None:
            self._current.changed.append(name)

    def _finished(self, payload: Payload) -> None:
        entry, self._current = self._current, None
        if entry is None:
            return
        entry.dispatch_ms = (self._timer() - self._started_at) * 1000
        self.entries.append(entry)
        # The app renders in its own observer, after this one: `rendered` fills that in.
        self._rendering = entry
        for listener in tuple(self._listeners):
            listener(entry)


def replay(initial: SavedState, payloads: Sequence[Payload], count: int | None = None) -> Stores:
    """Fresh stores from `initial`, with the first `count` payloads (all by default) dispatched."""
    stores = create_stores(initial.data, initial.open_chat_user_id)
    for payload in payloads[:count]:
        stores.dispatcher.dispatch(payload)
    return stores


def export_log(initial: str, payloads: Sequence[Payload]) -> str:
    """A log file: `initial` is saved-state text (see chat.persistence), and every payload in
    the tutorial's JSON shape (chat.codec)."""
    return json.dumps(
        {
            "version": LOG_VERSION,
            "initial": json.loads(initial),
            "payloads": [payload_to_json(payload) for payload in payloads],
        },
        ensure_ascii=False,
    )


def import_log(text: str) -> tuple[SavedState, list[Payload]]:
    """Read a log file and check that it replays, or raise LogError saying what is wrong."""
    try:
        raw = parse_json(text, "the log", MAX_SAVED_CHARS)
    except DataError as error:
        raise LogError(str(error)) from None
    if not isinstance(raw, dict) or "payloads" not in raw or "initial" not in raw:
        raise LogError('not an inspector log: expected an object with "initial" and "payloads"')
    if raw.get("version") != LOG_VERSION:
        raise LogError(f"log version {raw.get('version')!r}; this app reads version {LOG_VERSION}")
    try:
        initial = restore(json.dumps(raw["initial"]))
    except SavedStateError as error:
        raise LogError(f"initial: {error}") from None
    if not isinstance(raw["payloads"], list):
        raise LogError('"payloads" must be a list')
    try:
        payloads = [
            payload_from_json(payload, f"payloads[{index}]")
            for index, payload in enumerate(raw["payloads"])
        ]
    except DataError as error:
        raise LogError(str(error)) from None
    replayed = replay(initial, [])
    for index, payload in enumerate(payloads):
        try:
            replayed.dispatcher.dispatch(payload)
        except (KeyError, ValueError, TypeError) as error:
            raise LogError(f"payloads[{index}] cannot be replayed: {error}") from None
    return initial, payloads


def state_of(stores: Stores) -> Any:
    """A comparable picture of the stores' state: chats, open chat, unread count."""
    return (
        dict(stores.messages.get_all_chats()),
        stores.messages.get_open_chat_user_id(),
        stores.unread.get_unread_count(),
    )
