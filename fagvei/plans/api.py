"""Training plans and half-yearly assessments in the API: a pathway's plan with its goals
(read, make), a plan goal changed, a comment on the plan; a pathway's assessments (list,
start), one assessment (read, change while a draft), its steps (sign as instructor, sign
as professional manager, confirm read). The same access helpers and domain functions as
the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from fagvei.api.base import REFUSALS, WRITE_REFUSALS, oslo
from fagvei.api.base import lazy as _
from fagvei.audit.services import log_access
from fagvei.core.domain import DomainError

from . import services
from .access import get_assessment_for, get_plan_pathway_for, pathway_assessments
from .coverage import coverage
from .lifecycle import ROLE, TRANSITIONS
from .models import AssessmentStatus, GoalAssessment, PlanGoal, Progress, TrainingPlan

router = Router(tags=["plans"])


class PersonRef(Schema):
    id: int
    name: str


class PlanGoalOut(Schema):
    id: int
    goal_id: int
    goal_code: str
    goal_text: str
    goal_set: str
    half_year: int | None
    tasks: str
    responsible: PersonRef | None
    status: Progress
    evidence: str
    version: int


class CommentOut(Schema):
    id: int
    text: str
    author: str
    written_at: dt.datetime


class CoverageOut(Schema):
    total: int
    planned: int
    underway: int
    achieved: int
    no_evidence: int


class PlanOut(Schema):
    id: int
    pathway_id: int
    created_at: dt.datetime
    goals: list[PlanGoalOut]
    comments: list[CommentOut]
    coverage: CoverageOut
    can_edit: bool
    can_comment: bool


class PlanGoalIn(Schema):
    version: int = Field(description="The version read: an older one is refused with 409.")
    half_year: int | None = Field(None, description="1–8, counted from the training start; null: not placed.")
    tasks: str = ""
    responsible: int | None = Field(None, description="A person id among the people in a role on the pathway.")
    status: Progress = Progress.NOT_STARTED
    evidence: str = ""


class CommentIn(Schema):
    text: str


class AssessmentGoalOut(Schema):
    id: int
    goal_id: int
    goal_text: str
    status: GoalAssessment
    comment: str


class AssessmentSummary(Schema):
    id: int
    pathway_id: int
    half_year: int
    status: AssessmentStatus


class AssessmentOut(AssessmentSummary):
    overall: str
    instructor_signed_at: dt.datetime | None
    instructor_signed_by: str | None
    manager_signed_at: dt.datetime | None
    manager_signed_by: str | None
    read_at: dt.datetime | None
    version: int
    goals: list[AssessmentGoalOut]
    can_edit: bool
    allowed_steps: list[str] = Field(description="The steps the user may take now (POST …/steps/{name}).")


class AssessmentIn(Schema):
    half_year: int = Field(description="1–8; one assessment per half-year.")


class AssessmentGoalIn(Schema):
    id: int = Field(description="The id of the assessment's goal row.")
    status: GoalAssessment | None = None
    comment: str | None = None


class AssessmentPatch(Schema):
    version: int
    overall: str | None = None
    goals: list[AssessmentGoalIn] = Field(default_factory=list)


class VersionIn(Schema):
    version: int = Field(description="The version read: an older one is refused with 409.")


def _person(person: Any) -> dict[str, Any] | None:
    return None if person is None else {"id": person.pk, "name": str(person)}


def _goal(row: PlanGoal) -> dict[str, Any]:
    return {
        "id": row.pk,
        "goal_id": row.goal_id,
        "goal_code": row.goal.code,
        "goal_text": row.goal.text,
        "goal_set": row.goal.set_title or row.goal.set_code,
        "half_year": row.half_year,
        "tasks": row.tasks,
        "responsible": _person(row.responsible),
        "status": row.status,
        "evidence": row.evidence,
        "version": row.version,
    }


def _plan(pathway: Any) -> dict[str, Any]:
    plan = TrainingPlan.objects.filter(pathway_id=pathway.pk).first()
    if plan is None:
        raise Http404
    rows = list(plan.goals.select_related("goal", "responsible"))
    whole, _sets = coverage(rows)
    return {
        "id": plan.pk,
        "pathway_id": pathway.pk,
        "created_at": oslo(plan.created_at),
        "goals": [_goal(r) for r in rows],
        "comments": [
            {"id": c.pk, "text": c.text, "author": c.author.display_name, "written_at": oslo(c.written_at)}
            for c in plan.comments.select_related("author__person")
        ],
        "coverage": {
            "total": whole.total,
            "planned": whole.planned,
            "underway": whole.underway,
            "achieved": whole.achieved,
            "no_evidence": whole.no_evidence,
        },
        "can_edit": pathway.can_edit_plan,
        "can_comment": pathway.can_comment_plan,
    }


def _summary(a: Any) -> dict[str, Any]:
    return {"id": a.pk, "pathway_id": a.pathway_id, "half_year": a.half_year, "status": a.status}


def _assessment(a: Any) -> dict[str, Any]:
    pathway = a.pathway
    steps = [
        name
        for name, t in TRANSITIONS.items()
        if a.status in t.sources and ROLE[name] in pathway.plan_roles and not t.missing(a)
    ]
    return {
        **_summary(a),
        "overall": a.overall,
        "instructor_signed_at": oslo(a.instructor_signed_at),
        "instructor_signed_by": a.instructor_signed_by.display_name if a.instructor_signed_by else None,
        "manager_signed_at": oslo(a.manager_signed_at),
        "manager_signed_by": a.manager_signed_by.display_name if a.manager_signed_by else None,
        "read_at": oslo(a.read_at),
        "version": a.version,
        "goals": [
            {"id": r.pk, "goal_id": r.goal_id, "goal_text": r.goal.text, "status": r.status, "comment": r.comment}
            for r in a.goals.select_related("goal")
        ],
        "can_edit": pathway.can_edit_plan and not a.locked,
        "allowed_steps": steps,
    }


@router.get(
    "/pathways/{pathway_id}/plan",
    response={200: PlanOut, **REFUSALS},
    summary=_("A pathway's training plan"),
    description=_(
        "The plan with its competence goals, the trade teacher's comments and the coverage. Read by those who "
        "manage the pathway, its professional manager, instructor, mentor, trade teacher, Norwegian teacher and "
        "participant; 404 when it has no plan."
    ),
)
def get_plan(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_plan_pathway_for(request.user, pathway_id)
    out = _plan(pathway)
    log_access(request, TrainingPlan.objects.get(pk=out["id"]))
    return out


@router.post(
    "/pathways/{pathway_id}/plan",
    response={201: PlanOut, **WRITE_REFUSALS},
    summary=_("Make a pathway's training plan"),
    description=_("From the competence goals of the pathway's curriculum; the existing plan when there is one."),
)
def create_plan(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_plan_pathway_for(request.user, pathway_id, write=True)
    services.create_plan(actor=request.user, pathway_id=pathway.pk)
    return Status(201, _plan(pathway))


@router.patch(
    "/pathways/{pathway_id}/plan/goals/{goal_id}",
    response={200: PlanGoalOut, **WRITE_REFUSALS},
    summary=_("Change a goal in the training plan"),
    description=_(
        "Half-year, workplace tasks, responsible, progress (not_started → in_progress → achieved, one step at a "
        "time) and evidence. Give every field; `version` as read."
    ),
)
def patch_plan_goal(request: HttpRequest, pathway_id: int, goal_id: int, payload: PlanGoalIn) -> Any:
    pathway = get_plan_pathway_for(request.user, pathway_id, write=True)
    if not PlanGoal.objects.filter(pk=goal_id, plan__pathway_id=pathway.pk).exists():
        raise Http404
    services.update_plan_goal(
        actor=request.user,
        plan_goal_id=goal_id,
        expected_version=payload.version,
        half_year=payload.half_year,
        tasks=payload.tasks,
        responsible=payload.responsible,
        status=payload.status,
        evidence=payload.evidence,
    )
    return _goal(PlanGoal.objects.select_related("goal", "responsible").get(pk=goal_id))


@router.post(
    "/pathways/{pathway_id}/plan/comments",
    response={201: CommentOut, **WRITE_REFUSALS},
    summary=_("Comment on the training plan"),
    description=_("By the trade teacher on the pathway; a comment is kept as written."),
)
def add_comment(request: HttpRequest, pathway_id: int, payload: CommentIn) -> Any:
    pathway = get_plan_pathway_for(request.user, pathway_id)
    if not pathway.can_comment_plan:
        raise PermissionDenied
    c = services.add_plan_comment(actor=request.user, pathway_id=pathway.pk, text=payload.text)
    return Status(201, {"id": c.pk, "text": c.text, "author": c.author.display_name, "written_at": oslo(c.written_at)})


@router.get(
    "/pathways/{pathway_id}/assessments",
    response={200: list[AssessmentSummary], **REFUSALS},
    summary=_("List a pathway's half-yearly assessments"),
    description=_("All of them for those who draft them; for the other readers, those signed by both."),
)
def list_assessments(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_plan_pathway_for(request.user, pathway_id)
    return [_summary(a) for a in pathway_assessments(pathway)]


@router.post(
    "/pathways/{pathway_id}/assessments",
    response={201: AssessmentOut, **WRITE_REFUSALS},
    summary=_("Start a half-yearly assessment"),
    description=_("One per half-year, with a row for each goal of the plan (or of the curriculum)."),
)
def create_assessment(request: HttpRequest, pathway_id: int, payload: AssessmentIn) -> Any:
    pathway = get_plan_pathway_for(request.user, pathway_id, write=True)
    a = services.create_assessment(actor=request.user, pathway_id=pathway.pk, half_year=payload.half_year)
    return Status(201, _assessment(get_assessment_for(request.user, a.pk)))


@router.get("/assessments/{assessment_id}", response={200: AssessmentOut, **REFUSALS}, summary=_("One assessment"))
def get_assessment(request: HttpRequest, assessment_id: int) -> Any:
    a = get_assessment_for(request.user, assessment_id)
    log_access(request, a)
    return _assessment(a)


@router.patch(
    "/assessments/{assessment_id}",
    response={200: AssessmentOut, **WRITE_REFUSALS},
    summary=_("Change a draft assessment"),
    description=_("The overall comment and the goal rows, while a draft; refused after the instructor's signature."),
)
def patch_assessment(request: HttpRequest, assessment_id: int, payload: AssessmentPatch) -> Any:
    a = get_assessment_for(request.user, assessment_id, write=True)
    if not getattr(a.pathway, "can_edit_plan", False):
        raise PermissionDenied
    goals = {
        g.id: {k: v for k, v in (("status", g.status), ("comment", g.comment)) if v is not None} for g in payload.goals
    }
    services.update_assessment(
        actor=request.user,
        assessment_id=a.pk,
        expected_version=payload.version,
        overall=payload.overall,
        goals=goals,
    )
    return _assessment(get_assessment_for(request.user, a.pk))


@router.post(
    "/assessments/{assessment_id}/steps/{name}",
    response={200: AssessmentOut, **WRITE_REFUSALS},
    summary=_("Sign or confirm an assessment"),
    description=_(
        "`sign_instructor` (the instructor on the pathway; locks the content), `sign_manager` (the professional "
        "manager), `confirm_read` (the participant). A JSON body with the `version` read."
    ),
)
def take_step(request: HttpRequest, assessment_id: int, name: str, payload: VersionIn) -> Any:
    a = get_assessment_for(request.user, assessment_id, write=True)
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise DomainError(
            _("Not a step of an assessment: sign_instructor, sign_manager or confirm_read."), field="name"
        )
    transition.perform(actor=request.user, assessment_id=a.pk, expected_version=payload.version)
    return _assessment(get_assessment_for(request.user, a.pk))
