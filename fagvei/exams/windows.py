"""The date rules of exams and tests, as plain functions of dates (RULES.md §§ 3-4).

- Written exam: registration for the spring term runs 15 January-1 February, for the
  autumn term 1-15 September, closing 23:55 on the last day, Europe/Oslo (seed 002;
  county pages, RULES.md § 4).
- Trade test: the company registers at the earliest eight months before the contract
  ends (county practice, Vigo Bedrift) and at the latest two months before (ofo. § 9-56);
  the test is held not earlier than three months before the end (ofo. § 9-55).

The contract's end is its ``end_date``, which an interruption moves when it ends
(fagvei/contracts/services.py): every rule here reads the end as it is now.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
# Privatistportalen closes at 23:55 on the window's last day.
CLOSING_TIME = dt.time(23, 55)
# ofo. § 9-56 and county practice.
REGISTRATION_OPENS_MONTHS = 8
REGISTRATION_CLOSES_MONTHS = 2
# ofo. § 9-55 second ledd.
EARLIEST_TEST_MONTHS = 3


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier, when negative); the month's last day
    where it has no such day (31 August less six months is 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Window:
    opens_at: dt.datetime
    closes_at: dt.datetime

    @property
    def opens_on(self) -> dt.date:
        return self.opens_at.date()

    @property
    def closes_on(self) -> dt.date:
        return self.closes_at.date()

    def contains(self, moment: dt.datetime) -> bool:
        """Open from the first moment of the first day until 23:55 on the last: a
        registration at 23:55 itself is too late (the portal has closed)."""
        return self.opens_at <= moment < self.closes_at


def written_window(year: int, season: str) -> Window:
    """The registration window for the written exam of a term (seed 002)."""
    if season == "spring":
        first, last = dt.date(year, 1, 15), dt.date(year, 2, 1)
    else:
        first, last = dt.date(year, 9, 1), dt.date(year, 9, 15)
    return Window(
        dt.datetime.combine(first, dt.time(0, 0), tzinfo=OSLO),
        dt.datetime.combine(last, CLOSING_TIME, tzinfo=OSLO),
    )


def last_terms(today: dt.date, count: int = 2) -> list[tuple[int, str]]:
    """The last ``count`` terms whose registration window closed before ``today``, latest first."""
    terms: list[tuple[int, str]] = []
    year = today.year
    while len(terms) < count:
        for season in ("autumn", "spring"):
            if written_window(year, season).closes_on < today and len(terms) < count:
                terms.append((year, season))
        year -= 1
    return terms


def next_terms(today: dt.date, count: int = 2) -> list[tuple[int, str]]:
    """The next ``count`` terms whose registration window has not closed by ``today``."""
    terms: list[tuple[int, str]] = []
    year = today.year
    while len(terms) < count:
        for season in ("spring", "autumn"):
            if written_window(year, season).closes_on >= today and len(terms) < count:
                terms.append((year, season))
        year += 1
    return terms


@dataclass(frozen=True)
class TradeTestDates:
    contract_end: dt.date
    # ofo. § 9-56 and county practice: the registration window, both days included.
    registration_opens: dt.date
    registration_closes: dt.date
    # ofo. § 9-55: the first day the test may be held.
    earliest_test: dt.date


def trade_test_dates(contract_end: dt.date) -> TradeTestDates:
    return TradeTestDates(
        contract_end=contract_end,
        registration_opens=add_months(contract_end, -REGISTRATION_OPENS_MONTHS),
        registration_closes=add_months(contract_end, -REGISTRATION_CLOSES_MONTHS),
        earliest_test=add_months(contract_end, -EARLIEST_TEST_MONTHS),
    )
