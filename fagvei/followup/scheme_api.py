"""Schemes in the API: the schemes the user runs or is in, one scheme with its groups,
members and monthly themes, a group's members added and removed, a month's themes
written, and a project-group meeting's notes on the participants. The same access
helpers (scheme_access.py, access.py) and domain functions (groups.py) as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from fagvei.api.base import REFUSALS, WRITE_REFUSALS
from fagvei.api.base import lazy as _
from fagvei.core.domain import DomainError
from fagvei.pathways.models import Group, GroupMember

from . import groups
from .access import get_meeting_for, runs_scheme
from .models import MonthlyTheme, ParticipantNote
from .scheme_access import get_group_for, get_scheme_for, readable_groups, visible_schemes
from .scheme_views import THEMES_BACK, _months_back, this_month

router = Router(tags=["schemes"])
MAX_SCHEMES = 200


class SchemeSummary(Schema):
    id: int
    name: str
    trade: str
    organisation: str
    can_manage: bool


class PersonRef(Schema):
    id: int
    name: str


class MemberOut(Schema):
    id: int
    person: PersonRef
    organisation_id: int | None
    organisation: str | None
    title: str


class GroupOut(Schema):
    id: int
    kind: Group.Kind
    name: str
    meeting_interval_days: int
    members: list[MemberOut]


class ThemeOut(Schema):
    month: dt.date = Field(description="The first day of the month.")
    themes: str
    version: int


class SchemeOut(SchemeSummary):
    groups: list[GroupOut] = Field(description="The groups the user reads: all for those who run the scheme.")
    themes: list[ThemeOut] = Field(description="The last three months' themes and those ahead.")


class MemberIn(Schema):
    person: int = Field(description="A person id in the user's scope.")
    organisation: int | None = None
    title: str = ""


class ThemeIn(Schema):
    themes: str
    version: int | None = Field(None, description="The version read; none when the month has no themes yet.")


class NoteIn(Schema):
    pathway_id: int
    trade_progress: str = ""
    language_progress: str = ""
    workplace_status: str = ""


class NotesIn(Schema):
    version: int = Field(description="The meeting's version read: an older one is refused with 409.")
    notes: list[NoteIn]


class NoteOut(Schema):
    pathway_id: int
    participant: str
    trade_progress: str
    language_progress: str
    workplace_status: str
    written_at: dt.datetime | None


class NotesOut(Schema):
    meeting_id: int
    version: int
    locked: bool
    notes: list[NoteOut] = Field(description="One per participant gone through, with or without a note yet.")


def _summary(scheme: Any) -> dict[str, Any]:
    return {
        "id": scheme.pk,
        "name": scheme.name,
        "trade": str(scheme.trade),
        "organisation": str(scheme.organisation),
        "can_manage": bool(getattr(scheme, "can_manage", False)),
    }


def _member(member: GroupMember) -> dict[str, Any]:
    return {
        "id": member.pk,
        "person": {"id": member.person_id, "name": str(member.person)},
        "organisation_id": member.organisation_id,
        "organisation": str(member.organisation) if member.organisation_id else None,
        "title": member.title,
    }


def _theme(row: MonthlyTheme) -> dict[str, Any]:
    return {"month": row.month, "themes": row.themes, "version": row.version}


@router.get(
    "/schemes",
    response={200: list[SchemeSummary], **REFUSALS},
    summary=_("List my schemes"),
    description=_("The schemes the user runs, sits in a group of, or is on a pathway of."),
)
def list_schemes(request: HttpRequest) -> Any:
    return [
        {**_summary(s), "can_manage": runs_scheme(request.user, s.organisation_id)}
        for s in visible_schemes(request.user).order_by("name", "id")[:MAX_SCHEMES]
    ]


@router.get(
    "/schemes/{scheme_id}",
    response={200: SchemeOut, **REFUSALS},
    summary=_("One scheme"),
    description=_(
        "Its groups with their members (those who run it: all; a group's member: their group) and the "
        "monthly themes (also for those on a pathway of the scheme)."
    ),
)
def get_scheme(request: HttpRequest, scheme_id: int) -> Any:
    scheme = get_scheme_for(request.user, scheme_id)
    found: list[Group] = []
    if scheme.reads_groups:  # type: ignore[attr-defined]
        found = list(
            readable_groups(request.user, scheme)
            .prefetch_related("members__person", "members__organisation")
            .order_by("kind")
        )
    themes = MonthlyTheme.objects.filter(scheme_id=scheme.pk, month__gte=_months_back(this_month(), THEMES_BACK))
    return {
        **_summary(scheme),
        "groups": [
            {
                "id": g.pk,
                "kind": g.kind,
                "name": g.name,
                "meeting_interval_days": g.meeting_interval_days,
                "members": [_member(m) for m in g.members.all()],
            }
            for g in found
        ],
        "themes": [_theme(t) for t in themes],
    }


@router.post(
    "/groups/{group_id}/members",
    response={201: MemberOut, **WRITE_REFUSALS},
    summary=_("Add a member to a group"),
    description=_("For those who run the scheme. A person in the user's scope, once."),
)
def add_member(request: HttpRequest, group_id: int, payload: MemberIn) -> Any:
    group = get_group_for(request.user, group_id, write=True)
    member = groups.add_group_member(
        actor=request.user,
        group_id=group.pk,
        person=payload.person,
        organisation=payload.organisation,
        title=payload.title,
    )
    return Status(201, _member(GroupMember.objects.select_related("person", "organisation").get(pk=member.pk)))


@router.delete(
    "/groups/{group_id}/members/{group_member_id}",
    response={200: MemberOut, **WRITE_REFUSALS},
    summary=_("Remove a member from a group"),
    description=_("For those who run the scheme. Answers with the member removed."),
)
def remove_member(request: HttpRequest, group_id: int, group_member_id: int) -> Any:
    group = get_group_for(request.user, group_id, write=True)
    member = GroupMember.objects.select_related("person", "organisation").filter(pk=group_member_id, group_id=group.pk)
    found = member.first()
    if found is None:
        raise Http404
    removed = _member(found)
    groups.remove_group_member(actor=request.user, group_id=group.pk, member_id=found.pk)
    return removed


@router.put(
    "/schemes/{scheme_id}/themes/{month}",
    response={200: ThemeOut, **WRITE_REFUSALS},
    summary=_("Write a month's themes"),
    description=_(
        "`month` as YYYY-MM. Without `version` the month must have no themes yet; with it, the version "
        "read (409 when someone else has written them since)."
    ),
)
def put_themes(request: HttpRequest, scheme_id: int, month: str, payload: ThemeIn) -> Any:
    scheme = get_scheme_for(request.user, scheme_id, write=True)
    first = groups.parse_month(month)
    if first is None:
        raise DomainError(_("Month: give it as YYYY-MM."), field="month")
    row = groups.set_monthly_themes(
        actor=request.user, scheme_id=scheme.pk, month=first, themes=payload.themes, expected_version=payload.version
    )
    return _theme(row)


def _notes(meeting: Any) -> dict[str, Any]:
    # Only a project-group meeting goes through the participants (seed 002).
    pathways = groups.walkthrough_pathways(meeting) if meeting.kind == "project_group" else []
    existing = {n.pathway_id: n for n in ParticipantNote.objects.filter(meeting_id=meeting.pk)}
    rows = []
    for pathway in pathways:
        note = existing.get(pathway.pk)
        rows.append(
            {
                "pathway_id": pathway.pk,
                "participant": str(pathway.participant),
                **{f: getattr(note, f) if note else "" for f in groups.NOTE_FIELDS},
                "written_at": note.written_at if note else None,
            }
        )
    return {"meeting_id": meeting.pk, "version": meeting.version, "locked": meeting.locked, "notes": rows}


def _project_meeting(request: HttpRequest, meeting_id: int, *, write: bool = False) -> Any:
    meeting = get_meeting_for(request.user, meeting_id, write=write)
    if meeting.kind != "project_group":
        raise DomainError(_("Only a project group meeting goes through the participants."))
    return meeting


@router.get(
    "/meetings/{meeting_id}/participant-notes",
    response={200: NotesOut, **REFUSALS},
    summary=_("A project group meeting's notes on the participants"),
    description=_(
        "For those who read the meeting: the scheme's participants in training, each with its note "
        "(none for a meeting that is not a project group's)."
    ),
)
def get_notes(request: HttpRequest, meeting_id: int) -> Any:
    return _notes(get_meeting_for(request.user, meeting_id))


@router.put(
    "/meetings/{meeting_id}/participant-notes",
    response={200: NotesOut, **WRITE_REFUSALS},
    summary=_("Write the notes on the participants"),
    description=_(
        "Trade progress, language progress and the status from the workplace for each participant; "
        "refused once the minutes are approved."
    ),
)
def put_notes(request: HttpRequest, meeting_id: int, payload: NotesIn) -> Any:
    meeting = _project_meeting(request, meeting_id, write=True)
    notes = {n.pathway_id: n.dict(exclude={"pathway_id"}) for n in payload.notes}
    groups.save_participant_notes(
        actor=request.user, meeting_id=meeting.pk, expected_version=payload.version, notes=notes
    )
    return _notes(get_meeting_for(request.user, meeting.pk))
