"""Simulated contacts: the other half of Flux, actions that arrive from elsewhere.

After the person sends a message, its recipient reads it a little later and sometimes
replies. Both arrive as server actions. The choices come from a seeded random generator, so
the same seed and the same sends give the same replies.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from chat.actions import Payload, SendMessage, ServerActions
from chat.dispatcher import Dispatcher
from chat.model import Message
from chat.ports import Clock, Schedule

REPLIES = (
    "Sounds good!",
    "Haha, nice one.",
    "Sure, let's do it.",
    "Can't talk right now, later?",
    "Tell me more!",
    "Deal. 👍",
    "I was just thinking about that.",
    "Ping pong after lunch?",
)


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast contacts are: delay ranges in milliseconds, and how often they reply."""

    read_after: tuple[float, float]
    reply_after_read: tuple[float, float]
    reply_chance: float


NORMAL = Pace(read_after=(2_000, 4_000), reply_after_read=(3_000, 6_000), reply_chance=0.6)
FAST = Pace(read_after=(5, 15), reply_after_read=(5, 15), reply_chance=1.0)
"""For tests (`?contacts=fast`): a few milliseconds, and every message gets a reply."""


class ContactService:
    """Answers the messages sent from this tab; messages arriving from elsewhere get no answer
    here (the tab that sent them answers), so two tabs never answer twice."""

    def __init__(
        self,
        dispatcher: Dispatcher[Payload],
        server: ServerActions,
        schedule: Schedule,
        clock: Clock,
        pace: Pace = NORMAL,
        seed: int = 2015,
    ) -> None:
        self._server = server
        self._schedule = schedule
        self._clock = clock
        self._pace = pace
        self._random = random.Random(seed)
        self._sequence = itertools.count(1)
        dispatcher.add_observer(self._after_dispatch)

    def _after_dispatch(self, payload: Payload) -> None:
        action = payload.action
        if payload.source != "view" or not isinstance(action, SendMessage):
            return
        user_id = action.user_id
        pace, rng = self._pace, self._random
        read_after = rng.uniform(*pace.read_after)
        self._schedule(read_after, lambda: self._read(user_id))
        if rng.random() < pace.reply_chance:
            text = rng.choice(REPLIES)
            reply_after = read_after + rng.uniform(*pace.reply_after_read)
            self._schedule(reply_after, lambda: self._reply(user_id, text))

    def _read(self, user_id: int) -> None:
        self._server.update_last_access(user_id, recipient=self._clock())

    def _reply(self, user_id: int, text: str) -> None:
        timestamp = self._clock()
        ident = f"contact{user_id}-{timestamp}-{next(self._sequence)}"
        self._server.receive_message(user_id, Message(ident, text, user_id, timestamp))
