"""The demo's builder for the guidance app: a year of weekly guidance (seed 001), the
trade teacher's visits every other week (seed 002) and the Norwegian teacher's language
assessments on the pathways in training, so that ``instruktor`` (one participant without
guidance for three weeks), ``faglaerer`` (one visit overdue at /visits/) and
``norsklaerer`` (a round of assessments due) find work when they log in.

National scale: the rows are written with ``bulk_create``, not one domain call each; the
timeline gets an event for each pathway's latest entry of each kind only, logged at the
end of the demo's past after the pathway's last event (a year of weekly rows on every
timeline would drown it). Runs after the follow-up builder.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Max
from django.utils import timezone

from fagvei.accounts.models import User
from fagvei.audit.models import Event
from fagvei.curricula.models import CompetenceGoal
from fagvei.guidance.models import GuidanceEntry, LanguageAssessment, Skill, TeacherVisit
from fagvei.pathways.models import Pathway, PathwayMember, Screening, Stage

if TYPE_CHECKING:
    from .load import Build

R = PathwayMember.Role
GUIDANCE_NOTES = (
    "Gikk gjennom ukens oppgaver og hva som gikk bra.",
    "Øvde på rapportering muntlig og skriftlig.",
    "Snakket om smittevern og hygienerutiner.",
    "Veiledning i dokumentasjon i fagsystemet.",
    "Fulgte opp tilbakemelding fra forrige uke.",
    "Refleksjon rundt en vanskelig situasjon med en bruker.",
    "",
)
OBSERVATIONS = (
    "Trygg i morgenstellet; kommuniserer godt med brukerne.",
    "Mer selvstendig enn sist. Må bli mer nøyaktig i rapporteringen.",
    "God struktur i arbeidsdagen. Spør når hun er usikker.",
    "Arbeider etter rutinene for smittevern. Bruker fagbegrepene riktig.",
)
TASKS = (
    "Skriv en kort rapport om en arbeidsoppgave fra uka.",
    "Les kapittelet om dokumentasjon og noter tre spørsmål.",
    "Lag en liste over fagbegreper fra arbeidsplassen.",
    "",
)
LANGUAGE_NOTES = {
    Skill.LISTENING: "Forstår beskjeder i arbeidshverdagen.",
    Skill.READING: "Leser rutinebeskrivelser med litt hjelp.",
    Skill.WRITING: "Skriver korte rapporter; øver på setningsbygning.",
    Skill.ORAL: "Rapporterer muntlig med fagbegreper.",
}
LEVELS = ("pre_a1", "A1", "A2", "B1", "B2")
SCREENED = {
    Skill.LISTENING: "norwegian_listening",
    Skill.READING: "norwegian_reading",
    Skill.WRITING: "norwegian_writing",
    Skill.ORAL: "norwegian_speaking",
}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _skipped(pathway_id: int, week: int, day: dt.date) -> bool:
    """Realistic gaps: the summer holiday (July), Christmas, and now and then a week lost
    to illness or a busy ward — deterministically."""
    if day.month == 7 or (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2):
        return True
    return (pathway_id * 31 + week * 17) % 11 == 0


def records(build: Build) -> None:
    anchor = build.anchor
    year_ago = anchor - dt.timedelta(days=365)
    pathways = list(Pathway.objects.filter(stage=Stage.IN_TRAINING).select_related("scheme").order_by("pk"))
    members = list(PathwayMember.objects.filter(pathway__in=pathways).order_by("id"))
    logins = dict(User.objects.filter(person_id__in={m.person_id for m in members}).values_list("person_id", "pk"))
    by_pathway: dict[int, dict[str, int]] = {}
    for member in members:
        user_id = logins.get(member.person_id)
        if user_id is not None:
            by_pathway.setdefault(member.pathway_id, {}).setdefault(member.role, user_id)
    goals: dict[int, list[int]] = {}
    for goal_id, curriculum_id in CompetenceGoal.objects.order_by("position", "id").values_list("pk", "curriculum_id"):
        goals.setdefault(curriculum_id, []).append(goal_id)
    screened = {
        s["pathway_id"]: s
        for s in Screening.objects.filter(pathway__in=pathways).values("pathway_id", *SCREENED.values())
    }
    instructor = build.users.get("instruktor")
    teacher = build.users.get("faglaerer")
    # The one pathway of each that is behind: the instructor's and the trade teacher's first.
    late_guidance = next(
        (p.pk for p in pathways if instructor and by_pathway.get(p.pk, {}).get(R.INSTRUCTOR) == instructor.pk), None
    )
    late_visit = next(
        (p.pk for p in pathways if teacher and by_pathway.get(p.pk, {}).get(R.TRADE_TEACHER) == teacher.pk), None
    )
    entries: list[GuidanceEntry] = []
    entry_goals: list[tuple[int, list[int]]] = []
    visits: list[TeacherVisit] = []
    visit_goals: list[tuple[int, list[int]]] = []
    assessments: list[LanguageAssessment] = []
    for pathway in pathways:
        roles = by_pathway.get(pathway.pk, {})
        start = max(pathway.started_on or year_ago, year_ago)
        mine = goals.get(pathway.curriculum_id or 0, [])
        # Weekly guidance on a weekday that depends on the pathway, the last one this
        # week — three weeks back on the instructor's late one.
        author = roles.get(R.INSTRUCTOR) or roles.get(R.PROFESSIONAL_MANAGER) or build.coordinator.pk
        last = anchor - dt.timedelta(days=19 if pathway.pk == late_guidance else 1 + pathway.pk % 5)
        week, day = 0, last
        while day >= start:
            if week < 2 or not _skipped(pathway.pk, week, day):
                picked = [mine[(week * 2 + k) % len(mine)] for k in range(week % 3)] if mine else []
                entries.append(
                    GuidanceEntry(
                        pathway=pathway,
                        given_on=day,
                        minutes=(60, 45, 60, 75, 60, 30)[week % 6],
                        note=GUIDANCE_NOTES[(pathway.pk + week) % len(GUIDANCE_NOTES)],
                        author_id=author,
                        created_at=_at(day, 15),
                    )
                )
                entry_goals.append((len(entries) - 1, picked))
                entries[-1].goal_count = len(picked)  # type: ignore[attr-defined]
            week, day = week + 1, day - dt.timedelta(days=7)
        # Teacher visits every other week (the scheme's interval), by the trade teacher.
        if R.TRADE_TEACHER in roles:
            interval = pathway.scheme.teacher_visit_interval_days if pathway.scheme else 14
            day = anchor - dt.timedelta(days=interval + 10 if pathway.pk == late_visit else interval)
            n = 0
            while day >= start:
                visits.append(
                    TeacherVisit(
                        pathway=pathway,
                        visited_on=day,
                        observations=OBSERVATIONS[(pathway.pk + n) % len(OBSERVATIONS)],
                        tasks_given=TASKS[n % len(TASKS)],
                        author_id=roles[R.TRADE_TEACHER],
                        created_at=_at(day, 14),
                    )
                )
                visit_goals.append((len(visits) - 1, [mine[n % len(mine)]] if mine else []))
                n, day = n + 1, day - dt.timedelta(days=interval)
        # Language assessments every eight weeks, the levels climbing from the screening;
        # the latest nine weeks back, so a new round is due.
        if R.NORWEGIAN_TEACHER in roles:
            rounds: list[dt.date] = []
            day = anchor - dt.timedelta(days=63)
            while day >= start:
                rounds.append(day)
                day -= dt.timedelta(days=56)
            base = screened.get(pathway.pk, {})
            for n, day in enumerate(reversed(rounds)):
                for skill, field in SCREENED.items():
                    first = base.get(field) or "A1"
                    step = LEVELS.index(first) if first in LEVELS else 1
                    level = LEVELS[min(step + (n + 1) // 2, len(LEVELS) - 1)]
                    assessments.append(
                        LanguageAssessment(
                            pathway=pathway,
                            skill=skill.value,
                            level=level,
                            note=LANGUAGE_NOTES[skill] if n == len(rounds) - 1 else "",
                            assessed_on=day,
                            author_id=roles[R.NORWEGIAN_TEACHER],
                            created_at=_at(day, 12),
                        )
                    )
    GuidanceEntry.objects.bulk_create(entries, batch_size=2000)
    TeacherVisit.objects.bulk_create(visits, batch_size=2000)
    LanguageAssessment.objects.bulk_create(assessments, batch_size=2000)
    GuidanceEntry.goals.through.objects.bulk_create(
        [
            GuidanceEntry.goals.through(guidanceentry_id=entries[i].pk, competencegoal_id=g)
            for i, picked in entry_goals
            for g in picked
        ],
        batch_size=5000,
    )
    TeacherVisit.goals.through.objects.bulk_create(
        [
            TeacherVisit.goals.through(teachervisit_id=visits[i].pk, competencegoal_id=g)
            for i, picked in visit_goals
            for g in picked
        ],
        batch_size=5000,
    )
    build.count("guidance_entries", len(entries))
    build.count("teacher_visits", len(visits))
    build.count("language_assessments", len(assessments))
    _latest_events(build, pathways, entries, visits, assessments)


def _latest_events(
    build: Build,
    pathways: list[Pathway],
    entries: list[GuidanceEntry],
    visits: list[TeacherVisit],
    assessments: list[LanguageAssessment],
) -> None:
    """One event per pathway for its latest guidance, visit and language round, logged at
    the end of the demo's past after the pathway's last event (the timeline in order)."""
    end = _at(build.anchor - dt.timedelta(days=1), 17)
    lasts = dict(
        Event.objects.filter(pathway__in=pathways)
        .values("pathway_id")
        .annotate(last=Max("at"))
        .values_list("pathway_id", "last")
    )
    latest: dict[tuple[int, str], Any] = {}
    for entry_row in entries:
        latest.setdefault((entry_row.pathway_id, "guidance"), entry_row)
    for visit_row in visits:
        latest.setdefault((visit_row.pathway_id, "visit"), visit_row)
    rounds: dict[int, list[LanguageAssessment]] = {}
    for row in assessments:
        rounds.setdefault(row.pathway_id, []).append(row)
    events: list[Event] = []
    for pathway in pathways:
        moment = max(end, (lasts.get(pathway.pk) or end) + dt.timedelta(minutes=5))
        entry = latest.get((pathway.pk, "guidance"))
        if entry is not None:
            events.append(
                _event(
                    "guidance.logged",
                    entry,
                    moment,
                    {"entry": entry.pk, "minutes": entry.minutes, "goals": entry.goal_count},
                )
            )
        visit = latest.get((pathway.pk, "visit"))
        if visit is not None:
            moment += dt.timedelta(minutes=5)
            events.append(_event("teacher_visit.recorded", visit, moment, {"visit": visit.pk}))
        if pathway.pk in rounds:
            last_day = max(r.assessed_on for r in rounds[pathway.pk])
            rows = [r for r in rounds[pathway.pk] if r.assessed_on == last_day]
            moment += dt.timedelta(minutes=5)
            data = {"assessments": [r.pk for r in rows], "skills": [r.skill for r in rows]}
            events.append(_event("language.assessed", rows[0], moment, data))
    Event.objects.bulk_create(events)
    build.count("events_guidance", len(events))


def _event(verb: str, row: Any, moment: dt.datetime, data: dict[str, Any]) -> Event:
    return Event(
        at=moment,
        actor_id=row.author_id,
        verb=verb,
        pathway_id=row.pathway_id,
        object_type=row._meta.label_lower,
        object_id=row.pk,
        data=data,
    )
