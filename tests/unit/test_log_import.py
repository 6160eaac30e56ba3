"""Importing a log step by step: the same result as reading it in one go, checkpoints that
replay to the very state of a full replay, bounded steps, and refusals that say where."""

from __future__ import annotations

import gc
import json
import random
from typing import Any

import pytest

from chat.checkpoints import Checkpoints
from chat.inspector import replay, state_of
from chat.log_import import STEP, LogError, LogImport, Progress, import_log
from chat.model import ChatData
from tests.unit.test_inspector import Live, random_step


def recorded(data: ChatData, steps: int, seed: int = 5) -> tuple[Live, str]:
    live = Live(data)
    rng = random.Random(seed)
    for step in range(steps):
        random_step(live, rng, step)
    return live, live.inspector.export()


class Ticks:
    """A timer that moves a millisecond each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.001
        return self.now


def test_a_log_imported_in_steps_replays_to_the_live_end(tutorial_data: ChatData) -> None:
    live, text = recorded(tutorial_data, 1_000)
    job = LogImport(text, every=50, timer=Ticks())
    runs = 0
    seen: list[Progress] = []
    while not job.run(1):  # a millisecond: one step each time
        runs += 1
        seen.append(job.progress)
    assert runs >= 20, "a run per step: a hundred payloads read, or replayed"
    assert {p.stage for p in seen} == {"reading", "replaying"}
    assert str(seen[-1]).startswith("replaying ") and "of 1,000 dispatches" in str(seen[-1])
    assert job.result is not None and job.run(5), "done stays done"
    imported = job.result
    assert len(imported.payloads) == 1_000 and len(imported.checkpoints) == 21
    assert state_of(replay(imported.checkpoints.initial, imported.payloads)) == live.state()


def test_travel_from_a_checkpoint_equals_a_full_replay(tutorial_data: ChatData) -> None:
    _, text = recorded(tutorial_data, 600, seed=8)
    imported = LogImport(text, every=64).finish()
    checkpoints: Checkpoints = imported.checkpoints
    payloads = imported.payloads
    rng = random.Random(3)
    for number in [0, 1, 63, 64, 65, 599, 600, *rng.sample(range(601), 25)]:
        at, state = checkpoints.nearest(number)
        assert number - 64 < at <= number
        fast = replay(state, payloads[at:number])
        assert state_of(fast) == state_of(replay(checkpoints.initial, payloads, number)), number


def test_each_step_is_a_bounded_amount_of_work(tutorial_data: ChatData) -> None:
    _, text = recorded(tutorial_data, 3 * STEP)
    steps = LogImport(text)._steps
    progress = list(iter(lambda: next(steps, None), None))
    reading = [p for p in progress if p is not None and p.stage == "reading"]
    replaying = [p for p in progress if p is not None and p.stage == "replaying"]
    assert len(reading) == 1 + 1 + 3, "the start, the nesting check, a step per STEP elements"
    assert [p.done for p in replaying] == [0, STEP, 2 * STEP, 3 * STEP]


def test_the_stepwise_reader_reads_what_json_reads(tutorial_data: ChatData) -> None:
    _, text = recorded(tutorial_data, 5)
    log = json.loads(text)
    spaced = json.dumps({"payloads": log["payloads"], **log}, indent=2)
    assert import_log(spaced)[1] == import_log(text)[1]
    twice = text[:-1] + ', "payloads": []}'
    assert import_log(twice)[1] == [], "the last of duplicate keys wins, as in json.loads"
    assert import_log(text.encode("utf-8"))[1] == import_log(text)[1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t[:-1], r"^not valid JSON \(Expecting ',' delimiter at line 1"),
        (lambda t: t + " x", r"^not valid JSON \(Extra data at line 1"),
        (lambda t: t.replace('"payloads": [', '"payloads": [}', 1), r"^not valid JSON"),
        (lambda t: t.replace('"payloads"', "payloads", 1), r"^not valid JSON \(Expecting prop"),
        (lambda t: t.replace('"payloads":', '"payloads"', 1), r"Expecting ':' delimiter"),
        (lambda t: "[" * 40 + "]" * 40, r"^the log nests arrays and objects more than 32"),
        (lambda t: " {} ", r"^not an inspector log"),
        (lambda t: "", r"^not valid JSON \(Expecting value at line 1, column 1\)$"),
    ],
)
def test_a_file_that_is_not_json_is_refused_while_reading(
    tutorial_data: ChatData, change: Any, message: str
) -> None:
    _, text = recorded(tutorial_data, 3)
    with pytest.raises(LogError, match=message):
        import_log(change(text))


def test_a_refusal_names_the_payload_while_replaying_and_nothing_is_kept(
    tutorial_data: ChatData,
) -> None:
    _, text = recorded(tutorial_data, 400)
    log = json.loads(text)
    log["payloads"][321]["action"]["user_id"] = 99
    job = LogImport(json.dumps(log), timer=Ticks())
    with pytest.raises(LogError, match=r"^payloads\[321\] cannot be replayed: .*user id 99"):
        while not job.run(3):
            assert job.progress.stage in ("reading", "replaying")
    assert job.result is None
    log["payloads"][321] = {"source": "view", "action": {"type": "fly"}}
    with pytest.raises(LogError, match=r"^payloads\[321\]\.action\.type must be one of"):
        import_log(json.dumps(log))


def test_the_cycle_collector_pauses_during_an_import_and_runs_again_however_it_ends(
    tutorial_data: ChatData,
) -> None:
    _, text = recorded(tutorial_data, 300)
    assert gc.isenabled()
    done = LogImport(text, timer=Ticks())
    assert not done.run(1) and not gc.isenabled(), "paused between steps too"
    done.finish()
    assert gc.isenabled()
    given_up = LogImport(text, timer=Ticks())
    given_up.run(1)
    given_up.close()
    assert gc.isenabled() and given_up.result is None
    refused = LogImport(text[:-1], timer=Ticks())
    with pytest.raises(LogError):
        refused.finish()
    assert gc.isenabled()
