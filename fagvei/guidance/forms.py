"""The short forms of the guidance log, teacher visits and language progress: each hands
its cleaned data to one domain function (services.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fagvei.core import clock
from fagvei.core.forms import DateInput, Form
from fagvei.curricula.models import CompetenceGoal
from fagvei.pathways.models import CEFR

from .models import MAX_MINUTES, MIN_MINUTES, Skill


def goal_choices(pathway: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    """The pathway's curriculum's competence goals, grouped by goal set (one query)."""
    if not pathway.curriculum_id:
        return []
    groups: dict[str, list[tuple[int, str]]] = {}
    rows = CompetenceGoal.objects.filter(curriculum_id=pathway.curriculum_id).values_list(
        "pk", "set_code", "set_title", "code", "text"
    )
    for pk, set_code, set_title, code, text in rows:
        groups.setdefault(set_title or set_code, []).append((pk, f"{code}: {text}"))
    return list(groups.items())


class GoalsMixin:
    fields: dict[str, forms.Field]

    def set_goals(self, groups: list[tuple[str, list[tuple[int, str]]]]) -> None:
        self.goal_groups = groups
        self.fields["goals"].choices = groups  # type: ignore[attr-defined]

    def grouped_goals(self) -> list[tuple[str, list[Any]]]:
        """The goal checkboxes, by goal set, for the template."""
        options = {str(o.data["value"]): o for o in self["goals"]}  # type: ignore[index]
        return [(title, [options[str(pk)] for pk, _label in goals]) for title, goals in self.goal_groups]


def _goals_field(label: Any) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label, coerce=int, widget=forms.CheckboxSelectMultiple, choices=(), required=False
    )


class GuidanceForm(GoalsMixin, Form):
    given_on = forms.DateField(label=_("Date"), widget=DateInput())
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=MIN_MINUTES, max_value=MAX_MINUTES)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)
    goals = _goals_field(_("Competence goals"))

    def __init__(self, *args: Any, pathway: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"given_on": clock.today(), "minutes": 60})
        super().__init__(*args, **kwargs)
        self.set_goals(goal_choices(pathway))
        self.decorate()


class VisitForm(GoalsMixin, Form):
    visited_on = forms.DateField(label=_("Date"), widget=DateInput())
    observations = forms.CharField(label=_("Observations"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    tasks_given = forms.CharField(
        label=_("Tasks given"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    goals = _goals_field(_("Competence goals worked on"))

    def __init__(self, *args: Any, pathway: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"visited_on": clock.today()})
        super().__init__(*args, **kwargs)
        self.set_goals(goal_choices(pathway))
        self.decorate()


class LanguageForm(Form):
    assessed_on = forms.DateField(label=_("Date"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"assessed_on": clock.today()})
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].widget = DateInput()
        for value, label in Skill.choices:
            self.fields[f"level_{value}"] = forms.ChoiceField(
                label=_("%(skill)s: level") % {"skill": label}, choices=[("", "—"), *CEFR.choices], required=False
            )
            self.fields[f"note_{value}"] = forms.CharField(
                label=_("%(skill)s: note") % {"skill": label}, required=False, max_length=5000
            )
        self.decorate()

    def levels(self) -> dict[str, str]:
        return {s: self.cleaned_data.get(f"level_{s}") or "" for s in Skill.values}

    def notes(self) -> dict[str, str]:
        return {s: self.cleaned_data.get(f"note_{s}") or "" for s in Skill.values}
