"""The pathway lifecycle: one table of allowed transitions and their preconditions.

DOMAIN.md: referred → screening → admitted | declined → starting → in_training
⇄ interrupted → completed | ended.

Each transition names the stages it may start from, the stage it leads to, the
milestone timestamp it sets, what the user must supply, and a check that lists
what is missing. The domain functions in ``services.py`` apply the table; the
pathway page uses ``transitions_for`` to offer only what is allowed now and to say
why the rest is not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fagvei.core.transitions import Check, Missing, Offer, Transition, offers, table

from .models import Consent, PathwayMember, Stage

SERVICES = "fagvei.pathways.services."


# Where each missing thing is fixed: a URL name taking the pathway's id, and what to add
# to it (a query string that preselects, or the field's anchor on the edit form).
FIXES: dict[str, tuple[str, str]] = {
    "screening": ("pathway_screening", ""),
    "coordinator": ("pathway_edit", "#id_coordinator"),
    "workplace": ("pathway_edit", "#id_workplace"),
    "dates": ("pathway_edit", "#id_planned_start"),
    "consent": ("pathway_consent_add", "?purpose=participation"),
    "police_certificate": ("pathway_police_certificate", ""),
    "mentor": ("pathway_member_add", "?role=mentor"),
}
# Fixes that apps above pathways add (the contract page, say), by the same keys.
_EXTRA_FIXES: dict[str, Callable[[Any], str]] = {}


def fix_url(pathway: Any, fix: str) -> str:
    if fix in _EXTRA_FIXES:
        return _EXTRA_FIXES[fix](pathway)
    if fix not in FIXES:
        return ""
    name, suffix = FIXES[fix]
    return reverse(name, args=[pathway.pk]) + suffix


ACTIVE_STAGES = frozenset(
    {Stage.REFERRED, Stage.SCREENING, Stage.ADMITTED, Stage.STARTING, Stage.IN_TRAINING, Stage.INTERRUPTED}
)
CLOSED_STAGES = frozenset({Stage.DECLINED, Stage.COMPLETED, Stage.ENDED})


def _has_screening(pathway: Any) -> bool:
    try:
        return pathway.screening is not None
    except pathway._meta.get_field("screening").related_model.DoesNotExist:
        return False


def _check_admit(pathway: Any) -> list[Missing]:
    # DOMAIN.md / seed 002 "Vurdering og opptak": admission builds on the interview
    # and the structured screening.
    return [] if _has_screening(pathway) else [Missing(_("The screening has not been registered."), "screening")]


def _check_begin_start_up(pathway: Any) -> list[Missing]:
    if pathway.coordinator_id:
        return []
    return [Missing(_("No responsible coordinator has been named."), "coordinator")]


def active_consent_purposes(pathway: Any) -> set[str]:
    return {c.purpose for c in pathway.consents.all() if c.withdrawn_on is None}


def member_roles(pathway: Any) -> set[str]:
    return {m.role for m in pathway.members.all()}


def has_police_certificate(pathway: Any) -> bool:
    try:
        return pathway.police_certificate is not None
    except pathway._meta.get_field("police_certificate").related_model.DoesNotExist:
        return False


def approval_in_force(approval: Any, trade_id: int) -> bool:
    """An approval for the trade that counts today: active, and not lapsed two years after
    its last contract ended (ol. § 7-9 third ledd)."""
    return approval.trade_id == trade_id and approval.status == approval.Status.ACTIVE and not approval.has_lapsed


def workplace_is_approved(pathway: Any) -> bool:
    if not pathway.workplace_id:
        return False
    # ofo. § 6-13: training takes place in a company approved for the trade; an
    # approval that has lapsed (ol. § 7-9) or been withdrawn does not count.
    return any(approval_in_force(a, pathway.trade_id) for a in pathway.workplace.approvals.all())


def _check_start_training(pathway: Any) -> list[Missing]:
    missing: list[Missing] = []
    if not pathway.workplace_id:
        missing.append(Missing(_("No workplace has been named."), "workplace"))
    elif not workplace_is_approved(pathway):
        missing.append(
            Missing(
                _("The workplace %(name)s is not approved for %(trade)s.")
                % {"name": pathway.workplace.name, "trade": pathway.trade.name},
                "workplace",
            )
        )
    # Seed 002 "Inntakssamtale": the participation agreement and consent are signed
    # before intake.
    if Consent.Purpose.PARTICIPATION not in active_consent_purposes(pathway):
        missing.append(Missing(_("The consent to participation has not been registered."), "consent"))
    # Seed 002: police certificate before practice in health and child and youth work.
    if pathway.trade.requires_police_certificate and not has_police_certificate(pathway):
        missing.append(Missing(_("The police certificate has not been registered."), "police_certificate"))
    # Seed 002 (fadder) and ofo. § 9-13 (instructor): someone at the workplace
    # follows the participant.
    if not member_roles(pathway) & {PathwayMember.Role.MENTOR, PathwayMember.Role.INSTRUCTOR}:
        missing.append(Missing(_("No mentor or instructor has been named."), "mentor"))
    if not pathway.planned_start or not pathway.planned_end:
        missing.append(Missing(_("The planned start and end dates have not been set."), "dates"))
    return missing


TRANSITIONS: dict[str, Transition] = table(
    [
        Transition(
            "start_screening",
            _("Start screening"),
            frozenset({Stage.REFERRED}),
            Stage.SCREENING,
            "screening_at",
            SERVICES + "start_screening",
        ),
        Transition(
            "admit",
            _("Admit"),
            frozenset({Stage.SCREENING}),
            Stage.ADMITTED,
            "admitted_at",
            SERVICES + "admit_pathway",
            inputs=("reason",),
            check=_check_admit,
        ),
        Transition(
            "decline",
            _("Decline"),
            frozenset({Stage.SCREENING}),
            Stage.DECLINED,
            "declined_at",
            SERVICES + "decline_pathway",
            inputs=("reason",),
            danger=True,
        ),
        Transition(
            "begin_start_up",
            _("Begin start-up"),
            frozenset({Stage.ADMITTED}),
            Stage.STARTING,
            "starting_at",
            SERVICES + "begin_start_up",
            check=_check_begin_start_up,
        ),
        Transition(
            "start_training",
            _("Start training"),
            frozenset({Stage.STARTING}),
            Stage.IN_TRAINING,
            "training_started_at",
            SERVICES + "start_training",
            inputs=("started_on",),
            check=_check_start_training,
        ),
        Transition(
            "interrupt",
            _("Interrupt temporarily"),
            frozenset({Stage.IN_TRAINING}),
            Stage.INTERRUPTED,
            "interrupted_at",
            SERVICES + "interrupt_pathway",
            inputs=("reason", "county_informed"),
        ),
        Transition(
            "resume",
            _("Resume training"),
            frozenset({Stage.INTERRUPTED}),
            Stage.IN_TRAINING,
            "training_started_at",
            SERVICES + "resume_pathway",
            inputs=("returned_on",),
        ),
        Transition(
            "complete",
            _("Complete (trade test passed)"),
            frozenset({Stage.IN_TRAINING}),
            Stage.COMPLETED,
            "completed_at",
            SERVICES + "complete_pathway",
            inputs=("passed_on",),
            # Where the trade tests are kept, the date is the passed test's (services.py).
            optional_inputs=("passed_on",),
        ),
        Transition(
            "end",
            _("End the pathway"),
            ACTIVE_STAGES,
            Stage.ENDED,
            "ended_at",
            SERVICES + "end_pathway",
            inputs=("end_reason", "reason", "county_informed"),
            # Needed only when a contract ends (ol. § 7-3): end_pathway says when.
            optional_inputs=("county_informed",),
            danger=True,
        ),
    ]
)


# Preconditions that apps above pathways add to a step (registered when they start): the
# contract app asks for a signed and sent contract before training starts, and takes
# over interruptions and endings while a contract binds the parties.
_BASE_CHECKS: dict[str, Check | None] = {name: t.check for name, t in TRANSITIONS.items()}
_REGISTERED: dict[str, list[Check]] = {}


def base_missing(name: str, pathway: Any) -> list[Missing]:
    """What the pathway's own rules find missing for a step, without the registered ones."""
    check = _BASE_CHECKS[name]
    return list(check(pathway)) if check else []


def _composed(name: str) -> Check:
    def check(pathway: Any) -> list[Missing]:
        missing = base_missing(name, pathway)
        for extra in _REGISTERED.get(name, []):
            missing += extra(pathway)
        return missing

    return check


def register_precondition(
    name: str, check: Check, *, fix: str = "", fix_url: Callable[[Any], str] | None = None
) -> None:
    """Add ``check`` to the step ``name``; ``fix`` names where its problems are fixed."""
    _REGISTERED.setdefault(name, []).append(check)
    if fix and fix_url is not None:
        _EXTRA_FIXES[fix] = fix_url


for _name in TRANSITIONS:
    TRANSITIONS[_name] = dataclasses.replace(TRANSITIONS[_name], check=_composed(_name))


def transitions_for(pathway: Any) -> list[Offer]:
    """The transitions that start from the pathway's stage, each with what is missing."""
    return offers(TRANSITIONS, pathway, pathway.stage, fix_url)
