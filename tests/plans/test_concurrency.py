"""Two people at once: two who make the plan at the same moment get the same one (the
pathway row is locked, and the database keeps one plan per pathway); two who save a goal
row or sign an assessment based on the same version — one stands, the other is told to
reload. Threads against PostgreSQL (on SQLite a write transaction locks the whole file)."""

from __future__ import annotations

import pytest
from django.db import connection

from fagvei.core.domain import DomainError
from fagvei.plans import services
from fagvei.plans.models import PlanGoal, TrainingPlan
from tests.support.threads import together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("threads need a database server")


def test_two_who_make_the_plan_at_once_get_one(pathway, manager, instructor, cast):
    results = together(
        lambda: services.create_plan(actor=manager, pathway_id=pathway.pk),
        lambda: services.create_plan(actor=instructor, pathway_id=pathway.pk),
    )
    assert TrainingPlan.objects.filter(pathway=pathway).count() == 1
    assert all(isinstance(r, TrainingPlan) for r in results), results
    assert results[0].pk == results[1].pk
    assert PlanGoal.objects.filter(plan__pathway=pathway).count() == 4


def test_two_saves_of_the_same_version_one_stands(plan, manager, instructor):
    row = plan.goals.first()
    results = together(
        lambda: services.update_plan_goal(
            actor=manager, plan_goal_id=row.pk, expected_version=1, tasks="A", status="in_progress"
        ),
        lambda: services.update_plan_goal(
            actor=instructor, plan_goal_id=row.pk, expected_version=1, tasks="B", status="in_progress"
        ),
    )
    refused = [r for r in results if isinstance(r, DomainError)]
    saved = [r for r in results if isinstance(r, PlanGoal)]
    assert len(refused) == 1 and len(saved) == 1, results
    assert PlanGoal.objects.get(pk=row.pk).tasks == saved[0].tasks
