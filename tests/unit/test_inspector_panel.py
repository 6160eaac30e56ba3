"""The inspector panel: one item per dispatch with what it changed, the controls, the error."""

from __future__ import annotations

from datetime import UTC

from chat.actions import OpenChat, Payload, SendMessage
from chat.inspector import Entry
from chat.views.inspector_panel import ENTRY_HEIGHT, OVERSCAN, inspector_panel, log_window
from chat.views.memo import Memo
from tests.unit.ports import classes, find, find_all, text_of

WHEN = 1_800_000_000_123  # 2027-01-15 08:00:00.123 UTC


def entries() -> list[Entry]:
    return [
        Entry(1, Payload("view", OpenChat(3, WHEN)), WHEN, ["messages", "unread"], ["userList"]),
        Entry(2, Payload("server", SendMessage(3, "x" * 200, WHEN, "t-1")), WHEN + 5, [], [], 1.5),
    ]


def test_each_dispatch_is_an_item_with_its_number_source_type_time_and_effects() -> None:
    panel = inspector_panel(entries(), None, "Live", "", UTC, Memo())
    first, second = find(panel, "inspector__log").children
    assert (first.tag, first.key, first.attrs["data-entry"]) == ("li", 1, "1")
    assert text_of(find(first, "inspector__entry__number")) == "#1"
    assert classes(find(first, "inspector__entry__source"))[1] == "inspector__entry__source--view"
    assert text_of(find(first, "inspector__entry__type")) == "updateOpenChatID"
    assert text_of(find(first, "inspector__entry__time")) == "08:00:00.123"
    fields = text_of(find(first, "inspector__entry__fields"))
    assert fields == '{"user_id": 3, "timestamp": 1800000000123}'
    assert text_of(find(first, "inspector__entry__stores")) == "stores: messages, unread"
    assert text_of(find(second, "inspector__entry__stores")) == "stores: none"
    assert text_of(find(second, "inspector__entry__views")) == "views: none"
    assert text_of(find(second, "inspector__entry__timing")) == "dispatch 1.5 ms, render 0.0 ms"
    fields = text_of(find(second, "inspector__entry__fields"))
    assert len(fields) == 160 and fields.endswith("..."), "long fields are cut"


def test_the_selected_entry_is_marked_and_back_to_now_offered() -> None:
    live = inspector_panel(entries(), None, "Live", "", UTC, Memo())
    assert find_all(live, "inspector__now") == []
    assert find_all(live, "inspector__entry--selected") == []
    past = inspector_panel(entries(), 2, "State after #2", "", UTC, Memo())
    (selected,) = find_all(past, "inspector__entry--selected")
    assert selected.key == 2
    assert find(past, "inspector__now").attrs["data-command"] == "now"
    assert text_of(find(past, "inspector__status")) == "State after #2"
    commands = [b.attrs["data-command"] for b in find(past, "inspector__controls").children]
    assert commands == ["now", "export", "import"]


def test_an_import_error_is_shown_as_an_alert_only_when_there_is_one() -> None:
    assert find_all(inspector_panel([], None, "Live", "", UTC, Memo()), "inspector__error") == []
    panel = inspector_panel([], None, "Live", "Not a log", UTC, Memo())
    error = find(panel, "inspector__error")
    assert error.attrs["role"] == "alert" and text_of(error) == "Not a log"


def test_an_unchanged_entry_is_the_same_node_until_it_is_selected_or_rendered() -> None:
    memo, log = Memo(), entries()
    before = find(inspector_panel(log, None, "Live", "", UTC, memo), "inspector__log").children
    again = find(inspector_panel(log, None, "Live", "", UTC, memo), "inspector__log").children
    assert again[0] is before[0] and again[1] is before[1]
    log[1].rendered.append("messageBox")
    selected = find(inspector_panel(log, 1, "#1", "", UTC, memo), "inspector__log").children
    assert selected[0] is not before[0] and selected[1] is not before[1]


def many(count: int) -> list[Entry]:
    return [Entry(n, Payload("view", OpenChat(3, WHEN + n)), WHEN + n) for n in range(1, count + 1)]


def test_only_the_entries_in_view_are_built_between_spacers() -> None:
    log, memo = many(50_000), Memo()
    window = log_window(20_000 * ENTRY_HEIGHT, 600, len(log))
    assert window.end - window.start <= 600 // ENTRY_HEIGHT + 1 + 2 * OVERSCAN
    items = find(inspector_panel(log, None, "Live", "", UTC, memo, window), "inspector__log")
    above, *entries_built, below = items.children
    assert [e.key for e in entries_built] == list(range(window.start + 1, window.end + 1))
    assert above.attrs["style"] == f"height: {window.start * ENTRY_HEIGHT}px"
    assert below.attrs["style"] == f"height: {(50_000 - window.end) * ENTRY_HEIGHT}px"
    assert above.attrs["aria-hidden"] == "true" and memo.size == len(entries_built)
    at_end = log_window(50_000 * ENTRY_HEIGHT - 600, 600, len(log))
    built = find(inspector_panel(log, None, "Live", "", UTC, memo, at_end), "inspector__log")
    assert built.children[-1].key == 50_000 and memo.size == len(built.children) - 1


def test_folded_dispatches_and_an_import_under_way_are_said() -> None:
    panel = inspector_panel(many(3), None, "Live", "", UTC, Memo(), None, 2_300, "Importing")
    assert text_of(find(panel, "inspector__folded")) == (
        "2,300 earlier dispatches folded into the starting state"
    )
    assert text_of(find(panel, "inspector__progress")) == "Importing"
    plain = inspector_panel(many(3), None, "Live", "", UTC, Memo())
    assert find_all(plain, "inspector__folded") == find_all(plain, "inspector__progress") == []
