"""The pathway (opplæringsløp): one person's road to one certificate in one trade."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fagvei.core.domain import validate_sane_date
from fagvei.core.search import SortKeyField


class Stage(models.TextChoices):
    # DOMAIN.md: referred → screening → admitted | declined → starting → in_training
    # ⇄ interrupted → completed | ended
    REFERRED = "referred", _("Referred")
    SCREENING = "screening", _("Screening")
    ADMITTED = "admitted", _("Admitted")
    DECLINED = "declined", _("Declined")
    STARTING = "starting", _("Starting")
    IN_TRAINING = "in_training", _("In training")
    INTERRUPTED = "interrupted", _("Interrupted")
    COMPLETED = "completed", _("Completed")
    ENDED = "ended", _("Ended")


class Track(models.TextChoices):
    APPRENTICE = "apprentice", _("Apprentice")
    TRAINING_CANDIDATE = "training_candidate", _("Training candidate")
    EXPERIENCE_CANDIDATE = "experience_candidate", _("Experience candidate")
    AT_WORK = "at_work", _("Trade certificate at work")
    ALTERNATIVE = "alternative", _("Alternative route (municipal scheme)")


class ReferralSource(models.TextChoices):
    NAV = "nav", _("NAV")
    EMPLOYER = "employer", _("Employer")
    REFUGEE_SERVICE = "refugee_service", _("Refugee and immigrant service (introduction programme)")
    JOBBSJANSEN = "jobbsjansen", _("Jobbsjansen")
    ADULT_EDUCATION = "adult_education", _("Adult education centre")
    SCHOOL = "school", _("Upper secondary school")
    SELF = "self", _("Self-referred")
    OTHER = "other", _("Other")


class EndReason(models.TextChoices):
    WITHDRAWN = "withdrawn", _("Withdrawn by the participant")
    TERMINATED = "terminated", _("Terminated by agreement")
    CANCELLED = "cancelled", _("Cancelled by the county")
    OTHER = "other", _("Other")


class Scheme(models.Model):
    """A programme that runs pathways in one trade, e.g. "Fagbrevordningen — helsearbeider"."""

    name = models.CharField(_("name"), max_length=200)
    trade = models.ForeignKey(
        "curricula.Trade", on_delete=models.PROTECT, related_name="schemes", verbose_name=_("trade")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="schemes", verbose_name=_("run by")
    )
    description = models.TextField(_("description"), blank=True)
    # Seed 002: the trade teacher visits the workplace at least every other week.
    teacher_visit_interval_days = models.PositiveSmallIntegerField(_("teacher visit interval (days)"), default=14)
    # Seed 002: participation of at least 80 % of the planned working days (fagvei/absence).
    participation_target_percent = models.PositiveSmallIntegerField(_("participation target (percent)"), default=80)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participation_target_percent__gte=1, participation_target_percent__lte=100),
                name="scheme_participation_target_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    class Kind(models.TextChoices):
        # Seed 002: the project group meets every 4 weeks, the steering group each semester.
        PROJECT = "project", _("Project group")
        STEERING = "steering", _("Steering group")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    meeting_interval_days = models.PositiveSmallIntegerField(_("meeting interval (days)"), default=28)

    class Meta:
        ordering = ["scheme", "kind"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [models.UniqueConstraint(fields=["scheme", "kind"], name="group_kind_unique_per_scheme")]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="group_memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="group_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} ({self.group})"


# The stages a pathway ends in (lifecycle.CLOSED_STAGES names the same).
CLOSED = (Stage.DECLINED, Stage.COMPLETED, Stage.ENDED)
# Written as IN: ``is_open=True`` becomes the bare column in SQL, which SQLite does not
# match to the index on it (tests/pathways/test_query_plans.py).
OPEN = models.Q(is_open__in=[True])


class Pathway(models.Model):
    participant = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="pathways", verbose_name=_("participant")
    )
    track = models.CharField(_("track"), max_length=32, choices=Track.choices)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.REFERRED)
    trade = models.ForeignKey(
        "curricula.Trade", on_delete=models.PROTECT, related_name="pathways", verbose_name=_("trade")
    )
    curriculum = models.ForeignKey(
        "curricula.Curriculum",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pathways",
        verbose_name=_("curriculum"),
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, null=True, blank=True, related_name="pathways", verbose_name=_("scheme")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_pathways",
        verbose_name=_("responsible coordinator"),
    )
    workplace = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pathways",
        verbose_name=_("workplace"),
    )
    referral_source = models.CharField(_("referred by"), max_length=32, choices=ReferralSource.choices)
    referral_note = models.TextField(_("referral note"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True, validators=[validate_sane_date])
    planned_end = models.DateField(_("planned end"), null=True, blank=True, validators=[validate_sane_date])

    # The dates the user gives for the milestones that happen on a day, not at the moment
    # they are registered: the actual start of training, the last return from an
    # interruption, and the day the trade test was passed.
    started_on = models.DateField(_("training started on"), null=True, blank=True, validators=[validate_sane_date])
    returned_on = models.DateField(
        _("returned from interruption on"), null=True, blank=True, validators=[validate_sane_date]
    )
    trade_test_passed_on = models.DateField(
        _("trade test passed on"), null=True, blank=True, validators=[validate_sane_date]
    )

    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # Why training is interrupted now (or was last): the event keeps only that it was.
    interruption_reason = models.TextField(_("reason for the interruption"), blank=True)
    end_reason = models.CharField(_("end reason"), max_length=16, choices=EndReason.choices, blank=True)
    end_note = models.TextField(_("end note"), blank=True)

    # One timestamp per milestone (DOMAIN.md lifecycle).
    referred_at = models.DateTimeField(_("referred"))
    screening_at = models.DateTimeField(_("screening started"), null=True, blank=True)
    admitted_at = models.DateTimeField(_("admitted"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    starting_at = models.DateTimeField(_("start-up begun"), null=True, blank=True)
    training_started_at = models.DateTimeField(_("training started"), null=True, blank=True)
    interrupted_at = models.DateTimeField(_("interrupted"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    # The participant's name key (fagvei.lib.names), copied by fagvei/pathways/follows.py:
    # the list is ordered and searched on it through an index.
    sort_key = SortKeyField()
    # Whether the stage is an open one, set on save: "my open pathways" is then one
    # index range (an index on a condition is of no use to SQLite with bound parameters).
    is_open = models.BooleanField(default=True, editable=False)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["version", "updated_at", "sort_key"],
        verbose_name=_("pathway version"),
        verbose_name_plural=_("pathway versions"),
    )

    class Meta:
        ordering = ["-referred_at", "-id"]
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")
        indexes = [
            models.Index(fields=["stage", "-referred_at"], name="pathway_stage_referred"),
            models.Index(fields=["scheme", "stage"], name="pathway_scheme_stage"),
            models.Index(fields=["sort_key", "id"], name="pathway_sort"),
            models.Index(fields=["stage", "sort_key", "id"], name="pathway_stage_sort"),
            # "My pathways" on the start page: the open ones, most recently changed first.
            models.Index(fields=["is_open", "-updated_at"], name="pathway_open_updated"),
            models.Index(fields=["coordinator", "is_open", "-updated_at"], name="pathway_open_coordinator"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="pathway_stage_valid"),
            models.CheckConstraint(
                condition=models.Q(is_open=True) & ~models.Q(stage__in=CLOSED)
                | models.Q(is_open=False, stage__in=CLOSED),
                name="pathway_is_open_follows_stage",
            ),
            models.CheckConstraint(condition=models.Q(track__in=Track.values), name="pathway_track_valid"),
            models.CheckConstraint(
                condition=~models.Q(stage="ended") | ~models.Q(end_reason=""),
                name="pathway_ended_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gt=models.F("planned_start")),
                name="pathway_planned_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.trade}"

    # Not columns: the stage and participant as read, and before a save (follows.py: the
    # stage counts, and the follow rows of someone who is no longer the participant).
    stage_in_db: str | None
    stage_before_save: str | None
    participant_in_db: int | None
    participant_before_save: int | None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.is_open = self.stage not in CLOSED
        fields = kwargs.get("update_fields")
        if fields is not None and "stage" in fields:
            kwargs["update_fields"] = [*fields, "is_open"]
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Any:
        pathway = super().from_db(db, field_names, values)
        # The stage as stored: saving a new one moves the stage counts (follows.py).
        pathway.stage_in_db = pathway.__dict__.get("stage")
        pathway.participant_in_db = pathway.__dict__.get("participant_id")
        return pathway


class Follow(models.Model):
    """Who follows which pathway: one row for each user and each pathway the user may
    see, kept by fagvei/pathways/follows.py from the rules there (the participant, the
    people in a role on it, its coordinator, the caseworkers of the organisation that
    runs its scheme, the training office of its workplace). A user's pathway list is
    one range of one index, however wide the scope; the administrator needs none."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="follows")
    manages = models.BooleanField(default=False)
    # Copies of the pathway's stage and sort key: filtered and ordered by the index alone.
    stage = models.CharField(max_length=16, choices=Stage.choices)
    sort_key = SortKeyField()

    class Meta:
        verbose_name = _("pathway follower")
        verbose_name_plural = _("pathway followers")
        constraints = [models.UniqueConstraint(fields=["user", "pathway"], name="pathway_follow_unique")]
        indexes = [
            models.Index(fields=["user", "sort_key", "pathway"], name="pathway_follow_sort"),
            models.Index(fields=["user", "stage", "sort_key", "pathway"], name="pathway_follow_stage_sort"),
        ]


class StageCount(models.Model):
    """How many pathways are in each stage, kept by the domain functions that create and
    move pathways: the national count on the start page without counting 250 000 rows."""

    stage = models.CharField(max_length=16, choices=Stage.choices, primary_key=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("stage count")
        verbose_name_plural = _("stage counts")


class PathwayMember(models.Model):
    """A person around the participant, in a role on this pathway."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        INSTRUCTOR = "instructor", _("Instructor")
        PROFESSIONAL_MANAGER = "professional_manager", _("Professional manager")
        TRADE_TEACHER = "trade_teacher", _("Trade teacher")
        NORWEGIAN_TEACHER = "norwegian_teacher", _("Norwegian teacher")
        WORKPLACE_MANAGER = "workplace_manager", _("Workplace manager")
        COUNTY_ADVISER = "county_adviser", _("County adviser")
        TRAINING_OFFICE_ADVISER = "training_office_adviser", _("Training office adviser")

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="members")
    # Not a column: who the member was before a save (follows.py).
    person_before_save: int | None
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="pathway_roles", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("pathway member")
        verbose_name_plural = _("pathway members")
        constraints = [models.UniqueConstraint(fields=["pathway", "person", "role"], name="pathway_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class CEFR(models.TextChoices):
    BELOW_A1 = "pre_a1", _("Below A1")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class Screening(models.Model):
    """The structured intake screening (seed 002, "Inntak")."""

    class Education(models.TextChoices):
        NONE = "none", _("No formal schooling")
        PRIMARY = "primary", _("Primary and lower secondary")
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary, not completed")
        UPPER_SECONDARY_DONE = "upper_secondary_done", _("Upper secondary, completed")
        VOCATIONAL_ABROAD = "vocational_abroad", _("Vocational education from abroad")
        HIGHER = "higher", _("Higher education")

    class Rating(models.IntegerChoices):
        LOW = 1, _("Low")
        SOME = 2, _("Some")
        GOOD = 3, _("Good")
        HIGH = 4, _("High")

    class IncomeBasis(models.TextChoices):
        # Seed 002, "Økonomi og ressursfordeling".
        SALARY = "salary", _("Salary from employer")
        JOBBSJANSEN = "jobbsjansen", _("Jobbsjansen benefit")
        NAV_BENEFIT = "nav_benefit", _("NAV benefit")
        INTRODUCTION_BENEFIT = "introduction_benefit", _("Introduction benefit")
        OTHER = "other", _("Other")

    pathway = models.OneToOneField(Pathway, on_delete=models.CASCADE, related_name="screening")
    norwegian_listening = models.CharField(_("Norwegian: listening"), max_length=8, choices=CEFR.choices)
    norwegian_reading = models.CharField(_("Norwegian: reading"), max_length=8, choices=CEFR.choices)
    norwegian_speaking = models.CharField(_("Norwegian: speaking"), max_length=8, choices=CEFR.choices)
    norwegian_writing = models.CharField(_("Norwegian: writing"), max_length=8, choices=CEFR.choices)
    years_in_norway = models.DecimalField(_("years in Norway"), max_digits=4, decimal_places=1)
    education = models.CharField(_("highest education"), max_length=32, choices=Education.choices)
    education_note = models.TextField(_("education, details"), blank=True)
    work_experience_years = models.DecimalField(_("relevant work experience (years)"), max_digits=4, decimal_places=1)
    work_experience_note = models.TextField(_("work experience, details"), blank=True)
    motivation = models.PositiveSmallIntegerField(_("motivation"), choices=Rating.choices)
    motivation_note = models.TextField(_("motivation, details"), blank=True)
    suitability = models.PositiveSmallIntegerField(_("suitability for the trade"), choices=Rating.choices)
    suitability_note = models.TextField(_("suitability, details"), blank=True)
    life_situation = models.TextField(_("life situation"), blank=True)
    # Seed 002: the scheme requires at least 80 % participation.
    can_participate_80 = models.BooleanField(_("can take part at least 80 %"))
    hindrances = models.TextField(_("hindrances to at least 80 % participation"), blank=True)
    income_basis = models.CharField(_("income basis"), max_length=32, choices=IncomeBasis.choices)
    screened_on = models.DateField(_("screened on"), validators=[validate_sane_date])
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(
        excluded_fields=["version"],
        verbose_name=_("screening version"),
        verbose_name_plural=_("screening versions"),
    )

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(years_in_norway__gte=0) & models.Q(work_experience_years__gte=0),
                name="screening_years_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pathway}: {self.screened_on}"


class Consent(models.Model):
    """A consent per purpose and per receiving party (samtykkeerklæring)."""

    class Purpose(models.TextChoices):
        PARTICIPATION = "participation", _("Participation agreement and sharing within the scheme")
        SHARE_WITH_COUNTY = "share_county", _("Sharing with the county")
        SHARE_WITH_NAV = "share_nav", _("Sharing with NAV")
        SHARE_WITH_SCHOOL = "share_school", _("Sharing with the school")
        PHOTO = "photo", _("Photos and publicity")

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    receiving_party = models.CharField(_("receiving party"), max_length=200, blank=True)
    given_on = models.DateField(_("given on"), validators=[validate_sane_date])
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, validators=[validate_sane_date])
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(verbose_name=_("consent version"), verbose_name_plural=_("consent versions"))

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return self.get_purpose_display()


class PoliceCertificate(models.Model):
    """That a police certificate was shown and checked (GDPR art. 10 data).

    We record only that it was checked, when and by whom; never its content.
    """

    pathway = models.OneToOneField(Pathway, on_delete=models.CASCADE, related_name="police_certificate")
    issued_on = models.DateField(_("issued on"), validators=[validate_sane_date])
    checked_on = models.DateField(_("checked on"), validators=[validate_sane_date])
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(
        excluded_fields=["version"],
        verbose_name=_("police certificate version"),
        verbose_name_plural=_("police certificate versions"),
    )

    class Meta:
        verbose_name = _("police certificate")
        verbose_name_plural = _("police certificates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(checked_on__gte=models.F("issued_on")), name="police_checked_after_issue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pathway}: {self.checked_on}"
