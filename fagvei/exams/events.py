"""How the exams' events read on the timeline (registered when the app starts). Events
carry ids, codes and dates; a note the user wrote stays on the entry's row."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_events
from fagvei.pathways.events import _choice, _date

from .models import PARTS, Kind, PartLevel, Result, Season

VERB_LABELS: dict[str, Any] = {
    "exam.planned": _("Exam planned"),
    "exam.registered": _("Exam registration recorded"),
    "exam.fee_paid": _("Exam fee paid"),
    "exam.scheduled": _("Exam dates recorded"),
    "exam.held": _("Exam held"),
    "exam.result_recorded": _("Exam result recorded"),
    "exam.postponed": _("Exam postponed after documented absence"),
    "exam.retake_planned": _("New test planned"),
    "exam.withdrawn": _("Exam entry withdrawn"),
    "exam.recommended": _("Registration recommended"),
}
PART_LABELS = {
    "listening": _("Listening"),
    "reading": _("Reading"),
    "writing": _("Written production"),
    "oral": _("Oral communication"),
}


def read_details(data: dict[str, Any]) -> list[str]:
    details: list[str] = []
    if data.get("kind") in Kind.values:
        details.append(_choice(Kind, data["kind"]))
    if data.get("term_season") in Season.values and data.get("term_year"):
        details.append(f"{_choice(Season, data['term_season'])} {data['term_year']}")
    if "registered_on" in data:
        details.append(str(_("Registered %(date)s") % {"date": _date(data["registered_on"])}))
    if "starts_on" in data:
        details.append(str(_("From %(date)s") % {"date": _date(data["starts_on"])}))
    if "held_on" in data:
        details.append(str(_("Held %(date)s") % {"date": _date(data["held_on"])}))
    if "register_from" in data:
        details.append(str(_("Register from %(date)s") % {"date": _date(data["register_from"])}))
    if "grade" in data:
        details.append(str(_("Grade %(grade)s") % {"grade": data["grade"]}))
    if data.get("result") in Result.values:
        details.append(_choice(Result, data["result"]))
    for part in PARTS:
        if data.get(part) in PartLevel.values:
            details.append(f"{PART_LABELS[part]}: {_choice(PartLevel, data[part])}")
    return details


def register() -> None:
    register_events(VERB_LABELS, read_details)
