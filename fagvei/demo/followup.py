"""The demo's builder for follow-up: meetings with minutes and action items on the
pathways in training, and the schemes' project groups (every four weeks) and steering
groups (each semester), through the follow-up domain functions as a coordinator's clicks
would. The people around each participant are left with open action items, so that the
mentor, the instructor, the professional manager and the teachers find work at /tasks/.

Runs after the replay: a pathway's timeline is written in order, so its meetings start
after its last event; the meetings ahead are planned at the last moment of the demo's past.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Max
from django.utils import timezone

from fagvei.accounts.models import User
from fagvei.audit.models import Event
from fagvei.core import clock
from fagvei.followup import services
from fagvei.followup.models import Kind
from fagvei.pathways.models import Group, Pathway, PathwayMember, Stage

if TYPE_CHECKING:
    from .load import Build

ASSESSMENT_AGENDA = (
    "1. Hvordan går det på arbeidsplassen?\n2. Framdrift mot kompetansemålene\n"
    "3. Norsk og fagteori\n4. Fravær\n5. Plan for neste halvår"
)
ASSESSMENT_MINUTES = (
    "Deltakeren trives og tar mer ansvar i det daglige arbeidet. Fadderen forteller om god framdrift i"
    " praktiske oppgaver; dokumentasjon og muntlig rapport trenger fortsatt øving. Faglæreren ser bedring"
    " i fagteorien. Fraværet er innenfor avtalen."
)
ASSESSMENT_DECISIONS = "Deltakeren fortsetter etter planen. Ny vurderingssamtale om et halvår."
VISIT_AGENDA = "Besøk på arbeidsplassen: oppgaver siden sist, observasjon i arbeid, nye oppgaver."
VISIT_MINUTES = (
    "Observerte deltakeren i morgenstellet. Trygg i kommunikasjonen med brukerne, men må bli mer nøyaktig"
    " i rapporteringen. Gikk gjennom oppgaven om smittevern."
)
VISIT_DECISIONS = "Ny skriftlig oppgave om dokumentasjon til neste besøk."
NEXT_AGENDA = "1. Framdrift siden sist\n2. Halvårsvurderingen\n3. Oppmelding til tverrfaglig eksamen"
# What each role around the participant is asked to do (seed 001, seed 002).
ITEMS: dict[str, str] = {
    PathwayMember.Role.MENTOR: "Gå gjennom månedens tema fra klassen sammen med deltakeren.",
    PathwayMember.Role.INSTRUCTOR: "Sett av en time til veiledning hver uke og noter temaene.",
    PathwayMember.Role.PROFESSIONAL_MANAGER: "Oppdater den interne planen med målene for neste periode.",
    PathwayMember.Role.TRADE_TEACHER: "Gi deltakeren en skriftlig oppgave om dokumentasjon før neste besøk.",
    PathwayMember.Role.NORWEGIAN_TEACHER: "Øv på fagbegreper fra arbeidsplassen i norsktimene.",
}
# What the participant is asked to do before the next assessment conversation.
PARTICIPANT_ITEM = "Ta med loggboka og skriv ned to ting du vil snakke om i vurderingssamtalen."
PROJECT_AGENDA = (
    "1. Gjennomgang av deltakerne: fag, norsk og status fra arbeidsplassen\n2. Ressurser\n3. Utfordringer\n4. Eventuelt"
)
PROJECT_MINUTES = (
    "Gikk gjennom deltakerne. De fleste er i rute; to trenger mer støtte i norsk fagspråk. Arbeidsplassene"
    " melder om godt samarbeid med fadderne. Behov for flere iPader til neste kull."
)
PROJECT_DECISIONS = "Norsklærer lager ordliste med fagbegreper. Koordinator undersøker innkjøp av iPader."
STEERING_AGENDA = "1. Ressurser\n2. Framdrift og resultater\n3. Planer for neste semester"
STEERING_MINUTES = (
    "Styringsgruppen fikk status på opptak, framdrift og eksamen. Ordningen holder budsjettet."
    " Nytt kull planlegges fra august."
)
STEERING_DECISIONS = "Ordningen videreføres. Rekruttering til nytt kull starter i april."
GROUP_ITEMS = (
    "Send oversikt over deltakernes framdrift før neste møte.",
    "Følg opp arbeidsplassene som har meldt behov for mer veiledning.",
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _end_of_past(build: Build) -> dt.datetime:
    """The last moment of the demo's past (as the contracts builder has it)."""
    return _at(build.anchor - dt.timedelta(days=1), 16) + dt.timedelta(minutes=30)


def _user_of(person_id: int) -> Any:
    return User.objects.filter(person_id=person_id).first()


def _meeting(
    build: Build,
    *,
    kind: str,
    starts_at: dt.datetime,
    invitees: list[int],
    agenda: str,
    pathway_id: int | None = None,
    group_id: int | None = None,
    place: str = "",
    scheduled_at: dt.datetime | None = None,
) -> Any:
    with clock.frozen_at(scheduled_at or starts_at - dt.timedelta(days=7)):
        meeting = services.schedule_meeting(
            actor=build.coordinator,
            kind=kind,
            starts_at=starts_at,
            invitees=invitees,
            pathway_id=pathway_id,
            group_id=group_id,
            place=place,
            agenda=agenda,
        )
    build.count("meetings")
    return meeting


def _hold(build: Build, meeting: Any, attended: list[int], minutes: str, decisions: str) -> Any:
    """Held, the minutes written after the meeting and approved the day after."""
    with clock.frozen_at(meeting.starts_at + dt.timedelta(hours=2)):
        meeting = services.hold_meeting(actor=build.coordinator, meeting_id=meeting.pk)
        meeting = services.record_minutes(
            actor=build.coordinator,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            attended=attended,
            minutes=minutes,
            decisions=decisions,
        )
    return meeting


def _approve(build: Build, meeting: Any) -> None:
    with clock.frozen_at(meeting.starts_at + dt.timedelta(days=1)):
        services.approve_minutes(actor=build.coordinator, meeting_id=meeting.pk)


def _item(build: Build, meeting: Any, owner: int, text: str, deadline: dt.date) -> Any:
    with clock.frozen_at(meeting.starts_at + dt.timedelta(hours=3)):
        item = services.add_action_item(
            actor=build.coordinator, meeting_id=meeting.pk, text=text, owner=owner, deadline=deadline
        )
    build.count("action_items")
    return item


def _tick(build: Build, items: list[Any]) -> None:
    """Each item done three days before its deadline, in order: by its owner where the
    owner has a login, else by the coordinator."""
    for item in sorted(items, key=lambda i: (i.deadline, i.pk)):
        with clock.frozen_at(_at(item.deadline - dt.timedelta(days=3), 12)):
            actor = _user_of(item.owner_id) or build.coordinator
            services.set_action_item_done(actor=actor, item_id=item.pk, done=True)


def pathway_meetings(build: Build) -> None:
    """On each pathway in training: an assessment conversation some months back (ofo.
    § 9-6, seed 002: participant, mentor, teacher and coordinator), a teacher visit two
    weeks back, and the next assessment conversation planned, with open action items for
    the people around the participant."""
    anchor, end = build.anchor, _end_of_past(build)
    pathways = Pathway.objects.filter(stage=Stage.IN_TRAINING).select_related("workplace").order_by("pk")
    for pathway in pathways:
        last = Event.objects.filter(pathway=pathway).aggregate(last=Max("at"))["last"] or end
        members = list(PathwayMember.objects.filter(pathway=pathway).order_by("role", "id"))
        invitees = list(dict.fromkeys([pathway.participant_id, *(m.person_id for m in members)]))
        owners = {m.role: m.person_id for m in members if m.role in ITEMS}
        place = pathway.workplace.name if pathway.workplace else ""
        earlier = _at(anchor - dt.timedelta(days=120), 10)
        if earlier - dt.timedelta(days=7) > last:
            meeting = _meeting(
                build,
                kind=Kind.ASSESSMENT,
                starts_at=earlier,
                invitees=invitees,
                agenda=ASSESSMENT_AGENDA,
                pathway_id=pathway.pk,
                place=place,
            )
            meeting = _hold(build, meeting, invitees, ASSESSMENT_MINUTES, ASSESSMENT_DECISIONS)
            deadline = earlier.date() + dt.timedelta(days=30)
            items = [_item(build, meeting, person_id, ITEMS[role], deadline) for role, person_id in owners.items()]
            _approve(build, meeting)
            _tick(build, items)
        visit = _at(anchor - dt.timedelta(days=14), 13)
        teacher = owners.get(PathwayMember.Role.TRADE_TEACHER)
        if teacher is not None and visit - dt.timedelta(days=7) > last:
            meeting = _meeting(
                build,
                kind=Kind.TEACHER_VISIT,
                starts_at=visit,
                invitees=[
                    pathway.participant_id,
                    teacher,
                    *([owners[PathwayMember.Role.MENTOR]] if PathwayMember.Role.MENTOR in owners else []),
                ],
                agenda=VISIT_AGENDA,
                pathway_id=pathway.pk,
                place=place,
            )
            meeting = _hold(build, meeting, [pathway.participant_id, teacher], VISIT_MINUTES, VISIT_DECISIONS)
            _item(build, meeting, teacher, ITEMS[PathwayMember.Role.TRADE_TEACHER], anchor + dt.timedelta(days=7))
            _approve(build, meeting)
        upcoming = _meeting(
            build,
            kind=Kind.ASSESSMENT,
            starts_at=_at(anchor + dt.timedelta(days=21), 10),
            invitees=invitees,
            agenda=NEXT_AGENDA,
            pathway_id=pathway.pk,
            place=place,
            scheduled_at=end,
        )
        for role, person_id in owners.items():
            with clock.frozen_at(end):
                services.add_action_item(
                    actor=build.coordinator,
                    meeting_id=upcoming.pk,
                    text=ITEMS[role],
                    owner=person_id,
                    deadline=anchor + dt.timedelta(days=14),
                )
            build.count("action_items")
        # The participant prepares too: their own item on their start page and /tasks/.
        with clock.frozen_at(end):
            services.add_action_item(
                actor=build.coordinator,
                meeting_id=upcoming.pk,
                text=PARTICIPANT_ITEM,
                owner=pathway.participant_id,
                deadline=anchor + dt.timedelta(days=20),
            )
        build.count("action_items")


# Seed 002: what the project group notes on each participant, and what the steering group
# records. Demo text, varied by the participant's place in the list.
TRADE_NOTES = (
    "God framdrift i praktiske oppgaver; jobber med dokumentasjon i journal.",
    "Har nådd målene for stell og omsorg; trenger mer øving i rapportering.",
    "Jobber godt med aktiviteter; skal øve mer på planlegging av egne oppgaver.",
)
LANGUAGE_NOTES = (
    "Norsk på B1-nivå muntlig; fagbegrepene sitter bedre.",
    "Skriver korte rapporter selv; øver på fagbegreper med norsklæreren.",
    "Trygg muntlig, trenger støtte i skriftlige oppgaver.",
)
WORKPLACE_NOTES = (
    "Arbeidsplassen er fornøyd; fadderen følger opp ukentlig.",
    "Stabilt oppmøte. Arbeidsplassen ønsker et trepartsmøte før sommeren.",
    "Trives i turnus; instruktøren melder om god innsats.",
)
PROJECT_RESOURCES = "Faglærer og norsklærer har satt av tid til besøk. Tre nye iPader er bestilt."
PROJECT_CHALLENGES = "To arbeidsplasser har hatt vikarbruk, og fadderne har hatt mindre tid til veiledning."
STEERING_RESOURCES = "Ordningen holder budsjettet. Tilskudd fra fylkeskommunen er innvilget for neste år."
STEERING_PROGRESS = (
    "De fleste deltakerne følger planen; én er midlertidig avbrutt. Tre har bestått tverrfaglig eksamen."
)
STEERING_PLANS = "Nytt kull fra august med ti plasser. Rekruttering sammen med NAV starter i april."
# The themes the class covers month by month (seed 002 § 3), in turn.
MONTHLY_THEMES = (
    "Smittevern og hygiene. Håndhygiene, basale smittevernrutiner og bruk av verneutstyr.",
    "Kommunikasjon og samhandling. Samtaler med brukere og pårørende, taushetsplikt.",
    "Ernæring og måltider. Kosthold for eldre og barn, allergier og tilrettelegging.",
    "Dokumentasjon og rapportering. Skriftlig og muntlig rapport, journalføring.",
    "Aktivitet og helsefremmende arbeid. Planlegge og gjennomføre aktiviteter.",
    "Etikk og yrkesrolle. Brukermedvirkning, respekt og faglige vurderinger.",
    "Førstehjelp og sikkerhet. HLR, brannvern og melding av avvik.",
    "Utvikling og læring. Barns og voksnes utvikling, tilrettelegging i hverdagen.",
)
# The project group meets late in the afternoon: its last meeting falls on the last day
# of the demo's past, after the pathways' own last events, so that the notes it writes on
# each participant come last on their timelines (written in chronological order).
PROJECT_HOUR = 17


def _walkthrough(build: Build, meeting: Any) -> int:
    """The project group's notes on each participant in training whose timeline has
    nothing after the meeting (their timeline is written in order), and the meeting's
    resources and challenges (seed 002)."""
    from fagvei.followup import groups

    written = meeting.starts_at + dt.timedelta(hours=1)
    pathways = [
        p
        for p in groups.walkthrough_pathways(meeting)
        if (Event.objects.filter(pathway=p).aggregate(last=Max("at"))["last"] or written) < written
    ]
    notes = {
        p.pk: {
            "trade_progress": TRADE_NOTES[i % len(TRADE_NOTES)],
            "language_progress": LANGUAGE_NOTES[i % len(LANGUAGE_NOTES)],
            "workplace_status": WORKPLACE_NOTES[i % len(WORKPLACE_NOTES)],
        }
        for i, p in enumerate(pathways)
    }
    with clock.frozen_at(written):
        meeting = groups.save_participant_notes(
            actor=build.coordinator, meeting_id=meeting.pk, expected_version=meeting.version, notes=notes
        )
        groups.record_group_report(
            actor=build.coordinator,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            resources=PROJECT_RESOURCES,
            challenges=PROJECT_CHALLENGES,
        )
    return len(notes)


def _steering_report(build: Build, meeting: Any) -> None:
    from fagvei.followup import groups

    with clock.frozen_at(meeting.starts_at + dt.timedelta(hours=1)):
        groups.record_group_report(
            actor=build.coordinator,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            resources=STEERING_RESOURCES,
            progress=STEERING_PROGRESS,
            plans=STEERING_PLANS,
        )


def group_meetings(build: Build) -> None:
    """Each scheme's project group every four weeks over the last year, going through its
    participants, and its steering group once a semester with its resources, progress and
    plans (seed 002), with minutes approved; the next of each planned. The last
    project-group meeting, yesterday afternoon, is held with its minutes awaiting approval
    and leaves open action items for its members."""
    anchor, end = build.anchor, _end_of_past(build)
    planned: set[str] = set()
    for group in Group.objects.filter(scheme__in=build.schemes.values()).order_by("pk"):
        members = list(group.members.order_by("id").values_list("person_id", flat=True))
        if not members:
            continue
        project = group.kind == Group.Kind.PROJECT
        kind = Kind.PROJECT_GROUP if project else Kind.STEERING_GROUP
        interval = group.meeting_interval_days
        last_day = anchor - dt.timedelta(days=1) if project else anchor - dt.timedelta(days=interval)
        hour = PROJECT_HOUR if project else 9
        held = [last_day - dt.timedelta(days=interval * n) for n in range(12 if project else 1, -1, -1)]
        agenda, minutes, decisions = (
            (PROJECT_AGENDA, PROJECT_MINUTES, PROJECT_DECISIONS)
            if project
            else (STEERING_AGENDA, STEERING_MINUTES, STEERING_DECISIONS)
        )
        for number, day in enumerate(held):
            last = number == len(held) - 1
            meeting = _meeting(
                build, kind=kind, starts_at=_at(day, hour), invitees=members, agenda=agenda, group_id=group.pk
            )
            if project:
                build.count("participant_notes", _walkthrough(build, meeting))
            else:
                _steering_report(build, meeting)
            meeting = _hold(build, meeting, members[:-1] if len(members) > 2 else members, minutes, decisions)
            deadline = day + dt.timedelta(days=21)
            items = [
                _item(build, meeting, owner, text, deadline)
                for owner, text in zip(members[1:3], GROUP_ITEMS, strict=False)
            ]
            if not (project and last):
                _approve(build, meeting)
            if not last:
                _tick(build, items)
        if group.kind in planned:
            # The other schemes' groups have their next meeting still to plan: the
            # group-cadence deadlines of the start page (seed 002).
            continue
        planned.add(group.kind)
        _meeting(
            build,
            kind=kind,
            starts_at=_at(held[-1] + dt.timedelta(days=interval), hour),
            invitees=members,
            agenda=agenda,
            group_id=group.pk,
            scheduled_at=max(end, _at(held[-1], hour) + dt.timedelta(hours=4)),
        )


def monthly_themes(build: Build) -> None:
    """The themes of each scheme's class for the last five months and the next three
    (seed 002 § 3), each written a week before its month begins (those ahead at the last
    moment of the demo's past)."""
    from fagvei.followup import groups

    end = _end_of_past(build)
    first = build.anchor.replace(day=1)
    for offset, scheme in enumerate(sorted(build.schemes.values(), key=lambda s: s.pk)):
        for n in range(-5, 4):
            year, month = divmod(first.month - 1 + n, 12)
            month_start = dt.date(first.year + year, month + 1, 1)
            written = min(_at(month_start - dt.timedelta(days=7), 12), end)
            with clock.frozen_at(written):
                groups.set_monthly_themes(
                    actor=build.coordinator,
                    scheme_id=scheme.pk,
                    month=month_start,
                    themes=MONTHLY_THEMES[(offset + n) % len(MONTHLY_THEMES)],
                )
            build.count("monthly_themes")
