"""Saving the chats: the format's round trip, every unreadable case, and saving after changes."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from chat.actions import ChatActions
from chat.dispatcher import AppDispatcher
from chat.model import ChatData
from chat.persistence import (
    VERSION,
    Autosave,
    NewerVersionError,
    SavedStateError,
    Snapshot,
    restore,
)
from chat.stores import MessagesStore, UserStore


def stores(data: ChatData) -> tuple[AppDispatcher, MessagesStore, UserStore]:
    dispatcher = AppDispatcher()
    users = UserStore(dispatcher, data.current_user)
    return dispatcher, MessagesStore(dispatcher, users, data.chats), users


def test_a_saved_state_reads_back_the_same(tutorial_data: ChatData) -> None:
    dispatcher, messages, users = stores(tutorial_data)
    actions = ChatActions(dispatcher, clock=lambda: 1_500_000_000_000, tab_id="a")
    actions.send_message(3, 'Quotes " and \\ backslashes, émoji 🏓 and <b>markup</b>')
    actions.open_chat(4)
    state = restore(Snapshot().text(messages, users))
    assert state.open_chat_user_id == 4
    assert state.data.current_user == tutorial_data.current_user
    assert dict(state.data.chats) == dict(messages.get_all_chats())
    assert list(state.data.chats) == [2, 3, 4]


def test_the_snapshot_encodes_only_the_chats_that_changed(tutorial_data: ChatData) -> None:
    dispatcher, messages, users = stores(tutorial_data)
    snapshot = Snapshot()
    snapshot.text(messages, users)
    before = dict(snapshot._encoded)
    ChatActions(dispatcher, clock=lambda: 2_000_000_000_000).send_message(3, "new")
    snapshot.text(messages, users)
    assert snapshot._encoded[2] is before[2] and snapshot._encoded[4] is before[4]
    assert snapshot._encoded[3] is not before[3]


def saved(tutorial_data: ChatData, change: Callable[[dict[str, object]], object]) -> str:
    _, messages, users = stores(tutorial_data)
    raw = json.loads(Snapshot().text(messages, users))
    change(raw)
    return json.dumps(raw)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", r"^not valid JSON"),
        ("[1, 2]", r"^it is not a saved chat state$"),
        ('"text"', r"^it is not a saved chat state$"),
    ],
)
def test_text_that_is_not_a_saved_state_is_refused(text: str, message: str) -> None:
    with pytest.raises(SavedStateError, match=message):
        restore(text)


def test_another_version_is_refused_and_a_newer_one_says_so(tutorial_data: ChatData) -> None:
    text = saved(tutorial_data, lambda raw: raw.update(version=VERSION + 1))
    with pytest.raises(
        NewerVersionError, match=r"saved by a newer version of the app \(version 2\)"
    ):
        restore(text)
    older = saved(tutorial_data, lambda raw: raw.update(version=0))
    with pytest.raises(SavedStateError, match=r"it has version 0, and this app reads version 1"):
        restore(older)
    with pytest.raises(SavedStateError) as refused:
        restore(older)
    assert not isinstance(refused.value, NewerVersionError), "an older version is no newer"
    with pytest.raises(SavedStateError, match=r"it has version None"):
        restore(saved(tutorial_data, lambda raw: raw.pop("version")))


def test_a_wrong_shape_is_refused_with_the_data_error(tutorial_data: ChatData) -> None:
    def break_chat(raw: dict[str, object]) -> None:
        raw["chats"]["3"]["messages"][0]["from"] = 9  # type: ignore[index]

    with pytest.raises(SavedStateError, match=r'chats\["3"\]\.messages\[0\]\.from is 9'):
        restore(saved(tutorial_data, break_chat))
    with pytest.raises(SavedStateError, match=r"its open chat 7 is not one of its chats"):
        restore(saved(tutorial_data, lambda raw: raw.update(openChat=7)))


def test_saved_state_errors_are_value_errors() -> None:
    assert issubclass(SavedStateError, ValueError)


def recorder(written: list[str]) -> Callable[[str], bool]:
    def write(text: str) -> bool:
        written.append(text)
        return True

    return write


class Timers:
    def __init__(self) -> None:
        self.waiting: list[tuple[float, Callable[[], None]]] = []

    def schedule(self, delay: float, callback: Callable[[], None]) -> None:
        self.waiting.append((delay, callback))

    def run(self) -> None:
        waiting, self.waiting = self.waiting, []
        for _, callback in waiting:
            callback()


def test_autosave_saves_once_after_a_burst_of_changes(tutorial_data: ChatData) -> None:
    dispatcher, messages, users = stores(tutorial_data)
    timers, written, refusals = Timers(), list[str](), list[int]()
    Autosave(
        messages,
        users,
        recorder(written),
        timers.schedule,
        lambda: refusals.append(1),
    )
    actions = ChatActions(dispatcher, clock=lambda: 1_500_000_000_000)
    actions.send_message(2, "one")
    actions.send_message(2, "two")
    assert written == [] and len(timers.waiting) == 2
    timers.run()
    assert len(written) == 1
    assert [m.contents for m in restore(written[0]).data.chats[2].messages][-2:] == ["one", "two"]
    assert refusals == []


def test_a_refused_save_is_told_once_and_the_app_goes_on(tutorial_data: ChatData) -> None:
    dispatcher, messages, users = stores(tutorial_data)
    timers, refusals = Timers(), list[int]()
    autosave = Autosave(
        messages, users, lambda text: False, timers.schedule, lambda: refusals.append(1)
    )
    actions = ChatActions(dispatcher, clock=lambda: 1_500_000_000_000)
    for text in ["a", "b", "c"]:
        actions.send_message(2, text)
        timers.run()
    autosave.flush()
    assert refusals == [1]
    assert len(messages.get_chat_by_user_id(2).messages) == 5


def test_flush_saves_what_is_waiting_and_stop_saves_nothing_more(tutorial_data: ChatData) -> None:
    dispatcher, messages, users = stores(tutorial_data)
    timers, written = Timers(), list[str]()
    autosave = Autosave(messages, users, recorder(written), timers.schedule, lambda: None)
    actions = ChatActions(dispatcher, clock=lambda: 1_500_000_000_000)
    assert not autosave.pending
    actions.open_chat(3)
    assert autosave.pending
    autosave.flush()
    assert not autosave.pending
    assert len(written) == 1 and restore(written[0]).open_chat_user_id == 3
    autosave.flush()
    assert len(written) == 1, "nothing waiting, nothing written"
    assert not autosave.stopped
    autosave.stop()
    assert autosave.stopped
    actions.open_chat(4)
    timers.run()
    autosave.flush()
    assert len(written) == 1
