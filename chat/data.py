"""The chat data file format: the JSON every boundary reads and writes, and its rules.

The data file, the saved state (chat/persistence.py), inspector logs and tab messages
(chat/codec.py) are all read with `parse_json` and the readers below, so each rule (types,
non-blank text and ids, whole numbers, times, senders, unique ids, sizes) is written once, and
whatever one boundary accepts, any other reads back. A refusal is a DataError naming the path
and the value. The shapes themselves are in chat/model.py.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Generator, Mapping
from itertools import accumulate, pairwise
from typing import Any, NoReturn

from chat.model import Chat, ChatData, LastAccess, Message, User, in_chat, message_id, message_key

# Limits: what is bigger is refused before it can cost the page its memory or its stack.
MAX_DEPTH = 32
"""Arrays and objects nested deeper are refused before `json.loads` runs: in Pyodide, deep
recursion overflows the WebAssembly stack, which Python cannot catch. The deepest legitimate
shape, an inspector log (log > payloads > payload > action > message, or log > initial > chats
> chat > messages > message), is 6 levels deep."""

MAX_DATA_FILE_CHARS = 64 * 1024 * 1024
"""A data file's length (characters, or bytes for a file read as bytes): many times the large
benchmark's 2 MB, and still within what Pyodide's memory holds once parsed."""

MAX_SAVED_CHARS = 2 * MAX_DATA_FILE_CHARS
"""Saved state and inspector logs. Saving adds each message's id, which can double a file of
short messages without ids, so whatever a data file brings in can always be restored. (The
browser's localStorage holds only about 5 MB of text.)"""

MAX_TAB_MESSAGE_CHARS = 1024 * 1024
"""A message between tabs: one chat message, even its longest text escaped as `\\uXXXX`."""

MAX_TEXT_CHARS = 100_000
"""A message's text, and a profile picture's address (which may be a `data:` URL)."""

MAX_NAME_CHARS = 1_000
"""A name, a status, or a message id."""

MAX_WHOLE = 2**53 - 1
"""The largest whole number (either sign) read: JavaScript's numbers hold every one exactly."""

LATEST_TIME = 253_402_300_799_999
"""The last millisecond of the year 9999: the latest time dates can show."""


class DataError(ValueError):
    """Chat data that cannot be used; the message says where and what is wrong."""


def chat_to_json(chat: Chat) -> dict[str, Any]:
    """`chat` in the data file's shape, message ids included (`parse_chat_data` reads it back)."""
    return {
        "user": user_to_json(chat.user),
        "lastAccess": {
            "recipient": chat.last_access.recipient,
            "currentUser": chat.last_access.current_user,
        },
        "messages": [message_to_json(message) for message in chat.messages],
        **({"older": True} if chat.older else {}),
    }


def message_to_json(message: Message) -> dict[str, Any]:
    return {
        "id": message.id,
        "contents": message.contents,
        "from": message.sender,
        "timestamp": message.timestamp,
    }


def user_to_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "profilePicture": user.profile_picture,
        "status": user.status,
    }


def parse_chat_data(text: str | bytes) -> ChatData:
    """Read chat data from JSON text (or UTF-8 bytes), or raise DataError naming the first
    problem found."""
    return chat_data_from_json(parse_json(text, "the file", MAX_DATA_FILE_CHARS))


# Every byte but a quote or a bracket; and each bracket as how it changes the depth, a signed
# byte (-1 is 255).
_NOT_MARKS = bytes(range(256)).translate(None, b'"[]{}')
_DEPTH_STEP = bytes(1 if byte in b"[{" else 255 if byte in b"]}" else 0 for byte in range(256))


def parse_json(
    text: str | bytes, where: str = "the text", max_chars: int = MAX_SAVED_CHARS
) -> object:
    """JSON text (or bytes in UTF-8, -16 or -32) as Python values; or DataError if `where`
    (e.g. "the file") is longer than `max_chars`, nests deeper than MAX_DEPTH, or is not JSON."""
    text = json_text(text, where, max_chars)
    if _depth(text) > MAX_DEPTH:
        raise DataError(too_deep(where))
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(json_error(error)) from None
    except ValueError as error:  # a number too long for Python to convert
        raise DataError(f"not valid JSON ({error})") from None


def json_error(error: json.JSONDecodeError) -> str:
    """What `parse_json` says of text that is not JSON."""
    return f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"


def json_text(text: str | bytes, where: str, max_chars: int) -> str:
    """`text` as a string, once it is known to be short enough; or DataError."""
    if len(text) > max_chars:
        raise DataError(f"{where} is {len(text):,} characters long: at most {max_chars:,} are read")
    if isinstance(text, bytes):
        encoding = json.detect_encoding(text)
        try:
            text = text.decode(encoding)
        except UnicodeDecodeError as error:
            # utf-8-sig counts from after the byte order mark; the file's byte is 3 further.
            at = error.start + (len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0)
            raise DataError(f"not valid UTF-8 text ({error.reason} at byte {at})") from None
    return text


class Decoding:
    """Bytes of a file decoded as they arrive: once `end` is called, `text` is
    `json_text(whole, where, max_chars)`, or the same DataError (over `max_chars` bytes, as
    soon as they have come). The bytes are let go of as they are decoded, so a file never is
    in memory both as bytes and as text, and no step decodes it whole."""

    def __init__(self, where: str, max_chars: int) -> None:
        self._where = where
        self._max = max_chars
        self._head = b""  # the first bytes, until they say the encoding (json.detect_encoding)
        self._decoder: codecs.IncrementalDecoder | None = None
        self._read = 0  # bytes given to the decoder
        self._pieces: list[str] = []

    @property
    def received(self) -> int:
        return self._read + len(self._head)

    def feed(self, chunk: bytes) -> None:
        if self.received + len(chunk) > self._max:
            raise DataError(
                f"{self._where} is over {self._max:,} characters long: at most {self._max:,} "
                "are read"
            )
        if self._decoder is None:
            self._head += chunk
            if len(self._head) < 4:
                return
            chunk = self._start()
        self._decode(chunk, final=False)

    def end(self) -> str:
        self._decode(self._start() if self._decoder is None else b"", final=True)
        text = "".join(self._pieces)
        self._pieces = []
        return text

    def _start(self) -> bytes:
        """Choose the decoder by the first bytes; those it is to decode."""
        head, self._head = self._head, b""
        encoding = json.detect_encoding(head)
        if encoding == "utf-8-sig":  # the mark is skipped here, so bytes count from the start
            encoding, head, self._read = "utf-8", head[len(codecs.BOM_UTF8) :], len(codecs.BOM_UTF8)
        self._decoder = codecs.getincrementaldecoder(encoding)()
        return head

    def _decode(self, chunk: bytes, final: bool) -> None:
        assert self._decoder is not None
        pending = len(self._decoder.getstate()[0])
        try:
            self._pieces.append(self._decoder.decode(chunk, final))
        except UnicodeDecodeError as error:
            at = self._read - pending + error.start
            raise DataError(f"not valid UTF-8 text ({error.reason} at byte {at})") from None
        self._read += len(chunk)


def too_deep(where: str) -> str:
    return f"{where} nests arrays and objects more than {MAX_DEPTH} levels deep"


DEPTH_PIECE = 1 << 20
"""Characters `depth_in_steps` looks at per step (a few milliseconds in Pyodide)."""


def depth_in_steps(text: str, piece: int = DEPTH_PIECE) -> Generator[None, None, int]:
    """`_depth(text)` a piece at a time: a generator that yields after each piece of about
    `piece` characters and returns the depth, so that a long text is checked in short steps.
    Each piece goes on from the depth, and the string if any, that the one before ended in."""
    deepest = depth = 0
    in_string = False
    start = 0
    while start < len(text):
        end = min(len(text), start + piece)
        while end < len(text) and text[end - 1] == "\\":  # never an escape cut in two
            end += 1
        marks = _marks(text[start:end])
        steps = _depth_steps(b'"' + marks if in_string else marks)
        in_string ^= marks.count(b'"') % 2 == 1
        deepest = max(deepest, max(accumulate(memoryview(steps).cast("b"), initial=depth)))
        depth += len(steps) - 2 * steps.count(255)  # each step is +1, or -1 (255)
        start = end
        yield
    return deepest


def _depth(text: str) -> int:
    """How deeply arrays and objects nest in JSON text, found without parsing it: brackets
    count unless they are inside a string. (Text that is not JSON gets some number, and
    `json.loads` refuses it no deeper than the brackets counted before the error.)"""
    return max(accumulate(memoryview(_depth_steps(_marks(text))).cast("b"), initial=0))


def _marks(text: str) -> bytes:
    """The quotes and brackets of `text`, less escaped quotes (an escaped quote is not the end
    of a string); a run of backslashes must not be cut in two."""
    if "\\" in text:
        text = text.replace("\\\\", "").replace('\\"', "")
    # UTF-8 bytes, so that one C call keeps just the quotes and brackets.
    return text.encode("utf-8", "surrogatepass").translate(None, _NOT_MARKS)


def _depth_steps(marks: bytes) -> bytes:
    """The brackets of `marks` that are outside strings, each as how it changes the depth."""
    # Usually no string holds a bracket, and each one is left as `""`: gone in one step. A
    # quote still there means some string holds brackets: keep what is between strings.
    brackets = marks.replace(b'""', b"")
    if b'"' in brackets:
        brackets = b"".join(marks.split(b'"')[::2])
    return brackets.translate(_DEPTH_STEP)


def chat_data_from_json(raw: object) -> ChatData:
    """Chat data from parsed JSON in the data file's shape, or DataError."""
    root = read_object(raw, "the file")
    current_user = read_user(root.get("user"), "user")
    chats_raw = read_object(root.get("chats"), "chats")
    if not chats_raw:
        raise DataError('"chats" is empty: there must be at least one chat')
    chats: dict[int, Chat] = {}
    for key, value in chats_raw.items():
        where = f"chats[{json.dumps(key)}]"
        chat = read_chat(value, where, current_user.id, key)
        chats[chat.user.id] = chat
    return ChatData(current_user, chats)


def read_chat(raw: object, where: str, current_user_id: int | None, key: str | None = None) -> Chat:
    """The chat `raw`, or DataError. With `current_user_id`, its messages must come from its
    two people (else whoever adds the chat checks); with `key`, its user's id must be it."""
    obj = read_object(raw, where)
    user = read_user(obj.get("user"), f"{where}.user")
    if key is not None and str(user.id) != key:
        raise DataError(f"{where}.user.id is {user.id}, but the chat is keyed {key!r}")
    if user.id == current_user_id:
        raise DataError(f"{where} is a chat with the current user ({current_user_id})")
    last_access = read_object(obj.get("lastAccess"), f"{where}.lastAccess")
    messages_raw = obj.get("messages")
    if type(messages_raw) is not list:
        raise DataError(f"{where}.messages {must_be('a list', messages_raw)}")
    if not messages_raw:
        raise DataError(f"{where}.messages is empty: a chat needs at least one message")
    senders = None if current_user_id is None else (current_user_id, user.id)
    try:
        messages = tuple(
            [read_message(item, where, senders, index) for index, item in enumerate(messages_raw)]
        )
    except DataError:
        # Each message's path is only worth making for the one refused: read them again.
        for index, item in enumerate(messages_raw):
            read_message(item, f"{where}.messages[{index}]", senders, index)
        raise
    if len({message.id for message in messages}) != len(messages):
        _duplicate_id(messages, where)
    keys = [(message.timestamp, message.id) for message in messages]
    if any(a > b for a, b in pairwise(keys)):
        # Every tab and the database order a chat by time, then id: so does reading it.
        messages = tuple(sorted(messages, key=message_key))
    older = obj.get("older", False)
    if type(older) is not bool:
        raise DataError(f"{where}.older {must_be('true or false', older)}")
    return Chat(
        user=user,
        last_access=LastAccess(
            recipient=read_time(last_access, "recipient", f"{where}.lastAccess"),
            current_user=read_time(last_access, "currentUser", f"{where}.lastAccess"),
        ),
        messages=messages,
        older=older,
    )


def read_message(
    raw: object, where: str, senders: tuple[int, int] | None = None, index: int | None = None
) -> Message:
    """The message `raw` (`{id, contents, from, timestamp}`), or DataError saying what is wrong.
    `senders`: the two people of its chat, if known (else whoever adds it checks). `index`: its
    place in a data file's chat, where the id may be left out and is then made from it."""
    obj = read_object(raw, where)
    given_id = read_text(obj, "id", where) if index is None or "id" in obj else None
    contents = read_text(obj, "contents", where, MAX_TEXT_CHARS)
    sender = read_int(obj, "from", where)
    if senders is not None and not in_chat(sender, senders[1], senders[0]):
        raise DataError(
            f"{where}.from is {sender}: a message must come from the current user "
            f"({senders[0]}) or the chat's user ({senders[1]})"
        )
    timestamp = read_time(obj, "timestamp", where)
    if given_id is None:
        given_id = message_id(sender, timestamp, index or 0)
    return Message(given_id, contents, sender, timestamp)


def _duplicate_id(messages: tuple[Message, ...], where: str) -> NoReturn:
    seen: dict[str, int] = {}
    for index, message in enumerate(messages):
        if message.id in seen:
            raise DataError(
                f"{where}.messages[{index}].id is {json.dumps(message.id)}, the id of "
                f"messages[{seen[message.id]}] too: ids must be unique within a chat"
            )
        seen[message.id] = index
    raise AssertionError("_duplicate_id: no id is there twice")


def read_user(raw: object, where: str) -> User:
    """The user `raw` (`{id, name, profilePicture, status?}`), or DataError naming `where`."""
    obj = read_object(raw, where)
    return User(
        id=read_int(obj, "id", where),
        name=read_text(obj, "name", where),
        profile_picture=read_text(obj, "profilePicture", where, MAX_TEXT_CHARS),
        status=read_text(obj, "status", where, blank=True) if "status" in obj else "",
    )


# The rules, one function a kind of value. Each returns the value, and only when it refuses
# one does it spend time on the message.


def read_object(raw: object, where: str) -> Mapping[str, Any]:
    """`raw`, a JSON object, or DataError naming `where`."""
    if type(raw) is dict:
        return raw
    raise DataError(f"{where} {must_be('an object', raw)}")


def read_int(obj: Mapping[str, Any], name: str, where: str) -> int:
    """`obj[name]`, a whole number (not a bool, not 2.0) of at most MAX_WHOLE either side of
    zero, or DataError naming `where`."""
    value = obj.get(name)
    if type(value) is int and -MAX_WHOLE <= value <= MAX_WHOLE:
        return value
    if name not in obj:
        raise DataError(f'{where} has no "{name}"')
    if type(value) is not int:
        raise DataError(f"{where}.{name} {must_be('a whole number', value)}")
    raise DataError(
        f"{where}.{name} is {value}: a whole number must be from -{MAX_WHOLE} to {MAX_WHOLE}"
    )


def read_time(obj: Mapping[str, Any], name: str, where: str) -> int:
    """`obj[name]`, a time in epoch milliseconds from 1970 to the year 9999, or DataError."""
    value = obj.get(name)
    if type(value) is int and 0 <= value <= LATEST_TIME:
        return value
    if name not in obj:
        raise DataError(f'{where} has no "{name}" (a time in epoch milliseconds)')
    if type(value) is not int:
        raise DataError(f"{where}.{name} {must_be('a whole number', value)}")
    raise DataError(
        f"{where}.{name} is {value}: a time must be from 1970 to the year 9999 (epoch milliseconds)"
    )


def read_text(
    obj: Mapping[str, Any],
    name: str,
    where: str,
    max_chars: int = MAX_NAME_CHARS,
    blank: bool = False,
) -> str:
    """`obj[name]`, text of at most `max_chars` that is not blank (unless `blank` allows it),
    or DataError naming `where`."""
    value = obj.get(name)
    # `not isspace()`: the same test as `strip()`, without copying the text.
    if (
        type(value) is str
        and len(value) <= max_chars
        and (blank or (value and not value.isspace()))
    ):
        return value
    if name not in obj:
        raise DataError(f'{where} has no "{name}"')
    if type(value) is not str:
        raise DataError(f"{where}.{name} {must_be('text', value)}")
    if len(value) > max_chars:
        raise DataError(
            f"{where}.{name} is {len(value):,} characters long: at most {max_chars:,} are read"
        )
    raise DataError(f"{where}.{name} {must_be('non-empty text', value)}")


def must_be(expected: str, value: object) -> str:
    shown = json.dumps(value) if _is_json(value) else repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"must be {expected}, not {shown}"


def _is_json(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool | list | dict)
