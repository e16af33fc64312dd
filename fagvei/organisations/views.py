"""Organisation pages. Thin: fetch and authorise, parse, call one domain function, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fagvei.accounts.access import require_caseworker, scope_for
from fagvei.core.domain import DomainError
from fagvei.core.forms import submit
from fagvei.core.lists import list_page
from fagvei.pathways.access import visible_pathways

from . import services
from .access import caseworker_organisation, get_organisation_for, organisation_list_query, visible_organisations
from .forms import ApprovalStatusForm, OrganisationFilterForm, OrganisationForm, TradeApprovalForm
from .models import Organisation, TradeApproval

# The detail page lists at most this many member companies and pathways, so that a
# large training office or municipality costs the same as a small one.
DETAIL_LIMIT = 100

# What the button that moves an approval to a status says.
STATUS_ACTIONS: dict[str, Any] = {
    TradeApproval.Status.ACTIVE: gettext_lazy("Register as approved again"),
    TradeApproval.Status.LAPSED: gettext_lazy("Register as lapsed"),
    TradeApproval.Status.WITHDRAWN: gettext_lazy("Register as withdrawn"),
}


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    return list_page(
        request,
        "organisations/organisation_list.html",
        organisation_list_query(request.user),
        form=OrganisationFilterForm(request.GET or None),
        context={"can_create": scope_for(request.user).is_caseworker},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    require_caseworker(request.user)
    initial = {}
    if request.GET.get("kind") in Organisation.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = OrganisationForm(request.POST or None, initial=initial)
    organisation = submit(
        request,
        form,
        lambda data: services.create_organisation(
            actor=request.user, data=form.domain_data(), registered_by=caseworker_organisation(request.user)
        ),
    )
    if organisation:
        messages.success(request, _("%(name)s has been registered.") % {"name": organisation.name})
        return redirect("organisation_detail", organisation.pk)
    return render(request, "organisations/organisation_form.html", {"form": form, "organisation": None})


@login_required
@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for(request.user, pk)
    parent = None
    if organisation.training_office_id:
        parent = visible_organisations(request.user).filter(pk=organisation.training_office_id).first()
    members: list[Organisation] = []
    member_count = 0
    if organisation.kind == Organisation.Kind.TRAINING_OFFICE:
        member_qs = visible_organisations(request.user).filter(training_office=organisation)
        members = list(member_qs.order_by(Lower("name"), "id")[: DETAIL_LIMIT + 1])
        member_count = member_qs.count() if len(members) > DETAIL_LIMIT else len(members)
        members = members[:DETAIL_LIMIT]
    # Each approval with the statuses it may move to (the buttons on the page).
    approvals = [
        (
            approval,
            [
                (value, STATUS_ACTIONS[value])
                for value in TradeApproval.Status.values
                if value in services.APPROVAL_TRANSITIONS.get(approval.status, frozenset())
            ],
        )
        for approval in organisation.approvals.select_related("trade").order_by("trade__name", "id")
    ]
    pathway_qs = visible_pathways(request.user).filter(Q(workplace=organisation) | Q(scheme__organisation=organisation))
    pathways = list(
        pathway_qs.order_by(Lower("participant__last_name"), Lower("participant__first_name"), "id")[: DETAIL_LIMIT + 1]
    )
    pathway_count = pathway_qs.count() if len(pathways) > DETAIL_LIMIT else len(pathways)
    context = {
        "organisation": organisation,
        "parent": parent,
        "members": members,
        "member_count": member_count,
        "approvals": approvals,
        "pathways": pathways[:DETAIL_LIMIT],
        "pathway_count": pathway_count,
    }
    return render(request, "organisations/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for(request.user, pk, write=True)
    # Binding the form changes the instance; the page keeps showing the saved name.
    name = organisation.name
    form = OrganisationForm(request.POST or None, instance=organisation)
    saved = submit(
        request,
        form,
        lambda data: services.update_organisation(
            actor=request.user,
            organisation_id=organisation.pk,
            expected_version=data.get("version") or 0,
            data=form.domain_data(),
        ),
    )
    if saved:
        messages.success(request, _("The details of %(name)s have been saved.") % {"name": name})
        return redirect("organisation_detail", organisation.pk)
    return render(
        request, "organisations/organisation_form.html", {"form": form, "organisation": organisation, "name": name}
    )


@login_required
@require_http_methods(["GET", "POST"])
def approval_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for(request.user, pk)
    if not organisation.can_register_approval:
        raise PermissionDenied
    form = TradeApprovalForm(request.POST or None, county_decides=organisation.can_decide_approvals)
    approval = submit(
        request,
        form,
        lambda data: services.add_trade_approval(
            actor=request.user,
            organisation_id=organisation.pk,
            trade=data["trade"],
            approved_on=data["approved_on"],
            decided_by=data.get("decided_by", ""),
            reference=data.get("reference", ""),
        ),
    )
    if approval:
        messages.success(
            request,
            _("%(name)s is registered as approved for %(trade)s.")
            % {"name": organisation.name, "trade": approval.trade.name},
        )
        return redirect("organisation_detail", organisation.pk)
    return render(request, "organisations/approval_form.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def approval_status(request: HttpRequest, pk: int, approval_pk: int) -> HttpResponse:
    organisation = get_organisation_for(request.user, pk)
    if not organisation.can_decide_approvals:
        raise PermissionDenied
    if not organisation.approvals.filter(pk=approval_pk).exists():
        raise Http404
    form = ApprovalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status for the approval."))
        return redirect("organisation_detail", organisation.pk)
    try:
        approval = services.set_trade_approval_status(
            actor=request.user,
            organisation_id=organisation.pk,
            approval_id=approval_pk,
            status=form.cleaned_data["status"],
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The approval for %(trade)s is now: %(status)s.")
            % {"trade": approval.trade.name, "status": approval.get_status_display().lower()},
        )
    return redirect("organisation_detail", organisation.pk)
