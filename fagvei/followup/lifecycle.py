"""A meeting's status: planned → held → minutes approved, or planned → cancelled.

One table of allowed steps (fagvei.core.transitions); the domain functions in
``services.py`` apply it, and the meeting page offers only what it allows now, saying
what is missing for the rest. Approved minutes are locked: a correction is an addendum.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.transitions import Missing, Transition, table

from .models import Status


def _minutes_written(meeting: Any) -> list[Missing]:
    if not (meeting.minutes or "").strip():
        return [Missing(_("The minutes have not been written."), "minutes")]
    return []


def _attendance_recorded(meeting: Any) -> list[Missing]:
    invitees = list(meeting.invitees.all())
    if invitees and all(i.attended is None for i in invitees):
        return [Missing(_("Who attended has not been recorded."), "minutes")]
    return []


def _ready_for_approval(meeting: Any) -> list[Missing]:
    return _minutes_written(meeting) + _attendance_recorded(meeting)


TRANSITIONS: dict[str, Transition] = table(
    [
        Transition(
            "hold",
            _("Mark as held"),
            frozenset({Status.PLANNED}),
            Status.HELD,
            "held_at",
            "fagvei.followup.services.hold_meeting",
        ),
        Transition(
            "approve",
            _("Approve the minutes"),
            frozenset({Status.HELD}),
            Status.APPROVED,
            "approved_at",
            "fagvei.followup.services.approve_minutes",
            check=_ready_for_approval,
        ),
        Transition(
            "cancel",
            _("Cancel the meeting"),
            frozenset({Status.PLANNED}),
            Status.CANCELLED,
            "cancelled_at",
            "fagvei.followup.services.cancel_meeting",
            danger=True,
        ),
    ]
)

# Where the agenda, the invitees and the time may still change.
EDITABLE = frozenset({Status.PLANNED})
# Where the attendance, the minutes and the decisions are written.
MINUTES_OPEN = frozenset({Status.HELD})
# Where action items may be added (not once the minutes are locked, not when cancelled).
ACTIONS_OPEN = frozenset({Status.PLANNED, Status.HELD})
