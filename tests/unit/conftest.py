"""Shared data for the unit tests: the tutorial's chats, read from the app's default data file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from chat.data import parse_chat_data
from chat.model import ChatData

# These machines are shared and noisy: how long an example takes is not the test's result (CI
# once saw 288 ms against Hypothesis's default deadline of 200 ms).
settings.register_profile("shared-machine", deadline=None)
settings.load_profile("shared-machine")

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "static" / "data" / "chats.json"


@pytest.fixture
def tutorial_data() -> ChatData:
    return parse_chat_data(DEFAULT_DATA.read_text(encoding="utf-8"))
