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

from fagvei.lib.workdays import count_working_days, is_working_day

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


def _planned_interrupted(
    start: dt.date, end: dt.date, interruptions: Iterable[tuple[dt.date, dt.date | None]]
) -> set[dt.date]:
    return {d for d in interrupted_days(interruptions, end) if start <= d <= end and is_working_day(d)}


def _absent_by_period(
    start: dt.date, end: dt.date, periods: Iterable[Period], interrupted: set[dt.date]
) -> Iterable[Decimal]:
    """The absence each period counts, in their order: its planned days inside the
    training so far, or its hours as a share of the working day."""

    def is_planned(day: dt.date) -> bool:
        return start <= day <= end and day not in interrupted and is_working_day(day)

    for period in periods:
        if period.hours is not None:
            yield Decimal(period.hours) / WORKING_DAY_HOURS if is_planned(period.starts_on) else Decimal(0)
            continue
        yield Decimal(sum(1 for d in _days(max(period.starts_on, start), min(period.ends_on, end)) if is_planned(d)))


def _rounded(total: Decimal) -> Decimal:
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def participation(
    *,
    start: dt.date | None,
    end: dt.date,
    periods: Iterable[Period],
    interruptions: Iterable[tuple[dt.date, dt.date | None]] = (),
    target: int = 80,
) -> Participation:
    """The participation from ``start`` to ``end`` (both included), against ``target``.
    The planned days are counted by whole weeks (``count_working_days``), less the
    interrupted working days; only the days of the periods and interruptions are walked
    one by one, so the lists can ask it for every pathway they show."""
    if start is None or end < start:
        return Participation(0, Decimal(0), None, target)
    interrupted = _planned_interrupted(start, end, interruptions)
    planned = count_working_days(start, end) - len(interrupted)
    absent = _rounded(sum(_absent_by_period(start, end, periods, interrupted), Decimal(0)))
    if planned <= 0:
        return Participation(0, absent, None, target)
    share = (Decimal(planned) - absent) / Decimal(planned) * 100
    rate = share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Participation(planned, absent, rate, target)


def reached_on(
    *,
    start: dt.date | None,
    end: dt.date,
    periods: list[Period],
    interruptions: Iterable[tuple[dt.date, dt.date | None]] = (),
    threshold_days: int,
) -> dt.date | None:
    """The last day of the period (in the given order) with which the absence in total
    reached the threshold, or None: the same count as ``participation``, in one pass."""
    if start is None or end < start:
        return None
    interrupted = _planned_interrupted(start, end, interruptions)
    total = Decimal(0)
    for period, absent in zip(periods, _absent_by_period(start, end, periods, interrupted), strict=True):
        total += absent
        if threshold_reached(_rounded(total), threshold_days):
            return period.ends_on
    return None


def threshold_reached(absent: Decimal, threshold_days: int) -> bool:
    """County practice: the total absence has reached the threshold (14 days by default)."""
    return absent >= threshold_days
