"""The domain functions: the plan made once from the curriculum, goal rows changed one
progress step at a time, the trade teacher's comments, and the assessment's lifecycle by
persona: allowed and refused steps, locked after the instructor signs, stale versions."""

from __future__ import annotations

import pytest

from fagvei.audit.models import Event
from fagvei.core.domain import DomainError, StaleObject
from fagvei.plans import services
from fagvei.plans.models import Assessment, AssessmentStatus, PlanComment, PlanGoal, TrainingPlan
from tests.plans.conftest import signed, written

pytestmark = pytest.mark.django_db


def test_the_plan_is_made_from_the_curriculums_goals_once(plan, pathway, manager, instructor):
    assert plan.goals.count() == 4
    again = services.create_plan(actor=instructor, pathway_id=pathway.pk)
    assert again.pk == plan.pk and TrainingPlan.objects.filter(pathway=pathway).count() == 1
    event = Event.objects.get(verb="plan.created")
    assert set(event.data) == {"plan", "goals"}


def test_a_pathway_without_curriculum_gets_a_clear_message(pathway, manager, cast):
    pathway.curriculum = None
    pathway.save()
    with pytest.raises(DomainError, match="læreplan"):
        services.create_plan(actor=manager, pathway_id=pathway.pk)


def test_those_who_do_not_keep_the_plan_cannot_make_or_change_it(pathway, mentor, teacher, participant, plan):
    row = plan.goals.first()
    for user in (mentor, teacher, participant):
        with pytest.raises(DomainError):
            services.create_plan(actor=user, pathway_id=pathway.pk)
        with pytest.raises(DomainError):
            services.update_plan_goal(actor=user, plan_goal_id=row.pk, expected_version=row.version)


def test_a_goal_moves_one_step_at_a_time(plan, instructor, mentor):
    row = plan.goals.first()
    with pytest.raises(DomainError, match="ett steg"):
        services.update_plan_goal(actor=instructor, plan_goal_id=row.pk, expected_version=1, status="achieved")
    row = services.update_plan_goal(
        actor=instructor,
        plan_goal_id=row.pk,
        expected_version=1,
        half_year=1,
        tasks="Morgenstell på avdeling 2",
        responsible=mentor.person_id,
        status="in_progress",
    )
    row = services.update_plan_goal(
        actor=instructor,
        plan_goal_id=row.pk,
        expected_version=row.version,
        half_year=1,
        status="achieved",
        evidence="Observert av instruktør",
    )
    assert PlanGoal.objects.get(pk=row.pk).status == "achieved"
    with pytest.raises(StaleObject):
        services.update_plan_goal(actor=instructor, plan_goal_id=row.pk, expected_version=1, status="in_progress")
    # Events keep codes, never the typed text.
    for event in Event.objects.filter(verb="plan.goal_updated"):
        assert "Morgenstell" not in str(event.data)


def test_the_responsible_is_one_of_the_pathways_people(plan, instructor, other_coordinator):
    row = plan.goals.first()
    with pytest.raises(DomainError) as refused:
        services.update_plan_goal(
            actor=instructor, plan_goal_id=row.pk, expected_version=1, responsible=other_coordinator.person_id
        )
    assert refused.value.field == "responsible"
    with pytest.raises(DomainError) as refused:
        services.update_plan_goal(actor=instructor, plan_goal_id=row.pk, expected_version=1, half_year=9)
    assert refused.value.field == "half_year"


def test_only_the_trade_teacher_comments(plan, pathway, teacher, manager):
    services.add_plan_comment(actor=teacher, pathway_id=pathway.pk, text="Godt samsvar med skolens plan.")
    with pytest.raises(DomainError):
        services.add_plan_comment(actor=manager, pathway_id=pathway.pk, text="Nei")
    with pytest.raises(DomainError):
        services.add_plan_comment(actor=teacher, pathway_id=pathway.pk, text="  ")
    assert PlanComment.objects.count() == 1


def test_the_assessment_walks_draft_to_read(draft, instructor, manager, participant):
    assert draft.goals.count() == 4
    a = written(draft, instructor)
    a = services.sign_as_instructor(actor=instructor, assessment_id=a.pk, expected_version=a.version)
    assert a.status == AssessmentStatus.INSTRUCTOR_SIGNED and a.instructor_signed_by == instructor
    a = services.sign_as_manager(actor=manager, assessment_id=a.pk, expected_version=a.version)
    assert a.manager_signed_at is not None
    a = services.confirm_read(actor=participant, assessment_id=a.pk, expected_version=a.version)
    assert Assessment.objects.get(pk=a.pk).status == AssessmentStatus.READ and a.read_at is not None


def test_each_step_is_refused_to_the_wrong_role_and_out_of_order(draft, instructor, manager, participant, coordinator):
    a = written(draft, coordinator)  # a manager of the pathway may draft
    for user, step in (
        (manager, services.sign_as_instructor),
        (coordinator, services.sign_as_instructor),
        (participant, services.sign_as_instructor),
        (instructor, services.sign_as_manager),
        (instructor, services.confirm_read),
    ):
        with pytest.raises(DomainError):
            step(actor=user, assessment_id=a.pk, expected_version=a.version)
    with pytest.raises(DomainError, match="ikke mulig"):
        services.sign_as_manager(actor=manager, assessment_id=a.pk, expected_version=a.version)
    with pytest.raises(DomainError, match="ikke mulig"):
        services.confirm_read(actor=participant, assessment_id=a.pk, expected_version=a.version)


def test_signing_needs_the_overall_comment(draft, instructor):
    with pytest.raises(DomainError, match="Helhetsvurderingen er ikke skrevet"):
        services.sign_as_instructor(actor=instructor, assessment_id=draft.pk, expected_version=draft.version)


def test_the_content_is_locked_after_the_instructor_signs(draft, instructor, manager):
    a = written(draft, instructor)
    a = services.sign_as_instructor(actor=instructor, assessment_id=a.pk, expected_version=a.version)
    with pytest.raises(DomainError, match="kan ikke lenger endres"):
        services.update_assessment(actor=manager, assessment_id=a.pk, expected_version=a.version, overall="Ny")
    assert Assessment.objects.get(pk=a.pk).overall == "God framgang i første halvår."


def test_a_stale_version_is_refused(draft, instructor):
    written(draft, instructor)
    with pytest.raises(StaleObject):
        services.update_assessment(actor=instructor, assessment_id=draft.pk, expected_version=1, overall="X")
    with pytest.raises(StaleObject):
        services.sign_as_instructor(actor=instructor, assessment_id=draft.pk, expected_version=1)


def test_one_assessment_per_half_year(draft, pathway, manager):
    with pytest.raises(DomainError) as refused:
        services.create_assessment(actor=manager, pathway_id=pathway.pk, half_year=1)
    assert refused.value.field == "half_year"
    with pytest.raises(DomainError):
        services.create_assessment(actor=manager, pathway_id=pathway.pk, half_year=0)


def test_an_assessment_without_a_plan_takes_the_curriculums_goals(pathway, manager, cast):
    a = services.create_assessment(actor=manager, pathway_id=pathway.pk, half_year=2)
    assert a.goals.count() == 4


def test_a_foreign_goal_row_is_refused(draft, instructor, manager, pathway):
    other = services.create_assessment(actor=manager, pathway_id=pathway.pk, half_year=2)
    foreign = other.goals.first()
    with pytest.raises(DomainError):
        services.update_assessment(
            actor=instructor,
            assessment_id=draft.pk,
            expected_version=draft.version,
            goals={foreign.pk: {"status": "masters"}},
        )


def test_fully_signed(draft, instructor, manager):
    assert signed(draft, instructor, manager).fully_signed
