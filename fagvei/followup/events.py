"""How the follow-up app's events read on the pathway's timeline (registered with
``fagvei.core.registry`` when the app starts). An event holds the meeting's id and kind
(and an action item's or addendum's id), never the text typed into them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_event_links, register_events

from .models import Kind

VERB_LABELS: dict[str, Any] = {
    "meeting.scheduled": _("Meeting planned"),
    "meeting.updated": _("Meeting changed"),
    "meeting.held": _("Meeting held"),
    "meeting.minutes_recorded": _("Minutes written"),
    "meeting.minutes_approved": _("Minutes approved"),
    "meeting.cancelled": _("Meeting cancelled"),
    "meeting.addendum_added": _("Addendum to the minutes"),
    "action_item.added": _("Action item added"),
    "action_item.done": _("Action item done"),
    "action_item.reopened": _("Action item reopened"),
    "meeting.report_recorded": _("Meeting report written"),
    # Seed 002: the project group goes through each participant; the event holds the
    # meeting's id and date, never the note (shown on the meeting to its readers).
    "meeting.participant_discussed": _("Discussed in a project group meeting"),
    # The scheme's groups and monthly themes (no pathway: the audit trail only).
    "group.created": _("Group created"),
    "group.updated": _("Group changed"),
    "group.member_added": _("Group member added"),
    "group.member_removed": _("Group member removed"),
    "monthly_theme.created": _("Monthly themes written"),
    "monthly_theme.updated": _("Monthly themes changed"),
}


def read_details(data: dict[str, Any]) -> list[str]:
    kind = data.get("kind")
    if kind is None:
        return []
    details = [str(dict(Kind.choices).get(kind, kind))]
    day = parse_date(str(data.get("date") or ""))
    if day is not None:
        details.append(formats.date_format(day, "SHORT_DATE_FORMAT"))
    return details


def meeting_link(data: dict[str, Any]) -> str:
    meeting = data.get("meeting")
    return reverse("meeting_detail", args=[meeting]) if isinstance(meeting, int) else ""


def register() -> None:
    register_events(VERB_LABELS, read_details)
    register_event_links(["meeting.participant_discussed"], meeting_link)
