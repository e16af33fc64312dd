from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagvei.core.forms import DateInput, Form

# What the form suggests: a quarter of a year.
DEFAULT_DAYS = 90


class TokenForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Archive export” or “County report”."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        help_text=_("At most a year ahead. The token stops working at the end of this day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=DEFAULT_DAYS)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
