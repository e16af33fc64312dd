"""How the plans app's events read on the pathway's timeline. An event holds ids and codes
(the plan, the goal row, a half-year number, a status), never the text typed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_events

from .models import AssessmentStatus, Progress

VERB_LABELS: dict[str, Any] = {
    "plan.created": _("Training plan made"),
    "plan.goal_updated": _("Training plan changed"),
    "plan.commented": _("Comment on the training plan"),
    "assessment.created": _("Half-yearly assessment started"),
    "assessment.updated": _("Half-yearly assessment changed"),
    "assessment.signed_by_instructor": _("Half-yearly assessment signed by the instructor"),
    "assessment.signed_by_manager": _("Half-yearly assessment signed by the professional manager"),
    "assessment.read": _("Half-yearly assessment read by the participant"),
}


def read_details(data: dict[str, Any]) -> list[str]:
    details: list[str] = []
    if "half_year" in data:
        details.append(str(_("Half-year %(n)s") % {"n": data["half_year"]}))
    status = data.get("status")
    if status in Progress.values:
        details.append(str(Progress(status).label))
    elif status in AssessmentStatus.values:
        details.append(str(AssessmentStatus(status).label))
    return details


def register() -> None:
    register_events(VERB_LABELS, read_details)
