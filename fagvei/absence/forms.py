"""The absence form: its cleaned data goes to one domain function (services.py), which
refuses what the form cannot see (an overlap, hours over several days)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fagvei.core.forms import DateInput, DecimalField, Form

from .models import Kind


class AbsenceForm(Form):
    kind = forms.ChoiceField(label=_("Kind of absence"), choices=[("", "—"), *Kind.choices])
    starts_on = forms.DateField(label=_("Absent from"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Absent until"), widget=DateInput(), required=False, help_text=_("Empty for a single day.")
    )
    hours = DecimalField(
        label=_("Hours"),
        required=False,
        max_digits=3,
        decimal_places=1,
        help_text=_("Only for part of a single day; empty for whole days."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False, max_length=2_000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeleteForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
