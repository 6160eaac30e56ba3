"""Reading a data file in short steps: `parse_chat_data`'s rules, a few hundred messages at a
time, so that a page importing a large file (60 MB, 600,000 messages) stays responsive.

`DataStream` returns the file's chats in pieces, in the file's order; put together, they are
`parse_chat_data(text)` exactly (the same users, last accesses, messages and ids). A file that
`parse_chat_data` refuses, it refuses with the same DataError, word for word; that can come after
some pieces, and the file is then refused as a whole. The text is read three times:

1. the size and nesting limits (chat/data.py), a piece of text a step;
2. the JSON, checked as `json.loads` checks it, with its errors: where the user, each chat and a
   long chat's parts are is noted, whatever the order of their keys (of a key given twice, the
   last, as `json.loads` keeps it), and no value is kept;
3. the chats, in order, through chat/data.py's readers, a run of messages a step.

Twice through the JSON because the user may come after the chats, a key may be given twice, and
a JSON error anywhere is reported before any broken rule: the first pass settles all three.

Two things take one long step: decoding bytes (60 MB: 45 ms in CPython, 85 in Pyodide; the
text's memory is new however it is made), and a value far longer than its kind ever is (a
megabyte in a name, or a list of chats where their object belongs), which is parsed whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, NoReturn, Protocol, TypeVar

from chat.data import (
    MAX_DATA_FILE_CHARS,
    MAX_DEPTH,
    DataError,
    depth_in_steps,
    json_error,
    json_text,
    must_be,
    read_message,
    read_object,
    read_time,
    read_user,
    too_deep,
)
from chat.model import LastAccess, Message, User

STEP = 500
"""Messages a step reads by default. On a 62 MB file a step takes 1 to 2 ms in CPython, 2 to 4
in Pyodide (the longest: 9 and 24 ms)."""

MESSAGE_CHARS = 250
"""Characters of other work (decoding, counting brackets, checking JSON) that take about as long
as reading a message, and count as one in a step's budget."""

WHOLE_CHARS = 64 * 1024
"""The longest text parsed in one go (about 1 ms in CPython): a chat of a few hundred messages.
A longer value is read a part, or an item, at a time."""

ITEM_CHARS = 2048
"""How much text a value (a message, a user) is first parsed with: most need much less."""

_OP_CHARS = 100
"""What one parse of a part or an item costs over its characters (the Python around it)."""


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of one chat: its user and last access, and `messages`, the next of its messages in
    the file's order, with their ids. `first` on the chat's first piece, `final` on its last (a
    chat of a few messages is one piece, both)."""

    user: User
    last_access: LastAccess
    messages: tuple[Message, ...]
    first: bool
    final: bool


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a stream is: `stage` "checking" (`done` of `total` characters: the file is read
    twice to be checked) or "reading" (`done` of `total` messages returned)."""

    stage: str
    done: int
    total: int

    def __str__(self) -> str:
        if self.stage == "checking":
            return f"checking the file, {self.done * 100 // max(1, self.total)} %"
        return f"reading {self.done:,} of {self.total:,} messages"


T = TypeVar("T")
Work = Generator[int | Piece, None, T]
"""A pass, as a generator: it yields the characters of work it did (or a piece, whose messages
count), so that `DataStream.step` can stop once its budget is spent; and returns its result."""


class DataStream:
    """One reading of the data file `text` (or its bytes), step by step: `step` returns pieces
    of chats until it returns None. `current_user` and `chat_count` are known by the first
    piece. Only the size is checked here, so that creating a stream costs nothing."""

    def __init__(self, text: str | bytes, *, whole_chars: int = WHOLE_CHARS) -> None:
        if len(text) > MAX_DATA_FILE_CHARS:
            json_text(text, "the file", MAX_DATA_FILE_CHARS)  # its length is checked first
        # The passes' state is apart from the stream, so that a stream let go of before its end
        # (and its text) is freed at once, not left in a cycle with its generator.
        self._reading = _Reading(text, whole_chars)
        self._work = self._reading.passes()
        self._refusal: DataError | None = None
        self._done = False

    @property
    def current_user(self) -> User | None:
        return self._reading.current_user

    @property
    def chat_count(self) -> int | None:
        return self._reading.chat_count

    @property
    def progress(self) -> Progress:
        return self._reading.progress()

    def step(self, budget: int = STEP) -> list[Piece] | None:
        """Read on for about `budget` messages' work, and return the pieces completed ([] while
        the file is checked; never more than `budget` messages), or None when every chat has
        been returned. Raises DataError when the file is refused, and again at every call."""
        if self._refusal is not None:
            raise self._refusal
        if self._done:
            return None
        reading = self._reading
        pieces: list[Piece] = []
        reading.room = budget * MESSAGE_CHARS
        try:
            while reading.room > 0:
                work = next(self._work)
                if isinstance(work, Piece):
                    pieces.append(work)
                    reading.returned += len(work.messages)
                    reading.room -= len(work.messages) * MESSAGE_CHARS
                else:
                    reading.checked += work
                    reading.room -= work
        except StopIteration:
            self._done = True
            return pieces or None
        except DataError as error:
            self._refusal = error
            raise
        return pieces


class _Reading:
    """The three passes over one text, and how far they are."""

    def __init__(self, data: str | bytes, whole_chars: int) -> None:
        self.data = data
        self.whole_chars = whole_chars
        self.text = ""
        self.room = 0  # characters' worth of work left in this step
        self.checking = (2 if isinstance(data, str) else 3) * len(data)
        self.checked = 0
        self.messages: int | None = None  # how many there are, once the file is checked
        self.returned = 0
        self.current_user: User | None = None
        self.chat_count: int | None = None

    def progress(self) -> Progress:
        if self.messages is None:
            return Progress("checking", min(self.checked, self.checking), self.checking)
        return Progress("reading", self.returned, self.messages)

    def passes(self) -> Work[None]:
        try:
            yield from self._passes()
        finally:  # let go of the file: the stream may be kept for its user and counts
            self.data = self.text = ""

    def _passes(self) -> Work[None]:
        text = self.text = json_text(self.data, "the file", MAX_DATA_FILE_CHARS)
        if isinstance(self.data, bytes):
            self.data = ""
            # One long step: a text of 60 MB takes 45 ms (CPython) to make, decoded whole or
            # joined from pieces decoded in steps, as its memory is new.
            yield len(text)
        depth_steps = depth_in_steps(text, STEP * MESSAGE_CHARS)
        while True:
            try:
                next(depth_steps)
            except StopIteration as stop:
                if stop.value > MAX_DEPTH:
                    raise DataError(too_deep("the file")) from None
                break
            yield STEP * MESSAGE_CHARS
        try:
            root = yield from _Check(text, self.whole_chars).file()
        except json.JSONDecodeError as error:
            raise DataError(json_error(error)) from None
        except ValueError as error:  # a number too long for Python to convert
            raise DataError(f"not valid JSON ({error})") from None
        yield from self._chats(root)

    def _chats(self, root: _Place) -> Work[None]:
        """`chat_data_from_json`'s rules, in its order, on the values `root` locates."""
        if root.parts is None:
            _not_an_object(self._value(root), "the file")
        user = read_user(self._value(root.parts.get("user")), "user")
        chats = root.parts.get("chats")
        if chats is None or chats.parts is None:
            _not_an_object(self._value(chats), "chats")
        if not chats.parts:
            raise DataError('"chats" is empty: there must be at least one chat')
        self.current_user = user
        self.chat_count = len(chats.parts)
        self.messages = sum(chat.messages for chat in chats.parts.values())
        for key, chat in chats.parts.items():
            yield from self._chat(key, chat, user.id)

    def _chat(self, key: str, chat: _Place, current_user_id: int) -> Work[None]:
        """`_chat`'s rules (chat/data.py), in its order, a run of messages at a time: an id
        given twice, or a last access out of range, is refused once every message is read."""
        where = f"chats[{json.dumps(key)}]"
        source: _Items | None = None
        items: object = None
        if chat.parts is None:  # a chat of a few hundred messages, read whole; or not an object
            obj = read_object(self._value(chat), where)
            yield chat.end - chat.start + _OP_CHARS
            user_raw = obj.get("user")
            access_raw = obj.get("lastAccess")
            items = obj.get("messages")
            if type(items) is list:
                source = _InHand(items)
        else:
            parts = chat.parts
            user_raw = self._value(parts.get("user"))
            access_raw = self._value(parts.get("lastAccess"))
            listed = parts.get("messages")
            if listed is not None and self.text.startswith("[", listed.start):
                source = _InText(self.text, listed.start)
            else:
                items = self._value(listed)
        user = read_user(user_raw, f"{where}.user")
        if str(user.id) != key:
            raise DataError(f"{where}.user.id is {user.id}, but the chat is keyed {key!r}")
        if user.id == current_user_id:
            raise DataError(f"{where} is a chat with the current user ({current_user_id})")
        access_obj = read_object(access_raw, f"{where}.lastAccess")
        if source is None:
            raise DataError(f"{where}.messages {must_be('a list', items)}")
        if source.done:
            raise DataError(f"{where}.messages is empty: a chat needs at least one message")
        try:
            access: LastAccess | None = LastAccess(
                recipient=read_time(access_obj, "recipient", f"{where}.lastAccess"),
                current_user=read_time(access_obj, "currentUser", f"{where}.lastAccess"),
            )
            late: DataError | None = None
        except DataError as error:
            access, late = None, error
        senders = (current_user_id, user.id)
        first_index: dict[str, int] = {}
        twice: str | None = None
        index = 0
        while not source.done:
            run = _messages(source.take(max(1, self.room // MESSAGE_CHARS)), where, senders, index)
            for number, message in enumerate(run, index):
                if twice is None and first_index.setdefault(message.id, number) != number:
                    twice = (
                        f"{where}.messages[{number}].id is {json.dumps(message.id)}, the id of "
                        f"messages[{first_index[message.id]}] too: ids must be unique within a chat"
                    )
            if access is not None and twice is None:
                yield Piece(user, access, tuple(run), first=index == 0, final=source.done)
            else:
                yield len(run) * MESSAGE_CHARS  # refused at the end: nothing to return
            index += len(run)
        if twice is not None:
            raise DataError(twice)
        if late is not None:
            raise late

    def _value(self, place: _Place | None) -> object:
        """The value at `place` (checked JSON), parsed; None for no place."""
        return None if place is None else _DECODER.raw_decode(self.text, place.start)[0]


def _messages(items: list[Any], where: str, senders: tuple[int, int], index: int) -> list[Message]:
    try:
        return [read_message(item, where, senders, n) for n, item in enumerate(items, index)]
    except DataError:
        # Each message's path is only worth making for the one refused: read them again.
        for number, item in enumerate(items, index):
            read_message(item, f"{where}.messages[{number}]", senders, number)
        raise


def _not_an_object(value: object, where: str) -> NoReturn:
    read_object(value, where)
    raise AssertionError(f"{where} is an object, but was not read as one")


class _Items(Protocol):
    """A chat's messages, not yet read: `take` the next ones."""

    done: bool

    def take(self, count: int) -> list[Any]: ...


class _InHand:
    """Messages parsed with their chat."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.at = 0
        self.done = not items

    def take(self, count: int) -> list[Any]:
        run = self.items[self.at : self.at + count]
        self.at += len(run)
        self.done = self.at == len(self.items)
        return run


class _InText:
    """The list of messages at `text[at]`, parsed a message at a time."""

    def __init__(self, text: str, at: int) -> None:
        self.text = text
        self.at = _skip(text, at + 1)
        self.done = text.startswith("]", self.at)

    def take(self, count: int) -> list[Any]:
        text = self.text
        run: list[Any] = []
        while len(run) < count and not self.done:
            item, end = _DECODER.raw_decode(text, self.at)
            run.append(item)
            end = _skip(text, end)
            self.done = text.startswith("]", end)
            self.at = _skip(text, end + 1)  # past the comma (the first pass saw it)
        return run


# The first pass.

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _skip(text: str, at: int) -> int:
    """The index of the first character at or after `at` that is not JSON white space."""
    match = _SPACE.match(text, at)
    assert match is not None  # the pattern matches the empty string
    return match.end()


@dataclass(slots=True)
class _Place:
    """Where a value is in the text. For an object read a part at a time, where each part's
    value is (of a key given twice, the last); for a chat or its list, how many messages."""

    start: int
    end: int
    parts: dict[str, _Place] | None = None
    messages: int = 0


class _Check:
    """The JSON of `text` checked as `json.loads` checks it, with its errors word for word, in
    steps of at most about WHOLE_CHARS characters; `file` returns where things are."""

    def __init__(self, text: str, whole_chars: int) -> None:
        self.text = text
        self.whole = whole_chars

    def file(self) -> Work[_Place]:
        text = self.text
        if text.startswith("\ufeff"):
            json.loads(text[:1])  # raises json's own refusal of a byte order mark
        at = _skip(text, 0)
        if text.startswith("{", at):
            root = yield from self._parts(at, self._file_part)
        else:
            root = _Place(at, (yield from self._check(at)))
        end = _skip(text, root.end)
        if end != len(text):
            self._fail("null", root.end, end)
        return root

    def _file_part(self, key: str, at: int) -> Work[_Place]:
        if key == "chats" and self.text.startswith("{", at):
            return (yield from self._parts(at, self._chat))
        return _Place(at, (yield from self._check(at)))

    def _chat(self, key: str, at: int) -> Work[_Place]:
        if not self.text.startswith("{", at):
            return _Place(at, (yield from self._check(at)))
        parsed = self._whole(at, self.whole)
        if parsed is not None:
            chat, end = parsed
            yield end - at + _OP_CHARS
            listed = chat.get("messages")
            return _Place(at, end, messages=len(listed) if type(listed) is list else 0)
        yield self.whole
        place = yield from self._parts(at, self._chat_part)
        assert place.parts is not None
        place.messages = place.parts["messages"].messages if "messages" in place.parts else 0
        return place

    def _chat_part(self, key: str, at: int) -> Work[_Place]:
        if key == "messages" and self.text.startswith("[", at):
            end, count = yield from self._items(at, self._check)
            return _Place(at, end, messages=count)
        return _Place(at, (yield from self._check(at)))

    def _check(self, at: int) -> Work[int]:
        """Check the value at `at`, a bounded parse at a time; return its end."""
        text = self.text
        if not text.startswith(("{", "["), at):  # text, a number or a word: read in one go
            end = _DECODER.raw_decode(text, at)[1]
            yield end - at + _OP_CHARS
            return end
        for size in (ITEM_CHARS, self.whole) if self.whole > ITEM_CHARS else (self.whole,):
            parsed = self._whole(at, size)
            if parsed is not None:
                yield parsed[1] - at + _OP_CHARS
                return parsed[1]
            yield size
            if at + size >= len(text):
                break  # the rest of the text, and not JSON: the error is found a part at a time
        if text.startswith("{", at):
            return (yield from self._object(at, lambda key, start: self._check(start)))
        return (yield from self._items(at, self._check))[0]

    def _whole(self, at: int, size: int) -> tuple[Any, int] | None:
        """The value at `at` and its end, if it is JSON within `size` characters. (A slice of
        text parses as the text does: a list or an object ends with its bracket.)"""
        try:
            value, end = _DECODER.raw_decode(self.text[at : at + size])
        except ValueError:  # cut short, or not JSON
            return None
        return value, at + end

    def _parts(self, at: int, read: Callable[[str, int], Work[_Place]]) -> Work[_Place]:
        """The object at `at`, noting where each part is (`read` checks the value)."""
        parts: dict[str, _Place] = {}

        def part(key: str, start: int) -> Work[int]:
            parts[key] = place = yield from read(key, start)
            return place.end

        end = yield from self._object(at, part)
        return _Place(at, end, parts)

    def _object(self, at: int, part: Callable[[str, int], Work[int]]) -> Work[int]:
        """Check the object at `at` ("{"): its keys here, each value with `part(key, start)`,
        which returns the value's end; return the object's end."""
        text = self.text
        before, after = "{", at + 1  # what json has read, and where the text goes on
        at = _skip(text, after)
        if text.startswith("}", at):
            return at + 1
        while True:
            if not text.startswith('"', at):
                self._fail(before, after, at)
            key, at = _DECODER.raw_decode(text, at)
            at = _skip(text, at)
            if not text.startswith(":", at):
                self._fail(before, after, at)
            end = yield from part(key, _skip(text, at + 1))
            before, after = '{"":null', end
            at = _skip(text, end)
            if text.startswith("}", at):
                return at + 1
            if not text.startswith(",", at):
                self._fail(before, after, at)
            at = _skip(text, at + 1)

    def _items(self, at: int, item: Callable[[int], Work[int]]) -> Work[tuple[int, int]]:
        """Check the list at `at` ("["), each item with `item(start)`, which returns its end;
        return the list's end and length."""
        text = self.text
        before, after = "[", at + 1
        at = _skip(text, after)
        if text.startswith("]", at):
            return at + 1, 0
        count = 0
        while True:
            end = yield from item(at)
            count += 1
            before, after = "[null", end
            at = _skip(text, end)
            if text.startswith("]", at):
                return at + 1, count
            if not text.startswith(",", at):
                self._fail(before, after, at)
            at = _skip(text, at + 1)
            if text.startswith("]", at):  # a trailing comma, in json's own words
                self._fail(before, after, at)

    def _fail(self, before: str, after: int, at: int) -> NoReturn:
        """Raise json's own error for the text from `after` to the character at `at` that does
        not belong there, read as if it followed `before` (the state its list or object is in),
        at its place in the whole text. (The words change from one Python to the next: 3.13
        names a trailing comma.)"""
        try:
            json.loads(before + self.text[after : at + 1])
        except json.JSONDecodeError as error:
            at = after + error.pos - len(before)
            raise json.JSONDecodeError(error.msg, self.text, at) from None
        raise AssertionError(f"_fail: json.loads reads {before + self.text[after : at + 1]!r}")
