"""Domain functions for meetings: one per change, atomic, row-locked, versioned, audited.

Each function locks the meeting (or, for a new one, its pathway or group's scheme is read
and checked), checks the rule, writes the change and its event in one transaction, and
refuses with a ``DomainError`` naming the field at fault. Events carry ids and codes,
never the agenda, minutes, decisions or an action's text (ARCHITECTURE.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject, lock, validate
from fagvei.lib.dates import is_sane
from fagvei.pathways.access import can_manage_pathway
from fagvei.pathways.models import Group, Pathway

from .access import can_manage_meeting, may_tick, runs_scheme
from .lifecycle import ACTIONS_OPEN, EDITABLE, MINUTES_OPEN, TRANSITIONS
from .models import GROUP_KINDS, PATHWAY_KINDS, ActionItem, Addendum, Invitee, Meeting, Status

# The event each transition writes.
STEP_VERBS = {"hold": "meeting.held", "approve": "meeting.minutes_approved", "cancel": "meeting.cancelled"}
# The longest text a meeting keeps in one field (a paste of a whole document is refused).
MAX_TEXT = 20_000


def invitable_people(*, pathway: Pathway | None = None, group: Group | None = None) -> dict[int, str]:
    """Who may be invited, by person id: a pathway's participant and the people in a role
    on it; a group's members."""
    if pathway is not None:
        people = {pathway.participant_id: str(pathway.participant)}
        for member in pathway.members.select_related("person"):
            people.setdefault(member.person_id, str(member.person))
        return people
    assert group is not None
    return {m.person_id: str(m.person) for m in group.members.select_related("person")}


def _text(value: Any, field: str, label: str, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(_("%(field)s: this field is required.") % {"field": label}, field=field)
    if len(text) > MAX_TEXT:
        raise DomainError(
            _("%(field)s: at most %(n)s characters.") % {"field": label, "n": MAX_TEXT},
            field=field,
        )
    return text


def _moment(value: Any) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise DomainError(_("Starts at: give the date and time."), field="starts_at")
    if not is_sane(value.date()):
        raise DomainError(_("Starts at: the date must be between 1900 and 2100."), field="starts_at")
    if timezone.is_naive(value):
        # A time typed in a form is Norwegian time (ARCHITECTURE.md: Europe/Oslo).
        value = timezone.make_aware(value)
    return value


def _invitees(ids: Iterable[Any], allowed: dict[int, str]) -> list[int]:
    chosen: list[int] = []
    for raw in ids:
        try:
            pk = int(raw)
        except (TypeError, ValueError) as exc:
            raise DomainError(_("Invitees: choose people from the list."), field="invitees") from exc
        if pk not in allowed:
            raise DomainError(
                _("Invitees: only the pathway's people or the group's members can be invited."), field="invitees"
            )
        if pk not in chosen:
            chosen.append(pk)
    if not chosen:
        raise DomainError(_("Invitees: invite at least one person."), field="invitees")
    return chosen


def _locked(actor: Any, meeting_id: int, expected_version: int | None) -> Meeting:
    """The meeting locked, if the actor changes it; the version the user read checked."""
    meeting: Meeting = lock(Meeting, meeting_id)
    meeting = Meeting.objects.select_related("pathway", "group__scheme").get(pk=meeting.pk)
    if not can_manage_meeting(actor, meeting):
        raise DomainError(_("You may not change this meeting."))
    if meeting.concern_id is not None:
        # A concern meeting is held and recorded through the concern ladder's steps
        # (fagvei.concerns.services), which keep its minutes on the concern.
        raise DomainError(_("This meeting is recorded on its concern's page."))
    if expected_version is not None and meeting.version != expected_version:
        raise StaleObject()
    return meeting


def _refuse_when_locked(meeting: Meeting) -> None:
    if meeting.locked:
        raise DomainError(_("The minutes are approved and locked. Write an addendum to correct them."))
    if meeting.status == Status.CANCELLED:
        raise DomainError(_("The meeting has been cancelled."))


def _touch(meeting: Meeting, *fields: str) -> None:
    meeting.version += 1
    meeting.save(update_fields=[*fields, "version"])


def _event(verb: str, meeting: Meeting, actor: Any, **data: Any) -> None:
    record_event(
        verb,
        meeting,
        actor=actor,
        pathway=meeting.pathway if meeting.pathway_id else None,
        data={"meeting": meeting.pk, "kind": meeting.kind, **data},
    )


# Scheduling ----------------------------------------------------------------------------


def schedule_meeting(
    *,
    actor: Any,
    kind: str,
    starts_at: Any,
    invitees: Iterable[Any],
    pathway_id: int | None = None,
    group_id: int | None = None,
    place: str = "",
    agenda: str = "",
) -> Meeting:
    """Plan a meeting for a pathway or for a scheme's group, with its invitees."""
    if (pathway_id is None) == (group_id is None):
        raise DomainError(_("A meeting is for one pathway or for one group."))
    with transaction.atomic():
        pathway: Pathway | None = None
        group: Group | None = None
        if pathway_id is not None:
            pathway = lock(Pathway, pathway_id)
            if not can_manage_pathway(actor, pathway):
                raise DomainError(_("You may not plan meetings for this pathway."))
            if kind not in PATHWAY_KINDS:
                raise DomainError(_("Kind: not a kind of meeting for a pathway."), field="kind")
        else:
            group = Group.objects.select_related("scheme").filter(pk=int(group_id or 0)).first()
            if group is None or not runs_scheme(actor, group.scheme.organisation_id):
                raise DomainError(_("You may not plan meetings for this group."))
            if GROUP_KINDS.get(kind) != group.kind:  # type: ignore[call-overload]
                raise DomainError(_("Kind: not the kind of meeting this group holds."), field="kind")
        chosen = _invitees(invitees, invitable_people(pathway=pathway, group=group))
        now = clock.now()
        meeting = Meeting(
            kind=kind,
            pathway=pathway,
            group=group,
            starts_at=_moment(starts_at),
            place=_text(place, "place", _("Place")),
            agenda=_text(agenda, "agenda", _("Agenda")),
            scheduled_by=actor,
            scheduled_at=now,
        )
        validate(meeting, exclude=["pathway", "group", "scheduled_by"])
        meeting.save()
        Invitee.objects.bulk_create([Invitee(meeting=meeting, person_id=pk) for pk in chosen])
        _event("meeting.scheduled", meeting, actor, starts_at=meeting.starts_at.isoformat(), group=group_id)
    return meeting


def update_meeting(
    *,
    actor: Any,
    meeting_id: int,
    expected_version: int,
    starts_at: Any,
    invitees: Iterable[Any],
    place: str = "",
    agenda: str = "",
) -> Meeting:
    """Change a planned meeting's time, place, agenda and invitees."""
    with transaction.atomic():
        meeting = _locked(actor, meeting_id, expected_version)
        _refuse_when_locked(meeting)
        if meeting.status not in EDITABLE:
            raise DomainError(_("Only a planned meeting can be rescheduled."))
        allowed = invitable_people(pathway=meeting.pathway, group=meeting.group)
        chosen = _invitees(invitees, allowed)
        meeting.starts_at = _moment(starts_at)
        meeting.place = _text(place, "place", _("Place"))
        meeting.agenda = _text(agenda, "agenda", _("Agenda"))
        validate(meeting, exclude=["pathway", "group", "scheduled_by"])
        current = set(meeting.invitees.values_list("person_id", flat=True))
        owners = set(meeting.action_items.values_list("owner_id", flat=True))
        if owners - set(chosen):
            raise DomainError(
                _("Invitees: one who owns an action item of the meeting stays invited."), field="invitees"
            )
        meeting.invitees.exclude(person_id__in=chosen).delete()
        Invitee.objects.bulk_create([Invitee(meeting=meeting, person_id=pk) for pk in chosen if pk not in current])
        _touch(meeting, "starts_at", "place", "agenda")
        _event("meeting.updated", meeting, actor)
    return meeting


def record_minutes(
    *,
    actor: Any,
    meeting_id: int,
    expected_version: int,
    attended: Iterable[Any],
    minutes: str,
    decisions: str = "",
) -> Meeting:
    """Write who attended, the minutes and the decisions of a held meeting. Refused once
    the minutes are approved: they are locked (an addendum corrects them)."""
    with transaction.atomic():
        meeting = _locked(actor, meeting_id, expected_version)
        _refuse_when_locked(meeting)
        if meeting.status not in MINUTES_OPEN:
            raise DomainError(_("Mark the meeting as held before writing its minutes."))
        invited = set(meeting.invitees.values_list("person_id", flat=True))
        came: set[int] = set()
        for raw in attended:
            try:
                pk = int(raw)
            except (TypeError, ValueError) as exc:
                raise DomainError(_("Attended: choose people from the invitees."), field="attended") from exc
            if pk not in invited:
                raise DomainError(_("Attended: only invitees can be recorded as attending."), field="attended")
            came.add(pk)
        meeting.minutes = _text(minutes, "minutes", _("Minutes"), required=True)
        meeting.decisions = _text(decisions, "decisions", _("Decisions"))
        meeting.invitees.filter(person_id__in=came).update(attended=True)
        meeting.invitees.exclude(person_id__in=came).update(attended=False)
        _touch(meeting, "minutes", "decisions")
        _event("meeting.minutes_recorded", meeting, actor, attended=len(came))
    return meeting


# The transitions ----------------------------------------------------------------------


def _step(name: str, actor: Any, meeting_id: int, expected_version: int | None) -> Meeting:
    transition = TRANSITIONS[name]
    with transaction.atomic():
        meeting = _locked(actor, meeting_id, expected_version)
        if meeting.status not in transition.sources:
            if meeting.locked:
                _refuse_when_locked(meeting)
            raise DomainError(
                _("“%(action)s” is not possible when the meeting is %(status)s.")
                % {"action": transition.label, "status": meeting.get_status_display().lower()}
            )
        missing = transition.missing(meeting)
        if missing:
            raise DomainError(*missing)
        now = clock.now()
        meeting.status = transition.target
        setattr(meeting, transition.timestamp_field, now)
        fields = ["status", transition.timestamp_field]
        if name == "approve":
            meeting.approved_by = actor
            fields.append("approved_by")
        _touch(meeting, *fields)
        _event(STEP_VERBS[name], meeting, actor)
    return meeting


def hold_meeting(*, actor: Any, meeting_id: int, expected_version: int | None = None) -> Meeting:
    return _step("hold", actor, meeting_id, expected_version)


def approve_minutes(*, actor: Any, meeting_id: int, expected_version: int | None = None) -> Meeting:
    """Approve the minutes: from now on they, the attendance and the decisions are locked."""
    return _step("approve", actor, meeting_id, expected_version)


def cancel_meeting(*, actor: Any, meeting_id: int, expected_version: int | None = None) -> Meeting:
    return _step("cancel", actor, meeting_id, expected_version)


def add_addendum(*, actor: Any, meeting_id: int, text: str) -> Addendum:
    """A correction to approved minutes, with its author and time; the minutes stay."""
    with transaction.atomic():
        meeting = _locked(actor, meeting_id, None)
        if not meeting.locked:
            raise DomainError(_("An addendum is written to approved minutes; until then, change the minutes."))
        addendum = Addendum(
            meeting=meeting,
            text=_text(text, "text", _("Addendum"), required=True),
            author=actor,
            written_at=clock.now(),
        )
        addendum.save()
        _event("meeting.addendum_added", meeting, actor, addendum=addendum.pk)
    return addendum


# Action items -------------------------------------------------------------------------


def add_action_item(*, actor: Any, meeting_id: int, text: str, owner: Any, deadline: Any) -> ActionItem:
    """An action with an owner from the invitees and a deadline."""
    with transaction.atomic():
        meeting = _locked(actor, meeting_id, None)
        _refuse_when_locked(meeting)
        if meeting.status not in ACTIONS_OPEN:
            raise DomainError(_("Action items cannot be added to this meeting."))
        try:
            owner_id = int(owner)
        except (TypeError, ValueError) as exc:
            raise DomainError(_("Owner: choose one of the invitees."), field="owner") from exc
        if owner_id not in set(meeting.invitees.values_list("person_id", flat=True)):
            raise DomainError(_("Owner: choose one of the invitees."), field="owner")
        if not isinstance(deadline, dt.date) or isinstance(deadline, dt.datetime) or not is_sane(deadline):
            raise DomainError(_("Deadline: give a date between 1900 and 2100."), field="deadline")
        item = ActionItem(
            meeting=meeting,
            text=_text(text, "text", _("Action"), required=True),
            owner_id=owner_id,
            deadline=deadline,
            created_by=actor,
            created_at=clock.now(),
        )
        validate(item, exclude=["meeting", "owner", "created_by"])
        item.save()
        _event("action_item.added", meeting, actor, action_item=item.pk, owner=owner_id)
    return item


def set_action_item_done(*, actor: Any, item_id: int, done: bool, expected_version: int | None = None) -> ActionItem:
    """Mark an action item done (who and when) or undone again: by its owner, or by one
    who changes the meeting. Nothing changes when it already is as asked."""
    with transaction.atomic():
        item: ActionItem = lock(ActionItem, item_id, expected_version=expected_version)
        meeting = Meeting.objects.select_related("pathway", "group__scheme").get(pk=item.meeting_id)
        meeting.can_manage = can_manage_meeting(actor, meeting)  # type: ignore[attr-defined]
        if not may_tick(actor, item, meeting):
            raise DomainError(_("Only the owner or the meeting's organiser can mark this action item."))
        if item.done == bool(done):
            return item
        if done:
            item.done_at, item.done_by = clock.now(), actor
        else:
            item.done_at, item.done_by = None, None
        item.version += 1
        item.save(update_fields=["done_at", "done_by", "version"])
        _event("action_item.done" if done else "action_item.reopened", meeting, actor, action_item=item.pk)
    return item
