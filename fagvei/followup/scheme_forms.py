"""Forms of the scheme page: a group, its members, the monthly themes, and what a group
meeting records. Each hands its cleaned data to one domain function (groups.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fagvei.core.forms import Form
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Group

from .forms import DateTimeInput
from .groups import NOTE_FIELDS, label
from .models import Meeting, ParticipantNote


class GroupForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Group.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    meeting_interval_days = forms.IntegerField(
        label=_("Meeting interval (days)"),
        min_value=1,
        max_value=366,
        required=False,
        help_text=_("The project group meets every four weeks (28 days), the steering group each semester (182 days)."),
    )

    def __init__(self, *args: Any, kinds: list[str] | None = None, with_kind: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_kind:
            del self.fields["kind"]
            self.fields["meeting_interval_days"].required = True
        elif kinds is not None:
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (k, v) for k, v in Group.Kind.choices if k in kinds
            ]
        self.decorate()


class GroupMemberForm(Form):
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Person"), queryset=None)  # type: ignore[arg-type]
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=100, required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.decorate()


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m")


class ThemesForm(Form):
    month = forms.DateField(label=_("Month"), widget=MonthInput(), input_formats=["%Y-%m", "%Y-%m-%d"])
    themes = forms.CharField(label=_("Themes"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GroupMeetingForm(Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea, required=False, max_length=20_000)
    invitees = forms.TypedMultipleChoiceField(
        label=_("Invitees"), coerce=int, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args: Any, people: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invitees"].choices = list(people.items())  # type: ignore[attr-defined]
        self.decorate()


class ReportForm(Form):
    """Resources and challenges (project group); resources, progress, plans (steering)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, names: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in names:
            self.fields[name] = forms.CharField(
                label=label(Meeting, name), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20_000
            )
        self.decorate()


def note_field(pathway_id: int, name: str) -> str:
    return f"p{pathway_id}-{name}"


class NotesForm(Form):
    """One note per participant: trade progress, language progress, status from the
    workplace (seed 002). ``rows`` pairs each pathway with its bound fields."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, pathways: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pathways = pathways
        for pathway in pathways:
            for name in NOTE_FIELDS:
                self.fields[note_field(pathway.pk, name)] = forms.CharField(
                    label=label(ParticipantNote, name),
                    widget=forms.Textarea(attrs={"rows": 2}),
                    required=False,
                    max_length=20_000,
                )
        self.decorate()

    @property
    def rows(self) -> list[tuple[Any, list[Any]]]:
        return [(p, [self[note_field(p.pk, name)] for name in NOTE_FIELDS]) for p in self.pathways]

    def notes(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {p.pk: {name: data.get(note_field(p.pk, name), "") for name in NOTE_FIELDS} for p in self.pathways}
