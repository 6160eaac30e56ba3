"""The keyed patcher: mounts virtual nodes and turns a mounted tree into another with few DOM calls.

The children diff follows snabbdom and Vue 3: match the common prefix and suffix, then match the
rest by key and move only the nodes outside the longest increasing subsequence of old positions.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Mapping, Sequence
from itertools import islice
from typing import Any

from chat.render.dom_api import DomApi
from chat.render.vnode import TEXT, VNode

__all__ = ["hydrate", "mount", "patch"]

_POS = "#pos"
"""Tags the implicit key of an unkeyed child, `(_POS, index)`, which no str or int key equals."""


def mount(api: DomApi, parent: Any, vnode: VNode, ref: Any | None = None) -> Any:
    """Create the DOM for `vnode` and its subtree, insert it into `parent` before `ref` (None
    appends) and return it. Sets `el` on every node of the subtree."""
    el = _create(api, vnode)
    api.insert_before(parent, el, ref)
    return el


def patch(api: DomApi, parent: Any, old: VNode, new: VNode) -> None:
    """Make the DOM of the mounted `old`, a child of `parent`, represent `new`, and set `el` on
    `new` and its subtree. The very same object as `old` means unchanged: nothing is visited."""
    if old is new:
        return
    el = old.el  # read first: `new` may contain `old`, whose `el` mounting it would replace
    if old.tag != new.tag or old.key != new.key:
        mount(api, parent, new, el)
        api.remove_child(parent, el)
        return
    new.el = el
    if new.tag == TEXT:
        if old.text != new.text:
            api.set_text(el, new.text or "")
        return
    if old.attrs is not new.attrs:
        _patch_attrs(api, el, old.attrs, new.attrs)
    if old.children is not new.children:
        _patch_children(api, el, old.children, new.children, new.tag)


def hydrate(api: DomApi, parent: Any, vnodes: VNode | Sequence[VNode]) -> None:
    """Make the nodes already in `parent` (painted from saved markup before Python ran)
    represent `vnodes` (one node or a sequence of them), as `mount` would have, and set `el`
    on every node. Matching nodes are adopted in place, so focus, typed text and scroll
    positions stay; only attributes and text that differ are written; what is missing is
    created and what is extra removed."""
    children = (vnodes,) if isinstance(vnodes, VNode) else tuple(vnodes)
    if len(children) > 1:
        _check_keys(children, api.node_name(parent))
    _hydrate_children(api, parent, children)


def _hydrate_children(api: DomApi, parent: Any, vnodes: tuple[VNode, ...]) -> None:
    existing = api.child_nodes(parent)
    names = [api.node_name(el) for el in existing]  # one DOM read each
    i = 0
    for vnode in vnodes:
        # HTML merges adjacent text, and pending or stale nodes may sit in between: a text
        # node where an element is due is dropped, and missing text is created in place.
        while i < len(existing) and vnode.tag != TEXT and names[i] == TEXT:
            api.remove_child(parent, existing[i])
            i += 1
        el = existing[i] if i < len(existing) else None
        if el is not None and names[i] == vnode.tag:
            _adopt(api, vnode, el)
            i += 1
            continue
        mount(api, parent, vnode, el)
        if el is not None and vnode.tag != TEXT:  # an element of another tag: replaced
            api.remove_child(parent, el)
            i += 1
    for el in existing[i:]:
        api.remove_child(parent, el)


def _adopt(api: DomApi, vnode: VNode, el: Any) -> None:
    vnode.el = el
    if vnode.tag == TEXT:
        if api.text_of(el) != vnode.text:
            api.set_text(el, vnode.text or "")
        return
    _patch_attrs(api, el, api.attributes(el), vnode.attrs)
    if len(vnode.children) > 1:
        _check_keys(vnode.children, vnode.tag)
    _hydrate_children(api, el, vnode.children)


def _create(api: DomApi, vnode: VNode) -> Any:
    """Build the detached DOM of `vnode`, setting `el` on it and its subtree."""
    if vnode.tag == TEXT:
        el = vnode.el = api.create_text(vnode.text or "")
        return el
    el = vnode.el = api.create_element(vnode.tag)
    for name, value in vnode.attrs.items():
        api.set_attribute(el, name, value)
    children = vnode.children
    if len(children) > 1:
        _check_keys(children, vnode.tag)
    for child in children:
        api.insert_before(el, _create(api, child), None)
    return el


def _patch_attrs(api: DomApi, el: Any, old: Mapping[str, str], new: Mapping[str, str]) -> None:
    for name, value in new.items():
        if old.get(name) != value:
            api.set_attribute(el, name, value)
    for name in old:
        if name not in new:
            api.remove_attribute(el, name)


def _check_keys(children: tuple[VNode, ...], tag: str) -> None:
    """Raise ValueError if two of `children` have the same explicit key."""
    if len({child.key for child in children}) == len(children):
        return  # the fast path for keyed lists; unkeyed siblings share the key None
    seen: set[object] = set()
    for child in children:
        key = child.key
        if key is not None:
            if key in seen:
                raise ValueError(f"duplicate key {key!r} among the children of <{tag}>")
            seen.add(key)


def _patch_children(
    api: DomApi, parent: Any, old: tuple[VNode, ...], new: tuple[VNode, ...], tag: str
) -> None:
    """Patch `old` into `new`, the children of the element `parent`, a `tag`."""
    # Unkeyed children match by index from the start, and from the end in the suffix scan (as
    # in snabbdom and Vue), so an unkeyed footer after a keyed list survives an insertion.
    # A node that is not `o` but has an `el` may be an old sibling reused at another index:
    # patching into it would overwrite the `el` its old position still needs, so such nodes
    # are left to the keyed section, which matches them by identity. A tag change also stops
    # the scans, so that an unkeyed node inserted before a reused one does not replace it.
    start = 0
    for o, n in zip(old, new, strict=False):
        if o is not n:
            if o.key != n.key or o.tag != n.tag or n.el is not None:
                break
            patch(api, parent, o, n)
        start += 1
    old_end = len(old) - 1
    new_end = len(new) - 1
    from_end = zip(reversed(old), reversed(new), strict=False)
    for o, n in islice(from_end, min(old_end, new_end) + 1 - start):
        if o is not n:
            if o.key != n.key or o.tag != n.tag or n.el is not None:
                break
            patch(api, parent, o, n)
        old_end -= 1
        new_end -= 1

    if start > new_end:
        # Removals only: the survivors keep their old keys, which were unique.
        for i in range(start, old_end + 1):
            api.remove_child(parent, old[i].el)
        return
    _check_keys(new, tag)
    ref = new[new_end + 1].el if new_end + 1 < len(new) else None
    if start > old_end:
        for i in range(start, new_end + 1):
            mount(api, parent, new[i], ref)
        return

    new_index: dict[Hashable, int] = {}
    for i in range(start, new_end + 1):
        n = new[i]
        if n.key is not None:
            new_index[n.key] = i
        else:
            new_index[n if n.el is not None else (_POS, i)] = i
    # sources[i - start] is the old index of new[i], or -1 if new[i] is to be created.
    sources = [-1] * (new_end - start + 1)
    moved = False
    last = -1
    for i in range(start, old_end + 1):
        o = old[i]
        key = o.key
        if key is None:
            j = new_index.get(o)
            if j is None:
                j = new_index.get((_POS, i))
        else:
            j = new_index.get(key)
        # Remove before creating anything: a node created below may be an old one reused
        # elsewhere, whose `el` its mount overwrites.
        if j is None or o.tag != new[j].tag:
            api.remove_child(parent, o.el)
            continue
        sources[j - start] = i
        if j < last:
            moved = True
        else:
            last = j
        patch(api, parent, o, new[j])

    stay = _increasing(sources) if moved else []
    s = len(stay) - 1
    for j in range(new_end, start - 1, -1):
        n = new[j]
        if sources[j - start] < 0:
            mount(api, parent, n, ref)
        elif moved:
            if s >= 0 and stay[s] == j - start:
                s -= 1
            else:
                api.insert_before(parent, n.el, ref)
        ref = n.el


def _increasing(seq: list[int]) -> list[int]:
    """The positions in `seq` of a longest strictly increasing subsequence of its values >= 0."""
    tails: list[int] = []  # tails[k]: position ending the best subsequence of length k + 1
    tail_values: list[int] = []
    prev = [-1] * len(seq)
    for pos, value in enumerate(seq):
        if value < 0:
            continue
        k = bisect_left(tail_values, value)
        if k:
            prev[pos] = tails[k - 1]
        if k == len(tails):
            tails.append(pos)
            tail_values.append(value)
        else:
            tails[k] = pos
            tail_values[k] = value
    result = [0] * len(tails)
    pos = tails[-1] if tails else -1
    for k in range(len(tails) - 1, -1, -1):
        result[k] = pos
        pos = prev[pos]
    return result
