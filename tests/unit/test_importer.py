"""Moving chats into the database in steps: everything once, in order, resumable, and readable
before its turn."""

from __future__ import annotations

import json

from chat.actions import ServerActions
from chat.data import chat_to_json, user_to_json
from chat.data_stream import DataStream
from chat.importer import Importer, ImportProgress, StreamImport
from chat.memory_database import MemoryDatabase
from chat.model import ChatData, Message
from chat.stored import PAGE, page_text, stored_from_json, write_text
from chat.stores import create_stores
from tests.unit.ports import FakeClock
from tests.unit.test_loading import T0, long_history


def run(step: int = 40) -> tuple[FakeClock, MemoryDatabase, Importer, list[ImportProgress]]:
    clock = FakeClock()
    database = MemoryDatabase(clock.schedule)
    seen: list[ImportProgress] = []
    data = long_history()
    importer = Importer(database, data, 2, "chats.json", seen.append, step=step)
    return clock, database, importer, seen


def test_it_writes_every_message_once_in_steps_and_says_how_far_it_is() -> None:
    clock, database, importer, seen = run()
    finished: list[bool] = []
    importer.start(lambda: finished.append(True))
    assert stored_from_json(database.start(PAGE)) is not None
    assert not stored_from_json(database.start(PAGE)).complete  # type: ignore[union-attr]
    clock.run_all()
    data = long_history()
    assert finished == [True] and importer.finished
    assert all(len(json.loads(t).get("messages", [])) <= 40 for t in database.log)
    for user_id, chat in data.chats.items():
        assert database.count(user_id) == len(chat.messages)
    done = [p.done for p in seen]
    assert done == sorted(done) and seen[-1] == ImportProgress(seen[-1].total, seen[-1].total, True)
    stored = stored_from_json(database.start(PAGE))
    assert stored is not None and stored.complete and stored.data.chats.keys() == data.chats.keys()


def test_a_chat_read_before_its_turn_is_written_first() -> None:
    clock, database, importer, _ = run()
    importer.start()
    last = long_history().chats[5]
    pages: list[str | None] = []
    importer.messages(5, None, PAGE, pages.append)
    clock.run_all()
    assert page_text(pages[0], 5, 1).messages == last.messages
    assert database.count(5) == len(last.messages), "not written twice"


def test_running_it_again_after_a_reload_doubles_nothing() -> None:
    clock, database, importer, _ = run()
    importer.start()
    clock.waiting = clock.waiting[:1]  # the page went away after the first step
    clock.run_all()
    again = Importer(database, long_history(), 2, "chats.json", lambda p: None, step=40)
    # Meanwhile, the person had sent a message in the chat being imported.
    sent = Message("t-1", "Sent meanwhile", 1, T0 + 99_999)
    chat = long_history().chats[2]
    database.write(
        write_text(None, [chat.__class__(chat.user, chat.last_access, (sent,))], [(2, sent)]),
        lambda kept: None,
    )
    again.start()
    clock.run_all()
    assert database.count(2) == len(chat.messages) + 1
    stored = stored_from_json(database.start(PAGE))
    assert stored is not None and stored.complete
    assert stored.data.chats[2].last_message == sent, "the newer last message wins the merge"


def test_a_refused_write_stops_it_and_says_so() -> None:
    clock, database, importer, seen = run()
    database.refuse = True
    importer.start()
    clock.run_all()
    assert seen[-1].failed and not importer.finished


def test_a_data_file_streams_in_the_open_chat_first_then_the_others_as_summaries() -> None:
    data = long_history(chats=12, long_chat=3 * PAGE + 7)
    raw = {
        "user": user_to_json(data.current_user),
        "chats": {str(uid): chat_to_json(chat) for uid, chat in data.chats.items()},
    }
    clock = FakeClock()
    database = MemoryDatabase(clock.schedule)
    seen: list[ImportProgress] = []
    stream = StreamImport(
        database,
        DataStream(json.dumps(raw)),
        "f.json",
        seen.append,
        clock.schedule,
        budget=20,
        first_chats=4,
    )
    opened: list[tuple[ChatData, int]] = []
    stream.start(lambda chats, uid: opened.append((chats, uid)), lambda error: None)
    while not opened:
        clock.waiting.sort()
        clock.waiting.pop(0)[2]()
    chats, open_id = opened[0]
    assert open_id == 2 and list(chats.chats)[:4] == [2, 3, 4, 5], "the open chat and 3 more"
    assert len(chats.chats) < len(data.chats), "the rest come later"
    assert chats.chats[2].messages == data.chats[2].messages[-PAGE:] and chats.chats[2].older
    assert database.count(2) == len(data.chats[2].messages), "written before the app starts"
    stores = create_stores(chats, open_id)
    stream.attach(ServerActions(stores.dispatcher))
    finished: list[bool] = []
    stream.on_finished(lambda: finished.append(True))
    clock.run_all()
    assert finished == [True] and stream.finished
    held = stores.messages.get_all_chats()
    assert sorted(held) == sorted(data.chats)
    assert all(held[uid].last_message == data.chats[uid].last_message for uid in held)
    assert all(len(chat.messages) <= PAGE for chat in held.values()), "summaries, not histories"
    for user_id, chat in data.chats.items():
        assert database.count(user_id) == len(chat.messages)
    stored = stored_from_json(database.start(PAGE))
    assert stored is not None and stored.complete and stored.total == len(data.chats)
    assert {p.stage for p in seen} >= {"checking", "reading"}


def test_a_refused_data_file_says_why_and_opens_nothing() -> None:
    clock = FakeClock()
    stream = StreamImport(
        MemoryDatabase(clock.schedule),
        DataStream('{"user": {"id": 1}, "chats": {}}'),
        "f.json",
        lambda progress: None,
        clock.schedule,
    )
    errors: list[Exception] = []
    stream.start(lambda chats, uid: None, errors.append)
    clock.run_all()
    assert len(errors) == 1 and "user" in str(errors[0])


def test_a_small_data_file_opens_whole_with_no_chat_arriving_later(
    tutorial_data: ChatData,
) -> None:
    raw = {
        "user": user_to_json(tutorial_data.current_user),
        "chats": {str(uid): chat_to_json(chat) for uid, chat in tutorial_data.chats.items()},
    }
    clock = FakeClock()
    stream = StreamImport(
        MemoryDatabase(clock.schedule),
        DataStream(json.dumps(raw)),
        "f.json",
        lambda progress: None,
        clock.schedule,
    )
    opened: list[ChatData] = []
    stream.start(lambda chats, uid: opened.append(chats), lambda error: None)
    clock.run_all()
    assert list(opened[0].chats) == list(tutorial_data.chats), "every chat at start"
    assert opened[0].chats[2].messages == tutorial_data.chats[2].messages
