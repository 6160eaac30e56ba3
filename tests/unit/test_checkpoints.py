"""Checkpoints: the state every so many entries, the nearest one to any entry, and folding."""

from __future__ import annotations

import pytest

from chat.checkpoints import Checkpoints, saved_state
from chat.model import ChatData
from chat.persistence import SavedState
from chat.stores import create_stores


def state(data: ChatData, open_chat: int) -> SavedState:
    return SavedState(data, open_chat)


def test_the_nearest_checkpoint_is_the_latest_at_or_before_an_entry(
    tutorial_data: ChatData,
) -> None:
    initial, at_10, at_20 = (state(tutorial_data, n) for n in (2, 3, 4))
    checkpoints = Checkpoints(initial, every=10)
    assert [n for n in range(31) if checkpoints.due(n)] == [10, 20, 30]
    checkpoints.keep(10, at_10)
    checkpoints.keep(20, at_20)
    assert checkpoints.nearest(0) == (0, initial)
    assert checkpoints.nearest(9) == (0, initial)
    assert checkpoints.nearest(10) == (10, at_10)
    assert checkpoints.nearest(19) == (10, at_10)
    assert checkpoints.nearest(25) == (20, at_20)
    assert checkpoints.nearest(45) == (20, at_20), "a checkpoint not taken yet: an earlier one"
    assert len(checkpoints) == 3 and checkpoints.initial is initial


def test_folding_starts_the_log_at_a_checkpoint_and_drops_the_older_ones(
    tutorial_data: ChatData,
) -> None:
    initial, at_10, at_20 = (state(tutorial_data, n) for n in (2, 3, 4))
    checkpoints = Checkpoints(initial, every=10)
    checkpoints.keep(10, at_10)
    checkpoints.keep(20, at_20)
    checkpoints.fold(10)
    assert checkpoints.start == 10 and checkpoints.initial is at_10
    assert checkpoints.nearest(12) == (10, at_10) and len(checkpoints) == 2
    assert not checkpoints.due(10)
    with pytest.raises(ValueError, match=r"^Checkpoints\.fold\(\.\.\.\): entry 15 has no"):
        checkpoints.fold(15)
    with pytest.raises(ValueError, match=r"^Checkpoints\.keep\(\.\.\.\): entry 5 is before"):
        checkpoints.keep(5, initial)
    with pytest.raises(ValueError, match=r"every must be at least 1, not 0"):
        Checkpoints(initial, every=0)


def test_a_saved_state_is_the_stores_state_objects_themselves(tutorial_data: ChatData) -> None:
    stores = create_stores(tutorial_data, 3)
    saved = saved_state(stores)
    assert saved.open_chat_user_id == 3
    assert saved.data.chats is stores.messages.get_all_chats()
    assert saved.data.current_user is stores.users.get_current_user()
