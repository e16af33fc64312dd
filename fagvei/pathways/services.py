"""Domain functions for pathways: one per state change, atomic, row-locked, audited.

Views call these and nothing else to change a pathway. Each function locks the
pathway row, checks its rules, writes the change and its domain event in the same
transaction, and refuses with a ``DomainError`` whose message names what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject, lock, validate
from fagvei.lib.dates import add_days

from .access import can_manage_pathway, visible_pathways
from .lifecycle import CLOSED_STAGES, TRANSITIONS, base_missing, workplace_is_approved
from .models import Consent, EndReason, Pathway, PathwayMember, PoliceCertificate, Screening, Stage

# Fields a coordinator may change with ``update_pathway``; the stage and its
# timestamps change only through the transitions.
EDITABLE_FIELDS = (
    "track",
    "trade",
    "curriculum",
    "scheme",
    "coordinator",
    "workplace",
    "referral_source",
    "referral_note",
    "planned_start",
    "planned_end",
)
# The trade is fixed once the participant has been admitted: the screening and the
# admission decision were made for that trade.
TRADE_LOCKED_STAGES = frozenset({Stage.STARTING, Stage.IN_TRAINING, Stage.INTERRUPTED, Stage.COMPLETED, Stage.ENDED})
# From start-up on, what start-up needs stays: the coordinator (begin_start_up), and once
# named, the workplace and the planned dates; under contract all of them are required.
KEPT_FROM_START_UP = ("coordinator", "workplace", "planned_start", "planned_end")
UNDER_CONTRACT = frozenset({Stage.IN_TRAINING, Stage.INTERRUPTED})


class DuplicatePathway(DomainError):
    """The participant already has an open pathway in the trade; ``existing`` holds the
    ids of those the user may see. Registering another needs an explicit confirmation."""

    def __init__(self, existing: list[int]) -> None:
        super().__init__(
            _(
                "Participant: this person already has an open pathway in this trade. Open it, or confirm"
                " that a second pathway is to be registered."
            ),
            field="participant",
        )
        self.existing = existing


def _locked_pathway(actor: Any, pathway_id: int, expected_version: int | None = None) -> Pathway:
    pathway: Pathway = lock(Pathway, pathway_id, expected_version=expected_version)
    if not can_manage_pathway(actor, pathway):
        # The view has already authorised; this guards callers outside views.
        raise DomainError(_("You may not change this pathway."))
    return pathway


def _touch(pathway: Pathway, *fields: str) -> None:
    pathway.version += 1
    pathway.save(update_fields=[*fields, "version", "updated_at"])


def _check_scheme_and_workplace(pathway: Pathway) -> None:
    if pathway.scheme is not None and pathway.scheme.trade_id != pathway.trade_id:
        raise DomainError(
            _("Scheme: %(scheme)s runs pathways in %(trade)s, not in the chosen trade.")
            % {"scheme": pathway.scheme.name, "trade": pathway.scheme.trade.name},
            field="scheme",
        )
    if pathway.curriculum is not None and pathway.curriculum.trade_id not in (None, pathway.trade_id):
        raise DomainError(_("Curriculum: the curriculum belongs to another trade."), field="curriculum")
    if pathway.workplace is not None and not workplace_is_approved(pathway):
        # ofo. § 6-13: only a company approved for the trade may be the workplace.
        raise DomainError(
            _("Workplace: %(name)s is not approved for %(trade)s.")
            % {"name": pathway.workplace.name, "trade": pathway.trade.name},
            field="workplace",
        )


# Creating and editing -----------------------------------------------------------------


def create_pathway(*, actor: Any, participant: Any, data: dict[str, Any], confirm_duplicate: bool = False) -> Pathway:
    """Register a referral: a new pathway in stage *referred*."""
    with transaction.atomic():
        pathway = Pathway(participant=participant, stage=Stage.REFERRED, referred_at=clock.now())
        for field in EDITABLE_FIELDS:
            if field in data:
                setattr(pathway, field, data[field])
        if pathway.scheme is not None and pathway.trade_id is None:
            # Every scheme runs one trade: choosing the scheme chooses the trade.
            pathway.trade = pathway.scheme.trade
        if pathway.trade_id is None:
            raise DomainError(_("Trade: choose the trade, or a scheme that runs it."), field="trade")
        if pathway.coordinator_id is None and getattr(actor, "is_authenticated", False):
            pathway.coordinator = actor
        if pathway.curriculum_id is None:
            pathway.curriculum = pathway.trade.curricula.order_by("-valid_from", "code").first()
        validate(pathway)
        _check_scheme_and_workplace(pathway)
        # One person, one open pathway per trade, unless the user confirms a second. Only
        # pathways the user may see count: a hint about another organisation's case
        # would tell them more than they may know.
        existing = list(
            visible_pathways(actor)
            .filter(participant_id=participant.pk, trade_id=pathway.trade_id)
            .exclude(stage__in=CLOSED_STAGES)
            .values_list("pk", flat=True)
        )
        if existing and not confirm_duplicate:
            raise DuplicatePathway(existing)
        pathway.save()
        if not can_manage_pathway(actor, pathway):
            # A caseworker may register pathways only where they will be able to follow them.
            raise DomainError(
                _("Scheme: you may only register pathways in your own organisation's schemes."), field="scheme"
            )
        data_out: dict[str, Any] = {"stage": Stage.REFERRED}
        if existing:
            data_out["confirmed_duplicate_of"] = existing
        record_event("pathway.created", pathway, actor=actor, pathway=pathway, data=data_out)
    return pathway


def _check_kept_fields(pathway: Pathway, before: dict[str, Any]) -> None:
    """From start-up on, the coordinator, the workplace and the planned dates cannot be
    cleared once given; under contract they are all required."""
    labels = {
        "coordinator": _("Responsible coordinator: a pathway in start-up or later must have one."),
        "workplace": _("Workplace: a pathway in start-up or later keeps its workplace; choose another instead."),
        "planned_start": _("Planned start: a pathway in start-up or later keeps its planned dates."),
        "planned_end": _("Planned end: a pathway in start-up or later keeps its planned dates."),
    }
    if pathway.stage not in TRADE_LOCKED_STAGES or pathway.stage in CLOSED_STAGES:
        return
    for field in KEPT_FROM_START_UP:
        if getattr(pathway, f"{field}_id" if field in ("coordinator", "workplace") else field) is not None:
            continue
        was_given = before.get(field) is not None
        if field == "coordinator" or was_given or pathway.stage in UNDER_CONTRACT:
            raise DomainError(labels[field], field=field)


def update_pathway(*, actor: Any, pathway_id: int, expected_version: int, data: dict[str, Any]) -> Pathway:
    with transaction.atomic():
        pathway = _locked_pathway(actor, pathway_id, expected_version)
        changed = [f for f in EDITABLE_FIELDS if f in data and getattr(pathway, f) != data[f]]
        if not changed:
            return pathway
        if "trade" in changed and pathway.stage in TRADE_LOCKED_STAGES:
            raise DomainError(_("Trade: the trade cannot be changed after start-up has begun."), field="trade")
        for guard in _EDIT_GUARDS:
            refusal = guard(pathway, changed)
            if refusal is not None:
                raise refusal
        before = {f: getattr(pathway, f) for f in KEPT_FROM_START_UP}
        for field in changed:
            setattr(pathway, field, data[field])
        validate(pathway)
        _check_scheme_and_workplace(pathway)
        _check_kept_fields(pathway, before)
        _touch(pathway, *changed)
        # Permission is checked on the pathway as it is after the change (saved inside
        # this transaction, rolled back on refusal): moving it to another organisation's
        # scheme or clearing its coordinator must not move it out of the user's reach.
        if not can_manage_pathway(actor, pathway):
            raise DomainError(
                _("Scheme: the change would move the pathway out of what you follow. Choose one of your own schemes."),
                field="scheme" if "scheme" in changed else None,
            )
        record_event("pathway.updated", pathway, actor=actor, pathway=pathway, data={"fields": changed})
    return pathway


# The most pathways one bulk action may change (one page of the list at most, several
# times over: a coordinator handing over a caseload does it a few pages at a time).
BULK_LIMIT = 500


def coordinators_for(actor: Any) -> Any:
    """Whom the actor may hand pathways to: the active coordinators and advisers of the
    organisations the actor coordinates for (their colleagues, and themself), or every
    active caseworker for the administrator."""
    from fagvei.accounts.access import scope_for
    from fagvei.accounts.models import CASEWORKER_ROLES, User

    scope = scope_for(actor)
    users = User.objects.filter(is_active=True, memberships__role__in=CASEWORKER_ROLES)
    if not scope.is_admin:
        users = users.filter(memberships__organisation_id__in=scope.orgs_with(*CASEWORKER_ROLES))
    return users.distinct().order_by("first_name", "last_name", "username")


def reassign_pathways(*, actor: Any, pathway_ids: list[int], coordinator: Any) -> list[Pathway]:
    """Make ``coordinator`` the responsible coordinator of every pathway in ``pathway_ids``
    in one action (issue 12): all of them or none, each change audited as its own event.
    The actor must manage each pathway before and after; the new coordinator must be one
    the actor may hand to (``coordinators_for``) and manage the pathway after the change."""
    ids = sorted(set(pathway_ids))
    if not ids:
        raise DomainError(_("Pathways: choose at least one pathway."), field="pathways")
    if len(ids) > BULK_LIMIT:
        raise DomainError(
            _("Pathways: at most %(n)s pathways at a time.") % {"n": BULK_LIMIT},
            field="pathways",
        )
    if coordinator is None or not coordinators_for(actor).filter(pk=coordinator.pk).exists():
        raise DomainError(_("Coordinator: choose one of the listed coordinators."), field="coordinator")
    changed: list[Pathway] = []
    with transaction.atomic():
        for pathway_id in ids:
            pathway = _locked_pathway(actor, pathway_id)
            if pathway.stage in CLOSED_STAGES:
                raise DomainError(
                    _("Pathways: %(name)s is closed and keeps its coordinator.") % {"name": pathway.participant},
                    field="pathways",
                )
            if pathway.coordinator_id == coordinator.pk:
                continue
            before = pathway.coordinator_id
            pathway.coordinator = coordinator
            _touch(pathway, "coordinator")
            # As the pathway is after the change: both must manage it.
            if not can_manage_pathway(actor, pathway) or not can_manage_pathway(coordinator, pathway):
                raise DomainError(
                    _("Coordinator: %(name)s would be moved out of what you or the new coordinator follow.")
                    % {"name": pathway.participant},
                    field="coordinator",
                )
            record_event(
                "pathway.reassigned",
                pathway,
                actor=actor,
                pathway=pathway,
                data={"from": before, "to": coordinator.pk},
            )
            changed.append(pathway)
    return changed


def save_screening(*, actor: Any, pathway_id: int, expected_version: int | None, data: dict[str, Any]) -> Screening:
    """Register or correct the structured screening (seed 002, "Inntak")."""
    with transaction.atomic():
        pathway = _locked_pathway(actor, pathway_id)
        if pathway.stage not in (Stage.SCREENING, Stage.ADMITTED, Stage.STARTING):
            raise DomainError(_("The screening can only be registered while the pathway is in screening or start-up."))
        screening = Screening.objects.select_for_update().filter(pathway=pathway).first()
        created = screening is None
        if screening is None:
            screening = Screening(pathway=pathway, screened_by=actor)
        elif expected_version is None or screening.version != expected_version:
            # No version means the user filled in a new screening: one was registered
            # meanwhile (by someone else), and saving over it would lose it.
            raise StaleObject()
        changed = [k for k, v in data.items() if getattr(screening, k, None) != v]
        if not created and not changed:
            return screening
        for key, value in data.items():
            setattr(screening, key, value)
        if not created:
            screening.version += 1
        screening.screened_by = actor
        validate(screening, exclude=["pathway", "screened_by"])
        _check_years_against_age(screening, pathway.participant)
        screening.save()
        _touch(pathway)
        record_event("screening.saved", screening, actor=actor, pathway=pathway, data={"fields": sorted(changed)})
    return screening


def age_in_years(birth_date: dt.date | None, on: dt.date) -> Decimal | None:
    """Whole years (with tenths) of age on a day, or None when the birth date is unknown."""
    if birth_date is None:
        return None
    return (Decimal((on - birth_date).days) / Decimal("365.25")).quantize(Decimal("0.1"))


def years_problem(field_label: Any, years: Any, birth_date: dt.date | None, on: dt.date) -> str | None:
    """Years in Norway or of work cannot exceed the person's age (used by the form for
    early feedback and by ``save_screening`` as the rule)."""
    age = age_in_years(birth_date, on)
    if age is None or years is None or Decimal(years) <= age:
        return None
    return _("%(field)s: cannot be more than the person's age (%(age)s years).") % {
        "field": field_label,
        "age": str(age).replace(".", ","),
    }


def _check_years_against_age(screening: Screening, person: Any) -> None:
    for field in ("years_in_norway", "work_experience_years"):
        label = getattr(Screening._meta.get_field(field), "verbose_name", field)
        problem = years_problem(
            str(label).capitalize(), getattr(screening, field), person.birth_date, screening.screened_on
        )
        if problem:
            raise DomainError(problem, field=field)


def add_member(*, actor: Any, pathway_id: int, person: Any, role: str) -> PathwayMember:
    with transaction.atomic():
        pathway = _locked_pathway(actor, pathway_id)
        if role not in PathwayMember.Role.values:
            raise DomainError(_("Role: choose one of the listed roles."), field="role")
        if person.pk == pathway.participant_id:
            raise DomainError(_("Person: the participant cannot be a member of their own pathway."), field="person")
        if pathway.members.filter(person=person, role=role).exists():
            raise DomainError(_("Person: this person already has that role on the pathway."), field="person")
        member = PathwayMember.objects.create(pathway=pathway, person=person, role=role)
        _touch(pathway)
        record_event("member.added", member, actor=actor, pathway=pathway, data={"role": role})
    return member


def remove_member(*, actor: Any, pathway_id: int, member_id: int) -> None:
    with transaction.atomic():
        pathway = _locked_pathway(actor, pathway_id)
        member = pathway.members.filter(pk=member_id).first()
        if member is None:
            raise DomainError(_("That member is no longer on the pathway."))
        if pathway.stage in (Stage.IN_TRAINING, Stage.INTERRUPTED):
            remaining = pathway.members.exclude(pk=member.pk).filter(
                role__in=[PathwayMember.Role.MENTOR, PathwayMember.Role.INSTRUCTOR]
            )
            if member.role in (PathwayMember.Role.MENTOR, PathwayMember.Role.INSTRUCTOR) and not remaining.exists():
                raise DomainError(
                    _("A pathway in training must keep a mentor or an instructor. Add the new one first.")
                )
        record_event("member.removed", member, actor=actor, pathway=pathway, data={"role": member.role})
        member.delete()
        _touch(pathway)


def register_consent(*, actor: Any, pathway_id: int, purpose: str, receiving_party: str, given_on: dt.date) -> Consent:
    with transaction.atomic():
        pathway = _locked_pathway(actor, pathway_id)
        if given_on > clock.today():
            raise DomainError(_("Given on: the date cannot be in the future."), field="given_on")
        if pathway.consents.filter(
            purpose=purpose, withdrawn_on__isnull=True, receiving_party=receiving_party
        ).exists():
            raise DomainError(_("Purpose: an active consent for this purpose is already registered."), field="purpose")
        consent = Consent(
            pathway=pathway, purpose=purpose, receiving_party=receiving_party, given_on=given_on, registered_by=actor
        )
        validate(consent, exclude=["pathway", "registered_by"])
        consent.save()
        _touch(pathway)
        record_event("consent.registered", consent, actor=actor, pathway=pathway, data={"purpose": purpose})
    return consent


def withdraw_consent(*, actor: Any, pathway_id: int, consent_id: int, withdrawn_on: dt.date) -> Consent:
    with transaction.atomic():
        pathway = _locked_pathway(actor, pathway_id)
        consent = pathway.consents.select_for_update().filter(pk=consent_id).first()
        if consent is None:
            raise DomainError(_("That consent is not registered on this pathway."))
        if consent.withdrawn_on is not None:
            return consent
        if withdrawn_on < consent.given_on or withdrawn_on > clock.today():
            raise DomainError(
                _("Withdrawn on: the date must be between the day it was given and today."), field="withdrawn_on"
            )
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on"])
        _touch(pathway)
        record_event("consent.withdrawn", consent, actor=actor, pathway=pathway, data={"purpose": consent.purpose})
    return consent


# Seed 002 ("Søke politiattest"): an attest is shown shortly before practice starts. We
# take the usual rule that the attest may be at most three months old when checked.
POLICE_CERTIFICATE_MAX_AGE = dt.timedelta(days=92)


def register_police_certificate(
    *, actor: Any, pathway_id: int, issued_on: dt.date, checked_on: dt.date, expected_version: int | None = None
) -> PoliceCertificate:
    """Record that the police certificate was shown and checked — never its content
    (GDPR art. 10 data). ``expected_version`` is the version of the registration the
    user saw, None when there was none; a registration made meanwhile is not replaced."""
    with transaction.atomic():
        pathway = _locked_pathway(actor, pathway_id)
        if not pathway.trade.requires_police_certificate:
            raise DomainError(
                _("The trade %(trade)s does not require a police certificate.") % {"trade": pathway.trade}
            )
        today = clock.today()
        if checked_on > today:
            raise DomainError(_("Checked on: the date cannot be in the future."), field="checked_on")
        if issued_on > checked_on:
            raise DomainError(_("Issued on: the certificate cannot be issued after it was checked."), field="issued_on")
        if checked_on - issued_on > POLICE_CERTIFICATE_MAX_AGE:
            raise DomainError(
                _("Issued on: the certificate was more than three months old when it was checked."), field="issued_on"
            )
        certificate = PoliceCertificate.objects.select_for_update().filter(pathway=pathway).first()
        if certificate is None:
            certificate = PoliceCertificate(pathway=pathway)
        elif expected_version is None or certificate.version != expected_version:
            raise StaleObject()
        else:
            certificate.version += 1
        certificate.issued_on = issued_on
        certificate.checked_on = checked_on
        certificate.checked_by = actor
        try:
            certificate.save()
        except IntegrityError as exc:  # the database constraint, should the checks above miss
            raise DomainError(_("Issued on: the certificate cannot be issued after it was checked.")) from exc
        _touch(pathway)
        record_event("police_certificate.registered", certificate, actor=actor, pathway=pathway, data={})
    return certificate


# Transitions --------------------------------------------------------------------------


def _transition(
    name: str,
    *,
    actor: Any,
    pathway_id: int,
    expected_version: int | None = None,
    reason: str = "",
    extra: dict[str, Any] | None = None,
    apply: Any = None,
    by_contract: bool = False,
) -> Pathway:
    transition = TRANSITIONS[name]
    with transaction.atomic():
        if by_contract:
            # The contract's function has authorised the actor: the county adviser who
            # cancels a contract moves the pathway without managing it (ol. § 7-3).
            pathway = lock(Pathway, pathway_id, expected_version=expected_version)
        else:
            pathway = _locked_pathway(actor, pathway_id, expected_version)
        if pathway.stage not in transition.sources:
            raise DomainError(
                _("“%(action)s” is not possible when the pathway is %(stage)s.")
                % {"action": transition.label, "stage": pathway.get_stage_display().lower()}
            )
        # A step the contract takes (an interruption, an ending) is checked by the contract's
        # own rules; the pathway's rules still hold, the contract app's step guards do not.
        missing = [str(m) for m in base_missing(name, pathway)] if by_contract else transition.missing(pathway)
        if missing:
            raise DomainError(*missing)
        if "reason" in transition.inputs and not by_contract and not reason.strip():
            raise DomainError(_("Reason: write the reason for the decision."), field="reason")
        old_stage = pathway.stage
        now = clock.now()
        pathway.stage = transition.target
        setattr(pathway, transition.timestamp_field, now)
        fields = ["stage", transition.timestamp_field]
        if apply is not None:
            fields += apply(pathway, now, old_stage)
        _touch(pathway, *fields)
        # The event holds codes and dates only: a reason typed by the user stays on the
        # pathway's own row, where it can be corrected or pseudonymised (ARCHITECTURE.md).
        data: dict[str, Any] = {"from": old_stage, "to": pathway.stage}
        if by_contract:
            data["by_contract"] = True
        data.update(extra or {})
        record_event(f"pathway.{name}", pathway, actor=actor, pathway=pathway, data=data)
    return pathway


def start_screening(*, actor: Any, pathway_id: int, expected_version: int | None = None) -> Pathway:
    return _transition("start_screening", actor=actor, pathway_id=pathway_id, expected_version=expected_version)


def _keep_decision_reason(reason: str) -> Any:
    def apply(pathway: Pathway, now: dt.datetime, old_stage: str) -> list[str]:
        pathway.decision_reason = reason.strip()
        return ["decision_reason"]

    return apply


def admit_pathway(*, actor: Any, pathway_id: int, reason: str, expected_version: int | None = None) -> Pathway:
    return _transition(
        "admit",
        actor=actor,
        pathway_id=pathway_id,
        expected_version=expected_version,
        reason=reason,
        apply=_keep_decision_reason(reason),
    )


def decline_pathway(*, actor: Any, pathway_id: int, reason: str, expected_version: int | None = None) -> Pathway:
    return _transition(
        "decline",
        actor=actor,
        pathway_id=pathway_id,
        expected_version=expected_version,
        reason=reason,
        apply=_keep_decision_reason(reason),
    )


def begin_start_up(*, actor: Any, pathway_id: int, expected_version: int | None = None) -> Pathway:
    return _transition("begin_start_up", actor=actor, pathway_id=pathway_id, expected_version=expected_version)


def _actual_date(
    value: dt.date | None, label: Any, field: str, *, not_before: dt.date | None, before_label: Any
) -> dt.date:
    """A date the user gives for something that has happened: given, not in the future,
    and not before what it follows."""
    if value is None:
        raise DomainError(_("%(field)s: give the date.") % {"field": label}, field=field)
    if value > clock.today():
        raise DomainError(_("%(field)s: the date cannot be in the future.") % {"field": label}, field=field)
    if not_before is not None and value < not_before:
        raise DomainError(
            _("%(field)s: the date cannot be before %(what)s (%(date)s).")
            % {"field": label, "what": before_label, "date": formats.date_format(not_before, "SHORT_DATE_FORMAT")},
            field=field,
        )
    return value


def start_training(
    *, actor: Any, pathway_id: int, started_on: dt.date | None = None, expected_version: int | None = None
) -> Pathway:
    """Training starts on the day the user gives: the actual start, which may differ
    from the planned one. Without a date, today."""
    started_on = started_on or clock.today()

    def set_start(pathway: Pathway, now: dt.datetime, old_stage: str) -> list[str]:
        began = timezone.localdate(pathway.starting_at) if pathway.starting_at else None
        pathway.started_on = _actual_date(
            started_on, _("Training started on"), "started_on", not_before=began, before_label=_("start-up began")
        )
        return ["started_on"]

    return _transition(
        "start_training",
        actor=actor,
        pathway_id=pathway_id,
        expected_version=expected_version,
        extra={"started_on": started_on.isoformat()},
        apply=set_start,
    )


def _require_county_informed(county_informed: bool) -> None:
    if not county_informed:
        raise DomainError(
            _("County informed: confirm that the county has been told in writing."), field="county_informed"
        )


def interrupt_pathway(
    *, actor: Any, pathway_id: int, reason: str, county_informed: bool, expected_version: int | None = None
) -> Pathway:
    # DOMAIN.md "interrupted": a temporary interruption must be reported to the county.
    _require_county_informed(county_informed)

    def keep_reason(pathway: Pathway, now: dt.datetime, old_stage: str) -> list[str]:
        pathway.interruption_reason = reason.strip()
        return ["interruption_reason"]

    return _transition(
        "interrupt",
        actor=actor,
        pathway_id=pathway_id,
        expected_version=expected_version,
        reason=reason,
        extra={"county_informed": True},
        apply=keep_reason,
    )


def resume_pathway(
    *, actor: Any, pathway_id: int, returned_on: dt.date | None = None, expected_version: int | None = None
) -> Pathway:
    """The participant is back on the day the user gives (without one, today)."""
    returned_on = returned_on or clock.today()

    def move_end_date(pathway: Pathway, now: dt.datetime, old_stage: str) -> list[str]:
        away_from = timezone.localdate(pathway.interrupted_at) if pathway.interrupted_at else None
        pathway.returned_on = _actual_date(
            returned_on,
            _("Returned on"),
            "returned_on",
            not_before=away_from,
            before_label=_("the interruption began"),
        )
        fields = ["returned_on"]
        # DOMAIN.md "interrupted": the end date moves by the time away.
        if pathway.planned_end and away_from is not None:
            away = (returned_on - away_from).days
            if away > 0:
                moved = add_days(pathway.planned_end, away)
                if moved is None:
                    raise DomainError(
                        _("Planned end: moved by the time away, the end date would be out of range. Correct it first."),
                        field="planned_end",
                    )
                pathway.planned_end = moved
                fields.append("planned_end")
        return fields

    return _transition(
        "resume",
        actor=actor,
        pathway_id=pathway_id,
        expected_version=expected_version,
        extra={"returned_on": returned_on.isoformat()},
        apply=move_end_date,
    )


def complete_pathway(
    *, actor: Any, pathway_id: int, passed_on: dt.date | None = None, expected_version: int | None = None
) -> Pathway:
    """Complete the pathway: the trade test has been passed (DOMAIN.md "completed"). Where
    an app keeps the trade tests (fagvei/exams registers it), the completion date is the
    passed test's date, and there is no completion without one; ``passed_on`` may then be
    left out, and a different date is refused."""
    extra: dict[str, Any] = {}

    def set_passed(pathway: Pathway, now: dt.datetime, old_stage: str) -> list[str]:
        day = passed_on
        if _TRADE_TEST_DATES:
            tested = _TRADE_TEST_DATES[0](pathway)
            if tested is None:
                raise DomainError(
                    _(
                        "Trade test: no passed trade test is registered; a pathway is completed when its trade test"
                        " is passed (ofo. §§ 9-5, 9-55). Record the result on the exams page first."
                    ),
                    field="passed_on",
                )
            if day is not None and day != tested:
                raise DomainError(
                    _(
                        "Trade test passed on: the completion date is the date of the passed trade test, %(date)s"
                        " (ofo. § 9-55)."
                    )
                    % {"date": formats.date_format(tested, "SHORT_DATE_FORMAT")},
                    field="passed_on",
                )
            day = tested
        if day is None:
            raise DomainError(_("Trade test passed on: give the date the trade test was passed."), field="passed_on")
        # The trade test is taken during or at the end of training (ofo. § 9-55): it
        # cannot have been passed before training started, nor in the future.
        started = pathway.started_on or (
            timezone.localdate(pathway.training_started_at) if pathway.training_started_at else None
        )
        pathway.trade_test_passed_on = _actual_date(
            day, _("Trade test passed on"), "passed_on", not_before=started, before_label=_("training started")
        )
        extra["trade_test_passed_on"] = day.isoformat()
        return ["trade_test_passed_on"]

    if passed_on is None and not _TRADE_TEST_DATES:
        raise DomainError(_("Trade test passed on: give the date the trade test was passed."), field="passed_on")
    return _transition(
        "complete",
        actor=actor,
        pathway_id=pathway_id,
        expected_version=expected_version,
        extra=extra,
        apply=set_passed,
    )


# Where the passed trade test's date is found (fagvei/exams registers it when it starts):
# completion takes that date and is refused without one.
_TRADE_TEST_DATES: list[Callable[[Pathway], dt.date | None]] = []


def register_trade_test_date(source: Callable[[Pathway], dt.date | None]) -> None:
    if source not in _TRADE_TEST_DATES:
        _TRADE_TEST_DATES.append(source)


def trade_test_date(pathway: Pathway) -> dt.date | None:
    """The date of the pathway's passed trade test, where an app keeps them."""
    return _TRADE_TEST_DATES[0](pathway) if _TRADE_TEST_DATES else None


def end_pathway(
    *,
    actor: Any,
    pathway_id: int,
    end_reason: str,
    reason: str,
    county_informed: bool = False,
    expected_version: int | None = None,
) -> Pathway:
    """End the pathway: ``end_reason`` is the code, ``reason`` the user's words."""
    if end_reason not in EndReason.values:
        raise DomainError(_("End reason: choose one of the listed reasons."), field="end_reason")
    if not reason.strip():
        raise DomainError(_("Reason: describe why the pathway ends."), field="reason")

    def set_reason(pathway: Pathway, now: dt.datetime, old_stage: str) -> list[str]:
        # ol. § 7-3 first ledd: a contract is terminated only by agreement with the county
        # told in writing beforehand; second ledd: it is cancelled by the county's
        # decision, which is mandatory when the participant withdraws in writing — so a
        # withdrawal under contract must reach the county too.
        under_contract = old_stage in UNDER_CONTRACT
        if under_contract and end_reason in (EndReason.TERMINATED, EndReason.CANCELLED, EndReason.WITHDRAWN):
            _require_county_informed(county_informed)
        pathway.end_reason = end_reason
        pathway.end_note = reason.strip()
        return ["end_reason", "end_note"]

    return _transition(
        "end",
        actor=actor,
        pathway_id=pathway_id,
        expected_version=expected_version,
        reason=reason,
        extra={"end_reason": end_reason, "county_informed": bool(county_informed)},
        apply=set_reason,
    )


# Steps the contract takes (fagvei/contracts/services.py) --------------------------------
# Called inside the contract's transaction: the contract's rules have been checked there,
# and the text the user wrote stays on the contract's rows.


def interrupt_under_contract(*, actor: Any, pathway_id: int, starts_on: dt.date) -> Pathway:
    return _transition(
        "interrupt", actor=actor, pathway_id=pathway_id, extra={"starts_on": starts_on.isoformat()}, by_contract=True
    )


def resume_under_contract(*, actor: Any, pathway_id: int, returned_on: dt.date, planned_end: dt.date) -> Pathway:
    def set_dates(pathway: Pathway, now: dt.datetime, old_stage: str) -> list[str]:
        pathway.returned_on = returned_on
        pathway.planned_end = planned_end
        return ["returned_on", "planned_end"]

    return _transition(
        "resume",
        actor=actor,
        pathway_id=pathway_id,
        extra={"returned_on": returned_on.isoformat()},
        apply=set_dates,
        by_contract=True,
    )


def end_under_contract(*, actor: Any, pathway_id: int, end_reason: str) -> Pathway:
    def set_reason(pathway: Pathway, now: dt.datetime, old_stage: str) -> list[str]:
        pathway.end_reason = end_reason
        return ["end_reason"]

    return _transition(
        "end",
        actor=actor,
        pathway_id=pathway_id,
        extra={"end_reason": end_reason, "county_informed": True},
        apply=set_reason,
        by_contract=True,
    )


def follow_contract(pathway: Pathway, *, workplace_id: int, start: dt.date, end: dt.date) -> None:
    """The pathway's workplace and planned dates are the contract's (issue 10: the planned
    end is the contract's end). The caller holds the pathway's lock."""
    changed = []
    for field, value in (("workplace_id", workplace_id), ("planned_start", start), ("planned_end", end)):
        if getattr(pathway, field) != value:
            setattr(pathway, field, value)
            changed.append(field.removesuffix("_id"))
    if changed:
        _touch(pathway, *changed)


# Fields another app keeps (the contract keeps the workplace and the planned dates): a
# guard returns a refusal for a change ``update_pathway`` is asked to make, or None.
_EDIT_GUARDS: list[Any] = []


def register_edit_guard(guard: Any) -> None:
    _EDIT_GUARDS.append(guard)
