"""The build's notion of "now", so that dates on pages are reproducible.

`SOURCE_DATE_EPOCH` (the reproducible-builds convention) pins it; otherwise it
is the current UTC time. Everything that says "overdue", "upcoming" or "fresh"
asks here, never the system clock directly.
"""

from __future__ import annotations

import calendar
import os
import re
from datetime import date, datetime, timezone


def now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc)


def today() -> date:
    return now().date()


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def why_not_a_date(text: object) -> str:
    """Why `text` is not a date, in the reader's terms: "2026-02-30 is not a date: February 2026 has 28 days".

    A value already written YYYY-MM-DD is not told to be written so; it is told
    which part does not exist.
    """
    match = _ISO_DATE.match(str(text))
    if not match:
        return f"{text!r} is not a date; write it as YYYY-MM-DD, such as 2027-01-01"
    year, month, day = (int(part) for part in match.groups())
    shown = match.group(0).strip()
    if not 1 <= month <= 12:
        return f"{shown} is not a date: there is no month {month}"
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if day == 0:
        return f"{shown} is not a date: days start at 01"
    if day > days:
        return f"{shown} is not a date: {calendar.month_name[month]} {year} has {days} days"
    return f"{shown} is not a date"
