"""Domain functions for training plans and half-yearly assessments: one per change,
atomic, row-locked, versioned, audited; events carry ids and codes, never typed text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject, lock
from fagvei.curricula.models import CompetenceGoal
from fagvei.pathways.access import can_manage_pathway
from fagvei.pathways.models import Pathway

from .access import EDIT_ROLES, roles_on
from .lifecycle import ROLE, SIGNER_FIELD, TRANSITIONS, progress_allowed
from .models import (
    MAX_HALF_YEAR,
    Assessment,
    AssessmentGoal,
    AssessmentStatus,
    GoalAssessment,
    PlanComment,
    PlanGoal,
    Progress,
    TrainingPlan,
)

MAX_TEXT = 20_000
STEP_VERBS = {
    "sign_instructor": "assessment.signed_by_instructor",
    "sign_manager": "assessment.signed_by_manager",
    "confirm_read": "assessment.read",
}


def may_edit(actor: Any, pathway: Pathway) -> bool:
    """ol. § 7-10, seed 001: those who manage the pathway, its professional manager and
    its instructor keep the plan and draft the assessments."""
    return can_manage_pathway(actor, pathway) or bool(roles_on(actor, pathway) & EDIT_ROLES)


def _text(value: Any, field: str, label: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise DomainError(_("%(field)s: at most %(n)s characters.") % {"field": label, "n": MAX_TEXT}, field=field)
    return text


def _half_year(value: Any, *, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            raise DomainError(_("Half-year: choose the half-year."), field="half_year")
        return None
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Half-year: choose a half-year from 1 to 8."), field="half_year") from exc
    if not 1 <= number <= MAX_HALF_YEAR:
        raise DomainError(_("Half-year: choose a half-year from 1 to 8."), field="half_year")
    return number


def _curriculum_goals(pathway: Pathway) -> list[CompetenceGoal]:
    if pathway.curriculum_id is None:
        raise DomainError(
            _("The pathway has no curriculum. Choose the curriculum on the pathway before making the plan.")
        )
    goals = list(CompetenceGoal.objects.filter(curriculum_id=pathway.curriculum_id).order_by("position", "id"))
    if not goals:
        raise DomainError(_("The pathway's curriculum has no competence goals."))
    return goals


def _pathway_event(verb: str, obj: Any, pathway: Pathway, actor: Any, **data: Any) -> None:
    record_event(verb, obj, actor=actor, pathway=pathway, data=data)


# The plan -----------------------------------------------------------------------------


def create_plan(*, actor: Any, pathway_id: int) -> TrainingPlan:
    """Make the pathway's plan from its curriculum's competence goals; the plan that is
    already there when two ask at once (the pathway row is locked; the database keeps one)."""
    with transaction.atomic():
        pathway: Pathway = lock(Pathway, pathway_id)
        if not may_edit(actor, pathway):
            raise DomainError(_("You may not make the training plan for this pathway."))
        existing = TrainingPlan.objects.filter(pathway_id=pathway.pk).first()
        if existing is not None:
            return existing
        goals = _curriculum_goals(pathway)
        try:
            with transaction.atomic():
                plan = TrainingPlan.objects.create(pathway=pathway, created_by=actor, created_at=clock.now())
        except IntegrityError as exc:
            raise DomainError(_("The pathway already has a training plan.")) from exc
        PlanGoal.objects.bulk_create([PlanGoal(plan=plan, goal=g) for g in goals])
        _pathway_event("plan.created", plan, pathway, actor, plan=plan.pk, goals=len(goals))
    return plan


def _people_on(pathway: Pathway) -> set[int]:
    return set(pathway.members.values_list("person_id", flat=True))


def update_plan_goal(
    *,
    actor: Any,
    plan_goal_id: int,
    expected_version: int | None,
    half_year: Any = None,
    tasks: str = "",
    responsible: Any = None,
    status: str = Progress.NOT_STARTED,
    evidence: str = "",
) -> PlanGoal:
    """Place a goal in a half-year, with its tasks, the one responsible (a person in a
    role on the pathway), its progress (one step at a time) and its evidence."""
    with transaction.atomic():
        row: PlanGoal = lock(PlanGoal, plan_goal_id, expected_version=expected_version)
        plan = TrainingPlan.objects.select_related("pathway").get(pk=row.plan_id)
        pathway = plan.pathway
        if not may_edit(actor, pathway):
            raise DomainError(_("You may not change this training plan."))
        row.half_year = _half_year(half_year, required=False)
        row.tasks = _text(tasks, "tasks", _("Workplace tasks"))
        row.evidence = _text(evidence, "evidence", _("Evidence"))
        if responsible in (None, ""):
            row.responsible_id = None
        else:
            try:
                person_id = int(responsible)
            except (TypeError, ValueError) as exc:
                raise DomainError(_("Responsible: choose one of the pathway's people."), field="responsible") from exc
            if person_id not in _people_on(pathway):
                raise DomainError(_("Responsible: choose one of the pathway's people."), field="responsible")
            row.responsible_id = person_id
        if status not in Progress.values:
            raise DomainError(_("Progress: choose one of the choices."), field="status")
        if not progress_allowed(row.status, status):
            raise DomainError(
                _("Progress: a goal goes from “%(from)s” to “%(to)s” one step at a time.")
                % {"from": Progress(row.status).label, "to": Progress(status).label},
                field="status",
            )
        old_status = row.status
        row.status = status
        row.updated_at = clock.now()
        row.version += 1
        row.save()
        data: dict[str, Any] = {"plan": plan.pk, "plan_goal": row.pk, "goal": row.goal_id}
        if old_status != status:
            data["status"] = status
        _pathway_event("plan.goal_updated", row, pathway, actor, **data)
    return row


def add_plan_comment(*, actor: Any, pathway_id: int, text: str) -> PlanComment:
    """The trade teacher's comment on the plan, with author and time; kept, not edited."""
    with transaction.atomic():
        pathway: Pathway = lock(Pathway, pathway_id)
        if "trade_teacher" not in roles_on(actor, pathway):
            raise DomainError(_("Only the trade teacher on the pathway comments on the plan."))
        plan = TrainingPlan.objects.filter(pathway_id=pathway.pk).first()
        if plan is None:
            raise DomainError(_("The pathway has no training plan yet."))
        body = _text(text, "text", _("Comment"))
        if not body:
            raise DomainError(_("Comment: this field is required."), field="text")
        comment = PlanComment.objects.create(plan=plan, text=body, author=actor, written_at=clock.now())
        _pathway_event("plan.commented", comment, pathway, actor, plan=plan.pk, comment=comment.pk)
    return comment


# Assessments ---------------------------------------------------------------------------


def create_assessment(*, actor: Any, pathway_id: int, half_year: Any) -> Assessment:
    """Start a half-yearly assessment (ofo. § 9-13) for a half-year, one row per goal of
    the plan (or of the curriculum when there is no plan); one per half-year."""
    with transaction.atomic():
        pathway: Pathway = lock(Pathway, pathway_id)
        if not may_edit(actor, pathway):
            raise DomainError(_("You may not write assessments for this pathway."))
        number = _half_year(half_year, required=True)
        assert number is not None
        if Assessment.objects.filter(pathway_id=pathway.pk, half_year=number).exists():
            raise DomainError(
                _("Half-year: there is already an assessment for half-year %(n)s.") % {"n": number}, field="half_year"
            )
        plan = TrainingPlan.objects.filter(pathway_id=pathway.pk).first()
        if plan is not None:
            goal_ids = list(plan.goals.order_by("goal__position", "goal_id").values_list("goal_id", flat=True))
        else:
            goal_ids = [g.pk for g in _curriculum_goals(pathway)]
        assessment = Assessment.objects.create(
            pathway=pathway, half_year=number, created_by=actor, created_at=clock.now()
        )
        AssessmentGoal.objects.bulk_create([AssessmentGoal(assessment=assessment, goal_id=g) for g in goal_ids])
        _pathway_event("assessment.created", assessment, pathway, actor, assessment=assessment.pk, half_year=number)
    return assessment


def _locked(actor: Any, assessment_id: int, expected_version: int | None) -> tuple[Assessment, Pathway]:
    assessment: Assessment = lock(Assessment, assessment_id)
    if expected_version is not None and assessment.version != expected_version:
        raise StaleObject()
    pathway = Pathway.objects.get(pk=assessment.pathway_id)
    return assessment, pathway


def update_assessment(
    *,
    actor: Any,
    assessment_id: int,
    expected_version: int | None,
    overall: str | None = None,
    goals: Mapping[int, Mapping[str, Any]] | None = None,
) -> Assessment:
    """Write the overall comment and, per goal row (by the row's id), the status and a
    comment, while the assessment is a draft. Refused after the instructor's signature."""
    with transaction.atomic():
        assessment, pathway = _locked(actor, assessment_id, expected_version)
        if not may_edit(actor, pathway):
            raise DomainError(_("You may not change this assessment."))
        if assessment.locked:
            # ofo. § 9-13: what was signed stands; a new assessment is written instead.
            raise DomainError(_("The assessment has been signed by the instructor and can no longer be changed."))
        if overall is not None:
            assessment.overall = _text(overall, "overall", _("Overall comment"))
        rows = {r.pk: r for r in assessment.goals.all()}
        changed = []
        for raw_id, values in (goals or {}).items():
            try:
                row = rows[int(raw_id)]
            except (TypeError, ValueError, KeyError) as exc:
                raise DomainError(_("Goals: a goal row is not part of this assessment."), field="goals") from exc
            if "status" in values:
                if values["status"] not in GoalAssessment.values:
                    raise DomainError(_("Assessment: choose one of the choices."), field="goals")
                row.status = values["status"]
            if "comment" in values:
                row.comment = _text(values["comment"], "goals", _("Comment"))
            changed.append(row)
        if changed:
            AssessmentGoal.objects.bulk_update(changed, ["status", "comment"])
        assessment.version += 1
        assessment.save(update_fields=["overall", "version"])
        _pathway_event("assessment.updated", assessment, pathway, actor, assessment=assessment.pk, rows=len(changed))
    return assessment


def _step(name: str, actor: Any, assessment_id: int, expected_version: int | None) -> Assessment:
    transition = TRANSITIONS[name]
    with transaction.atomic():
        assessment, pathway = _locked(actor, assessment_id, expected_version)
        if ROLE[name] not in roles_on(actor, pathway):
            raise DomainError(
                {
                    "sign_instructor": _("Only the instructor on the pathway signs as instructor."),
                    "sign_manager": _("Only the professional manager on the pathway signs as professional manager."),
                    "confirm_read": _("Only the participant confirms having read the assessment."),
                }[name]
            )
        if assessment.status not in transition.sources:
            raise DomainError(
                _("“%(action)s” is not possible when the assessment is “%(status)s”.")
                % {"action": transition.label, "status": assessment.get_status_display()}
            )
        missing = transition.missing(assessment)
        if missing:
            raise DomainError(*missing)
        assessment.status = transition.target
        setattr(assessment, transition.timestamp_field, clock.now())
        setattr(assessment, SIGNER_FIELD[name], actor)
        assessment.version += 1
        assessment.save(update_fields=["status", transition.timestamp_field, SIGNER_FIELD[name], "version"])
        _pathway_event(STEP_VERBS[name], assessment, pathway, actor, assessment=assessment.pk, status=assessment.status)
    return assessment


def sign_as_instructor(*, actor: Any, assessment_id: int, expected_version: int | None = None) -> Assessment:
    """ofo. § 9-13: the instructor signs; from now on the content is locked."""
    return _step("sign_instructor", actor, assessment_id, expected_version)


def sign_as_manager(*, actor: Any, assessment_id: int, expected_version: int | None = None) -> Assessment:
    """Seed 001: the professional manager co-signs; the participant may then read it."""
    return _step("sign_manager", actor, assessment_id, expected_version)


def confirm_read(*, actor: Any, assessment_id: int, expected_version: int | None = None) -> Assessment:
    """The participant confirms having read the signed assessment (recorded with time)."""
    return _step("confirm_read", actor, assessment_id, expected_version)


__all__ = ["AssessmentStatus", "create_plan", "create_assessment"]
