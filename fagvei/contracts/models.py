"""The contract (lærekontrakt / opplæringskontrakt, ol. § 7-2) and what goes to the county.

A pathway has at most one county contract and, on the municipal alternative route, a
participation agreement beside it (seed 002). Everything the county must see — the
application, a change, an interruption, a termination, a cancellation request — is a
``Submission`` to the contract's county: the county adviser's inbox is the list of them,
and each keeps what was sent and how the county answered.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fagvei.core.domain import validate_sane_date


class Kind(models.TextChoices):
    # ol. § 7-1: the three kinds of contract, by the kind of trainee.
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship contract")
    TRAINING = "training", _("Training contract")
    AT_WORK = "at_work", _("Trade certificate at work contract")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent to the county")
    RETURNED = "returned", _("Returned by the county")
    APPROVED = "approved", _("Approved by the county")
    CANCELLATION_REQUESTED = "cancellation_requested", _("Cancellation requested")
    TERMINATED = "terminated", _("Terminated by agreement")
    CANCELLED = "cancelled", _("Cancelled by the county")


# The contract binds the parties from signing and sending: it is valid from the start of
# training even if the county approves it later (ol. § 7-2 third ledd).
BINDING = (Status.SUBMITTED, Status.APPROVED, Status.CANCELLATION_REQUESTED)
ENDED = (Status.TERMINATED, Status.CANCELLED)
EDITABLE = (Status.DRAFT, Status.RETURNED)


class Contract(models.Model):
    pathway = models.OneToOneField(
        "pathways.Pathway", on_delete=models.PROTECT, related_name="contract", verbose_name=_("pathway")
    )
    kind = models.CharField(_("kind of contract"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    # The approved company the training takes place in (ofo. § 6-13), and the training
    # office that signs on its behalf while the company keeps the responsibility (ol. § 7-12).
    company = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("training company"),
    )
    training_office = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="office_contracts",
        verbose_name=_("training office"),
    )
    # The county that approves the contract: the company's county (ol. § 7-2 second ledd).
    county = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="county_contracts",
        verbose_name=_("county"),
    )
    professional_manager = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("professional manager"),
    )
    start_date = models.DateField(_("start of training"), validators=[validate_sane_date])
    # The end of training now: moved by interruptions and approved changes.
    end_date = models.DateField(_("end of training"), validators=[validate_sane_date])
    # The end as first sent to the county, to show how far it has moved and why.
    original_end_date = models.DateField(_("original end"), null=True, blank=True, validators=[validate_sane_date])
    # ol. § 7-2 first ledd: the goal of the training and who is responsible for which
    # parts; ofo. § 6-14: where companies share the training, who holds the conversation,
    # the assessment, the registrations and the reporting.
    goal = models.TextField(_("goal of the training"))
    responsibilities = models.TextField(_("who is responsible for which parts"))
    extra_conditions = models.TextField(_("extra conditions (e.g. missing subjects)"), blank=True)
    position_percent = models.PositiveSmallIntegerField(_("position (percent)"), default=100)
    # ofo. § 9-58: at least one year of full-time practice in the trade before the contract
    # (part-time counts pro rata); only the fagbrev-på-jobb contract asks for it.
    prior_practice_years = models.DecimalField(
        _("relevant practice before the contract (full-time years)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    signed_on = models.DateField(_("signed by the parties on"), null=True, blank=True, validators=[validate_sane_date])

    submitted_at = models.DateTimeField(_("sent to the county"), null=True, blank=True)
    approved_on = models.DateField(_("approved by the county on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, validators=[validate_sane_date])

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(
        excluded_fields=["created_at"],
        verbose_name=_("contract version"),
        verbose_name_plural=_("contract versions"),
    )

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        indexes = [models.Index(fields=["company", "status"], name="contract_company_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="contract_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="contract_status_valid"),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")), name="contract_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(position_percent__gte=1, position_percent__lte=100),
                name="contract_position_percent_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=EDITABLE) | models.Q(signed_on__isnull=False, submitted_at__isnull=False),
                name="contract_sent_is_signed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=ENDED) | models.Q(ended_on__isnull=False),
                name="contract_ended_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.pathway_id}"

    @property
    def is_binding(self) -> bool:
        return self.status in BINDING

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class ParticipationAgreement(models.Model):
    """The agreement between participant, workplace and the municipal service on the
    alternative route (seed 002, "Avtale om deltakelse"), beside the county's contract."""

    pathway = models.OneToOneField("pathways.Pathway", on_delete=models.PROTECT, related_name="participation_agreement")
    workplace = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("workplace")
    )
    service = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipal service")
    )
    # Seed 002, "Inntakssamtale": the agreement covers absence rules and participation.
    terms = models.TextField(_("what is agreed"))
    signed_on = models.DateField(_("signed on"), validators=[validate_sane_date])
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(
        excluded_fields=["version"],
        verbose_name=_("participation agreement version"),
        verbose_name_plural=_("participation agreement versions"),
    )

    class Meta:
        verbose_name = _("participation agreement")
        verbose_name_plural = _("participation agreements")

    def __str__(self) -> str:
        return f"{self.pathway_id}: {self.signed_on}"


class SubmissionKind(models.TextChoices):
    APPLICATION = "application", _("Contract application")
    CHANGE = "change", _("Change request")
    INTERRUPTION = "interruption", _("Interruption report")
    TERMINATION = "termination", _("Termination by agreement")
    CANCELLATION = "cancellation", _("Cancellation request")


class SubmissionState(models.TextChoices):
    SENT = "sent", _("Awaiting the county")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    REFUSED = "refused", _("Refused")
    ACKNOWLEDGED = "acknowledged", _("Received by the county")


class Submission(models.Model):
    """Something sent to the county about a contract, and the county's answer."""

    Kind = SubmissionKind
    State = SubmissionState

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="submissions")
    county = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    state = models.CharField(_("status"), max_length=16, choices=State.choices, default=State.SENT)
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What the sender wrote to the county (a change's or a cancellation's justification).
    justification = models.TextField(_("justification"), blank=True)
    # A change request's proposed values (ids and ISO dates), applied when approved.
    proposed = models.JSONField(_("proposed values"), default=dict, blank=True)
    # The documents sent with it, as they were: the county sees these and no others.
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="submissions")
    # The interruption a report is about.
    interruption = models.ForeignKey(
        "contracts.Interruption", on_delete=models.PROTECT, null=True, blank=True, related_name="submissions"
    )
    # The county's answer: in fagvei by the county adviser, or — where the county decides
    # outside fagvei — recorded by the coordinator with the county's reference.
    decided_on = models.DateField(_("decided on"), null=True, blank=True, validators=[validate_sane_date])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_in_fagvei = models.BooleanField(default=True)
    reference = models.CharField(_("county's reference"), max_length=100, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # ol. § 7-3 third ledd: before a cancellation the company asks for, the trainee may
    # explain themselves to the county; recorded with the decision.
    participant_heard = models.BooleanField(_("the participant spoke to the county first"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("submission to the county")
        verbose_name_plural = _("submissions to the county")
        indexes = [
            models.Index(fields=["county", "state", "-sent_at"], name="submission_inbox"),
            models.Index(fields=["contract", "-sent_at"], name="submission_contract"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=SubmissionKind.values), name="submission_kind_valid"),
            models.CheckConstraint(condition=models.Q(state__in=SubmissionState.values), name="submission_state_valid"),
            models.CheckConstraint(
                condition=models.Q(state="sent") | models.Q(decided_on__isnull=False),
                name="submission_decided_has_date",
            ),
            # One open matter of each kind per contract: a second click, or a second user,
            # cannot send the same thing twice.
            models.UniqueConstraint(
                fields=["contract", "kind"],
                condition=models.Q(state="sent") & ~models.Q(kind="interruption"),
                name="submission_one_open_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.contract_id})"


class InterruptionReason(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    PARENTAL_LEAVE = "parental_leave", _("Parental leave")
    MILITARY_SERVICE = "military_service", _("Military service")
    OTHER_LEAVE = "other_leave", _("Other leave")


class Interruption(models.Model):
    """A temporary interruption of the contract: leave or long illness. The contract's end
    moves by the time away (county practice; ol. 2023 has no section of its own, RULES.md § 1)."""

    Reason = InterruptionReason

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="interruptions")
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices)
    starts_on = models.DateField(_("away from"), validators=[validate_sane_date])
    # The last day away, when known; the interruption runs until it is ended.
    ends_on = models.DateField(_("away until"), null=True, blank=True, validators=[validate_sane_date])
    ended = models.BooleanField(_("ended"), default=False)
    note = models.TextField(_("note"), blank=True)
    county_told_on = models.DateField(_("county told on"), null=True, blank=True, validators=[validate_sane_date])
    # The contract's end before and after this interruption moved it.
    end_before = models.DateField(_("end before"), null=True, blank=True)
    end_after = models.DateField(_("end after"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("interruption")
        verbose_name_plural = _("interruptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reason__in=InterruptionReason.values), name="interruption_reason_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="interruption_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(ended=False) | models.Q(ends_on__isnull=False, end_after__isnull=False),
                name="interruption_ended_has_dates",
            ),
            # One running interruption per contract.
            models.UniqueConstraint(
                fields=["contract"], condition=models.Q(ended=False), name="interruption_one_running"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.starts_on}"

    @property
    def days_away(self) -> int | None:
        if self.ends_on is None:
            return None
        return (self.ends_on - self.starts_on).days + 1


class EndingKind(models.TextChoices):
    TERMINATION = "termination", _("Termination by agreement")
    CANCELLATION = "cancellation", _("Cancellation")


class EndingRequestedBy(models.TextChoices):
    COMPANY = "company", _("The company")
    PARTICIPANT = "participant", _("The participant")


class EndingGround(models.TextChoices):
    # ol. § 7-3 second ledd: the county shall cancel when the trainee says in writing
    # that they will not continue; it may cancel for a serious breach of duty or when
    # a party cannot fulfil the contract.
    WITHDREW_IN_WRITING = "withdrew_in_writing", _("The participant has said in writing they will not continue")
    SERIOUS_BREACH = "serious_breach", _("Serious breach of duty")
    UNABLE_TO_FULFIL = "unable_to_fulfil", _("A party cannot fulfil the contract")


class Ending(models.Model):
    """How a contract ended before its time: termination by agreement (oppseiing, ol. § 7-3
    first ledd) or cancellation by the county (heving, second and third ledd)."""

    Kind = EndingKind
    RequestedBy = EndingRequestedBy
    Ground = EndingGround

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="ending")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    requested_by = models.CharField(_("asked for by"), max_length=16, choices=RequestedBy.choices, blank=True)
    ground = models.CharField(_("ground"), max_length=24, choices=Ground.choices, blank=True)
    reason = models.TextField(_("reason"))
    # Termination: the day the parties agreed, and the last day of the contract.
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True, validators=[validate_sane_date])
    last_day = models.DateField(_("last day of the contract"), null=True, blank=True, validators=[validate_sane_date])
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contract ending")
        verbose_name_plural = _("contract endings")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=EndingKind.values), name="ending_kind_valid"),
            models.CheckConstraint(
                condition=~models.Q(kind="cancellation") | ~models.Q(ground="") & ~models.Q(requested_by=""),
                name="ending_cancellation_has_ground",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="termination") | models.Q(agreed_on__isnull=False, last_day__isnull=False),
                name="ending_termination_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Attest(models.Model):
    """The attest of the training done, which the company issues after a termination or
    a cancellation (ol. § 7-3 fourth ledd). Drafted from the pathway's data, corrected by
    the user, then issued and locked."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="attest")
    period_from = models.DateField(_("training from"), validators=[validate_sane_date])
    period_to = models.DateField(_("training to"), validators=[validate_sane_date])
    body = models.TextField(_("the training done"))
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(
        excluded_fields=["version"], verbose_name=_("attest version"), verbose_name_plural=_("attest versions")
    )

    class Meta:
        verbose_name = _("attest")
        verbose_name_plural = _("attests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")), name="attest_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract_id}"


def default_checklists() -> dict[str, list[str]]:
    """The documents the county asks for with an application, per kind of contract.
    Seed 002 ("Søknad til Akershus fylkeskommune om opplæringskontrakt … Laste opp
    innhentet dokumentasjon"): CV, attests from earlier work and documentation of
    education, the employment contract, the competence assessment, the internal training
    plan. The employment contract is required for every kind (ol. § 7-2 first ledd)."""
    return {
        Kind.APPRENTICESHIP: ["employment_contract", "training_plan"],
        Kind.TRAINING: ["employment_contract", "training_plan", "competence_assessment"],
        Kind.AT_WORK: ["cv", "attest", "education", "employment_contract", "competence_assessment", "training_plan"],
    }


class CountySettings(models.Model):
    """How a county works with fagvei: whether its advisers decide in fagvei or the
    coordinators record its decisions, the documents it asks for, and when an illness
    must be reported as an interruption."""

    county = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="county_settings"
    )
    decides_in_fagvei = models.BooleanField(_("the county's advisers decide in fagvei"), default=False)
    checklists = models.JSONField(_("documents asked for, per kind of contract"), default=default_checklists)
    # County practice (RULES.md § 1): illness over 4 weeks (Oslo) or 8 weeks must be reported.
    illness_threshold_days = models.PositiveSmallIntegerField(
        _("illness longer than this many days must be reported"), default=28
    )
    # County practice: absence of this many days in total calls for a look at interruption
    # or extension of the contract (fagvei/absence).
    absence_threshold_days = models.PositiveSmallIntegerField(
        _("absence in total before it is followed up (days)"), default=14
    )
    # County practice: the county's own time to answer what is sent to it, from which
    # its inbox's deadlines follow (fagvei/contracts/deadlines.py).
    answer_within_days = models.PositiveSmallIntegerField(_("the county answers within (days)"), default=14)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("county settings")
        verbose_name_plural = _("county settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(illness_threshold_days__gte=1, illness_threshold_days__lte=365),
                name="county_illness_threshold_range",
            ),
            models.CheckConstraint(
                condition=models.Q(absence_threshold_days__gte=1, absence_threshold_days__lte=365),
                name="county_absence_threshold_range",
            ),
            models.CheckConstraint(
                condition=models.Q(answer_within_days__gte=1, answer_within_days__lte=365),
                name="county_answer_days_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.county_id)
