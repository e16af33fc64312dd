"""Exam pages: the coordinator's overview (/exams/), a pathway's exams, one step of an
entry, a teacher's recommendation and the participation certificate. Thin: fetch and
authorise, parse, call one domain function, render. Every page works without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.core import clock
from fagvei.core.forms import submit

from . import overview, pdfs, services
from .access import entries_of, get_entry_for, get_exams_for, latest_recommendations
from .forms import (
    HoldForm,
    PlanForm,
    PostponeForm,
    RecommendationForm,
    RegisterForm,
    ResultForm,
    ScheduleForm,
    VersionForm,
    WithdrawForm,
)
from .lifecycle import STEPS, allowed
from .models import Kind
from .progress import certificate_for, norwegian_progress, trade_test_plan


def _status(request: HttpRequest) -> int:
    # A posted form returned with its errors is 422, as on every other page.
    return 422 if request.method == "POST" else 200


def _steps(entry: Any) -> list[Any]:
    return [step for name, step in STEPS.items() if name != "schedule" and allowed(name, entry)]


@login_required
@require_http_methods(["GET", "POST"])
def pathway_exams(request: HttpRequest, pk: int) -> HttpResponse:
    """A pathway's exams and tests; those who manage it plan a new one here (POST)."""
    pathway = get_exams_for(request.user, pk, write=request.method == "POST")
    rights = pathway.exam_rights
    form = PlanForm(request.POST or None) if rights.manage else None
    if form is not None and submit(
        request,
        form,
        lambda data: services.plan_entry(actor=request.user, pathway_id=pathway.pk, **form.domain_data()),
    ):
        messages.success(request, _("The exam has been planned."))
        return redirect("pathway_exams", pathway.pk)
    entries = entries_of(pathway)
    log_access(request, pathway, detail="exams")
    context = {
        "pathway": pathway,
        "rights": rights,
        "form": form,
        "entries": [(e, _steps(e) if rights.manage else []) for e in entries],
        "plan": trade_test_plan(pathway),
        "norwegian": norwegian_progress(pathway, entries),
        "recommendations": latest_recommendations(pathway),
        "certificate": certificate_for(pathway) is not None and (rights.manage or rights.participant),
        "today": clock.today(),
    }
    return render(request, "exams/pathway_exams.html", context, status=_status(request))


STEP_FORMS: dict[str, Any] = {
    "register": RegisterForm,
    "schedule": ScheduleForm,
    "hold": HoldForm,
    "record_result": ResultForm,
    "postpone": PostponeForm,
    "retake": VersionForm,
    "withdraw": WithdrawForm,
    "fee": VersionForm,
}


def _perform(request: HttpRequest, name: str, entry: Any, form: Any) -> Any:
    actor, data = request.user, form.cleaned_data
    ids: dict[str, Any] = {"actor": actor, "entry_id": entry.pk, "expected_version": data["version"]}
    if name == "register":
        return services.register_entry(
            **ids,
            registered_at=data["registered_at"],
            fee_paid=data.get("fee_paid", False),
            subjects_confirmed=data.get("subjects_confirmed", False),
        )
    if name == "schedule":
        return services.schedule_entry(
            **ids,
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            site=data.get("site", ""),
            site_contact=data.get("site_contact", ""),
        )
    if name == "hold":
        return services.hold_entry(**ids, held_on=data["held_on"])
    if name == "record_result":
        return services.record_result(**ids, **form.domain_kwargs())
    if name == "postpone":
        return services.postpone_entry(**ids, absence_documented=data["absence_documented"], note=data["note"])
    if name == "retake":
        return services.plan_new_test(**ids)
    if name == "fee":
        return services.record_fee_paid(**ids)
    return services.withdraw_entry(**ids, note=data["note"])


@login_required
@require_http_methods(["GET", "POST"])
def exam_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One step of an entry: its form on GET, the step on POST (those who manage the pathway)."""
    if name not in STEP_FORMS:
        raise Http404
    entry = get_entry_for(request.user, pk, write=True)
    pathway = entry.pathway
    form_class = STEP_FORMS[name]
    takes_entry = form_class not in (VersionForm, PostponeForm, WithdrawForm)
    kwargs: dict[str, Any] = {"entry": entry} if takes_entry else {}
    data = request.POST if request.method == "POST" else None
    form = form_class(data, request.FILES or None, initial={"version": entry.version}, **kwargs)
    if submit(request, form, lambda _data: _perform(request, name, entry, form)):
        messages.success(request, _("Saved: %(step)s.") % {"step": _step_label(name)})
        return redirect("pathway_exams", pathway.pk)
    context = {
        "pathway": pathway,
        "entry": entry,
        "form": form,
        "title": _step_label(name),
        "plan": trade_test_plan(pathway) if entry.kind == Kind.TRADE_TEST else None,
    }
    return render(request, "exams/step_form.html", context, status=_status(request))


def _step_label(name: str) -> str:
    if name == "fee":
        return _("Record the fee as paid")
    return str(STEPS[name].label)


@login_required
@require_http_methods(["GET", "POST"])
def exam_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    """The trade teacher's or the Norwegian teacher's recommendation of when to register."""
    pathway = get_exams_for(request.user, pk, recommend=True)
    form = RecommendationForm(request.POST or None, kinds=pathway.exam_rights.recommends)
    if submit(
        request,
        form,
        lambda data: services.recommend_registration(
            actor=request.user,
            pathway_id=pathway.pk,
            kind=data["kind"],
            register_from=data["register_from"],
            note=data.get("note", ""),
        ),
    ):
        messages.success(request, _("The recommendation has been recorded."))
        return redirect("pathway_exams", pathway.pk)
    context = {"pathway": pathway, "form": form, "title": _("Recommend when to register"), "entry": None}
    return render(request, "exams/step_form.html", context, status=_status(request))


@login_required
@require_GET
def exam_certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The participation certificate (deltakerbevis, seed 002): for those who manage the
    pathway and its participant, once the participant is closed after passing."""
    pathway = get_exams_for(request.user, pk)
    rights = pathway.exam_rights
    if not (rights.manage or rights.participant):
        raise Http404
    certificate = certificate_for(pathway)
    if certificate is None:
        raise Http404
    data = pdfs.certificate_pdf(certificate, request)
    log_access(request, pathway, purpose=AccessLog.Purpose.EXPORT, detail="deltakerbevis pdf")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="deltakerbevis-{pathway.pk}.pdf"'
    return response


@login_required
@require_GET
def exam_overview(request: HttpRequest) -> HttpResponse:
    """The coordinator's exams: the coming written-exam windows and who is planned for
    each, trade-test registrations due or late, and results to record."""
    return render(request, "exams/overview.html", overview.overview_for(request.user, clock.today()))
