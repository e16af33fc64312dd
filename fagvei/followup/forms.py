"""Meeting forms: each hands its cleaned data to one domain function (services.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fagvei.core.forms import DateInput, Form

from .models import PATHWAY_KINDS


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(Form):
    """Plan a pathway's meeting (``kind`` shown), or change a planned one."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in PATHWAY_KINDS])
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea, required=False, max_length=20_000)
    invitees = forms.TypedMultipleChoiceField(
        label=_("Invitees"), coerce=int, widget=forms.CheckboxSelectMultiple, choices=()
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, people: dict[int, str], with_kind: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invitees"].choices = list(people.items())
        if not with_kind:
            del self.fields["kind"]
        self.decorate()


class MinutesForm(Form):
    attended = forms.TypedMultipleChoiceField(
        label=_("Attended"), coerce=int, widget=forms.CheckboxSelectMultiple, choices=(), required=False
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000)
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea, required=False, max_length=20_000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, invitees: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = list(invitees.items())
        self.decorate()


class ActionItemForm(Form):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea, max_length=20_000)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, choices=())
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())

    def __init__(self, *args: Any, invitees: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—"), *invitees.items()]
        self.decorate()


class AddendumForm(Form):
    text = forms.CharField(label=_("Addendum"), widget=forms.Textarea, max_length=20_000)


class DoneForm(Form):
    done = forms.BooleanField(required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
