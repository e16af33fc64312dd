"""Forms for pathways. They parse and validate input; the domain functions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagvei.accounts.models import CASEWORKER_ROLES, User
from fagvei.core.forms import DateInput, DecimalField, Form, RowChoiceField, VersionedModelForm, without_label
from fagvei.curricula.models import Curriculum
from fagvei.organisations.models import Organisation, TradeApproval

from .access import registrable_schemes
from .lifecycle import CLOSED_STAGES, Transition
from .models import CEFR, Consent, EndReason, Pathway, PathwayMember, Scheme, Screening, Track
from .services import EDITABLE_FIELDS, TRADE_LOCKED_STAGES, UNDER_CONTRACT, years_problem


class SchemeSelect(forms.Select):
    """The scheme select: each option says which trade the scheme runs, so that choosing
    a scheme can choose its trade in the browser (static/js/fagvei.js)."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        scheme = getattr(value, "instance", None)
        if scheme is not None:
            option["attrs"]["data-trade"] = str(scheme.trade_id)
        return option


class PathwayForm(VersionedModelForm):
    class Meta:
        model = Pathway
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "referral_note": forms.Textarea(),
            "scheme": SchemeSelect(attrs={"data-trade-select": "id_trade"}),
        }
        help_texts = {
            "workplace": _("An organisation approved for the trade."),
            "curriculum": _("Left empty, the trade's current curriculum is used."),
        }

    def __init__(self, *args: Any, people: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the schemes the user may register pathways in (and the pathway's own).
        schemes = registrable_schemes(user)
        if self.instance.scheme_id:
            schemes = schemes | Scheme.objects.filter(pk=self.instance.scheme_id)
        self.fields["scheme"].queryset = schemes.select_related("trade").order_by("name", "id")
        self.fields["curriculum"].queryset = Curriculum.objects.exclude(trade=None).select_related("trade")
        self.fields["coordinator"].queryset = (
            User.objects.filter(memberships__role__in=CASEWORKER_ROLES, is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        approved = TradeApproval.objects.filter(status=TradeApproval.Status.ACTIVE)
        if self.instance.trade_id:
            # ofo. § 6-13: offer only companies approved for this pathway's trade.
            approved = approved.filter(trade_id=self.instance.trade_id)
        workplace_q = Q(pk__in=approved.values("organisation_id"))
        if self.instance.workplace_id:
            workplace_q |= Q(pk=self.instance.workplace_id)
        self.fields["workplace"].queryset = Organisation.objects.filter(workplace_q)
        self.fields["track"].initial = Track.ALTERNATIVE
        if self.instance.pk and self.instance.stage in TRADE_LOCKED_STAGES and self.instance.stage not in CLOSED_STAGES:
            # From start-up on the coordinator is required; under contract also the
            # workplace and the planned dates (the domain function has the full rule).
            required = ["coordinator"]
            if self.instance.stage in UNDER_CONTRACT:
                required += ["workplace", "planned_start", "planned_end"]
            for name in required:
                self.fields[name].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end <= start:
            self.add_error("planned_end", _("The planned end must be after the planned start."))
        return data


class NewPathwayForm(PathwayForm):
    """Registering a referral: whose pathway it is, then the pathway fields."""

    participant = forms.ModelChoiceField(label=_("Participant"), queryset=None)  # type: ignore[arg-type]
    # Shown only when the participant already has an open pathway in the trade.
    confirm_duplicate = forms.BooleanField(
        label=_("Yes, register a second open pathway in the same trade"), required=False
    )

    # The scheme before the trade: choosing the scheme gives the trade.
    field_order = ["participant", "referral_source", "referral_note", "track", "scheme", "trade"]

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicates: list[Any] = []
        if self.data.get("confirm_duplicate") not in ("on", "true", "True", "1"):
            self.fields["confirm_duplicate"].widget = forms.HiddenInput()
        self.fields["participant"].queryset = people
        for name in ("planned_start", "planned_end", "workplace", "curriculum"):
            del self.fields[name]
        # Every scheme runs one trade: with a scheme chosen, the trade may be left empty
        # (without JavaScript nothing fills it in) and is taken from the scheme.
        self.fields["trade"].required = False
        self.fields["trade"].help_text = _("Left empty, the scheme's trade is used.")
        self.fields["trade"].widget.attrs["aria-describedby"] = "id_trade_help"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("trade") is None and "trade" not in self.errors:
            if data.get("scheme") is not None:
                data["trade"] = data["scheme"].trade
            elif "scheme" not in self.errors:
                self.add_error("trade", _("Choose the trade, or a scheme to take the trade from."))
        return data

    def ask_for_confirmation(self, duplicates: list[Any]) -> None:
        """The participant has an open pathway in the trade: show it and the checkbox."""
        self.duplicates = duplicates
        self.fields["confirm_duplicate"].widget = forms.CheckboxInput(attrs={"class": "ds-input"})


class ScreeningForm(VersionedModelForm):
    class Meta:
        model = Screening
        fields = [
            "screened_on",
            "norwegian_listening",
            "norwegian_reading",
            "norwegian_speaking",
            "norwegian_writing",
            "years_in_norway",
            "education",
            "education_note",
            "work_experience_years",
            "work_experience_note",
            "motivation",
            "motivation_note",
            "suitability",
            "suitability_note",
            "life_situation",
            "can_participate_80",
            "hindrances",
            "income_basis",
        ]
        widgets = {
            "screened_on": DateInput(),
            "education_note": forms.Textarea(),
            "work_experience_note": forms.Textarea(),
            "motivation_note": forms.Textarea(),
            "suitability_note": forms.Textarea(),
            "life_situation": forms.Textarea(),
            "hindrances": forms.Textarea(),
        }
        field_classes = {"years_in_norway": DecimalField, "work_experience_years": DecimalField}
        help_texts = {
            "norwegian_listening": _("Level on the CEFR scale (A1–C2)."),
            "years_in_norway": _("In years, e.g. 3,5."),
            "work_experience_years": _("In years, e.g. 2,5."),
            "life_situation": _("Only what matters for taking part: family, housing, transport."),
            "hindrances": _("What may stop the participant from taking part at least 80 per cent of the time."),
        }

    def __init__(self, *args: Any, participant: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participant = participant
        for name in ("norwegian_listening", "norwegian_reading", "norwegian_speaking", "norwegian_writing"):
            self.fields[name].choices = [("", "---------"), *CEFR.choices]
        self.fields["years_in_norway"].min_value = 0
        self.fields["work_experience_years"].min_value = 0
        self.fields["years_in_norway"].validators.append(_not_negative)
        self.fields["work_experience_years"].validators.append(_not_negative)
        self.fields["can_participate_80"].required = False
        if not self.instance.pk:
            self.fields["screened_on"].initial = timezone.localdate()

    def clean_screened_on(self) -> Any:
        value = self.cleaned_data["screened_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Seed 002: hindrances to 80 % participation must be described when there are any.
        if data.get("can_participate_80") is False and not (data.get("hindrances") or "").strip():
            self.add_error("hindrances", _("Describe the hindrances when the participant cannot take part 80 %."))
        birth_date = getattr(self.participant, "birth_date", None)
        on = data.get("screened_on") or timezone.localdate()
        for name in ("years_in_norway", "work_experience_years"):
            if data.get(name) is not None and not self.has_error(name):
                problem = years_problem(self.fields[name].label, data[name], birth_date, on)
                if problem:
                    self.add_error(name, without_label(problem, self.fields[name].label))
        return data


def _not_negative(value: Any) -> None:
    if value is not None and value < 0:
        raise forms.ValidationError(_("The number cannot be negative."))


def _started_on(pathway: Any) -> forms.Field:
    today = timezone.localdate()
    planned = getattr(pathway, "planned_start", None)
    return forms.DateField(
        label=_("Training started on"),
        widget=DateInput(),
        initial=planned if planned and planned <= today else today,
        help_text=_("The day training actually started. It may differ from the planned start."),
    )


def _returned_on(pathway: Any) -> forms.Field:
    return forms.DateField(
        label=_("Returned on"),
        widget=DateInput(),
        initial=timezone.localdate(),
        help_text=_("The day the participant was back. The planned end moves by the time away."),
    )


def _end_reason(pathway: Any) -> forms.Field:
    return forms.ChoiceField(label=_("End reason"), choices=[("", "---------"), *EndReason.choices])


def _reason(pathway: Any) -> forms.Field:
    return forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "ds-input"}),
        max_length=4000,
        help_text=_("Kept on the pathway for those who follow it. Do not write health details here."),
    )


def _county_informed(pathway: Any) -> forms.Field:
    return forms.BooleanField(
        label=_("The county has been told in writing"),
        help_text=_(
            "Required for an interruption, and for ending a contract by termination, cancellation or withdrawal."
        ),
    )


def _passed_on(pathway: Any) -> forms.Field:
    # The passed trade test's date where one is registered (the completion date is its
    # date, services.complete_pathway); left empty, the service takes it.
    from .services import trade_test_date

    tested = trade_test_date(pathway) if pathway is not None else None
    return forms.DateField(
        label=_("Trade test passed on"),
        widget=DateInput(),
        initial=tested,
        help_text=_("The date of the passed trade test: left empty, the registered test's date is used."),
    )


# The form field for each input a transition may take (its name is the keyword of the
# domain function that performs the transition).
INPUT_FIELDS: dict[str, Any] = {
    "started_on": _started_on,
    "returned_on": _returned_on,
    "end_reason": _end_reason,
    "reason": _reason,
    "county_informed": _county_informed,
    "passed_on": _passed_on,
}


class TransitionForm(Form):
    """The inputs a transition needs, built from the transition's ``inputs``: the table
    says which, and which of them may be left out."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, transition: Transition, pathway: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.transition = transition
        for name in transition.inputs:
            field = INPUT_FIELDS[name](pathway)
            field.required = name not in transition.optional_inputs
            self.fields[name] = field
        # Re-run the mixin's decoration for the fields added here.
        self.decorate()


class MemberForm(Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)  # type: ignore[arg-type]
    role = forms.ChoiceField(label=_("Role on the pathway"), choices=[("", "---------"), *PathwayMember.Role.choices])

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ConsentForm(Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=[("", "---------"), *Consent.Purpose.choices])
    receiving_party = forms.CharField(
        label=_("Receiving party"),
        required=False,
        max_length=200,
        help_text=_("Who may receive the information, e.g. the county or the NAV office."),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()


class PoliceCertificateForm(Form):
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput())
    # The version of the registration the user saw; empty when there was none.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()


# The most schemes the list's filter offers as a list to choose from.
SCHEME_OPTIONS = 50
ALL_SCHEMES = object()


class PathwayFilterForm(forms.Form):
    """The search and filters of the pathway list (GET; never fails, bad values are ignored).

    Scheme and trade are chosen by id (``RowChoiceField``): the cleaned value is the id,
    or None; an id the user may not choose is refused."""

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    scheme = RowChoiceField(label=_("Scheme"), required=False)
    trade = RowChoiceField(label=_("Trade"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    track = forms.ChoiceField(label=_("Track"), required=False, choices=[("", _("All")), *Track.choices])

    scheme_name = forms.CharField(label=_("Scheme (name contains)"), required=False, max_length=100)
    # The risk status (fagvei/deadlines/risk.py: the view works it out for the caseload).
    risk = forms.ChoiceField(
        label=_("Risk"),
        required=False,
        choices=[("", _("All")), ("red", _("Red")), ("amber", _("Amber")), ("green", _("Green"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("", _("Name")), ("risk", _("Risk, the highest first"))],
    )
    field_order = ("q", "scheme", "scheme_name", "trade", "stage", "track", "risk", "sort")

    def __init__(self, *args: Any, schemes: Any = ALL_SCHEMES, **kwargs: Any) -> None:
        from fagvei.curricula.models import Trade

        from .models import Stage

        super().__init__(*args, **kwargs)
        if schemes is ALL_SCHEMES:
            schemes = Scheme.objects.all()
        # Only the schemes the user has pathways in (the view says which). Where those
        # are more than a list can hold (a county's or the nation's: one per municipality
        # and trade), or the view gives none, the scheme is found by its name instead.
        if schemes is None or schemes.order_by()[: SCHEME_OPTIONS + 1].count() > SCHEME_OPTIONS:
            del self.fields["scheme"]
        else:
            del self.fields["scheme_name"]
            self.fields["scheme"].set_rows(schemes, _("All"))
        self.fields["trade"].set_rows(Trade.objects.all(), _("All"))
        self.fields["stage"].choices = [("", _("All")), *Stage.choices]
        for field in self.fields.values():
            field.widget.attrs["class"] = "ds-input"


class PathwayIdsField(forms.Field):
    """The pathways chosen in the list (checkboxes named ``pathways``): ids, at most
    ``BULK_LIMIT`` of them. Whether the user may act on them is the view's to check."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value: Any) -> list[int]:
        from .services import BULK_LIMIT

        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids: list[int] = []
        for raw in values:
            text = str(raw)
            if not (text.isascii() and text.isdigit()) or len(text) > 12:
                raise forms.ValidationError(_("Pathways: the choice is not one of the list's pathways."))
            ids.append(int(text))
        if len(set(ids)) > BULK_LIMIT:
            raise forms.ValidationError(
                _("Pathways: at most %(n)s pathways at a time.") % {"n": BULK_LIMIT}  # type: ignore[str-format]
            )
        return sorted(set(ids))

    def validate(self, value: Any) -> None:
        if not value:
            raise forms.ValidationError(_("Pathways: choose at least one pathway."))


class BulkActionForm(Form):
    """The list's action on the chosen pathways: hand them to another coordinator, or
    export them to a spreadsheet (issue 12)."""

    REASSIGN = "reassign"
    EXPORT = "export"

    pathways = PathwayIdsField(label=_("Pathways"))
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[(REASSIGN, _("Give to another coordinator")), (EXPORT, _("Export"))],
        error_messages={
            "required": _("Action: choose what to do with the pathways."),
            "invalid_choice": _("Action: choose what to do with the pathways."),
        },
    )
    coordinator = forms.ModelChoiceField(
        label=_("New coordinator"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("New coordinator: choose one of the listed coordinators.")},
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        from .services import coordinators_for

        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators_for(user)
        self.fields["coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == self.REASSIGN and not data.get("coordinator") and "coordinator" not in self.errors:
            self.add_error("coordinator", _("New coordinator: choose whom to give the pathways to."))
        return data
