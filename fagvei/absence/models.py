"""Absence from the training: periods with a kind, in whole days or in hours of one day
(DOMAIN.md "Follow-up"; seed 001: the professional manager registers absence; seed 002:
the participation target). The kind and the note are health data when the kind is an own
sick report or a doctor's note: they never leave this table in a URL, an event or a log.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fagvei.core.domain import validate_sane_date

# The length of a working day, by which hours of absence become days (seed 002: 7.5 h).
WORKING_DAY_HOURS = Decimal("7.5")


class Kind(models.TextChoices):
    SELF_CERTIFIED = "self_certified", _("Own sick report")
    SICK_NOTE = "sick_note", _("Doctor's note")
    PAID_LEAVE = "paid_leave", _("Leave with pay")
    UNPAID_LEAVE = "unpaid_leave", _("Leave without pay")
    UNEXCUSED = "unexcused", _("Unexcused absence")
    OTHER = "other", _("Other absence")


class Absence(models.Model):
    """A period of absence: ``hours`` empty means whole days from ``starts_on`` to
    ``ends_on``; hours are for part of a single day."""

    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="absences", verbose_name=_("pathway")
    )
    kind = models.CharField(_("kind of absence"), max_length=16, choices=Kind.choices)
    starts_on = models.DateField(_("absent from"), validators=[validate_sane_date])
    ends_on = models.DateField(_("absent until"), validators=[validate_sane_date])
    hours = models.DecimalField(_("hours (part of a day)"), max_digits=3, decimal_places=1, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        indexes = [models.Index(fields=["pathway", "starts_on"], name="absence_pathway_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="absence_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="absence_ends_after_start"
            ),
            # Hours only for part of a single day, within a working day (seed 002: 7.5 h).
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True)
                | models.Q(
                    hours__gt=0,
                    hours__lte=WORKING_DAY_HOURS,
                    ends_on=models.F("starts_on"),
                ),
                name="absence_hours_within_one_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pathway_id} {self.starts_on}–{self.ends_on}"

    @property
    def in_hours(self) -> bool:
        return self.hours is not None
