"""The records kept by the people who follow a participant week by week (DOMAIN.md
"Follow-up"): the instructor's guidance log (seed 001), the trade teacher's workplace
visits (seed 002) and the Norwegian teacher's language assessments (seed 002).

Each row is kept as written: a log of work done, like signed minutes. A mistake is put
right by a new row (its note says what it corrects), so what a reader saw last week is
still there; ``version`` is kept so a correction flow can be added without a migration
of the rows' meaning.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fagvei.core.domain import validate_sane_date
from fagvei.pathways.models import CEFR

# Seed 001: guidance is about an hour a week; a log entry is between 5 minutes and a
# working day.
MIN_MINUTES = 5
MAX_MINUTES = 480


class GuidanceEntry(models.Model):
    """One session of the instructor's weekly guidance (seed 001)."""

    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="guidance_entries", verbose_name=_("pathway")
    )
    given_on = models.DateField(_("date"), validators=[validate_sane_date])
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    goals = models.ManyToManyField(
        "curricula.CompetenceGoal", blank=True, related_name="+", verbose_name=_("competence goals")
    )
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("logged"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("guidance entry")
        verbose_name_plural = _("guidance entries")
        indexes = [models.Index(fields=["pathway", "-given_on", "-id"], name="guidance_pathway_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=MIN_MINUTES, minutes__lte=MAX_MINUTES), name="guidance_minutes_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.given_on:%Y-%m-%d} ({self.minutes} min)"


class TeacherVisit(models.Model):
    """The trade teacher's visit to the workplace (seed 002: at least every other week)."""

    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="teacher_visits", verbose_name=_("pathway")
    )
    visited_on = models.DateField(_("date"), validators=[validate_sane_date])
    observations = models.TextField(_("observations"))
    tasks_given = models.TextField(_("tasks given"), blank=True)
    goals = models.ManyToManyField(
        "curricula.CompetenceGoal", blank=True, related_name="+", verbose_name=_("competence goals worked on")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("teacher visit")
        verbose_name_plural = _("teacher visits")
        indexes = [models.Index(fields=["pathway", "-visited_on", "-id"], name="visit_pathway_date")]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d}"


class Skill(models.TextChoices):
    LISTENING = "listening", _("Listening")
    READING = "reading", _("Reading")
    WRITING = "writing", _("Writing")
    ORAL = "oral", _("Oral")


# The screening's field for each skill (pathways.Screening; "speaking" is the oral skill).
SCREENING_FIELDS = {
    Skill.LISTENING: "norwegian_listening",
    Skill.READING: "norwegian_reading",
    Skill.WRITING: "norwegian_writing",
    Skill.ORAL: "norwegian_speaking",
}


class LanguageAssessment(models.Model):
    """The Norwegian teacher's assessed level in one skill on one date (seed 002)."""

    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="language_assessments", verbose_name=_("pathway")
    )
    skill = models.CharField(_("skill"), max_length=16, choices=Skill.choices)
    level = models.CharField(_("level"), max_length=8, choices=CEFR.choices)
    note = models.TextField(_("note"), blank=True)
    assessed_on = models.DateField(_("date"), validators=[validate_sane_date])
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-assessed_on", "skill", "-id"]
        verbose_name = _("language assessment")
        verbose_name_plural = _("language assessments")
        indexes = [models.Index(fields=["pathway", "skill", "-assessed_on", "-id"], name="language_pathway_skill")]
        constraints = [
            models.CheckConstraint(condition=models.Q(skill__in=Skill.values), name="language_skill_valid"),
            models.CheckConstraint(condition=models.Q(level__in=CEFR.values), name="language_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_skill_display()} {self.level} {self.assessed_on:%Y-%m-%d}"
