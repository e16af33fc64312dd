"""The demo's builder for absence and equipment loans (issue 11; seed 001: the
professional manager registers absence; seed 002: the 80 % target and the iPads lent).

On the pathways in training: a year's absence of every kind, through the absence domain
functions as the professional manager's clicks would (the coordinator's where the manager
has no login). One participant — the one with the shortest training so far — falls under
the 80 % target; the one with the longest passes the county's 14 days. The demo's iPads
are lent to the participants of the first scheme, and one is still out on a pathway that
has ended.

Runs last: a pathway's timeline is written in order, so the periods are registered after
its last event, at the end of the demo's past.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Max
from django.utils import timezone

from fagvei.absence import services
from fagvei.absence.access import may_register
from fagvei.absence.summary import standing
from fagvei.accounts.models import User
from fagvei.audit.models import Event
from fagvei.core import clock
from fagvei.equipment import services as equipment
from fagvei.lib.workdays import is_working_day
from fagvei.pathways.models import CLOSED, Pathway, PathwayMember, Stage

if TYPE_CHECKING:
    from .load import Build

NOTES = {
    "self_certified": "Egenmelding, ringte inn om morgenen.",
    "sick_note": "Sykmelding levert til arbeidsgiver.",
    "paid_leave": "Velferdspermisjon.",
    "unpaid_leave": "Permisjon etter avtale med arbeidsgiver.",
    "unexcused": "Møtte ikke og ga ikke beskjed. Tatt opp med deltakeren.",
    "other": "Legetime.",
}
# A year's ordinary absence: (working days after the start, kind, working days, hours).
ORDINARY = (
    (25, "self_certified", 2, None),
    (60, "other", 1, Decimal("3.5")),
    (95, "paid_leave", 1, None),
    (130, "self_certified", 3, None),
    (170, "unexcused", 1, None),
    (200, "other", 1, Decimal("2")),
)
# The long one: a doctor's note of three weeks on top (past the county's 14 days).
LONG = ((40, "sick_note", 15, None),)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _actor(build: Build, pathway: Pathway) -> Any:
    """The pathway's professional manager, through their login; else the coordinator."""
    for member in pathway.members.all():
        if member.role == PathwayMember.Role.PROFESSIONAL_MANAGER:
            user = User.objects.filter(person_id=member.person_id).first()
            if user is not None and may_register(user, pathway):
                return user
    return build.coordinator


def _register(build: Build, pathway: Pathway, periods: list[tuple[dt.date, dt.date, str, Decimal | None]]) -> None:
    last = Event.objects.filter(pathway=pathway).aggregate(last=Max("at"))["last"]
    end_of_past = _at(build.anchor - dt.timedelta(days=1), 16) + dt.timedelta(minutes=30)
    moment = max(last or end_of_past, end_of_past)
    actor = _actor(build, pathway)
    for i, (start, end, kind, hours) in enumerate(sorted(periods)):
        with clock.frozen_at(moment + dt.timedelta(minutes=1 + i)):
            services.register_absence(
                actor=actor,
                pathway_id=pathway.pk,
                kind=kind,
                starts_on=start,
                ends_on=end,
                hours=hours,
                note=NOTES[kind],
            )
        build.count("absences")


def _periods(days: list[dt.date], plan: tuple[tuple[int, str, int, Decimal | None], ...]) -> list[Any]:
    periods = []
    for offset, kind, length, hours in plan:
        if offset + length > len(days):
            continue
        periods.append((days[offset], days[offset + length - 1], kind, hours))
    return periods


def _under_target(pathway: Pathway, days: list[dt.date], target: int) -> list[Any]:
    """Sick spells of three days every other week until the rate falls under the target."""
    periods: list[Any] = []
    absent = 0
    offset = 3
    while offset + 3 <= len(days) and (len(days) - absent) * 100 >= target * len(days):
        kind = "self_certified" if len(periods) % 2 else "sick_note"
        periods.append((days[offset], days[offset + 2], kind, None))
        absent += 3
        offset += 10
    return periods


def absence(build: Build) -> None:
    """A year of absence on the pathways in training (see the module's docstring)."""
    end = build.anchor - dt.timedelta(days=1)
    training = list(
        Pathway.objects.filter(stage=Stage.IN_TRAINING, started_on__isnull=False, started_on__lt=end)
        .select_related("scheme")
        .prefetch_related("members")
        .order_by("started_on", "id")
    )
    if not training:
        return
    longest, shortest = training[0], training[-1]
    for pathway in training:
        # Over the training so far, as the rate counts it (interruptions taken out).
        state = standing(pathway, periods=[], today=end)
        days = _working_days(state.start or end, state.end)
        if not days:
            continue
        target = pathway.scheme.participation_target_percent if pathway.scheme else 80
        if pathway is shortest and len(training) > 1:
            periods = _under_target(pathway, days, target)
        elif pathway is longest:
            periods = _periods(days, ORDINARY + LONG)
        else:
            periods = _periods(days, ORDINARY[: 2 + pathway.pk % 4])
        _register(build, pathway, periods)


def loans(build: Build) -> None:
    """iPads lent to the participants once their training started (seed 002 § 6):
    returned on the pathways that have closed, but for one still out."""
    end_of_past = _at(build.anchor - dt.timedelta(days=1), 16) + dt.timedelta(minutes=45)
    pathways = Pathway.objects.filter(started_on__isnull=False).order_by("started_on", "id")
    kept_one = False
    for n, pathway in enumerate(pathways):
        last = Event.objects.filter(pathway=pathway).aggregate(last=Max("at"))["last"]
        moment = max(last or end_of_past, end_of_past) + dt.timedelta(minutes=10)
        closed = pathway.stage in CLOSED
        assert pathway.started_on is not None
        with clock.frozen_at(moment):
            loan = equipment.lend(
                actor=build.coordinator,
                pathway_id=pathway.pk,
                item="iPad",
                identifier=f"IPAD-{2024 + n % 3}-{100 + n:03d}",
                lent_on=pathway.started_on,
                note="Lånt ut med deksel og lader.",
            )
            build.count("loans")
            if closed and not kept_one:
                kept_one = True  # still out when the pathway ended: shown on its page
            elif closed:
                closed_at = pathway.ended_at or pathway.completed_at
                ended = timezone.localdate(closed_at) if closed_at else build.anchor - dt.timedelta(days=1)
                equipment.mark_returned(
                    actor=build.coordinator, loan_id=loan.pk, returned_on=max(pathway.started_on, ended)
                )
