"""People pages. Thin: fetch and authorise, parse, call one domain function, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fagvei.accounts.access import require_caseworker, scope_for
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.core.forms import submit
from fagvei.core.lists import list_page
from fagvei.organisations.access import caseworker_organisation, visible_organisations
from fagvei.pathways.access import visible_pathways
from fagvei.pathways.models import PathwayMember

from . import services
from .access import get_person_for, person_list_query
from .forms import PersonForm, PersonSearchForm
from .models import Person

# How many row-history entries the person page shows; older ones are in the admin.
HISTORY_LIMIT = 30
# Fields of the row history a reader may see the names of (never the values).
HISTORY_FIELDS = (*services.EDITABLE_FIELDS, "registered_by_organisation")


@dataclass(frozen=True)
class HistoryEntry:
    at: Any
    user: Any
    kind: str  # "created", "changed", "deleted"
    fields: list[str]


def _history(person: Person) -> list[HistoryEntry]:
    """Who changed which fields when, from the row history. Field names only: the
    history holds the old national identity numbers, which must not be shown."""
    history: Any = person.history  # type: ignore[attr-defined]
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: HISTORY_LIMIT + 1])
    labels = {f: str(getattr(Person._meta.get_field(f), "verbose_name", f)) for f in HISTORY_FIELDS}
    attnames = {f: getattr(Person._meta.get_field(f), "attname", f) for f in HISTORY_FIELDS}
    entries: list[HistoryEntry] = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if len(entries) == HISTORY_LIMIT:
            break
        fields: list[str] = []
        if newer.history_type == "+":
            kind = "created"
        elif newer.history_type == "-":
            kind = "deleted"
        else:
            kind = "changed"
            fields = [
                labels[f]
                for f, attname in attnames.items()
                if older is None or getattr(newer, attname) != getattr(older, attname)
            ]
            if not fields:
                # A save that changed nothing we show (e.g. only the version).
                continue
        entries.append(HistoryEntry(at=newer.history_date, user=newer.history_user, kind=kind, fields=fields))
    return entries


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    return list_page(
        request,
        "people/person_list.html",
        person_list_query(request.user),
        form=PersonSearchForm(request.GET or None),
        context={"can_create": scope_for(request.user).is_caseworker},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    require_caseworker(request.user)
    form = PersonForm(request.POST or None)
    person = submit(
        request,
        form,
        lambda data: services.create_person(
            actor=request.user, data=form.domain_data(), organisation=caseworker_organisation(request.user)
        ),
    )
    if person:
        messages.success(request, _("%(name)s has been registered.") % {"name": person.full_name})
        return redirect("person_detail", person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": None})


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for(request.user, pk)
    log_access(request, person)
    pathways = visible_pathways(request.user)
    context = {
        "person": person,
        "registered_by": (
            visible_organisations(request.user)
            .filter(pk=person.registered_by_organisation_id)
            .only("id", "name")
            .first()
            if person.registered_by_organisation_id
            else None
        ),
        "pathways": list(pathways.filter(participant=person).order_by("-referred_at", "-id")),
        "roles": list(
            PathwayMember.objects.filter(person=person, pathway__in=pathways.values("pk"))
            .select_related("pathway__participant", "pathway__trade")
            .order_by("pathway__participant__last_name", "role", "id")
        ),
        "history": _history(person),
    }
    return render(request, "people/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for(request.user, pk, write=True)
    # The form shows the full national identity number: log the read.
    log_access(request, person, purpose=AccessLog.Purpose.VIEW, detail="edit form")
    # Binding the form changes the instance; the page keeps showing the saved name.
    name = person.full_name
    form = PersonForm(request.POST or None, instance=person)
    saved = submit(
        request,
        form,
        lambda data: services.update_person(
            actor=request.user,
            person_id=person.pk,
            expected_version=data.get("version") or 0,
            data=form.domain_data(),
        ),
    )
    if saved:
        messages.success(request, _("The details of %(name)s have been saved.") % {"name": name})
        return redirect("person_detail", person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person, "name": name})
