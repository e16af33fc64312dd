"""Forms for people. They parse and validate input; the domain functions decide."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fagvei.core.forms import DateInput, Form, VersionedModelForm

from .models import Person, validate_national_id
from .services import EDITABLE_FIELDS, birth_date_problem, normalise_national_id


class NationalIdField(forms.CharField):
    """Accepts the number the way people write it (``010190 12345``, ``010190-12345``)
    and keeps only the 11 digits; the model validator (python-stdnum) checks them."""

    def to_python(self, value: Any) -> str:
        return re.sub(r"[\s.:\-]", "", super().to_python(value) or "")


class PersonForm(VersionedModelForm):
    class Meta:
        model = Person
        fields = list(EDITABLE_FIELDS)
        field_classes = {"national_id": NationalIdField}
        widgets = {"birth_date": DateInput()}
        help_texts = {
            "national_id": _(
                "11 digits, fødselsnummer or D-number. Optional. Never shown in lists; only the"
                " date part is shown on the person's page."
            ),
            "birth_date": _("Filled in from the national identity number when left empty."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        national_id = self.fields["national_id"].widget.attrs
        # Room for the separators people type; the browser must not remember the number.
        national_id.update({"maxlength": "14", "inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"})
        for name in ("first_name", "last_name", "email", "phone", "address"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_national_id(self) -> str:
        value = normalise_national_id(self.cleaned_data.get("national_id", ""))
        if value:
            validate_national_id(value)
        return value

    def _get_validation_exclusions(self) -> Any:
        # Whether the number is free is the domain function's question: it counts and
        # logs every lookup (services.check_national_id_free). The model's unique
        # constraint would answer "already exists" here first, and to anyone.
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        exclusions.add("national_id")
        return exclusions

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Only a valid number is compared with the date; an invalid one is reported by
        # the model validator on its own field.
        if cleaned.get("birth_date") and not self.has_error("national_id"):
            problem = birth_date_problem(cleaned["birth_date"], cleaned.get("national_id", ""))
            if problem is not None:
                self.add_error("birth_date", problem)
        return cleaned


class PersonSearchForm(Form):
    q = forms.CharField(
        label=_("Search by name"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
