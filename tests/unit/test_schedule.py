"""The render schedule: marked views render once when the dispatch ends, listeners hear which."""

from __future__ import annotations

from chat.render import VNode, h
from chat.render.schedule import RenderSchedule
from chat.render.table import ViewTable
from tests.unit.fake_dom import FakeDom, FakeNode, inner_html


class Views:
    def __init__(self, root: FakeNode | None = None) -> None:
        self.builds: list[str] = []
        self.dom = FakeDom()
        self.root = root or FakeNode("main")
        table = ViewTable(self.dom)
        for name in ("a", "b"):
            table.add(name, self.root, lambda now, name=name: self.build(name, now))  # type: ignore[misc]
        self.schedule = RenderSchedule(table, lambda: 42)
        self.heard: list[frozenset[str]] = []
        self.schedule.on_render(self.heard.append)

    def build(self, name: str, now: int) -> VNode:
        self.builds.append(name)
        return h("p", {}, f"{name}@{now}")


def test_views_marked_many_times_in_a_dispatch_render_once_when_it_ends() -> None:
    views = Views()
    views.schedule.render(("a", "b"))
    views.builds.clear()
    for _ in range(3):
        views.schedule.mark("a")
    views.schedule.mark("a", "b")
    assert views.builds == [], "nothing renders before the dispatch ends"
    views.schedule.flush()
    assert views.builds == ["a", "b"]
    assert views.heard[-1] == {"a", "b"}
    assert views.schedule.counts == {"a": 2, "b": 2}


def test_a_dispatch_that_marked_nothing_renders_nothing() -> None:
    views = Views()
    views.schedule.flush()
    assert views.builds == [] and views.heard == []


def test_render_renders_now_with_the_clocks_time_and_tells_the_listeners() -> None:
    views = Views()
    views.schedule.render(["b"])
    assert inner_html(views.root) == "<p>b@42</p>"
    assert views.heard == [frozenset({"b"})] and views.schedule.counts == {"a": 0, "b": 1}


def test_adopting_renders_every_view_over_painted_markup() -> None:
    painted = Views()
    painted.schedule.render(("a", "b"))
    views = Views(painted.root)
    views.schedule.adopt()
    assert views.heard == [frozenset({"a", "b"})] and views.dom.take_log() == []
    assert views.schedule.counts == {"a": 1, "b": 1}
