"""Factories shared by every test: small builders for the personas and records the
tests need, in the shapes the demo uses."""

from __future__ import annotations

import itertools
from typing import Any

from fagvei.accounts.models import Membership, User
from fagvei.organisations.models import Organisation
from fagvei.people.models import Person

_seq = itertools.count(1)


def make_org(kind: str = Organisation.Kind.MUNICIPAL_SERVICE, name: str | None = None, **extra: Any) -> Organisation:
    return Organisation.objects.create(name=name or f"Organisasjon {next(_seq)}", kind=kind, **extra)


def make_person(first: str = "Test", last: str | None = None, **extra: Any) -> Person:
    return Person.objects.create(first_name=first, last_name=last or f"Person{next(_seq)}", **extra)


def make_user(
    role: str | None,
    org: Organisation | None = None,
    *,
    username: str | None = None,
    person: Person | None = None,
    superuser: bool = False,
) -> User:
    username = username or f"user{next(_seq)}"
    if person is None:
        person = make_person(username.capitalize())
    user = User.objects.create_user(
        username=username, password="fagvei-demo", person=person, is_superuser=superuser, is_staff=superuser
    )
    if role is not None and org is not None:
        Membership.objects.create(user=user, organisation=org, role=role)
    return user


def make_trade(code: str = "HEA", *, police: bool = True) -> Any:
    from fagvei.curricula.models import Trade

    trade, _ = Trade.objects.get_or_create(
        code=code,
        defaults={"name": f"Testfaget {code}", "requires_police_certificate": police},
    )
    return trade


def make_county(name: str = "Testfylket") -> Organisation:
    county = Organisation.objects.filter(kind=Organisation.Kind.COUNTY, name=name).first()
    return county or make_org(Organisation.Kind.COUNTY, name)


def make_workplace(
    trade: Any, *, status: str = "active", name: str | None = None, county: Organisation | None = None
) -> Organisation:
    """A training company approved for the trade, in a county (the one that approves its
    contracts, ol. § 7-2)."""
    import datetime as dt

    from fagvei.organisations.models import TradeApproval

    org = make_org(Organisation.Kind.TRAINING_COMPANY, name or f"Sykehjem {next(_seq)}", county=county or make_county())
    TradeApproval.objects.create(organisation=org, trade=trade, approved_on=dt.date(2024, 1, 1), status=status)
    return org


def make_scheme(org: Organisation, trade: Any) -> Any:
    from fagvei.pathways.models import Scheme

    return Scheme.objects.create(name=f"Fagbrevordningen — {trade.name}", trade=trade, organisation=org)


def make_pathway(
    scheme: Any, *, stage: str = "referred", coordinator: Any = None, participant: Person | None = None, **extra: Any
) -> Any:
    from django.utils import timezone

    from fagvei.pathways.models import Pathway

    if stage == "ended":
        extra.setdefault("end_reason", "other")
    return Pathway.objects.create(
        participant=participant or make_person("Deltaker"),
        track="alternative",
        stage=stage,
        trade=scheme.trade,
        scheme=scheme,
        coordinator=coordinator,
        referral_source="nav",
        referred_at=timezone.now(),
        **extra,
    )


def make_ready_to_start(pathway: Any, actor: Any, *, contract: bool | None = None) -> Any:
    """Everything start_training asks for: approved workplace, consent, police
    certificate, a mentor and planned dates, and — for a pathway in start-up, unless
    ``contract=False`` — its contract, signed and sent to the county (ol. § 7-2)."""
    import datetime as dt

    from django.utils import timezone

    from fagvei.pathways.models import Consent, PathwayMember, PoliceCertificate

    today = timezone.localdate()
    pathway.workplace = make_workplace(pathway.trade)
    pathway.planned_start = today
    pathway.planned_end = today + dt.timedelta(days=730)
    pathway.save()
    Consent.objects.create(pathway=pathway, purpose="participation", given_on=today, registered_by=actor)
    PoliceCertificate.objects.create(pathway=pathway, issued_on=today, checked_on=today, checked_by=actor)
    PathwayMember.objects.create(pathway=pathway, person=make_person("Fadder"), role=PathwayMember.Role.MENTOR)
    if contract or (contract is None and pathway.stage == "starting"):
        make_contract(pathway, actor)
    return pathway


def make_contract(pathway: Any, actor: Any, *, status: str = "submitted", **extra: Any) -> Any:
    """The pathway's contract with its workplace and planned dates, signed and sent to the
    county (``status="draft"`` for one not yet sent), written straight to the database."""
    from django.utils import timezone

    from fagvei.contracts.models import Contract, Submission

    sent = status != "draft"
    kind = {"apprentice": "apprenticeship", "at_work": "at_work", "alternative": "at_work"}.get(
        pathway.track, "training"
    )
    values: dict[str, Any] = {
        "pathway": pathway,
        "kind": kind,
        "status": status,
        "company": pathway.workplace,
        "county": pathway.workplace.county,
        "start_date": pathway.planned_start,
        "end_date": pathway.planned_end,
        "original_end_date": pathway.planned_end if sent else None,
        "goal": "Fagbrev",
        "responsibilities": "Bedriften har ansvaret for opplæringen.",
        "prior_practice_years": 2 if kind == "at_work" else None,
        "signed_on": pathway.planned_start if sent else None,
        "submitted_at": timezone.now() if sent else None,
        "created_by": actor,
    }
    values.update(extra)
    contract = Contract.objects.create(**values)
    if sent:
        Submission.objects.create(
            contract=contract, county=contract.county, kind="application", sent_at=timezone.now(), sent_by=actor
        )
    return contract


def make_screening(pathway: Any, actor: Any) -> Any:
    from django.utils import timezone

    from fagvei.pathways.models import Screening

    return Screening.objects.create(
        pathway=pathway,
        norwegian_listening="B1",
        norwegian_reading="A2",
        norwegian_speaking="B1",
        norwegian_writing="A2",
        years_in_norway=4,
        education="primary",
        work_experience_years=2,
        motivation=4,
        suitability=3,
        can_participate_80=True,
        income_basis="introduction_benefit",
        screened_on=timezone.localdate(),
        screened_by=actor,
    )


def make_token(user: User, name: str = "Integrasjon", days: int = 30) -> tuple[Any, str]:
    """An access token of ``user`` and its secret, made by the domain function."""
    import datetime as dt

    from django.utils import timezone

    from fagvei.api.services import create_token

    return create_token(actor=user, name=name, expires_on=timezone.localdate() + dt.timedelta(days=days))


def make_document(
    pathway: Any, actor: Any, *, kind: str = "cv", name: str = "cv.pdf", data: bytes | None = None
) -> Any:
    """A document on the pathway, uploaded by ``actor`` through the domain function (a
    one-page PDF unless ``data`` is given); its file goes to FAGVEI_DOCUMENT_ROOT."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    from fagvei.documents.services import upload_document

    if data is None:
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return upload_document(
        actor=actor, pathway_id=pathway.pk, kind=kind, title="", upload=SimpleUploadedFile(name, data)
    )


def make_passed_trade_test(pathway: Any, actor: Any, held_on: Any = None, *, result: str = "passed") -> Any:
    """A trade test on the pathway, held on ``held_on`` (yesterday unless given) with its
    result recorded, written straight to the database: what a pathway needs before it is
    completed (fagvei/exams; the completion date is the test's)."""
    import datetime as dt

    from django.utils import timezone

    from fagvei.exams.models import ExamEntry

    day = held_on or timezone.localdate() - dt.timedelta(days=1)
    return ExamEntry.objects.create(
        pathway=pathway,
        kind="trade_test",
        status="result_recorded",
        registrant="company",
        registered_at=timezone.now() - dt.timedelta(days=90),
        starts_on=day,
        ends_on=day,
        held_on=day,
        result=result,
        planned_by=actor,
        planned_at=timezone.now() - dt.timedelta(days=120),
        result_at=timezone.now(),
    )
