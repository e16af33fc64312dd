"""Domain functions for a scheme's groups, their members, the monthly themes and what a
group meeting records (seed 002): one per change, atomic, row-locked, versioned where the
row has a version, audited. Events carry ids and codes, never typed text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject, lock
from fagvei.lib.dates import is_sane
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Group, GroupMember, Pathway, Scheme, Stage
from fagvei.people.access import visible_people

from .access import runs_scheme
from .models import Kind, Meeting, MonthlyTheme, ParticipantNote
from .services import _locked, _refuse_when_locked, _text, _touch

# The pathways a project-group meeting goes through (seed 002: each participant).
WALKTHROUGH_STAGES = (Stage.IN_TRAINING, Stage.INTERRUPTED)
# Seed 002: the project group meets every four weeks, the steering group each semester.
DEFAULT_INTERVAL = {Group.Kind.PROJECT: 28, Group.Kind.STEERING: 182}
MAX_INTERVAL = 366
# What a group meeting records besides its minutes, by kind (seed 002).
REPORT_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.PROJECT_GROUP.value: ("resources", "challenges"),
    Kind.STEERING_GROUP.value: ("resources", "progress", "plans"),
}
NOTE_FIELDS = ("trade_progress", "language_progress", "workplace_status")


def label(model: Any, name: str) -> str:
    """A field's label, as a form and a refusal name it ("Trade progress")."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize()


def _run(actor: Any, scheme: Scheme) -> None:
    if not runs_scheme(actor, scheme.organisation_id):
        raise DomainError(_("Only those who run the scheme can change its groups."))


def _name(value: Any) -> str:
    name = (value or "").strip()
    if not name:
        raise DomainError(_("Name: this field is required."), field="name")
    if len(name) > 200:
        raise DomainError(_("Name: at most 200 characters."), field="name")
    return name


def _interval(value: Any) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Meeting interval: give a number of days."), field="meeting_interval_days") from exc
    if not 1 <= days <= MAX_INTERVAL:
        raise DomainError(
            _("Meeting interval: between 1 and %(n)s days.") % {"n": MAX_INTERVAL}, field="meeting_interval_days"
        )
    return days


def _audit(verb: str, obj: Any, actor: Any, **data: Any) -> None:
    record_event(verb, obj, actor=actor, data=data)


# Groups ---------------------------------------------------------------------------------


def create_group(*, actor: Any, scheme_id: int, kind: str, name: str, meeting_interval_days: Any = None) -> Group:
    """A project group or a steering group for the scheme: one of each kind (the database
    keeps that too)."""
    with transaction.atomic():
        scheme: Scheme = lock(Scheme, scheme_id)
        _run(actor, scheme)
        if kind not in Group.Kind.values:
            raise DomainError(_("Kind: choose the project group or the steering group."), field="kind")
        if Group.objects.filter(scheme_id=scheme.pk, kind=kind).exists():
            raise DomainError(_("Kind: the scheme already has a group of this kind."), field="kind")
        interval = DEFAULT_INTERVAL[Group.Kind(kind)] if meeting_interval_days in (None, "") else meeting_interval_days
        group = Group(scheme=scheme, kind=kind, name=_name(name), meeting_interval_days=_interval(interval))
        try:
            with transaction.atomic():
                group.save()
        except IntegrityError as exc:
            raise DomainError(_("Kind: the scheme already has a group of this kind."), field="kind") from exc
        _audit("group.created", group, actor, scheme=scheme.pk, kind=kind)
    return group


def update_group(*, actor: Any, group_id: int, name: str, meeting_interval_days: Any) -> Group:
    """Change a group's name and how often it meets."""
    with transaction.atomic():
        group: Group = lock(Group, group_id)
        _run(actor, Scheme.objects.get(pk=group.scheme_id))
        group.name = _name(name)
        group.meeting_interval_days = _interval(meeting_interval_days)
        group.save(update_fields=["name", "meeting_interval_days"])
        _audit("group.updated", group, actor, interval=group.meeting_interval_days)
    return group


def add_group_member(
    *, actor: Any, group_id: int, person: Any, organisation: Any = None, title: str = ""
) -> GroupMember:
    """A person in the group, with the organisation they sit for and their title: someone
    the actor may see, and only once."""
    with transaction.atomic():
        group: Group = lock(Group, group_id)
        _run(actor, Scheme.objects.get(pk=group.scheme_id))
        try:
            person_id = int(getattr(person, "pk", person))
        except (TypeError, ValueError) as exc:
            raise DomainError(_("Person: choose a person from the list."), field="person") from exc
        if not visible_people(actor).filter(pk=person_id).exists():
            raise DomainError(_("Person: choose a person from the list."), field="person")
        if GroupMember.objects.filter(group_id=group.pk, person_id=person_id).exists():
            raise DomainError(_("Person: already a member of the group."), field="person")
        organisation_id = None
        if organisation not in (None, ""):
            try:
                organisation_id = int(getattr(organisation, "pk", organisation))
            except (TypeError, ValueError) as exc:
                raise DomainError(_("Organisation: choose one from the list."), field="organisation") from exc
            if not Organisation.objects.filter(pk=organisation_id).exists():
                raise DomainError(_("Organisation: choose one from the list."), field="organisation")
        title = (title or "").strip()
        if len(title) > 100:
            raise DomainError(_("Title: at most 100 characters."), field="title")
        member = GroupMember(group=group, person_id=person_id, organisation_id=organisation_id, title=title)
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError as exc:
            raise DomainError(_("Person: already a member of the group."), field="person") from exc
        _audit("group.member_added", group, actor, person=person_id, member=member.pk)
    return member


def remove_group_member(*, actor: Any, group_id: int, member_id: int) -> None:
    """Take a person out of the group. Past meetings keep them as invited; they no longer
    read the group's meetings."""
    with transaction.atomic():
        group: Group = lock(Group, group_id)
        _run(actor, Scheme.objects.get(pk=group.scheme_id))
        member = GroupMember.objects.filter(pk=member_id, group_id=group.pk).first()
        if member is None:
            raise DomainError(_("The person is not a member of the group."))
        person_id = member.person_id
        member.delete()
        _audit("group.member_removed", group, actor, person=person_id)


# Monthly themes ---------------------------------------------------------------------------


def parse_month(raw: Any) -> dt.date | None:
    """ "2026-12" → 1 December 2026; None when it is not a month."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(raw or ""))
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    day = dt.date(int(match[1]), int(match[2]), 1)
    return day if is_sane(day) else None


def first_of_month(value: Any) -> dt.date:
    if not isinstance(value, dt.date) or not is_sane(value if not isinstance(value, dt.datetime) else value.date()):
        raise DomainError(_("Month: give a month between 1900 and 2100."), field="month")
    return dt.date(value.year, value.month, 1)


def set_monthly_themes(
    *, actor: Any, scheme_id: int, month: Any, themes: str, expected_version: int | None = None
) -> MonthlyTheme:
    """The themes of a month (seed 002 § 3). Written once per month: a second writer who
    did not read the first one's themes (no version, or an old one) is refused."""
    with transaction.atomic():
        scheme: Scheme = lock(Scheme, scheme_id)
        _run(actor, scheme)
        first = first_of_month(month)
        text = _text(themes, "themes", _("Themes"), required=True)
        existing = MonthlyTheme.objects.select_for_update().filter(scheme_id=scheme.pk, month=first).first()
        now = clock.now()
        if existing is None:
            if expected_version:
                raise StaleObject()
            row = MonthlyTheme(scheme=scheme, month=first, themes=text, updated_by=actor, updated_at=now)
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError as exc:
                raise StaleObject() from exc
            _audit("monthly_theme.created", row, actor, scheme=scheme.pk, month=first.isoformat())
            return row
        if expected_version is None or existing.version != expected_version:
            raise StaleObject()
        existing.themes, existing.updated_by, existing.updated_at = text, actor, now
        existing.version += 1
        existing.save(update_fields=["themes", "updated_by", "updated_at", "version"])
        _audit("monthly_theme.updated", existing, actor, scheme=scheme.pk, month=first.isoformat())
        return existing


# What a group meeting records --------------------------------------------------------------


def walkthrough_pathways(meeting: Meeting) -> list[Pathway]:
    """The participants a project-group meeting goes through: the scheme's pathways in
    training or interrupted, and any the meeting already has a note on."""
    assert meeting.group is not None
    noted = ParticipantNote.objects.filter(meeting_id=meeting.pk).values("pathway_id")
    return list(
        Pathway.objects.filter(scheme_id=meeting.group.scheme_id)
        .filter(Q(stage__in=WALKTHROUGH_STAGES) | Q(pk__in=noted))
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name", "id")
    )


def save_participant_notes(
    *, actor: Any, meeting_id: int, expected_version: int, notes: dict[Any, dict[str, Any]]
) -> Meeting:
    """The project group's notes on each participant (pathway id → trade progress,
    language progress, status from the workplace). A note written for the first time puts
    an event on the pathway's timeline pointing to the meeting (ids only). Locked with the
    minutes."""
    with transaction.atomic():
        meeting = _locked(actor, meeting_id, expected_version)
        _refuse_when_locked(meeting)
        if meeting.kind != Kind.PROJECT_GROUP:
            raise DomainError(_("Only a project group meeting goes through the participants."))
        allowed = {p.pk: p for p in walkthrough_pathways(meeting)}
        existing = {n.pathway_id: n for n in ParticipantNote.objects.filter(meeting_id=meeting.pk)}
        now = clock.now()
        new: list[ParticipantNote] = []
        for raw, values in notes.items():
            try:
                pathway_id = int(raw)
            except (TypeError, ValueError) as exc:
                raise DomainError(_("Notes: only the scheme's participants in training.")) from exc
            if pathway_id not in allowed:
                raise DomainError(_("Notes: only the scheme's participants in training."))
            texts = {f: _text(values.get(f), f, label(ParticipantNote, f)) for f in NOTE_FIELDS}
            note = existing.get(pathway_id)
            if note is None:
                if not any(texts.values()):
                    continue
                new.append(
                    ParticipantNote(meeting=meeting, pathway_id=pathway_id, written_by=actor, written_at=now, **texts)
                )
            elif any(getattr(note, f) != v for f, v in texts.items()):
                for f, v in texts.items():
                    setattr(note, f, v)
                note.written_by, note.written_at = actor, now
                note.version += 1
                note.save(update_fields=[*NOTE_FIELDS, "written_by", "written_at", "version"])
        ParticipantNote.objects.bulk_create(new)
        for note in new:
            record_event(
                "meeting.participant_discussed",
                meeting,
                actor=actor,
                pathway=allowed[note.pathway_id],
                data={"meeting": meeting.pk, "kind": meeting.kind, "date": meeting.starts_at.date().isoformat()},
            )
        _touch(meeting)
    return meeting


def record_group_report(*, actor: Any, meeting_id: int, expected_version: int, **fields: Any) -> Meeting:
    """What a group meeting records besides its minutes (seed 002): resources and
    challenges (project group); resources, progress and results, and plans (steering
    group). Locked with the minutes."""
    with transaction.atomic():
        meeting = _locked(actor, meeting_id, expected_version)
        _refuse_when_locked(meeting)
        names = REPORT_FIELDS.get(meeting.kind)
        if names is None:
            raise DomainError(_("Only a group meeting records resources, progress and plans."))
        for name in names:
            setattr(meeting, name, _text(fields.get(name), name, label(Meeting, name)))
        _touch(meeting, *names)
        record_event(
            "meeting.report_recorded", meeting, actor=actor, data={"meeting": meeting.pk, "kind": meeting.kind}
        )
    return meeting


def next_meeting_due(group: Group, last_held: Meeting | None) -> dt.date | None:
    """The next meeting is due the group's interval after the last one held."""
    if last_held is None:
        return None
    return (last_held.starts_at + dt.timedelta(days=group.meeting_interval_days)).date()
