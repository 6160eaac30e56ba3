"""The stores: the tutorial's queries, changes only through actions, one change per dispatch."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import mypy.api
import pytest

from chat.actions import (
    Action,
    OpenChat,
    Payload,
    ReceiveMessage,
    SendMessage,
    UpdateLastAccess,
)
from chat.dispatcher import AppDispatcher, Dispatcher
from chat.model import ChatData, Message
from chat.stores import (
    Chats,
    MessagesStore,
    ReduceStore,
    Store,
    UnknownChatError,
    UserStore,
    reduce_chats,
)


def make_stores(data: ChatData) -> tuple[AppDispatcher, UserStore, MessagesStore]:
    dispatcher = AppDispatcher()
    users = UserStore(dispatcher, data.current_user)
    messages = MessagesStore(dispatcher, users, data.chats)
    return dispatcher, users, messages


def open_chat(user_id: int, timestamp: int) -> OpenChat:
    return OpenChat(user_id, timestamp)


def send(user_id: int, text: str, timestamp: int, ident: str = "") -> SendMessage:
    return SendMessage(user_id, text, timestamp, ident or f"t-{timestamp}-{text}")


def test_the_first_chat_is_open_at_start(tutorial_data: ChatData) -> None:
    _, _, messages = make_stores(tutorial_data)
    assert messages.get_open_chat_user_id() == 2
    assert messages.get_chat_by_user_id(2) is tutorial_data.chats[2]
    assert list(messages.get_all_chats()) == [2, 3, 4]


def test_the_user_store_answers_who_the_current_user_is(tutorial_data: ChatData) -> None:
    _, users, _ = make_stores(tutorial_data)
    assert users.get_current_user().name == "John Doe"


def test_opening_a_chat_makes_it_open_and_sets_its_last_access(tutorial_data: ChatData) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    dispatcher.handle_view_action(open_chat(4, 1_500_000_000_000))
    assert messages.get_open_chat_user_id() == 4
    assert messages.get_chat_by_user_id(4).last_access.current_user == 1_500_000_000_000
    assert messages.get_chat_by_user_id(4).last_access.recipient == 1424423579000


def test_sending_appends_a_message_from_the_current_user(tutorial_data: ChatData) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    dispatcher.handle_view_action(send(3, "Sure!", 1_500_000_000_000))
    chat = messages.get_chat_by_user_id(3)
    assert [(m.contents, m.sender) for m in chat.messages] == [
        ("Want a game of ping pong?", 3),
        ("Sure!", 1),
    ]
    assert chat.last_message.timestamp == 1_500_000_000_000
    assert chat.last_access.current_user == 1_500_000_000_000
    assert messages.get_open_chat_user_id() == 2


def test_state_is_replaced_not_mutated(tutorial_data: ChatData) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    before = messages.get_all_chats()
    ryan, todd = before[2], before[4]
    dispatcher.handle_view_action(send(2, "new", 1_500_000_000_000))
    after = messages.get_all_chats()
    assert after is not before
    assert after[4] is todd, "an untouched chat is the same object"
    assert after[2] is not ryan
    assert len(ryan.messages) == 2, "the old chat object did not change"
    with pytest.raises(TypeError):
        after[2] = ryan  # type: ignore[index]


def test_quick_sends_in_the_same_millisecond_keep_order_and_unique_ids(
    tutorial_data: ChatData,
) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    for n in range(5):
        dispatcher.handle_view_action(send(2, f"m{n}", 1_500_000_000_000))
    chat = messages.get_chat_by_user_id(2)
    assert [m.contents for m in chat.messages[2:]] == ["m0", "m1", "m2", "m3", "m4"]
    assert len({m.id for m in chat.messages}) == len(chat.messages)


def test_a_store_announces_change_once_per_dispatch_and_only_when_changed(
    tutorial_data: ChatData,
) -> None:
    dispatcher, users, messages = make_stores(tutorial_data)
    seen: list[str] = []
    messages.subscribe(lambda: seen.append("messages"))
    users.subscribe(lambda: seen.append("users"))
    dispatcher.handle_view_action(send(2, "hi", 1_500_000_000_000))
    assert seen == ["messages"]
    dispatcher.handle_server_action(UpdateLastAccess(2))  # moves no time: no change
    assert seen == ["messages"]


def test_reopening_the_open_chat_with_nothing_new_announces_nothing(
    tutorial_data: ChatData,
) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    seen: list[str] = []
    messages.subscribe(lambda: seen.append("change"))
    dispatcher.handle_view_action(open_chat(2, 1_000))
    assert seen == []


def test_unsubscribe_stops_the_listener_and_is_safe_twice(tutorial_data: ChatData) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    seen: list[int] = []
    unsubscribe = messages.subscribe(lambda: seen.append(1))
    unsubscribe()
    unsubscribe()
    dispatcher.handle_view_action(open_chat(3, 1_500_000_000_000))
    assert seen == []


def test_subscribe_refuses_what_it_cannot_call(tutorial_data: ChatData) -> None:
    _, _, messages = make_stores(tutorial_data)
    with pytest.raises(
        TypeError, match=r"MessagesStore\.subscribe\(\.\.\.\): expected a callable, received 'x'"
    ):
        messages.subscribe("x")  # type: ignore[arg-type]


def test_sending_waits_for_the_user_store(tutorial_data: ChatData) -> None:
    dispatcher = AppDispatcher()
    order: list[str] = []

    class LoggingUserStore(UserStore):
        def _on_dispatch(self, payload: Any) -> bool:
            order.append("users")
            return False

    # Registered after the messages store, so only wait_for can make it run first.
    placeholder = UserStore(Dispatcher[Payload](), tutorial_data.current_user)
    messages = MessagesStore(dispatcher, placeholder, tutorial_data.chats)
    users = LoggingUserStore(dispatcher, tutorial_data.current_user)
    messages._user_store = users
    messages.subscribe(lambda: order.append("messages"))
    dispatcher.handle_view_action(send(2, "hi", 1_500_000_000_000))
    assert order == ["users", "messages"]


def test_an_unknown_chat_is_a_clear_error_and_changes_nothing(tutorial_data: ChatData) -> None:
    dispatcher, _, messages = make_stores(tutorial_data)
    with pytest.raises(
        UnknownChatError, match=r"updateOpenChatID: no chat with user id 9 \(known: 2, 3, 4\)"
    ):
        dispatcher.handle_view_action(open_chat(9, 1))
    assert messages.get_open_chat_user_id() == 2
    assert not dispatcher.is_dispatching()
    dispatcher.handle_view_action(open_chat(3, 1_500_000_000_000))
    assert messages.get_open_chat_user_id() == 3


def test_a_store_subclass_must_say_how_it_handles_actions() -> None:
    dispatcher = AppDispatcher()
    Store(dispatcher)
    with pytest.raises(NotImplementedError):
        dispatcher.handle_view_action(OpenChat(2, 1))


# The messages store as a reducer.


def chats_of(data: ChatData) -> Chats:
    return Chats(data.chats, 2)


def test_reduce_is_pure_and_returns_the_same_state_when_nothing_changes(
    tutorial_data: ChatData,
) -> None:
    state = chats_of(tutorial_data)
    assert reduce_chats(state, OpenChat(2, 1), 1) is state, "already open, already read"
    assert reduce_chats(state, UpdateLastAccess(3), 1) is state
    sent = reduce_chats(state, SendMessage(2, "Hi", 1_500_000_000_000, "t-1"), 1)
    assert sent is not state and state.chats[2] is tutorial_data.chats[2], "state not mutated"
    assert sent.chats[3] is state.chats[3], "an untouched chat is the same object"
    assert reduce_chats(sent, SendMessage(2, "Hi", 1_500_000_000_000, "t-1"), 1) is sent


def test_a_known_id_is_ignored_whatever_its_time(tutorial_data: ChatData) -> None:
    state = chats_of(tutorial_data)
    first = state.chats[2].messages[0]
    again = Message(first.id, "Same id, later", 2, first.timestamp + 10**9)
    assert reduce_chats(state, ReceiveMessage(2, again), 1) is state


def test_a_reducer_that_returns_none_is_an_error_naming_the_store() -> None:
    class Forgetful(ReduceStore[int]):
        def reduce(self, state: int, action: Action) -> int:
            return None  # type: ignore[return-value]

    dispatcher = AppDispatcher()
    Forgetful(dispatcher, 0)
    with pytest.raises(TypeError, match=r"^Forgetful\.reduce\(\.\.\.\) returned None"):
        dispatcher.handle_view_action(OpenChat(2, 1))


def test_mypy_names_every_place_a_new_action_type_must_be_handled(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "chat", tmp_path / "chat")
    actions = tmp_path / "chat" / "actions.py"
    text = actions.read_text(encoding="utf-8")
    text = text.replace(
        "Action = OpenChat | SendMessage | ReceiveMessage | UpdateLastAccess",
        "@dataclass(frozen=True, slots=True)\nclass Fifth:\n    user_id: int\n\n\n"
        "Action = OpenChat | SendMessage | ReceiveMessage | UpdateLastAccess | Fifth",
    )
    actions.write_text(text, encoding="utf-8")
    cache = str(tmp_path / ".mypy")
    out, _, status = mypy.api.run(
        ["--strict", "--python-version", "3.11", "--cache-dir", cache, str(tmp_path / "chat")]
    )
    flagged = {Path(line.split(":")[0]).name for line in out.splitlines() if "assert_never" in line}
    assert status == 1
    assert {"messages_store.py", "codec.py", "sync.py"} <= flagged, out
