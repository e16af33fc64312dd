"""Equipment lent to a participant (seed 002 § 6: iPads), with the day it was lent and
the day it came back; what is still out shows when the pathway ends."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fagvei.core.domain import validate_sane_date


class Loan(models.Model):
    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="loans", verbose_name=_("pathway")
    )
    item = models.CharField(_("equipment"), max_length=200)
    identifier = models.CharField(_("identifier or serial number"), max_length=100, blank=True)
    lent_on = models.DateField(_("lent on"), validators=[validate_sane_date])
    returned_on = models.DateField(_("returned on"), null=True, blank=True, validators=[validate_sane_date])
    note = models.TextField(_("note"), blank=True)
    lent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-lent_on", "-id"]
        verbose_name = _("equipment loan")
        verbose_name_plural = _("equipment loans")
        indexes = [models.Index(fields=["pathway", "returned_on"], name="loan_pathway_returned")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(returned_on__isnull=True) | models.Q(returned_on__gte=models.F("lent_on")),
                name="loan_returned_after_lent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.pathway_id})"

    @property
    def out(self) -> bool:
        return self.returned_on is None
