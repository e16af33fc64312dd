"""Trades, curricula and competence goals (Udir Grep data, NLOD 2.0)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Trade(models.Model):
    class WrittenExamRule(models.TextChoices):
        # Who must pass the central written exam before the trade test (the curriculum's
        # "vurderingsordning", ofo. § 9-56).
        EVERYONE = "everyone", _("Everyone")
        NOT_NORMAL_ROUTE = "not_normal_route", _("Those not on the normal route")
        NOBODY = "nobody", _("Nobody")

    class FinalTest(models.TextChoices):
        # The test that ends the training in the trade (ofo. § 9-55): a trade test
        # (fagprøve) or, in the crafts, a journeyman's test (svenneprøve). A training
        # candidate takes a competence test (kompetanseprøve) whatever the trade.
        TRADE_TEST = "trade_test", _("Trade test")
        JOURNEYMAN_TEST = "journeyman_test", _("Journeyman's test")

    class NorwegianTarget(models.TextChoices):
        # Seed 002: the level in oral and written Norwegian the scheme aims for.
        NONE = "", _("No target")
        B1 = "B1", "B1"
        B2 = "B2", "B2"

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # Seed 002: a police certificate is required before practice in health and child and
    # youth work (barne- og ungdomsarbeider, helsearbeider).
    requires_police_certificate = models.BooleanField(_("requires police certificate"), default=False)
    written_exam_rule = models.CharField(
        _("written exam before the trade test"),
        max_length=32,
        choices=WrittenExamRule.choices,
        default=WrittenExamRule.NOT_NORMAL_ROUTE,
    )
    # Which central written exam the curriculum sets (ofo. § 9-25 third ledd): the
    # interdisciplinary exam at Vg3 level in the trade.
    written_exam = models.CharField(_("written exam"), max_length=200, blank=True)
    final_test = models.CharField(
        _("kind of final test"), max_length=16, choices=FinalTest.choices, default=FinalTest.TRADE_TEST
    )
    norwegian_target = models.CharField(
        _("target level in Norwegian"), max_length=2, choices=NorwegianTarget.choices, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("trade")
        verbose_name_plural = _("trades")

    def __str__(self) -> str:
        return self.name


class Curriculum(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=300)
    trade = models.ForeignKey(
        Trade, on_delete=models.PROTECT, null=True, blank=True, related_name="curricula", verbose_name=_("trade")
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    established_on = models.DateField(_("established"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=100, blank=True)
    replaced_by_code = models.CharField(_("replaced by"), max_length=32, blank=True)
    source_url = models.URLField(_("source"), blank=True)
    assessment_text = models.TextField(_("final assessment"), blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CompetenceGoal(models.Model):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="goals")
    set_code = models.CharField(_("goal set"), max_length=32)
    set_title = models.CharField(_("goal set title"), max_length=300, blank=True)
    code = models.CharField(_("code"), max_length=32)
    text = models.TextField(_("competence goal"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["curriculum", "position", "id"]
        verbose_name = _("competence goal")
        verbose_name_plural = _("competence goals")
        constraints = [models.UniqueConstraint(fields=["curriculum", "code"], name="goal_code_unique_per_curriculum")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"
