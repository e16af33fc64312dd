"""Who may see and register equipment loans.

Those who manage the pathway (``can_manage_pathway``) see its loans, register them and
mark them returned; the participant sees their own loans. Anyone else gets 404 (also
another follower of the pathway); a reader asking to write gets 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from fagvei.accounts.access import scope_for
from fagvei.pathways.access import get_pathway_for

from .models import Loan


def sees_loans(user: Any, pathway: Any) -> bool:
    """``pathway`` from ``get_pathway_for`` (``can_manage`` set)."""
    if getattr(pathway, "can_manage", False):
        return True
    person_id = scope_for(user).person_id
    return person_id is not None and pathway.participant_id == person_id


def get_loan_pathway_for(user: Any, pathway_id: Any, *, write: bool = False) -> Any:
    pathway = get_pathway_for(user, pathway_id)
    if not sees_loans(user, pathway):
        raise Http404
    if write and not pathway.can_manage:
        raise PermissionDenied
    return pathway


def get_loan_for(user: Any, loan_id: Any, *, write: bool = False) -> Loan:
    try:
        pk = int(loan_id)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    loan = Loan.objects.filter(pk=pk).first()
    if loan is None:
        raise Http404
    loan.pathway = get_loan_pathway_for(user, loan.pathway_id, write=write)
    return loan
