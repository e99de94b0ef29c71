"""The build's notion of "now", so that dates on pages are reproducible.

`SOURCE_DATE_EPOCH` (the reproducible-builds convention) pins it; otherwise it
is the current UTC time. Everything that says "overdue", "upcoming" or "fresh"
asks here, never the system clock directly.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone


def now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc)


def today() -> date:
    return now().date()
