"""Meetings with agenda, attendance, minutes and decisions; their action items and the
addenda that correct approved minutes (DOMAIN.md "Follow-up", seed 001, seed 002).

A meeting belongs to exactly one pathway (an intake interview, an assessment
conversation, …) or to one of a scheme's groups (the project group, the steering group):
the database keeps that, and that the kind fits what it belongs to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fagvei.core.domain import validate_sane_date


class Kind(models.TextChoices):
    INTAKE_INTERVIEW = "intake_interview", _("Intake interview")
    INTAKE_CONVERSATION = "intake_conversation", _("Intake conversation")
    WORKPLACE_START = "workplace_start", _("Start interview at the workplace")
    # ofo. §§ 9-6, 15-8: at least one conversation about progress per half-year.
    ASSESSMENT = "assessment", _("Assessment conversation")
    TEACHER_VISIT = "teacher_visit", _("Teacher visit")
    CLOSING = "closing", _("Closing meeting")
    NETWORK = "network", _("Network meeting with a company or NAV")
    TRANSITION = "transition", _("Transition meeting")
    # Seed 002: the project group meets every four weeks, the steering group each semester.
    PROJECT_GROUP = "project_group", _("Project group meeting")
    STEERING_GROUP = "steering_group", _("Steering group meeting")
    # seed 004: the concern ladder's meetings, held on a pathway for one concern and
    # shown only to those who may know of it (``CONCERN_KINDS``).
    CONCERN_CONVERSATION = "concern_conversation", _("Concern conversation")
    CLARIFICATION = "clarification", _("Clarification meeting")


PATHWAY_KINDS = (
    Kind.INTAKE_INTERVIEW,
    Kind.INTAKE_CONVERSATION,
    Kind.WORKPLACE_START,
    Kind.ASSESSMENT,
    Kind.TEACHER_VISIT,
    Kind.CLOSING,
    Kind.NETWORK,
    Kind.TRANSITION,
)
# The concern ladder's meetings (seed 004): on a pathway, with a concern; who may know
# of them is the concern's rule (fagvei.concerns.access, through core.registry).
CONCERN_KINDS = (Kind.CONCERN_CONVERSATION, Kind.CLARIFICATION)
# What a concern meeting is called outside the concern page — in lists, calendar feeds
# and e-mails — so that neither its kind nor anything of the concern is told there.
NEUTRAL_TITLE = _("Meeting about the apprenticeship")


def shown_kind(kind: str) -> str:
    """The meeting's kind as lists, feeds and e-mails name it."""
    return str(NEUTRAL_TITLE if kind in CONCERN_KINDS else Kind(kind).label)


# The group kind (pathways.Group.Kind) each group meeting kind is held by.
GROUP_KINDS = {Kind.PROJECT_GROUP: "project", Kind.STEERING_GROUP: "steering"}


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    # The minutes are locked: a correction is an addendum.
    APPROVED = "approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    pathway = models.ForeignKey(
        "pathways.Pathway",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("pathway"),
    )
    group = models.ForeignKey(
        "pathways.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("group"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    # Seed 002: a group meeting records the resources and challenges (project group), the
    # progress and results and the plans (steering group); locked with the minutes.
    resources = models.TextField(_("resources"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    progress = models.TextField(_("progress and results"), blank=True)
    plans = models.TextField(_("plans"), blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(_("scheduled"))
    held_at = models.DateTimeField(_("marked as held"), null=True, blank=True)
    approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # The concern a concern conversation or clarification meeting is held for (seed 004).
    # Its minutes are the concern's (``Concern.conversation_minutes`` …), kept once.
    concern = models.ForeignKey(
        "concerns.Concern",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("concern"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["pathway", "starts_at"], name="meeting_pathway_start"),
            models.Index(fields=["group", "starts_at"], name="meeting_group_start"),
            # The administrator's "my meetings" (every meeting, the latest first) read
            # from the end of an index instead of sorting a million rows.
            models.Index(fields=["starts_at", "id"], name="meeting_start"),
        ]
        constraints = [
            # Exactly one of pathway and group, and a kind that fits it.
            models.CheckConstraint(
                condition=(
                    models.Q(pathway__isnull=False, group__isnull=True, kind__in=[*PATHWAY_KINDS, *CONCERN_KINDS])
                    | models.Q(pathway__isnull=True, group__isnull=False, kind__in=list(GROUP_KINDS))
                ),
                name="meeting_pathway_xor_group",
            ),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="meeting_status_valid"),
            # The concern ladder's kinds exactly when the meeting is held for a concern.
            models.CheckConstraint(
                condition=models.Q(kind__in=CONCERN_KINDS, concern__isnull=False)
                | (~models.Q(kind__in=CONCERN_KINDS) & models.Q(concern__isnull=True)),
                name="meeting_concern_kind",
            ),
        ]

    def __str__(self) -> str:
        # Never the concern's kind: this string may reach logs and feeds.
        return f"{self.title} {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        # A concern meeting is read on its concern's page, which logs the read.
        if self.concern_id is not None:
            return reverse("concern_detail", args=[self.concern_id])
        return reverse("meeting_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return shown_kind(self.kind)

    @property
    def locked(self) -> bool:
        return self.status == Status.APPROVED


class Invitee(models.Model):
    """A person invited to a meeting, and whether they came (None until recorded)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="meeting_invitations", verbose_name=_("person")
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="invitee_unique")]
        indexes = [models.Index(fields=["person", "meeting"], name="invitee_person")]

    def __str__(self) -> str:
        return str(self.person)


class Guest(models.Model):
    """Someone invited to a meeting who has no login in fagvei, as a line of text — for
    a clarification meeting the ombud, OT, PPT, NAV, the GP or a union representative
    (seed 004, "Vurder om andre bør delta") — and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("invited"), max_length=200)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("other invited")
        verbose_name_plural = _("others invited")
        constraints = [models.CheckConstraint(condition=~models.Q(name=""), name="guest_named")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.pk}"


class ActionItem(models.Model):
    """Something a meeting agreed someone will do by a date: a task on the owner's list."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="action_items", verbose_name=_("owner")
    )
    deadline = models.DateField(_("deadline"), validators=[validate_sane_date])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            models.Index(fields=["owner", "done_at", "deadline"], name="action_item_owner"),
            # The open items soonest first, across every pathway: the administrator's
            # deadline list (fagvei/followup/deadlines.py) reads them by this, not by a sort.
            models.Index(
                fields=["deadline", "id"], name="action_item_open_due", condition=models.Q(done_at__isnull=True)
            ),
        ]
        constraints = [
            # Done means both who and when; undone neither.
            models.CheckConstraint(
                condition=models.Q(done_at__isnull=True, done_by__isnull=True)
                | models.Q(done_at__isnull=False, done_by__isnull=False),
                name="action_item_done_with_who",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.pk}"

    @property
    def done(self) -> bool:
        return self.done_at is not None


class Addendum(models.Model):
    """A correction to approved minutes: the minutes themselves stay as approved."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="addenda")
    text = models.TextField(_("addendum"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written"))

    class Meta:
        ordering = ["written_at", "id"]
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")

    def __str__(self) -> str:
        return f"{self.meeting} +{self.pk}"


class MonthlyTheme(models.Model):
    """The themes the class covers in a month of a scheme: the mentor is told each month
    (seed 002 § 3). One row per scheme and month (the first day of the month)."""

    scheme = models.ForeignKey(
        "pathways.Scheme", on_delete=models.CASCADE, related_name="monthly_themes", verbose_name=_("scheme")
    )
    month = models.DateField(_("month"), validators=[validate_sane_date])
    themes = models.TextField(_("themes"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["month", "id"]
        verbose_name = _("monthly themes")
        verbose_name_plural = _("monthly themes")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "month"], name="monthly_theme_unique_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="monthly_theme_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.month:%Y-%m}"


class ParticipantNote(models.Model):
    """The project group's walkthrough of one participant at one meeting (seed 002: the
    project group meets every four weeks and goes through each participant)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participant_notes")
    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="group_notes", verbose_name=_("pathway")
    )
    trade_progress = models.TextField(_("trade progress"), blank=True)
    language_progress = models.TextField(_("language progress"), blank=True)
    workplace_status = models.TextField(_("status from the workplace"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("participant note")
        verbose_name_plural = _("participant notes")
        constraints = [models.UniqueConstraint(fields=["meeting", "pathway"], name="participant_note_unique")]
        indexes = [models.Index(fields=["pathway", "meeting"], name="participant_note_pathway")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.pathway_id}"
