"""The concern ladder's forms: registering a concern, and one form per step of the
ladder (``STEP_FORMS``), each giving its transition's inputs (lifecycle.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fagvei.contracts.models import Ending, Interruption
from fagvei.core.forms import DateInput, Form
from fagvei.followup.forms import DateTimeInput

from .lifecycle import CONSIDER_INVITING
from .models import Category, Party
from .services import MAX_GOALS, MAX_GUESTS

# The goal rows the plan's form offers (the rest can be added in a later plan).
GOAL_ROWS = 3
assert GOAL_ROWS <= MAX_GOALS  # noqa: S101 - a constant's bound


class ConcernForm(Form):
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every category that applies (seed 004)."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea,
        max_length=10_000,
        help_text=_("What gives cause for concern: what was seen, and by whom."),
    )
    noticed_on = forms.DateField(label=_("Noticed on"), widget=DateInput)


class NoteForm(Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea, max_length=10_000)
    internal = forms.BooleanField(label=_("Internal: not shown to the participant"), required=False, initial=True)


# The free-text lines of others invited the meeting form offers besides the suggestions.
OTHER_GUEST_ROWS = 2
# seed 004's suggestions offered as "others invited" lines: all but the county adviser
# (a user, chosen among the invitees) and "Others" (the free-text lines).
SUGGESTED_GUESTS = CONSIDER_INVITING[1:-1]
assert len(SUGGESTED_GUESTS) + OTHER_GUEST_ROWS <= MAX_GUESTS  # noqa: S101 - a constant's bound


class ConcernMeetingForm(Form):
    """Plan the concern conversation or the clarification meeting (seed 004)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    invitees = forms.TypedMultipleChoiceField(
        label=_("Invitees"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        help_text=_("The participant and those handling the concern. Invite anyone else by name below."),
    )

    def __init__(self, *args: Any, concern: Any, people: dict[int, str], clarification: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = concern.version
        self.fields["invitees"].choices = list(people.items())
        self.fields["invitees"].initial = [concern.pathway.participant_id]
        if clarification:
            # seed 004, "Vurder om andre bør delta".
            self.fields["suggested"] = forms.MultipleChoiceField(
                label=_("Consider inviting"),
                choices=[(str(who), who) for who in SUGGESTED_GUESTS],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        for n in range(1, OTHER_GUEST_ROWS + 1):
            self.fields[f"guest_{n}"] = forms.CharField(
                label=_("Others invited, line %(n)s") % {"n": n}, max_length=200, required=False
            )
        self.decorate()

    def guests(self) -> list[str]:
        data = self.cleaned_data
        return [*data.get("suggested", []), *(data.get(f"guest_{n}") or "" for n in range(1, OTHER_GUEST_ROWS + 1))]


class StepForm(Form):
    """A step's form: the version the page showed, and its inputs."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        concern: Any = None,
        people: list[Any] | None = None,
        meeting: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.concern = concern
        self.meeting = meeting
        if concern is not None:
            self.fields["version"].initial = concern.version

    def inputs(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class AttendanceMixin:
    """Who came to the planned meeting: its invitees, and its lines of others invited."""

    fields: dict[str, Any]
    meeting: Any

    def add_attendance(self) -> None:
        invitees = list(self.meeting.invitees.all()) if self.meeting is not None else []
        guests = list(self.meeting.guests.all()) if self.meeting is not None else []
        self.fields["attended"] = forms.TypedMultipleChoiceField(
            label=_("Who came"),
            coerce=int,
            choices=[(i.person_id, i.person.full_name) for i in invitees],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["guests_attended"] = forms.TypedMultipleChoiceField(
            label=_("Who of the others invited came"),
            coerce=int,
            choices=[(g.pk, g.name) for g in guests],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        if not guests:
            del self.fields["guests_attended"]


class ConversationForm(AttendanceMixin, StepForm):
    conversation_on = forms.DateField(
        label=_("Conversation held on"),
        widget=DateInput,
        required=False,
        help_text=_("Leave empty when it was held on the planned day."),
    )
    conversation_minutes = forms.CharField(
        label=_("Minutes of the concern conversation"),
        widget=forms.Textarea,
        max_length=20_000,
        help_text=_("What was said and what was agreed."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_attendance()
        self.decorate()

    def inputs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "conversation_on": data.get("conversation_on"),
            "conversation_minutes": data["conversation_minutes"],
            "attended": data.get("attended") or [],
            "guests_attended": data.get("guests_attended") or [],
        }


class ResolveForm(StepForm):
    outcome_on = forms.DateField(label=_("Resolved on"), widget=DateInput)
    resolution = forms.CharField(label=_("What was agreed"), widget=forms.Textarea, max_length=10_000)
    outcome_minutes = forms.CharField(
        label=_("Minutes of the closing meeting"),
        widget=forms.Textarea,
        max_length=20_000,
        required=False,
        help_text=_("Needed when the case is closed after a follow-up plan."),
    )


class PlanForm(AttendanceMixin, StepForm):
    clarification_on = forms.DateField(
        label=_("Clarification meeting held on"),
        widget=DateInput,
        required=False,
        help_text=_("Leave empty when it was held on the planned day."),
    )
    clarification_minutes = forms.CharField(
        label=_("Minutes of the clarification meeting"),
        widget=forms.Textarea,
        max_length=20_000,
        help_text=_("What was said and what was agreed."),
    )
    plan_consider_interruption = forms.BooleanField(
        label=_("Consider putting the contract on temporary interruption (must be reported to the county)"),
        required=False,
    )
    plan_measures = forms.CharField(label=_("Other measures"), widget=forms.Textarea, max_length=10_000, required=False)
    next_meeting_on = forms.DateField(label=_("Next meeting"), widget=DateInput)

    def __init__(self, *args: Any, people: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((p.pk, str(p)) for p in people or ())]
        for n in range(1, GOAL_ROWS + 1):
            self.fields[f"goal_{n}_text"] = forms.CharField(
                label=_("Goal %(n)s") % {"n": n}, max_length=2_000, required=False
            )
            self.fields[f"goal_{n}_deadline"] = forms.DateField(
                label=_("Deadline for goal %(n)s") % {"n": n}, widget=DateInput, required=False
            )
            self.fields[f"goal_{n}_responsible"] = forms.TypedChoiceField(
                label=_("Responsible for goal %(n)s") % {"n": n},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )
        self.add_attendance()
        self.decorate()

    def inputs(self) -> dict[str, Any]:
        data = self.cleaned_data
        goals = [
            {
                "text": data.get(f"goal_{n}_text") or "",
                "deadline": data.get(f"goal_{n}_deadline"),
                "responsible": data.get(f"goal_{n}_responsible"),
            }
            for n in range(1, GOAL_ROWS + 1)
        ]
        return {
            "clarification_on": data.get("clarification_on"),
            "clarification_minutes": data["clarification_minutes"],
            "attended": data.get("attended") or [],
            "guests_attended": data.get("guests_attended") or [],
            "goals": goals,
            "plan_measures": data.get("plan_measures") or "",
            "plan_consider_interruption": bool(data.get("plan_consider_interruption")),
            "next_meeting_on": data["next_meeting_on"],
        }


class TerminationForm(StepForm):
    outcome_on = forms.DateField(label=_("Agreed on"), widget=DateInput)
    resolution = forms.CharField(label=_("What the parties agreed"), widget=forms.Textarea, max_length=10_000)
    outcome_minutes = forms.CharField(
        label=_("Minutes of the closing meeting"), widget=forms.Textarea, max_length=20_000
    )
    last_day = forms.DateField(label=_("Last day of the contract"), widget=DateInput)
    county_told_on = forms.DateField(
        label=_("County told in writing on"),
        widget=DateInput,
        required=False,
        help_text=_(
            "Before the last day (ol. § 7-3 first ledd). Not needed where the county is told through fagvei. "
            "The agreement signed by both parties must be uploaded among the pathway's documents first."
        ),
    )


class CancellationForm(StepForm):
    outcome_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea,
        max_length=20_000,
        help_text=_("Why the contract should be cancelled (ol. § 7-3 second ledd)."),
    )
    outcome_minutes = forms.CharField(
        label=_("Minutes of the closing meeting"), widget=forms.Textarea, max_length=20_000
    )
    requested_by = forms.ChoiceField(label=_("Asked for by"), choices=Ending.RequestedBy.choices)
    ground = forms.ChoiceField(label=_("Ground"), choices=Ending.Ground.choices)
    participant_told_of_right_on = forms.DateField(
        label=_("Participant told of the right to speak to the county on"),
        widget=DateInput,
        help_text=_(
            "The participant may speak to the county before it decides (ol. § 7-3 third ledd). The signed form "
            "must be uploaded among the pathway's documents first."
        ),
    )


class PartyForm(Form):
    """The logged-in party's confirmation of the plan: a button."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    party = forms.ChoiceField(choices=Party.choices, widget=forms.HiddenInput)


class PaperSignatureForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    signed_on = forms.DateField(label=_("Signed on paper on"), widget=DateInput)


class SignedPlanForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    upload = forms.FileField(label=_("Scan of the signed plan"), required=False)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)


class GoalDoneForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class InterruptionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reason"), choices=Interruption.Reason.choices)
    starts_on = forms.DateField(label=_("Away from"), widget=DateInput)
    ends_on = forms.DateField(label=_("Away until (if known)"), widget=DateInput, required=False)
    county_told_on = forms.DateField(
        label=_("County told on"),
        widget=DateInput,
        required=False,
        help_text=_("Where the county is not told through fagvei."),
    )


class CountyContactForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    contacted_on = forms.DateField(label=_("Contacted the participant on"), widget=DateInput)
    note = forms.CharField(label=_("What was said"), widget=forms.Textarea, max_length=10_000)


STEP_FORMS: dict[str, type[StepForm]] = {
    "hold_conversation": ConversationForm,
    "resolve": ResolveForm,
    "call_clarification": StepForm,
    "agree_plan": PlanForm,
    "start_follow_up": StepForm,
    "terminate": TerminationForm,
    "request_cancellation": CancellationForm,
}
