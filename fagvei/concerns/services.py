"""Domain functions of the concern ladder: one per step, atomic, row-locked, version
checked, audited in the same transaction (ARCHITECTURE.md, house habit 1).

Each refuses with a ``DomainError`` naming the missing item in the user's language. The
events they write carry the concern's id and the step's code only: never a category, a
description or minutes (special categories, GDPR art. 9; events are append-only and
could never be pseudonymised).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fagvei.accounts.models import Membership, Role
from fagvei.audit.services import record_event
from fagvei.contracts import services as contract_services
from fagvei.contracts.models import Contract
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject, lock, validate
from fagvei.followup.models import Guest, Invitee, Meeting
from fagvei.followup.models import Kind as MeetingKind
from fagvei.followup.models import Status as MeetingStatus
from fagvei.lib.dates import is_sane
from fagvei.pathways.access import can_manage_pathway
from fagvei.pathways.models import CLOSED as PATHWAY_CLOSED
from fagvei.pathways.models import Follow, Pathway, PathwayMember
from fagvei.people.models import Person

from .access import HANDLING, REGISTERING_ROLES, reading_of
from .lifecycle import TRANSITIONS, county_of
from .models import (
    PSEUDONYMISED_TEXT,
    REQUIRED_PARTIES,
    Category,
    Concern,
    ConcernCategory,
    ConcernNote,
    Party,
    PlanGoal,
    PlanSignature,
    Status,
)

# The most goals a follow-up plan is given at once (the plan's form offers as many rows).
MAX_GOALS = 10


def _event(step: str, concern: Concern, actor: Any) -> None:
    # Ids and the step's code only (see the module's docstring).
    record_event(
        f"concern.{step}",
        concern,
        actor=actor,
        pathway=concern.pathway,
        data={"concern": concern.pk, "step": step},
    )


def _d(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _past_date(value: dt.date | None, field: str, label: str, *, not_before: dt.date | None = None) -> dt.date:
    """A date of something that has happened: given, not in the future, not before ``not_before``."""
    if value is None:
        raise DomainError(_("%(field)s: give the date.") % {"field": label}, field=field)
    if value > clock.today():
        raise DomainError(_("%(field)s: the date cannot be in the future.") % {"field": label}, field=field)
    if not_before is not None and value < not_before:
        raise DomainError(
            _("%(field)s: the date cannot be before %(date)s.") % {"field": label, "date": _d(not_before)},
            field=field,
        )
    return value


def _text(value: str | None, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text


def reading_of_actor(actor: Any, concern: Concern) -> Any:
    """The actor's relation to the concern (its pathway loaded) as it is now, inside the
    transaction: ``access.Reading``, or None."""
    pathway = concern.pathway
    manages = can_manage_pathway(actor, pathway)
    follows = manages or (
        getattr(actor, "is_authenticated", False) and pathway.follows.filter(user_id=actor.pk).exists()
    )
    return reading_of(actor, concern, follows=follows, manages=manages)


def locked_reading(actor: Any, concern_id: int, expected_version: int | None) -> tuple[Concern, Any]:
    """The concern, locked (with its pathway), checked against the version the user saw,
    and the actor's relation to it (``access.Reading``, None when they may not know of it)."""
    concern: Concern = lock(Concern, concern_id)
    concern.pathway = Pathway.objects.select_related("workplace").get(pk=concern.pathway_id)
    reading = reading_of_actor(actor, concern)
    if reading is None:
        raise DomainError(_("You may not change this concern."))
    if expected_version is not None and concern.version != expected_version:
        raise StaleObject()
    return concern, reading


def locked_handled(actor: Any, concern_id: int, expected_version: int | None) -> Concern:
    """The concern, locked and version-checked; the actor must handle it (manage its
    pathway, or have raised it)."""
    concern, reading = locked_reading(actor, concern_id, expected_version)
    if reading not in HANDLING:
        raise DomainError(_("You may not change this concern."))
    return concern


def _locked(actor: Any, concern_id: int, expected_version: int | None, step: str | None) -> Concern:
    """The concern, locked, checked against the version the user saw and (for a step)
    the ladder's table; the actor must handle it (manage its pathway, or have raised it)."""
    concern = locked_handled(actor, concern_id, expected_version)
    if step is None:
        return concern
    transition = TRANSITIONS[step]
    if concern.status not in transition.sources:
        raise DomainError(
            _("“%(action)s” is not possible when the concern is at the step “%(status)s”.")
            % {"action": transition.label, "status": concern.get_status_display()}
        )
    missing = transition.missing(concern)
    if missing:
        raise DomainError(*missing)
    return concern


def _advance(concern: Concern, status: str, *fields: str) -> None:
    concern.status = status
    concern.version += 1
    validate(concern)
    concern.save(update_fields=["status", "version", *fields])


# Registering ------------------------------------------------------------------------------


def register_concern(
    *,
    actor: Any,
    pathway_id: int,
    categories: Iterable[str],
    description: str,
    noticed_on: dt.date | None,
) -> Concern:
    """Register a concern on a pathway (seed 004, "Bekymring i bedriften"): one or more
    categories, a description and when it was noticed. By those who manage the pathway,
    or its professional manager, trade teacher or workplace manager."""
    with transaction.atomic():
        pathway: Pathway = lock(Pathway, pathway_id)
        if not can_manage_pathway(actor, pathway):
            person_id = getattr(actor, "person_id", None)
            registering = (
                person_id is not None
                and PathwayMember.objects.filter(
                    pathway_id=pathway.pk, person_id=person_id, role__in=REGISTERING_ROLES
                ).exists()
            )
            if not registering:
                raise DomainError(_("You may not register a concern on this pathway."))
        if pathway.stage in PATHWAY_CLOSED:
            raise DomainError(_("The pathway is closed: a concern can no longer be registered on it."))
        chosen = sorted(set(categories or ()))
        if not chosen:
            raise DomainError(_("Categories: choose at least one."), field="categories")
        if any(c not in Category.values for c in chosen):
            raise DomainError(_("Categories: choose only the listed categories."), field="categories")
        text = _text(description, "description", _("Description: describe what gives cause for concern."))
        noticed = _past_date(noticed_on, "noticed_on", _("Noticed on"))
        concern = Concern(
            pathway=pathway,
            description=text,
            noticed_on=noticed,
            raised_by=actor,
            registered_at=clock.now(),
        )
        validate(concern)
        concern.save()
        ConcernCategory.objects.bulk_create(ConcernCategory(concern=concern, category=c) for c in chosen)
        _event("registered", concern, actor)
    return concern


# The ladder's meetings (seed 004) ------------------------------------------------------------

# The meeting each step of the ladder is held at: the concern conversation while the
# concern is registered, the clarification meeting once it is called.
MEETING_OF: dict[str, str] = {
    Status.REGISTERED: MeetingKind.CONCERN_CONVERSATION,
    Status.CLARIFICATION: MeetingKind.CLARIFICATION,
}
# The most "others invited" lines a meeting is given (the form offers as many rows).
MAX_GUESTS = 8


def invitable_people(concern: Concern) -> dict[int, str]:
    """Who may be invited to the concern's meeting as a person in fagvei: only those who
    may know of the concern (``access.reading_of``) — the participant, those who manage
    the pathway, the one who raised it, and for the clarification meeting the advisers
    of the county informed. Anyone else (a mentor, a professional manager who did not
    raise it, the ombud, NAV …) is invited as a line of text (``Guest``), so the meeting
    never shows them the concern. Person id → name; one query."""
    pathway = concern.pathway
    managers = Follow.objects.filter(pathway_id=pathway.pk, manages=True).values("user_id")
    rule = Q(pk=pathway.participant_id) | Q(user__in=managers) | Q(user__pk=concern.raised_by_id)
    if concern.county_id is not None and concern.status == Status.CLARIFICATION:
        advisers = Membership.objects.filter(organisation_id=concern.county_id, role=Role.COUNTY_ADVISER)
        rule |= Q(user__in=advisers.values("user_id"))
    people = Person.objects.filter(rule).distinct().order_by("last_name", "first_name", "pk")
    return {p.pk: p.full_name for p in people}


def planned_meeting(concern: Concern, kind: str) -> Meeting | None:
    """The concern's planned meeting of this kind, with its invitees and guests."""
    return (
        Meeting.objects.filter(concern_id=concern.pk, kind=kind, status=MeetingStatus.PLANNED)
        .select_related("scheduled_by__person")
        .prefetch_related("invitees__person", "guests")
        .order_by("-starts_at", "-pk")
        .first()
    )


def _starts_at(value: Any) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise DomainError(_("Starts at: give the date and time."), field="starts_at")
    if not is_sane(value.date()):
        raise DomainError(_("Starts at: the date must be between 1900 and 2100."), field="starts_at")
    if timezone.is_naive(value):
        # A time typed in a form is Norwegian time (ARCHITECTURE.md: Europe/Oslo).
        value = timezone.make_aware(value)
    return value


def _chosen(invitees: Iterable[Any], allowed: dict[int, str], participant_id: int) -> list[int]:
    chosen: list[int] = []
    for raw in invitees or ():
        try:
            pk = int(getattr(raw, "pk", raw))
        except (TypeError, ValueError) as exc:
            raise DomainError(_("Invitees: choose people from the list."), field="invitees") from exc
        if pk not in allowed:
            raise DomainError(
                _(
                    "Invitees: only the participant and those handling the concern can be chosen; invite"
                    " others by name."
                ),
                field="invitees",
            )
        if pk not in chosen:
            chosen.append(pk)
    # seed 004: the conversation is with the participant; the participant attends the
    # clarification meeting ("Bedrift/samarbeidsorgan og kandidat skal delta").
    if participant_id not in chosen:
        raise DomainError(_("Invitees: invite the participant."), field="invitees")
    return chosen


def _guests(names: Iterable[str] | None) -> list[str]:
    lines = []
    for raw in names or ():
        name = (raw or "").strip()
        if not name:
            continue
        if len(name) > 200:
            raise DomainError(_("Others invited: at most 200 characters a line."), field="guests")
        if name not in lines:
            lines.append(name)
    if len(lines) > MAX_GUESTS:
        raise DomainError(_("Others invited: at most %(n)s lines.") % {"n": MAX_GUESTS}, field="guests")
    return lines


def schedule_concern_meeting(
    *,
    actor: Any,
    concern_id: int,
    expected_version: int | None,
    starts_at: Any,
    place: str,
    invitees: Iterable[Any],
    guests: Iterable[str] | None = None,
) -> Meeting:
    """Plan the concern conversation (while the concern is registered) or the
    clarification meeting (once called) as a meeting of the follow-up app: when, where,
    the participant and others who may know of the concern invited, and others (the
    ombud, OT, PPT, NAV, the GP, a union representative: seed 004) as lines of text. One
    planned meeting of each kind at a time."""
    with transaction.atomic():
        concern = _locked(actor, concern_id, expected_version, None)
        kind = MEETING_OF.get(concern.status)
        if kind is None:
            raise DomainError(
                _(
                    "Meeting: a meeting is planned while the concern is registered (the concern conversation) or"
                    " once a clarification meeting is called."
                ),
                field="meeting",
            )
        already = planned_meeting(concern, kind)
        if already is not None:
            raise DomainError(
                _("Meeting: it is already planned for %(when)s.")
                % {"when": formats.date_format(timezone.localtime(already.starts_at), "SHORT_DATETIME_FORMAT")},
                field="meeting",
            )
        starts = _starts_at(starts_at)
        where = _text(place, "place", _("Place: say where the meeting is held."))
        chosen = _chosen(invitees, invitable_people(concern), concern.pathway.participant_id)
        lines = _guests(guests)
        meeting = Meeting(
            kind=kind,
            pathway=concern.pathway,
            concern=concern,
            starts_at=starts,
            place=where,
            scheduled_by=actor,
            scheduled_at=clock.now(),
        )
        validate(meeting, exclude=["pathway", "concern", "scheduled_by"])
        meeting.save()
        Invitee.objects.bulk_create(Invitee(meeting=meeting, person_id=pk) for pk in chosen)
        Guest.objects.bulk_create(Guest(meeting=meeting, name=name) for name in lines)
        # The concern changed (a meeting is planned): forms read before now are stale.
        concern.version += 1
        concern.save(update_fields=["version"])
        # Ids and codes only: never the place or who was invited.
        record_event(
            "concern.meeting_scheduled",
            concern,
            actor=actor,
            pathway=concern.pathway,
            data={"concern": concern.pk, "step": "meeting_scheduled", "meeting": meeting.pk},
        )
    return meeting


def _hold(
    concern: Concern, kind: str, attended: Iterable[Any] | None, guests_attended: Iterable[Any] | None
) -> Meeting:
    """Record who came to the concern's planned meeting of this kind (every invitee and
    every line of others invited: came or not) and mark it held. In the caller's
    transaction, the meeting locked."""
    found = planned_meeting(concern, kind)
    if found is None:
        message = (
            _("Meeting: plan the concern conversation first.")
            if kind == MeetingKind.CONCERN_CONVERSATION
            else _("Meeting: plan the clarification meeting first.")
        )
        raise DomainError(message, field="meeting")
    meeting: Meeting = lock(Meeting, found.pk)
    invitees = list(found.invitees.all())
    guests = list(found.guests.all())
    try:
        came = {int(getattr(p, "pk", p)) for p in attended or ()}
        guests_came = {int(getattr(g, "pk", g)) for g in guests_attended or ()}
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Attendance: mark only those invited."), field="attended") from exc
    if came - {i.person_id for i in invitees}:
        raise DomainError(_("Attendance: mark only those invited."), field="attended")
    if guests_came - {g.pk for g in guests}:
        raise DomainError(_("Attendance: mark only those invited."), field="guests_attended")
    if not came and not guests_came:
        # seed 004: every meeting must be documented, who came included.
        raise DomainError(_("Attendance: mark who came to the meeting."), field="attended")
    for invitee in invitees:
        invitee.attended = invitee.person_id in came
    for guest in guests:
        guest.attended = guest.pk in guests_came
    Invitee.objects.bulk_update(invitees, ["attended"])
    Guest.objects.bulk_update(guests, ["attended"])
    meeting.status = MeetingStatus.HELD
    meeting.held_at = clock.now()
    meeting.version += 1
    meeting.save(update_fields=["status", "held_at", "version"])
    return meeting


def concern_meetings(concern: Concern) -> list[Meeting]:
    """The concern's meetings, oldest first, with who was invited and who came: shown on
    the concern page (to those who may read the concern)."""
    return list(
        Meeting.objects.filter(concern_id=concern.pk)
        .select_related("scheduled_by__person")
        .prefetch_related("invitees__person", "guests")
        .order_by("starts_at", "pk")
    )


# The ladder's steps -----------------------------------------------------------------------


def hold_concern_conversation(
    *,
    actor: Any,
    concern_id: int,
    expected_version: int | None,
    conversation_minutes: str,
    conversation_on: dt.date | None = None,
    attended: Iterable[Any] | None = None,
    guests_attended: Iterable[Any] | None = None,
) -> Concern:
    """The concern conversation was held (seed 004, "Bekymringssamtale"): at the planned
    meeting, with who came (``attended``: persons invited; ``guests_attended``: lines of
    others invited) and its minutes — the step cannot be closed without them. The date
    is the meeting's unless given (it was held on another day). The minutes are kept on
    the concern, once; the meeting is marked held."""
    with transaction.atomic():
        concern = _locked(actor, concern_id, expected_version, "hold_conversation")
        concern.conversation_minutes = _text(
            conversation_minutes,
            "conversation_minutes",
            _("Minutes: write the minutes of the concern conversation first."),
        )
        meeting = _hold(concern, MeetingKind.CONCERN_CONVERSATION, attended, guests_attended)
        concern.conversation_on = _past_date(
            conversation_on or timezone.localdate(meeting.starts_at),
            "conversation_on",
            _("Conversation held on"),
            not_before=concern.noticed_on,
        )
        concern.conversation_held_at = clock.now()
        _advance(
            concern,
            Status.CONVERSATION_HELD,
            "conversation_on",
            "conversation_minutes",
            "conversation_held_at",
        )
        _event("conversation_held", concern, actor)
    return concern


def call_clarification_meeting(*, actor: Any, concern_id: int, expected_version: int | None) -> Concern:
    """The case needs a clarification meeting: the county adviser is informed first
    (seed 004, "Rådgiver ved fagopplæring skal informeres"); from now on the adviser of
    the concern's county reads it."""
    with transaction.atomic():
        concern = _locked(actor, concern_id, expected_version, "call_clarification")
        concern.county = county_of(concern)
        concern.county_informed_at = clock.now()
        _advance(concern, Status.CLARIFICATION, "county", "county_informed_at")
        _event("clarification_called", concern, actor)
    return concern


def _goals(concern: Concern, goals: Iterable[dict[str, Any]] | None) -> list[PlanGoal]:
    """The plan's goals, each concrete, with a deadline and a responsible person (seed 004)
    who is the participant or one of the people around them on the pathway."""
    rows = [g for g in (goals or ()) if any(g.get(k) for k in ("text", "deadline", "responsible"))]
    if not rows:
        raise DomainError(_("Goals: the follow-up plan needs at least one concrete goal."), field="goals")
    if len(rows) > MAX_GOALS:
        raise DomainError(_("Goals: give at most %(n)s goals at a time.") % {"n": MAX_GOALS}, field="goals")
    allowed_people = {concern.pathway.participant_id, *concern.pathway.members.values_list("person_id", flat=True)}
    made = []
    now = clock.now()
    for number, row in enumerate(rows, start=1):
        text = (row.get("text") or "").strip()
        if not text:
            raise DomainError(_("Goal %(n)s: describe the goal.") % {"n": number}, field="goals")
        deadline = row.get("deadline")
        if deadline is None:
            raise DomainError(_("Goal %(n)s: give a deadline.") % {"n": number}, field="goals")
        if deadline < clock.today():
            raise DomainError(_("Goal %(n)s: the deadline cannot be in the past.") % {"n": number}, field="goals")
        responsible = row.get("responsible")
        responsible_id = getattr(responsible, "pk", responsible)
        if responsible_id not in allowed_people:
            raise DomainError(
                _("Goal %(n)s: choose a responsible person from the participant and the people on the pathway.")
                % {"n": number},
                field="goals",
            )
        goal = PlanGoal(concern=concern, text=text, deadline=deadline, responsible_id=responsible_id, created_at=now)
        validate(goal, exclude=["concern", "responsible"])
        made.append(goal)
    return made


def agree_follow_up_plan(
    *,
    actor: Any,
    concern_id: int,
    expected_version: int | None,
    clarification_minutes: str,
    goals: Iterable[dict[str, Any]] | None,
    next_meeting_on: dt.date | None,
    clarification_on: dt.date | None = None,
    plan_measures: str = "",
    plan_consider_interruption: bool = False,
    attended: Iterable[Any] | None = None,
    guests_attended: Iterable[Any] | None = None,
) -> Concern:
    """The clarification meeting was held and agreed a follow-up plan (seed 004,
    "Oppfølgingsplan"): who came to the planned meeting (persons invited, and lines of
    others invited), its minutes (kept on the concern, once) and date (the meeting's
    unless given), concrete goals each with a deadline and a responsible person, whether
    to consider a temporary interruption of the contract, other measures, and the date
    of the next meeting. The meeting is marked held."""
    with transaction.atomic():
        concern = _locked(actor, concern_id, expected_version, "agree_plan")
        concern.clarification_minutes = _text(
            clarification_minutes,
            "clarification_minutes",
            _("Minutes: write the minutes of the clarification meeting first."),
        )
        meeting = _hold(concern, MeetingKind.CLARIFICATION, attended, guests_attended)
        informed = timezone.localdate(concern.county_informed_at) if concern.county_informed_at else None
        concern.clarification_on = _past_date(
            clarification_on or timezone.localdate(meeting.starts_at),
            "clarification_on",
            _("Clarification meeting held on"),
            not_before=informed,
        )
        made = _goals(concern, goals)
        if next_meeting_on is None:
            raise DomainError(_("Next meeting: agree the date of the next meeting."), field="next_meeting_on")
        if next_meeting_on < clock.today():
            raise DomainError(_("Next meeting: the date cannot be in the past."), field="next_meeting_on")
        concern.next_meeting_on = next_meeting_on
        concern.plan_measures = (plan_measures or "").strip()
        concern.plan_consider_interruption = bool(plan_consider_interruption)
        concern.plan_agreed_at = clock.now()
        _advance(
            concern,
            Status.PLAN_AGREED,
            "clarification_on",
            "clarification_minutes",
            "next_meeting_on",
            "plan_measures",
            "plan_consider_interruption",
            "plan_agreed_at",
        )
        PlanGoal.objects.bulk_create(made)
        _event("plan_agreed", concern, actor)
    return concern


def start_follow_up(*, actor: Any, concern_id: int, expected_version: int | None) -> Concern:
    """The parties signed the follow-up plan (seed 004: "Plan med tiltak undertegnes av
    partene"): every party confirmed it (``plans.confirm_plan``, ``plans.record_paper_signature``),
    or a scan of the plan signed on paper is uploaded (``plans.attach_signed_plan``). The
    plan counts as signed on the day the last party confirmed, or the scan's date. The
    plan is fixed once agreed: a changed plan is a new concern step, not an edit."""
    with transaction.atomic():
        concern = _locked(actor, concern_id, expected_version, "start_follow_up")
        concern.plan_signed_on = plan_signed_on(concern)
        concern.follow_up_at = clock.now()
        _advance(concern, Status.FOLLOW_UP, "plan_signed_on", "follow_up_at")
        _event("follow_up_started", concern, actor)
    return concern


def plan_signed_on(concern: Concern) -> dt.date:
    """The day the plan counts as signed, or a refusal naming the first party missing."""
    if concern.plan_scan_id is not None and concern.plan_scan_signed_on is not None:
        return concern.plan_scan_signed_on
    signed = dict(PlanSignature.objects.filter(concern_id=concern.pk).values_list("party", "signed_on"))
    for party in REQUIRED_PARTIES:
        if party not in signed:
            raise DomainError(
                _("Signature: %(party)s has not confirmed the plan (or upload a scan of the signed plan).")
                % {"party": Party(party).label},
                field="signatures",
            )
    return max(signed.values())


def _close(
    concern: Concern,
    outcome_on: dt.date | None,
    outcome_minutes: str,
    *,
    minutes_needed: bool,
    label: Any,
) -> None:
    """``label``: the outcome's date as the step's form names it (the page shows the
    field's label once, and strips it from the message: core.forms.without_label)."""
    last_step = concern.clarification_on if concern.status == Status.FOLLOW_UP else concern.conversation_on
    concern.outcome_on = _past_date(outcome_on, "outcome_on", label, not_before=last_step)
    minutes = (outcome_minutes or "").strip()
    if minutes_needed and not minutes:
        raise DomainError(
            _("Minutes: write the minutes of the meeting that closes the case first."), field="outcome_minutes"
        )
    concern.outcome_minutes = minutes
    concern.closed_at = clock.now()


def resolve_concern(
    *,
    actor: Any,
    concern_id: int,
    expected_version: int | None,
    outcome_on: dt.date | None,
    resolution: str,
    outcome_minutes: str = "",
) -> Concern:
    """The case is resolved: by the company after the concern conversation (documented,
    with what was agreed: seed 004, "Løser saken selv"), or after the follow-up, with the
    minutes of the meeting that closes it."""
    with transaction.atomic():
        concern = _locked(actor, concern_id, expected_version, "resolve")
        concern.resolution = _text(resolution, "resolution", _("What was agreed: write how the case was resolved."))
        _close(
            concern,
            outcome_on,
            outcome_minutes,
            minutes_needed=concern.status == Status.FOLLOW_UP,
            label=_("Resolved on"),
        )
        _advance(concern, Status.RESOLVED, "resolution", "outcome_on", "outcome_minutes", "closed_at")
        _event("resolved", concern, actor)
    return concern


def _contract_of(concern: Concern, what: str) -> Contract:
    contract = Contract.objects.filter(pathway_id=concern.pathway_id).first()
    if contract is None:
        raise DomainError(
            _("Contract: the pathway has no contract, so there is no contract to %(what)s.") % {"what": what},
            field="contract",
        )
    return contract


def _renamed(exc: DomainError, names: dict[str, str]) -> DomainError:
    """A refusal of the contract's flow, with its field named as the concern's form names it."""
    field = names.get(exc.field or "", exc.field)
    return DomainError(*exc.messages, field=field)


def close_with_termination(
    *,
    actor: Any,
    concern_id: int,
    expected_version: int | None,
    outcome_on: dt.date | None,
    resolution: str,
    outcome_minutes: str,
    last_day: dt.date | None,
    county_told_on: dt.date | None = None,
) -> Concern:
    """The follow-up ended in termination by agreement (oppseiing, ol. § 7-3 first ledd;
    seed 004's "Oppsigelse ved enighet"): what the parties agreed, and the minutes. The
    contract is ended in the same transaction through the contract's own termination
    (``contracts.services.terminate_contract``): the signed agreement uploaded, the
    county told in writing before the last day. The concern points to that ending."""
    with transaction.atomic():
        concern = _locked(actor, concern_id, expected_version, "terminate")
        concern.resolution = _text(
            resolution, "resolution", _("What was agreed: write what the parties agreed about ending the contract.")
        )
        _close(concern, outcome_on, outcome_minutes, minutes_needed=True, label=_("Agreed on"))
        contract = _contract_of(concern, _("terminate"))
        try:
            # ol. § 7-3 første ledd: the contract's flow checks the agreement, the signed
            # document and that the county was told before the last day.
            concern.ending = contract_services.terminate_contract(
                actor=actor,
                pathway_id=concern.pathway_id,
                expected_version=contract.version,
                agreed_on=concern.outcome_on,
                last_day=last_day,
                reason=concern.resolution,
                county_told_on=county_told_on,
            )
        except DomainError as exc:
            raise _renamed(exc, {"agreed_on": "outcome_on", "reason": "resolution"}) from exc
        _advance(concern, Status.TERMINATED, "resolution", "outcome_on", "outcome_minutes", "closed_at", "ending")
        _event("terminated", concern, actor)
    return concern


def close_with_cancellation_request(
    *,
    actor: Any,
    concern_id: int,
    expected_version: int | None,
    outcome_on: dt.date | None,
    justification: str,
    outcome_minutes: str,
    requested_by: str,
    ground: str,
    participant_told_of_right_on: dt.date | None,
) -> Concern:
    """The follow-up ended in disagreement: the county is asked to cancel the contract
    (heving, ol. § 7-3 second ledd) through the contract's own request
    (``contracts.services.request_cancellation``, in the same transaction): who asks, the
    ground, the written justification (seed 004: "Ved uenighet må søknaden begrunnes"),
    the signed form uploaded. The participant must have been told they may speak to the
    county before it decides (ol. § 7-3 third ledd; seed 004)."""
    with transaction.atomic():
        concern = _locked(actor, concern_id, expected_version, "request_cancellation")
        concern.justification = _text(
            justification, "justification", _("Justification: the request for cancellation must be justified.")
        )
        _close(concern, outcome_on, outcome_minutes, minutes_needed=True, label=_("Decided on"))
        # ol. § 7-3 tredje ledd, seed 004: the participant may speak to the county first.
        concern.participant_told_of_right_on = _past_date(
            participant_told_of_right_on,
            "participant_told_of_right_on",
            _("Participant told of the right to speak to the county on"),
            not_before=concern.clarification_on,
        )
        contract = _contract_of(concern, _("cancel"))
        try:
            concern.cancellation = contract_services.request_cancellation(
                actor=actor,
                pathway_id=concern.pathway_id,
                expected_version=contract.version,
                requested_by=requested_by or "",
                ground=ground or "",
                justification=concern.justification,
            )
        except DomainError as exc:
            raise _renamed(exc, {}) from exc
        _advance(
            concern,
            Status.CANCELLATION_REQUESTED,
            "justification",
            "outcome_on",
            "outcome_minutes",
            "closed_at",
            "participant_told_of_right_on",
            "cancellation",
        )
        _event("cancellation_requested", concern, actor)
    return concern


def add_concern_note(*, actor: Any, concern_id: int, text: str, internal: bool = True) -> ConcernNote:
    """A note on the case by one who handles it; an internal one is not shown to the
    participant. Open while the case is, and after (what was learnt later)."""
    with transaction.atomic():
        concern: Concern = lock(Concern, concern_id)
        pathway = Pathway.objects.get(pk=concern.pathway_id)
        concern.pathway = pathway
        manages = can_manage_pathway(actor, pathway)
        follows = manages or (
            getattr(actor, "is_authenticated", False) and pathway.follows.filter(user_id=actor.pk).exists()
        )
        if reading_of(actor, concern, follows=follows, manages=manages) not in HANDLING:
            raise DomainError(_("You may not change this concern."))
        note = ConcernNote(
            concern=concern,
            text=_text(text, "text", _("Note: write the note.")),
            internal=bool(internal),
            author=actor,
            written_at=clock.now(),
        )
        validate(note, exclude=["concern", "author"])
        note.save()
        # The note's id, never its text.
        record_event(
            "concern.note_added",
            note,
            actor=actor,
            pathway=pathway,
            data={"concern": concern.pk, "step": "note"},
        )
    return note


# Retention (DOMAIN.md "Privacy") -----------------------------------------------------------

# The concern's own text emptied after the retention period.
TEXT_FIELDS = (
    "description",
    "conversation_minutes",
    "clarification_minutes",
    "plan_measures",
    "resolution",
    "justification",
    "outcome_minutes",
    "county_contact_note",
)


def pseudonymise_resolved_concerns() -> int:
    """Empty the text of the concerns closed as resolved longer ago than
    ``FAGVEI_CONCERN_RETENTION_DAYS``: description, minutes, notes, goals and categories.
    The steps' dates, the events and the access log stay (the audit trail). A concern that
    ended in termination or a cancellation request is kept with the contract. Each in its
    own transaction; run again, it finds none twice. Returns how many were emptied."""
    cutoff = clock.now() - dt.timedelta(days=settings.FAGVEI_CONCERN_RETENTION_DAYS)
    due = list(
        Concern.objects.filter(status=Status.RESOLVED, closed_at__lt=cutoff, pseudonymised_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    for concern_id in due:
        with transaction.atomic():
            concern: Concern = lock(Concern, concern_id)
            if concern.pseudonymised_at is not None:
                continue
            for field in TEXT_FIELDS:
                if getattr(concern, field):
                    setattr(concern, field, PSEUDONYMISED_TEXT)
            concern.pseudonymised_at = clock.now()
            concern.version += 1
            concern.save(update_fields=[*TEXT_FIELDS, "pseudonymised_at", "version"])
            concern.categories.all().delete()
            concern.notes.update(text=PSEUDONYMISED_TEXT)
            concern.goals.update(text=PSEUDONYMISED_TEXT)
            # Those invited by name to its meetings (seed 004: the ombud, NAV, the GP …).
            Guest.objects.filter(meeting__concern_id=concern.pk).update(name=PSEUDONYMISED_TEXT)
            record_event(
                "concern.pseudonymised",
                concern,
                actor=None,
                pathway=concern.pathway,
                data={"concern": concern.pk, "step": "pseudonymised"},
            )
    return len(due)


def responsible_choices(pathway: Any) -> list[Person]:
    """Who may be responsible for a goal: the participant and the people on the pathway."""
    ids = {pathway.participant_id, *pathway.members.values_list("person_id", flat=True)}
    return list(Person.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk"))
