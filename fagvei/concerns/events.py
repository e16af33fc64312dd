"""How the concern ladder's events read on the timeline (registered when the app starts).

An event says only that a step of a concern happened: it carries the concern's id and
the step's code, never a category, a description or minutes (special categories, GDPR
art. 9). The timeline shows them only to those who may read the concern: a mentor on
the pathway is not told there is one.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_event_filter, register_event_links, register_events

from .access import pathway_concerns

VERB_LABELS: dict[str, Any] = {
    "concern.registered": _("Concern registered"),
    "concern.meeting_scheduled": _("Meeting planned on the concern ladder"),
    "concern.conversation_held": _("Concern conversation recorded"),
    "concern.clarification_called": _("Clarification meeting called; the county adviser informed"),
    "concern.plan_agreed": _("Follow-up plan agreed"),
    "concern.follow_up_started": _("Follow-up plan signed; follow-up started"),
    "concern.resolved": _("Concern resolved"),
    "concern.terminated": _("Concern closed with termination by agreement"),
    "concern.cancellation_requested": _("Concern closed with a request for cancellation"),
    "concern.note_added": _("Note added to a concern"),
    "concern.plan_confirmed": _("A party confirmed the follow-up plan"),
    "concern.plan_signed_on_paper": _("A party's confirmation of the follow-up plan given on paper recorded"),
    "concern.plan_scan_attached": _("Scan of the signed follow-up plan uploaded"),
    "concern.goal_done": _("A goal of the follow-up plan ticked as done"),
    "concern.interruption_started": _("Temporary interruption started from the follow-up plan"),
    "concern.county_contact": _("The county adviser's contact with the participant recorded"),
    "concern.pseudonymised": _("Concern pseudonymised after the retention period"),
}


def _link(data: dict[str, Any]) -> str:
    concern = data.get("concern")
    return reverse("concern_detail", kwargs={"pk": concern}) if isinstance(concern, int) else ""


def _hidden(request: HttpRequest, pathway: Any, events: list[Any]) -> set[int]:
    """Need to know: the steps of a concern are shown only to those who may read it (a
    mentor on the pathway is not told that there is a concern). One query, none for
    those who manage the pathway."""
    if getattr(pathway, "can_manage", False):
        return set()
    readable = set(pathway_concerns(request.user, pathway).values_list("pk", flat=True))
    return {e.pk for e in events if (e.data or {}).get("concern") not in readable}


def register() -> None:
    register_events(VERB_LABELS)
    register_event_links(list(VERB_LABELS), _link)
    register_event_filter(list(VERB_LABELS), _hidden)
