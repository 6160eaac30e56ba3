"""Times as people read them: "5 minutes ago", "Yesterday at 14:05", "20 Feb 2015"."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

_MINUTE = 60_000
_HOUR = 60 * _MINUTE


def _local(timestamp: int, tz: tzinfo) -> datetime:
    return datetime.fromtimestamp(timestamp / 1000, tz)


def _clock(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _day_label(moment: datetime, now: datetime) -> str | None:
    """ "Today", "Yesterday" or a weekday within the last week; None when it is further back."""
    days = (now.date() - moment.date()).days
    if days <= 0:
        return "Today"
    if days == 1:
        return "Yesterday"
    if days < 7:
        return moment.strftime("%A")
    return None


def _calendar_date(moment: datetime, now: datetime) -> str:
    if moment.year == now.year:
        return f"{moment.day} {moment:%b}"
    return f"{moment.day} {moment:%b} {moment.year}"


def relative_time(timestamp: int, now: int, tz: tzinfo) -> str:
    """A short label for a message's time, as seen at `now` (both epoch milliseconds)."""
    age = now - timestamp
    if age < _MINUTE:
        return "Just now"
    if age < _HOUR:
        minutes = age // _MINUTE
        return "1 minute ago" if minutes == 1 else f"{minutes} minutes ago"
    moment, today = _local(timestamp, tz), _local(now, tz)
    day = _day_label(moment, today)
    if day is not None:
        return f"{day} at {_clock(moment)}"
    return _calendar_date(moment, today)


def read_time(timestamp: int, now: int, tz: tzinfo) -> str:
    """When something happened, to follow "Read": "at 14:05", "yesterday at 14:05",
    "on 20 Feb 2015 at 14:05"."""
    moment, today = _local(timestamp, tz), _local(now, tz)
    day = _day_label(moment, today)
    if day == "Today":
        return f"at {_clock(moment)}"
    if day == "Yesterday":
        return f"yesterday at {_clock(moment)}"
    if day is not None:
        return f"on {day} at {_clock(moment)}"
    return f"on {_calendar_date(moment, today)} at {_clock(moment)}"


def full_date(timestamp: int, tz: tzinfo) -> str:
    """The whole date and time, for a tooltip: "Friday, 20 February 2015 at 21:23"."""
    moment = _local(timestamp, tz)
    return f"{moment:%A}, {moment.day} {moment:%B} {moment.year} at {_clock(moment)}"


def fixed_offset(minutes_east_of_utc: int) -> tzinfo:
    """A time zone at a fixed offset from UTC, as the browser reports it."""
    from datetime import timezone

    return timezone(timedelta(minutes=minutes_east_of_utc))
