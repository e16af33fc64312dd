"""How this app's events read on the pathway's timeline. An event holds ids, a duration,
a count and skill codes, never the note, observations or tasks typed in."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fagvei.core.registry import register_events

from .models import Skill

VERB_LABELS: dict[str, Any] = {
    "guidance.logged": _("Guidance logged"),
    "teacher_visit.recorded": _("Teacher visit recorded"),
    "language.assessed": _("Language progress assessed"),
}


def read_details(data: dict[str, Any]) -> list[str]:
    details: list[str] = []
    minutes = data.get("minutes")
    if isinstance(minutes, int):
        details.append(ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes})
    skills = data.get("skills")
    if isinstance(skills, list):
        labels = dict(Skill.choices)
        details.append(", ".join(str(labels.get(s, s)) for s in skills))
    return details


def register() -> None:
    register_events(VERB_LABELS, read_details)
