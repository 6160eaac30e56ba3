"""The database's records: chats as summaries, messages one by one, and the app's own record.

The browser's database (IndexedDB, chat/browser/database.py) and its stand-in
(chat/memory_database.py) hold three kinds of record, exchanged with Python as JSON text:

    chats      {"id": 2, "user": {...}, "lastAccess": {...}, "last": {message}}   by "id"
    messages   {"chat": 2, "id": "...", "contents": "...", "from": 1, "timestamp": ms}
                                                          by ("chat", "timestamp", "id")
    meta       {"version": 1, "user": {...}, "openChat": 2, "source": "...", "complete": true}

A write is `{"meta": {...}?, "chats": [...]?, "messages": [...]?}`, applied in one transaction:
messages are put (the same key twice is one message), a chat record is merged with the stored
one (the newer last message, the later of each access time), meta is merged field by field.

Everything read back is untrusted (any page of the site can write there) and read with the
rules of every other boundary (chat/data.py). A record that breaks them is skipped and counted,
never deleted: the rest of the history stays usable.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from chat.data import (
    MAX_SAVED_CHARS,
    DataError,
    message_to_json,
    must_be,
    parse_json,
    read_int,
    read_message,
    read_object,
    read_text,
    read_time,
    read_user,
    user_to_json,
)
from chat.model import Chat, ChatData, LastAccess, Message, User, message_key

VERSION = 1
"""The version of the records' shapes; a newer one is neither read nor written."""

PAGE = 50
"""How many messages one load brings: the open chat's newest at start, and each earlier page."""

FIRST_CHATS = 100
"""How many chats, those with the newest messages, are read at start (8,000 pixels of the user
list: several screens, while the rest follow in the background, `Loader.more_chats`, CHAT_STEP
at a time). Reading and checking each costs start-up about a third of a millisecond."""

CHAT_STEP = 500


class StoredError(ValueError):
    """The database holds something this app cannot use as a whole (not a skipped record)."""


@dataclass(frozen=True, slots=True)
class Stored:
    """What the database held at start: the chats as summaries, the open chat with its newest
    messages, whether the import of `source` finished, and how many records were skipped."""

    data: ChatData
    open_chat_user_id: int
    source: str
    complete: bool
    skipped: int = 0
    total: int = 0
    """How many chats the database holds."""
    more: int | None = None
    """Where to read on from (`Database.chats`' offset) when the database has more chats than
    were read at start; None when it has not."""


@dataclass(frozen=True, slots=True)
class Page:
    """Messages of one chat read from the database, oldest first; `older`: whether the database
    has earlier ones; `before`: the key to read on from (the oldest record's, read or not)."""

    messages: tuple[Message, ...]
    older: bool
    before: tuple[int, str] | None
    skipped: int = 0


def meta_json(user: User, open_chat_user_id: int, source: str, complete: bool) -> dict[str, Any]:
    return {
        "version": VERSION,
        "user": user_to_json(user),
        "openChat": open_chat_user_id,
        "source": source,
        "complete": complete,
    }


def chat_record(chat: Chat) -> dict[str, Any]:
    """`chat`'s summary record."""
    return {
        "id": chat.user.id,
        "user": user_to_json(chat.user),
        "lastAccess": {
            "recipient": chat.last_access.recipient,
            "currentUser": chat.last_access.current_user,
        },
        "last": message_to_json(chat.last_message),
    }


def message_record(user_id: int, message: Message) -> dict[str, Any]:
    return {"chat": user_id, **message_to_json(message)}


def write_text(
    meta: Mapping[str, Any] | None = None,
    chats: Iterable[Chat] = (),
    messages: Iterable[tuple[int, Message]] = (),
) -> str:
    """One write's JSON text."""
    change: dict[str, Any] = {}
    if meta is not None:
        change["meta"] = meta
    chat_records = [chat_record(chat) for chat in chats]
    if chat_records:
        change["chats"] = chat_records
    message_records = [message_record(user_id, message) for user_id, message in messages]
    if message_records:
        change["messages"] = message_records
    return json.dumps(change, ensure_ascii=False, separators=(",", ":"))


def import_text(
    data: ChatData, chats: Iterable[Chat], open_chat_user_id: int, source: str, complete: bool
) -> str:
    """A step of importing `data`: `chats` whole (summary and every loaded message), and the meta
    record saying whether the import is `complete` after it."""
    chats = list(chats)
    return write_text(
        meta_json(data.current_user, open_chat_user_id, source, complete),
        chats,
        ((chat.user.id, message) for chat in chats for message in chat.messages),
    )


def stored_from_json(text: str) -> Stored | None:
    """The database's start-up read (`{"meta", "chats", "open"}`): None when it holds no chats
    of this app yet; StoredError when it holds something this app cannot use as a whole."""
    try:
        raw = read_object(parse_json(text, "the database", MAX_SAVED_CHARS), "the database")
    except DataError as error:
        raise StoredError(str(error)) from None
    meta = raw.get("meta")
    if meta is None:
        return None
    try:
        fields = read_object(meta, "the database's record")
        version = fields.get("version")
        if type(version) is not int or version != VERSION:
            raise StoredError(f"its records have version {version!r}; this app reads {VERSION}")
        user = read_user(fields.get("user"), "the database's user")
        open_id = read_int(fields, "openChat", "the database's record")
        source = read_text(fields, "source", "the database's record")
        complete = fields.get("complete")
        if type(complete) is not bool:
            raise DataError(f"the database's record.complete {must_be('true or false', complete)}")
    except DataError as error:
        raise StoredError(str(error)) from None
    records = raw.get("chats")
    if type(records) is not list:
        raise StoredError(f"the database's chats {must_be('a list', records)}")
    chats: dict[int, Chat] = {}
    skipped = 0
    for record in records:
        try:
            chat = chat_from_record(record, user.id)
        except DataError:
            skipped += 1
            continue
        chats[chat.user.id] = chat
    if not chats:
        return None
    if open_id not in chats:
        open_id = next(iter(chats))
    total, read_on = raw.get("total"), raw.get("next")
    more = None
    if type(total) is int and type(read_on) is int and 0 <= read_on < total:
        more = read_on
    opened = raw.get("open")
    if isinstance(opened, dict) and opened.get("chat") == open_id:
        page = page_from_json(opened, open_id, user.id)
        skipped += page.skipped
        chats[open_id] = with_page(chats[open_id], page)
    count = total if type(total) is int else len(chats)
    return Stored(ChatData(user, chats), open_id, source, complete, skipped, count, more)


def chats_page(text: str | None, current_user_id: int) -> tuple[list[Chat], bool, int]:
    """A page of chat records (`{"chats": [...], "more": bool}`): the readable chats, whether
    the database has more, and how many records were skipped; DataError when it is not one."""
    if text is None:
        raise DataError("the database could not be read")
    raw = parse_json(text, "the database's chats", MAX_SAVED_CHARS)
    fields = raw if isinstance(raw, dict) else {}
    records, more = fields.get("chats"), fields.get("more")
    if type(records) is not list or type(more) is not bool:
        raise DataError("the database sent something that is not a page of chats")
    chats = []
    skipped = 0
    for record in records:
        try:
            chats.append(chat_from_record(record, current_user_id))
        except DataError:
            skipped += 1
    return chats, more, skipped


def chat_from_record(raw: object, current_user_id: int) -> Chat:
    """A chat record as a summary (its last message loaded, the rest older), or DataError."""
    where = "a chat record"
    fields = read_object(raw, where)
    user = read_user(fields.get("user"), f"{where}.user")
    if fields.get("id") != user.id or user.id == current_user_id:
        raise DataError(f"{where}'s id does not match its user")
    access = read_object(fields.get("lastAccess"), f"{where}.lastAccess")
    last = read_message(fields.get("last"), f"{where}.last", (current_user_id, user.id))
    return Chat(
        user,
        LastAccess(
            read_time(access, "recipient", f"{where}.lastAccess"),
            read_time(access, "currentUser", f"{where}.lastAccess"),
        ),
        (last,),
        older=True,
    )


def page_from_json(raw: object, user_id: int, current_user_id: int) -> Page:
    """A page of message records of the chat with `user_id` (`{"messages": [...], "older"}`),
    records that break the rules skipped; DataError when the page itself is not one."""
    fields = raw if isinstance(raw, dict) else {}
    records = fields.get("messages")
    older = fields.get("older")
    if type(records) is not list or type(older) is not bool:
        raise DataError("the database sent something that is not a page of messages")
    senders = (current_user_id, user_id)
    messages = []
    skipped = 0
    before: tuple[int, str] | None = None
    for record in records:
        if not isinstance(record, dict):
            skipped += 1
            continue
        key = (record.get("timestamp"), record.get("id"))
        if isinstance(key[0], int) and isinstance(key[1], str) and before is None:
            before = (key[0], key[1])
        try:
            if record.get("chat") != user_id:
                raise DataError("a message record of another chat")
            messages.append(read_message(record, "a message record", senders))
        except DataError:
            skipped += 1
    messages.sort(key=message_key)
    return Page(tuple(messages), older, before, skipped)


def page_text(text: str | None, user_id: int, current_user_id: int) -> Page:
    """`page_from_json` of the database's text, or DataError."""
    if text is None:
        raise DataError("the database could not be read")
    return page_from_json(
        parse_json(text, "the database's messages", MAX_SAVED_CHARS), user_id, current_user_id
    )


def with_newer(data: ChatData, stored: Stored) -> ChatData:
    """`data` (read from a file or an earlier save, being imported) with each chat the database
    holds a newer last message of taken from there: an import that a reload cut short may have
    left messages sent meanwhile. Those chats load the rest of their messages from the
    database, which has the file's too."""
    held = stored.data.chats
    chats = dict(data.chats)
    for user_id, chat in data.chats.items():
        newer = held.get(user_id)
        if newer is not None and message_key(newer.last_message) > message_key(chat.last_message):
            chats[user_id] = Chat(newer.user, newer.last_access, newer.messages, older=True)
    return ChatData(data.current_user, chats)


def with_page(chat: Chat, page: Page) -> Chat:
    """`chat` (a summary) with a page of its newest messages loaded."""
    known = {message.id for message in chat.messages}
    merged = sorted(
        (*chat.messages, *(m for m in page.messages if m.id not in known)), key=message_key
    )
    return Chat(chat.user, chat.last_access, tuple(merged), page.older)


MARKER_VERSION = 2
"""localStorage's saved state once the chats moved to the database: `{"version": 2, "database":
name}`. Builds that saved the whole state there read version 1, so they see a newer version
and never overwrite it."""


def marker(name: str) -> str:
    return json.dumps({"version": MARKER_VERSION, "database": name})


def is_marker(text: str) -> bool:
    """Whether localStorage's saved text only says the chats live in the database."""
    try:
        raw = json.loads(text) if len(text) < 1_000 else None
    except ValueError:
        return False
    return isinstance(raw, dict) and raw.get("version") == MARKER_VERSION and "database" in raw
