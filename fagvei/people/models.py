"""Persons: participants and the people around them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fagvei.core.domain import validate_sane_date
from fagvei.core.search import SortKeyField, update_name_index
from fagvei.lib.names import sort_key
from fagvei.lib.norwegian_numbers import clean_national_id, mask_national_id


def validate_national_id(value: str) -> None:
    try:
        clean_national_id(value)
    except ValueError as exc:
        raise ValidationError(_("Not a valid Norwegian national identity number or D-number."), code="invalid") from exc


class Person(models.Model):
    class Language(models.TextChoices):
        NB = "nb", _("Norwegian Bokmål")
        NN = "nn", _("Norwegian Nynorsk")
        EN = "en", _("English")
        AR = "ar", _("Arabic")
        TI = "ti", _("Tigrinya")
        SO = "so", _("Somali")
        UK = "uk", _("Ukrainian")
        PL = "pl", _("Polish")
        FA = "fa", _("Persian")
        OTHER = "other", _("Other")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, db_index=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True, validators=[validate_sane_date])
    # Sensitive: never shown in lists, never in URLs; masked on the detail page.
    national_id = models.CharField(
        _("national identity number or D-number"),
        max_length=11,
        blank=True,
        validators=[validate_national_id],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.NB
    )
    # The organisation that registered the person: a coordinator there can find them
    # before any pathway exists.
    registered_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_people",
        verbose_name=_("registered by"),
    )
    # "last first", folded for Norwegian order and name search (fagvei.lib.names); set on save.
    sort_key = SortKeyField()
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(
        excluded_fields=["version", "sort_key"],
        verbose_name=_("person version"),
        verbose_name_plural=_("person versions"),
    )

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["sort_key", "id"], name="person_sort")]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~models.Q(national_id=""),
                name="person_national_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_key = sort_key(self.last_name, self.first_name)
        fields = kwargs.get("update_fields")
        if fields is not None and {"first_name", "last_name"} & set(fields):
            kwargs["update_fields"] = [*fields, "sort_key"]
        super().save(*args, **kwargs)
        update_name_index(Person, [(self.pk, self.sort_key)])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def masked_national_id(self) -> str:
        return mask_national_id(self.national_id)


class Follow(models.Model):
    """Who may see which person: one row for each user and each person in their scope,
    kept by fagvei/people/follows.py from the rules of access.py and of the apps above.
    The people list of a user is then one range of one index, whatever the scope's size."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follows")
    manages = models.BooleanField(default=False)
    # The person's key, copied so that the list is ordered by the index alone.
    sort_key = SortKeyField()

    class Meta:
        verbose_name = _("person follower")
        verbose_name_plural = _("person followers")
        constraints = [models.UniqueConstraint(fields=["user", "person"], name="person_follow_unique")]
        indexes = [models.Index(fields=["user", "sort_key", "person"], name="person_follow_sort")]
