"""The training plan's pages and the half-yearly assessments' pages: thin views over the
access helpers (access.py) and the domain functions (services.py); no JavaScript needed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.core.forms import perform, submit, take_step
from fagvei.core.transitions import offers

from . import pdfs, services
from .access import get_assessment_for, get_plan_pathway_for, pathway_assessments
from .coverage import coverage
from .forms import AssessmentForm, CommentForm, NewAssessmentForm, PlanGoalForm
from .lifecycle import ROLE, TRANSITIONS
from .models import Assessment, PlanGoal, TrainingPlan
from .periods import half_year_choices, half_year_label


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A PDF as a download, never kept in a cache (personal data); the name holds ids only."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _people(pathway: Any) -> dict[int, str]:
    """The people in a role on the pathway, who may be responsible for a goal."""
    people: dict[int, str] = {}
    for member in pathway.members.select_related("person"):
        people.setdefault(member.person_id, str(member.person))
    return people


def _plan_context(pathway: Any) -> dict[str, Any]:
    plan = TrainingPlan.objects.filter(pathway_id=pathway.pk).select_related("created_by").first()
    context: dict[str, Any] = {"pathway": pathway, "plan": plan}
    if plan is None:
        return context
    rows = list(plan.goals.select_related("goal", "responsible"))
    for row in rows:
        row.period = half_year_label(pathway, row.half_year)  # type: ignore[attr-defined]
    whole, sets = coverage(rows)
    context.update(
        whole=whole,
        sets=sets,
        comments=list(plan.comments.select_related("author__person")),
        comment_form=CommentForm() if pathway.can_comment_plan else None,
    )
    return context


@login_required
@require_http_methods(["GET", "POST"])
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan and its coverage; a POST (by one who keeps the plan) makes it."""
    pathway = get_plan_pathway_for(request.user, pk, write=request.method == "POST")
    if request.method == "POST":
        perform(
            request,
            lambda: services.create_plan(actor=request.user, pathway_id=pathway.pk),
            _("The training plan has been made."),
        )
        return redirect("plan_detail", pathway.pk)
    context = _plan_context(pathway)
    if context["plan"] is not None:
        log_access(request, context["plan"])
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_POST
def plan_comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_plan_pathway_for(request.user, pk)
    if not pathway.can_comment_plan:
        raise PermissionDenied
    form = CommentForm(request.POST)
    added = submit(
        request,
        form,
        lambda data: services.add_plan_comment(actor=request.user, pathway_id=pathway.pk, text=data["text"]),
    )
    if added:
        messages.success(request, _("The comment has been added."))
        return redirect("plan_detail", pathway.pk)
    context = _plan_context(pathway)
    context["comment_form"] = form
    return render(request, "plans/plan_detail.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def plan_goal_edit(request: HttpRequest, pk: int, gid: int) -> HttpResponse:
    pathway = get_plan_pathway_for(request.user, pk, write=True)
    row = PlanGoal.objects.select_related("goal", "plan").filter(pk=gid, plan__pathway_id=pathway.pk).first()
    if row is None:
        raise Http404
    initial = {
        "half_year": row.half_year,
        "tasks": row.tasks,
        "responsible": row.responsible_id,
        "status": row.status,
        "evidence": row.evidence,
        "version": row.version,
    }
    form = PlanGoalForm(
        request.POST or None, half_years=half_year_choices(pathway), people=_people(pathway), initial=initial
    )
    saved = submit(
        request,
        form,
        lambda data: services.update_plan_goal(
            actor=request.user,
            plan_goal_id=row.pk,
            expected_version=data["version"],
            half_year=data["half_year"],
            tasks=data["tasks"],
            responsible=data["responsible"],
            status=data["status"],
            evidence=data["evidence"],
        ),
    )
    if saved:
        messages.success(request, _("The goal in the plan has been saved."))
        return redirect("plan_detail", pathway.pk)
    return render(
        request,
        "plans/plan_goal_form.html",
        {"pathway": pathway, "row": row, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_plan_pathway_for(request.user, pk)
    context = _plan_context(pathway)
    if context["plan"] is None:
        raise Http404
    data = pdfs.plan_pdf(context, request)
    log_access(request, context["plan"], purpose=AccessLog.Purpose.EXPORT, detail="plan pdf")
    return _pdf_response(data, f"plan-{pathway.pk}.pdf")


# Assessments ---------------------------------------------------------------------------


def _waiting_for(assessment: Assessment) -> str:
    """Whose step is next, in words."""
    return {
        "draft": _("Awaits the instructor's signature"),
        "instructor_signed": _("Awaits the professional manager's signature"),
        "manager_signed": _("Awaits the participant's confirmation"),
        "read": _("Read by the participant"),
    }[assessment.status]


@login_required
@require_http_methods(["GET", "POST"])
def assessment_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The pathway's assessments the user may read; "new" for those who draft them."""
    pathway = get_plan_pathway_for(request.user, pk, write=request.method == "POST")
    form = (
        NewAssessmentForm(request.POST or None, half_years=half_year_choices(pathway))
        if pathway.can_edit_plan
        else None
    )
    if form is not None:
        created = submit(
            request,
            form,
            lambda data: services.create_assessment(
                actor=request.user, pathway_id=pathway.pk, half_year=data["half_year"]
            ),
        )
        if created:
            messages.success(request, _("The assessment has been started."))
            return redirect("assessment_detail", created.pk)
    items = list(pathway_assessments(pathway))
    for item in items:
        item.period = half_year_label(pathway, item.half_year)
        item.waiting = _waiting_for(item)
    return render(
        request,
        "plans/assessment_list.html",
        {"pathway": pathway, "assessments": items, "form": form},
        status=422 if request.method == "POST" else 200,
    )


def _detail_context(request: HttpRequest, assessment: Assessment, form: Any = None) -> dict[str, Any]:
    pathway: Any = assessment.pathway
    rows = list(assessment.goals.select_related("goal"))
    editable = pathway.can_edit_plan and not assessment.locked
    if editable and form is None:
        form = AssessmentForm(initial={"overall": assessment.overall, "version": assessment.version}, rows=rows)
    roles = pathway.plan_roles
    mine = [
        o
        for o in offers(TRANSITIONS, assessment, assessment.status, lambda a, fix: "")
        if ROLE[o.transition.name] in roles
    ]
    return {
        "pathway": pathway,
        "assessment": assessment,
        "period": half_year_label(pathway, assessment.half_year),
        "rows": rows,
        "form": form if editable else None,
        "offers": mine,
        "waiting": _waiting_for(assessment),
    }


@login_required
@require_http_methods(["GET", "POST"])
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment; while a draft, its goal rows and overall comment are edited here."""
    assessment = get_assessment_for(request.user, pk, write=request.method == "POST")
    if request.method == "POST":
        if not getattr(assessment.pathway, "can_edit_plan", False):
            raise PermissionDenied
        rows = list(assessment.goals.select_related("goal"))
        form = AssessmentForm(request.POST, rows=rows)
        saved = submit(
            request,
            form,
            lambda data: services.update_assessment(
                actor=request.user,
                assessment_id=assessment.pk,
                expected_version=data["version"],
                overall=data["overall"],
                goals=form.goal_values(),
            ),
        )
        if saved:
            messages.success(request, _("The assessment has been saved."))
            return redirect("assessment_detail", assessment.pk)
        if assessment.locked:
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
            return redirect("assessment_detail", assessment.pk)
        return render(request, "plans/assessment_detail.html", _detail_context(request, assessment, form), status=422)
    log_access(request, assessment)
    return render(request, "plans/assessment_detail.html", _detail_context(request, assessment))


@login_required
@require_POST
def assessment_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk, write=True)
    take_step(request, TRANSITIONS, name, assessment_id=assessment.pk)
    return redirect("assessment_detail", assessment.pk)


@login_required
@require_GET
def assessment_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment as a PDF; a draft or one awaiting a signature is marked as a draft."""
    assessment = get_assessment_for(request.user, pk)
    context = _detail_context(request, assessment)
    context["draft"] = not assessment.fully_signed
    data = pdfs.assessment_pdf(context, request)
    log_access(request, assessment, purpose=AccessLog.Purpose.EXPORT, detail="assessment pdf")
    return _pdf_response(data, f"assessment-{assessment.pk}.pdf")
