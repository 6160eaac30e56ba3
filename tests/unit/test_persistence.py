"""The saved state's format: its round trip and every unreadable case."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from chat.actions import ChatActions
from chat.dispatcher import AppDispatcher
from chat.model import ChatData
from chat.persistence import (
    VERSION,
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
