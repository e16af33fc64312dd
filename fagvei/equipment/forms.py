"""Loan forms: each hands its cleaned data to one domain function (services.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fagvei.core.forms import DateInput, Form


class LoanForm(Form):
    item = forms.CharField(label=_("Equipment"), max_length=200, help_text=_("For example “iPad”."))
    identifier = forms.CharField(label=_("Identifier or serial number"), max_length=100, required=False)
    lent_on = forms.DateField(label=_("Lent on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False, max_length=2_000)


class ReturnForm(Form):
    returned_on = forms.DateField(label=_("Returned on"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
