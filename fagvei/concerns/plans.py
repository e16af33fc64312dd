"""Domain functions of the follow-up plan once agreed, and of what the county adviser
records after a request for cancellation (seed 004, "Oppfølgingsplan" and "Heving ved
uenighet"):

- the parties sign the plan: each confirms in fagvei, or one who handles the concern
  records a confirmation given on paper, or a scan of the signed plan is uploaded;
- a goal is ticked as done by the person responsible or one who handles the concern;
- the temporary interruption the plan considers is started through the contract's own
  flow (``contracts.services.start_interruption``, with its report to the county);
- the county adviser records their contact with the participant.

Like ``services.py``: atomic, row-locked, version-checked, audited in the same
transaction; events carry ids and codes only. The plan is fixed once agreed: nothing
here changes its goals, measures or dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fagvei.accounts.access import scope_for
from fagvei.audit.services import record_event
from fagvei.contracts import services as contract_services
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject, lock, validate
from fagvei.documents import services as document_services
from fagvei.documents.models import Document
from fagvei.pathways.models import Pathway

from .access import HANDLING, Reading
from .models import Concern, Party, PlanGoal, PlanSignature, Status
from .services import _contract_of, _past_date, _renamed, _text, locked_handled, locked_reading, reading_of_actor

LIVE_PLAN = (Status.PLAN_AGREED, Status.FOLLOW_UP)


def _event(step: str, concern: Concern, actor: Any, obj: Any = None, **ids: int) -> None:
    # Ids and the step's code only (services.py).
    record_event(
        f"concern.{step}",
        obj if obj is not None else concern,
        actor=actor,
        pathway=concern.pathway,
        data={"concern": concern.pk, "step": step, **ids},
    )


def _awaiting_signatures(concern: Concern) -> None:
    if concern.status != Status.PLAN_AGREED:
        raise DomainError(_("The plan can be signed only after it is agreed and before the follow-up starts."))


def _sign(concern: Concern, party: str, actor: Any, signed_on: dt.date, *, on_paper: bool) -> PlanSignature:
    signature = PlanSignature(
        concern=concern,
        party=party,
        signed_on=signed_on,
        on_paper=on_paper,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    validate(signature, exclude=["concern", "recorded_by"])
    if PlanSignature.objects.filter(concern_id=concern.pk, party=party).exists():
        raise DomainError(
            _("Signature: %(party)s has already confirmed the plan.") % {"party": Party(party).label}, field="party"
        )
    signature.save()
    concern.version += 1
    concern.save(update_fields=["version"])
    return signature


def parties_of(actor: Any, concern: Concern, reading: Any) -> list[str]:
    """The parties the logged-in user confirms the plan as: the participant for their
    own plan; the company side for one who handles the concern."""
    parties: list[str] = []
    person_id = scope_for(actor).person_id
    if reading == Reading.PARTICIPANT or (person_id is not None and person_id == concern.pathway.participant_id):
        parties.append(Party.PARTICIPANT)
    elif reading in HANDLING:
        parties.append(Party.COMPANY)
    return parties


def confirm_plan(*, actor: Any, concern_id: int, expected_version: int | None, party: str) -> PlanSignature:
    """The logged-in party confirms the follow-up plan in fagvei, recorded with the time
    (seed 004: "Plan med tiltak undertegnes av partene"): the participant from their own
    login, the company side by one who handles the concern."""
    with transaction.atomic():
        concern, reading = locked_reading(actor, concern_id, expected_version)
        _awaiting_signatures(concern)
        if party not in Party.values:
            raise DomainError(_("Party: choose one of the parties to the plan."), field="party")
        if party not in parties_of(actor, concern, reading):
            raise DomainError(
                _("Signature: only %(party)s confirms the plan as that party.") % {"party": Party(party).label},
                field="party",
            )
        signature = _sign(concern, party, actor, clock.today(), on_paper=False)
        _event("plan_confirmed", concern, actor, signature, signature=signature.pk)
    return signature


def record_paper_signature(
    *, actor: Any, concern_id: int, expected_version: int | None, party: str, signed_on: dt.date | None
) -> PlanSignature:
    """One who handles the concern records a party's confirmation given on paper, with
    the date on the paper; the page marks it as given on paper."""
    with transaction.atomic():
        concern = locked_handled(actor, concern_id, expected_version)
        _awaiting_signatures(concern)
        if party not in Party.values:
            raise DomainError(_("Party: choose one of the parties to the plan."), field="party")
        # Named as the form names the field: the page shows the label once.
        day = _past_date(signed_on, "signed_on", _("Signed on paper on"), not_before=concern.clarification_on)
        signature = _sign(concern, party, actor, day, on_paper=True)
        _event("plan_signed_on_paper", concern, actor, signature, signature=signature.pk)
    return signature


def attach_signed_plan(
    *, actor: Any, concern_id: int, expected_version: int | None, upload: Any, signed_on: dt.date | None
) -> Concern:
    """A scan of the plan signed by the parties on paper, kept as a document on the
    pathway (seen by those who manage it and the participant, never by a mentor:
    documents/access.py), in place of each party confirming in fagvei."""
    with transaction.atomic():
        concern = locked_handled(actor, concern_id, expected_version)
        _awaiting_signatures(concern)
        if upload is None:
            raise DomainError(_("Signed plan: choose the scanned file."), field="upload")
        day = _past_date(signed_on, "signed_on", _("Signed on"), not_before=concern.clarification_on)
        document = document_services.upload_document(
            actor=actor,
            pathway_id=concern.pathway_id,
            kind=Document.Kind.SIGNED_PLAN,
            title=_("Signed follow-up plan"),
            upload=upload,
        )
        concern.plan_scan = document
        concern.plan_scan_signed_on = day
        concern.version += 1
        validate(concern)
        concern.save(update_fields=["plan_scan", "plan_scan_signed_on", "version"])
        _event("plan_scan_attached", concern, actor, document=document.pk)
    return concern


def may_tick(actor: Any, goal: PlanGoal, reading: Any) -> bool:
    """The person responsible for the goal, or one who handles the concern."""
    person_id = scope_for(actor).person_id
    return reading in HANDLING or (person_id is not None and person_id == goal.responsible_id)


def complete_goal(*, actor: Any, goal_id: int, expected_version: int | None) -> PlanGoal:
    """A goal of the follow-up plan is reached: ticked by the person responsible for it
    (a mentor, instructor or teacher included) or by one who handles the concern. A goal
    ticked twice is left as it was."""
    with transaction.atomic():
        found = PlanGoal.objects.filter(pk=goal_id).values_list("concern_id", flat=True).first()
        if found is None:
            raise DomainError(_("That goal does not exist."))
        concern: Concern = lock(Concern, found)
        goal: PlanGoal = lock(PlanGoal, goal_id)
        concern.pathway = Pathway.objects.get(pk=concern.pathway_id)
        reading = reading_of_actor(actor, concern)
        if not may_tick(actor, goal, reading):
            raise DomainError(_("Goal: only the person responsible for it, or one handling the case, ticks it."))
        if expected_version is not None and goal.version != expected_version:
            raise StaleObject()
        if concern.status not in LIVE_PLAN:
            raise DomainError(_("Goal: the follow-up plan is no longer running."))
        if goal.done_at is not None:
            return goal
        goal.done_at = clock.now()
        goal.done_by = actor
        goal.version += 1
        goal.save(update_fields=["done_at", "done_by", "version"])
        _event("goal_done", concern, actor, goal, goal=goal.pk)
    return goal


def start_plan_interruption(
    *,
    actor: Any,
    concern_id: int,
    expected_version: int | None,
    reason: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None = None,
    county_told_on: dt.date | None = None,
) -> Concern:
    """The plan considered a temporary interruption and the parties chose it: the
    contract's interruption is started through its own flow, which reports it to the
    county (seed 004: "må meldes til fagopplæring"); the concern points to it."""
    with transaction.atomic():
        concern = locked_handled(actor, concern_id, expected_version)
        if concern.status not in LIVE_PLAN:
            raise DomainError(_("Interruption: started from a follow-up plan that is agreed and running."))
        if not concern.plan_consider_interruption:
            raise DomainError(
                _("Interruption: the follow-up plan did not consider a temporary interruption."),
                field="plan_consider_interruption",
            )
        if concern.interruption_id is not None:
            raise DomainError(_("Interruption: one has already been started from this plan."))
        contract = _contract_of(concern, _("interrupt"))
        try:
            interruption = contract_services.start_interruption(
                actor=actor,
                pathway_id=concern.pathway_id,
                expected_version=contract.version,
                reason=reason or "",
                starts_on=starts_on,
                ends_on=ends_on,
                county_told_on=county_told_on,
            )
        except DomainError as exc:
            raise _renamed(exc, {}) from exc
        concern.interruption = interruption
        concern.version += 1
        concern.save(update_fields=["interruption", "version"])
        _event("interruption_started", concern, actor, interruption=interruption.pk)
    return concern


def record_county_contact(
    *, actor: Any, concern_id: int, expected_version: int | None, contacted_on: dt.date | None, note: str
) -> Concern:
    """The county adviser records their contact with the participant after the request
    for cancellation was sent (seed 004: "Ved uenighet skal lærlingen kontaktes av
    rådgiver fra seksjon fagopplæring"): the date and a note. By the adviser of the
    concern's county (or the administrator), once."""
    with transaction.atomic():
        concern, reading = locked_reading(actor, concern_id, expected_version)
        if reading not in (Reading.COUNTY_ADVISER, Reading.ADMINISTRATOR):
            raise DomainError(_("Only the county adviser records the county's contact with the participant."))
        if concern.status != Status.CANCELLATION_REQUESTED:
            raise DomainError(_("Contact: recorded after a request for cancellation has been sent to the county."))
        if concern.county_contacted_on is not None:
            raise DomainError(_("Contact: the county's contact with the participant is already recorded."))
        concern.county_contacted_on = _past_date(
            contacted_on, "contacted_on", _("Contacted on"), not_before=concern.outcome_on
        )
        concern.county_contact_note = _text(note, "note", _("Note: write what the participant was told and said."))
        concern.county_contact_by = actor
        concern.version += 1
        validate(concern)
        concern.save(update_fields=["county_contacted_on", "county_contact_note", "county_contact_by", "version"])
        _event("county_contact", concern, actor)
    return concern
