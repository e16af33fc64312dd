"""The preference form: the page and the API hand its cleaned data to
``services.set_preference``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fagvei.core.forms import Form

from .models import Preference


class PreferenceForm(Form):
    digest = forms.ChoiceField(
        label=_("E-mail reminders"),
        choices=Preference.Digest.choices,
        help_text=_(
            "A daily or weekly e-mail of the deadlines coming up and those passed. It holds first names "
            "and what is due, with links into fagvei; nothing more."
        ),
        error_messages={
            "required": _("Choose daily, weekly or none."),
            "invalid_choice": _("Choose daily, weekly or none."),
        },
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday for the weekly e-mail"),
        choices=Preference.Weekday.choices,
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a day from Monday to Sunday.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (
            data.get("digest") == Preference.Digest.WEEKLY
            and data.get("weekday") is None
            and "weekday" not in self.errors
        ):
            self.add_error("weekday", _("Choose the day the weekly e-mail comes."))
        return data
