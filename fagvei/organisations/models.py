"""Organisations of every kind and their trade approvals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fagvei.core import clock
from fagvei.core.domain import validate_sane_date
from fagvei.core.search import SortKeyField, update_name_index
from fagvei.lib.names import sort_key
from fagvei.lib.norwegian_numbers import clean_orgnr


def validate_orgnr(value: str) -> None:
    try:
        clean_orgnr(value)
    except ValueError as exc:
        raise ValidationError(
            _("Not a valid organisation number (9 digits with a correct check digit)."),
            code="invalid",
        ) from exc


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPAL_SERVICE = "municipal_service", _("Municipal service")
        SCHOOL = "school", _("School")
        TRAINING_OFFICE = "training_office", _("Training office")
        TRAINING_COMPANY = "training_company", _("Training company")
        COUNTY = "county", _("County")
        NAV = "nav", _("NAV")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    org_number = models.CharField(_("organisation number"), max_length=9, blank=True, validators=[validate_orgnr])
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # A company may be a member of a training office, which signs contracts on its
    # behalf while the company keeps the legal responsibility (ol. § 7-12).
    training_office = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_companies",
        limit_choices_to={"kind": "training_office"},
        verbose_name=_("member of training office"),
    )
    # The county whose advisers decide this organisation's trade approvals (ol. §§ 7-5, 7-6).
    county = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "county"},
        verbose_name=_("county"),
    )
    # The organisation whose caseworkers registered it: they and the administrator may
    # change its details.
    registered_by_organisation = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
        editable=False,
    )
    # The name folded for Norwegian order and name search (fagvei.lib.names); set on save.
    sort_key = SortKeyField()
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(
        excluded_fields=["version", "sort_key"],
        verbose_name=_("organisation version"),
        verbose_name_plural=_("organisation versions"),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["sort_key", "id"], name="organisation_sort")]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"], condition=~models.Q(org_number=""), name="org_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "municipal_service",
                        "school",
                        "training_office",
                        "training_company",
                        "county",
                        "nav",
                        "other",
                    ]
                ),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_key = sort_key(self.name)
        fields = kwargs.get("update_fields")
        if fields is not None and "name" in fields:
            kwargs["update_fields"] = [*fields, "sort_key"]
        super().save(*args, **kwargs)
        update_name_index(Organisation, [(self.pk, self.sort_key)])


class TradeApproval(models.Model):
    """Approval as training company for one trade (ofo. § 6-13).

    It lapses two years after the last contract ended (ol. § 7-9 third ledd): the
    contracts app keeps ``contracts_run_until``, the last day any of the company's
    contracts in the trade runs (or ran) to, and the lapse follows from it and the day of
    approval. An approval no contract in fagvei has used gets no date: its contracts
    before fagvei are in the county's own system, and guessing would lapse approvals
    that are in force.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Approved")
        LAPSED = "lapsed", _("Lapsed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("organisation")
    )
    trade = models.ForeignKey(
        "curricula.Trade", on_delete=models.PROTECT, related_name="approvals", verbose_name=_("trade")
    )
    approved_on = models.DateField(_("approved on"), validators=[validate_sane_date])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    decided_by = models.CharField(_("approved by (county)"), max_length=200, blank=True)
    # The county's case number. Required when a caseworker registers a decision the
    # county has already made; the county adviser registers their own decisions.
    reference = models.CharField(_("county's reference"), max_length=100, blank=True)
    contracts_run_until = models.DateField(_("contracts run until"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["trade__name"]
        verbose_name = _("trade approval")
        verbose_name_plural = _("trade approvals")
        constraints = [models.UniqueConstraint(fields=["organisation", "trade"], name="approval_unique_per_trade")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.trade}"

    @property
    def lapses_on(self) -> dt.date | None:
        """The day an active approval lapses (ol. § 7-9 third ledd): two years after the
        last contract ended (for a contract still running: its end as planned); None when
        no contract in fagvei has used it, or the approval is not active."""
        if self.status != self.Status.ACTIVE or self.contracts_run_until is None:
            return None
        base = self.contracts_run_until
        try:
            return base.replace(year=base.year + 2)
        except ValueError:  # 29 February
            return base.replace(year=base.year + 2, day=28)

    @property
    def has_lapsed(self) -> bool:
        lapses = self.lapses_on
        return lapses is not None and lapses <= clock.today()
