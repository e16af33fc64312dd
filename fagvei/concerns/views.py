"""The concern pages: a pathway's concerns (list and the form to register one) and one
concern with its steps and the form of each step the ladder allows now. Thin: fetch
and authorise (access.py), parse, call one domain function, render. Every page that
shows a concern logs the read once, with the reader's relation to it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fagvei.accounts.access import scope_for
from fagvei.core.forms import perform, submit
from fagvei.core.transitions import offers
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
from .forms import (
    STEP_FORMS,
    ConcernForm,
    ConcernMeetingForm,
    CountyContactForm,
    GoalDoneForm,
    InterruptionForm,
    NoteForm,
    PaperSignatureForm,
    PartyForm,
    SignedPlanForm,
    StepForm,
)
from .invitations import draft_invitation
from .lifecycle import CONSIDER_INVITING, TRANSITIONS
from .models import REQUIRED_PARTIES, Concern, Party, Status


@login_required
@require_http_methods(["GET", "POST"])
def pathway_concerns_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The pathway's concerns the user may read, and the form to register one for those
    who may (seed 004: the company, the school, the training office, the koordinator).
    Others on the pathway do not know of its concerns: 404."""
    pathway = get_pathway_for(request.user, pk)
    registers = may_register(request.user, pathway)
    concerns = list(pathway_concerns(request.user, pathway))
    if not registers and not concerns:
        raise Http404
    if request.method == "POST" and not registers:
        raise PermissionDenied
    form = ConcernForm(request.POST or None) if registers else None
    if form is not None:
        concern = submit(
            request,
            form,
            lambda data: services.register_concern(
                actor=request.user,
                pathway_id=pathway.pk,
                categories=data["categories"],
                description=data["description"],
                noticed_on=data["noticed_on"],
            ),
        )
        if concern:
            messages.success(request, _("The concern has been registered."))
            return redirect("concern_detail", concern.pk)
    readings = [str(reading_on_pathway(request.user, pathway, c)) for c in concerns]
    log_concern_reads(request, concerns, readings, "concern list")
    return render(
        request,
        "concerns/pathway_concerns.html",
        {"pathway": pathway, "concerns": concerns, "form": form},
        status=422 if request.method == "POST" else 200,
    )


def _plan_forms(request: HttpRequest, concern: Concern, failed: dict[str, Any]) -> dict[str, Any]:
    """The follow-up plan's own forms the user may use now: a party's confirmation, a
    confirmation given on paper, the signed scan, ticking a goal, starting the
    interruption the plan considered, and the county adviser's contact."""
    user = request.user
    reading = concern.reading  # type: ignore[attr-defined]
    handles = concern.can_handle  # type: ignore[attr-defined]
    context: dict[str, Any] = {}
    initial = {"version": concern.version}
    if concern.status == Status.PLAN_AGREED:
        signed = {s.party for s in concern.signatures.all()}
        context["unsigned"] = [Party(p).label for p in REQUIRED_PARTIES if p not in signed]
        if not context["unsigned"] or concern.plan_scan_id is not None:
            # Signed, the follow-up not started yet: the day it counts as signed.
            context["signed_on"] = services.plan_signed_on(concern)
        context["confirm_forms"] = [
            (Party(p).label, PartyForm(initial={**initial, "party": p}))
            for p in plans.parties_of(user, concern, reading)
            if p not in signed
        ]
        if handles and "signed_on" not in context:
            # Until every party has confirmed (or a signed scan is in): once signed, the
            # next step is to start the follow-up.
            context["paper_form"] = failed.get("paper") or PaperSignatureForm(initial=initial)
            context["scan_form"] = failed.get("scan") or SignedPlanForm(initial=initial)
    if concern.status in plans.LIVE_PLAN:
        person_id = scope_for(user).person_id
        for goal in concern.goals.all():
            ticks = handles or (person_id is not None and person_id == goal.responsible_id)
            goal.done_form = (  # type: ignore[attr-defined]
                GoalDoneForm(initial={"version": goal.version}) if goal.done_at is None and ticks else None
            )
        if handles and concern.plan_consider_interruption and concern.interruption_id is None:
            context["interruption_form"] = failed.get("interruption") or InterruptionForm(initial=initial)
    if (
        concern.status == Status.CANCELLATION_REQUESTED
        and concern.county_contacted_on is None
        and reading in (Reading.COUNTY_ADVISER, Reading.ADMINISTRATOR)
    ):
        context["contact_form"] = failed.get("contact") or CountyContactForm(initial=initial)
    return context


# The steps recorded at a meeting planned from the concern page (seed 004).
MEETING_STEPS = ("hold_conversation", "agree_plan")


def _planned(concern: Concern, meetings: list[Any]) -> Any:
    """The planned meeting of the step the concern is at, from its meetings, or None."""
    kind = services.MEETING_OF.get(concern.status)
    found = [m for m in meetings if m.kind == kind and m.status == MeetingStatus.PLANNED]
    return found[-1] if found else None


def _meeting_form(concern: Concern, planned: Any, data: Any = None) -> ConcernMeetingForm | None:
    """The form to plan the meeting of the step the concern is at, for one who handles
    it, while none is planned."""
    if not concern.can_handle or concern.status not in services.MEETING_OF or planned is not None:  # type: ignore[attr-defined]
        return None
    return ConcernMeetingForm(
        data,
        concern=concern,
        people=services.invitable_people(concern),
        clarification=concern.status == Status.CLARIFICATION,
    )


def _detail(
    request: HttpRequest,
    concern: Concern,
    failed: tuple[str, StepForm] | None = None,
    note_form: NoteForm | None = None,
    plan_failed: dict[str, Any] | None = None,
    meeting_form: ConcernMeetingForm | None = None,
) -> HttpResponse:
    meetings = services.concern_meetings(concern)
    planned = _planned(concern, meetings)
    steps: list[dict[str, Any]] = []
    if concern.can_handle:  # type: ignore[attr-defined]
        people = services.responsible_choices(concern.pathway) if concern.status == Status.CLARIFICATION else []
        for offer in offers(TRANSITIONS, concern, concern.status, lambda c, fix: ""):
            name = offer.transition.name
            if failed is not None and failed[0] == name:
                form = failed[1]
            else:
                form = STEP_FORMS[name](concern=concern, people=people, meeting=planned)
            # The conversation and the clarification meeting are recorded at their planned
            # meeting (with who came): until one is planned the page says so instead.
            refused = failed is not None and failed[0] == name
            unplanned = name in MEETING_STEPS and planned is None and not refused
            steps.append(
                {
                    "offer": offer,
                    "form": form,
                    "open": refused,
                    "unplanned": unplanned,
                }
            )
        for meeting in meetings:
            if meeting.status == MeetingStatus.PLANNED:
                meeting.invitation = draft_invitation(  # type: ignore[attr-defined]
                    meeting, participant=concern.pathway.participant, invited=[i.person for i in meeting.invitees.all()]
                )
    if concern.can_handle and note_form is None:  # type: ignore[attr-defined]
        note_form = NoteForm()
    if meeting_form is None:
        meeting_form = _meeting_form(concern, planned)
    log_concern_read(request, concern, "concern")
    return render(
        request,
        "concerns/concern_detail.html",
        {
            "concern": concern,
            "pathway": concern.pathway,
            "steps": steps,
            "notes": shown_notes(concern),
            "consider_inviting": CONSIDER_INVITING if concern.status == Status.CLARIFICATION else (),
            "note_form": note_form,
            "packet": may_have_packet(concern),
            "parties": REQUIRED_PARTIES,
            **_plan_forms(request, concern, plan_failed or {}),
            "meetings": meetings,
            "planned": planned,
            "meeting_form": meeting_form,
        },
        status=422
        if failed is not None
        or plan_failed
        or (note_form is not None and note_form.errors)
        or (meeting_form is not None and meeting_form.errors)
        else 200,
    )


@login_required
@require_GET
def concern_packet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The case packet for the county as one PDF (issue 14, item 6). A reader who may not
    have it (the participant) is refused; one who may not know of the concern gets 404."""
    concern = get_concern_for(request.user, pk)
    if not may_have_packet(concern):
        raise PermissionDenied
    data = pdfs.packet_pdf(concern, request)
    log_concern_read(request, concern, "case packet pdf")
    return pdf_download(data, f"concern-{concern.pk}.pdf")


@login_required
@require_GET
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_concern_for(request.user, pk))


@login_required
@require_POST
def concern_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """A step of the ladder posted with its form: taken, or the page again with the form
    and its refusal (the user's input kept)."""
    concern = get_concern_for(request.user, pk, write=True)
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Http404
    people = services.responsible_choices(concern.pathway) if name == "agree_plan" else []
    form = STEP_FORMS[name](
        request.POST, concern=concern, people=people, meeting=_planned(concern, services.concern_meetings(concern))
    )
    done = submit(
        request,
        form,
        lambda data: transition.perform(
            actor=request.user,
            concern_id=concern.pk,
            expected_version=data["version"],
            **form.inputs(),
        ),
    )
    if done:
        messages.success(request, _("Done: %(action)s.") % {"action": transition.label})
        return redirect("concern_detail", concern.pk)
    if concern.status not in transition.sources:
        # Not a step the page offers now (another user took one first): say so above it.
        for error in form.non_field_errors() or [_("Reload the page and try again.")]:
            messages.error(request, str(error))
        return redirect("concern_detail", concern.pk)
    return _detail(request, concern, failed=(name, form))


@login_required
@require_POST
def concern_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A note on the case, by one who handles it."""
    concern = get_concern_for(request.user, pk, write=True)
    form = NoteForm(request.POST)
    note = submit(
        request,
        form,
        lambda data: services.add_concern_note(
            actor=request.user, concern_id=concern.pk, text=data["text"], internal=data["internal"]
        ),
    )
    if note:
        messages.success(request, _("The note has been added."))
        return redirect("concern_detail", concern.pk)
    return _detail(request, concern, note_form=form)


def _plan_action(
    request: HttpRequest, concern: Concern, key: str, form: Any, action: Any, success: str
) -> HttpResponse:
    """A plan form posted: done (back to the concern's page with a message), or the page
    again with the form and its refusal."""
    done = submit(request, form, action)
    if done:
        messages.success(request, success)
        return redirect("concern_detail", concern.pk)
    if key not in ("paper", "scan", "interruption", "contact"):
        for error in [*form.non_field_errors(), *(e for f in form.errors.values() for e in f)]:
            messages.error(request, str(error))
        return redirect("concern_detail", concern.pk)
    return _detail(request, concern, plan_failed={key: form})


@login_required
@require_POST
def concern_confirm_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The logged-in party confirms the follow-up plan (the participant from their own
    login, the company side by one who handles the concern)."""
    concern = get_concern_for(request.user, pk)
    if not plans.parties_of(request.user, concern, concern.reading):  # type: ignore[attr-defined]
        raise PermissionDenied  # reads the case (the county adviser), is no party to the plan
    form = PartyForm(request.POST)
    return _plan_action(
        request,
        concern,
        "confirm",
        form,
        lambda data: plans.confirm_plan(
            actor=request.user, concern_id=concern.pk, expected_version=data["version"], party=data["party"]
        ),
        _("Your confirmation of the plan has been recorded."),
    )


@login_required
@require_POST
def concern_paper_signature(request: HttpRequest, pk: int) -> HttpResponse:
    """A party's confirmation given on paper, recorded by one who handles the concern."""
    concern = get_concern_for(request.user, pk, write=True)
    form = PaperSignatureForm(request.POST)
    return _plan_action(
        request,
        concern,
        "paper",
        form,
        lambda data: plans.record_paper_signature(
            actor=request.user,
            concern_id=concern.pk,
            expected_version=data["version"],
            party=data["party"],
            signed_on=data["signed_on"],
        ),
        _("The confirmation given on paper has been recorded."),
    )


@login_required
@require_POST
def concern_signed_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """A scan of the plan signed on paper, uploaded by one who handles the concern."""
    concern = get_concern_for(request.user, pk, write=True)
    form = SignedPlanForm(request.POST, request.FILES)
    return _plan_action(
        request,
        concern,
        "scan",
        form,
        lambda data: plans.attach_signed_plan(
            actor=request.user,
            concern_id=concern.pk,
            expected_version=data["version"],
            upload=data.get("upload"),
            signed_on=data["signed_on"],
        ),
        _("The signed plan has been uploaded."),
    )


@login_required
@require_POST
def concern_interruption(request: HttpRequest, pk: int) -> HttpResponse:
    """The temporary interruption the plan considered, started through the contract."""
    concern = get_concern_for(request.user, pk, write=True)
    form = InterruptionForm(request.POST)
    return _plan_action(
        request,
        concern,
        "interruption",
        form,
        lambda data: plans.start_plan_interruption(
            actor=request.user,
            concern_id=concern.pk,
            expected_version=data["version"],
            reason=data["reason"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            county_told_on=data.get("county_told_on"),
        ),
        _("The temporary interruption has been started."),
    )


@login_required
@require_POST
def concern_county_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """The county adviser records their contact with the participant."""
    concern = get_concern_for(request.user, pk)
    if concern.reading not in (Reading.COUNTY_ADVISER, Reading.ADMINISTRATOR):  # type: ignore[attr-defined]
        raise PermissionDenied
    form = CountyContactForm(request.POST)
    return _plan_action(
        request,
        concern,
        "contact",
        form,
        lambda data: plans.record_county_contact(
            actor=request.user,
            concern_id=concern.pk,
            expected_version=data["version"],
            contacted_on=data["contacted_on"],
            note=data["note"],
        ),
        _("The contact with the participant has been recorded."),
    )


@login_required
@require_POST
def goal_done(request: HttpRequest, pk: int) -> HttpResponse:
    """A goal ticked as done, by the person responsible or one who handles the concern.
    Back to the concern's page for those who read it, else to the pathway's page (a
    mentor sees no more of the concern than their goal)."""
    goal = get_goal_for(request.user, pk)
    if not plans.may_tick(request.user, goal, goal.concern_reading):  # type: ignore[attr-defined]
        raise PermissionDenied  # reads the case (the county adviser), is not responsible
    form = GoalDoneForm(request.POST)
    if form.is_valid():
        version = form.cleaned_data["version"]
        perform(
            request,
            lambda: plans.complete_goal(actor=request.user, goal_id=goal.pk, expected_version=version),
            _("The goal has been ticked as done."),
        )
    else:
        messages.error(request, _("Reload the page and try again."))
    if goal.concern_reading is None:  # type: ignore[attr-defined]
        return redirect("pathway_detail", goal.concern.pathway_id)
    return redirect("concern_detail", goal.concern_id)


@login_required
@require_POST
def concern_meeting_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan the concern conversation or the clarification meeting, by one who handles
    the concern; the page then shows the invitation drafted for the participant."""
    concern = get_concern_for(request.user, pk, write=True)
    form = _meeting_form(concern, _planned(concern, services.concern_meetings(concern)), request.POST)
    if form is None:
        messages.error(request, _("A meeting cannot be planned at this step, or one is planned already."))
        return redirect("concern_detail", concern.pk)
    meeting = submit(
        request,
        form,
        lambda data: services.schedule_concern_meeting(
            actor=request.user,
            concern_id=concern.pk,
            expected_version=data["version"],
            starts_at=data["starts_at"],
            place=data["place"],
            invitees=data["invitees"],
            guests=form.guests(),
        ),
    )
    if meeting:
        messages.success(request, _("The meeting has been planned. Copy the invitation below to the participant."))
        return redirect(reverse("concern_detail", args=[concern.pk]) + "#meetings-heading")
    return _detail(request, concern, meeting_form=form)


# How many concerns the county's list shows (the newest informed first).
COUNTY_SHOWN = 100


@login_required
@require_GET
def county_concerns_page(request: HttpRequest) -> HttpResponse:
    """The concerns the user's county has been informed of (for its advisers, and the
    administrator); 404 for anyone else, as the county's inbox."""
    if not (scope_for(request.user).is_admin or county_ids(request.user)):
        raise Http404
    concerns = list(county_concerns(request.user)[:COUNTY_SHOWN])
    role = Reading.ADMINISTRATOR if scope_for(request.user).is_admin else Reading.COUNTY_ADVISER
    log_concern_reads(request, concerns, [str(role)] * len(concerns), "county concern list")
    return render(request, "concerns/county_concerns.html", {"concerns": concerns, "shown": COUNTY_SHOWN})
