"""The deadlines of exams (DOMAIN.md, "Deadlines the system computes"; issue 13):

- the written exam's registration window opening and closing, for those planned to sit
  it that term and not yet registered (seed 002: 15 January-1 February and 1-15 September,
  closing 23:55; ofo. § 9-27);
- the trade test's registration opening, eight months before the contract ends (county
  practice), and its last day, two months before (ofo. § 9-56);
- a contract ending within three months with no trade test registered (ofo. § 9-55: the
  test is held in the last three months).

The contract's end is its ``end_date`` now: moved by an interruption when it ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fagvei.contracts.models import BINDING, Contract
from fagvei.core.deadline_rows import on_pathways, subject
from fagvei.core.deadlines import MANAGERS, Ask, Item, Rule, register_rule
from fagvei.pathways.models import Stage

from .models import ExamEntry, Kind, Status
from .windows import (
    EARLIEST_TEST_MONTHS,
    REGISTRATION_CLOSES_MONTHS,
    REGISTRATION_OPENS_MONTHS,
    add_months,
    trade_test_dates,
    written_window,
)

ACTIVE = (Stage.STARTING, Stage.IN_TRAINING, Stage.INTERRUPTED)
NAMES = ("pathway__participant__first_name", "pathway__participant__last_name")


def _url(pathway_id: int) -> str:
    return reverse("pathway_exams", args=[pathway_id])


def _planned_written(ask: Ask) -> list[dict[str, Any]]:
    """The written entries planned and not registered, on the asker's pathways: read once
    for both window rules."""
    key = "exams.planned_written"
    if key not in ask.cache:
        qs = on_pathways(
            ExamEntry.objects.filter(
                kind=Kind.WRITTEN, status=Status.PLANNED, pathway__stage__in=ACTIVE, term_year__lte=ask.until.year
            ),
            ask,
            MANAGERS,
            stages=ACTIVE,
        )
        ask.cache[key] = list(
            qs.order_by("term_year", "pk").values("pk", "pathway_id", "term_year", "term_season", *NAMES)[
                : ask.limit * 2
            ]
        )
    rows: list[dict[str, Any]] = ask.cache[key]
    return rows


def _window_items(ask: Ask, rule: Rule, which: str) -> Iterable[Item]:
    items = []
    for row in _planned_written(ask):
        window = written_window(row["term_year"], row["term_season"])
        due = window.opens_on if which == "opens" else window.closes_on
        # An opening that has passed is no longer news: the closing is what is due then.
        if due > ask.until or (which == "opens" and due < ask.today):
            continue
        name, first = subject(row)
        items.append(
            Item(
                rule=rule,
                due=due,
                url=_url(row["pathway_id"]),
                pathway_id=row["pathway_id"],
                subject=name,
                first_name=first,
                key=f"exams.written.{which}:{row['pk']}",
            )
        )
    return sorted(items, key=lambda i: i.due)[: ask.limit]


def _window_opens(ask: Ask) -> Iterable[Item]:
    return _window_items(ask, WINDOW_OPENS_RULE, "opens")


def _window_closes(ask: Ask) -> Iterable[Item]:
    return _window_items(ask, WINDOW_CLOSES_RULE, "closes")


def _unregistered_contracts(ask: Ask, months: int) -> list[dict[str, Any]]:
    """Binding contracts of active pathways whose end is at most ``months`` after the
    horizon, with no trade test registered, soonest end first. Read once per ask for the
    three rules (with the longest reach, eight months) and narrowed here."""
    key = "exams.unregistered_contracts"
    if key not in ask.cache:
        # A test registered once counts, whatever came of it: a postponed or a new test is
        # arranged outside the first's window (ofo. §§ 9-66, 9-67).
        registered = ExamEntry.objects.filter(
            pathway_id=OuterRef("pathway_id"), kind=Kind.TRADE_TEST, registered_at__isnull=False
        ).exclude(status=Status.WITHDRAWN)
        reach = add_months(ask.until, REGISTRATION_OPENS_MONTHS)
        qs = on_pathways(
            Contract.objects.filter(status__in=BINDING, pathway__stage__in=ACTIVE, end_date__lte=reach).filter(
                ~Exists(registered)
            ),
            ask,
            MANAGERS,
            stages=ACTIVE,
        )
        ask.cache[key] = list(qs.order_by("end_date", "pk").values("pk", "pathway_id", "end_date", *NAMES)[: ask.limit])
    last_end = add_months(ask.until, months)
    return [row for row in ask.cache[key] if row["end_date"] <= last_end]


def _registration_opens(ask: Ask) -> Iterable[Item]:
    for row in _unregistered_contracts(ask, REGISTRATION_OPENS_MONTHS):
        due = trade_test_dates(row["end_date"]).registration_opens
        if due < ask.today or due > ask.until:
            continue
        name, first = subject(row)
        yield Item(
            rule=REGISTRATION_OPENS_RULE,
            due=due,
            url=_url(row["pathway_id"]),
            pathway_id=row["pathway_id"],
            subject=name,
            first_name=first,
            key=f"exams.trade_test.opens:{row['pk']}:{due.isoformat()}",
        )


def _registration_closes(ask: Ask) -> Iterable[Item]:
    for row in _unregistered_contracts(ask, REGISTRATION_CLOSES_MONTHS):
        due = trade_test_dates(row["end_date"]).registration_closes
        name, first = subject(row)
        yield Item(
            rule=REGISTRATION_CLOSES_RULE,
            due=due,
            url=_url(row["pathway_id"]),
            pathway_id=row["pathway_id"],
            subject=name,
            first_name=first,
            key=f"exams.trade_test.closes:{row['pk']}:{due.isoformat()}",
        )


def _ending_without_test(ask: Ask) -> Iterable[Item]:
    for row in _unregistered_contracts(ask, EARLIEST_TEST_MONTHS):
        # Due the day the contract's end comes within three months.
        due: dt.date = trade_test_dates(row["end_date"]).earliest_test
        name, first = subject(row)
        yield Item(
            rule=ENDING_RULE,
            due=due,
            url=_url(row["pathway_id"]),
            pathway_id=row["pathway_id"],
            subject=name,
            first_name=first,
            key=f"exams.ending:{row['pk']}:{row['end_date'].isoformat()}",
        )


WINDOW_OPENS_RULE = Rule(
    code="exams.written_window_opens",
    label=_("Registration for the written exam opens"),
    citation="seed 002; ofo. § 9-27",
    responsible=MANAGERS,
    collect=_window_opens,
    order=50,
)
WINDOW_CLOSES_RULE = Rule(
    code="exams.written_window_closes",
    label=_("Registration for the written exam closes at 23:55"),
    citation="seed 002; ofo. § 9-27",
    responsible=MANAGERS,
    collect=_window_closes,
    order=51,
)
REGISTRATION_OPENS_RULE = Rule(
    code="exams.trade_test_registration_opens",
    label=_("Registration for the trade test opens"),
    citation="county practice (Vigo Bedrift)",
    responsible=MANAGERS,
    collect=_registration_opens,
    order=52,
)
REGISTRATION_CLOSES_RULE = Rule(
    code="exams.trade_test_registration_closes",
    label=_("Last day to register the trade test"),
    citation="ofo. § 9-56",
    responsible=MANAGERS,
    collect=_registration_closes,
    order=53,
)
ENDING_RULE = Rule(
    code="exams.contract_end_without_test",
    label=_("Contract ends within three months with no trade test registered"),
    citation="ofo. § 9-55",
    responsible=MANAGERS,
    collect=_ending_without_test,
    order=54,
)
RULES = (WINDOW_OPENS_RULE, WINDOW_CLOSES_RULE, REGISTRATION_OPENS_RULE, REGISTRATION_CLOSES_RULE, ENDING_RULE)


def register() -> None:
    for rule in RULES:
        register_rule(rule)
