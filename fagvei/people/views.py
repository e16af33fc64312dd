"""People pages. Thin: fetch and authorise, parse, call one domain function, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fagvei.accounts.access import (
    get_person_for,
    require_caseworker,
    scope_for,
    visible_organisations,
    visible_pathways,
    visible_people,
)
from fagvei.accounts.models import CASEWORKER_ROLES
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.core.forms import submit
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import PathwayMember

from . import services
from .forms import PersonForm, PersonSearchForm
from .models import Person

# How many row-history entries the person page shows; older ones are in the admin.
HISTORY_LIMIT = 30
# Fields of the row history a reader may see the names of (never the values).
HISTORY_FIELDS = (*services.EDITABLE_FIELDS, "registered_by_organisation")


def _search(qs: QuerySet[Any], text: str) -> QuerySet[Any]:
    # Every word must match the first or the last name ("kari nord" finds Kari Nordmann).
    for word in text.split()[:5]:
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return qs


def _caseworker_organisation(user: Any) -> Organisation | None:
    """The organisation that registers the people this user creates: the first where the
    user holds a caseworker role. An administrator may have none."""
    return (
        Organisation.objects.filter(memberships__user=user, memberships__role__in=CASEWORKER_ROLES)
        .order_by("memberships__id")
        .first()
    )


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
    form = PersonSearchForm(request.GET or None)
    qs = visible_people(request.user)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("q"):
        qs = _search(qs, form.cleaned_data["q"])
    # Only what the list shows: the national identity number is never read here.
    qs = qs.only("id", "first_name", "last_name", "birth_date", "preferred_language").order_by(
        Lower("last_name"), Lower("first_name"), "id"
    )
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_create": scope_for(request.user).is_caseworker}
    if getattr(request, "htmx", False):
        return render(request, "people/person_list.html#results", context)
    return render(request, "people/person_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    require_caseworker(request.user)
    form = PersonForm(request.POST or None)
    person = submit(
        request,
        form,
        lambda data: services.create_person(
            actor=request.user, data=form.domain_data(), organisation=_caseworker_organisation(request.user)
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
