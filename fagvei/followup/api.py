"""Meetings in the API: a pathway's meetings (list, plan), the user's own meetings, one
meeting with its attendance, minutes, action items and addenda, its steps (held,
minutes approved, cancelled), its minutes, action items and addenda, and an action item
marked done. The same access helpers (access.py) and domain functions (services.py) as
the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from fagvei.api.base import REFUSALS, WRITE_REFUSALS, PageLinks, oslo, page_links
from fagvei.api.base import lazy as _
from fagvei.audit.services import log_access
from fagvei.core.domain import DomainError
from fagvei.core.lists import BoundedPaginator
from fagvei.pathways.access import get_pathway_for

from . import services
from .access import get_action_item_for, get_meeting_for, may_tick, meetings_by_ids, pathway_meetings, visible_meetings
from .lifecycle import TRANSITIONS
from .models import ActionItem, Kind, Meeting
from .models import Status as MeetingStatus

router = Router(tags=["meetings"])


class PersonRef(Schema):
    id: int
    name: str


class InviteeOut(Schema):
    person: PersonRef
    attended: bool | None = Field(description="None until the attendance is recorded.")


class ActionItemOut(Schema):
    id: int
    meeting_id: int
    text: str
    owner: PersonRef
    deadline: dt.date
    done_at: dt.datetime | None
    done_by: str | None
    version: int
    can_tick: bool = Field(description="Whether the user may mark it done or undone.")


class AddendumOut(Schema):
    id: int
    text: str
    author: str
    written_at: dt.datetime


class MeetingSummary(Schema):
    id: int
    kind: Kind
    pathway_id: int | None
    group_id: int | None
    status: MeetingStatus
    starts_at: dt.datetime
    place: str


class MeetingOut(MeetingSummary):
    agenda: str
    minutes: str
    decisions: str
    held_at: dt.datetime | None
    approved_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    version: int
    invitees: list[InviteeOut]
    action_items: list[ActionItemOut]
    addenda: list[AddendumOut]
    can_manage: bool
    allowed_steps: list[str] = Field(description="The steps the user may take now (POST …/steps/{name}).")


class MeetingPage(PageLinks):
    items: list[MeetingSummary]


class PageQuery(Schema):
    page: int = Field(1, ge=1)


class MeetingIn(Schema):
    kind: Kind
    starts_at: dt.datetime = Field(description="ISO 8601; without an offset it is read as Europe/Oslo time.")
    place: str = ""
    agenda: str = ""
    invitees: list[int] = Field(description="Person ids: the pathway's participant and the people in a role on it.")


class VersionIn(Schema):
    version: int = Field(description="The version read: an older one is refused with 409.")


class MinutesIn(Schema):
    version: int
    attended: list[int] = Field(default_factory=list, description="Person ids of the invitees who came.")
    minutes: str
    decisions: str = ""


class ActionItemIn(Schema):
    text: str
    owner: int = Field(description="A person id among the meeting's invitees.")
    deadline: dt.date


class DoneIn(Schema):
    done: bool
    version: int | None = None


class AddendumIn(Schema):
    text: str


def _summary(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "pathway_id": meeting.pathway_id,
        "group_id": meeting.group_id,
        "status": meeting.status,
        "starts_at": oslo(meeting.starts_at),
        "place": meeting.place,
    }


def _item(request: HttpRequest, item: ActionItem, meeting: Meeting) -> dict[str, Any]:
    return {
        "id": item.pk,
        "meeting_id": item.meeting_id,
        "text": item.text,
        "owner": {"id": item.owner_id, "name": str(item.owner)},
        "deadline": item.deadline,
        "done_at": oslo(item.done_at),
        "done_by": item.done_by.display_name if item.done_by is not None else None,
        "version": item.version,
        "can_tick": may_tick(request.user, item, meeting),
    }


def _out(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    manage = bool(getattr(meeting, "can_manage", False))
    invitees = list(meeting.invitees.select_related("person"))
    # The status table's checks read the invitees (attendance recorded?): from this list.
    meeting._prefetched_objects_cache = {"invitees": invitees}  # type: ignore[attr-defined]
    steps = (
        [t.name for t in TRANSITIONS.values() if meeting.status in t.sources and not t.missing(meeting)]
        if manage
        else []
    )
    return {
        **_summary(meeting),
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
        "held_at": oslo(meeting.held_at),
        "approved_at": oslo(meeting.approved_at),
        "cancelled_at": oslo(meeting.cancelled_at),
        "version": meeting.version,
        "invitees": [{"person": {"id": i.person_id, "name": str(i.person)}, "attended": i.attended} for i in invitees],
        "action_items": [
            _item(request, item, meeting) for item in meeting.action_items.select_related("owner", "done_by__person")
        ],
        "addenda": [
            {"id": a.pk, "text": a.text, "author": a.author.display_name, "written_at": oslo(a.written_at)}
            for a in meeting.addenda.select_related("author__person")
        ],
        "can_manage": manage,
        "allowed_steps": steps,
    }


def _reread(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _out(request, get_meeting_for(request.user, meeting_id))


def _page(request: HttpRequest, qs: Any, number: int) -> dict[str, Any]:
    # The page's ids first, then its 25 meetings with what they show (followup.access).
    page = BoundedPaginator(qs.order_by("-starts_at", "-id").values_list("pk", flat=True), settings.PAGE_SIZE)
    shown = page.get_page(number)
    return {**page_links(request, shown), "items": [_summary(m) for m in meetings_by_ids(list(shown.object_list))]}


@router.get(
    "/pathways/{pathway_id}/meetings",
    response={200: MeetingPage, **REFUSALS},
    summary=_("List a pathway's meetings"),
    description=_(
        "Latest first; 25 a page. All of them for those who manage the pathway; for the others "
        "following it, the meetings they are invited to."
    ),
)
def list_pathway_meetings(request: HttpRequest, pathway_id: int, query: Query[PageQuery]) -> Any:
    pathway = get_pathway_for(request.user, pathway_id)
    return _page(request, pathway_meetings(request.user, pathway), query.page)


@router.post(
    "/pathways/{pathway_id}/meetings",
    response={201: MeetingOut, **WRITE_REFUSALS},
    summary=_("Plan a meeting for a pathway"),
    description=_("For those who manage the pathway. Invitees are chosen among the pathway's people."),
)
def create_meeting(request: HttpRequest, pathway_id: int, payload: MeetingIn) -> Any:
    pathway = get_pathway_for(request.user, pathway_id, write=True)
    meeting = services.schedule_meeting(
        actor=request.user,
        pathway_id=pathway.pk,
        kind=payload.kind,
        starts_at=payload.starts_at,
        place=payload.place,
        agenda=payload.agenda,
        invitees=payload.invitees,
    )
    return Status(201, _reread(request, meeting.pk))


@router.get(
    "/meetings",
    response={200: MeetingPage, **REFUSALS},
    summary=_("List my meetings"),
    description=_("The meetings the user is invited to, and those of the pathways and groups they run; latest first."),
)
def list_my_meetings(request: HttpRequest, query: Query[PageQuery]) -> Any:
    return _page(request, visible_meetings(request.user), query.page)


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **REFUSALS}, summary=_("One meeting"))
def get_meeting(request: HttpRequest, meeting_id: int) -> Any:
    meeting = get_meeting_for(request.user, meeting_id)
    log_access(request, meeting)
    return _out(request, meeting)


@router.post(
    "/meetings/{meeting_id}/steps/{name}",
    response={200: MeetingOut, **WRITE_REFUSALS},
    summary=_("Take a step: hold, approve, cancel"),
    description=_(
        "`hold` (planned → held), `approve` (held → minutes approved, which locks them; needs the minutes "
        "and the attendance), `cancel` (planned → cancelled). A JSON body with the `version` read."
    ),
)
def take_step(request: HttpRequest, meeting_id: int, name: str, payload: VersionIn) -> Any:
    meeting = get_meeting_for(request.user, meeting_id, write=True)
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise DomainError(_("Not a step of a meeting: hold, approve or cancel."), field="name")
    transition.perform(actor=request.user, meeting_id=meeting.pk, expected_version=payload.version)
    return _reread(request, meeting.pk)


@router.put(
    "/meetings/{meeting_id}/minutes",
    response={200: MeetingOut, **WRITE_REFUSALS},
    summary=_("Write the minutes"),
    description=_("Who attended, the minutes and the decisions of a held meeting; refused once they are approved."),
)
def put_minutes(request: HttpRequest, meeting_id: int, payload: MinutesIn) -> Any:
    meeting = get_meeting_for(request.user, meeting_id, write=True)
    services.record_minutes(
        actor=request.user,
        meeting_id=meeting.pk,
        expected_version=payload.version,
        attended=payload.attended,
        minutes=payload.minutes,
        decisions=payload.decisions,
    )
    return _reread(request, meeting.pk)


@router.post(
    "/meetings/{meeting_id}/action-items",
    response={201: ActionItemOut, **WRITE_REFUSALS},
    summary=_("Add an action item"),
    description=_("An action with an owner among the invitees and a deadline; not once the minutes are approved."),
)
def add_action_item(request: HttpRequest, meeting_id: int, payload: ActionItemIn) -> Any:
    meeting = get_meeting_for(request.user, meeting_id, write=True)
    item = services.add_action_item(
        actor=request.user, meeting_id=meeting.pk, text=payload.text, owner=payload.owner, deadline=payload.deadline
    )
    item = ActionItem.objects.select_related("owner", "done_by__person").get(pk=item.pk)
    return Status(201, _item(request, item, meeting))


@router.post(
    "/meetings/{meeting_id}/addenda",
    response={201: MeetingOut, **WRITE_REFUSALS},
    summary=_("Add an addendum to approved minutes"),
)
def add_addendum(request: HttpRequest, meeting_id: int, payload: AddendumIn) -> Any:
    meeting = get_meeting_for(request.user, meeting_id, write=True)
    services.add_addendum(actor=request.user, meeting_id=meeting.pk, text=payload.text)
    return Status(201, _reread(request, meeting.pk))


@router.post(
    "/action-items/{item_id}/done",
    response={200: ActionItemOut, **WRITE_REFUSALS},
    summary=_("Mark an action item done or undone"),
    description=_("By its owner, or by one who changes the meeting. `done` true or false; `version` as read."),
)
def mark_done(request: HttpRequest, item_id: int, payload: DoneIn) -> Any:
    item = get_action_item_for(request.user, item_id, write=True)
    meeting = item.meeting
    services.set_action_item_done(
        actor=request.user, item_id=item.pk, done=payload.done, expected_version=payload.version
    )
    fresh = ActionItem.objects.select_related("owner", "done_by__person").get(pk=item.pk)
    return _item(request, fresh, meeting)
