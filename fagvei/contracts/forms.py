"""Forms for contracts. They parse and validate input; the domain functions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagvei.core.forms import DateInput, DecimalField, Form, VersionedModelForm
from fagvei.documents.models import Document
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.pathways.models import PathwayMember
from fagvei.people.models import Person

from .lifecycle import KINDS_BY_TRACK
from .models import Contract, CountySettings, Ending, Interruption, Kind, ParticipationAgreement, Submission
from .services import CONTRACT_FIELDS, OUTCOMES


def _approved_companies(trade_id: int, keep: int | None = None) -> Any:
    approved = TradeApproval.objects.filter(trade_id=trade_id, status=TradeApproval.Status.ACTIVE)
    q = Q(pk__in=approved.values("organisation_id"))
    if keep:
        q |= Q(pk=keep)
    return Organisation.objects.filter(q).order_by("sort_key", "id")


class ContractForm(VersionedModelForm):
    class Meta:
        model = Contract
        fields = list(CONTRACT_FIELDS)
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "responsibilities": forms.Textarea(attrs={"rows": 4}),
            "extra_conditions": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"prior_practice_years": DecimalField}
        help_texts = {
            "goal": _("The certificate the training leads to, e.g. a trade certificate in health work (ol. § 7-2)."),
            "responsibilities": _(
                "Who is responsible for which parts of the training; where companies share it, who holds the"
                " conversation, the assessment, the registrations and the reporting (ofo. § 6-14)."
            ),
            "company": _("A company approved for the trade (ofo. § 6-13)."),
            "training_office": _(
                "Signs the contract on the company's behalf, if the company is a member (ol. § 7-12)."
            ),
            "prior_practice_years": _(
                "Fagbrev på jobb only: at least one year of full-time practice in the trade (ofo. § 9-58)."
            ),
        }

    def __init__(self, *args: Any, pathway: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = KINDS_BY_TRACK.get(pathway.track, ())
        self.fields["kind"].choices = [(k, Kind(k).label) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        self.fields["company"].queryset = _approved_companies(pathway.trade_id, self.instance.company_id)
        self.fields["training_office"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.TRAINING_OFFICE
        ).order_by("sort_key", "id")
        managers = PathwayMember.objects.filter(
            pathway_id=pathway.pk, role=PathwayMember.Role.PROFESSIONAL_MANAGER
        ).values("person_id")
        self.fields["professional_manager"].queryset = Person.objects.filter(pk__in=managers)
        if not self.instance.pk:
            self.fields["company"].initial = pathway.workplace_id
            self.fields["start_date"].initial = pathway.planned_start
            self.fields["end_date"].initial = pathway.planned_end
            self.fields["goal"].initial = _("Trade certificate in %(trade)s") % {"trade": pathway.trade.name}


class SubmitForm(Form):
    signed_on = forms.DateField(
        label=_("Signed by the parties on"),
        widget=DateInput(),
        help_text=_(
            "The day the last party signed: the participant, the company or training office, the professional manager."
        ),
    )
    confirm = forms.BooleanField(
        label=_("The contract is signed by the parties, and the documents are the ones to send to the county."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(Form):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the application is returned or the request refused."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(), required=False)
    reference = forms.CharField(label=_("County's reference"), max_length=100, required=False)
    participant_heard = forms.TypedChoiceField(
        label=_("Did the participant speak to the county first (ol. § 7-3 third ledd)?"),
        choices=[("", "---------"), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    OUTCOME_LABELS: dict[str, dict[str, Any]] = {
        Submission.Kind.APPLICATION: {"approved": _("Approve the contract"), "returned": _("Return the application")},
        Submission.Kind.CHANGE: {"approved": _("Approve the change"), "refused": _("Refuse the change")},
        Submission.Kind.INTERRUPTION: {"acknowledged": _("Register as received")},
        Submission.Kind.TERMINATION: {"acknowledged": _("Register as received")},
        Submission.Kind.CANCELLATION: {"approved": _("Cancel the contract"), "refused": _("Refuse the cancellation")},
    }

    def __init__(self, *args: Any, submission: Submission, in_fagvei: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = self.OUTCOME_LABELS[submission.kind]
        self.fields["outcome"].choices = [(o, labels[o]) for o in OUTCOMES[submission.kind]]
        if len(OUTCOMES[submission.kind]) == 1:
            self.fields["outcome"].initial = OUTCOMES[submission.kind][0]
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["version"].initial = submission.version
        if in_fagvei:
            self.fields["reference"].help_text = _("The county's case number, if it has one.")
        else:
            self.fields["reference"].required = True
            self.fields["reference"].help_text = _("The case number of the county's decision.")
        asked_by_company = (submission.proposed or {}).get("requested_by") == Ending.RequestedBy.COMPANY
        if not (submission.kind == Submission.Kind.CANCELLATION and asked_by_company):
            del self.fields["participant_heard"]
        self.decorate()


class InterruptionForm(Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "---------"), *Interruption.Reason.choices])
    starts_on = forms.DateField(label=_("Away from"), widget=DateInput(), help_text=_("The first day away."))
    ends_on = forms.DateField(
        label=_("Away until"),
        widget=DateInput(),
        required=False,
        help_text=_("The last day away, if it is known. Leave empty when the end is open."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    county_told_on = forms.DateField(
        label=_("County told on"),
        widget=DateInput(),
        required=False,
        help_text=_("Where the county is not told through fagvei: the day it was told."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class EndInterruptionForm(Form):
    ends_on = forms.DateField(label=_("Away until"), widget=DateInput(), help_text=_("The last day away."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportInterruptionForm(Form):
    county_told_on = forms.DateField(label=_("County told on"), widget=DateInput())


class ChangeForm(Form):
    end_date = forms.DateField(label=_("New end of training"), widget=DateInput(), required=False)
    company = forms.ModelChoiceField(label=_("Training company"), queryset=None, required=False)  # type: ignore[arg-type]
    training_office = forms.ModelChoiceField(label=_("Training office"), queryset=None, required=False)  # type: ignore[arg-type]
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = _approved_companies(contract.pathway.trade_id, contract.company_id)
        self.fields["training_office"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.TRAINING_OFFICE
        ).order_by("sort_key", "id")
        self.fields["end_date"].initial = contract.end_date
        self.fields["company"].initial = contract.company_id
        self.fields["training_office"].initial = contract.training_office_id
        self.fields["version"].initial = contract.version


class TerminationForm(Form):
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DateInput())
    last_day = forms.DateField(label=_("Last day of the contract"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    county_told_on = forms.DateField(
        label=_("County told in writing on"),
        widget=DateInput(),
        required=False,
        help_text=_("Where the county is not told through fagvei."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CancellationForm(Form):
    requested_by = forms.ChoiceField(label=_("Asked for by"), choices=[("", "---------"), *Ending.RequestedBy.choices])
    ground = forms.ChoiceField(label=_("Ground"), choices=[("", "---------"), *Ending.Ground.choices])
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgreementForm(VersionedModelForm):
    class Meta:
        model = ParticipationAgreement
        fields = ["workplace", "service", "terms", "signed_on"]
        widgets = {"signed_on": DateInput(), "terms": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, pathway: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workplace"].queryset = _approved_companies(pathway.trade_id, self.instance.workplace_id or None)
        self.fields["service"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPAL_SERVICE
        ).order_by("sort_key", "id")
        if not self.instance.pk:
            self.fields["workplace"].initial = pathway.workplace_id
            self.fields["service"].initial = pathway.scheme.organisation_id if pathway.scheme_id else None


class AttestForm(VersionedModelForm):
    class Meta:
        from .models import Attest

        model = Attest
        fields = ["period_from", "period_to", "body"]
        widgets = {"period_from": DateInput(), "period_to": DateInput(), "body": forms.Textarea(attrs={"rows": 8})}


class CountySettingsForm(VersionedModelForm):
    """The county's settings; the checklists as one set of ticks per kind of contract."""

    class Meta:
        model = CountySettings
        fields = ["decides_in_fagvei", "illness_threshold_days", "absence_threshold_days", "answer_within_days"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Found by tests/contracts: out of range, the form answered with the database
        # constraint's name above the form; the range is checked on the field itself.
        threshold = self.fields["illness_threshold_days"]
        threshold.validators += [MinValueValidator(1), MaxValueValidator(365)]
        threshold.widget.attrs.update({"min": 1, "max": 365})
        absence = self.fields["absence_threshold_days"]
        absence.validators += [MinValueValidator(1), MaxValueValidator(365)]
        absence.widget.attrs.update({"min": 1, "max": 365})
        answer = self.fields["answer_within_days"]
        answer.validators += [MinValueValidator(1), MaxValueValidator(365)]
        answer.widget.attrs.update({"min": 1, "max": 365})
        # Left empty (a form from before the field), the county's value stays.
        absence.required = False
        answer.required = False
        lists = self.instance.checklists or {}
        for kind, label in Kind.choices:
            self.fields[f"checklist_{kind}"] = forms.MultipleChoiceField(
                label=_("Documents asked for: %(kind)s") % {"kind": label},
                choices=Document.Kind.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=lists.get(kind, []),
            )
        self.decorate()

    def domain_data(self) -> dict[str, Any]:
        data = super().domain_data()
        for optional in ("absence_threshold_days", "answer_within_days"):
            if data.get(optional) is None:
                data.pop(optional, None)
        data["checklists"] = {kind: list(self.cleaned_data.get(f"checklist_{kind}", [])) for kind in Kind.values}
        return data
