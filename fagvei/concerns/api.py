"""The concern ladder in the API: a pathway's concerns (list, register), one concern, and
its steps. The same access helpers (access.py) and domain functions (services.py) as
the pages: a user who may not know of a concern gets 404, one who may only read it 403
on a step; every concern returned is logged as read once, with the reader's role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from fagvei.accounts.access import scope_for
from fagvei.api.base import REFUSALS, WRITE_REFUSALS, oslo, valid
from fagvei.api.base import lazy as _
from fagvei.core.domain import DomainError
from fagvei.documents.pdf import pdf_download
from fagvei.followup.models import Status as MeetingStatus
from fagvei.pathways.access import get_pathway_for

from . import pdfs, plans, services
from .access import (
    Reading,
    county_concerns,
    county_ids,
    get_concern_for,
    get_goal_for,
    log_concern_read,
    log_concern_reads,
    may_have_packet,
    may_register,
    pathway_concerns,
    reading_on_pathway,
    shown_notes,
)
from .forms import SignedPlanForm
from .invitations import draft_invitation
from .lifecycle import TRANSITIONS
from .models import Category, Concern, Party, PlanGoal
from .models import Status as ConcernStatus

router = Router(tags=["concerns"])


class GoalOut(Schema):
    id: int
    text: str
    deadline: dt.date
    responsible_id: int
    responsible: str
    done_at: dt.datetime | None
    version: int


class SignatureOut(Schema):
    party: Party
    signed_on: dt.date
    on_paper: bool = Field(description="Given on paper and recorded by one who handles the concern.")
    recorded_at: dt.datetime


class NoteOut(Schema):
    id: int
    text: str
    internal: bool
    author: str
    written_at: dt.datetime


class ConcernOut(Schema):
    id: int
    pathway_id: int
    status: ConcernStatus
    categories: list[Category]
    description: str
    noticed_on: dt.date
    raised_by: str
    registered_at: dt.datetime
    conversation_on: dt.date | None
    conversation_minutes: str
    county_id: int | None
    county_informed_at: dt.datetime | None
    clarification_on: dt.date | None
    clarification_minutes: str
    goals: list[GoalOut]
    notes: list[NoteOut] = Field(
        description="All of them for those who handle it; the participant's own case without internal notes."
    )
    plan_measures: str
    plan_consider_interruption: bool
    next_meeting_on: dt.date | None
    plan_signed_on: dt.date | None
    signatures: list[SignatureOut]
    plan_scan_id: int | None = Field(description="The document holding a scan of the signed plan.")
    plan_scan_signed_on: dt.date | None
    interruption_id: int | None = Field(description="The contract's interruption started from the plan.")
    ending_id: int | None = Field(description="The contract's termination by agreement.")
    cancellation_id: int | None = Field(description="The request for cancellation sent to the county.")
    participant_told_of_right_on: dt.date | None
    county_contacted_on: dt.date | None
    county_contact_note: str
    outcome_on: dt.date | None
    resolution: str
    justification: str
    outcome_minutes: str
    closed_at: dt.datetime | None
    version: int
    reading: str = Field(description="The reader's relation to it: manager, raised_by, county_adviser or participant.")
    can_handle: bool = Field(description="Whether the user takes its steps.")
    next_steps: list[str] = Field(description="The steps the ladder allows now, for those who handle it.")


class ConcernIn(Schema):
    categories: list[str] = Field(description="One or more of the categories of seed 004.")
    description: str
    noticed_on: dt.date | None = None


class NoteIn(Schema):
    text: str
    internal: bool = True


class GoalIn(Schema):
    text: str = ""
    deadline: dt.date | None = None
    responsible: int | None = Field(None, description="A person: the participant or one on the pathway.")


class StepIn(Schema):
    """The version read, and the inputs of the step taken (the others are ignored)."""

    version: int
    conversation_on: dt.date | None = Field(None, description="When held; the planned meeting's date if left out.")
    conversation_minutes: str = ""
    attended: list[int] = Field(
        [], description="The persons invited to the planned meeting who came (the others did not)."
    )
    guests_attended: list[int] = Field([], description="The ids of the lines of others invited who came.")
    clarification_on: dt.date | None = Field(None, description="When held; the planned meeting's date if left out.")
    clarification_minutes: str = ""
    goals: list[GoalIn] = []
    plan_measures: str = ""
    plan_consider_interruption: bool = False
    next_meeting_on: dt.date | None = None
    outcome_on: dt.date | None = None
    resolution: str = ""
    justification: str = ""
    outcome_minutes: str = ""
    last_day: dt.date | None = Field(None, description="`terminate`: the contract's last day.")
    county_told_on: dt.date | None = Field(
        None, description="`terminate`: the day the county was told in writing, before the last day."
    )
    requested_by: str = Field("", description="`request_cancellation`: company or participant.")
    ground: str = Field("", description="`request_cancellation`: one of the contract's grounds.")
    participant_told_of_right_on: dt.date | None = Field(
        None, description="`request_cancellation`: the day the participant was told they may speak to the county."
    )


class PartyIn(Schema):
    version: int
    party: str = Field(description="participant or company.")


class PaperSignatureIn(PartyIn):
    signed_on: dt.date | None = None


class VersionIn(Schema):
    version: int


class InterruptionIn(Schema):
    version: int
    reason: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    county_told_on: dt.date | None = None


class CountyContactIn(Schema):
    version: int
    contacted_on: dt.date | None = None
    note: str = ""


def _goal(goal: PlanGoal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "text": goal.text,
        "deadline": goal.deadline,
        "responsible_id": goal.responsible_id,
        "responsible": str(goal.responsible),
        "done_at": oslo(goal.done_at),
        "version": goal.version,
    }


def _out(concern: Concern, reading: str, can_handle: bool) -> dict[str, Any]:
    return {
        "id": concern.pk,
        "pathway_id": concern.pathway_id,
        "status": concern.status,
        "categories": [row.category for row in concern.categories.all()],
        "description": concern.description,
        "noticed_on": concern.noticed_on,
        "raised_by": str(concern.raised_by),
        "registered_at": oslo(concern.registered_at),
        "conversation_on": concern.conversation_on,
        "conversation_minutes": concern.conversation_minutes,
        "county_id": concern.county_id,
        "county_informed_at": oslo(concern.county_informed_at),
        "clarification_on": concern.clarification_on,
        "clarification_minutes": concern.clarification_minutes,
        "goals": [_goal(g) for g in concern.goals.all()],
        "notes": [
            {
                "id": n.pk,
                "text": n.text,
                "internal": n.internal,
                "author": str(n.author),
                "written_at": oslo(n.written_at),
            }
            for n in shown_notes(concern)
        ],
        "plan_measures": concern.plan_measures,
        "plan_consider_interruption": concern.plan_consider_interruption,
        "next_meeting_on": concern.next_meeting_on,
        "plan_signed_on": concern.plan_signed_on,
        "signatures": [
            {"party": g.party, "signed_on": g.signed_on, "on_paper": g.on_paper, "recorded_at": oslo(g.recorded_at)}
            for g in concern.signatures.all()
        ],
        "plan_scan_id": concern.plan_scan_id,
        "plan_scan_signed_on": concern.plan_scan_signed_on,
        "interruption_id": concern.interruption_id,
        "ending_id": concern.ending_id,
        "cancellation_id": concern.cancellation_id,
        "participant_told_of_right_on": concern.participant_told_of_right_on,
        "county_contacted_on": concern.county_contacted_on,
        "county_contact_note": concern.county_contact_note,
        "outcome_on": concern.outcome_on,
        "resolution": concern.resolution,
        "justification": concern.justification,
        "outcome_minutes": concern.outcome_minutes,
        "closed_at": oslo(concern.closed_at),
        "version": concern.version,
        "reading": reading,
        "can_handle": can_handle,
        "next_steps": [t.name for t in TRANSITIONS.values() if concern.status in t.sources] if can_handle else [],
    }


def _read(request: HttpRequest, concern_id: int) -> dict[str, Any]:
    concern = get_concern_for(request.user, concern_id)
    log_concern_read(request, concern, "api: concern")
    return _out(concern, str(concern.reading), bool(concern.can_handle))  # type: ignore[attr-defined]


@router.get(
    "/pathways/{pathway_id}/concerns",
    response={200: list[ConcernOut], **REFUSALS},
    summary=_("List a pathway's concerns"),
    description=_(
        "The concerns the user may read: all of them for those who manage the pathway and for its participant; "
        "else those the user raised and those sent to the user's county. 404 for those on the pathway who may "
        "neither read nor register one (need to know)."
    ),
)
def list_concerns(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_pathway_for(request.user, pathway_id)
    concerns = list(pathway_concerns(request.user, pathway))
    if not concerns and not may_register(request.user, pathway):
        raise Http404
    readings = [str(reading_on_pathway(request.user, pathway, c)) for c in concerns]
    for concern, reading in zip(concerns, readings, strict=True):
        concern.reading = reading  # type: ignore[attr-defined]
    log_concern_reads(request, concerns, readings, "api: concern list")
    manages = bool(pathway.can_manage)
    return [_out(c, reading, manages or reading == "raised_by") for c, reading in zip(concerns, readings, strict=True)]


@router.post(
    "/pathways/{pathway_id}/concerns",
    response={201: ConcernOut, **WRITE_REFUSALS},
    summary=_("Register a concern"),
    description=_(
        "By those who manage the pathway, and its professional manager, trade teacher or workplace manager: "
        "one or more categories, a description and the date it was noticed."
    ),
)
def register_concern(request: HttpRequest, pathway_id: int, payload: ConcernIn) -> Any:
    pathway = get_pathway_for(request.user, pathway_id)
    if not may_register(request.user, pathway):
        if not pathway_concerns(request.user, pathway).exists():
            raise Http404
        raise PermissionDenied
    concern = services.register_concern(
        actor=request.user,
        pathway_id=pathway.pk,
        categories=payload.categories,
        description=payload.description,
        noticed_on=payload.noticed_on,
    )
    return Status(201, _read(request, concern.pk))


@router.get("/concerns/{concern_id}", response={200: ConcernOut, **REFUSALS}, summary=_("One concern"))
def get_concern(request: HttpRequest, concern_id: int) -> Any:
    return _read(request, concern_id)


@router.get(
    "/concerns/{concern_id}/packet.pdf",
    response=REFUSALS,
    summary=_("The case packet for the county"),
    description=_(
        "One PDF (application/pdf) with a table of contents: the concern, the minutes of its conversation and "
        "meetings, the follow-up plan with its signatures, the outcome, the notes, the attest, then the signed "
        "documents. For those who handle the concern and the county adviser; 403 for the participant."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The case packet.",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_packet(request: HttpRequest, concern_id: int) -> Any:
    concern = get_concern_for(request.user, concern_id)
    if not may_have_packet(concern):
        raise PermissionDenied
    data = pdfs.packet_pdf(concern, request)
    log_concern_read(request, concern, "api: case packet pdf")
    return pdf_download(data, f"concern-{concern.pk}.pdf")


@router.post(
    "/concerns/{concern_id}/steps/{name}",
    response={200: ConcernOut, **WRITE_REFUSALS},
    summary=_("Take a step of the concern ladder"),
    description=_(
        "`hold_conversation` (date and minutes), `resolve` (date, what was agreed; the closing minutes after a "
        "follow-up), `call_clarification` (informs the county adviser), `agree_plan` (the meeting's date and "
        "minutes, goals, the next meeting), `start_follow_up` (every party confirmed the plan, or its signed scan "
        "uploaded), `terminate` (date, minutes, what was agreed, the last day, the day the county was told: through "
        "the contract's termination) and `request_cancellation` (date, minutes, the justification, who asks, the "
        "ground, the day the participant was told of the right to speak to the county: through the contract's "
        "request). With the `version` read."
    ),
)
def take_step(request: HttpRequest, concern_id: int, name: str, payload: StepIn) -> Any:
    concern = get_concern_for(request.user, concern_id, write=True)
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise DomainError(_("Not a step of the concern ladder."), field="name")
    data = payload.dict()
    inputs = {key: data[key] for key in transition.inputs}
    transition.perform(actor=request.user, concern_id=concern.pk, expected_version=payload.version, **inputs)
    return _read(request, concern.pk)


@router.post(
    "/concerns/{concern_id}/notes",
    response={201: ConcernOut, **WRITE_REFUSALS},
    summary=_("Add a note to a concern"),
    description=_("By those who handle it. An internal note (the default) is not shown to the participant."),
)
def add_note(request: HttpRequest, concern_id: int, payload: NoteIn) -> Any:
    concern = get_concern_for(request.user, concern_id, write=True)
    services.add_concern_note(actor=request.user, concern_id=concern.pk, text=payload.text, internal=payload.internal)
    return Status(201, _read(request, concern.pk))


@router.post(
    "/concerns/{concern_id}/plan/confirm",
    response={200: ConcernOut, **WRITE_REFUSALS},
    summary=_("Confirm the follow-up plan as a party"),
    description=_(
        "The logged-in party confirms the agreed plan: the participant (`participant`) from their own login, "
        "one who handles the concern for the company side (`company`). Recorded with the time."
    ),
)
def confirm_plan(request: HttpRequest, concern_id: int, payload: PartyIn) -> Any:
    concern = get_concern_for(request.user, concern_id)
    if not plans.parties_of(request.user, concern, concern.reading):  # type: ignore[attr-defined]
        raise PermissionDenied
    plans.confirm_plan(actor=request.user, concern_id=concern.pk, expected_version=payload.version, party=payload.party)
    return _read(request, concern.pk)


@router.post(
    "/concerns/{concern_id}/plan/paper",
    response={200: ConcernOut, **WRITE_REFUSALS},
    summary=_("Record a party's confirmation given on paper"),
    description=_("By those who handle the concern: the party and the date on the paper."),
)
def record_paper_signature(request: HttpRequest, concern_id: int, payload: PaperSignatureIn) -> Any:
    concern = get_concern_for(request.user, concern_id, write=True)
    plans.record_paper_signature(
        actor=request.user,
        concern_id=concern.pk,
        expected_version=payload.version,
        party=payload.party,
        signed_on=payload.signed_on,
    )
    return _read(request, concern.pk)


SCAN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["version", "signed_on", "upload"],
                    "properties": {
                        "version": {"type": "integer"},
                        "signed_on": {"type": "string", "format": "date"},
                        "upload": {"type": "string", "format": "binary"},
                    },
                }
            }
        },
    }
}


@router.post(
    "/concerns/{concern_id}/plan/scan",
    response={200: ConcernOut, **WRITE_REFUSALS},
    summary=_("Upload a scan of the signed follow-up plan"),
    description=_(
        "A multipart/form-data body with `version`, `signed_on` and `upload`: kept as a document on the pathway "
        "(seen by those who manage it and the participant), in place of each party confirming in fagvei."
    ),
    openapi_extra=SCAN_BODY,
)
def upload_signed_plan(request: HttpRequest, concern_id: int) -> Any:
    concern = get_concern_for(request.user, concern_id, write=True)
    data = valid(SignedPlanForm(request.POST, request.FILES))
    plans.attach_signed_plan(
        actor=request.user,
        concern_id=concern.pk,
        expected_version=data["version"],
        upload=data.get("upload"),
        signed_on=data["signed_on"],
    )
    return _read(request, concern.pk)


@router.post(
    "/concerns/{concern_id}/interruption",
    response={200: ConcernOut, **WRITE_REFUSALS},
    summary=_("Start the temporary interruption the follow-up plan considered"),
    description=_(
        "Through the contract's interruption, with its report to the county; the concern points to it. For those "
        "who handle the concern, when the plan considered an interruption."
    ),
)
def start_interruption(request: HttpRequest, concern_id: int, payload: InterruptionIn) -> Any:
    concern = get_concern_for(request.user, concern_id, write=True)
    plans.start_plan_interruption(
        actor=request.user,
        concern_id=concern.pk,
        expected_version=payload.version,
        reason=payload.reason,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        county_told_on=payload.county_told_on,
    )
    return _read(request, concern.pk)


@router.post(
    "/concerns/{concern_id}/county-contact",
    response={200: ConcernOut, **WRITE_REFUSALS},
    summary=_("Record the county adviser's contact with the participant"),
    description=_("By the adviser of the concern's county, after a request for cancellation was sent: date and note."),
)
def record_county_contact(request: HttpRequest, concern_id: int, payload: CountyContactIn) -> Any:
    concern = get_concern_for(request.user, concern_id)
    if concern.reading not in (Reading.COUNTY_ADVISER, Reading.ADMINISTRATOR):  # type: ignore[attr-defined]
        raise PermissionDenied
    plans.record_county_contact(
        actor=request.user,
        concern_id=concern.pk,
        expected_version=payload.version,
        contacted_on=payload.contacted_on,
        note=payload.note,
    )
    return _read(request, concern.pk)


@router.post(
    "/concern-goals/{concern_goal_id}/done",
    response={200: GoalOut, **WRITE_REFUSALS},
    summary=_("Tick a goal of a follow-up plan as done"),
    description=_(
        "By the person responsible for it (a mentor, instructor or teacher included) or one who handles the "
        "concern. Returns the goal only: the person responsible may not read the concern."
    ),
)
def tick_goal(request: HttpRequest, concern_goal_id: int, payload: VersionIn) -> Any:
    goal = get_goal_for(request.user, concern_goal_id)
    if not plans.may_tick(request.user, goal, goal.concern_reading):  # type: ignore[attr-defined]
        raise PermissionDenied
    done = plans.complete_goal(actor=request.user, goal_id=goal.pk, expected_version=payload.version)
    return _goal(done)


class PersonRef(Schema):
    id: int
    name: str


class InviteeOut(Schema):
    person: PersonRef
    attended: bool | None


class GuestOut(Schema):
    id: int
    name: str
    attended: bool | None


class InvitationOut(Schema):
    subject: str
    body: str


class ConcernMeetingOut(Schema):
    id: int
    kind: str = Field(description="`concern_conversation` or `clarification`.")
    status: str
    starts_at: dt.datetime
    place: str
    scheduled_by: str
    invitees: list[InviteeOut]
    guests: list[GuestOut] = Field(description="Others invited by name (the ombud, OT, PPT, NAV, the GP …).")
    invitation: InvitationOut | None = Field(
        description="The invitation fagvei drafts for the participant, while the meeting is planned, for those "
        "who handle the concern: no category, description or minutes."
    )


class ConcernMeetingIn(Schema):
    version: int
    starts_at: dt.datetime | None = None
    place: str = ""
    invitees: list[int] = Field([], description="Persons: the participant and those handling the concern.")
    guests: list[str] = Field([], description="Others invited, one line each (e.g. NAV, PPT, a union representative).")


def _meetings_out(concern: Concern) -> list[dict[str, Any]]:
    handles = bool(getattr(concern, "can_handle", False))
    out = []
    for meeting in services.concern_meetings(concern):
        invitees = list(meeting.invitees.all())
        draft = (
            draft_invitation(meeting, participant=concern.pathway.participant, invited=[i.person for i in invitees])
            if handles and meeting.status == MeetingStatus.PLANNED
            else None
        )
        out.append(
            {
                "id": meeting.pk,
                "kind": meeting.kind,
                "status": meeting.status,
                "starts_at": oslo(meeting.starts_at),
                "place": meeting.place,
                "scheduled_by": meeting.scheduled_by.display_name,
                "invitees": [
                    {"person": {"id": i.person_id, "name": i.person.full_name}, "attended": i.attended}
                    for i in invitees
                ],
                "guests": [{"id": g.pk, "name": g.name, "attended": g.attended} for g in meeting.guests.all()],
                "invitation": {"subject": draft.subject, "body": draft.body} if draft else None,
            }
        )
    return out


@router.get(
    "/concerns/{concern_id}/meetings",
    response={200: list[ConcernMeetingOut], **REFUSALS},
    summary=_("A concern's meetings"),
    description=_(
        "The concern conversation and the clarification meeting, with who was invited and who came, and the "
        "invitation drafted for the participant while a meeting is planned. For those who may read the concern; "
        "logged as a read of it."
    ),
)
def list_concern_meetings(request: HttpRequest, concern_id: int) -> Any:
    concern = get_concern_for(request.user, concern_id)
    log_concern_read(request, concern, "api: concern meetings")
    return _meetings_out(concern)


@router.post(
    "/concerns/{concern_id}/meetings",
    response={201: ConcernMeetingOut, **WRITE_REFUSALS},
    summary=_("Plan the concern conversation or the clarification meeting"),
    description=_(
        "By those who handle the concern: the conversation while it is registered, the clarification meeting "
        "once called. When, where, the persons invited (the participant among them) and others invited by name. "
        "With the `version` read."
    ),
)
def schedule_concern_meeting(request: HttpRequest, concern_id: int, payload: ConcernMeetingIn) -> Any:
    concern = get_concern_for(request.user, concern_id, write=True)
    meeting = services.schedule_concern_meeting(
        actor=request.user,
        concern_id=concern.pk,
        expected_version=payload.version,
        starts_at=payload.starts_at,
        place=payload.place,
        invitees=payload.invitees,
        guests=payload.guests,
    )
    concern = get_concern_for(request.user, concern_id)
    log_concern_read(request, concern, "api: concern meetings")
    return Status(201, next(m for m in _meetings_out(concern) if m["id"] == meeting.pk))


class CountyConcernOut(Schema):
    id: int
    pathway_id: int
    participant: str
    status: ConcernStatus
    county_id: int | None
    county_informed_at: dt.datetime | None


@router.get(
    "/county/concerns",
    response={200: list[CountyConcernOut], **REFUSALS},
    summary=_("Concerns the county has been informed of"),
    description=_("For the county's advisers (and the administrator), newest first, at most 100; 404 for anyone else."),
)
def list_county_concerns(request: HttpRequest) -> Any:
    if not (scope_for(request.user).is_admin or county_ids(request.user)):
        raise Http404
    concerns = list(county_concerns(request.user)[:100])
    role = Reading.ADMINISTRATOR if scope_for(request.user).is_admin else Reading.COUNTY_ADVISER
    log_concern_reads(request, concerns, [str(role)] * len(concerns), "api: county concern list")
    return [
        {
            "id": c.pk,
            "pathway_id": c.pathway_id,
            "participant": c.pathway.participant.full_name,
            "status": c.status,
            "county_id": c.county_id,
            "county_informed_at": oslo(c.county_informed_at),
        }
        for c in concerns
    ]
