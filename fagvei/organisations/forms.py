"""Forms for organisations and trade approvals. They parse and validate input; the
domain functions decide."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fagvei.core.forms import DateInput, Form, VersionedModelForm
from fagvei.curricula.models import Trade

from .models import Organisation, TradeApproval
from .services import DUPLICATE_ORG_NUMBER, EDITABLE_FIELDS, normalise_org_number


class OrgNumberField(forms.CharField):
    """Accepts ``923 609 016`` as the register prints it and keeps the 9 digits; the
    model validator (python-stdnum) checks them."""

    def to_python(self, value: Any) -> str:
        return re.sub(r"[\s.\-]", "", super().to_python(value) or "")


class OrganisationForm(VersionedModelForm):
    class Meta:
        model = Organisation
        fields = list(EDITABLE_FIELDS)
        field_classes = {"org_number": OrgNumberField}
        help_texts = {
            "org_number": _("9 digits from the Central Coordinating Register (Enhetsregisteret)."),
            "training_office": _("Only for a company that is a member of a training office."),
            "county": _("The county that decides the organisation's trade approvals."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_number"].widget.attrs.update({"maxlength": "11", "inputmode": "numeric"})
        offices = Organisation.objects.filter(kind=Organisation.Kind.TRAINING_OFFICE)
        if self.instance.pk:
            offices = offices.exclude(pk=self.instance.pk)
        office_field = self.fields["training_office"]
        assert isinstance(office_field, forms.ModelChoiceField)
        office_field.queryset = offices.order_by("name", "id")
        county_field = self.fields["county"]
        assert isinstance(county_field, forms.ModelChoiceField)
        county_field.queryset = Organisation.objects.filter(kind=Organisation.Kind.COUNTY).order_by("name", "id")

    def clean_org_number(self) -> str:
        value = normalise_org_number(self.cleaned_data.get("org_number", ""))
        if value:
            duplicates = Organisation.objects.filter(org_number=value)
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            if duplicates.exists():
                raise forms.ValidationError(DUPLICATE_ORG_NUMBER, code="unique")
        return value


class TradeApprovalForm(Form):
    # ofo. § 6-13: the county approves a company per trade.
    trade = forms.ModelChoiceField(label=_("Trade"), queryset=Trade.objects.order_by("name"))
    approved_on = forms.DateField(label=_("Approved on"), widget=DateInput())
    decided_by = forms.CharField(
        label=_("Approved by (county)"),
        required=False,
        max_length=200,
        help_text=_("The county authority that made the decision."),
    )
    reference = forms.CharField(
        label=_("The county's reference"),
        required=False,
        max_length=100,
        help_text=_("The case number of the county's decision."),
    )

    def __init__(self, *args: Any, county_decides: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not county_decides:
            # A caseworker registers a decision the county has made: its reference is required.
            self.fields["reference"].required = True
            self.fields["reference"].help_text = _(
                "The case number of the county's decision. The county adviser registers"
                " the county's own decisions; you register one the county has already made."
            )


class ApprovalStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=TradeApproval.Status.choices)


class OrganisationFilterForm(Form):
    q = forms.CharField(
        label=_("Search by name or organisation number"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organisation.Kind.choices]
    )
