"""Forms for exams. They parse and validate input; the domain functions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from fagvei.core import clock
from fagvei.core.forms import DateInput, Form

from .models import C1_LEVELS, PARTS, STANDARD_LEVELS, Band, Kind, NorwegianVariant, PartLevel, Result, Season
from .windows import last_terms, next_terms, written_window


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def term_choices() -> list[tuple[str, str]]:
    """The next two terms whose registration window is still open or to come, each with
    its window (seed 002), then the last two (an exam sat already, recorded after the fact)."""
    choices = [("", "---------")]
    today = clock.today()
    for year, season in [*next_terms(today), *last_terms(today)]:
        window = written_window(year, season)
        label = _("%(term)s %(year)s (registration %(opens)s–%(closes)s)") % {
            "term": Season(season).label,
            "year": year,
            "opens": formats.date_format(window.opens_on, "SHORT_DATE_FORMAT"),
            "closes": formats.date_format(window.closes_on, "SHORT_DATE_FORMAT"),
        }
        choices.append((f"{year}-{season}", str(label)))
    return choices


class PlanForm(Form):
    kind = forms.ChoiceField(label=_("Exam or test"), choices=[("", "---------"), *Kind.choices])
    term = forms.ChoiceField(
        label=_("Term (written exam)"),
        required=False,
        help_text=_("Registration 15 January–1 February for spring, 1–15 September for autumn, closing 23:55."),
    )
    variant = forms.ChoiceField(
        label=_("Test (Norwegian)"), required=False, choices=[("", "---------"), *NorwegianVariant.choices]
    )
    band = forms.ChoiceField(
        label=_("Band for writing and oral (Norwegian)"),
        required=False,
        choices=[("", "---------"), *Band.choices],
        help_text=_("Writing cannot score above the top of the band sat; oral can."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = term_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The form's own names for what the domain function checks again (term, variant).
        if data.get("kind") == Kind.WRITTEN and not data.get("term"):
            self.add_error("term", _("Choose the term of the written exam."))
        if data.get("kind") == Kind.NORWEGIAN and not data.get("variant"):
            self.add_error("variant", _("Choose the Norwegian test or the C1 test."))
        return data

    def domain_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        year, _sep, season = (data.get("term") or "").partition("-")
        return {
            "kind": data["kind"],
            "term_year": int(year) if year.isdigit() else None,
            "term_season": season,
            "variant": data.get("variant") or "",
            "band": data.get("band") or "",
        }


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RegisterForm(VersionForm):
    registered_at = forms.DateTimeField(
        label=_("Registered"),
        widget=DateTimeInput(),
        help_text=_("The date and time of the registration in Privatistportalen or Vigo Bedrift."),
    )
    fee_paid = forms.BooleanField(label=_("The fee is paid"), required=False)
    subjects_confirmed = forms.BooleanField(
        label=_("The subjects and exams required before the trade test are passed (ofo. § 9-57)"), required=False
    )

    def __init__(self, *args: Any, entry: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registered_at"].initial = clock.now().replace(second=0, microsecond=0)
        if entry.kind != Kind.TRADE_TEST:
            del self.fields["subjects_confirmed"]
        if entry.kind == Kind.TRADE_TEST or entry.registrant == "company" or entry.is_retake or entry.is_postponed:
            del self.fields["fee_paid"]


class ScheduleForm(VersionForm):
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    site = forms.CharField(label=_("Test site"), max_length=200, required=False)
    site_contact = forms.CharField(label=_("Contact at the test site"), max_length=200, required=False)

    def __init__(self, *args: Any, entry: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_on", "ends_on", "site", "site_contact"):
            self.fields[name].initial = getattr(entry, name)
        if entry.kind == Kind.TRADE_TEST:
            self.fields["starts_on"].help_text = _(
                "The dates agreed with the board: not earlier than three months before the contract ends (ofo. § 9-55)."
            )
        else:
            del self.fields["site_contact"]


class HoldForm(VersionForm):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())

    def __init__(self, *args: Any, entry: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = entry.ends_on or clock.today()


def _levels(choices: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [("", "---------"), *[(value, PartLevel(value).label) for value in choices]]


PART_LABELS = {
    "listening": _("Listening"),
    "reading": _("Reading"),
    "writing": _("Written production"),
    "oral": _("Oral communication"),
}


class ResultForm(VersionForm):
    def __init__(self, *args: Any, entry: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry = entry
        if entry.kind == Kind.WRITTEN:
            self.fields["grade"] = forms.TypedChoiceField(
                label=_("Grade"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "---------"), *[(str(g), str(g)) for g in range(1, 7)]],
                help_text=_("Where the exam gives a grade; otherwise choose passed or not passed."),
            )
            self.fields["result"] = forms.ChoiceField(
                label=_("Result"),
                required=False,
                choices=[("", "---------"), (Result.PASSED, Result.PASSED.label), (Result.FAILED, Result.FAILED.label)],
            )
        elif entry.kind == Kind.TRADE_TEST:
            self.fields["result"] = forms.ChoiceField(
                label=_("Result"), choices=[("", "---------"), *Result.choices], help_text=_("ofo. § 9-5.")
            )
            self.fields["protocol"] = forms.FileField(
                label=_("The board's protocol"), help_text=_("The protocol kept by the board (ofo. § 9-61).")
            )
        else:
            levels = _levels(C1_LEVELS if entry.variant == NorwegianVariant.C1 else STANDARD_LEVELS)
            for part in PARTS:
                self.fields[part] = forms.ChoiceField(label=PART_LABELS[part], choices=levels)
        self.decorate()

    def domain_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        if self.entry.kind == Kind.WRITTEN:
            return {"grade": data.get("grade"), "result": data.get("result") or ""}
        if self.entry.kind == Kind.TRADE_TEST:
            return {"result": data["result"], "protocol_upload": data["protocol"]}
        return {"parts": {p: data[p] for p in PARTS}}


class PostponeForm(VersionForm):
    absence_documented = forms.BooleanField(
        label=_("The absence is documented (e.g. a doctor's note)"),
        required=False,
        help_text=_("A postponed test needs documented, unforeseeable absence (ofo. § 9-67)."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(VersionForm):
    note = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(Form):
    kind = forms.ChoiceField(label=_("Test"))
    register_from = forms.DateField(label=_("Register from"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, kinds: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, Kind(k).label) for k in sorted(kinds)]
        self.fields["register_from"].initial = clock.today()
