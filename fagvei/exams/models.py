"""Exam entries: the interdisciplinary written exam, the trade test and the Norwegian tests
(DOMAIN.md glossary; RULES.md §§ 3-5).

One ``ExamEntry`` is one sitting of one exam or test by one participant. Its status moves
through one table (lifecycle.py): planned → registered → held → result recorded, or
withdrawn; a registered entry may be postponed after a documented absence (ofo. § 9-67),
and a failed one gives a new entry (a new test, ofo. § 9-66). A postponed or new entry
points at the one it follows, so the attempts read as a chain.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fagvei.core.domain import validate_sane_date


class Kind(models.TextChoices):
    WRITTEN = "written", _("Interdisciplinary written exam")
    TRADE_TEST = "trade_test", _("Trade test")
    NORWEGIAN = "norwegian", _("Norwegian test")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REGISTERED = "registered", _("Registered")
    HELD = "held", _("Held")
    RESULT_RECORDED = "result_recorded", _("Result recorded")
    POSTPONED = "postponed", _("Postponed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An entry still on its way to a result: one of each kind per pathway at a time.
OPEN = (Status.PLANNED, Status.REGISTERED, Status.HELD)


class Season(models.TextChoices):
    # RULES.md § 4: spring exams in April-June, autumn exams in November-December.
    SPRING = "spring", _("Spring")
    AUTUMN = "autumn", _("Autumn")


class Registrant(models.TextChoices):
    # ofo. § 9-27 fourth ledd: the company registers apprentices and fagbrev-på-jobb
    # candidates under a contract; a privatist registers and pays themselves (seed 002).
    COMPANY = "company", _("The company")
    PRIVATIST = "privatist", _("The participant, as a privatist")


class Result(models.TextChoices):
    # ofo. § 9-5: the trade test's results.
    PASSED_VERY_WELL = "passed_very_well", _("Passed very well")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


PASSED = (Result.PASSED_VERY_WELL, Result.PASSED)


class NorwegianVariant(models.TextChoices):
    # HK-dir: the Norwegian test (A1-B2) and the C1 test, a test of its own.
    STANDARD = "standard", _("Norwegian test (A1-B2)")
    C1 = "c1", _("Norwegian test at C1")


class Band(models.TextChoices):
    # HK-dir: writing and oral are sat at a registered band; writing cannot score above it.
    A1_A2 = "a1_a2", _("A1-A2")
    A2_B1 = "a2_b1", _("A2-B1")
    B1_B2 = "b1_b2", _("B1-B2")


class PartLevel(models.TextChoices):
    # HK-dir: each part of the Norwegian test; the C1 test gives C1 or not passed.
    NO_BASIS = "no_basis", _("Not enough basis for assessment")
    BELOW_A1 = "below_a1", _("Below A1")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C1_FAILED = "c1_failed", _("Not passed (C1)")


# Levels in order, lowest first (for "the best result" and the target).
LEVEL_ORDER = [
    PartLevel.NO_BASIS,
    PartLevel.C1_FAILED,
    PartLevel.BELOW_A1,
    PartLevel.A1,
    PartLevel.A2,
    PartLevel.B1,
    PartLevel.B2,
    PartLevel.C1,
]
STANDARD_LEVELS = (
    PartLevel.NO_BASIS,
    PartLevel.BELOW_A1,
    PartLevel.A1,
    PartLevel.A2,
    PartLevel.B1,
    PartLevel.B2,
)
C1_LEVELS = (PartLevel.C1, PartLevel.C1_FAILED)
BAND_TOP = {Band.A1_A2: PartLevel.A2, Band.A2_B1: PartLevel.B1, Band.B1_B2: PartLevel.B2}
PARTS = ("listening", "reading", "writing", "oral")


def _part(label: Any) -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(label, max_length=16, choices=PartLevel.choices, blank=True)


class ExamEntry(models.Model):
    Kind = Kind
    Status = Status

    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.PROTECT, related_name="exam_entries", verbose_name=_("pathway")
    )
    kind = models.CharField(_("exam"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    # The written exam's term: the window the registration falls in follows from it.
    term_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    term_season = models.CharField(_("term"), max_length=8, choices=Season.choices, blank=True)
    registrant = models.CharField(_("registered by"), max_length=16, choices=Registrant.choices, blank=True)
    # The registration as made in Privatistportalen or Vigo Bedrift.
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    fee_paid = models.BooleanField(_("fee paid"), default=False)
    # The contract's end when the trade test was registered: a later end (the contract
    # extended) lifts the limit of one new test (ofo. § 9-66).
    contract_end = models.DateField(_("contract end when registered"), null=True, blank=True)
    # ofo. § 9-57: the subjects and exams required before the trade test, confirmed.
    subjects_confirmed = models.BooleanField(_("required subjects passed"), default=False)
    # The dates agreed with the board (trade test) or the exam's date.
    starts_on = models.DateField(_("from"), null=True, blank=True, validators=[validate_sane_date])
    ends_on = models.DateField(_("to"), null=True, blank=True, validators=[validate_sane_date])
    site = models.CharField(_("test site"), max_length=200, blank=True)
    site_contact = models.CharField(_("contact at the test site"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True, validators=[validate_sane_date])
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, blank=True)
    # The written exam's grade (1-6), where it gives one.
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    protocol = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("protocol"),
    )
    # The Norwegian test.
    variant = models.CharField(_("test"), max_length=8, choices=NorwegianVariant.choices, blank=True)
    band = models.CharField(_("registered band for writing and oral"), max_length=8, choices=Band.choices, blank=True)
    listening = _part(_("listening"))
    reading = _part(_("reading"))
    writing = _part(_("written production"))
    oral = _part(_("oral communication"))
    # The attempt this one follows: a postponed test after documented absence (ofo.
    # § 9-67) or a new test after a fail (§ 9-66).
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="followed_by", verbose_name=_("follows")
    )
    is_retake = models.BooleanField(_("new test after a fail"), default=False)
    is_postponed = models.BooleanField(_("postponed test"), default=False)
    # Why it was postponed or withdrawn: the user's words stay here, not in the event.
    note = models.TextField(_("note"), blank=True)
    absence_documented = models.BooleanField(_("absence documented"), default=False)

    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    planned_at = models.DateTimeField(_("planned"))
    held_at = models.DateTimeField(_("marked held"), null=True, blank=True)
    result_at = models.DateTimeField(_("result recorded"), null=True, blank=True)
    closed_at = models.DateTimeField(_("postponed or withdrawn"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["pathway", "planned_at", "id"]
        verbose_name = _("exam entry")
        verbose_name_plural = _("exam entries")
        indexes = [
            models.Index(fields=["pathway", "kind", "status"], name="exam_pathway_kind"),
            models.Index(fields=["kind", "status", "term_year", "term_season"], name="exam_kind_term"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="exam_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="exam_status_valid"),
            # One entry of each kind on its way at a time: a second click cannot plan twice.
            models.UniqueConstraint(
                fields=["pathway", "kind"],
                condition=models.Q(status__in=["planned", "registered", "held"]),
                name="exam_one_open_per_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="written") | models.Q(term_year__isnull=False) & ~models.Q(term_season=""),
                name="exam_written_has_term",
            ),
            models.CheckConstraint(
                condition=models.Q(status="planned")
                | models.Q(status="withdrawn")
                | models.Q(registered_at__isnull=False),
                name="exam_registered_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["held", "result_recorded"]) | models.Q(held_on__isnull=False),
                name="exam_held_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="result_recorded")
                | ~models.Q(kind="norwegian") & ~models.Q(result="")
                | models.Q(kind="norwegian"),
                name="exam_result_recorded",
            ),
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=6),
                name="exam_grade_range",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="exam_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pathway_id})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def passed(self) -> bool:
        return self.status == Status.RESULT_RECORDED and self.result in PASSED

    @property
    def fee_due(self) -> bool:
        """A privatist's written exam whose fee is not paid yet (ofo. § 9-27: postponed and
        new exams are free)."""
        return (
            self.kind == Kind.WRITTEN
            and self.registrant == Registrant.PRIVATIST
            and not (self.fee_paid or self.is_retake or self.is_postponed)
            and self.status in (Status.PLANNED, Status.REGISTERED)
        )

    @property
    def failed(self) -> bool:
        return self.status == Status.RESULT_RECORDED and self.result == Result.FAILED

    def parts(self) -> list[tuple[str, str, str]]:
        """The Norwegian test's parts as (field, label, level label)."""
        fields = {f.name: f for f in self._meta.fields}
        return [(p, str(fields[p].verbose_name), self.level_label(p)) for p in PARTS]

    def level_label(self, name: str) -> str:
        value = getattr(self, name)
        return str(PartLevel(value).label) if value in PartLevel.values else ""


class Recommendation(models.Model):
    """A teacher's recommendation of when to register (seed 002): the trade teacher's for the
    trade test, the Norwegian teacher's for the Norwegian test."""

    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="exam_recommendations", verbose_name=_("pathway")
    )
    kind = models.CharField(_("exam"), max_length=16, choices=Kind.choices)
    register_from = models.DateField(_("register from"), validators=[validate_sane_date])
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recommendation to register")
        verbose_name_plural = _("recommendations to register")
        indexes = [models.Index(fields=["pathway", "kind", "-created_at"], name="exam_recommendation_latest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["trade_test", "norwegian"]), name="exam_recommendation_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.register_from}"
