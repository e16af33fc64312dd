"""The organisation page shows when each trade approval lapses, or lapsed: two years
after the last contract ended (ol. § 7-9 third ledd)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation

from fagvei.core import clock
from fagvei.curricula.models import Trade
from fagvei.organisations.models import Organisation, TradeApproval
from tests.factories import make_org, make_trade

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(municipality: Organisation) -> Organisation:
    return make_org(
        Organisation.Kind.TRAINING_COMPANY,
        "Solsiden sykehjem",
        county=make_org(Organisation.Kind.COUNTY, "Testvik fylkeskommune"),
        registered_by_organisation=municipality,
    )


def _approve(
    company: Organisation, trade: Trade, *, run_until: dt.date | None, status: str = "active"
) -> TradeApproval:
    return TradeApproval.objects.create(
        organisation=company,
        trade=trade,
        approved_on=dt.date(2020, 1, 1),
        status=status,
        contracts_run_until=run_until,
    )


def _lapse_lines(client: Any, company: Organisation) -> dict[str, str]:
    """Each approval's lapse line on the page, by the trade's name (English)."""
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        html = client.get(reverse("organisation_detail", args=[company.pk])).content.decode()
    lines = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        name = re.search(r"<td>(.*?)</td>", row, flags=re.S)
        lapse = re.search(r'class="muted approval-lapse"[^>]*>(.*?)</span>', row, flags=re.S)
        if name and lapse:
            lines[name.group(1).strip()] = lapse.group(1).strip()
    return lines


def _short(day: dt.date) -> str:
    with translation.override("en"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def test_the_page_says_when_an_approval_lapses_and_when_one_has_lapsed(client: Any, coordinator: Any, company):
    today = clock.today()
    running = _approve(company, make_trade("AAA"), run_until=today - dt.timedelta(days=200))
    ended = _approve(company, make_trade("BBB"), run_until=dt.date(today.year - 3, 1, 15))
    _approve(company, make_trade("CCC"), run_until=None)
    _approve(company, make_trade("DDD"), run_until=today - dt.timedelta(days=200), status="withdrawn")
    assert running.lapses_on is not None and running.lapses_on > today and not running.has_lapsed
    assert ended.has_lapsed
    client.force_login(coordinator)

    lines = _lapse_lines(client, company)

    assert lines == {
        "Testfaget AAA": f"lapses on {_short(running.lapses_on)}",
        "Testfaget BBB": f"lapsed on {_short(dt.date(today.year - 1, 1, 15))}",
    }


def test_an_approval_lapses_on_the_day_two_years_after_the_last_contract_ended(client: Any, coordinator, company):
    approval = _approve(company, make_trade("AAA"), run_until=dt.date(2024, 3, 10))
    client.force_login(coordinator)
    oslo = ZoneInfo("Europe/Oslo")
    with time_machine.travel(dt.datetime(2026, 3, 9, 23, 30, tzinfo=oslo), tick=False):
        assert _lapse_lines(client, company) == {"Testfaget AAA": f"lapses on {_short(dt.date(2026, 3, 10))}"}
    with time_machine.travel(dt.datetime(2026, 3, 10, 0, 30, tzinfo=oslo), tick=False):
        assert _lapse_lines(client, company) == {"Testfaget AAA": f"lapsed on {_short(dt.date(2026, 3, 10))}"}
    assert approval.lapses_on == dt.date(2026, 3, 10)


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_lapse_dates_cost_no_query_per_approval(client: Any, coordinator: Any, company: Organisation):
    today = clock.today()
    client.force_login(coordinator)
    url = reverse("organisation_detail", args=[company.pk])
    _approve(company, make_trade("AAA"), run_until=today)
    one = _count(client, url)
    for i in range(6):
        ran = today - dt.timedelta(days=400 * i)
        _approve(company, make_trade(f"X{i:02d}"), run_until=ran)
    assert len(_lapse_lines(client, company)) == 7
    assert _count(client, url) == one
