"""Reuse a view's last node while its inputs are unchanged, so the patcher skips it by identity."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from chat.render.vnode import VNode

_VALUES = (str, int, float, bool, type(None))


def _same(old: tuple[object, ...], new: tuple[object, ...]) -> bool:
    # Identity for state objects (replaced, never mutated), equality only for plain values:
    # comparing two chats by value could walk thousands of messages.
    return len(old) == len(new) and all(
        a is b or (type(a) in _VALUES and type(a) is type(b) and a == b)
        for a, b in zip(old, new, strict=True)
    )


class Memo:
    """The last node built for each key, returned again while its inputs are the same."""

    __slots__ = ("_cache",)

    def __init__(self) -> None:
        self._cache: dict[Hashable, tuple[tuple[object, ...], VNode]] = {}

    def get(self, key: Hashable, build: Callable[..., VNode], *args: object) -> VNode:
        """`build(*args)`, or the node it returned last time for `key` if `args` are the same."""
        hit = self._cache.get(key)
        if hit is not None and _same(hit[0], args):
            return hit[1]
        node = build(*args)
        self._cache[key] = (args, node)
        return node

    def keep_only(self, keys: Iterable[Hashable]) -> None:
        """Forget every key not in `keys`, so the cache does not outgrow what is on screen."""
        wanted = set(keys)
        for key in [key for key in self._cache if key not in wanted]:
            del self._cache[key]

    @property
    def size(self) -> int:
        """How many nodes are remembered."""
        return len(self._cache)
