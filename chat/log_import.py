"""Importing an inspector log in small steps, so that a page can stay responsive meanwhile.

A 50,000-dispatch log is 8 MB: parsing it in one `json.loads`, then decoding and replaying every
payload, blocked the page for 40 s. `LogImport` does the same work a few hundred payloads at a
time, and the caller says how long each `run` may take; the browser yields to the page between
runs. The file is read in three stages, and a refusal names the stage and the place:

1. reading: the size and nesting limits (chat/data.py), then the top-level object, the
   payloads list one element at a time (`json.JSONDecoder.raw_decode`);
2. the initial state (chat/persistence.py `restore`);
3. replaying: each payload decoded (chat/codec.py) and dispatched through fresh stores, whose
   state is kept every `Checkpoints.every` dispatches for time travel.
"""

from __future__ import annotations

import gc
import json
import re
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, NoReturn

from chat.actions import Payload
from chat.checkpoints import EVERY, Checkpoints, saved_state
from chat.codec import payload_from_json
from chat.data import (
    MAX_DEPTH,
    MAX_SAVED_CHARS,
    DataError,
    depth_in_steps,
    json_error,
    json_text,
    too_deep,
)
from chat.persistence import SavedState, SavedStateError, restore
from chat.stores import create_stores

LOG_VERSION = 1

STEP = 50
"""Payloads read, or decoded and replayed, between two looks at the clock (a few ms)."""


class LogError(ValueError):
    """A file that is not a valid inspector log; the message says where and what is wrong."""


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an import is: `stage` is "reading" (`done` of `total` characters of the file)
    or "replaying" (`done` of `total` payloads)."""

    stage: str
    done: int
    total: int

    def __str__(self) -> str:
        if self.stage == "reading":
            return f"reading the file, {self.done * 100 // max(1, self.total)} %"
        return f"replaying {self.done:,} of {self.total:,} dispatches"


@dataclass(frozen=True, slots=True)
class ImportedLog:
    """A log that was read and replays: its payloads, and checkpoints from its initial state."""

    payloads: list[Payload]
    checkpoints: Checkpoints


class LogImport:
    """One import of the log file `text`, done step by step with `run`."""

    def __init__(
        self,
        text: str | bytes,
        every: int = EVERY,
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._steps = _import(text, every)
        self._timer = timer
        self.progress = Progress("reading", 0, len(text))
        self.result: ImportedLog | None = None
        self._collecting = False

    def run(self, budget_ms: float) -> bool:
        """Go on for about `budget_ms` (at least one step); True once the log is imported
        (`result`). Raises LogError when the file is refused."""
        if self.result is not None:
            return True
        end = self._timer() + budget_ms / 1000
        self._pause_collector()
        try:
            while True:
                try:
                    self.progress = next(self._steps)
                except StopIteration as stop:
                    self.result = stop.value
                    gc.freeze()  # what the import keeps: out of the collector's sight
                    self.close()
                    return True
                if self._timer() >= end:
                    return False
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Give up the import (if not done), and let the cycle collector run again."""
        self._steps.close()
        if self._collecting:
            self._collecting = False
            gc.enable()

    def _pause_collector(self) -> None:
        # The cycle collector would scan the hundreds of thousands of objects an import makes
        # (all acyclic, freed by their reference counts) in pauses of 200 ms or more, in the
        # import's steps or in the renders between them: it is off until the import ends.
        if not self._collecting and gc.isenabled():
            self._collecting = True
            gc.disable()

    def finish(self) -> ImportedLog:
        """Do what is left in one go."""
        while not self.run(float("inf")):
            pass
        assert self.result is not None
        return self.result


Steps = Generator[Progress, None, ImportedLog]


def _import(text: str | bytes, every: int) -> Steps:
    try:
        text = json_text(text, "the log", MAX_SAVED_CHARS)
    except DataError as error:
        raise LogError(str(error)) from None
    yield Progress("reading", 0, len(text))
    depth = depth_in_steps(text)
    while True:  # the nesting limit, checked before any parsing, a megabyte per step
        try:
            next(depth)
        except StopIteration as stop:
            if stop.value > MAX_DEPTH:
                raise LogError(too_deep("the log")) from None
            break
        yield Progress("reading", 0, len(text))
    raw = yield from _read(text)
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
    items: list[Any] = raw["payloads"]
    checkpoints = Checkpoints(initial, every=every)
    stores = create_stores(initial.data, initial.open_chat_user_id)
    payloads: list[Payload] = []
    total = len(items)
    for index, item in enumerate(items):
        if index % STEP == 0:
            yield Progress("replaying", index, total)
        try:
            payload = payload_from_json(item, f"payloads[{index}]")
        except DataError as error:
            raise LogError(str(error)) from None
        try:
            stores.dispatcher.dispatch(payload)
        except (KeyError, ValueError, TypeError) as error:
            raise LogError(f"payloads[{index}] cannot be replayed: {error}") from None
        payloads.append(payload)
        items[index] = None  # the decoded payload replaces it: keep one copy
        if checkpoints.due(index + 1):
            checkpoints.keep(index + 1, saved_state(stores))
    yield Progress("replaying", total, total)
    return ImportedLog(payloads, checkpoints)


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _read(text: str) -> Generator[Progress, None, object]:
    """The parsed JSON `text`, as `json.loads` would return it (the last of duplicate keys
    wins), with the top-level object's "payloads" list read a few elements per step."""
    try:
        at = _skip(text, 0)
        if not text.startswith("{", at):
            value, at = _DECODER.raw_decode(text, at)
            _end(text, at)
            return value
        found: dict[str, Any] = {}
        at = _skip(text, at + 1)
        if text.startswith("}", at):
            _end(text, at + 1)
            return found
        while True:
            if not text.startswith('"', at):
                _fail(text, at, "Expecting property name enclosed in double quotes")
            key, at = _DECODER.raw_decode(text, at)
            at = _skip(text, at)
            if not text.startswith(":", at):
                _fail(text, at, "Expecting ':' delimiter")
            at = _skip(text, at + 1)
            if key == "payloads" and text.startswith("[", at):
                found[key], at = yield from _read_list(text, at)
            else:
                found[key], at = _DECODER.raw_decode(text, at)
            at = _skip(text, at)
            if text.startswith("}", at):
                _end(text, at + 1)
                return found
            if not text.startswith(",", at):
                _fail(text, at, "Expecting ',' delimiter")
            at = _skip(text, at + 1)
    except json.JSONDecodeError as error:
        raise LogError(json_error(error)) from None
    except ValueError as error:  # a number too long for Python to convert
        raise LogError(f"not valid JSON ({error})") from None


def _read_list(text: str, at: int) -> Generator[Progress, None, tuple[list[Any], int]]:
    """The JSON array at `text[at]` and the index after it, an element at a time."""
    items: list[Any] = []
    at = _skip(text, at + 1)
    if text.startswith("]", at):
        return items, at + 1
    while True:
        value, at = _DECODER.raw_decode(text, at)
        items.append(value)
        if len(items) % STEP == 0:
            yield Progress("reading", at, len(text))
        at = _skip(text, at)
        if text.startswith("]", at):
            return items, at + 1
        if not text.startswith(",", at):
            _fail(text, at, "Expecting ',' delimiter")
        at = _skip(text, at + 1)


def _skip(text: str, at: int) -> int:
    """The index of the first character at or after `at` that is not JSON white space."""
    match = _SPACE.match(text, at)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _end(text: str, at: int) -> None:
    if _skip(text, at) != len(text):
        _fail(text, _skip(text, at), "Extra data")


def _fail(text: str, at: int, message: str) -> NoReturn:
    raise json.JSONDecodeError(message, text, at)


def import_log(text: str | bytes) -> tuple[SavedState, list[Payload]]:
    """Read a log file and check that it replays, in one go: its initial state and payloads.
    Raises LogError saying what is wrong."""
    imported = LogImport(text).finish()
    return imported.checkpoints.initial, imported.payloads
