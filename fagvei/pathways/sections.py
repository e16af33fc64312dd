"""The pathway app's own sections of the pathway page (registered with
``fagvei.core.registry`` when the app starts): the people around the participant, the
consents and police certificate, and the screening."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fagvei.accounts.access import scope_for
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.core.registry import PathwaySection, register_pathway_section

from .models import PathwayMember

# Members whose work needs the screening: the decision on admission is made by the
# coordinator together with the trade teacher (DOMAIN.md, seed 002 "Vurdering og opptak").
SCREENING_READERS = frozenset({PathwayMember.Role.TRADE_TEACHER})


def _members(request: HttpRequest, pathway: Any) -> dict[str, Any]:
    return {"members": list(pathway.members.all())}


def _consents(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    if not pathway.can_manage:
        return None
    certificate = pathway._state.fields_cache.get("police_certificate")
    show_certificate = pathway.trade.requires_police_certificate
    if show_certificate and certificate is not None:
        # GDPR art. 10: every read of police-certificate data is logged.
        log_access(request, certificate, purpose=AccessLog.Purpose.SENSITIVE, detail="police certificate")
    return {
        "consents": list(pathway.consents.all()),
        "show_certificate": show_certificate,
        "police_certificate": certificate if show_certificate else None,
    }


def may_read_screening(request: HttpRequest, pathway: Any) -> bool:
    person_id = scope_for(request.user).person_id
    roles_here = {m.role for m in pathway.members.all() if m.person_id == person_id}
    # The participant sees their own screening: it is their personal data (GDPR art. 15).
    is_participant = person_id is not None and person_id == pathway.participant_id
    return bool(pathway.can_manage or is_participant or roles_here & SCREENING_READERS)


def _screening(request: HttpRequest, pathway: Any) -> dict[str, Any]:
    screening = pathway._state.fields_cache.get("screening")
    show = may_read_screening(request, pathway)
    if show and screening is not None:
        # Life situation and hindrances may touch on health: log the read.
        log_access(request, screening, purpose=AccessLog.Purpose.SENSITIVE, detail="screening")
    return {"screening": screening if show else None, "has_screening": screening is not None}


def register() -> None:
    register_pathway_section(
        PathwaySection("members", "pathways/sections/members.html", 20, _members, max_queries=0, area="cards")
    )
    register_pathway_section(
        PathwaySection("consents", "pathways/sections/consents.html", 30, _consents, max_queries=1, area="cards")
    )
    register_pathway_section(
        PathwaySection("screening", "pathways/sections/screening.html", 40, _screening, max_queries=1)
    )
