"""Plan and assessment forms: each hands its cleaned data to one domain function."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fagvei.core.forms import Form

from .models import GoalAssessment, Progress


class PlanGoalForm(Form):
    half_year = forms.TypedChoiceField(label=_("Half-year"), coerce=int, empty_value=None, required=False, choices=())
    tasks = forms.CharField(label=_("Workplace tasks"), widget=forms.Textarea, required=False, max_length=20_000)
    responsible = forms.TypedChoiceField(
        label=_("Responsible"), coerce=int, empty_value=None, required=False, choices=()
    )
    status = forms.ChoiceField(label=_("Progress"), choices=Progress.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea,
        required=False,
        max_length=20_000,
        help_text=_("What shows the goal is reached: tasks done, logs, photos, feedback."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, half_years: list[tuple[int, str]], people: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["half_year"].choices = [("", _("Not placed")), *half_years]
        self.fields["responsible"].choices = [("", "—"), *people.items()]
        self.decorate()


class CommentForm(Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea, max_length=20_000)


class NewAssessmentForm(Form):
    half_year = forms.TypedChoiceField(label=_("Half-year"), coerce=int, choices=())

    def __init__(self, *args: Any, half_years: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["half_year"].choices = [("", "—"), *half_years]
        self.decorate()


class AssessmentForm(Form):
    """The overall comment, and per goal row a status and a comment (``goal_<id>`` and
    ``comment_<id>``)."""

    overall = forms.CharField(label=_("Overall comment"), widget=forms.Textarea, required=False, max_length=20_000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"goal_{row.pk}"] = forms.ChoiceField(
                label=_("Assessment"), choices=GoalAssessment.choices, initial=row.status
            )
            self.fields[f"comment_{row.pk}"] = forms.CharField(
                label=_("Comment"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=20_000,
                initial=row.comment,
            )
        self.decorate()

    def goal_values(self) -> dict[int, dict[str, Any]]:
        data = self.cleaned_data
        return {
            row.pk: {"status": data[f"goal_{row.pk}"], "comment": data.get(f"comment_{row.pk}", "")}
            for row in self.rows
        }

    def row_fields(self) -> list[tuple[Any, Any, Any]]:
        return [(row, self[f"goal_{row.pk}"], self[f"comment_{row.pk}"]) for row in self.rows]
