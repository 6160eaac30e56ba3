"""Time travel: the app shows any point of this tab's log or of an imported one, and comes
back to now with nothing the live stores did in between lost."""

from __future__ import annotations

import json

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
    assert changes == [1]
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
