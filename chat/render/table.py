"""The view table: named views, each built by a function into a root element.

The first render of a view mounts it, later ones patch the difference; views that share a
root follow each other in it in the table's order. Which views to render, and when, is the
render schedule's business (chat/render/schedule.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from chat.render.dom_api import DomApi
from chat.render.patcher import hydrate, mount, patch
from chat.render.vnode import VNode

Build = Callable[[int], VNode]
"""A view: the time in epoch milliseconds in, its virtual nodes out."""


class ViewTable:
    def __init__(self, api: DomApi) -> None:
        self._api = api
        self._views: dict[str, tuple[Any, Build]] = {}
        self._nodes: dict[str, VNode] = {}

    def add(self, name: str, root: Any, build: Build) -> None:
        """Render `build`'s nodes into `root` as the view `name`, after those added before."""
        self._views[name] = (root, build)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._views)

    def build(self, now: int) -> dict[str, VNode]:
        """Every view's nodes, in the table's order, rendering nothing."""
        return {name: build(now) for name, (_, build) in self._views.items()}

    def render(self, names: Collection[str], now: int) -> frozenset[str]:
        """Build the views `names` and bring their DOM up to date; the names rendered."""
        rendered = []
        for name, (root, build) in self._views.items():
            if name not in names:
                continue
            node = build(now)
            old = self._nodes.get(name)
            if old is None:
                mount(self._api, root, node)
            else:
                patch(self._api, root, old, node)
            self._nodes[name] = node
            rendered.append(name)
        return frozenset(rendered)

    def adopt(self, now: int) -> frozenset[str]:
        """Build every view and adopt the DOM its root already holds (markup painted before
        Python started), changing only what differs."""
        nodes = self.build(now)
        by_root: dict[int, tuple[Any, list[VNode]]] = {}
        for name, node in nodes.items():
            root = self._views[name][0]
            by_root.setdefault(id(root), (root, []))[1].append(node)
        for root, vnodes in by_root.values():
            hydrate(self._api, root, vnodes)
        self._nodes.update(nodes)
        return frozenset(nodes)
