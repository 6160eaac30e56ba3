"""The actions: typed values in payloads through the app dispatcher, with the time they happened."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import mypy.api
import pytest

from chat.actions import (
    ChatActions,
    OpenChat,
    Payload,
    ReceiveMessage,
    SendMessage,
    ServerActions,
    UpdateLastAccess,
    now_ms,
)
from chat.data import MAX_TEXT_CHARS
from chat.dispatcher import AppDispatcher
from chat.model import ChatData, Message
from tests.unit.ports import World


def recording() -> tuple[AppDispatcher, list[Any]]:
    dispatcher = AppDispatcher()
    payloads: list[Any] = []
    dispatcher.register(payloads.append)
    return dispatcher, payloads


def test_open_chat_dispatches_a_view_action_with_the_time() -> None:
    dispatcher, payloads = recording()
    ChatActions(dispatcher, clock=lambda: 1234).open_chat(4)
    assert payloads == [Payload("view", OpenChat(user_id=4, timestamp=1234))]


def test_send_message_dispatches_the_text_as_typed_with_an_id_unique_to_the_tab() -> None:
    dispatcher, payloads = recording()
    actions = ChatActions(dispatcher, clock=lambda: 99, tab_id="tabA")
    assert actions.send_message(3, "  hi <b>you</b> ") is True
    actions.send_message(3, "again")
    assert payloads[0] == Payload("view", SendMessage(3, "  hi <b>you</b> ", 99, "tabA-99-1"))
    assert payloads[1].action.id == "tabA-99-2"


def test_server_actions_are_tagged_with_their_source_and_whether_another_tab_sent_them() -> None:
    dispatcher, payloads = recording()
    server = ServerActions(dispatcher)
    server.receive_message(2, Message("m1", "Hi", 2, 500))
    server.update_last_access(2, recipient=600, remote=True)
    assert payloads == [
        Payload("server", ReceiveMessage(2, Message("m1", "Hi", 2, 500), remote=False)),
        Payload("server", UpdateLastAccess(2, recipient=600, remote=True)),
    ]


def test_actions_are_frozen_values() -> None:
    action = OpenChat(2, 5)
    assert action == OpenChat(2, 5) and hash(action) == hash(OpenChat(2, 5))
    with pytest.raises(AttributeError):
        action.user_id = 3  # type: ignore[misc]
    assert not hasattr(action, "__dict__"), "slotted"


def test_blank_messages_are_not_sent() -> None:
    dispatcher, payloads = recording()
    actions = ChatActions(dispatcher, clock=lambda: 1)
    assert [actions.send_message(2, text) for text in ["", "   ", "\n\t"]] == [False] * 3
    assert payloads == []


def test_text_longer_than_any_saved_state_holds_is_not_sent() -> None:
    dispatcher, payloads = recording()
    actions = ChatActions(dispatcher, clock=lambda: 1)
    assert not actions.send_message(2, "x" * (MAX_TEXT_CHARS + 1))
    assert actions.send_message(2, "x" * MAX_TEXT_CHARS)
    assert len(payloads) == 1


def test_the_default_clock_is_epoch_milliseconds() -> None:
    assert 1_700_000_000_000 < now_ms() < 4_000_000_000_000


def test_received_actions_are_values(tutorial_data: ChatData) -> None:
    world = World(tutorial_data)
    seen: list[Any] = []
    world.dispatcher.add_observer(seen.append)
    world.server.receive_message(3, Message("r", "Reply", 3, 5))
    assert seen[0].action == ReceiveMessage(3, Message("r", "Reply", 3, 5))


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
