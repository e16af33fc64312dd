"""The scheme page (its groups, their members and meetings, the monthly themes) and what a
group meeting records (the project group's walkthrough of the participants, the
steering group's report). Thin: fetch and authorise, parse, call one domain function
(groups.py), render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fagvei.core import clock
from fagvei.core.forms import perform, submit
from fagvei.pathways.models import Group, GroupMember
from fagvei.pathways.pickers import is_picker_swap, person_picker
from fagvei.people.access import visible_people

from . import groups, services
from .access import get_meeting_for
from .models import GROUP_KINDS, Meeting, MonthlyTheme, ParticipantNote, Status
from .scheme_access import get_group_for, get_scheme_for, readable_groups, visible_schemes
from .scheme_forms import GroupForm, GroupMeetingForm, GroupMemberForm, NotesForm, ReportForm, ThemesForm, note_field

# The group meeting kind of each group kind.
MEETING_KIND = {group_kind: kind for kind, group_kind in GROUP_KINDS.items()}
# How many months of themes back the scheme page shows.
THEMES_BACK = 3


def _status(request: HttpRequest) -> int:
    return 422 if request.method == "POST" else 200


def this_month() -> dt.date:
    return clock.today().replace(day=1)


def _months_back(first: dt.date, n: int) -> dt.date:
    year, month = first.year, first.month - n
    while month < 1:
        month += 12
        year -= 1
    return dt.date(year, month, 1)


@login_required
@require_GET
def scheme_list(request: HttpRequest) -> HttpResponse:
    schemes = list(visible_schemes(request.user).order_by("name", "id")[:200])
    return render(request, "followup/schemes/list.html", {"schemes": schemes})


def _groups_context(request: HttpRequest, scheme: Any) -> list[Any]:
    """The groups the user reads, with their members and meetings (three queries)."""
    members = GroupMember.objects.select_related("person", "organisation").order_by(
        "person__last_name", "person__first_name", "id"
    )
    found: list[Any] = list(
        readable_groups(request.user, scheme)
        .prefetch_related(
            Prefetch("members", queryset=members),
            Prefetch("meetings", queryset=Meeting.objects.order_by("-starts_at", "-id")),
        )
        .order_by("kind")
    )
    now = clock.now()
    for group in found:
        meetings = list(group.meetings.all())
        held = [m for m in meetings if m.status in (Status.HELD, Status.APPROVED)]
        group.past = [m for m in meetings if m.starts_at < now or m.status != Status.PLANNED][:12]
        group.planned = sorted(
            (m for m in meetings if m.status == Status.PLANNED and m.starts_at >= now), key=lambda m: m.starts_at
        )
        group.next_due = groups.next_meeting_due(group, held[0] if held else None)
        group.meeting_kind = MEETING_KIND[group.kind]
    return found


def _scheme_context(request: HttpRequest, scheme: Any) -> dict[str, Any]:
    first = this_month()
    themes = list(MonthlyTheme.objects.filter(scheme_id=scheme.pk, month__gte=_months_back(first, THEMES_BACK)))
    found = _groups_context(request, scheme) if scheme.reads_groups else []
    missing = [k for k in Group.Kind.values if k not in {g.kind for g in found}] if scheme.can_manage else []
    return {
        "scheme": scheme,
        "groups": found,
        "themes": themes,
        "this_month": first,
        "missing_kinds": missing,
    }


@login_required
@require_GET
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for(request.user, pk)
    return render(request, "followup/schemes/detail.html", _scheme_context(request, scheme))


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for(request.user, pk, write=True)
    taken = set(Group.objects.filter(scheme_id=scheme.pk).values_list("kind", flat=True))
    kinds = [k for k in Group.Kind.values if k not in taken]
    initial = {"kind": request.GET.get("kind", "")}
    form = GroupForm(request.POST or None, kinds=kinds, initial=initial)
    group = submit(
        request,
        form,
        lambda data: groups.create_group(
            actor=request.user,
            scheme_id=scheme.pk,
            kind=data["kind"],
            name=data["name"],
            meeting_interval_days=data["meeting_interval_days"],
        ),
    )
    if group:
        messages.success(request, _("The group has been created."))
        return redirect("scheme_detail", scheme.pk)
    return render(
        request,
        "followup/schemes/form.html",
        {"scheme": scheme, "form": form, "title": _("Create a group")},
        status=_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for(request.user, pk, write=True)
    initial = {"name": group.name, "meeting_interval_days": group.meeting_interval_days}
    form = GroupForm(request.POST or None, with_kind=False, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: groups.update_group(
            actor=request.user,
            group_id=group.pk,
            name=data["name"],
            meeting_interval_days=data["meeting_interval_days"],
        ),
    )
    if saved:
        messages.success(request, _("The group has been saved."))
        return redirect("scheme_detail", group.scheme_id)
    return render(
        request,
        "followup/schemes/form.html",
        {"scheme": group.scheme, "form": form, "title": _("Change the group"), "group": group},
        status=_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for(request.user, pk, write=True)
    people = visible_people(request.user).order_by("last_name", "first_name")
    form = GroupMemberForm(request.POST or None, people=people)
    added = submit(
        request,
        form,
        lambda data: groups.add_group_member(
            actor=request.user,
            group_id=group.pk,
            person=data["person"],
            organisation=data["organisation"],
            title=data["title"],
        ),
    )
    if added:
        messages.success(request, _("The member has been added."))
        return redirect("scheme_detail", group.scheme_id)
    picker = person_picker(request, form, "person", people)
    if is_picker_swap(request):
        return render(request, "includes/person_picker.html", {"picker": picker, "oob": True})
    return render(
        request,
        "followup/schemes/form.html",
        {
            "scheme": group.scheme,
            "group": group,
            "form": form,
            "picker": picker,
            "title": _("Add a member to %(group)s") % {"group": group.name},
        },
        status=_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes."""
    group = get_group_for(request.user, pk, write=True)
    member = GroupMember.objects.select_related("person").filter(pk=member_pk, group_id=group.pk).first()
    if member is None:
        raise Http404
    if request.method == "POST":
        perform(
            request,
            lambda: groups.remove_group_member(actor=request.user, group_id=group.pk, member_id=member.pk),
            _("The member has been removed."),
        )
        return redirect("scheme_detail", group.scheme_id)
    return render(
        request, "followup/schemes/member_remove.html", {"scheme": group.scheme, "group": group, "member": member}
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The themes of one month (``?month=YYYY-MM``, this month when not given)."""
    scheme = get_scheme_for(request.user, pk, write=True)
    month = groups.parse_month(request.GET.get("month", "")) or this_month()
    row = MonthlyTheme.objects.filter(scheme_id=scheme.pk, month=month).first()
    initial = {"month": month, "themes": row.themes if row else "", "version": row.version if row else None}
    form = ThemesForm(request.POST or None, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: groups.set_monthly_themes(
            actor=request.user,
            scheme_id=scheme.pk,
            month=data["month"],
            themes=data["themes"],
            expected_version=data.get("version"),
        ),
    )
    if saved:
        messages.success(request, _("The month's themes have been saved."))
        return redirect("scheme_detail", scheme.pk)
    return render(
        request,
        "followup/schemes/form.html",
        {"scheme": scheme, "form": form, "title": _("The month's themes")},
        status=_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a project-group or steering-group meeting; the group's members are invited."""
    group = get_group_for(request.user, pk, write=True)
    people = services.invitable_people(group=group)
    form = GroupMeetingForm(request.POST or None, people=people, initial={"invitees": list(people)})
    meeting = submit(
        request,
        form,
        lambda data: services.schedule_meeting(
            actor=request.user,
            group_id=group.pk,
            kind=MEETING_KIND[group.kind],
            starts_at=data["starts_at"],
            place=data["place"],
            agenda=data["agenda"],
            invitees=data["invitees"],
        ),
    )
    if meeting:
        messages.success(request, _("The meeting has been planned."))
        return redirect("meeting_detail", meeting.pk)
    return render(
        request,
        "followup/schemes/form.html",
        {
            "scheme": group.scheme,
            "group": group,
            "form": form,
            "title": _("Plan a meeting for %(group)s") % {"group": group.name},
        },
        status=_status(request),
    )


# What a group meeting records -----------------------------------------------------------


def group_meeting_context(meeting: Any) -> dict[str, Any]:
    """For the meeting page: the notes on the participants and the report fields of a
    group meeting (one query for the notes)."""
    if meeting.group_id is None:
        return {}
    names = groups.REPORT_FIELDS.get(meeting.kind, ())
    report = [(groups.label(Meeting, n), getattr(meeting, n)) for n in names]
    notes: list[Any] = []
    if meeting.kind == "project_group":
        notes = list(
            ParticipantNote.objects.filter(meeting_id=meeting.pk)
            .select_related("pathway__participant")
            .order_by("pathway__participant__last_name", "pathway__participant__first_name", "id")
        )
    open_ = bool(getattr(meeting, "can_manage", False)) and meeting.status in (Status.PLANNED, Status.HELD)
    return {"report": report, "participant_notes": notes, "group_open": open_}


@login_required
@require_http_methods(["GET", "POST"])
def meeting_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """The project group goes through each participant (seed 002)."""
    meeting = get_meeting_for(request.user, pk, write=True)
    if meeting.kind != "project_group":
        raise Http404
    pathways = groups.walkthrough_pathways(meeting)
    existing = {n.pathway_id: n for n in ParticipantNote.objects.filter(meeting_id=meeting.pk)}
    initial: dict[str, Any] = {"version": meeting.version}
    for pathway_id, note in existing.items():
        for name in groups.NOTE_FIELDS:
            initial[note_field(pathway_id, name)] = getattr(note, name)
    form = NotesForm(request.POST or None, pathways=pathways, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: groups.save_participant_notes(
            actor=request.user, meeting_id=meeting.pk, expected_version=data["version"], notes=form.notes()
        ),
    )
    if saved:
        messages.success(request, _("The notes on the participants have been saved."))
        return redirect("meeting_detail", meeting.pk)
    return render(request, "followup/schemes/notes.html", {"meeting": meeting, "form": form}, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Resources and challenges (project group); resources, progress and results, and
    plans (steering group)."""
    meeting = get_meeting_for(request.user, pk, write=True)
    names = groups.REPORT_FIELDS.get(meeting.kind)
    if names is None:
        raise Http404
    initial = {"version": meeting.version, **{n: getattr(meeting, n) for n in names}}
    form = ReportForm(request.POST or None, names=names, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: groups.record_group_report(
            actor=request.user,
            meeting_id=meeting.pk,
            expected_version=data["version"],
            **{n: data[n] for n in names},
        ),
    )
    if saved:
        messages.success(request, _("The meeting's report has been saved."))
        return redirect("meeting_detail", meeting.pk)
    title = _("Resources and challenges") if meeting.kind == "project_group" else _("Resources, progress and plans")
    return render(
        request,
        "followup/meeting_form.html",
        {"form": form, "meeting": meeting, "title": title},
        status=_status(request),
    )
