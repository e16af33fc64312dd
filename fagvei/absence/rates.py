"""The participation rate and the absence counted against the county's threshold: pure
functions of dates, with no database (tests/absence/test_rates.py works the examples).

Over the training so far (from its start to today, or to its end when that came first):

- planned working days are the weekdays, less Norwegian public holidays (the
  ``holidays`` package), less the days of the contract's interruptions — an interrupted
  day is neither planned nor absent;
- absence counts the planned days inside each period (a weekend or holiday inside a
  period is not absence); hours count as hours / the working day (7.5 h, seed 002);
- rate = (planned − absent) / planned (seed 002: the target is 80 %).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import holidays

from .models import WORKING_DAY_HOURS

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """An absence: whole days from ``starts_on`` to ``ends_on``, or ``hours`` of one day."""

    starts_on: dt.date
    ends_on: dt.date
    hours: Decimal | None = None


@dataclass(frozen=True)
class Participation:
    planned_days: int
    absent_days: Decimal
    # In percent with one decimal; None before there is a planned day.
    rate: Decimal | None
    target: int

    @property
    def below_target(self) -> bool:
        return self.rate is not None and self.rate < self.target


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[dt.date]:
    """Norway's public holidays of a year (Easter, Ascension, Whit Monday, 1 and 17 May,
    Christmas, New Year), Sundays aside."""
    return frozenset(holidays.country_holidays("NO", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def _days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


def interrupted_days(spans: Iterable[tuple[dt.date, dt.date | None]], until: dt.date) -> set[dt.date]:
    """Every day of the interruptions (``None`` as the last day: still running, to ``until``)."""
    days: set[dt.date] = set()
    for start, end in spans:
        days.update(_days(start, min(end or until, until)))
    return days


def planned_days(start: dt.date, end: dt.date, interrupted: set[dt.date]) -> set[dt.date]:
    """The working days from ``start`` to ``end`` that are not interrupted."""
    return {d for d in _days(start, end) if is_working_day(d) and d not in interrupted}


def absent_days(periods: Iterable[Period], planned: set[dt.date]) -> Decimal:
    """The absence in days: the planned days inside each period; hours as a share of
    the working day, when their day is planned."""
    total = Decimal(0)
    for period in periods:
        if period.hours is not None:
            if period.starts_on in planned:
                total += Decimal(period.hours) / WORKING_DAY_HOURS
            continue
        total += sum(1 for d in _days(period.starts_on, period.ends_on) if d in planned)
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def participation(
    *,
    start: dt.date | None,
    end: dt.date,
    periods: Iterable[Period],
    interruptions: Iterable[tuple[dt.date, dt.date | None]] = (),
    target: int = 80,
) -> Participation:
    """The participation from ``start`` to ``end`` (both included), against ``target``."""
    if start is None or end < start:
        return Participation(0, Decimal(0), None, target)
    planned = planned_days(start, end, interrupted_days(interruptions, end))
    absent = absent_days(periods, planned)
    if not planned:
        return Participation(0, absent, None, target)
    share = (Decimal(len(planned)) - absent) / Decimal(len(planned)) * 100
    rate = share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Participation(len(planned), absent, rate, target)


def threshold_reached(absent: Decimal, threshold_days: int) -> bool:
    """County practice: the total absence has reached the threshold (14 days by default)."""
    return absent >= threshold_days
