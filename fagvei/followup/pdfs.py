"""The minutes as a PDF, from our own template by the documents app's PDF helper."""

from __future__ import annotations

from typing import Any

from fagvei.documents.pdf import render_pdf

from .models import Meeting
from .scheme_views import group_meeting_context


def minutes_pdf(meeting: Meeting, request: Any = None) -> bytes:
    """The meeting's facts, attendance, minutes, decisions, action items and addenda."""
    return render_pdf(
        "followup/pdf/minutes.html",
        {
            "meeting": meeting,
            "invitees": list(meeting.invitees.select_related("person")),
            "action_items": list(meeting.action_items.select_related("owner", "done_by")),
            "addenda": list(meeting.addenda.select_related("author__person")),
            # A group meeting's report and notes on the participants (seed 002).
            **group_meeting_context(meeting),
        },
        request=request,
    )
