"""The view table: named views mount once, patch after, share roots in order, adopt markup."""

from __future__ import annotations

from chat.render import VNode, h
from chat.render.table import ViewTable
from tests.unit.fake_dom import FakeDom, FakeNode, inner_html


class Counter:
    def __init__(self) -> None:
        self.value = 0

    def view(self, now: int) -> VNode:
        return h("p", {"class": "count"}, f"{self.value} at {now}")


def test_views_sharing_a_root_follow_each_other_in_the_tables_order() -> None:
    dom, root, header = FakeDom(), FakeNode("main"), FakeNode("span")
    table = ViewTable(dom)
    table.add("list", root, lambda now: h("ul", {}, "list"))
    table.add("box", root, lambda now: h("section", {}, "box"))
    table.add("badge", header, lambda now: h("b", {}, str(now)))
    assert table.names == ("list", "box", "badge")
    assert table.render({"badge", "box", "list", "unknown"}, 5) == {"list", "box", "badge"}
    assert inner_html(root) == "<ul>list</ul><section>box</section>"
    assert inner_html(header) == "<b>5</b>"


def test_a_second_render_patches_only_what_changed() -> None:
    dom, root, counter = FakeDom(), FakeNode("main"), Counter()
    table = ViewTable(dom)
    table.add("count", root, counter.view)
    table.render({"count"}, 1)
    paragraph = root.children[0]
    dom.take_log()
    counter.value = 3
    assert table.render({"count"}, 1) == {"count"}
    assert root.children[0] is paragraph
    assert dom.take_log() == ["#text(0 at 1).setText(3 at 1)"]


def test_only_the_views_asked_for_render() -> None:
    dom, root, counter = FakeDom(), FakeNode("main"), Counter()
    table = ViewTable(dom)
    table.add("count", root, counter.view)
    table.add("other", root, lambda now: h("i", {}, "other"))
    table.render({"count", "other"}, 1)
    counter.value = 9
    table.render({"other"}, 1)
    assert inner_html(root) == '<p class="count">0 at 1</p><i>other</i>'


def test_adopting_painted_markup_keeps_its_nodes() -> None:
    painted = FakeNode("main")
    first = ViewTable(FakeDom())
    first.add("count", painted, Counter().view)
    first.render({"count"}, 1)
    node = painted.children[0]
    dom = FakeDom()
    table = ViewTable(dom)
    table.add("count", painted, Counter().view)
    assert table.adopt(1) == {"count"}
    assert painted.children[0] is node and dom.take_log() == []
    assert table.build(2)["count"].children[0].text == "0 at 2"
