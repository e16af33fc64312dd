"""The reminders' cast: a coordinator with an e-mail address and two participants, one
waiting for a police certificate before the start in three days (a deadline soon) and
one without guidance for three weeks (a deadline passed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fagvei.pathways.models import PathwayMember
from tests.factories import make_pathway, make_person


@pytest.fixture
def caseload(scheme: Any, coordinator: Any) -> dict[str, Any]:
    coordinator.email = "koord@testvik.example"
    coordinator.first_name = "Kari"
    coordinator.last_name = "Koordinatorsen"
    coordinator.save()
    today = timezone.localdate()
    starting = make_pathway(
        scheme,
        stage="starting",
        coordinator=coordinator,
        participant=make_person("Amina", "Lærlingsdatter"),
        planned_start=today + dt.timedelta(days=3),
    )
    training = make_pathway(
        scheme,
        stage="in_training",
        coordinator=coordinator,
        participant=make_person("Bjørn", "Baksmosen"),
        started_on=today - dt.timedelta(days=21),
    )
    PathwayMember.objects.create(
        pathway=training, person=make_person("Ivar", "Instruktørsen"), role=PathwayMember.Role.INSTRUCTOR
    )
    return {"user": coordinator, "starting": starting, "training": training}
