"""The concern ladder as one table of allowed steps (seed 004; DOMAIN.md "The concern
ladder"):

    registered → conversation held → resolved
                                   | clarification → plan agreed → follow-up → resolved
                                                                             | terminated
                                                                             | cancellation requested

Each step is a named domain function in ``services.py``; it refuses with the missing
item named. The concern page offers only what the table allows now, and says what is
missing for the rest.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.contracts.models import Contract
from fagvei.core.transitions import Missing, Transition, table

from .models import Status


def county_of(concern: Any) -> Any:
    """The county whose adviser is informed: the contract's county (ol. § 7-2 second
    ledd: the county that approves it), else the county of the workplace; None when the
    pathway has neither. One query (the pathway and its workplace are loaded)."""
    contract = Contract.objects.filter(pathway_id=concern.pathway_id).select_related("county").first()
    if contract is not None:
        return contract.county
    workplace = concern.pathway.workplace
    return workplace.county if workplace is not None and workplace.county_id is not None else None


def _county_known(concern: Any) -> list[Missing]:
    if county_of(concern) is None:
        return [
            Missing(
                _(
                    "County: the pathway has neither a contract nor a workplace in a county, so no county adviser"
                    " can be informed."
                )
            )
        ]
    return []


SERVICES = "fagvei.concerns.services."

TRANSITIONS: dict[str, Transition] = table(
    [
        # seed 004, "Bekymringssamtale": the professional manager or coordinator and the participant.
        Transition(
            "hold_conversation",
            _("Record the concern conversation"),
            frozenset({Status.REGISTERED}),
            Status.CONVERSATION_HELD,
            "conversation_held_at",
            SERVICES + "hold_concern_conversation",
            # At the planned meeting (schedule_concern_meeting), with who came.
            inputs=("conversation_on", "conversation_minutes", "attended", "guests_attended"),
            optional_inputs=("conversation_on", "guests_attended"),
        ),
        # seed 004: the company solves the case itself (documented), or — after the
        # follow-up plan — the case is resolved.
        Transition(
            "resolve",
            _("Close as resolved"),
            frozenset({Status.CONVERSATION_HELD, Status.FOLLOW_UP}),
            Status.RESOLVED,
            "closed_at",
            SERVICES + "resolve_concern",
            inputs=("outcome_on", "resolution", "outcome_minutes"),
            optional_inputs=("outcome_minutes",),
        ),
        # seed 004: "Rådgiver ved fagopplæring skal informeres."
        Transition(
            "call_clarification",
            _("Call a clarification meeting"),
            frozenset({Status.CONVERSATION_HELD}),
            Status.CLARIFICATION,
            "county_informed_at",
            SERVICES + "call_clarification_meeting",
            check=_county_known,
        ),
        # seed 004, "Oppfølgingsplan": goals with deadlines and a responsible person,
        # whether to interrupt the contract, other measures, the next meeting.
        Transition(
            "agree_plan",
            _("Record the meeting and the follow-up plan"),
            frozenset({Status.CLARIFICATION}),
            Status.PLAN_AGREED,
            "plan_agreed_at",
            SERVICES + "agree_follow_up_plan",
            # At the planned meeting (schedule_concern_meeting), with who came.
            inputs=(
                "clarification_on",
                "clarification_minutes",
                "attended",
                "guests_attended",
                "goals",
                "plan_measures",
                "plan_consider_interruption",
                "next_meeting_on",
            ),
            optional_inputs=("clarification_on", "guests_attended", "plan_measures", "plan_consider_interruption"),
        ),
        # seed 004: "Plan med tiltak undertegnes av partene."
        Transition(
            "start_follow_up",
            _("The parties signed the plan: start the follow-up"),
            frozenset({Status.PLAN_AGREED}),
            Status.FOLLOW_UP,
            "follow_up_at",
            SERVICES + "start_follow_up",
        ),
        # ol. § 7-3 first ledd: termination only by agreement, the county told in writing
        # before; through the contract's termination (services.close_with_termination).
        Transition(
            "terminate",
            _("Close with termination by agreement"),
            frozenset({Status.FOLLOW_UP}),
            Status.TERMINATED,
            "closed_at",
            SERVICES + "close_with_termination",
            inputs=("outcome_on", "resolution", "outcome_minutes", "last_day", "county_told_on"),
            optional_inputs=("county_told_on",),
            danger=True,
        ),
        # ol. § 7-3 second and third ledd: cancellation is the county's decision, asked
        # for with a written justification; the participant may speak to the county first.
        Transition(
            "request_cancellation",
            _("Close with a request for cancellation"),
            frozenset({Status.FOLLOW_UP}),
            Status.CANCELLATION_REQUESTED,
            "closed_at",
            SERVICES + "close_with_cancellation_request",
            inputs=(
                "outcome_on",
                "justification",
                "outcome_minutes",
                "requested_by",
                "ground",
                "participant_told_of_right_on",
            ),
            danger=True,
        ),
    ]
)


# seed 004, "Oppfølging/avklaringsmøte": whom else to consider inviting besides the
# company or training office and the participant.
CONSIDER_INVITING = (
    _("The county's adviser for vocational training"),
    _("The student and apprentice ombud"),
    _("The follow-up service (OT)"),
    _("The educational-psychological service (PPT)"),
    _("NAV"),
    _("The GP or health service"),
    _("A union representative or employee representative"),
    _("Others"),
)


def allowed(step: str, status: str) -> bool:
    return status in TRANSITIONS[step].sources
