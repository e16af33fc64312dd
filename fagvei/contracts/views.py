"""Contract pages and the county's inbox. Thin: fetch and authorise, parse, call one
domain function, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fagvei.accounts.access import scope_for
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access, log_accesses
from fagvei.core.forms import perform, submit
from fagvei.core.lists import list_page
from fagvei.documents.access import serve_document
from fagvei.documents.models import Document
from fagvei.documents.pdf import pdf_download
from fagvei.organisations.models import Organisation

from . import pdfs, services
from .access import (
    county_ids,
    get_contract_page_for,
    get_submission_for,
    is_participant,
    sees_county_matters,
    settings_for,
    visible_submissions,
)
from .forms import (
    AgreementForm,
    AttestForm,
    CancellationForm,
    ChangeForm,
    ContractForm,
    CountySettingsForm,
    DecisionForm,
    EndInterruptionForm,
    InterruptionForm,
    ReportInterruptionForm,
    SubmitForm,
    TerminationForm,
)
from .lifecycle import STEPS
from .models import ENDED, Attest, Ending, Interruption, ParticipationAgreement, Submission


def _contract_or_404(request: HttpRequest, pk: int, *, write: bool = False) -> tuple[Any, Any]:
    pathway, contract = get_contract_page_for(request.user, pk, write=write)
    if contract is None:
        raise Http404
    return pathway, contract


def _form_status(request: HttpRequest) -> int:
    # Found by tests/contracts: a refused form was answered 200; as everywhere else
    # (pathways, documents), a posted form returned with its errors is 422.
    return 422 if request.method == "POST" else 200


def _simple_form(
    request: HttpRequest, form: Any, pathway: Any, *, title: Any, submit_label: Any, **extra: Any
) -> HttpResponse:
    """The contract's one-form pages (a change, a termination, a cancellation, the
    agreement, the day the county was told): the form with its title, an optional intro,
    the document kind to upload first, and whether the step is one that ends something."""
    context = {"form": form, "pathway": pathway, "title": title, "submit_label": submit_label, **extra}
    return render(request, "contracts/simple_form.html", context, status=_form_status(request))


def _log_interruptions(request: HttpRequest, interruptions: list[Interruption]) -> None:
    # An interruption for illness is health data (GDPR art. 9): every read is logged.
    # Found by tests/contracts (query pins): one insert per illness was an N+1; one insert.
    illnesses = [i for i in interruptions if i.reason == Interruption.Reason.ILLNESS]
    log_accesses(request, illnesses, purpose=AccessLog.Purpose.SENSITIVE, detail="interruption reason")


@login_required
@require_GET
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pathway, contract = get_contract_page_for(request.user, pk)
    county_matters = sees_county_matters(request.user, pathway)
    context: dict[str, Any] = {"pathway": pathway, "contract": contract, "county_matters": county_matters}
    agreement = (
        ParticipationAgreement.objects.filter(pathway_id=pathway.pk).select_related("workplace", "service").first()
    )
    context["agreement"] = agreement
    if contract is not None:
        log_access(request, contract)
        interruptions = list(contract.interruptions.all())
        if county_matters:
            _log_interruptions(request, interruptions)
        documents = (
            list(Document.objects.filter(pathway_id=pathway.pk, deleted_at__isnull=True).order_by("kind", "-id"))
            if pathway.can_manage
            else []
        )
        attest = Attest.objects.filter(contract=contract).first() if contract.status in ENDED else None
        context.update(
            interruptions=interruptions,
            running=next((i for i in interruptions if not i.ended), None),
            submissions=list(contract.submissions.select_related("sent_by", "decided_by")) if county_matters else [],
            checklist=services.checklist_status(contract, documents) if pathway.can_manage else [],
            versions=list(contract.history.select_related("history_user", "company").order_by("-history_id")[:20]),
            ending=getattr(contract, "ending", None) if contract.status in ENDED else None,
            attest=attest,
            attest_pdf=attest is not None and attest.issued_at is not None and _sees_attest(request, pathway),
            steps={name: contract.status in step.sources for name, step in STEPS.items()} if pathway.can_manage else {},
            county=settings_for(contract.county_id),
        )
    return render(request, "contracts/contract_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request: HttpRequest, pk: int) -> HttpResponse:
    pathway, contract = get_contract_page_for(request.user, pk, write=True)
    if contract is not None:
        return redirect("contract_detail", pathway.pk)
    form = ContractForm(request.POST or None, pathway=pathway)
    if submit(
        request,
        form,
        lambda data: services.create_contract(actor=request.user, pathway_id=pathway.pk, data=form.domain_data()),
    ):
        messages.success(request, _("The contract has been written as a draft."))
        return redirect("contract_detail", pathway.pk)
    return render(
        request,
        "contracts/contract_form.html",
        {"form": form, "pathway": pathway, "contract": None},
        status=_form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pathway, contract = _contract_or_404(request, pk, write=True)
    form = ContractForm(request.POST or None, instance=contract, pathway=pathway)
    saved = submit(
        request,
        form,
        lambda data: services.update_contract(
            actor=request.user,
            pathway_id=pathway.pk,
            expected_version=data.get("version") or 0,
            data=form.domain_data(),
        ),
    )
    if saved:
        messages.success(request, _("The contract has been saved."))
        return redirect("contract_detail", pathway.pk)
    return render(
        request,
        "contracts/contract_form.html",
        {"form": form, "pathway": pathway, "contract": contract},
        status=_form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_submit(request: HttpRequest, pk: int) -> HttpResponse:
    pathway, contract = _contract_or_404(request, pk, write=True)
    form = SubmitForm(request.POST or None, initial={"version": contract.version, "signed_on": contract.signed_on})
    sent = submit(
        request,
        form,
        lambda data: services.submit_contract_application(
            actor=request.user, pathway_id=pathway.pk, expected_version=data["version"], signed_on=data["signed_on"]
        ),
    )
    if sent:
        messages.success(request, _("The application has been sent to the county."))
        return redirect("contract_detail", pathway.pk)
    documents = list(Document.objects.filter(pathway_id=pathway.pk, deleted_at__isnull=True))
    return render(
        request,
        "contracts/submit_form.html",
        {
            "form": form,
            "pathway": pathway,
            "contract": contract,
            "checklist": services.checklist_status(contract, documents),
        },
        status=_form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def interruption_start(request: HttpRequest, pk: int) -> HttpResponse:
    pathway, contract = _contract_or_404(request, pk, write=True)
    form = InterruptionForm(request.POST or None, initial={"version": contract.version})
    done = submit(
        request,
        form,
        lambda data: services.start_interruption(
            actor=request.user,
            pathway_id=pathway.pk,
            expected_version=data["version"],
            reason=data["reason"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            note=data.get("note", ""),
            county_told_on=data.get("county_told_on"),
        ),
    )
    if done:
        messages.success(request, _("The interruption has been registered."))
        return redirect("contract_detail", pathway.pk)
    return render(
        request,
        "contracts/interruption_form.html",
        {"form": form, "pathway": pathway, "contract": contract, "county": settings_for(contract.county_id)},
        status=_form_status(request),
    )


def _interruption_or_404(contract: Any, interruption_pk: int) -> Interruption:
    interruption = contract.interruptions.filter(pk=interruption_pk).first()
    if interruption is None:
        raise Http404
    return interruption


@login_required
@require_http_methods(["GET", "POST"])
def interruption_end(request: HttpRequest, pk: int, interruption_pk: int) -> HttpResponse:
    pathway, contract = _contract_or_404(request, pk, write=True)
    interruption = _interruption_or_404(contract, interruption_pk)
    form = EndInterruptionForm(
        request.POST or None, initial={"version": contract.version, "ends_on": interruption.ends_on}
    )
    done = submit(
        request,
        form,
        lambda data: services.end_interruption(
            actor=request.user,
            pathway_id=pathway.pk,
            expected_version=data["version"],
            interruption_id=interruption.pk,
            ends_on=data["ends_on"],
        ),
    )
    if done:
        messages.success(
            request,
            _("Training has resumed. The end of training has moved from %(before)s to %(after)s.")
            % {"before": services._d(done.end_before), "after": services._d(done.end_after)},
        )
        return redirect("contract_detail", pathway.pk)
    return render(
        request,
        "contracts/interruption_end_form.html",
        {"form": form, "pathway": pathway, "contract": contract, "interruption": interruption},
        status=_form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def interruption_report(request: HttpRequest, pk: int, interruption_pk: int) -> HttpResponse:
    pathway, contract = _contract_or_404(request, pk, write=True)
    interruption = _interruption_or_404(contract, interruption_pk)
    form = ReportInterruptionForm(request.POST or None, initial={"county_told_on": interruption.county_told_on})
    done = submit(
        request,
        form,
        lambda data: services.report_interruption(
            actor=request.user, pathway_id=pathway.pk, interruption_id=interruption.pk, told_on=data["county_told_on"]
        ),
    )
    if done:
        messages.success(request, _("The day the county was told has been registered."))
        return redirect("contract_detail", pathway.pk)
    return _simple_form(
        request,
        form,
        pathway,
        title=_("Register that the county was told"),
        submit_label=_("Register"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_request(request: HttpRequest, pk: int) -> HttpResponse:
    pathway, contract = _contract_or_404(request, pk, write=True)
    form = ChangeForm(request.POST or None, contract=contract)
    done = submit(
        request,
        form,
        lambda data: services.request_contract_change(
            actor=request.user,
            pathway_id=pathway.pk,
            expected_version=data["version"],
            data={k: data.get(k) for k in ("end_date", "company", "training_office")},
            justification=data["justification"],
        ),
    )
    if done:
        messages.success(request, _("The change has been sent to the county."))
        return redirect("contract_detail", pathway.pk)
    return _simple_form(
        request,
        form,
        pathway,
        title=_("Ask the county for a change"),
        intro=_("An approved contract changes only with the county's consent (ol. § 7-2 second ledd)."),
        submit_label=_("Send to the county"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def terminate(request: HttpRequest, pk: int) -> HttpResponse:
    pathway, contract = _contract_or_404(request, pk, write=True)
    form = TerminationForm(request.POST or None, initial={"version": contract.version})
    county = settings_for(contract.county_id)
    if county.decides_in_fagvei:
        del form.fields["county_told_on"]
    done = submit(
        request,
        form,
        lambda data: services.terminate_contract(
            actor=request.user,
            pathway_id=pathway.pk,
            expected_version=data["version"],
            agreed_on=data["agreed_on"],
            last_day=data["last_day"],
            reason=data["reason"],
            county_told_on=data.get("county_told_on"),
        ),
    )
    if done:
        messages.success(request, _("The contract has been terminated by agreement."))
        return redirect("contract_detail", pathway.pk)
    return _simple_form(
        request,
        form,
        pathway,
        title=_("Terminate by agreement"),
        intro=_(
            "Termination needs the agreement of both parties, signed and uploaded as a document, and the county"
            " told in writing before the contract ends (ol. § 7-3 first ledd)."
        ),
        upload_kind="signed_agreement",
        submit_label=_("Terminate the contract"),
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancellation_request(request: HttpRequest, pk: int) -> HttpResponse:
    pathway, contract = _contract_or_404(request, pk, write=True)
    form = CancellationForm(request.POST or None, initial={"version": contract.version})
    done = submit(
        request,
        form,
        lambda data: services.request_cancellation(
            actor=request.user,
            pathway_id=pathway.pk,
            expected_version=data["version"],
            requested_by=data["requested_by"],
            ground=data["ground"],
            justification=data["justification"],
        ),
    )
    if done:
        messages.success(request, _("The request for cancellation has been sent to the county."))
        return redirect("contract_detail", pathway.pk)
    return _simple_form(
        request,
        form,
        pathway,
        title=_("Ask the county to cancel the contract"),
        intro=_(
            "Cancellation is the county's decision (ol. § 7-3 second ledd). The request is justified in writing"
            " with the signed form; the participant may speak to the county before it decides."
        ),
        upload_kind="signed_agreement",
        submit_label=_("Send the request to the county"),
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    pathway, _contract = get_contract_page_for(request.user, pk, write=True)
    current = ParticipationAgreement.objects.filter(pathway_id=pathway.pk).first()
    form = AgreementForm(request.POST or None, instance=current, pathway=pathway)
    saved = submit(
        request,
        form,
        lambda data: services.save_participation_agreement(
            actor=request.user, pathway_id=pathway.pk, expected_version=data.get("version"), data=form.domain_data()
        ),
    )
    if saved:
        messages.success(request, _("The participation agreement has been saved."))
        return redirect("contract_detail", pathway.pk)
    return _simple_form(
        request,
        form,
        pathway,
        title=_("Participation agreement"),
        intro=_("The agreement between the participant, the workplace and the municipal service (seed 002)."),
        submit_label=_("Save the agreement"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def attest(request: HttpRequest, pk: int) -> HttpResponse:
    pathway, contract = _contract_or_404(request, pk, write=True)
    current = Attest.objects.filter(contract=contract).first()
    initial: dict[str, Any] = {}
    if current is None:
        initial = {
            "period_from": contract.start_date,
            "period_to": contract.ended_on or contract.end_date,
            "body": services.draft_attest_body(contract),
        }
    form = AttestForm(request.POST or None, instance=current, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.save_attest(
            actor=request.user, pathway_id=pathway.pk, expected_version=data.get("version"), data=form.domain_data()
        ),
    )
    if saved:
        messages.success(request, _("The attest has been saved."))
        return redirect("contract_detail", pathway.pk)
    return render(
        request,
        "contracts/attest_form.html",
        {"form": form, "pathway": pathway, "attest": current},
        status=_form_status(request),
    )


@login_required
@require_POST
def attest_issue(request: HttpRequest, pk: int) -> HttpResponse:
    pathway, contract = _contract_or_404(request, pk, write=True)
    version = request.POST.get("version", "")
    perform(
        request,
        lambda: services.issue_attest(
            actor=request.user, pathway_id=pathway.pk, expected_version=int(version) if version.isdigit() else -1
        ),
        _("The attest has been issued."),
    )
    return redirect("contract_detail", pathway.pk)


# The PDFs ---------------------------------------------------------------------------


def _sees_attest(request: HttpRequest, pathway: Any) -> bool:
    # The company issues the attest to the trainee (ol. § 7-3 fourth ledd): those who
    # manage the pathway, and the participant it is about.
    return bool(pathway.can_manage) or is_participant(request.user, pathway)


@login_required
@require_GET
def contract_application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole application as one PDF for the county's portal: a cover with the
    contract's facts and the documents asked for, then the documents (seed 002: "Søknad
    til … fylkeskommune om opplæringskontrakt … Laste opp innhentet dokumentasjon"). For
    those who manage the pathway: the documents are theirs to send, as on the contract page."""
    pathway, contract = _contract_or_404(request, pk)
    if not pathway.can_manage:
        raise Http404
    application = pdfs.application_pdf(contract, request)
    joined = [d.pk for d in application.documents if d not in application.not_joined]
    # Ids only: which documents went into the file.
    log_access(
        request,
        contract,
        purpose=AccessLog.Purpose.EXPORT,
        detail="application pdf; documents " + (",".join(map(str, joined)) or "none"),
    )
    return pdf_download(application.data, f"contract-application-{pathway.pk}.pdf")


@login_required
@require_GET
def contract_attest_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued attest (ol. § 7-3 fourth ledd); until it is issued there is none."""
    pathway, contract = _contract_or_404(request, pk)
    if not _sees_attest(request, pathway):
        raise Http404
    attest = Attest.objects.select_related("issued_by__person").filter(contract=contract).first()
    if attest is None or attest.issued_at is None:
        raise Http404
    attest.contract = contract
    data = pdfs.attest_pdf(attest, request)
    log_access(request, attest, purpose=AccessLog.Purpose.EXPORT, detail="attest pdf")
    return pdf_download(data, f"attest-{pathway.pk}.pdf")


# The county's inbox ---------------------------------------------------------------------


@login_required
@require_GET
def county_inbox(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not (scope.is_admin or county_ids(request.user)):
        raise Http404
    show = request.GET.get("show", "open")
    qs = visible_submissions(request.user)
    qs = qs.filter(state=Submission.State.SENT) if show != "decided" else qs.exclude(state=Submission.State.SENT)
    kind = request.GET.get("kind", "")
    if kind in Submission.Kind.values:
        qs = qs.filter(kind=kind)
    return list_page(
        request,
        "contracts/county_inbox.html",
        qs,
        form=None,
        # list_page orders the rows itself (an order_by on the queryset is cleared there).
        order_by=("-sent_at", "-id"),
        context={"show": show, "kind": kind, "kinds": Submission.Kind.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def county_submission(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for(request.user, pk, write=request.method == "POST")
    contract = submission.contract
    county = submission.county_settings  # type: ignore[attr-defined]
    in_fagvei = county.decides_in_fagvei and submission.county_id in county_ids(request.user)
    log_access(request, submission)
    if submission.interruption is not None and submission.interruption.reason == Interruption.Reason.ILLNESS:
        log_access(request, submission.interruption, purpose=AccessLog.Purpose.SENSITIVE, detail="interruption reason")
    form = DecisionForm(request.POST or None, submission=submission, in_fagvei=in_fagvei)
    done = submit(
        request,
        form,
        lambda data: services.decide_submission(
            actor=request.user,
            submission_id=submission.pk,
            expected_version=data["version"],
            outcome=data["outcome"],
            decided_on=data.get("decided_on"),
            reference=data.get("reference", ""),
            reason=data.get("reason", ""),
            participant_heard=data.get("participant_heard"),
        ),
    )
    if done:
        messages.success(request, _("The decision has been registered."))
        if submission.county_id in county_ids(request.user):
            return redirect("county_inbox")
        return redirect("contract_detail", contract.pathway_id)
    return render(
        request,
        "contracts/county_submission.html",
        {
            "submission": submission,
            "contract": contract,
            "documents": list(submission.documents.all()),
            "form": form if submission.can_decide else None,  # type: ignore[attr-defined]
            "in_fagvei": in_fagvei,
            "proposed": _readable_proposal(submission),
        },
        status=_form_status(request),
    )


def _readable_proposal(submission: Submission) -> dict[str, Any]:
    """What a change or cancellation proposes, as the page shows it."""
    proposed = submission.proposed or {}
    readable: dict[str, Any] = {}
    if proposed.get("end_date"):
        readable["end_date"] = dt.date.fromisoformat(proposed["end_date"])
    ids = [proposed[k] for k in ("company", "training_office") if proposed.get(k)]
    found = Organisation.objects.in_bulk(ids) if ids else {}
    for key in ("company", "training_office"):
        if key in proposed:
            readable[key] = found.get(proposed[key])
    if "requested_by" in proposed:
        readable["requested_by"] = Ending.RequestedBy(proposed["requested_by"]).label
    if "ground" in proposed:
        readable["ground"] = Ending.Ground(proposed["ground"]).label
    return readable


@login_required
@require_GET
def county_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A document as it was sent to the county: only those sent with this submission."""
    submission = get_submission_for(request.user, pk)
    document = submission.documents.filter(pk=document_pk, deleted_at__isnull=True).first()
    if document is None:
        raise Http404
    return serve_document(request, document, purpose_detail="sent to the county")


@login_required
@require_http_methods(["GET", "POST"])
def county_settings(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    counties = Organisation.objects.filter(kind=Organisation.Kind.COUNTY)
    if not scope.is_admin:
        counties = counties.filter(pk__in=county_ids(request.user))
    counties_list = list(counties.order_by("sort_key", "id"))
    if not counties_list:
        raise Http404
    chosen = request.GET.get("county", "")
    county = next((c for c in counties_list if str(c.pk) == chosen), counties_list[0])
    row = settings_for(county.pk)
    form = CountySettingsForm(request.POST or None, instance=row if row.pk else None)
    if row.pk is None:
        form.instance.county = county
    saved = submit(
        request,
        form,
        lambda data: services.save_county_settings(
            actor=request.user, county_id=county.pk, expected_version=data.get("version"), data=form.domain_data()
        ),
    )
    if saved:
        messages.success(request, _("The county's settings have been saved."))
        return redirect(f"{request.path}?county={county.pk}")
    return render(
        request,
        "contracts/county_settings.html",
        {"form": form, "county": county, "counties": counties_list},
        status=_form_status(request),
    )
