"""Shared pieces of the domain layer: the refusal error, optimistic locking, model
validation as a refusal, and the date bounds every date field keeps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fagvei.lib.dates import MAX_DATE, MIN_DATE, is_sane


class DomainError(Exception):
    """A domain function refused. ``messages`` are shown to the user as they are."""

    def __init__(self, *messages: Any, field: str | None = None) -> None:
        super().__init__(*messages)
        self.messages = [str(m) for m in messages]
        self.field = field

    def __str__(self) -> str:
        return " ".join(self.messages)


class StaleObject(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _("Someone else changed this while you were editing. Reload the page and try again."),
        )


def lock(model: type[models.Model], pk: Any, *, expected_version: int | None = None) -> Any:
    """Fetch a row with a row lock (``SELECT … FOR UPDATE``; on SQLite the write
    transaction is IMMEDIATE, so the whole database is locked) and check its version.

    Call inside ``transaction.atomic()``.
    """
    obj = model._default_manager.select_for_update().get(pk=pk)
    if expected_version is not None and getattr(obj, "version", None) != expected_version:
        raise StaleObject()
    return obj


def validate_sane_date(value: Any) -> None:
    """Model and form validator: dates between 1900 and 2100 (see ``fagvei.lib.dates``)."""
    if value is not None and not is_sane(value):
        raise ValidationError(
            _("The date must be between %(first)s and %(last)s.")
            % {
                "first": formats.date_format(MIN_DATE, "SHORT_DATE_FORMAT"),
                "last": formats.date_format(MAX_DATE, "SHORT_DATE_FORMAT"),
            },
            code="date_out_of_range",
        )


def field_label(model: Any, field: str) -> str:
    """The field's name as a user reads it ("Planned end")."""
    try:
        return str(capfirst(getattr(model._meta.get_field(field), "verbose_name", field)))
    except FieldDoesNotExist:
        return field


def validate(obj: models.Model, exclude: list[str] | None = None) -> None:
    """``full_clean`` with its messages turned into a refusal. Each message names its
    field ("Planned end: …"), so it reads on its own; when one field is at fault the
    refusal names it, so a form shows the message on that field (without the label)."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors = exc.message_dict
        messages = [m if f == "__all__" else f"{field_label(obj, f)}: {m}" for f, ms in errors.items() for m in ms]
        fields = [f for f in errors if f != "__all__"]
        raise DomainError(*messages, field=fields[0] if len(errors) == 1 and fields else None) from exc
