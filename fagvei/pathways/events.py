"""How the pathway app's events read on the timeline (registered with
``fagvei.core.registry`` when the app starts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_events

from .models import Consent, EndReason, Pathway, PathwayMember, Screening, Stage

VERB_LABELS: dict[str, Any] = {
    "pathway.created": _("Referral registered"),
    "pathway.updated": _("Pathway details changed"),
    "pathway.reassigned": _("Responsible coordinator changed"),
    "pathway.start_screening": _("Screening started"),
    "pathway.admit": _("Admitted"),
    "pathway.decline": _("Declined"),
    "pathway.begin_start_up": _("Start-up begun"),
    "pathway.start_training": _("Training started"),
    "pathway.interrupt": _("Temporarily interrupted"),
    "pathway.resume": _("Training resumed"),
    "pathway.complete": _("Completed"),
    "pathway.end": _("Ended"),
    "screening.saved": _("Screening registered"),
    "member.added": _("Member added"),
    "member.removed": _("Member removed"),
    "consent.registered": _("Consent registered"),
    "consent.withdrawn": _("Consent withdrawn"),
    "police_certificate.registered": _("Police certificate checked"),
}

_FIELD_LABELS: dict[str, Any] = {
    f.name: f.verbose_name
    for model in (Pathway, Screening)
    for f in model._meta.get_fields()
    if hasattr(f, "verbose_name")
}


# Dates events carry (ISO strings), and how the timeline says them.
DATE_DETAILS: dict[str, Any] = {
    "started_on": _("Training started on %(date)s"),
    "starts_on": _("Away from %(date)s"),
    "returned_on": _("Back on %(date)s"),
    "trade_test_passed_on": _("Trade test passed on %(date)s"),
}


def _date(value: Any) -> str:
    """An ISO date from an event in the user's language's date format (dd.mm.yyyy in bokmål)."""
    try:
        return formats.date_format(dt.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


def _choice(choices: Any, value: Any) -> str:
    return str(dict(choices.choices).get(value, value))


def read_details(data: dict[str, Any]) -> list[str]:
    """What the codes and dates of a pathway event say."""
    details: list[str] = []
    if "from" in data and "to" in data:
        details.append(
            str(
                _("Stage: %(from)s → %(to)s") % {"from": _choice(Stage, data["from"]), "to": _choice(Stage, data["to"])}
            )
        )
    if "role" in data:
        details.append(_choice(PathwayMember.Role, data["role"]))
    if "purpose" in data:
        details.append(_choice(Consent.Purpose, data["purpose"]))
    if "end_reason" in data:
        details.append(str(_("End reason: %(reason)s") % {"reason": _choice(EndReason, data["end_reason"])}))
    if data.get("county_informed"):
        details.append(str(_("The county has been told in writing")))
    for key, text in DATE_DETAILS.items():
        if key in data:
            details.append(str(text % {"date": _date(data[key])}))
    if data.get("fields"):
        names = ", ".join(str(_FIELD_LABELS.get(f, f)) for f in data["fields"])
        details.append(str(_("Changed: %(fields)s") % {"fields": names}))
    return details


def register() -> None:
    register_events(VERB_LABELS, read_details)
