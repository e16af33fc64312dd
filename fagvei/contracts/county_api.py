"""The county's inbox in the API: what was sent to the counties a user advises, one matter
with the documents sent, and the county's answer. The same access helpers (access.py),
form (forms.py) and domain function (services.py) as the inbox's pages (views.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from fagvei.accounts.access import scope_for
from fagvei.api.base import REFUSALS, WRITE_REFUSALS, PageLinks, form_data, page_links, valid
from fagvei.api.base import lazy as _
from fagvei.audit.services import log_access
from fagvei.core.lists import BoundedPaginator
from fagvei.documents.models import DocumentKind

from . import services
from .access import county_ids, get_submission_for
from .access import visible_submissions as county_submissions
from .api import InterruptionOut, Named, SubmissionItem, interruption_body, log_reasons, named, submission_body
from .forms import DecisionForm
from .models import Status as ContractStatus
from .models import Submission, SubmissionKind, SubmissionState

router = Router(tags=["county"])


class SentDocument(Schema):
    id: int
    kind: DocumentKind
    title: str
    original_name: str
    size: int
    sha256: str


class InboxItem(SubmissionItem):
    contract_id: int
    pathway_id: int
    participant: Named
    trade: Named
    company: Named


class SubmissionOut(InboxItem):
    contract_status: ContractStatus
    contract_start_date: dt.date
    contract_end_date: dt.date
    interruption: InterruptionOut | None = Field(description="The interruption a report is about.")
    documents: list[SentDocument] = Field(description="The documents sent with it, as they were.")
    can_decide: bool


class InboxPage(PageLinks):
    items: list[InboxItem]


def _inbox_item(submission: Submission) -> dict[str, Any]:
    contract = submission.contract
    pathway = contract.pathway
    return {
        **submission_body(submission),
        "contract_id": contract.pk,
        "pathway_id": pathway.pk,
        "participant": named(pathway.participant, "full_name"),
        "trade": named(pathway.trade),
        "company": named(contract.company),
    }


class InboxQuery(Schema):
    show: Literal["open", "decided"] = Field("open", description="Awaiting the county, or answered.")
    kind: SubmissionKind | None = None
    page: int = Field(1, ge=1)


@router.get(
    "/county/submissions",
    response={200: InboxPage, **REFUSALS},
    summary=_("The county's inbox"),
    description=_(
        "What was sent to the counties you advise, newest first; 25 a page. 404 for those who are no county adviser."
    ),
)
def list_submissions(request: HttpRequest, query: Query[InboxQuery]) -> Any:
    if not (scope_for(request.user).is_admin or county_ids(request.user)):
        raise Http404
    qs = county_submissions(request.user).select_related("sent_by", "decided_by")
    if query.show == "decided":
        qs = qs.exclude(state=Submission.State.SENT)
    else:
        qs = qs.filter(state=Submission.State.SENT)
    if query.kind:
        qs = qs.filter(kind=query.kind)
    page = BoundedPaginator(qs.order_by("-sent_at", "-id"), settings.PAGE_SIZE).get_page(query.page)
    return {**page_links(request, page), "items": [_inbox_item(s) for s in page.object_list]}


def _submission_out(request: HttpRequest, submission: Submission) -> dict[str, Any]:
    contract = submission.contract
    interruption = submission.interruption
    if interruption is not None:
        # What was sent to the county: the county reads the reason (views.county_submission).
        log_reasons(request, [interruption])
    return {
        **_inbox_item(submission),
        "contract_status": contract.status,
        "contract_start_date": contract.start_date,
        "contract_end_date": contract.end_date,
        "interruption": interruption_body(interruption, True) if interruption is not None else None,
        "documents": [
            {f: getattr(d, f) for f in SentDocument.model_fields}
            for d in submission.documents.filter(deleted_at__isnull=True).order_by("kind", "id")
        ],
        "can_decide": bool(submission.can_decide),  # type: ignore[attr-defined]
    }


@router.get(
    "/county/submissions/{submission_id}",
    response={200: SubmissionOut, **REFUSALS},
    summary=_("One matter sent to the county"),
    description=_(
        "For the advisers of its county, and for those who manage the pathway; anyone else gets 404. `can_decide` "
        "says whether you may answer it."
    ),
)
def get_submission(request: HttpRequest, submission_id: int) -> Any:
    submission = get_submission_for(request.user, submission_id)
    log_access(request, submission)
    return _submission_out(request, submission)


class DecisionIn(Schema):
    outcome: SubmissionState = Field(
        description="application: approved or returned; change and cancellation: approved or refused; "
        "interruption and termination: acknowledged."
    )
    decided_on: dt.date | None = Field(None, description="Left out: today.")
    reference: str = Field(
        "", max_length=100, description="The county's case number; required where the county decides outside fagvei."
    )
    reason: str = Field("", description="Required when the application is returned or the request refused.")
    participant_heard: bool | None = Field(
        None,
        description="A cancellation the company asks for: whether the participant spoke to the county first "
        "(ol. § 7-3 third ledd).",
    )
    version: int = Field(description="The submission's version read.")


@router.post(
    "/county/submissions/{submission_id}/decision",
    response={200: SubmissionOut, **WRITE_REFUSALS},
    summary=_("The county's answer"),
    description=_(
        "Where the county decides in fagvei, its advisers answer; where it decides outside, those who manage the "
        "pathway record its answer with the county's reference. Others who may see it get 403."
    ),
)
def decide(request: HttpRequest, submission_id: int, payload: DecisionIn) -> Any:
    submission = get_submission_for(request.user, submission_id, write=True)
    county = submission.county_settings  # type: ignore[attr-defined]
    in_fagvei = county.decides_in_fagvei and submission.county_id in county_ids(request.user)
    heard = {True: "yes", False: "no", None: ""}[payload.participant_heard]
    form = DecisionForm({**form_data(payload), "participant_heard": heard}, submission=submission, in_fagvei=in_fagvei)
    data = valid(form)
    services.decide_submission(
        actor=request.user,
        submission_id=submission.pk,
        expected_version=data["version"],
        outcome=data["outcome"],
        decided_on=data.get("decided_on"),
        reference=data.get("reference", ""),
        reason=data.get("reason", ""),
        participant_heard=data.get("participant_heard"),
    )
    return _submission_out(request, get_submission_for(request.user, submission.pk))
