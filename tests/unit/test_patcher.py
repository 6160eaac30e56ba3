"""The patcher against a recording fake DOM: the exact DOM calls, and the result."""

from __future__ import annotations

import random
from typing import Any, NoReturn

import pytest

from chat.render.patcher import hydrate, mount, patch
from chat.render.vnode import TEXT, VNode, h, text
from tests.unit.fake_dom import FakeDom, FakeNode, inner_html, to_html


def li(key: str, label: str | None = None, **attrs: str) -> VNode:
    return h("li", attrs, key if label is None else label, key=key)


def ul(*keys: str) -> VNode:
    return h("ul", None, *(li(key) for key in keys))


def vnode_html(vnode: VNode) -> str:
    """What `vnode` should look like once mounted, computed without the patcher."""
    if vnode.tag == TEXT:
        return vnode.text or ""
    attrs = "".join(f' {name}="{value}"' for name, value in sorted(vnode.attrs.items()))
    inner = "".join(vnode_html(child) for child in vnode.children)
    return f"<{vnode.tag}{attrs}>{inner}</{vnode.tag}>"


def assert_mirrors(vnode: VNode, el: Any) -> None:
    """`vnode.el` is `el`, and so on down the tree: each node's `el` is its element."""
    assert vnode.el is el, f"{vnode!r}.el is {vnode.el!r}, not {el!r}"
    if vnode.tag == TEXT:
        assert el.text == vnode.text
        return
    assert el.tag == vnode.tag
    assert el.attrs == dict(vnode.attrs)
    assert len(el.children) == len(vnode.children)
    for child, child_el in zip(vnode.children, el.children, strict=True):
        assert child_el.parent is el
        assert_mirrors(child, child_el)


def mounted(vnode: VNode) -> tuple[FakeDom, FakeNode]:
    """A fake DOM with `vnode` mounted in a <div>, and that <div>; the log starts empty."""
    dom, root = FakeDom(), FakeNode("div")
    mount(dom, root, vnode)
    dom.take_log()
    return dom, root


def diff(old: VNode, new: VNode) -> list[str]:
    """Mount `old`, patch it into `new`, check the result and return the logged DOM calls."""
    dom, root = mounted(old)
    patch(dom, root, old, new)
    assert inner_html(root) == vnode_html(new)
    assert_mirrors(new, root.children[0])
    return dom.log


def created(tag: str, content: str) -> list[str]:
    """The calls that build `<tag>content</tag>` before it is inserted."""
    return [
        f"createElement({tag})",
        f"createTextNode({content})",
        f"<{tag}>.insertBefore(#text({content}), null)",
    ]


class Tripwire:
    """Stands in for the children or attrs of a node the patcher must not look into."""

    def _touched(self, *args: object) -> NoReturn:
        raise AssertionError("the patcher walked into a subtree it was told is unchanged")

    __len__ = __iter__ = __getitem__ = __bool__ = __contains__ = _touched

    def __getattr__(self, name: str) -> NoReturn:
        self._touched()


def booby_trap(vnode: VNode) -> None:
    """Make any look at the attrs or children of `vnode` or its descendants fail the test."""
    for child in vnode.children:
        booby_trap(child)
    vnode.attrs = vnode.children = Tripwire()  # type: ignore[assignment]


# The fake DOM


def test_the_fake_dom_moves_an_attached_node_like_the_dom_does() -> None:
    dom, parent = FakeDom(), FakeNode("ul")
    a, b = FakeNode("li"), FakeNode("li")
    dom.insert_before(parent, a, None)
    dom.insert_before(parent, b, None)
    dom.insert_before(parent, b, a)
    assert parent.children == [b, a]
    assert dom.moves == 1
    other = FakeNode("ol")
    dom.insert_before(other, a, None)
    assert parent.children == [b]
    assert a.parent is other


def test_the_fake_dom_rejects_a_reference_node_of_another_parent() -> None:
    dom, parent, stranger = FakeDom(), FakeNode("ul"), FakeNode("li")
    with pytest.raises(AssertionError, match="is not a child of"):
        dom.insert_before(parent, FakeNode("li"), stranger)
    with pytest.raises(AssertionError, match="is not a child of"):
        dom.remove_child(parent, stranger)


# Mounting


def test_mount_creates_the_subtree_detached_then_inserts_it_with_one_call() -> None:
    dom, root = FakeDom(), FakeNode("div")
    vnode = h("ul", {"class": "list"}, li("a"), li("b"))
    el = mount(dom, root, vnode)
    assert dom.log == [
        "createElement(ul)",
        "<ul>.setAttribute(class, list)",
        *created("li", "a"),
        "<ul>.insertBefore(<li>a, null)",
        *created("li", "b"),
        "<ul>.insertBefore(<li>b, null)",
        "<div>.insertBefore(<ul>, null)",
    ]
    assert el is root.children[0]
    assert to_html(root) == '<div><ul class="list"><li>a</li><li>b</li></ul></div>'


def test_mount_sets_el_on_every_node() -> None:
    dom, root = FakeDom(), FakeNode("div")
    vnode = h("p", None, "hello ", h("b", {"id": "x"}, "world"), text("!"))
    mount(dom, root, vnode)
    assert_mirrors(vnode, root.children[0])


def test_mount_inserts_before_the_reference_node() -> None:
    dom, root = mounted(h("i", None, "last"))
    mount(dom, root, h("b", None, "first"), root.children[0])
    assert inner_html(root) == "<b>first</b><i>last</i>"
    assert dom.log[-1] == "<div>.insertBefore(<b>first, <i>last)"


# Keyed insertions and removals


def test_appending_a_keyed_item_creates_it_and_appends_it() -> None:
    assert diff(ul("a", "b"), ul("a", "b", "c")) == [
        *created("li", "c"),
        "<ul>.insertBefore(<li>c, null)",
    ]


def test_inserting_a_keyed_item_at_the_start_inserts_it_before_the_first() -> None:
    assert diff(ul("b", "c"), ul("a", "b", "c")) == [
        *created("li", "a"),
        "<ul>.insertBefore(<li>a, <li>b)",
    ]


def test_inserting_a_keyed_item_in_the_middle_inserts_it_before_its_successor() -> None:
    assert diff(ul("a", "c"), ul("a", "b", "c")) == [
        *created("li", "b"),
        "<ul>.insertBefore(<li>b, <li>c)",
    ]


def test_inserting_several_keyed_items_at_once_keeps_their_order() -> None:
    assert diff(ul("a", "d"), ul("a", "b", "c", "d")) == [
        *created("li", "b"),
        "<ul>.insertBefore(<li>b, <li>d)",
        *created("li", "c"),
        "<ul>.insertBefore(<li>c, <li>d)",
    ]


@pytest.mark.parametrize(
    ("new", "gone"),
    [(("b", "c"), "a"), (("a", "c"), "b"), (("a", "b"), "c")],
    ids=["start", "middle", "end"],
)
def test_removing_a_keyed_item_is_one_remove_child(new: tuple[str, ...], gone: str) -> None:
    assert diff(ul("a", "b", "c"), ul(*new)) == [f"<ul>.removeChild(<li>{gone})"]


def test_emptying_a_list_removes_every_item() -> None:
    assert diff(ul("a", "b"), ul()) == ["<ul>.removeChild(<li>a)", "<ul>.removeChild(<li>b)"]


def test_filling_an_empty_list_appends_every_item() -> None:
    assert diff(ul(), ul("a", "b")) == [
        *created("li", "a"),
        "<ul>.insertBefore(<li>a, null)",
        *created("li", "b"),
        "<ul>.insertBefore(<li>b, null)",
    ]


# Keyed moves


def test_moving_the_last_item_to_the_start_is_one_insert_before() -> None:
    assert diff(ul("a", "b", "c", "d"), ul("d", "a", "b", "c")) == [
        "<ul>.insertBefore(<li>d, <li>a)"
    ]


def test_moving_the_first_item_to_the_end_is_one_append() -> None:
    assert diff(ul("a", "b", "c", "d"), ul("b", "c", "d", "a")) == [
        "<ul>.insertBefore(<li>a, null)"
    ]


def test_swapping_two_items_is_one_move() -> None:
    assert diff(ul("a", "b", "c", "d"), ul("a", "c", "b", "d")) == [
        "<ul>.insertBefore(<li>c, <li>b)"
    ]


def test_swapping_the_ends_is_two_moves() -> None:
    assert diff(ul("a", "b", "c", "d"), ul("d", "b", "c", "a")) == [
        "<ul>.insertBefore(<li>a, null)",
        "<ul>.insertBefore(<li>d, <li>b)",
    ]


def test_reversing_four_items_takes_the_minimal_three_moves() -> None:
    assert diff(ul("a", "b", "c", "d"), ul("d", "c", "b", "a")) == [
        "<ul>.insertBefore(<li>b, <li>a)",
        "<ul>.insertBefore(<li>c, <li>b)",
        "<ul>.insertBefore(<li>d, <li>c)",
    ]


def test_mixed_insert_remove_and_move_removes_first_then_places_backwards() -> None:
    assert diff(ul("a", "b", "c", "d", "e"), ul("a", "c", "x", "b", "e")) == [
        "<ul>.removeChild(<li>d)",
        *created("li", "x"),
        "<ul>.insertBefore(<li>x, <li>b)",
        "<ul>.insertBefore(<li>c, <li>x)",
    ]


def test_replacing_every_item_removes_the_old_ones_and_creates_the_new_ones() -> None:
    assert diff(ul("a", "b"), ul("c", "d")) == [
        "<ul>.removeChild(<li>a)",
        "<ul>.removeChild(<li>b)",
        *created("li", "d"),
        "<ul>.insertBefore(<li>d, null)",
        *created("li", "c"),
        "<ul>.insertBefore(<li>c, <li>d)",
    ]


def test_moved_items_are_patched_as_well() -> None:
    old = ul("a", "b", "c")
    new = h("ul", None, li("c", "C"), li("a"), li("b"))
    assert diff(old, new) == ["#text(c).setText(C)", "<ul>.insertBefore(<li>C, <li>a)"]


# Content and attributes


def test_changing_one_text_in_a_list_is_one_set_text() -> None:
    old = ul("a", "b", "c")
    new = h("ul", None, li("a"), li("b", "B"), li("c"))
    assert diff(old, new) == ["#text(b).setText(B)"]


def test_equal_text_makes_no_call() -> None:
    assert diff(h("p", None, "same"), h("p", None, "same")) == []


def test_attributes_are_added_changed_and_removed_and_unchanged_ones_left_alone() -> None:
    old = h("a", {"href": "/x", "title": "t", "class": "c"}, "link")
    new = h("a", {"href": "/y", "class": "c", "id": "i"}, "link")
    assert diff(old, new) == [
        "<a>link.setAttribute(href, /y)",
        "<a>link.setAttribute(id, i)",
        "<a>link.removeAttribute(title)",
    ]


def test_setting_the_first_attribute_and_removing_the_last_one() -> None:
    assert diff(li("a"), li("a", cls="x")) == ["<li>a.setAttribute(cls, x)"]
    assert diff(li("a", cls="x"), li("a")) == ["<li>a.removeAttribute(cls)"]


# Reuse by identity


def big_subtree() -> VNode:
    return h("ol", {"class": "big"}, *(li(str(i), f"item {i}", title="t") for i in range(50)))


def test_a_child_reused_by_identity_costs_no_dom_call_however_big() -> None:
    big = big_subtree()
    old = h("section", None, h("h1", None, "title"), big)
    new = h("section", None, h("h1", None, "title"), big)
    assert diff(old, new) == []


def test_a_child_reused_by_identity_is_not_walked_into() -> None:
    big = big_subtree()
    old = h("section", None, h("h1", None, "old"), big)
    dom, root = mounted(old)
    booby_trap(big)
    new = h("section", None, h("h1", None, "new"), big)
    patch(dom, root, old, new)
    assert dom.log == ["#text(old).setText(new)"]


def test_a_reused_child_that_moves_is_moved_without_being_walked_into() -> None:
    a, b, c = li("a"), big_subtree(), li("c")
    b.key = "b"
    old = h("ul", None, a, b, c)
    dom, root = mounted(old)
    booby_trap(b)
    patch(dom, root, old, h("ul", None, b, li("a"), li("c")))
    assert dom.log == ["<ul>.insertBefore(<ol>, <li>a)"]


def test_the_root_reused_by_identity_costs_nothing() -> None:
    vnode = big_subtree()
    dom, root = mounted(vnode)
    booby_trap(vnode)
    patch(dom, root, vnode, vnode)
    assert dom.log == []


def test_an_unkeyed_child_reused_at_a_new_index_keeps_its_element() -> None:
    # `h` drops None children, so a conditional sibling shifts the index of the ones after it.
    memo = h("div", None, "memo")
    old = h("main", None, h("p", None, "banner"), memo)
    dom, root = mounted(old)
    memo_el = memo.el
    new = h("main", None, memo)
    patch(dom, root, old, new)
    assert dom.log == ["<main>.removeChild(<p>banner)"]
    assert memo.el is memo_el
    back = h("main", None, h("p", None, "banner"), memo)
    patch(dom, root, new, back)
    assert inner_html(root) == vnode_html(back)
    assert memo.el is memo_el
    assert_mirrors(back, root.children[0])


def test_unkeyed_children_reused_at_shifted_indices_are_matched_by_identity() -> None:
    x, y = h("p", None, "x"), h("p", None, "y")
    old = h("div", None, x, y, li("k1"))
    dom, root = mounted(old)
    x_el, y_el = x.el, y.el
    new = h("div", None, y, h("p", None, "w"), li("k2"))
    patch(dom, root, old, new)
    assert inner_html(root) == vnode_html(new)
    assert_mirrors(new, root.children[0])
    assert y.el is y_el
    assert x_el.parent is None


# Replacement


def test_a_different_tag_at_the_same_key_replaces_the_node() -> None:
    old = ul("a", "b")
    new = h("ul", None, li("a"), h("p", None, "b", key="b"))
    assert diff(old, new) == [
        "<ul>.removeChild(<li>b)",
        *created("p", "b"),
        "<ul>.insertBefore(<p>b, null)",
    ]


def test_patching_the_root_to_another_tag_mounts_the_new_one_in_place() -> None:
    old = h("i", None, "x")
    dom, root = mounted(old)
    mount(dom, root, h("hr"))
    dom.take_log()
    new = h("b", None, "y")
    patch(dom, root, old, new)
    assert dom.log == [
        *created("b", "y"),
        "<div>.insertBefore(<b>y, <i>x)",
        "<div>.removeChild(<i>x)",
    ]
    assert inner_html(root) == "<b>y</b><hr></hr>"
    assert_mirrors(new, root.children[0])


def test_patching_the_root_to_another_key_replaces_it() -> None:
    assert diff(li("a"), li("b")) == [
        *created("li", "b"),
        "<div>.insertBefore(<li>b, <li>a)",
        "<div>.removeChild(<li>a)",
    ]


def test_a_text_node_and_an_element_at_the_same_index_replace_each_other() -> None:
    assert diff(h("p", None, "x"), h("p", None, h("b", None, "x"))) == [
        "<p>x.removeChild(#text(x))",
        *created("b", "x"),
        "<p>.insertBefore(<b>x, null)",
    ]


# Unkeyed children


def test_unkeyed_children_are_patched_by_position() -> None:
    old = h("ul", None, h("li", None, "a"), h("li", None, "b"))
    new = h("ul", None, h("li", None, "z"), h("li", None, "a"), h("li", None, "b"))
    assert diff(old, new) == [
        "#text(a).setText(z)",
        "#text(b).setText(a)",
        *created("li", "b"),
        "<ul>.insertBefore(<li>b, null)",
    ]


def test_removing_an_unkeyed_child_removes_the_last_ones_after_patching_by_position() -> None:
    old = h("ul", None, h("li", None, "a"), h("li", None, "b"), h("li", None, "c"))
    new = h("ul", None, h("li", None, "b"), h("li", None, "c"))
    assert diff(old, new) == [
        "#text(a).setText(b)",
        "#text(b).setText(c)",
        "<ul>.removeChild(<li>c)",
    ]


def test_an_unkeyed_footer_after_a_keyed_list_is_kept_when_an_item_is_appended() -> None:
    old = h("ul", None, li("a"), li("b"), h("li", None, "footer"))
    new = h("ul", None, li("a"), li("b"), li("c"), h("li", None, "footer"))
    assert diff(old, new) == [*created("li", "c"), "<ul>.insertBefore(<li>c, <li>footer)"]


def test_mixed_text_and_elements_patch_by_position() -> None:
    old = h("p", None, "Hello ", h("b", None, "Ann"), "!")
    new = h("p", None, "Hi ", h("b", None, "Ann"), "?")
    assert diff(old, new) == ["#text(Hello ).setText(Hi )", "#text(!).setText(?)"]


# Duplicate keys


def test_mounting_duplicate_keys_raises_a_value_error_naming_the_key_and_parent() -> None:
    with pytest.raises(ValueError, match=r"duplicate key 'a' among the children of <ul>"):
        mount(FakeDom(), FakeNode("div"), ul("a", "b", "a"))


@pytest.mark.parametrize(
    "keys",
    [("a", "b", "a"), ("b", "a", "a"), ("a", "a", "b"), ("c", "a", "c"), ("a", "b", "c", "a")],
    ids="".join,
)
def test_patching_in_duplicate_keys_raises_a_value_error_naming_the_key(
    keys: tuple[str, ...],
) -> None:
    dup = next(key for key in keys if keys.count(key) > 1)
    old = ul("a", "b")
    dom, root = mounted(old)
    with pytest.raises(ValueError, match=rf"duplicate key {dup!r} among the children of <ul>"):
        patch(dom, root, old, ul(*keys))


def test_integer_and_string_keys_are_distinct() -> None:
    old = h("ul", None, h("li", None, "1", key=1), h("li", None, "one", key="1"))
    new = h("ul", None, h("li", None, "one", key="1"), h("li", None, "1", key=1))
    assert diff(old, new) == ["<ul>.insertBefore(<li>one, <li>1)"]


# `el` after a patch


def test_el_is_set_on_every_new_node_after_a_patch() -> None:
    old = h("div", None, ul("a", "b", "c"), h("p", None, "x"))
    new = h(
        "div",
        {"id": "root"},
        h("ul", None, li("c"), li("b", "B"), li("d")),
        h("p", None, "y", h("em", None, "z")),
        text("tail"),
    )
    dom, root = mounted(old)
    patch(dom, root, old, new)
    assert_mirrors(new, root.children[0])
    assert inner_html(root) == vnode_html(new)


# Randomised


def longest_increasing_length(seq: list[int]) -> int:
    best = [1] * len(seq)
    for i in range(len(seq)):
        for j in range(i):
            if seq[j] < seq[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best, default=0)


def random_pair(rng: random.Random) -> tuple[list[str], list[str]]:
    letters = "abcdefghijklmnopqrst"
    old = rng.sample(letters, rng.randint(0, 14))
    if rng.random() < 0.5:
        return old, rng.sample(letters, rng.randint(0, 14))
    new = list(old)  # a few edits, so the common prefix and suffix paths get exercised too
    for _ in range(rng.randint(0, 3)):
        edit = rng.choice(["insert", "remove", "move"])
        unused = [c for c in letters if c not in new]
        if edit == "insert" and unused:
            new.insert(rng.randint(0, len(new)), rng.choice(unused))
        elif edit == "remove" and new:
            new.pop(rng.randrange(len(new)))
        elif edit == "move" and new:
            new.insert(rng.randint(0, len(new) - 1), new.pop(rng.randrange(len(new))))
    return old, new


def test_random_keyed_lists_patch_to_a_fresh_mount_keeping_nodes_with_minimal_moves() -> None:
    rng = random.Random(20240611)
    for _ in range(2000):
        old_keys, new_keys = random_pair(rng)
        old = ul(*old_keys)
        dom, root = mounted(old)
        before = {child.key: child.el for child in old.children}
        new = ul(*new_keys)
        patch(dom, root, old, new)

        fresh_root = FakeNode("div")
        mount(FakeDom(), fresh_root, ul(*new_keys))
        assert to_html(root) == to_html(fresh_root), (old_keys, new_keys)
        assert_mirrors(new, root.children[0])
        kept = [key for key in new_keys if key in before]
        for child in new.children:
            if child.key in before:
                assert child.el is before[child.key], (old_keys, new_keys, child.key)
        old_positions = [old_keys.index(key) for key in kept]
        assert dom.moves == len(kept) - longest_increasing_length(old_positions), (
            old_keys,
            new_keys,
        )
        assert sum(line == "createElement(li)" for line in dom.log) == len(new_keys) - len(kept)
        removed = sum(".removeChild(" in line for line in dom.log)
        assert removed == len(old_keys) - len(kept)


def random_child(rng: random.Random, keys: list[str], pool: list[VNode], depth: int) -> VNode:
    roll = rng.random()
    if pool and roll < 0.25:
        return pool.pop(rng.randrange(len(pool)))  # an old node reused by identity
    if roll < 0.4:
        return text(rng.choice("xyz"))
    tag = rng.choice(["li", "p"])
    attrs = {"class": rng.choice("ab")} if rng.random() < 0.5 else {}
    kids = random_children(rng, [], depth + 1) if depth < 2 and rng.random() < 0.3 else ()
    key = keys.pop() if keys and rng.random() < 0.6 else None
    return h(tag, attrs, *kids, text(rng.choice("xyz")), key=key)


def random_children(rng: random.Random, pool: list[VNode], depth: int = 0) -> tuple[VNode, ...]:
    keys = rng.sample("abcdefghij", 10)
    for node in pool:
        if node.key is not None and node.key in keys:
            keys.remove(str(node.key))
    return tuple(random_child(rng, keys, pool, depth) for _ in range(rng.randint(0, 7)))


def test_random_mixed_trees_with_reused_nodes_patch_to_the_expected_dom() -> None:
    rng = random.Random(7)
    for _ in range(500):
        old = h("div", None, *random_children(rng, []))
        dom, root = mounted(old)
        for _ in range(5):  # successive renders, each reusing some nodes of the previous one
            pool = [child for child in old.children if rng.random() < 0.5]
            rng.shuffle(pool)
            new = h("div", None, *random_children(rng, pool))
            patch(dom, root, old, new)
            assert inner_html(root) == vnode_html(new)
            assert_mirrors(new, root.children[0])
            old = new


# hydrate: adopting nodes painted from saved markup before Python ran.


def painted(*children: VNode) -> tuple[FakeDom, FakeNode]:
    """A fake DOM whose <div> already holds `children`, as saved markup would paint it."""
    dom, root = FakeDom(), FakeNode("div")
    for child in children:
        mount(dom, root, child)
    dom.take_log()
    return dom, root


def test_hydrating_a_matching_tree_creates_and_inserts_nothing() -> None:
    dom, root = painted(ul("a", "b"), h("p", {"class": "x"}, "Press ", h("b", None, "Enter")))
    painted_nodes = list(root.children)
    new = [ul("a", "b"), h("p", {"class": "x"}, "Press ", h("b", None, "Enter"))]
    hydrate(dom, root, new)
    assert dom.log == []
    assert root.children == painted_nodes
    for vnode, el in zip(new, root.children, strict=True):
        assert_mirrors(vnode, el)


def test_hydrating_takes_one_node_as_well_as_a_sequence() -> None:
    dom, root = painted(ul("a", "b"))
    painted_list = root.children[0]
    new = ul("a", "b")
    hydrate(dom, root, new)
    assert dom.log == []
    assert new.el is painted_list
    assert_mirrors(new, painted_list)


def test_hydrating_writes_only_the_attributes_and_text_that_differ() -> None:
    dom, root = painted(h("ul", {"class": "old", "hidden": ""}, li("a"), li("b", "B")))
    new = h("ul", {"class": "new"}, li("a"), li("b"))
    hydrate(dom, root, [new])
    assert dom.log == [
        "<ul>.setAttribute(class, new)",
        "<ul>.removeAttribute(hidden)",
        "#text(B).setText(b)",
    ]
    assert_mirrors(new, root.children[0])


def test_hydrating_removes_what_python_would_not_render_and_creates_what_is_missing() -> None:
    pending = h("li", {"class": "pending"}, "typed while starting")
    dom, root = painted(h("ul", None, li("a"), pending))
    new = h("ul", None, li("a"), li("b"), li("c"))
    hydrate(dom, root, [new])
    assert dom.log == [
        "<li>typed while starting.removeAttribute(class)",
        "#text(typed while starting).setText(b)",
        "createElement(li)",
        "createTextNode(c)",
        "<li>.insertBefore(#text(c), null)",
        "<ul>.insertBefore(<li>c, null)",
    ]
    assert_mirrors(new, root.children[0])


def test_hydrating_splits_text_that_html_merged() -> None:
    dom, root = painted(h("p", None, "Read at 14:05"))
    new = h("p", None, "Read ", "at 14:05")
    hydrate(dom, root, [new])
    assert inner_html(root) == "<p>Read at 14:05</p>"
    assert_mirrors(new, root.children[0])


def test_hydrating_an_empty_root_mounts_everything() -> None:
    dom, root = painted()
    new = [ul("a"), h("p", None, "x")]
    hydrate(dom, root, new)
    assert inner_html(root) == vnode_html(new[0]) + vnode_html(new[1])


def test_hydrating_refuses_duplicate_keys_like_mount() -> None:
    dom, root = painted(ul("a"))
    with pytest.raises(ValueError, match="duplicate key 'a' among the children of <ul>"):
        hydrate(dom, root, [h("ul", None, li("a"), li("a"))])


def test_random_painted_trees_hydrate_into_any_tree_that_then_patches_correctly() -> None:
    rng = random.Random(2015)
    for _ in range(500):
        before = random_children(rng, [])
        dom, root = painted(*before)
        new = h("div", None, *random_children(rng, []))
        hydrate(dom, root, new.children)
        assert inner_html(root) == "".join(vnode_html(child) for child in new.children)
        for vnode, el in zip(new.children, root.children, strict=True):
            assert_mirrors(vnode, el)
        # The adopted nodes are the patcher's own from now on.
        wrapper = FakeNode("section")
        dom.insert_before(wrapper, root, None)
        new.el = root
        later = h("div", None, *random_children(rng, list(new.children)))
        patch(dom, wrapper, new, later)
        assert inner_html(root) == "".join(vnode_html(child) for child in later.children)
        assert_mirrors(later, root)
