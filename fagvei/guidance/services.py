"""Domain functions for the guidance log, teacher visits and language assessments: one
per change, atomic, with the pathway row locked, the writer's right checked on the
pathway as it is, audited. Events carry ids and codes, never the note or observations.

The rows are not corrected in place (models.py): a correction is a new row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, lock
from fagvei.curricula.models import CompetenceGoal
from fagvei.lib.dates import is_sane
from fagvei.pathways.access import can_manage_pathway
from fagvei.pathways.models import CEFR, Pathway

from .access import rights_for
from .models import MAX_MINUTES, MIN_MINUTES, GuidanceEntry, LanguageAssessment, Skill, TeacherVisit

# The longest note kept (a paste of a whole document is refused).
MAX_TEXT = 5_000


def _locked_pathway(actor: Any, pathway_id: int, kind: str, refusal: str) -> Pathway:
    pathway: Pathway = lock(Pathway, pathway_id)
    pathway.can_manage = can_manage_pathway(actor, pathway)  # type: ignore[attr-defined]
    if not rights_for(actor, pathway).writes(kind):
        raise DomainError(refusal)
    if not pathway.is_open:
        raise DomainError(_("The pathway is closed: nothing more is recorded on it."))
    return pathway


def _day(value: Any, field: str, label: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise DomainError(_("%(field)s: give a date.") % {"field": label}, field=field)
    if not is_sane(value):
        raise DomainError(_("%(field)s: the date must be between 1900 and 2100.") % {"field": label}, field=field)
    if value > clock.today():
        raise DomainError(_("%(field)s: the date cannot be in the future.") % {"field": label}, field=field)
    return value


def _text(value: Any, field: str, label: str, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(_("%(field)s: this field is required.") % {"field": label}, field=field)
    if len(text) > MAX_TEXT:
        raise DomainError(_("%(field)s: at most %(n)s characters.") % {"field": label, "n": MAX_TEXT}, field=field)
    return text


def _goals(pathway: Pathway, ids: Iterable[Any]) -> list[int]:
    """Competence goals of the pathway's curriculum; none is fine."""
    try:
        chosen = sorted({int(i) for i in ids})
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Competence goals: choose goals from the list."), field="goals") from exc
    if not chosen:
        return []
    if chosen[0] < 1 or chosen[-1] > 2**31 - 1:
        raise DomainError(_("Competence goals: choose goals from the list."), field="goals")
    curriculum_id = pathway.curriculum_id
    found = (
        set(CompetenceGoal.objects.filter(pk__in=chosen, curriculum_id=curriculum_id).values_list("pk", flat=True))
        if curriculum_id is not None
        else set()
    )
    if found != set(chosen):
        raise DomainError(_("Competence goals: choose goals from the curriculum of the pathway."), field="goals")
    return chosen


def log_guidance(
    *,
    actor: Any,
    pathway_id: int,
    given_on: Any,
    minutes: Any = 60,
    goals: Iterable[Any] = (),
    note: str = "",
) -> GuidanceEntry:
    """Log a session of weekly guidance (seed 001): by the instructor, the professional
    manager or one who manages the pathway."""
    with transaction.atomic():
        pathway = _locked_pathway(actor, pathway_id, "guidance", _("You may not log guidance on this pathway."))
        day = _day(given_on, "given_on", _("Date"))
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise DomainError(
                _("Duration: between %(min)s and %(max)s minutes.") % {"min": MIN_MINUTES, "max": MAX_MINUTES},
                field="minutes",
            )
        goal_ids = _goals(pathway, goals)
        entry = GuidanceEntry.objects.create(
            pathway=pathway,
            given_on=day,
            minutes=minutes,
            note=_text(note, "note", _("Note")),
            author=actor,
            created_at=clock.now(),
        )
        entry.goals.set(goal_ids)
        record_event(
            "guidance.logged",
            entry,
            actor=actor,
            pathway=pathway,
            data={"entry": entry.pk, "minutes": minutes, "goals": len(goal_ids)},
        )
    return entry


def record_visit(
    *,
    actor: Any,
    pathway_id: int,
    visited_on: Any,
    observations: str,
    tasks_given: str = "",
    goals: Iterable[Any] = (),
) -> TeacherVisit:
    """Record the trade teacher's visit to the workplace (seed 002)."""
    with transaction.atomic():
        pathway = _locked_pathway(actor, pathway_id, "visits", _("You may not record visits on this pathway."))
        day = _day(visited_on, "visited_on", _("Date"))
        text = _text(observations, "observations", _("Observations"), required=True)
        tasks = _text(tasks_given, "tasks_given", _("Tasks given"))
        goal_ids = _goals(pathway, goals)
        visit = TeacherVisit.objects.create(
            pathway=pathway, visited_on=day, observations=text, tasks_given=tasks, author=actor, created_at=clock.now()
        )
        visit.goals.set(goal_ids)
        record_event("teacher_visit.recorded", visit, actor=actor, pathway=pathway, data={"visit": visit.pk})
    return visit


def assess_language(
    *, actor: Any, pathway_id: int, assessed_on: Any, levels: dict[str, Any], notes: dict[str, Any] | None = None
) -> list[LanguageAssessment]:
    """Record the Norwegian teacher's assessed level (CEFR) in one or more skills on a
    date (seed 002); a skill without a level is not assessed this time."""
    notes = notes or {}
    with transaction.atomic():
        pathway = _locked_pathway(
            actor, pathway_id, "language", _("You may not record language progress on this pathway.")
        )
        day = _day(assessed_on, "assessed_on", _("Date"))
        now = clock.now()
        rows: list[LanguageAssessment] = []
        for skill in Skill:
            level = levels.get(skill.value) or ""
            note = _text(notes.get(skill.value), f"note_{skill.value}", str(skill.label))
            if not level:
                if note:
                    raise DomainError(
                        _("%(skill)s: choose a level for the note.") % {"skill": skill.label},
                        field=f"level_{skill.value}",
                    )
                continue
            if level not in CEFR.values:
                raise DomainError(
                    _("%(skill)s: choose a level from the list.") % {"skill": skill.label},
                    field=f"level_{skill.value}",
                )
            rows.append(
                LanguageAssessment(
                    pathway=pathway,
                    skill=skill.value,
                    level=level,
                    note=note,
                    assessed_on=day,
                    author=actor,
                    created_at=now,
                )
            )
        unknown = set(levels) - set(Skill.values)
        if unknown:
            raise DomainError(_("Skill: choose listening, reading, writing or oral."), field="levels")
        if not rows:
            raise DomainError(_("Level: assess at least one skill."), field="level_listening")
        for row in rows:
            row.save()
        record_event(
            "language.assessed",
            rows[0],
            actor=actor,
            pathway=pathway,
            data={"assessments": [r.pk for r in rows], "skills": [r.skill for r in rows]},
        )
    return rows
