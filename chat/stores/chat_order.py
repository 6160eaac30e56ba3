"""The user list's order, kept with the chats: newest last message first, ties in the data's order.

Sorting 10,000 chats on every change cost more than the rest of a send. The order is a pure
function of the chats (chat/views/window.py's `newest_first` is its definition), so the
messages store keeps it in its state and moves only the chat that changed: a state rebuilt
from its chats alone, as time travel rebuilds one, has the same order.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from chat.model import Chat

Key = tuple[int, int]
"""Where a chat sits: (minus its last message's time, its place in the data). Keys sort
ascending into the list's order; no two are equal, as no two chats share a place."""


@dataclass(frozen=True, slots=True)
class ChatOrder:
    """The user ids in the list's order, and each chat's place in the data (the position of
    its user id in the chats mapping, which only grows at the end).

    The ids are an array of machine integers, so that moving one chat finds, copies and
    shifts 80 KB for 10,000 chats in C, touching no Python object; a binary search reads the
    keys of the few chats it passes."""

    ids: array[int]
    places: Mapping[int, int]

    @classmethod
    def of(cls, chats: Mapping[int, Chat]) -> ChatOrder:
        """The order of `chats`, sorted in full."""
        places = {user_id: place for place, user_id in enumerate(chats)}
        return cls(array("q", sorted(chats, key=_key_in(chats, places))), places)

    def moved(self, chats: Mapping[int, Chat], new: Chat) -> ChatOrder:
        """The order after the chat that `chats` holds for `new.user.id` became `new`: itself
        unless its last message's time changed."""
        user_id, ids = new.user.id, self.ids
        old_time, new_time = chats[user_id].last_message.timestamp, new.last_message.timestamp
        if old_time == new_time or (new_time > old_time and ids[0] == user_id):
            return self  # the newest chat getting newer: the usual send or message read
        ids = ids[:]
        del ids[ids.index(user_id)]
        # The others' keys are the same with or without the change: read them in `chats`.
        at = bisect.bisect_left(
            ids, (-new_time, self.places[user_id]), key=_key_in(chats, self.places)
        )
        ids.insert(at, user_id)
        return ChatOrder(ids, self.places)

    def added(self, chats: Mapping[int, Chat], new: Collection[Chat]) -> ChatOrder:
        """The order with the chats `new` placed after every chat it has, in turn; `chats`
        holds them all."""
        places = dict(self.places)
        for chat in new:
            places[chat.user.id] = len(places)
        key = _key_in(chats, places)
        old, added = self.ids, sorted((chat.user.id for chat in new), key=key)
        if not old or not added or key(old[-1]) < key(added[0]):
            # The usual case: the background load reads the chats newest first.
            return ChatOrder(old + array("q", added), places)
        # A merge that reads only the keys its searches pass.
        ids, start = array("q"), 0
        for user_id in added:
            at = bisect.bisect_left(old, key(user_id), start, key=key)
            ids.extend(old[start:at])
            ids.append(user_id)
            start = at
        ids.extend(old[start:])
        return ChatOrder(ids, places)

    def __len__(self) -> int:
        return len(self.ids)


def _key_in(chats: Mapping[int, Chat], places: Mapping[int, int]) -> Callable[[int], Key]:
    def key(user_id: int) -> Key:
        return (-chats[user_id].last_message.timestamp, places[user_id])

    return key


class NewestFirst(Sequence[Chat]):
    """The chats in `order`, looked up in `chats` only as they are read: the user list reads
    the few dozen it shows."""

    __slots__ = ("_chats", "_ids")

    def __init__(self, order: ChatOrder, chats: Mapping[int, Chat]) -> None:
        self._ids = order.ids
        self._chats = chats

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Chat: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Chat]: ...
    def __getitem__(self, index: int | slice) -> Chat | Sequence[Chat]:
        chats = self._chats
        if isinstance(index, slice):
            return [chats[user_id] for user_id in self._ids[index]]
        return chats[self._ids[index]]
