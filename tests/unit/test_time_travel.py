"""Time travel: the app shows any point of this tab's log or of an imported one, and comes
back to now with nothing the live stores did in between lost."""

from __future__ import annotations

import json

from chat.inspector import MAX_ENTRIES
from chat.model import ChatData, Message
from chat.time_travel import TimeTravel
from tests.unit.fake_dom import inner_html
from tests.unit.ports import App


def started(data: ChatData) -> tuple[App, TimeTravel]:
    app = App(data)
    app.flux.app.start()
    return app, app.flux.time_travel


def shown(app: App) -> str:
    return inner_html(app.root)


def test_travelling_shows_the_app_right_after_an_entry(tutorial_data: ChatData) -> None:
    app, travel = started(tutorial_data)
    app.actions.send_message(2, "First")
    app.actions.send_message(2, "Second")
    assert "Second" in shown(app)
    assert travel.travel(1)
    assert travel.in_past and travel.selected == 1
    assert "First" in shown(app) and "Second" not in shown(app)
    assert travel.label == "Showing the app after #1 of 2 (this tab)"
    assert travel.travel(0)
    assert "First" not in shown(app), "entry 0 is the state the log starts from"


def test_back_to_now_shows_what_the_live_stores_did_meanwhile(tutorial_data: ChatData) -> None:
    app, travel = started(tutorial_data)
    app.actions.send_message(2, "Before")
    travel.travel(1)
    app.server.receive_message(2, Message("r1", "Arrived while away", 2, app.clock() + 1))
    assert "Arrived while away" not in shown(app)
    travel.back_to_now()
    assert not travel.in_past and travel.selected is None
    assert "Arrived while away" in shown(app)
    assert travel.label == "Live: 3 dispatches in this tab"  # the arrival was read at once


def test_an_unknown_entry_changes_nothing(tutorial_data: ChatData) -> None:
    app, travel = started(tutorial_data)
    app.actions.send_message(2, "Only")
    before = shown(app)
    assert not travel.travel(5)
    assert not travel.in_past and shown(app) == before


def test_an_imported_log_is_shown_at_its_end_and_exports_as_it_came(
    tutorial_data: ChatData,
) -> None:
    other, _ = started(tutorial_data)
    other.actions.send_message(3, "From the other log")
    text = other.flux.inspector.export()
    app, travel = started(tutorial_data)
    changes: list[int | None] = []
    travel.on_change(lambda: changes.append(travel.selected))
    assert travel.import_log("other.json", text)
    assert "From the other log" in shown(app)
    assert travel.label == "Showing the app after #1 of 1 (an imported log)"
    assert json.loads(travel.export()) == json.loads(text)
    assert changes == [None, 1], "told when the import began, then when it was shown"
    travel.back_to_now()
    assert "From the other log" not in shown(app)
    assert json.loads(travel.export())["payloads"] == [], "this tab's own log again"


def test_an_empty_log_shows_its_initial_state(tutorial_data: ChatData) -> None:
    other, _ = started(tutorial_data)
    text = other.flux.inspector.export()
    app, travel = started(tutorial_data)
    app.actions.send_message(2, "Live only")
    assert travel.import_log("empty.json", text)
    assert travel.in_past and travel.selected == 0
    assert "Live only" not in shown(app)


def test_a_refused_file_says_why_and_keeps_what_is_shown(tutorial_data: ChatData) -> None:
    app, travel = started(tutorial_data)
    app.actions.send_message(2, "Still here")
    before = shown(app)
    assert not travel.import_log("broken.json", "{nope")
    assert travel.error.startswith("broken.json was not imported: not valid JSON")
    assert not travel.in_past and shown(app) == before
    travel.back_to_now()
    assert travel.error == ""


def test_travel_in_a_folded_log_reaches_every_kept_entry_and_its_start(
    tutorial_data: ChatData,
) -> None:
    app, travel = started(tutorial_data)
    inspector = app.flux.inspector
    for n in range(MAX_ENTRIES + 300):
        app.clock.now += 1  # one after the other
        app.actions.send_message(2, f"Message {n}")
    assert inspector.folded > 0 and travel.folded == inspector.folded
    assert len(travel.entries) <= MAX_ENTRIES
    first = travel.entries[0].number
    assert travel.travel(first) and f"Message {first - 1}" in shown(app)
    assert travel.travel(first - 1), "the state the log starts from"
    assert not travel.travel(first - 2), "folded away"
    assert not travel.travel(0)
    assert travel.travel(travel.entries[-1].number - 7)
    assert f"Message {MAX_ENTRIES + 300 - 8}" in shown(app)


def test_an_import_runs_in_steps_says_how_far_it_is_and_can_be_abandoned(
    tutorial_data: ChatData,
) -> None:
    other, _ = started(tutorial_data)
    for n in range(600):
        other.clock.now += 1
        other.actions.send_message(2, f"Imported {n}")
    text = other.flux.inspector.export()
    app, travel = started(tutorial_data)
    travel.begin_import("big.json", text)
    assert travel.importing == "Importing big.json: reading the file, 0 %"
    assert not travel.import_step(0)
    assert travel.importing.startswith("Importing big.json: ")
    travel.back_to_now()
    assert travel.importing == "" and travel.import_step(0), "abandoned"
    travel.begin_import("big.json", text)
    steps = 1
    while not travel.import_step(0):
        steps += 1
    assert steps > 5 and travel.importing == ""
    assert travel.selected == 600 and "Imported 599" in shown(app)
    assert travel.travel(300) and "Imported 299" in shown(app) and "Imported 300" not in shown(app)


def test_a_refusal_while_replaying_names_the_file_and_the_payload(
    tutorial_data: ChatData,
) -> None:
    other, _ = started(tutorial_data)
    for n in range(300):
        other.actions.open_chat(2 + n % 3)
    log = json.loads(other.flux.inspector.export())
    log["payloads"][250]["action"]["user_id"] = 42
    _, travel = started(tutorial_data)
    travel.begin_import("bad.json", json.dumps(log))
    while not travel.import_step(0):
        pass
    assert travel.error.startswith("bad.json was not imported: payloads[250] cannot be replayed")
    assert not travel.in_past and travel.importing == ""
