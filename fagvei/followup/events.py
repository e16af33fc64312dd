"""How the follow-up app's events read on the pathway's timeline (registered with
``fagvei.core.registry`` when the app starts). An event holds the meeting's id and kind
(and an action item's or addendum's id), never the text typed into them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_events

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
}


def read_details(data: dict[str, Any]) -> list[str]:
    kind = data.get("kind")
    if kind is None:
        return []
    return [str(dict(Kind.choices).get(kind, kind))]


def register() -> None:
    register_events(VERB_LABELS, read_details)
