"""The deadline list by persona: the coordinator sees the caseload's deadlines, the
instructor their own participant's, an outsider none; the filters narrow; the API answers
the same as the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from fagvei.accounts.models import Role
from fagvei.pathways.models import PathwayMember
from tests.api.conftest import ApiClient
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db


def _codes(client: Any, **params: Any) -> list[str]:
    response = client.get(reverse("deadline_list"), params)
    assert response.status_code == 200
    return [item.rule.code for item in response.context["items"]]


def test_anonymous_is_sent_to_the_login(client: Any) -> None:
    response = client.get(reverse("deadline_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_coordinator_sees_guidance_missing_for_two_weeks_as_overdue(
    client: Any, training: Any, coordinator: Any
) -> None:
    pathway, _instructor = training
    client.force_login(coordinator)
    response = client.get(reverse("deadline_list"))
    items = [i for i in response.context["items"] if i.rule.code == "guidance.weekly"]
    assert [i.pathway_id for i in items] == [pathway.pk]
    assert items[0].due == pathway.started_on + dt.timedelta(days=14)
    assert items[0] in response.context["buckets"].overdue
    assert reverse("pathway_guidance", args=[pathway.pk]) in response.content.decode()
    html = response.content.decode()
    assert "seed 001" in html
    # In Norwegian, in the glossary's words.
    assert "Veiledning fra instruktør (ingen på to uker)" in html
    assert "Forfalt" in html


def test_the_instructor_sees_their_own_and_an_outsider_nothing(
    client: Any, training: Any, other_coordinator: Any
) -> None:
    pathway, instructor = training
    client.force_login(instructor)
    assert "guidance.weekly" in _codes(client)
    client.force_login(other_coordinator)
    assert _codes(client) == []


def test_the_trade_teacher_is_not_shown_the_instructors_guidance(client: Any, training: Any) -> None:
    pathway, _instructor = training
    teacher = make_user(Role.TRADE_TEACHER, None, username="faglarer")
    PathwayMember.objects.create(pathway=pathway, person=teacher.person, role=PathwayMember.Role.TRADE_TEACHER)
    client.force_login(teacher)
    assert "guidance.weekly" not in _codes(client)


def test_filters_narrow_and_bad_values_are_left_out(client: Any, training: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    assert "guidance.weekly" in _codes(client, kind="guidance.weekly", overdue="on")
    assert _codes(client, kind="plans.half_yearly_assessment") == []
    # Not a kind, not a scheme of theirs, a page past the last: the list still answers.
    assert "guidance.weekly" in _codes(client, kind="nonsense", scheme="x", page="999999", responsible="abc")


def test_a_guidance_entry_resolves_the_deadline(client: Any, training: Any, coordinator: Any) -> None:
    from fagvei.guidance.models import GuidanceEntry

    pathway, _instructor = training
    GuidanceEntry.objects.create(
        pathway=pathway, given_on=timezone.localdate(), note="", author=coordinator, created_at=timezone.now()
    )
    client.force_login(coordinator)
    assert "guidance.weekly" not in _codes(client, overdue="on")


def test_the_api_lists_the_same_deadlines(training: Any, coordinator: Any) -> None:
    pathway, _instructor = training
    response = ApiClient(make_token(coordinator)[1]).get("/deadlines", {"kind": "guidance.weekly"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["rule"], i["pathway_id"], i["overdue"], i["citation"]) for i in items] == [
        ("guidance.weekly", pathway.pk, True, "seed 001")
    ]
