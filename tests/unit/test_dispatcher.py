"""Unit tests for `chat.dispatcher`: the rules of facebook/flux's Dispatcher, plus observers."""

from __future__ import annotations

import doctest
import re
from collections.abc import Callable
from typing import Any

import pytest

import chat.dispatcher
from chat.actions import OpenChat, Payload
from chat.dispatcher import AppDispatcher, Dispatcher, DispatchError

Event = dict[str, Any]
"""What these tests dispatch: facebook/flux's Dispatcher broadcasts any value."""


class Recorder:
    """A callback that remembers every payload it was called with."""

    def __init__(self) -> None:
        self.payloads: list[Any] = []

    def __call__(self, payload: Any) -> None:
        self.payloads.append(payload)


def test_dispatch_error_is_a_runtime_error() -> None:
    assert issubclass(DispatchError, RuntimeError)


def test_the_class_docstring_example_runs() -> None:
    result = doctest.testmod(chat.dispatcher)
    assert result.attempted > 0
    assert result.failed == 0


# Registering and unregistering


def test_register_returns_tokens_counted_per_dispatcher() -> None:
    first, second = Dispatcher[Event](), Dispatcher[Event]()
    assert [first.register(Recorder()), first.register(Recorder())] == ["ID_1", "ID_2"]
    assert second.register(Recorder()) == "ID_1"


def test_tokens_are_never_reused_after_unregister() -> None:
    dispatcher = Dispatcher[Event]()
    token = dispatcher.register(Recorder())
    dispatcher.unregister(token)
    assert dispatcher.register(Recorder()) == "ID_2"


def test_register_rejects_a_non_callable() -> None:
    dispatcher = Dispatcher[Event]()
    message = "Dispatcher.register(...): expected a callable, received 42"
    with pytest.raises(TypeError, match=re.escape(message)):
        dispatcher.register(42)  # type: ignore[arg-type]


def test_unregister_rejects_an_unknown_token() -> None:
    dispatcher = Dispatcher[Event]()
    message = "Dispatcher.unregister(...): `ID_3` does not map to a registered callback."
    with pytest.raises(DispatchError, match=re.escape(message)):
        dispatcher.unregister("ID_3")


def test_an_unregistered_callback_is_no_longer_called() -> None:
    dispatcher, kept, removed = Dispatcher[Event](), Recorder(), Recorder()
    dispatcher.register(kept)
    dispatcher.unregister(dispatcher.register(removed))
    dispatcher.dispatch({"type": "a"})
    assert kept.payloads == [{"type": "a"}]
    assert removed.payloads == []


# Dispatching


def test_dispatch_calls_every_callback_once_in_registration_order() -> None:
    dispatcher, calls = Dispatcher[Event](), list[tuple[str, object]]()

    def named(name: str) -> Callable[[Event], None]:
        return lambda payload: calls.append((name, payload["type"]))

    for name in "abc":
        dispatcher.register(named(name))
    dispatcher.dispatch({"type": "ping"})
    assert calls == [("a", "ping"), ("b", "ping"), ("c", "ping")]


def test_is_dispatching_is_true_only_during_a_dispatch() -> None:
    dispatcher, seen = Dispatcher[Event](), []
    dispatcher.register(lambda payload: seen.append(dispatcher.is_dispatching()))
    assert not dispatcher.is_dispatching()
    dispatcher.dispatch({})
    assert seen == [True]
    assert not dispatcher.is_dispatching()


def test_does_not_allow_dispatch_from_within_a_callback() -> None:
    dispatcher = Dispatcher[Event]()
    dispatcher.register(lambda payload: dispatcher.dispatch({"nested": True}))
    message = "Dispatcher.dispatch(...): Cannot dispatch in the middle of a dispatch."
    with pytest.raises(DispatchError, match=re.escape(message)):
        dispatcher.dispatch({})


def test_a_raising_callback_propagates_and_leaves_the_dispatcher_usable() -> None:
    dispatcher, flaky_calls, recorder = Dispatcher[Event](), Recorder(), Recorder()

    def flaky(payload: Event) -> None:
        flaky_calls(payload)
        if payload["n"] == 1:
            raise ValueError("boom")

    dispatcher.register(flaky)
    dispatcher.register(recorder)
    with pytest.raises(ValueError, match="boom"):
        dispatcher.dispatch({"n": 1})
    assert not dispatcher.is_dispatching()
    assert recorder.payloads == []
    dispatcher.dispatch({"n": 2})
    assert flaky_calls.payloads == [{"n": 1}, {"n": 2}]
    assert recorder.payloads == [{"n": 2}]


def test_a_callback_unregistered_during_a_dispatch_does_not_run() -> None:
    dispatcher, late = Dispatcher[Event](), Recorder()
    dispatcher.register(lambda payload: dispatcher.unregister(late_token))
    late_token = dispatcher.register(late)
    dispatcher.dispatch({})
    assert late.payloads == []
    with pytest.raises(DispatchError, match=re.escape(f"`{late_token}`")):
        dispatcher.unregister(late_token)


# Waiting for other callbacks


def test_wait_for_runs_the_awaited_callbacks_first_and_each_only_once() -> None:
    dispatcher, calls = Dispatcher[Event](), []

    def c(payload: Event) -> None:
        calls.append("c:start")
        dispatcher.wait_for([a_token, b_token])
        calls.append("c:end")

    dispatcher.register(c)
    a_token = dispatcher.register(lambda payload: calls.append("a"))
    b_token = dispatcher.register(lambda payload: calls.append("b"))
    dispatcher.dispatch({})
    assert calls == ["c:start", "a", "b", "c:end"]


def test_wait_for_a_callback_that_already_ran_does_not_run_it_again() -> None:
    dispatcher, a = Dispatcher[Event](), Recorder()
    a_token = dispatcher.register(a)
    dispatcher.register(lambda payload: dispatcher.wait_for([a_token]))
    dispatcher.dispatch({"x": 1})
    assert a.payloads == [{"x": 1}]


def test_wait_for_outside_a_dispatch_is_an_error() -> None:
    dispatcher = Dispatcher[Event]()
    token = dispatcher.register(Recorder())
    message = "Dispatcher.wait_for(...): Must be invoked while dispatching."
    with pytest.raises(DispatchError, match=re.escape(message)):
        dispatcher.wait_for([token])


def test_wait_for_an_unknown_token_is_an_error() -> None:
    dispatcher = Dispatcher[Event]()
    dispatcher.register(lambda payload: dispatcher.wait_for(["ID_3"]))
    message = "Dispatcher.wait_for(...): `ID_3` does not map to a registered callback."
    with pytest.raises(DispatchError, match=re.escape(message)):
        dispatcher.dispatch({})


def test_a_callback_waiting_for_itself_is_a_circular_dependency() -> None:
    dispatcher, after = Dispatcher[Event](), list[str]()

    def selfish(payload: Event) -> None:
        dispatcher.wait_for([token])
        after.append("selfish")

    token = dispatcher.register(selfish)
    message = "Dispatcher.wait_for(...): Circular dependency detected while waiting for `ID_1`."
    with pytest.raises(DispatchError, match=re.escape(message)):
        dispatcher.dispatch({})
    assert after == []


def test_two_callbacks_waiting_for_each_other_stop_before_either_body_continues() -> None:
    dispatcher, calls = Dispatcher[Event](), []

    def a(payload: Event) -> None:
        calls.append("a:start")
        dispatcher.wait_for([b_token])
        calls.append("a:end")

    def b(payload: Event) -> None:
        calls.append("b:start")
        dispatcher.wait_for([a_token])
        calls.append("b:end")

    a_token, b_token = dispatcher.register(a), dispatcher.register(b)
    with pytest.raises(DispatchError, match=re.escape("Circular dependency detected")):
        dispatcher.dispatch({})
    assert calls == ["a:start", "b:start"]
    assert not dispatcher.is_dispatching()


# Observers


def test_observers_are_called_after_the_dispatch_has_finished() -> None:
    dispatcher, seen = Dispatcher[Event](), list[object]()
    dispatcher.register(lambda payload: seen.append("callback"))
    dispatcher.add_observer(lambda payload: seen.append((payload, dispatcher.is_dispatching())))
    dispatcher.dispatch({"type": "a"})
    assert seen == ["callback", ({"type": "a"}, False)]


def test_observers_are_not_called_when_a_callback_raises() -> None:
    dispatcher, observer = Dispatcher[Event](), Recorder()

    def broken(payload: Event) -> None:
        raise ValueError("boom")

    dispatcher.register(broken)
    dispatcher.add_observer(observer)
    with pytest.raises(ValueError, match="boom"):
        dispatcher.dispatch({})
    assert observer.payloads == []


def test_unsubscribing_an_observer_stops_it_and_is_safe_to_repeat() -> None:
    dispatcher, observer, other = Dispatcher[Event](), Recorder(), Recorder()
    unsubscribe = dispatcher.add_observer(observer)
    dispatcher.add_observer(other)
    unsubscribe()
    unsubscribe()
    dispatcher.dispatch({"n": 1})
    assert observer.payloads == []
    assert other.payloads == [{"n": 1}]


def test_an_observer_may_dispatch_again() -> None:
    dispatcher, recorder = Dispatcher[Event](), Recorder()
    dispatcher.register(recorder)

    def follow_up(payload: Event) -> None:
        if payload["type"] == "first":
            dispatcher.dispatch({"type": "second"})

    dispatcher.add_observer(follow_up)
    dispatcher.dispatch({"type": "first"})
    assert recorder.payloads == [{"type": "first"}, {"type": "second"}]


def test_an_observer_that_dispatches_does_not_let_later_observers_hear_out_of_order() -> None:
    dispatcher, later = Dispatcher[Event](), Recorder()

    def follow_up(payload: Event) -> None:
        if payload["type"] == "message arrived":
            dispatcher.dispatch({"type": "chat read"})  # as the read-while-open rule does

    dispatcher.add_observer(follow_up)
    dispatcher.add_observer(later)
    dispatcher.dispatch({"type": "message arrived"})
    assert later.payloads == [{"type": "message arrived"}, {"type": "chat read"}]


def test_after_an_observer_raised_the_next_dispatch_is_heard_normally() -> None:
    dispatcher, later = Dispatcher[Event](), Recorder()

    def broken_once(payload: Event) -> None:
        if payload["type"] == "first":
            dispatcher.dispatch({"type": "nested"})
            raise ValueError("observer failed")

    dispatcher.add_observer(broken_once)
    dispatcher.add_observer(later)
    with pytest.raises(ValueError, match="observer failed"):
        dispatcher.dispatch({"type": "first"})
    dispatcher.dispatch({"type": "second"})
    assert later.payloads == [{"type": "second"}]


def test_an_observer_added_during_notification_waits_for_the_next_dispatch() -> None:
    dispatcher, late = Dispatcher[Event](), Recorder()

    def add_late(payload: Event) -> None:
        dispatcher.add_observer(late)

    dispatcher.add_observer(add_late)
    dispatcher.dispatch({"n": 1})
    assert late.payloads == []
    dispatcher.dispatch({"n": 2})
    assert late.payloads == [{"n": 2}]


def test_observer_exceptions_propagate_to_the_dispatcher_caller() -> None:
    dispatcher = Dispatcher[Event]()

    def broken(payload: Event) -> None:
        raise ValueError("observer failed")

    dispatcher.add_observer(broken)
    with pytest.raises(ValueError, match="observer failed"):
        dispatcher.dispatch({})
    assert not dispatcher.is_dispatching()


def test_add_observer_rejects_a_non_callable() -> None:
    dispatcher = Dispatcher[Event]()
    message = "Dispatcher.add_observer(...): expected a callable, received 42"
    with pytest.raises(TypeError, match=re.escape(message)):
        dispatcher.add_observer(42)  # type: ignore[arg-type]


# The app's dispatcher


def test_app_dispatcher_is_a_dispatcher() -> None:
    assert isinstance(AppDispatcher(), Dispatcher)


@pytest.mark.parametrize(
    ("method", "source"),
    [("handle_view_action", "view"), ("handle_server_action", "server")],
)
def test_app_dispatcher_wraps_an_action_with_its_source(method: str, source: str) -> None:
    dispatcher, recorder = AppDispatcher(), Recorder()
    dispatcher.register(recorder)
    action = OpenChat(2, 1_500_000_000_000)
    getattr(dispatcher, method)(action)
    assert recorder.payloads == [Payload(source, action)]  # type: ignore[arg-type]


def test_wait_for_accepts_a_single_token_on_its_own() -> None:
    dispatcher = Dispatcher[Event]()
    order: list[str] = []

    def first(payload: Event) -> None:
        dispatcher.wait_for(second)
        order.append("first")

    dispatcher.register(first)
    second = dispatcher.register(lambda payload: order.append("second"))
    dispatcher.dispatch({})
    assert order == ["second", "first"]
