"""The chats, their messages and which one is open (the tutorial's `MessagesStore`).

The state is one frozen value, `Chats`, and `reduce_chats` is the pure function from a state
and an action to the next state: a chat that did not change is the same object afterwards, so
views skip it by identity, and nothing changed means the very same state. A change costs the
same with 10,000 chats as with 3, but for one copy of the mapping and of the user list's order
done in C: the order moves only the chat that changed (chat/stores/chat_order.py), and the
state says which chats changed, so the unread store looks at those alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import InitVar, dataclass, field
from operator import attrgetter
from types import MappingProxyType
from typing import assert_never

from chat.actions import (
    Action,
    OpenChat,
    Payload,
    ReceiveChats,
    ReceiveMessage,
    ReceiveMessages,
    SendMessage,
    UpdateLastAccess,
)
from chat.dispatcher import Dispatcher
from chat.model import Chat, LastAccess, Message, in_chat, message_key, summary
from chat.stores.chat_order import ChatOrder, NewestFirst
from chat.stores.store import ReduceStore
from chat.stores.user_store import UserStore

_ID = attrgetter("id")


class UnknownChatError(KeyError):
    """An action named a chat the store does not have."""

    def __str__(self) -> str:
        return str(self.args[0])


KEEP_LOADED = 8
"""How many of the chats opened last keep the messages loaded for them; the others are cut back
to their summary (the newest message) when another is opened, so the messages held in memory
are bounded by what the person is reading, not by the history."""


@dataclass(frozen=True, slots=True)
class Chats:
    """Every chat by the other user's id, in the data's order, the open chat's user id, and the
    chats opened last, the open one first (those whose loaded messages are kept).

    The rest is derived, and left out of comparisons: `order`, the user list's order (sorted
    from `chats` unless the reducer gives it, moved on); `changed`, the user ids of the chats
    that are other objects than in the state this one was reduced from (None: it was not
    reduced, so any may be); `version`, how many reductions led to it, so that a reader can
    tell that `changed` is relative to the state it saw last."""

    chats: Mapping[int, Chat]
    open_chat_user_id: int
    recent: tuple[int, ...] = ()
    given_order: InitVar[ChatOrder | None] = None
    changed: frozenset[int] | None = field(default=None, compare=False, repr=False)
    version: int = field(default=0, compare=False, repr=False)
    order: ChatOrder = field(init=False, compare=False, repr=False)

    def __post_init__(self, given_order: ChatOrder | None) -> None:
        order = ChatOrder.of(self.chats) if given_order is None else given_order
        object.__setattr__(self, "order", order)

    def newest_first(self) -> Sequence[Chat]:
        """The chats, newest last message first, ties in the data's order: the user list's
        order (chat/views/window.py's `newest_first`, without sorting)."""
        return NewestFirst(self.order, self.chats)


def reduce_chats(state: Chats, action: Action, current_user_id: int) -> Chats:
    """The chats after `action`, for the current user `current_user_id`; `state` itself when
    nothing changes. Raises UnknownChatError for a chat that is not there, and ValueError for a
    message from someone outside its chat."""
    match action:
        case OpenChat(user_id, timestamp):
            chat = _chat(state, "updateOpenChatID", user_id)
            changes: dict[int, Chat] = {}
            if chat.last_access.current_user < timestamp:
                seen = LastAccess(chat.last_access.recipient, timestamp)
                changes[user_id] = Chat(chat.user, seen, chat.messages, chat.older)
            if user_id == state.open_chat_user_id:
                return _with_chats(state, changes) if changes else state
            return _opened(state, user_id, changes)
        case SendMessage(user_id, text, timestamp, ident):
            chat = _chat(state, "sendMessage", user_id)
            message = Message(ident, text, current_user_id, timestamp)
            return _add(state, chat, message, current_user_id)
        case ReceiveMessage(user_id, message):
            chat = _chat(state, "receiveMessage", user_id)
            if not in_chat(message.sender, user_id, current_user_id):
                raise ValueError(
                    f"MessagesStore: receiveMessage: a message in the chat with {user_id} "
                    f"cannot come from {message.sender!r}"
                )
            return _add(state, chat, message, current_user_id)
        case ReceiveMessages(user_id, loaded, older):
            chat = _chat(state, "receiveMessages", user_id)
            for message in loaded:
                if not in_chat(message.sender, user_id, current_user_id):
                    raise ValueError(
                        f"MessagesStore: receiveMessages: a message in the chat with {user_id} "
                        f"cannot come from {message.sender!r}"
                    )
            return _load(state, chat, loaded, older)
        case ReceiveChats(chats):
            added: dict[int, Chat] = {}
            for chat in chats:
                user_id = chat.user.id
                if user_id == current_user_id or any(
                    not in_chat(m.sender, user_id, current_user_id) for m in chat.messages
                ):
                    raise ValueError(
                        f"MessagesStore: receiveChats: the chat with {user_id} cannot be one "
                        f"of the current user ({current_user_id})"
                    )
                if user_id not in state.chats:
                    added[user_id] = chat
            if not added:
                return state
            merged = _copy(state.chats)
            merged.update(added)
            return Chats(
                MappingProxyType(merged),
                state.open_chat_user_id,
                state.recent,
                state.order.added(merged, added.values()),
                frozenset(added),
                state.version + 1,
            )
        case UpdateLastAccess(user_id, recipient, current_user):
            chat = _chat(state, "updateLastAccess", user_id)
            old = chat.last_access
            new = LastAccess(
                old.recipient if recipient is None else max(old.recipient, recipient),
                old.current_user if current_user is None else max(old.current_user, current_user),
            )
            if new == old:
                return state
            return _with_chat(state, Chat(chat.user, new, chat.messages, chat.older))
        case _:
            assert_never(action)


def _add(state: Chats, chat: Chat, message: Message, current_user_id: int) -> Chats:
    """Insert `message` in (timestamp, id) order, so every tab orders a chat the same way; a
    message whose id the chat already has is ignored. The sender's own messages count as read
    by them."""
    messages = chat.messages
    key = (message.timestamp, message.id)
    if chat.older and key < message_key(messages[0]):
        return state  # among the messages not loaded: the database has it, and loads it with them
    ids = _ids_of(messages)
    if message.id in ids:  # at whatever time
        _remember(messages, ids)
        return state
    index = len(messages)
    while index and (messages[index - 1].timestamp, messages[index - 1].id) > key:
        index -= 1
    last_access = chat.last_access
    if message.sender == current_user_id:
        seen = max(last_access.current_user, message.timestamp)
        last_access = LastAccess(last_access.recipient, seen)
    # Dataclass `replace` and slicing cost more than the rest of a replay: build directly,
    # and copy the messages once when the new one is the newest (nearly always).
    if index == len(messages):
        added = messages + (message,)  # noqa: RUF005 (one copy; unpacking makes two)
    else:
        added = (*messages[:index], message, *messages[index:])
    ids.add(message.id)
    _remember(added, ids)
    return _with_chat(state, Chat(chat.user, last_access, added, chat.older))


def _load(state: Chats, chat: Chat, loaded: tuple[Message, ...], older: bool) -> Chats:
    """Merge messages loaded from the database into `chat`. They are normally all earlier than
    the loaded ones; any other (a load that crossed a message arriving) is merged in order, and
    one whose id the chat has is ignored. `older` is the database's word on what precedes them."""
    messages = chat.messages
    ids = _ids_of(messages)
    new = sorted({m.id: m for m in loaded if m.id not in ids}.values(), key=message_key)
    _remember(messages, ids)
    reaches_start = not new or message_key(new[0]) <= message_key(messages[0])
    still_older = older if reaches_start else chat.older
    if not new:
        if still_older == chat.older:
            return state
        return _with_chat(state, Chat(chat.user, chat.last_access, messages, still_older))
    if message_key(new[-1]) < message_key(messages[0]):
        merged = (*new, *messages)
    else:
        merged = tuple(sorted((*new, *messages), key=message_key))
    return _with_chat(state, Chat(chat.user, chat.last_access, merged, still_older))


def _opened(state: Chats, user_id: int, changes: dict[int, Chat]) -> Chats:
    """`state` with `changes` made and `user_id` open; the chat opened longest ago beyond
    KEEP_LOADED is cut back to its summary."""
    recent = (user_id, *(other for other in state.recent if other != user_id))
    chats = state.chats
    if len(recent) > KEEP_LOADED:
        dropped, recent = recent[KEEP_LOADED:], recent[:KEEP_LOADED]
        for other in dropped:
            chat = chats.get(other)
            if chat is not None and (cut := summary(chat)) is not chat:
                changes[other] = cut
    return _with_chats(state, changes, user_id, recent)


INDEXED_FROM = 64
"""Chats with at least this many messages keep their ids in a set, for `_add`'s check."""

MAX_INDEXED = 64
"""How many message tuples' id sets are kept (the newest of each chat, mostly)."""

_indexed: dict[int, tuple[tuple[Message, ...], set[str]]] = {}


def _ids_of(messages: tuple[Message, ...]) -> set[str]:
    """The ids of `messages`, taken from the index (which then no longer holds them).

    Scanning every id on every new message made replaying a 50,000-dispatch log quadratic
    (14 s): a chat's newest tuple passes its set on to the next one, so the usual case, a
    message added to the newest state of a chat, costs O(1). A set belongs to one tuple at a
    time, and the tuple is held with it, so its `id` cannot be reused meanwhile."""
    hit = _indexed.pop(id(messages), None)
    if hit is not None and hit[0] is messages:
        return hit[1]
    return set(map(_ID, messages))


def _remember(messages: tuple[Message, ...], ids: set[str]) -> None:
    if len(messages) < INDEXED_FROM:
        return
    _indexed[id(messages)] = (messages, ids)
    if len(_indexed) > MAX_INDEXED:
        del _indexed[next(iter(_indexed))]


def _with_chat(state: Chats, chat: Chat) -> Chats:
    return _with_chats(state, {chat.user.id: chat})


def _with_chats(
    state: Chats,
    changes: Mapping[int, Chat],
    open_chat_user_id: int | None = None,
    recent: tuple[int, ...] | None = None,
) -> Chats:
    """`state` with the chats in `changes` replaced (each keeps its place in the data), and the
    open chat and the recent ones if given: one reduction."""
    chats, order = state.chats, state.order
    if changes:
        copied = _copy(chats)
        for user_id, chat in changes.items():
            order = order.moved(copied, chat)
            copied[user_id] = chat
        chats = MappingProxyType(copied)
    return Chats(
        chats,
        state.open_chat_user_id if open_chat_user_id is None else open_chat_user_id,
        state.recent if recent is None else recent,
        order,
        frozenset(changes),
        state.version + 1,
    )


def _copy(chats: Mapping[int, Chat]) -> dict[int, Chat]:
    """`chats` as a new dict. A dict's `copy` clones its table in C; `dict(proxy)` reads every
    item through the proxy (10,000 chats in Pyodide: 0.09 ms against 2 ms)."""
    if isinstance(chats, dict | MappingProxyType):
        return chats.copy()
    return dict(chats)


def _chat(state: Chats, action: str, user_id: int) -> Chat:
    chat = state.chats.get(user_id)
    if chat is None:
        raise UnknownChatError(_unknown(f"MessagesStore: {action}", user_id, state.chats))
    return chat


def _unknown(where: str, user_id: int, chats: Mapping[int, Chat]) -> str:
    known = ", ".join(str(key) for key in chats)
    return f"{where}: no chat with user id {user_id!r} (known: {known})"


class MessagesStore(ReduceStore[Chats]):
    """Every chat by the other user's id, and the open chat (the first one unless told otherwise).

    Sending and receiving wait for the user store, whose current user they need.
    """

    def __init__(
        self,
        dispatcher: Dispatcher[Payload],
        user_store: UserStore,
        chats: Mapping[int, Chat],
        open_chat_user_id: int | None = None,
    ) -> None:
        if not chats:
            raise ValueError("MessagesStore(...): there must be at least one chat")
        open_id = next(iter(chats)) if open_chat_user_id is None else open_chat_user_id
        if open_id not in chats:
            raise UnknownChatError(_unknown("MessagesStore(...)", open_id, chats))
        super().__init__(dispatcher, Chats(MappingProxyType(dict(chats)), open_id, (open_id,)))
        self._user_store = user_store

    def get_open_chat_user_id(self) -> int:
        return self._state.open_chat_user_id

    def get_chat_by_user_id(self, user_id: int) -> Chat:
        chat = self._state.chats.get(user_id)
        if chat is None:
            where = "MessagesStore.get_chat_by_user_id(...)"
            raise UnknownChatError(_unknown(where, user_id, self._state.chats))
        return chat

    def get_all_chats(self) -> Mapping[int, Chat]:
        """Every chat, keyed by the other user's id, in the order the data listed them."""
        return self._state.chats

    def get_chats_newest_first(self) -> Sequence[Chat]:
        """Every chat, newest last message first: the user list's order (`Chats.newest_first`)."""
        return self._state.newest_first()

    def reduce(self, state: Chats, action: Action) -> Chats:
        if isinstance(action, SendMessage | ReceiveMessage | ReceiveMessages | ReceiveChats):
            self._dispatcher.wait_for([self._user_store.dispatch_token])
        return reduce_chats(state, action, self._user_store.get_current_user().id)
