"""Date bounds and date arithmetic that cannot overflow.

No Django imports. Every date a user types is kept between ``MIN_DATE`` and
``MAX_DATE``: a date outside that range is a typing error in this domain (no one in
fagvei was born before 1900 or plans training past 2100), and Python's ``date`` raises
``OverflowError`` near year 9999, which must never reach the user as a server error.
"""

from __future__ import annotations

import datetime as dt

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)


def is_sane(value: dt.date) -> bool:
    return MIN_DATE <= value <= MAX_DATE


def add_days(value: dt.date, days: int) -> dt.date | None:
    """``value`` moved by ``days``, or None when the result would leave the sane range."""
    try:
        moved = value + dt.timedelta(days=days)
    except OverflowError:
        return None
    return moved if is_sane(moved) else None
