"""Users, their memberships in organisations, and the roles of DOMAIN.md."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Trade certificate coordinator")
    SCHOOL_COORDINATOR = "school_coordinator", _("School vocational coordinator")
    TRAINING_OFFICE_ADVISER = "training_office_adviser", _("Training office adviser")
    PROFESSIONAL_MANAGER = "professional_manager", _("Professional manager")
    INSTRUCTOR = "instructor", _("Instructor")
    MENTOR = "mentor", _("Mentor")
    WORKPLACE_MANAGER = "workplace_manager", _("Workplace manager")
    TRADE_TEACHER = "trade_teacher", _("Trade teacher")
    NORWEGIAN_TEACHER = "norwegian_teacher", _("Norwegian teacher")
    COUNTY_ADVISER = "county_adviser", _("County adviser")
    PARTICIPANT = "participant", _("Participant")
    ADMIN = "admin", _("Administrator")


# Roles that run pathways: they may create and change them within their organisation.
CASEWORKER_ROLES = frozenset({Role.COORDINATOR, Role.SCHOOL_COORDINATOR, Role.TRAINING_OFFICE_ADVISER})


class User(AbstractUser):
    # The person this login belongs to: how a mentor's login finds the pathways the
    # mentor (as a person) is a member of.
    person = models.OneToOneField(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class TwoFactorMethod(Authenticator):
    """allauth's MFA authenticators (TOTP, recovery codes) in the admin under a Norwegian
    name, beside the users: an administrator removes the one of a user who lost a phone.
    allauth's own model gives no translatable name."""

    class Meta:
        proxy = True
        verbose_name = _("two-factor method")
        verbose_name_plural = _("two-factor methods")
