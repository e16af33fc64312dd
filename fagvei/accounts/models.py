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
        # Never a query of its own: users are listed in timelines and select options,
        # where a query per row would add up. Without a name of their own, a user is
        # named by their person when the person has been loaded (select_related("person")).
        if self.get_full_name() or self.person_id is None or User.person.is_cached(self):
            return self.display_name
        return self.username

    @property
    def display_name(self) -> str:
        """The user's full name, else the full name of the person the login belongs to
        (a login registered with only a username), else the username. Reads the person
        if it is needed and not loaded yet."""
        full_name = self.get_full_name()
        if full_name:
            return full_name
        person = self.person if self.person_id is not None else None
        return (person.full_name if person is not None else "") or self.username


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
