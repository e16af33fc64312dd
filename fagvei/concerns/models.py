"""The concern ladder (seed 004; DOMAIN.md "The concern ladder"): a worry about an
apprenticeship, registered on a pathway, and the steps it goes through — the concern
conversation, a clarification meeting with the county adviser informed, a follow-up
plan with goals, and the outcome.

This is the most sensitive data fagvei keeps: the categories name health and substance
use (special categories, GDPR art. 9). Who may read what is in ``access.py``; every read
is logged; events carry ids and step codes only (``services.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fagvei.core.domain import validate_sane_date


class Category(models.TextChoices):
    # seed 004, "Bekymring i bedriften".
    ABSENCE = "absence", _("Large absence")
    LACK_OF_PROGRESS = "lack_of_progress", _("Lack of progress")
    ILLNESS = "illness", _("Illness")
    SOCIAL_ADAPTATION = "social_adaptation", _("Social adaptation")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    GAMBLING = "gambling", _("Gambling addiction")
    OTHER_BREACH = "other_breach", _("Other serious breach")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    CONVERSATION_HELD = "conversation_held", _("Concern conversation held")
    CLARIFICATION = "clarification", _("Clarification meeting")
    PLAN_AGREED = "plan_agreed", _("Follow-up plan agreed")
    FOLLOW_UP = "follow_up", _("Follow-up")
    RESOLVED = "resolved", _("Resolved")
    TERMINATED = "terminated", _("Termination by agreement")
    CANCELLATION_REQUESTED = "cancellation_requested", _("Cancellation requested")


# Where the ladder ends: the concern is closed.
# What an emptied text holds: the database keeps that a closed step had minutes.
PSEUDONYMISED_TEXT = "—"
CLOSED = (Status.RESOLVED, Status.TERMINATED, Status.CANCELLATION_REQUESTED)
# From here on the county adviser has been informed (seed 004: "Rådgiver ved
# fagopplæring skal informeres" before the clarification meeting).
COUNTY_INFORMED = (
    Status.CLARIFICATION,
    Status.PLAN_AGREED,
    Status.FOLLOW_UP,
    Status.TERMINATED,
    Status.CANCELLATION_REQUESTED,
)


class Concern(models.Model):
    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.PROTECT, related_name="concerns", verbose_name=_("pathway")
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.REGISTERED)
    description = models.TextField(_("description"))
    noticed_on = models.DateField(_("noticed on"), validators=[validate_sane_date])
    # Who raised it: a professional manager who raised it reads it (need to know).
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    registered_at = models.DateTimeField(_("registered"))

    # The concern conversation (seed 004, "Bekymringssamtale").
    conversation_on = models.DateField(
        _("conversation held on"), null=True, blank=True, validators=[validate_sane_date]
    )
    conversation_minutes = models.TextField(_("minutes of the concern conversation"), blank=True)
    conversation_held_at = models.DateTimeField(_("conversation recorded"), null=True, blank=True)

    # The clarification meeting: the county adviser is informed first (seed 004).
    county = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("county"),
    )
    county_informed_at = models.DateTimeField(_("county adviser informed"), null=True, blank=True)
    clarification_on = models.DateField(
        _("clarification meeting held on"), null=True, blank=True, validators=[validate_sane_date]
    )
    clarification_minutes = models.TextField(_("minutes of the clarification meeting"), blank=True)

    # The follow-up plan (seed 004, "Oppfølgingsplan"): its goals are ``PlanGoal`` rows.
    plan_measures = models.TextField(_("other measures"), blank=True)
    # seed 004: consider whether the contract should be put on temporary interruption
    # (which must be reported to the county).
    plan_consider_interruption = models.BooleanField(_("consider a temporary interruption"), default=False)
    next_meeting_on = models.DateField(_("next meeting"), null=True, blank=True, validators=[validate_sane_date])
    plan_agreed_at = models.DateTimeField(_("plan agreed"), null=True, blank=True)
    # seed 004: "Plan med tiltak undertegnes av partene".
    plan_signed_on = models.DateField(
        _("plan signed by the parties on"), null=True, blank=True, validators=[validate_sane_date]
    )
    follow_up_at = models.DateTimeField(_("follow-up started"), null=True, blank=True)
    # Instead of every party confirming in fagvei: a scan of the plan signed on paper
    # (a document on the pathway: seen by those who manage it and the participant only).
    plan_scan = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed scan of the plan"),
    )
    plan_scan_signed_on = models.DateField(
        _("scanned plan signed on"), null=True, blank=True, validators=[validate_sane_date]
    )
    # seed 004: "Vurdere om kontrakten skal settes i midlertidig avbrudd (må meldes til
    # fagopplæring)": the contract's interruption started from the plan.
    interruption = models.ForeignKey(
        "contracts.Interruption",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("temporary interruption"),
    )

    # The outcome: what was agreed when resolved, the minutes of the closing step, and
    # for a cancellation request its written justification (ol. § 7-3 second ledd).
    outcome_on = models.DateField(_("outcome decided on"), null=True, blank=True, validators=[validate_sane_date])
    outcome_minutes = models.TextField(_("minutes of the closing meeting"), blank=True)
    resolution = models.TextField(_("what was agreed"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The contract's own flows the outcome went through (ol. § 7-3): the termination by
    # agreement, or the request for cancellation sent to the county.
    ending = models.ForeignKey(
        "contracts.Ending",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("termination of the contract"),
    )
    cancellation = models.ForeignKey(
        "contracts.Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request for cancellation"),
    )
    # seed 004 and ol. § 7-3 third ledd: the participant may speak to the county before it
    # decides; the day they were told so.
    participant_told_of_right_on = models.DateField(
        _("participant told of the right to speak to the county on"),
        null=True,
        blank=True,
        validators=[validate_sane_date],
    )
    # seed 004: "Ved uenighet skal lærlingen kontaktes av rådgiver fra seksjon
    # fagopplæring" — recorded by the county adviser after the request was sent.
    county_contacted_on = models.DateField(
        _("county adviser contacted the participant on"), null=True, blank=True, validators=[validate_sane_date]
    )
    county_contact_note = models.TextField(_("the county adviser's note of the contact"), blank=True)
    county_contact_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # When its text was emptied after the retention period (services.pseudonymise_resolved_concerns).
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), null=True, blank=True)

    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-registered_at", "-id"]
        indexes = [models.Index(fields=["pathway", "status"], name="concern_pathway_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="concern_status_valid"),
            # A step cannot be closed without its minutes (seed 004: "alle møter og tiltak
            # må dokumenteres").
            models.CheckConstraint(
                condition=models.Q(status=Status.REGISTERED)
                | (models.Q(conversation_on__isnull=False) & ~models.Q(conversation_minutes="")),
                name="concern_conversation_documented",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=COUNTY_INFORMED)
                | models.Q(county__isnull=False, county_informed_at__isnull=False),
                name="concern_county_informed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=(Status.PLAN_AGREED, Status.FOLLOW_UP))
                | (models.Q(clarification_on__isnull=False) & ~models.Q(clarification_minutes="")),
                name="concern_clarification_documented",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.FOLLOW_UP) | models.Q(plan_signed_on__isnull=False),
                name="concern_follow_up_plan_signed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=CLOSED) | models.Q(closed_at__isnull=False, outcome_on__isnull=False),
                name="concern_closed_has_outcome",
            ),
            # ol. § 7-3 første ledd: a termination goes through the contract's termination.
            models.CheckConstraint(
                condition=~models.Q(status=Status.TERMINATED) | models.Q(ending__isnull=False),
                name="concern_terminated_has_ending",
            ),
            # ol. § 7-3 annet og tredje ledd: a cancellation request is sent to the county,
            # and the participant is told they may speak to the county first.
            models.CheckConstraint(
                condition=~models.Q(status=Status.CANCELLATION_REQUESTED)
                | models.Q(cancellation__isnull=False, participant_told_of_right_on__isnull=False),
                name="concern_cancellation_sent",
            ),
            models.CheckConstraint(
                condition=models.Q(plan_scan__isnull=True) | models.Q(plan_scan_signed_on__isnull=False),
                name="concern_plan_scan_dated",
            ),
        ]

    def __str__(self) -> str:
        # Never the description or the categories: this string may reach logs.
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED


class ConcernCategory(models.Model):
    """One category of a concern: a row each, so the database holds that every one is a
    category of seed 004 and none is named twice."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)

    class Meta:
        verbose_name = _("concern category")
        verbose_name_plural = _("concern categories")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["concern", "category"], name="concern_category_unique"),
            models.CheckConstraint(condition=models.Q(category__in=Category.values), name="concern_category_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.category}"


class PlanGoal(models.Model):
    """A goal of the follow-up plan: concrete, with a deadline and a responsible person
    (seed 004: "Sette konkrete mål", "Tidsfrister og ansvarlig"). The person responsible
    sees the goals assigned to them, and no more of the concern."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("goal"))
    deadline = models.DateField(_("deadline"), validators=[validate_sane_date])
    responsible = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible")
    )
    created_at = models.DateTimeField(_("created"))
    # Ticked by the person responsible or one who handles the concern (services.complete_goal).
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticked by"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("follow-up plan goal")
        verbose_name_plural = _("follow-up plan goals")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["responsible", "deadline"], name="plan_goal_responsible")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done_at__isnull=True, done_by__isnull=True)
                | models.Q(done_at__isnull=False, done_by__isnull=False),
                name="plan_goal_done_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.deadline}"


class Party(models.TextChoices):
    """The parties who sign the follow-up plan (seed 004: "Plan med tiltak undertegnes av
    partene"): the participant and the company side — the professional manager, or the
    koordinator or training-office adviser who runs the pathway. Others the plan names
    (a mentor responsible for a goal) see their goals; they are not parties to it."""

    PARTICIPANT = "participant", _("the participant")
    COMPANY = "company", _("the company or training office")


# Every one of them must have confirmed before the follow-up starts (unless a signed
# scan is uploaded).
REQUIRED_PARTIES = (Party.PARTICIPANT, Party.COMPANY)


class PlanSignature(models.Model):
    """One party's confirmation of the follow-up plan: given in fagvei by the party
    logged in (``on_paper`` false, ``signed_on`` that day), or given on paper and
    recorded by one who handles the concern (``on_paper`` true, with the date on the
    paper). The plan is fixed once agreed, so a confirmation is never withdrawn."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("party"), max_length=16, choices=Party.choices)
    signed_on = models.DateField(_("confirmed on"), validators=[validate_sane_date])
    on_paper = models.BooleanField(_("confirmed on paper"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("plan signature")
        verbose_name_plural = _("plan signatures")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["concern", "party"], name="plan_signature_once_per_party"),
            models.CheckConstraint(condition=models.Q(party__in=Party.values), name="plan_signature_party_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.party}"


class ConcernNote(models.Model):
    """A note on the case by one who handles it: what was learnt, who was contacted. An
    internal note is not shown to the participant (issue 14: the participant sees their
    own case except others' internal notes). Notes are added, never changed."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    internal = models.BooleanField(_("internal (not shown to the participant)"), default=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written"))

    class Meta:
        verbose_name = _("concern note")
        verbose_name_plural = _("concern notes")
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.written_at:%Y-%m-%d}"
