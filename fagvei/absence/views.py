"""Absence pages. Thin: fetch and authorise (access.py), parse, call one domain function
(services.py), render. A page showing reasons logs the read (special-category data)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.core.forms import perform, submit

from . import services
from .access import Sight, get_absence_for, get_absence_pathway_for
from .forms import AbsenceForm, DeleteForm
from .models import Absence
from .summary import standing


def contract_links(pathway: Any, state: Any) -> dict[str, bool]:
    """Whether to offer the contract's interruption and change request: when the
    threshold is reached, to those who manage the pathway (the contract pages' own rule)."""
    offer = bool(state.threshold_reached and state.contract is not None and getattr(pathway, "can_manage", False))
    return {"offer_contract": offer}


def _page(request: HttpRequest, pathway: Any, form: AbsenceForm | None, status: int = 200) -> HttpResponse:
    sight = pathway.absence_sight
    periods: list[Absence] = []
    if sight >= Sight.PERIODS:
        periods = list(Absence.objects.filter(pathway_id=pathway.pk).order_by("-starts_on", "-id"))
    state = standing(pathway, periods=periods if sight >= Sight.PERIODS else None)
    if sight >= Sight.REASONS:
        log_access(request, pathway, purpose=AccessLog.Purpose.SENSITIVE, detail="absence")
    return render(
        request,
        "absence/pathway_absence.html",
        {
            "pathway": pathway,
            "state": state,
            "periods": periods,
            "show_periods": sight >= Sight.PERIODS,
            "show_reasons": sight >= Sight.REASONS,
            "form": form if sight >= Sight.REASONS else None,
            **contract_links(pathway, state),
        },
        status=status,
    )


@login_required
@require_GET
def pathway_absence(request: HttpRequest, pk: int) -> HttpResponse:
    """The pathway's absence: the rate and threshold, the periods (as the user may see
    them), and for those who register absence the form to register a period."""
    pathway = get_absence_pathway_for(request.user, pk)
    return _page(request, pathway, AbsenceForm())


@login_required
@require_POST
def pathway_absence_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a period (the form of the absence page; 422 with the page on a refusal)."""
    pathway = get_absence_pathway_for(request.user, pk, write=True)
    form = AbsenceForm(request.POST)
    created = submit(
        request,
        form,
        lambda data: services.register_absence(
            actor=request.user,
            pathway_id=pathway.pk,
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            hours=data["hours"],
            note=data["note"],
        ),
    )
    if created:
        messages.success(request, _("The absence has been registered."))
        return redirect("pathway_absence", pathway.pk)
    return _page(request, pathway, form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def absence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a period (those who register absence)."""
    absence = get_absence_for(request.user, pk, write=True)
    initial = {
        "kind": absence.kind,
        "starts_on": absence.starts_on,
        "ends_on": absence.ends_on,
        "hours": absence.hours,
        "note": absence.note,
        "version": absence.version,
    }
    form = AbsenceForm(request.POST or None, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.update_absence(
            actor=request.user,
            absence_id=absence.pk,
            expected_version=data["version"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            hours=data["hours"],
            note=data["note"],
        ),
    )
    if saved:
        messages.success(request, _("The absence has been corrected."))
        return redirect("pathway_absence", absence.pathway_id)
    log_access(request, absence, purpose=AccessLog.Purpose.SENSITIVE)
    return render(
        request,
        "absence/absence_edit.html",
        {"absence": absence, "pathway": absence.pathway, "form": form, "delete_form": DeleteForm(initial=initial)},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def absence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    absence = get_absence_for(request.user, pk, write=True)
    form = DeleteForm(request.POST)
    # Without the version read, nothing is deleted (0 is no period's version: refused as stale).
    version = form.cleaned_data["version"] if form.is_valid() else 0
    perform(
        request,
        lambda: services.delete_absence(actor=request.user, absence_id=absence.pk, expected_version=version),
        _("The absence has been deleted."),
    )
    return redirect("pathway_absence", absence.pathway_id)
