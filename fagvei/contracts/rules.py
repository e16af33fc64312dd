"""What the contract adds to the pathway's own rules (registered when the app starts).

- Training starts once the contract is signed and sent to the county: it is valid from
  the start even if the county approves it later (ol. § 7-2 third ledd).
- While a contract binds the parties, the pathway is interrupted, resumed and ended on the
  contract's page: an interruption needs its dates and the county told, an ending is a
  termination by agreement or the county's cancellation (ol. § 7-3).
- The workplace and the planned dates of a pathway with a contract are the contract's.
- A document sent to the county stays while the county has not answered: it is part of
  what the county decides on.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fagvei.core.domain import DomainError
from fagvei.core.transitions import Missing
from fagvei.documents.services import register_document_guard
from fagvei.pathways.lifecycle import register_precondition
from fagvei.pathways.services import register_edit_guard

from .models import BINDING, Contract, Submission


def contract_of(pathway: Any) -> Contract | None:
    """The pathway's contract with its company, read once per pathway object and kept in
    the pathway's cache of the reverse one-to-one (``pathway.contract``)."""
    cache = pathway._state.fields_cache
    if "contract" not in cache:
        cache["contract"] = Contract.objects.select_related("company").filter(pathway_id=pathway.pk).first()
    return cache["contract"]  # type: ignore[no-any-return]


def _signed_and_sent(pathway: Any) -> list[Missing]:
    contract = contract_of(pathway)
    if contract is not None and contract.status in BINDING:
        return []
    return [Missing(_("The contract has not been signed and sent to the county (ol. § 7-2)."), "contract")]


def _on_the_contract(pathway: Any) -> list[Missing]:
    contract = contract_of(pathway)
    if contract is None or contract.status not in BINDING:
        return []
    return [
        Missing(_("A contract binds the parties: register this on the contract's page (ol. §§ 7-2, 7-3)."), "contract")
    ]


def _contract_url(pathway: Any) -> str:
    return reverse("contract_detail", args=[pathway.pk])


KEPT = {"workplace", "planned_start", "planned_end"}


def _guard_edit(pathway: Any, changed: list[str]) -> DomainError | None:
    kept = KEPT.intersection(changed)
    if not kept or not Contract.objects.filter(pathway_id=pathway.pk).exists():
        return None
    return DomainError(
        _("The workplace and the planned dates follow the contract: change them on the contract's page."),
        field=sorted(kept)[0],
    )


def _guard_document(document: Any) -> str | None:
    awaiting = Submission.objects.filter(documents=document, state=Submission.State.SENT).exists()
    if not awaiting:
        return None
    return str(_("The document was sent to the county, which has not answered yet: it cannot be deleted now."))


def register() -> None:
    register_precondition("start_training", _signed_and_sent, fix="contract", fix_url=_contract_url)
    for step in ("interrupt", "resume", "end"):
        register_precondition(step, _on_the_contract, fix="contract", fix_url=_contract_url)
    register_edit_guard(_guard_edit)
    register_document_guard(_guard_document)
