"""The memo: a view's last node again while its inputs are the same, by identity or plain value."""

from __future__ import annotations

from chat.render import VNode, h
from chat.views import Memo


def build(*args: object) -> VNode:
    return h("p", None, repr(args))


def test_the_same_inputs_give_the_same_node_and_other_inputs_a_new_one() -> None:
    memo, state = Memo(), object()
    first = memo.get("a", build, state, 1, "x")
    assert memo.get("a", build, state, 1, "x") is first
    assert memo.get("a", build, object(), 1, "x") is not first, "another object, even if alike"
    assert memo.get("b", build, state, 1, "x") is not first, "each key has its own node"


def test_plain_values_compare_by_value_and_type() -> None:
    memo = Memo()
    first = memo.get("a", build, 1, "text", None)
    assert memo.get("a", build, 1, "te" + "xt", None) is first
    assert memo.get("a", build, True, "text", None) is not first, "True is not 1"
    second = memo.get("a", build, True, "text", None)
    assert memo.get("a", build, 1.0, "text", None) is not second


def test_state_objects_compare_by_identity_only() -> None:
    memo = Memo()
    chats = {2: ["Hey!"]}
    first = memo.get("a", build, chats)
    assert memo.get("a", build, chats) is first
    assert memo.get("a", build, {2: ["Hey!"]}) is not first, "equal, but not looked into"


def test_keep_only_forgets_every_other_key() -> None:
    memo = Memo()
    kept = memo.get(1, build, 1)
    memo.get(2, build, 2)
    memo.get(3, build, 3)
    assert memo.size == 3
    memo.keep_only([1, 9])
    assert memo.size == 1
    assert memo.get(1, build, 1) is kept
    assert memo.get(2, build, 2) is not None and memo.size == 2
