"""Dates read naturally, in the person's time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chat.views.dates import fixed_offset, full_date, read_time, relative_time


def ms(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    return int(datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp() * 1000)


NOW = ms(2026, 11, 26, 15, 30)  # a Thursday


@pytest.mark.parametrize(
    ("then", "label"),
    [
        (NOW, "Just now"),
        (NOW + 5_000, "Just now"),  # a clock a little ahead is not "in the future"
        (NOW - 59_999, "Just now"),
        (NOW - 60_000, "1 minute ago"),
        (NOW - 5 * 60_000, "5 minutes ago"),
        (NOW - 59 * 60_000, "59 minutes ago"),
        (ms(2026, 11, 26, 9, 5), "Today at 09:05"),
        (ms(2026, 11, 25, 14, 5), "Yesterday at 14:05"),
        (ms(2026, 11, 21, 8, 0), "Saturday at 08:00"),
        (ms(2026, 11, 19, 8, 0), "19 Nov"),
        (ms(2015, 2, 20, 22, 3), "20 Feb 2015"),
    ],
)
def test_relative_time_reads_naturally(then: int, label: str) -> None:
    assert relative_time(then, NOW, UTC) == label


def test_relative_time_uses_the_given_time_zone() -> None:
    # 23:30 UTC on the 25th is already the 26th in Amsterdam in winter (UTC+1).
    then = ms(2026, 11, 25, 23, 30)
    assert relative_time(then, NOW, UTC) == "Yesterday at 23:30"
    assert relative_time(then, NOW, fixed_offset(60)) == "Today at 00:30"


@pytest.mark.parametrize(
    ("then", "label"),
    [
        (ms(2026, 11, 26, 14, 5), "at 14:05"),
        (ms(2026, 11, 25, 14, 5), "yesterday at 14:05"),
        (ms(2026, 11, 23, 14, 5), "on Monday at 14:05"),
        (ms(2015, 2, 20, 22, 3), "on 20 Feb 2015 at 22:03"),
    ],
)
def test_read_time_follows_the_word_read(then: int, label: str) -> None:
    assert read_time(then, NOW, UTC) == label


def test_full_date_spells_everything_out() -> None:
    assert full_date(ms(2015, 2, 20, 22, 3), UTC) == "Friday, 20 February 2015 at 22:03"
