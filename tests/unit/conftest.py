"""Shared data for the unit tests: the tutorial's chats, read from the app's default data file."""

from __future__ import annotations

from pathlib import Path

import pytest

from chat.data import parse_chat_data
from chat.model import ChatData

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "static" / "data" / "chats.json"


@pytest.fixture
def tutorial_data() -> ChatData:
    return parse_chat_data(DEFAULT_DATA.read_text(encoding="utf-8"))
