"""Half-years of a pathway, counted from the training start (seed 001: the plan and the
assessments follow half-years from the start of the contract; ofo. § 9-13)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from .models import MAX_HALF_YEAR


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return dt.date(year, month % 12 + 1, 1)


def start_of(pathway: Any) -> dt.date | None:
    return pathway.started_on or pathway.planned_start


def half_year_span(pathway: Any, number: int) -> tuple[dt.date, dt.date] | None:
    """The first day of the half-year's first month and the last day of its sixth."""
    start = start_of(pathway)
    if start is None:
        return None
    first = _add_months(start.replace(day=1), 6 * (number - 1))
    return first, _add_months(first, 6) - dt.timedelta(days=1)


def half_year_label(pathway: Any, number: int | None) -> str:
    """ "Half-year 2 (07.2026–12.2026)", or "Half-year 2" when the start is not known."""
    if number is None:
        return _("Not placed")
    label = _("Half-year %(n)s") % {"n": number}
    span = half_year_span(pathway, number)
    if span is None:
        return label
    return f"{label} ({span[0]:%m.%Y}–{span[1]:%m.%Y})"


def half_year_choices(pathway: Any) -> list[tuple[int, str]]:
    return [(n, half_year_label(pathway, n)) for n in range(1, MAX_HALF_YEAR + 1)]


def current_half_year(pathway: Any, today: dt.date) -> int | None:
    start = start_of(pathway)
    if start is None or today < start:
        return None
    months = (today.year - start.year) * 12 + today.month - start.month
    return min(months // 6 + 1, MAX_HALF_YEAR)
