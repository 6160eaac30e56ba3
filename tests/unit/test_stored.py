"""The database's records: what is written reads back the same, and what another page of the
site wrote there is read with every boundary's rules, a bad record skipped and counted."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chat.data import parse_chat_data
from chat.memory_database import MemoryDatabase
from chat.model import Chat, ChatData, Message, summary
from chat.stored import (
    PAGE,
    StoredError,
    import_text,
    is_marker,
    marker,
    page_text,
    stored_from_json,
    with_newer,
    write_text,
)
from tests.unit.ports import FakeClock
from tests.unit.test_boundaries import chat_files, mutate


def database_with(data: ChatData, open_id: int, clock: FakeClock | None = None) -> MemoryDatabase:
    database = MemoryDatabase((clock or FakeClock()).schedule)
    text = import_text(data, data.chats.values(), open_id, "s.json", complete=True)
    database.write(text, lambda kept: None)
    return database


@settings(max_examples=60, deadline=None)
@given(chat_files())
def test_any_data_written_reads_back_as_summaries_and_pages(raw: dict[str, Any]) -> None:
    data = parse_chat_data(json.dumps(raw))
    open_id = next(iter(data.chats))
    clock = FakeClock()
    database = database_with(data, open_id, clock)
    stored = stored_from_json(database.start(PAGE))
    assert stored is not None and stored.complete and stored.skipped == 0
    assert stored.data.current_user == data.current_user
    assert stored.open_chat_user_id == open_id
    for user_id, chat in data.chats.items():
        got = stored.data.chats[user_id]
        if user_id == open_id:
            assert got.messages == chat.messages[-PAGE:]
            assert got.older == (len(chat.messages) > PAGE)
        else:
            assert (got.messages, got.last_access) == (summary(chat).messages, chat.last_access)
        pages: list[str | None] = []
        database.messages(user_id, None, 10**6, pages.append)
        clock.run_all()
        page = page_text(pages[0], user_id, data.current_user.id)
        assert page.messages == chat.messages and not page.older
    assert sorted(stored.data.chats) == sorted(data.chats)


def test_an_empty_database_is_none_and_a_newer_one_is_refused(tutorial_data: ChatData) -> None:
    assert stored_from_json(MemoryDatabase(FakeClock().schedule).start(PAGE)) is None
    database = database_with(tutorial_data, 2)
    assert database.meta is not None
    database.meta["version"] = 2
    with pytest.raises(StoredError, match="version 2"):
        stored_from_json(database.start(PAGE))
    for text in ["[]", "{", '{"meta": 5}', '{"meta": {"version": 1}}']:
        with pytest.raises(StoredError):
            stored_from_json(text)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_an_odd_chat_record_is_skipped_and_counted_never_taken_in(data: st.DataObject) -> None:
    tutorial = parse_chat_data(json.dumps(data.draw(chat_files())))
    database = database_with(tutorial, next(iter(tutorial.chats)))
    key = data.draw(st.sampled_from(sorted(database.chat_records)))
    database.chat_records[key] = mutate(database.chat_records[key], data)
    try:
        stored = stored_from_json(database.start(PAGE))
    except StoredError:
        return  # the open chat's page itself was broken: refused as a whole, with a reason
    if stored is None:
        return  # no chat left that can be read
    if key in stored.data.chats:
        # Taken in: it must be a record the rules accept (the mutation changed nothing odd).
        assert stored.data.chats[key].user.id == key
    else:
        assert stored.skipped >= 1


def test_a_page_keeps_the_readable_messages_and_where_to_read_on(tutorial_data: ChatData) -> None:
    records = [
        {"chat": 2, "id": "a", "contents": "ok", "from": 2, "timestamp": 5},
        {"chat": 2, "id": "b", "contents": "stranger", "from": 77, "timestamp": 6},
        {"chat": 3, "id": "c", "contents": "other chat", "from": 3, "timestamp": 7},
        "not a record",
        {"chat": 2, "id": "d", "contents": "ok too", "from": 1, "timestamp": 8},
    ]
    page = page_text(json.dumps({"messages": records, "older": True}), 2, 1)
    assert [m.id for m in page.messages] == ["a", "d"]
    assert page.skipped == 3 and page.older and page.before == (5, "a")
    with pytest.raises(ValueError):
        page_text(None, 2, 1)
    with pytest.raises(ValueError):
        page_text('{"messages": 3}', 2, 1)


def test_the_marker_says_the_chats_are_in_the_database() -> None:
    assert is_marker(marker("flux-chat:v1"))
    assert not is_marker('{"version": 1, "user": {}}')
    assert not is_marker("not json")
    assert not is_marker(" " * 2_000)
    assert json.loads(marker("k"))["version"] > 1, "earlier builds see a newer version"


def test_what_the_database_holds_newer_wins_over_the_file_being_imported_again(
    tutorial_data: ChatData,
) -> None:
    database = database_with(tutorial_data, 2)
    sent = Message("t-1", "Sent before the reload", 1, 1_900_000_000_000)
    chat = tutorial_data.chats[3]
    database.write(
        write_text(None, [Chat(chat.user, chat.last_access, (sent,))], [(3, sent)]),
        lambda kept: None,
    )
    stored = stored_from_json(database.start(PAGE))
    assert stored is not None
    merged = with_newer(tutorial_data, stored)
    assert merged.chats[3].last_message == sent and merged.chats[3].older
    assert merged.chats[2] is tutorial_data.chats[2], "nothing newer: the file's chat"
