"""Meeting pages and the user's own action items. Thin: fetch and authorise, parse, call
one domain function, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.core.forms import perform, submit, take_step
from fagvei.core.lists import list_page
from fagvei.core.transitions import offers
from fagvei.pathways.access import get_pathway_for

from . import pdfs, services
from .access import (
    get_action_item_for,
    get_meeting_for,
    may_tick,
    meetings_by_ids,
    my_action_items,
    pathway_meetings,
    visible_meetings,
)
from .forms import ActionItemForm, AddendumForm, DoneForm, MeetingForm, MinutesForm
from .lifecycle import ACTIONS_OPEN, EDITABLE, MINUTES_OPEN, TRANSITIONS
from .models import Kind, Meeting, ParticipantNote, Status
from .scheme_views import group_meeting_context


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A PDF as a download, never kept in a cache (personal data); the name holds ids only."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _next_or(request: HttpRequest, default: str) -> str:
    """``next`` when it is a path on this site, else ``default``."""
    target = request.POST.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(target, allowed_hosts=set(), require_https=False)
    ):
        return target
    return default


def _invitees(meeting: Meeting) -> dict[int, str]:
    return {i.person_id: str(i.person) for i in meeting.invitees.all()}


@login_required
@require_GET
def pathway_meetings_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A pathway's meetings, and (for those who manage it) the form to plan one."""
    pathway = get_pathway_for(request.user, pk)
    form = None
    if pathway.can_manage:
        # A deadline's link may name the kind to plan (?kind=assessment).
        kind = request.GET.get("kind")
        initial = {"kind": kind} if kind in Kind.values else {}
        form = MeetingForm(people=services.invitable_people(pathway=pathway), initial=initial)
    meetings = list(pathway_meetings(request.user, pathway).order_by("-starts_at", "-id"))
    # The project group's notes on this participant, from the meetings the user reads:
    # the pathway's few notes first (its index), each meeting then checked by its id (an
    # IN over every meeting the user reads scanned them all at national size).
    readable = visible_meetings(request.user, listed=False).filter(pk=OuterRef("meeting_id"))
    notes = list(
        ParticipantNote.objects.filter(Exists(readable), pathway_id=pathway.pk)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-id")
    )
    return render(
        request,
        "followup/pathway_meetings.html",
        {"pathway": pathway, "meetings": meetings, "form": form, "participant_notes": notes},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pathway_meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a meeting for the pathway (the form of the pathway's meetings page)."""
    pathway = get_pathway_for(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, people=services.invitable_people(pathway=pathway))
    meeting = submit(
        request,
        form,
        lambda data: services.schedule_meeting(
            actor=request.user,
            pathway_id=pathway.pk,
            kind=data["kind"],
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
        "followup/meeting_new.html",
        {"pathway": pathway, "form": form},
        status=422 if request.method == "POST" else 200,
    )


def _detail_context(request: HttpRequest, meeting: Any) -> dict[str, Any]:
    invitees = list(meeting.invitees.select_related("person"))
    items = list(meeting.action_items.select_related("owner", "done_by__person"))
    for item in items:
        item.can_tick = may_tick(request.user, item, meeting)
    manage = bool(meeting.can_manage)
    # The status table's checks read the invitees (attendance recorded?): from this list.
    meeting._prefetched_objects_cache = {"invitees": invitees}
    people = {i.person_id: str(i.person) for i in invitees}
    return {
        "meeting": meeting,
        "invitees": invitees,
        "action_items": items,
        "addenda": list(meeting.addenda.select_related("author__person")),
        "offers": offers(TRANSITIONS, meeting, meeting.status, lambda m, fix: "") if manage else [],
        "editable": manage and meeting.status in EDITABLE,
        "minutes_open": manage and meeting.status in MINUTES_OPEN,
        "actions_open": manage and meeting.status in ACTIONS_OPEN,
        "addendum_open": manage and meeting.status == Status.APPROVED,
        "item_form": ActionItemForm(invitees=people) if manage and meeting.status in ACTIONS_OPEN else None,
        "addendum_form": AddendumForm() if manage and meeting.status == Status.APPROVED else None,
        "people": people,
        # A group meeting's notes on the participants and its report (seed 002).
        **group_meeting_context(meeting),
    }


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk)
    log_access(request, meeting)
    return render(request, "followup/meeting_detail.html", _detail_context(request, meeting))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, write=True)
    people = services.invitable_people(pathway=meeting.pathway, group=meeting.group)
    initial = {
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "invitees": list(meeting.invitees.values_list("person_id", flat=True)),
        "version": meeting.version,
    }
    form = MeetingForm(request.POST or None, people=people, with_kind=False, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.update_meeting(
            actor=request.user,
            meeting_id=meeting.pk,
            expected_version=data.get("version") or 0,
            starts_at=data["starts_at"],
            place=data["place"],
            agenda=data["agenda"],
            invitees=data["invitees"],
        ),
    )
    if saved:
        messages.success(request, _("The meeting has been saved."))
        return redirect("meeting_detail", meeting.pk)
    return render(
        request,
        "followup/meeting_form.html",
        {"form": form, "meeting": meeting, "title": _("Change the meeting")},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, write=True)
    invitees = list(meeting.invitees.select_related("person"))
    initial = {
        "attended": [i.person_id for i in invitees if i.attended],
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
        "version": meeting.version,
    }
    form = MinutesForm(request.POST or None, invitees={i.person_id: str(i.person) for i in invitees}, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.record_minutes(
            actor=request.user,
            meeting_id=meeting.pk,
            expected_version=data["version"],
            attended=data["attended"],
            minutes=data["minutes"],
            decisions=data["decisions"],
        ),
    )
    if saved:
        messages.success(request, _("The minutes have been saved."))
        return redirect("meeting_detail", meeting.pk)
    return render(
        request,
        "followup/meeting_form.html",
        {"form": form, "meeting": meeting, "title": _("Minutes")},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def meeting_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, write=True)
    take_step(request, TRANSITIONS, name, meeting_id=meeting.pk)
    return redirect("meeting_detail", meeting.pk)


@login_required
@require_POST
def meeting_action_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, write=True)
    form = ActionItemForm(request.POST, invitees=_invitees(meeting))
    added = submit(
        request,
        form,
        lambda data: services.add_action_item(
            actor=request.user, meeting_id=meeting.pk, text=data["text"], owner=data["owner"], deadline=data["deadline"]
        ),
    )
    if added:
        messages.success(request, _("The action item has been added."))
        return redirect("meeting_detail", meeting.pk)
    context = _detail_context(request, meeting)
    context["item_form"] = form
    return render(request, "followup/meeting_detail.html", context, status=422)


@login_required
@require_POST
def meeting_addendum_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, write=True)
    form = AddendumForm(request.POST)
    added = submit(
        request, form, lambda data: services.add_addendum(actor=request.user, meeting_id=meeting.pk, text=data["text"])
    )
    if added:
        messages.success(request, _("The addendum has been added."))
        return redirect("meeting_detail", meeting.pk)
    context = _detail_context(request, meeting)
    context["addendum_form"] = form
    return render(request, "followup/meeting_detail.html", context, status=422)


@login_required
@require_GET
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk)
    data = pdfs.minutes_pdf(meeting, request)
    log_access(request, meeting, purpose=AccessLog.Purpose.EXPORT, detail="minutes pdf")
    return _pdf_response(data, f"minutes-{meeting.pk}.pdf")


@login_required
@require_POST
def action_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an action item done or undone: a plain form, so it works without JavaScript."""
    item = get_action_item_for(request.user, pk, write=True)
    form = DoneForm(request.POST)
    back = _next_or(request, reverse("meeting_detail", args=[item.meeting_id]))
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect(back)
    done = form.cleaned_data["done"]
    perform(
        request,
        lambda: services.set_action_item_done(
            actor=request.user, item_id=item.pk, done=done, expected_version=form.cleaned_data["version"]
        ),
        _("The action item is marked as done.") if done else _("The action item is open again."),
    )
    return redirect(back)


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings the user is invited to or runs, the coming ones first."""
    return list_page(
        request,
        "followup/meeting_list.html",
        visible_meetings(request.user),
        form=None,
        order_by=("-starts_at", "-id"),
        load=meetings_by_ids,
    )


@login_required
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    """The user's own action items across pathways and groups: open first by deadline."""
    items = my_action_items(request.user)
    open_items = list(items.filter(done_at__isnull=True).order_by("deadline", "id")[:200])
    done_items = list(items.filter(done_at__isnull=False).order_by("-done_at", "-id")[:25])
    return render(request, "followup/task_list.html", {"open_items": open_items, "done_items": done_items})
