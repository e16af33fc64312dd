"""Domain functions for people: register and correct a person, atomic and audited.

The national identity number (fødselsnummer / D-number) is personal data of the most
sensitive ordinary kind: it never goes into an event, a log line, a URL or a message.
Events name the changed fields only.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer

from fagvei.accounts.access import scope_for
from fagvei.accounts.models import CASEWORKER_ROLES
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_read, record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, lock, validate
from fagvei.lib.norwegian_numbers import clean_national_id

from .access import can_manage_person
from .models import Person

# Fields a caseworker may set with ``create_person`` and ``update_person``. Who
# registered the person is decided by the caller, not by the form.
EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "national_id",
    "email",
    "phone",
    "address",
    "preferred_language",
)


# Says no more than that the number cannot be used: "already registered" would tell a
# caseworker that a person outside their scope exists (issue 6, item 5).
DUPLICATE_NATIONAL_ID = gettext_lazy(
    "This national identity number cannot be used. The administrator can help if you think it is right."
)
TOO_MANY_LOOKUPS = gettext_lazy(
    "You have checked many national identity numbers in a short time. Try again in an hour, or ask the administrator."
)
BIRTH_DATE_MISMATCH = gettext_lazy("The date of birth does not match the national identity number.")
BIRTH_DATE_IN_FUTURE = gettext_lazy("The date of birth cannot be in the future.")


def normalise_national_id(value: Any) -> str:
    """The compact 11 digits when the number is valid; otherwise the input stripped, so
    that the model validator reports it."""
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        return clean_national_id(text)
    except ValueError:
        return text


def birth_date_from_national_id(national_id: str) -> dt.date | None:
    """The birth date a valid number encodes (D- and H-numbers included), or None for
    invalid numbers and FH-numbers, which carry no birth date by design."""
    if not national_id:
        return None
    try:
        clean_national_id(national_id)
        return fodselsnummer.get_birth_date(national_id)
    except (ValueError, StdnumError):
        return None


def birth_date_problem(birth_date: dt.date | None, national_id: str) -> Any:
    """Why the birth date cannot be right, or None. Used by the form (early feedback)
    and by the domain functions (the rule itself)."""
    if birth_date is None:
        return None
    if birth_date > clock.today():
        return BIRTH_DATE_IN_FUTURE
    encoded = birth_date_from_national_id(national_id)
    if encoded is not None and encoded != birth_date:
        # The first six digits of a fødselsnummer or D-number are the birth date.
        return BIRTH_DATE_MISMATCH
    return None


def _check(person: Person) -> None:
    """The rules beyond the model's own validation, before ``full_clean`` so that the
    duplicate gets its own message rather than the constraint's generic one."""
    if person.national_id:
        duplicates = Person.objects.filter(national_id=person.national_id)
        if person.pk:
            duplicates = duplicates.exclude(pk=person.pk)
        if duplicates.exists():
            raise DomainError(DUPLICATE_NATIONAL_ID, field="national_id")
    validate(person)
    problem = birth_date_problem(person.birth_date, person.national_id)
    if problem is not None:
        raise DomainError(problem, field="birth_date")


LOOKUP_WINDOW_SECONDS = 3600


def _count_lookup(user_id: int) -> int:
    """This user's lookups in the current clock hour, this one included. The count is
    saved with an explicit timeout each time: the database cache's ``incr`` would save it
    again with the default five minutes and forget it early. Two lookups at the very same
    moment may be counted once; a limit of tens per hour does not hinge on that."""
    window = int(time.time() // LOOKUP_WINDOW_SECONDS)
    key = f"fagvei:national-id-lookups:{user_id}:{window}"
    count = int(cache.get(key, 0)) + 1
    cache.set(key, count, timeout=LOOKUP_WINDOW_SECONDS)
    return count


def check_national_id_free(actor: Any, national_id: str, *, exclude_pk: int | None = None) -> None:
    """Refuse a number that belongs to another person, without saying whose or where.

    Each lookup counts against the user's hourly limit (a shared cache, so every worker
    counts the same), and a hit is written to the access log as a read of that person by
    this user: a caseworker who probes numbers leaves a trace. Runs outside the caller's
    transaction, so the trace stays when the save is refused."""
    if not national_id:
        return
    if actor is not None and getattr(actor, "pk", None) is not None:
        if _count_lookup(actor.pk) > settings.NATIONAL_ID_LOOKUPS_PER_HOUR:
            raise DomainError(TOO_MANY_LOOKUPS, field="national_id")
    holders = Person.objects.filter(national_id=national_id)
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    holder = holders.only("pk").first()
    if holder is None:
        return
    if actor is not None and getattr(actor, "pk", None) is not None:
        log_read(actor, holder, purpose=AccessLog.Purpose.LOOKUP, detail="national identity number matched")
    raise DomainError(DUPLICATE_NATIONAL_ID, field="national_id")


def _save(person: Person, **kwargs: Any) -> None:
    try:
        # A savepoint, so that a lost race on the unique number leaves the outer
        # transaction usable and the refusal reads like the checked one.
        with transaction.atomic():
            person.save(**kwargs)
    except IntegrityError as exc:
        raise DomainError(DUPLICATE_NATIONAL_ID, field="national_id") from exc


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {f: data[f] for f in EDITABLE_FIELDS if f in data}
    for name in ("first_name", "last_name", "email", "phone", "address"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "national_id" in cleaned:
        cleaned["national_id"] = normalise_national_id(cleaned["national_id"])
    return cleaned


def create_person(*, actor: Any, data: dict[str, Any], organisation: Any) -> Person:
    """Register a person, registered by ``organisation`` (the caseworker's own), so that
    caseworkers there find the person before any pathway exists."""
    check_national_id_free(actor, normalise_national_id(data.get("national_id")))
    with transaction.atomic():
        if actor is not None:
            # The view has already authorised; this guards callers outside views. A
            # system caller (an import) passes no actor.
            scope = scope_for(actor)
            if not scope.is_caseworker:
                raise DomainError(_("You may not register people."))
            own = scope.orgs_with(*CASEWORKER_ROLES)
            if not scope.is_admin and (organisation is None or organisation.pk not in own):
                raise DomainError(_("You may only register people for your own organisation."))
        values = _clean_data(data)
        person = Person(registered_by_organisation=organisation, **values)
        if person.birth_date is None:
            # Saves typing and keeps the two consistent: the number encodes the date.
            person.birth_date = birth_date_from_national_id(person.national_id)
        _check(person)
        _save(person)
        given = [f for f in EDITABLE_FIELDS if getattr(person, f) not in ("", None)]
        record_event("person.created", person, actor=actor, data={"fields": given})
    return person


def update_person(*, actor: Any, person_id: int, expected_version: int, data: dict[str, Any]) -> Person:
    """Correct a person's details. A save based on a stale version is refused."""
    new_id = normalise_national_id(data.get("national_id"))
    if new_id and not Person.objects.filter(pk=person_id, national_id=new_id).exists():
        check_national_id_free(actor, new_id, exclude_pk=person_id)
    with transaction.atomic():
        person: Person = lock(Person, person_id, expected_version=expected_version)
        if actor is not None and not can_manage_person(actor, person):
            raise DomainError(_("You may not change this person."))
        values = _clean_data(data)
        changed = [f for f in EDITABLE_FIELDS if f in values and getattr(person, f) != values[f]]
        if not changed:
            return person
        for field in changed:
            setattr(person, field, values[field])
        if person.birth_date is None and person.national_id:
            person.birth_date = birth_date_from_national_id(person.national_id)
            if person.birth_date is not None and "birth_date" not in changed:
                changed.append("birth_date")
        _check(person)
        person.version += 1
        _save(person, update_fields=[*changed, "version"])
        record_event("person.updated", person, actor=actor, data={"fields": changed})
    return person
