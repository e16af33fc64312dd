"""People in the API: the same access helpers, forms and domain functions as the pages
(fagvei/people/views.py). The national identity number is never in a list; a person's
full number is given only to those who may change the person, and that read is logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from fagvei.accounts.access import require_caseworker
from fagvei.api.base import REFUSALS, WRITE_REFUSALS, PageLinks, form_data, page_links, valid
from fagvei.api.base import lazy as _
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.core.lists import read_page
from fagvei.organisations.access import caseworker_organisation

from . import services
from .access import get_person_for, person_list_query
from .forms import PersonForm, PersonSearchForm
from .models import Person
from .services import EDITABLE_FIELDS

router = Router(tags=["people"])

Language = Person.Language


class PersonItem(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: dt.date | None
    preferred_language: str


class PersonPage(PageLinks):
    items: list[PersonItem]


class PersonOut(PersonItem):
    national_id_masked: str | None
    # Only for those who may change the person (the edit form's reader); else null.
    national_id: str | None
    email: str
    phone: str
    address: str
    registered_by_organisation_id: int | None
    version: int
    can_manage: bool


class PersonIn(Schema):
    first_name: str | None = None
    last_name: str | None = None
    birth_date: dt.date | None = None
    national_id: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    preferred_language: str | None = None


class PersonChange(PersonIn):
    # The version read: a change based on an older one is refused (409).
    version: int


class PersonFilters(Schema):
    q: str | None = None
    page: int = 1


def _out(request: HttpRequest, person: Any) -> dict[str, Any]:
    full = bool(person.can_manage)
    if full and person.national_id:
        log_access(request, person, purpose=AccessLog.Purpose.VIEW, detail="api: national identity number")
    return {
        **{f: getattr(person, f) for f in PersonItem.model_fields},
        "national_id_masked": person.masked_national_id if person.national_id else None,
        "national_id": (person.national_id or None) if full else None,
        "email": person.email,
        "phone": person.phone,
        "address": person.address,
        "registered_by_organisation_id": person.registered_by_organisation_id,
        "version": person.version,
        "can_manage": full,
    }


@router.get(
    "/",
    response={200: PersonPage, **REFUSALS},
    summary=_("List the people you see"),
    description=_(
        "Ordered by last name, then first name (Norwegian order), then id; 25 a page. `q`"
        " searches the names. Never the national identity number."
    ),
)
def list_people(request: HttpRequest, filters: Query[PersonFilters]) -> Any:
    data = valid(PersonSearchForm(request.GET))
    page = read_page(person_list_query(request.user), data, filters.page)
    items = [{f: getattr(p, f) for f in PersonItem.model_fields} for p in page.object_list]
    return {**page_links(request, page), "items": items}


@router.get("/{person_id}", response={200: PersonOut, **REFUSALS}, summary=_("One person"))
def get_person(request: HttpRequest, person_id: int) -> Any:
    person = get_person_for(request.user, person_id)
    log_access(request, person)
    return _out(request, person)


@router.post(
    "/",
    response={201: PersonOut, **WRITE_REFUSALS},
    summary=_("Register a person"),
    description=_(
        "Registered by your own organisation, as on the page. The date of birth is taken "
        "from the national identity number when it is left out."
    ),
)
def create_person(request: HttpRequest, payload: PersonIn) -> Any:
    require_caseworker(request.user)
    form = PersonForm(form_data(payload, {"preferred_language": Language.NB}))
    valid(form)
    person = services.create_person(
        actor=request.user, data=form.domain_data(), organisation=caseworker_organisation(request.user)
    )
    person.can_manage = True  # type: ignore[attr-defined]
    return Status(201, _out(request, person))


@router.patch(
    "/{person_id}",
    response={200: PersonOut, **WRITE_REFUSALS},
    summary=_("Change a person's details"),
    description=_("Only the fields sent change. `version` is the one read; an older one gives 409."),
)
def change_person(request: HttpRequest, person_id: int, payload: PersonChange) -> Any:
    person = get_person_for(request.user, person_id, write=True)
    current = {f: getattr(person, f) for f in EDITABLE_FIELDS}
    form = PersonForm(form_data(payload, current), instance=person)
    data = valid(form)
    saved = services.update_person(
        actor=request.user, person_id=person.pk, expected_version=data["version"], data=form.domain_data()
    )
    saved.can_manage = True  # type: ignore[attr-defined]
    return _out(request, saved)
