"""The deadlines tests' cast: a participant in training for three weeks with an
instructor and no guidance yet (the weekly guidance is overdue, seed 001)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fagvei.pathways.models import PathwayMember
from tests.factories import make_pathway, make_person, make_user


@pytest.fixture
def training(scheme: Any, coordinator: Any) -> Any:
    pathway = make_pathway(
        scheme,
        stage="in_training",
        coordinator=coordinator,
        participant=make_person("Amina", "Lærling"),
        started_on=timezone.localdate() - dt.timedelta(days=21),
    )
    instructor = make_user(None, username="instruktoren", person=make_person("Ivar", "Instruktør"))
    PathwayMember.objects.create(pathway=pathway, person=instructor.person, role=PathwayMember.Role.INSTRUCTOR)
    return pathway, instructor
