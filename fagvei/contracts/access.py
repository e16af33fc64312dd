"""Who may see and change contracts, and what the county sees.

The policy (DOMAIN.md "Privacy": a county adviser sees what was sent to the county):

- Those who manage the pathway (coordinator, training office): all of the contract
  page, and they act on it; their own submissions to the county, read-only — or, where
  the county decides outside fagvei, they record its answers.
- The participant: the contract, the interruptions with their reason, the endings and
  the county's answers (it is their contract and their data).
- Others in a role on the pathway (mentor, instructor, teachers, professional manager):
  the contract's facts and dates, the interruptions without their reason; no documents,
  no correspondence with the county.
- The county adviser of the contract's county: what was sent to their county, with the
  documents sent, in the county's inbox; they decide where the county decides in fagvei.
  Never the screening, and not the contract page unless they follow the pathway.
- Anyone else: 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from fagvei.accounts.access import scope_for
from fagvei.accounts.models import Role
from fagvei.pathways.access import can_manage_pathway, get_pathway_for

from .models import Contract, CountySettings, Submission


def county_ids(user: Any) -> list[int]:
    """The counties the user is a county adviser of (ol. § 7-2: the county approves)."""
    return scope_for(user).orgs_with(Role.COUNTY_ADVISER)


def settings_for(county_id: int | None) -> CountySettings:
    """The county's settings, or the defaults where it has none (an unsaved row)."""
    if county_id is not None:
        found = CountySettings.objects.filter(county_id=county_id).first()
        if found is not None:
            return found
    defaults = CountySettings()
    defaults.county_id = county_id  # type: ignore[assignment]
    return defaults


def get_contract_page_for(user: Any, pathway_id: Any, *, write: bool = False) -> tuple[Any, Contract | None]:
    """The pathway (through its fetch helper: 404 outside the user's scope, 403 for a
    reader asking to write) and its contract, or None when it has none yet."""
    pathway = get_pathway_for(user, pathway_id, write=write)
    contract = (
        Contract.objects.select_related("company", "training_office", "county", "professional_manager")
        .filter(pathway_id=pathway.pk)
        .first()
    )
    if contract is not None:
        contract.pathway = pathway
    return pathway, contract


def is_participant(user: Any, pathway: Any) -> bool:
    person_id = scope_for(user).person_id
    return person_id is not None and person_id == pathway.participant_id


def sees_county_matters(user: Any, pathway: Any) -> bool:
    """The county correspondence and the reasons for interruptions: those who manage the
    pathway, and the participant (it is their contract and their data, GDPR art. 15)."""
    return bool(pathway.can_manage) or is_participant(user, pathway)


def visible_submissions(user: Any) -> QuerySet[Submission]:
    """The county's inbox: what was sent to the counties the user advises (all of it for
    the administrator)."""
    scope = scope_for(user)
    qs = Submission.objects.select_related(
        "contract__pathway__participant", "contract__pathway__trade", "contract__company", "county"
    )
    if scope.is_admin:
        return qs
    counties = county_ids(user)
    if not counties:
        return qs.none()
    return qs.filter(county_id__in=counties)


def may_decide(user: Any, submission: Submission, county: CountySettings) -> bool:
    """Where the county decides in fagvei, its advisers answer; where it decides outside,
    those who manage the pathway record its answer."""
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if county.decides_in_fagvei:
        return submission.county_id in county_ids(user)
    return can_manage_pathway(user, submission.contract.pathway)


def get_submission_for(user: Any, submission_id: Any, *, write: bool = False) -> Submission:
    """A submission the user may see — as the county's adviser, or as one who manages the
    pathway — marked with ``can_decide``; 404 otherwise, 403 when deciding is asked for
    and the user may only read."""
    try:
        pk = int(submission_id)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    submission = (
        Submission.objects.select_related(
            "contract__pathway__participant",
            "contract__pathway__trade",
            "contract__company",
            "contract__training_office",
            "contract__county",
            "county",
            "interruption",
            "sent_by",
            "decided_by",
        )
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    scope = scope_for(user)
    as_county = scope.is_admin or submission.county_id in county_ids(user)
    as_manager = not as_county and can_manage_pathway(user, submission.contract.pathway)
    if not (as_county or as_manager):
        raise Http404
    county = settings_for(submission.county_id)
    submission.can_decide = submission.state == Submission.State.SENT and may_decide(user, submission, county)  # type: ignore[attr-defined]
    submission.county_settings = county  # type: ignore[attr-defined]
    if write and not may_decide(user, submission, county):
        raise PermissionDenied
    return submission
