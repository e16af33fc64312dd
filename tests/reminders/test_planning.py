"""Planning the outbox: one digest per user and day however often or however many plan
it; nothing for those who chose none, are inactive or have no address; the weekly digest
on its weekday only; rows hold codes and ids, never names."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from fagvei.reminders import planning
from fagvei.reminders.models import MissedNotice, Preference, Reminder
from fagvei.reminders.planning import plan_digest, plan_digests

pytestmark = pytest.mark.django_db


def test_planning_twice_plans_one_digest(caseload: Any) -> None:
    assert plan_digests() == 1
    assert plan_digests() == 0
    assert plan_digest(caseload["user"]) is None
    reminder = Reminder.objects.get()
    assert (reminder.user, reminder.kind, reminder.period) == (caseload["user"], "digest", timezone.localdate())
    assert reminder.status == Reminder.Status.PENDING


def test_two_planners_at_once_plan_one_digest(caseload: Any, monkeypatch: Any) -> None:
    """The second planner read the users before the first one's row was committed: its
    insert meets the unique constraint and it plans nothing, without an error."""
    user = caseload["user"]
    due = list(planning.users_due(timezone.localdate()))
    assert due == [user]
    first = plan_digest(user)
    # The second planner has its list already (the one read above) and goes on.
    monkeypatch.setattr(planning, "users_due", lambda day: type(user).objects.filter(pk__in=[u.pk for u in due]))
    assert plan_digests() == 0
    assert list(Reminder.objects.values_list("pk", flat=True)) == [first.pk]
    # What the first one told of as missed is told of once.
    assert MissedNotice.objects.filter(user=user).count() == 1


def test_the_row_holds_codes_keys_dates_and_ids_only(caseload: Any) -> None:
    reminder = plan_digest(caseload["user"])
    assert reminder is not None
    stored = json.dumps(reminder.payload, ensure_ascii=False)
    for word in ("Amina", "Bjørn", "Lærlingsdatter", "Baksmosen", "Kari", "politiattest", "Politiattest"):
        assert word not in stored
    today = timezone.localdate()
    assert reminder.payload["soon"] == [
        {
            "rule": "pathways.police_certificate",
            "key": f"police_certificate:{caseload['starting'].pk}",
            "due": (today + dt.timedelta(days=3)).isoformat(),
            "pathway": caseload["starting"].pk,
        }
    ]
    assert [(e["rule"], e["pathway"]) for e in reminder.payload["missed"]] == [
        ("guidance.weekly", caseload["training"].pk)
    ]


@pytest.mark.parametrize(
    "change",
    [
        lambda user: Preference.objects.create(user=user, digest="none", changed_at=timezone.now()),
        lambda user: type(user).objects.filter(pk=user.pk).update(is_active=False),
        lambda user: type(user).objects.filter(pk=user.pk).update(email=""),
    ],
    ids=["chose none", "inactive", "no address"],
)
def test_no_digest_is_planned_for_a_user_who(caseload: Any, change: Any) -> None:
    change(caseload["user"])
    assert plan_digests() == 0
    assert not Reminder.objects.exists()


def test_no_digest_is_planned_for_a_user_with_nothing_due(coordinator: Any) -> None:
    coordinator.email = "tom@testvik.example"
    coordinator.save()
    assert plan_digests() == 0


def test_the_weekly_digest_is_planned_on_its_weekday_only(caseload: Any) -> None:
    today = timezone.localdate()
    Preference.objects.create(
        user=caseload["user"], digest="weekly", weekday=(today.weekday() + 1) % 7, changed_at=timezone.now()
    )
    assert plan_digests() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        assert plan_digests() == 1
        assert Reminder.objects.get().period == today + dt.timedelta(days=1)


def test_the_weekly_digest_looks_two_weeks_ahead_and_the_daily_one_week(caseload: Any) -> None:
    starting = caseload["starting"]
    starting.planned_start = timezone.localdate() + dt.timedelta(days=10)
    starting.save()
    daily = plan_digest(caseload["user"])
    assert daily is not None and daily.payload["soon"] == []
    daily.delete()
    MissedNotice.objects.all().delete()
    Preference.objects.create(
        user=caseload["user"], digest="weekly", weekday=timezone.localdate().weekday(), changed_at=timezone.now()
    )
    weekly = plan_digest(caseload["user"])
    assert weekly is not None
    assert [e["rule"] for e in weekly.payload["soon"]] == ["pathways.police_certificate"]


def test_a_passed_deadline_alone_is_planned_once(caseload: Any) -> None:
    # The start moved a month away: only the guidance passed is left to tell.
    starting = caseload["starting"]
    starting.planned_start = timezone.localdate() + dt.timedelta(days=30)
    starting.save()
    assert plan_digests() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        # Told of yesterday, and nothing coming up: no digest today.
        assert plan_digests() == 0
