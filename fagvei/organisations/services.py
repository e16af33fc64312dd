"""Domain functions for organisations and their trade approvals: atomic, row-locked,
audited. Views call these and nothing else to change an organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fagvei.accounts.access import scope_for
from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, lock, validate
from fagvei.curricula.models import Trade
from fagvei.lib.norwegian_numbers import clean_orgnr

from .access import can_decide_approvals, can_manage_organisation, can_register_approval
from .models import Organisation, TradeApproval

EDITABLE_FIELDS = (
    "name",
    "kind",
    "org_number",
    "municipality",
    "address",
    "email",
    "phone",
    "training_office",
    "county",
)

# The status changes a caseworker may register (house habit 3: one table). An approval
# lapses two years after the last contract ended (ol. § 7-9) or is withdrawn by the
# county; either may later be followed by a new approval (ofo. § 6-13), which puts the
# row back to active. A withdrawn approval does not "lapse" afterwards.
APPROVAL_TRANSITIONS: dict[str, frozenset[str]] = {
    TradeApproval.Status.ACTIVE: frozenset({TradeApproval.Status.LAPSED, TradeApproval.Status.WITHDRAWN}),
    TradeApproval.Status.LAPSED: frozenset({TradeApproval.Status.ACTIVE, TradeApproval.Status.WITHDRAWN}),
    TradeApproval.Status.WITHDRAWN: frozenset({TradeApproval.Status.ACTIVE}),
}

DUPLICATE_ORG_NUMBER = gettext_lazy("An organisation with this organisation number is already registered.")


def normalise_org_number(value: Any) -> str:
    """The compact 9 digits when valid; otherwise the input stripped, so that the model
    validator reports it."""
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        return clean_orgnr(text)
    except ValueError:
        return text


def _refuse_unless_allowed(actor: Any, organisation: Organisation | None = None) -> None:
    # The views have already authorised; this guards callers outside views. A system
    # caller (an import) passes no actor.
    if actor is None:
        return
    allowed = scope_for(actor).is_caseworker if organisation is None else can_manage_organisation(actor, organisation)
    if not allowed:
        raise DomainError(_("You may not change this organisation."))


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {f: data[f] for f in EDITABLE_FIELDS if f in data}
    for name in ("name", "municipality", "address", "email", "phone"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "org_number" in cleaned:
        cleaned["org_number"] = normalise_org_number(cleaned["org_number"])
    return cleaned


def _check(organisation: Organisation) -> None:
    if organisation.org_number:
        duplicates = Organisation.objects.filter(org_number=organisation.org_number)
        if organisation.pk:
            duplicates = duplicates.exclude(pk=organisation.pk)
        if duplicates.exists():
            raise DomainError(DUPLICATE_ORG_NUMBER, field="org_number")
    office = organisation.training_office
    if office is not None:
        # ol. § 7-12: a company may be a member of a training office, which signs
        # contracts on its behalf; only an organisation of that kind can be one.
        if office.kind != Organisation.Kind.TRAINING_OFFICE:
            raise DomainError(
                _("Only an organisation of the kind training office can have member companies."),
                field="training_office",
            )
        if organisation.pk and office.pk == organisation.pk:
            raise DomainError(_("An organisation cannot be a member of itself."), field="training_office")
    if organisation.county is not None and organisation.county.kind != Organisation.Kind.COUNTY:
        raise DomainError(_("County: choose an organisation of the kind county."), field="county")
    if (
        organisation.pk
        and organisation.kind != Organisation.Kind.TRAINING_OFFICE
        and Organisation.objects.filter(training_office_id=organisation.pk).exists()
    ):
        raise DomainError(
            _("This training office has member companies. Move them to another training office first."),
            field="kind",
        )
    validate(organisation)


def _save(organisation: Organisation, **kwargs: Any) -> None:
    try:
        # A savepoint, so that a lost race on the unique number reads like the checked one.
        with transaction.atomic():
            organisation.save(**kwargs)
    except IntegrityError as exc:
        raise DomainError(DUPLICATE_ORG_NUMBER, field="org_number") from exc


def create_organisation(*, actor: Any, data: dict[str, Any], registered_by: Organisation | None = None) -> Organisation:
    """Register an organisation, registered by ``registered_by`` (the caseworker's own
    organisation), whose caseworkers may then keep its details up to date."""
    with transaction.atomic():
        _refuse_unless_allowed(actor)
        organisation = Organisation(registered_by_organisation=registered_by, **_clean_data(data))
        _check(organisation)
        _save(organisation)
        given = [f for f in EDITABLE_FIELDS if getattr(organisation, f) not in ("", None)]
        record_event("organisation.created", organisation, actor=actor, data={"fields": given})
    return organisation


def update_organisation(
    *, actor: Any, organisation_id: int, expected_version: int, data: dict[str, Any]
) -> Organisation:
    """Correct an organisation's details. A save based on a stale version is refused."""
    with transaction.atomic():
        organisation: Organisation = lock(Organisation, organisation_id, expected_version=expected_version)
        _refuse_unless_allowed(actor, organisation)
        values = _clean_data(data)
        changed = [f for f in EDITABLE_FIELDS if f in values and getattr(organisation, f) != values[f]]
        if not changed:
            return organisation
        for field in changed:
            setattr(organisation, field, values[field])
        _check(organisation)
        organisation.version += 1
        _save(organisation, update_fields=[*changed, "version"])
        record_event("organisation.updated", organisation, actor=actor, data={"fields": changed})
    return organisation


def add_trade_approval(
    *,
    actor: Any,
    organisation_id: int,
    trade: Trade | int,
    approved_on: dt.date,
    decided_by: str = "",
    reference: str = "",
) -> TradeApproval:
    """Register the county's approval of the organisation as a training company for one
    trade (ofo. § 6-13). A lapsed or withdrawn approval for the same trade is renewed:
    the row keeps one approval per trade and the events keep the earlier decisions.

    The approval is the county's decision (ol. §§ 7-5, 7-6). The county adviser of the
    organisation's county and the administrator register and renew approvals. A
    caseworker who keeps the organisation's details may register a decision the county
    has already made for a trade the company has no approval for in fagvei, giving the
    county's reference; renewing a lapsed or withdrawn approval is the county's."""
    with transaction.atomic():
        # Lock the organisation so that two clerks adding the same trade queue up.
        organisation: Organisation = lock(Organisation, organisation_id)
        county_decides = actor is None or can_decide_approvals(actor, organisation)
        if not county_decides and not can_register_approval(actor, organisation):
            raise DomainError(_("You may not register trade approvals for this organisation."))
        reference = (reference or "").strip()
        if not county_decides and not reference:
            raise DomainError(
                _("The county's reference: give the case number of the county's decision."), field="reference"
            )
        # A Trade or its id; re-read so that a deleted or made-up trade is refused.
        trade_id = trade.pk if isinstance(trade, Trade) else trade
        found = Trade.objects.filter(pk=trade_id).first() if trade_id is not None else None
        if found is None:
            raise DomainError(_("Choose a trade from the list."), field="trade")
        if approved_on is None:
            raise DomainError(_("Enter the date of the approval."), field="approved_on")
        if approved_on > clock.today():
            # An approval is a decision already made by the county.
            raise DomainError(_("The approval date cannot be in the future."), field="approved_on")
        decided_by = (decided_by or "").strip()
        approval = TradeApproval.objects.select_for_update().filter(organisation=organisation, trade=found).first()
        source = "county" if county_decides else "registered_decision"
        if approval is not None:
            if approval.status == TradeApproval.Status.ACTIVE:
                raise DomainError(
                    _("%(name)s is already approved for %(trade)s.") % {"name": organisation.name, "trade": found.name},
                    field="trade",
                )
            if not county_decides:
                raise DomainError(
                    _("Trade: only the county renews a lapsed or withdrawn approval."),
                    field="trade",
                )
            previous = approval.status
            approval.status = TradeApproval.Status.ACTIVE
            approval.approved_on = approved_on
            approval.decided_by = decided_by
            approval.reference = reference
            validate(approval)
            approval.save(update_fields=["status", "approved_on", "decided_by", "reference"])
            record_event(
                "approval.added",
                approval,
                actor=actor,
                data={
                    "fields": ["status", "approved_on", "decided_by", "reference"],
                    "renewed_from": previous,
                    "source": source,
                },
            )
            return approval
        approval = TradeApproval(
            organisation=organisation, trade=found, approved_on=approved_on, decided_by=decided_by, reference=reference
        )
        validate(approval)
        approval.save()
        given = ["trade", "approved_on", "status"] + [f for f in ("decided_by", "reference") if getattr(approval, f)]
        record_event("approval.added", approval, actor=actor, data={"fields": given, "source": source})
    return approval


def set_trade_approval_status(*, actor: Any, organisation_id: int, approval_id: int, status: str) -> TradeApproval:
    """Register that an approval lapsed (ol. § 7-9), was withdrawn, or was renewed."""
    with transaction.atomic():
        # Lock the organisation first, as add_trade_approval does, so both queue up in
        # the same order; the approval must belong to it.
        organisation: Organisation = lock(Organisation, organisation_id)
        if actor is not None and not can_decide_approvals(actor, organisation):
            # ol. §§ 7-5, 7-6, 7-9: approval, withdrawal and lapse are the county's.
            raise DomainError(_("Only the county changes a trade approval."))
        approval: TradeApproval | None = (
            TradeApproval.objects.select_for_update().filter(pk=approval_id, organisation=organisation).first()
        )
        if approval is None:
            raise DomainError(_("That approval is not registered for this organisation."))
        if status not in TradeApproval.Status.values:
            raise DomainError(_("Unknown approval status."), field="status")
        previous = approval.status
        if status == previous:
            return approval
        if status not in APPROVAL_TRANSITIONS.get(previous, frozenset()):
            raise DomainError(
                _("An approval that is %(old)s cannot be set to %(new)s.")
                % {
                    "old": TradeApproval.Status(previous).label.lower(),
                    "new": TradeApproval.Status(status).label.lower(),
                },
                field="status",
            )
        approval.status = status
        validate(approval)
        approval.save(update_fields=["status"])
        record_event(
            "approval.status_changed",
            approval,
            actor=actor,
            data={"fields": ["status"], "from": previous, "to": status},
        )
    return approval
