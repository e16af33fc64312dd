"""How the organisation app's events read (registered with ``fagvei.core.registry``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.domain import field_label
from fagvei.core.registry import register_events

from .models import Organisation, TradeApproval

VERB_LABELS: dict[str, Any] = {
    "organisation.created": _("Organisation registered"),
    "organisation.updated": _("Organisation's details changed"),
    "approval.added": _("Trade approval registered"),
    "approval.status_changed": _("Trade approval changed"),
}
SOURCES: dict[str, Any] = {
    "county": _("Decided by the county"),
    "registered_decision": _("The county's decision, registered with its reference"),
}


def read_details(data: dict[str, Any]) -> list[str]:
    details: list[str] = []
    if data.get("source") in SOURCES:
        details.append(str(SOURCES[data["source"]]))
    if "to" in data:
        status = dict(TradeApproval.Status.choices)
        before, after = str(data.get("from", "")), str(data["to"])
        details.append(f"{status.get(before, before)} → {status.get(after, after)}")
    if data.get("fields"):
        model = TradeApproval if "source" in data or "to" in data else Organisation
        names = ", ".join(field_label(model, f) for f in data["fields"])
        details.append(str(_("Changed: %(fields)s") % {"fields": names}))
    return details


def register() -> None:
    register_events(VERB_LABELS, read_details)
