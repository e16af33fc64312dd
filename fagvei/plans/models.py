"""The company's internal training plan for a pathway (ol. § 7-10; seed 001: kept by the
professional manager) and the half-yearly assessments written by the instructor with the
professional manager (ofo. § 9-13: written, without grade, midway through each period).

A plan holds one row per competence goal of the pathway's curriculum: the half-year it is
placed in, the workplace tasks, who is responsible, the progress and the evidence. An
assessment holds one row per goal too, with a status that is never a grade.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A trade certificate pathway is at most four years: eight half-years (ol. § 3-3).
MAX_HALF_YEAR = 8


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")


class TrainingPlan(models.Model):
    """The internal training plan of one pathway (ol. § 7-10): one per pathway."""

    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="training_plans", verbose_name=_("pathway")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        # ol. § 7-10: the company keeps one internal plan for the training.
        constraints = [models.UniqueConstraint(fields=["pathway"], name="training_plan_one_per_pathway")]

    def __str__(self) -> str:
        return f"{self.pathway_id} plan"


class PlanGoal(models.Model):
    """One competence goal in the plan: when, through which tasks, by whom, how far."""

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="goals")
    goal = models.ForeignKey(
        "curricula.CompetenceGoal", on_delete=models.PROTECT, related_name="+", verbose_name=_("competence goal")
    )
    half_year = models.PositiveSmallIntegerField(_("half-year"), null=True, blank=True)
    tasks = models.TextField(_("workplace tasks"), blank=True)
    responsible = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    status = models.CharField(_("progress"), max_length=16, choices=Progress.choices, default=Progress.NOT_STARTED)
    evidence = models.TextField(_("evidence"), blank=True)
    updated_at = models.DateTimeField(_("changed"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["goal__position", "goal_id"]
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        constraints = [
            models.UniqueConstraint(fields=["plan", "goal"], name="plan_goal_unique"),
            models.CheckConstraint(
                condition=models.Q(half_year__isnull=True) | models.Q(half_year__gte=1, half_year__lte=MAX_HALF_YEAR),
                name="plan_goal_half_year_range",
            ),
            models.CheckConstraint(condition=models.Q(status__in=Progress.values), name="plan_goal_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.goal_id}"


class PlanComment(models.Model):
    """The trade teacher's comment on the plan: kept as written, never edited."""

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written"))

    class Meta:
        ordering = ["written_at", "id"]
        verbose_name = _("plan comment")
        verbose_name_plural = _("plan comments")

    def __str__(self) -> str:
        return f"{self.plan_id} +{self.pk}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    INSTRUCTOR_SIGNED = "instructor_signed", _("Signed by the instructor")
    MANAGER_SIGNED = "manager_signed", _("Signed by the professional manager")
    READ = "read", _("Read by the participant")


class GoalAssessment(models.TextChoices):
    """Where the participant stands on a goal, in words: no grade (ofo. § 9-13)."""

    NOT_ASSESSED = "not_assessed", _("Not assessed")
    DEVELOPING = "developing", _("Developing")
    MASTERS = "masters", _("Masters")


class Assessment(models.Model):
    """A half-yearly assessment (ofo. § 9-13): one per pathway and half-year."""

    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="assessments", verbose_name=_("pathway")
    )
    half_year = models.PositiveSmallIntegerField(_("half-year"))
    status = models.CharField(
        _("status"), max_length=24, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    overall = models.TextField(_("overall comment"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))
    instructor_signed_at = models.DateTimeField(_("signed by the instructor"), null=True, blank=True)
    instructor_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    manager_signed_at = models.DateTimeField(_("signed by the professional manager"), null=True, blank=True)
    manager_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    read_at = models.DateTimeField(_("read by the participant"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-half_year", "-id"]
        verbose_name = _("half-yearly assessment")
        verbose_name_plural = _("half-yearly assessments")
        constraints = [
            models.UniqueConstraint(fields=["pathway", "half_year"], name="assessment_one_per_half_year"),
            models.CheckConstraint(
                condition=models.Q(half_year__gte=1, half_year__lte=MAX_HALF_YEAR), name="assessment_half_year_range"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AssessmentStatus.values), name="assessment_status_valid"
            ),
            # A signature is who and when, and each step needs the one before.
            models.CheckConstraint(
                condition=models.Q(instructor_signed_at__isnull=True, instructor_signed_by__isnull=True)
                | models.Q(instructor_signed_at__isnull=False, instructor_signed_by__isnull=False),
                name="assessment_instructor_signature",
            ),
            models.CheckConstraint(
                condition=models.Q(manager_signed_at__isnull=True, manager_signed_by__isnull=True)
                | models.Q(
                    manager_signed_at__isnull=False,
                    manager_signed_by__isnull=False,
                    instructor_signed_at__isnull=False,
                ),
                name="assessment_manager_signature",
            ),
            models.CheckConstraint(
                condition=models.Q(read_at__isnull=True, read_by__isnull=True)
                | models.Q(read_at__isnull=False, read_by__isnull=False, manager_signed_at__isnull=False),
                name="assessment_read_after_signatures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pathway_id} H{self.half_year}"

    @property
    def locked(self) -> bool:
        # ofo. § 9-13: once the instructor has signed, the content stands as signed.
        return self.status != AssessmentStatus.DRAFT

    @property
    def fully_signed(self) -> bool:
        return self.status in (AssessmentStatus.MANAGER_SIGNED, AssessmentStatus.READ)


class AssessmentGoal(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="goals")
    goal = models.ForeignKey(
        "curricula.CompetenceGoal", on_delete=models.PROTECT, related_name="+", verbose_name=_("competence goal")
    )
    status = models.CharField(
        _("assessment"), max_length=16, choices=GoalAssessment.choices, default=GoalAssessment.NOT_ASSESSED
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["goal__position", "goal_id"]
        verbose_name = _("assessed goal")
        verbose_name_plural = _("assessed goals")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "goal"], name="assessment_goal_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=GoalAssessment.values), name="assessment_goal_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.goal_id}"
