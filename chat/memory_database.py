"""The database in Python's memory: the stand-in when the browser refuses IndexedDB (private
mode, storage turned off or full), and the tests' database. Same records, same rules and the same
JSON text as static/js/chatdb.mjs (chat/stored.py describes them); answers come later, through
`schedule`, as the browser's do."""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable
from typing import Any

from chat.ports import Schedule


class MemoryDatabase:
    """Records by key, kept as JSON values; nothing survives the page."""

    def __init__(self, schedule: Schedule) -> None:
        self._schedule = schedule
        self.meta: dict[str, Any] | None = None
        self.chat_records: dict[Any, dict[str, Any]] = {}
        self._order: list[Any] = []
        self._messages: dict[Any, dict[tuple[Any, Any], dict[str, Any]]] = {}
        self._keys: dict[Any, list[tuple[Any, Any]]] = {}
        self.log: list[str] = []
        """Every write's text, in order."""
        self.refuse = False
        """Set to refuse every write, as a full quota does."""

    def write(self, text: str, done: Callable[[bool], None]) -> None:
        if self.refuse:
            self.log.append(text)
            self._schedule(0, lambda: done(False))
            return
        change = json.loads(text)
        if "meta" in change:
            self.meta = {**(self.meta or {}), **change["meta"]}
        for record in change.get("chats", ()):
            self.chat_records[record["id"]] = _merged(self.chat_records.get(record["id"]), record)
        for record in change.get("messages", ()):
            key = (record["timestamp"], record["id"])
            messages = self._messages.setdefault(record["chat"], {})
            if key not in messages:
                bisect.insort(self._keys.setdefault(record["chat"], []), key)
            messages[key] = record
        self.log.append(text)
        self._schedule(0, lambda: done(True))

    def messages(
        self,
        user_id: int,
        before: tuple[int, str] | None,
        limit: int,
        receive: Callable[[str | None], None],
    ) -> None:
        text = json.dumps(self._page(user_id, before, limit), ensure_ascii=False)
        self._schedule(0, lambda: receive(text))

    def start(self, limit: int, first: int = 10**9) -> str:
        """What static/js/chatdb.mjs's `start` reads: meta, the `first` chats with the newest
        last messages (and the open one), their total, and the open chat's newest messages."""
        opened = None
        records = sorted(self.chat_records.values(), key=_by_last, reverse=True)
        self._order = [record.get("id") for record in records]
        chats = records[:first]
        if self.meta is not None and "openChat" in self.meta:
            open_id = self.meta["openChat"]
            opened = {"chat": open_id, **self._page(open_id, None, limit)}
            if open_id in self.chat_records and self.chat_records[open_id] not in chats:
                chats.append(self.chat_records[open_id])
        return json.dumps(
            {
                "meta": self.meta,
                "chats": chats,
                "next": min(first, len(records)),
                "total": len(records),
                "open": opened,
            },
            ensure_ascii=False,
        )

    def chats_after(self, offset: int, limit: int) -> str:
        ids = self._order[offset : offset + limit]
        records = [self.chat_records[uid] for uid in ids if uid in self.chat_records]
        more = offset + limit < len(self._order)
        return json.dumps({"chats": records, "more": more}, ensure_ascii=False)

    def chats(self, offset: int, limit: int, receive: Callable[[str | None], None]) -> None:
        text = self.chats_after(offset, limit)
        self._schedule(0, lambda: receive(text))

    def clear(self) -> None:
        self.meta = None
        self.chat_records.clear()
        self._messages.clear()
        self._keys.clear()

    def count(self, user_id: int) -> int:
        """How many messages the chat with `user_id` has here."""
        return len(self._keys.get(user_id, ()))

    def _page(self, user_id: int, before: tuple[int, str] | None, limit: int) -> dict[str, Any]:
        keys = self._keys.get(user_id, [])
        end = len(keys) if before is None else bisect.bisect_left(keys, before)
        start = max(0, end - limit)
        records = self._messages.get(user_id, {})
        return {"messages": [records[key] for key in keys[start:end]], "older": start > 0}


def _by_last(record: Any) -> tuple[float, int]:
    """chatdb.mjs's index of the chats by their last message's time, then id (reversed for the
    newest first), for any record (another page may have written it)."""
    last = record.get("last") if isinstance(record, dict) else None
    timestamp = last.get("timestamp") if isinstance(last, dict) else None
    if not isinstance(timestamp, int | float) or isinstance(timestamp, bool):
        timestamp = 0
    ident = record.get("id") if isinstance(record, dict) else None
    return (timestamp, ident if isinstance(ident, int) and not isinstance(ident, bool) else 0)


def _merged(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """A chat record merged with the stored one: the newer last message, the later times."""
    if old is None:
        return new
    last = max(old["last"], new["last"], key=lambda m: (m["timestamp"], m["id"]))
    access = {
        name: max(old["lastAccess"][name], new["lastAccess"][name])
        for name in ("recipient", "currentUser")
    }
    return {**new, "last": last, "lastAccess": access}
