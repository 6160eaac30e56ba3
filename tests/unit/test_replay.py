"""chat/replay.py: input taken while Python started, replayed once, in order, as view actions."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from chat.replay import MAX_ENTRIES, Clicked, Queued, Typed, parse_queue, replay


def test_the_queue_reads_sends_and_clicks_in_order() -> None:
    text = json.dumps(
        [
            {"kind": "send", "text": "one"},
            {"kind": "open", "user_id": 3},
            {"kind": "send", "text": "two"},
        ]
    )
    assert parse_queue(text) == [Typed("one"), Clicked(3), Typed("two")]


def test_malformed_entries_are_left_out() -> None:
    text = json.dumps(
        [
            {"kind": "send", "text": "   "},
            {"kind": "send", "text": 5},
            {"kind": "open", "user_id": "3"},
            {"kind": "open", "user_id": True},
            {"kind": "open", "user_id": 2.0},
            {"kind": "delete"},
            ["send", "x"],
            {"kind": "send", "text": "kept"},
        ]
    )
    assert parse_queue(text) == [Typed("kept")]


def test_a_queue_that_is_not_a_list_of_entries_is_empty() -> None:
    deep = "[" * 100_000 + "]" * 100_000  # refused before parsing: no stack to overflow
    for text in [None, "", "not json", "{}", '"send"', "null", "[[[[", deep]:
        assert parse_queue(text) == []


def test_a_queue_longer_than_a_person_types_is_cut() -> None:
    text = json.dumps([{"kind": "send", "text": "x"}] * (MAX_ENTRIES + 5))
    assert len(parse_queue(text)) == MAX_ENTRIES


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    )
)
def test_any_json_gives_a_queue_and_never_raises(value: object) -> None:
    for entry in parse_queue(json.dumps(value)):
        assert isinstance(entry, Typed | Clicked)


def test_replay_dispatches_each_entry_once_in_order_to_the_chat_open_then() -> None:
    done: list[str] = []
    open_chat = 2

    def open_(user_id: int) -> None:
        nonlocal open_chat
        open_chat = user_id
        done.append(f"open {user_id}")

    def send(text: str) -> None:
        done.append(f"send {text!r} to {open_chat}")

    queue: list[Queued] = [Typed("a"), Clicked(3), Typed("b"), Clicked(99), Typed("c")]
    replay(queue, open_, send, has_chat=lambda user_id: user_id in (2, 3, 4))
    assert done == ["send 'a' to 2", "open 3", "send 'b' to 3", "send 'c' to 3"]
