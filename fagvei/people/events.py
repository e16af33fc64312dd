"""How the people app's events read (registered with ``fagvei.core.registry``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.domain import field_label
from fagvei.core.registry import register_events

from .models import Person

VERB_LABELS: dict[str, Any] = {
    "person.created": _("Person registered"),
    "person.updated": _("Person's details changed"),
}


def read_details(data: dict[str, Any]) -> list[str]:
    if not data.get("fields"):
        return []
    names = ", ".join(field_label(Person, f) for f in data["fields"])
    return [str(_("Changed: %(fields)s") % {"fields": names})]


def register() -> None:
    register_events(VERB_LABELS, read_details)
