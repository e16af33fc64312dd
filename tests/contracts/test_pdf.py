"""The contract's PDFs: the whole application for the county's portal (a cover with the
contract's facts and the documents asked for, then the documents), for those who manage
the pathway; and the issued attest (ol. § 7-3 fourth ledd), for them and the participant.
Every one made is an access-log row; each is a download no cache keeps."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation
from pypdf import PdfReader, PdfWriter

from fagvei.accounts.models import Role, User
from fagvei.audit.models import AccessLog
from fagvei.contracts import services
from fagvei.contracts.models import Attest, Contract, Ending
from fagvei.curricula.models import Trade
from fagvei.demo import load_demo
from fagvei.documents import services as document_services
from fagvei.documents.models import Document
from fagvei.documents.pdf import render_pdf
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import PathwayMember, Stage
from tests.documents.conftest import docx_bytes, image_bytes
from tests.factories import (
    make_contract,
    make_org,
    make_pathway,
    make_person,
    make_scheme,
    make_user,
    make_workplace,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = TODAY - dt.timedelta(days=30)
END = START + dt.timedelta(days=730)

PAGE = """{% extends "documents/pdf/base.html" %}
{% block content %}{% for line in lines %}<p style="break-after: page">{{ line }}</p>{% endfor %}{% endblock %}
"""


@pytest.fixture
def templates(tmp_path: Path, settings: Any) -> Path:
    """A template of our own for the test's documents: one page per line."""
    folder = tmp_path / "templates"
    (folder / "test_contract_pdf").mkdir(parents=True)
    (folder / "test_contract_pdf" / "page.html").write_text(PAGE, encoding="utf-8")
    engines = [dict(settings.TEMPLATES[0])]
    engines[0]["DIRS"] = [*engines[0]["DIRS"], folder]
    settings.TEMPLATES = engines
    return folder


def real_pdf(*lines: str) -> bytes:
    """A real PDF, a page for each line, made as fagvei makes its own."""
    return render_pdf("test_contract_pdf/page.html", {"title": "Vedlegg", "lines": lines})


@pytest.fixture
def company(db: Any, trade: Any) -> Organisation:
    org = make_workplace(trade, name="Solsiden sykehjem")
    org.org_number = "974760673"
    org.save()
    return org


@pytest.fixture
def pathway(scheme: Any, coordinator: Any, company: Organisation) -> Any:
    participant = make_person("Åse", "Ødegård", birth_date=dt.date(1988, 4, 17), national_id="17048812345")
    return make_pathway(
        scheme,
        coordinator=coordinator,
        stage=Stage.STARTING,
        participant=participant,
        workplace=company,
        planned_start=START,
        planned_end=END,
    )


@pytest.fixture
def contract(pathway: Any, coordinator: Any) -> Contract:
    # The alternative route's contract: fagbrev på jobb (ofo. § 9-58), whose checklist
    # asks for CV, attest, education, employment contract, competence assessment and plan.
    return make_contract(
        pathway,
        coordinator,
        status="draft",
        professional_manager=make_person("Fagleder", "Fjeld", birth_date=dt.date(1970, 1, 2)),
        position_percent=80,
        prior_practice_years=Decimal("3.5"),
        signed_on=START - dt.timedelta(days=3),
    )


@pytest.fixture
def participant(pathway: Any, scheme: Any) -> Any:
    return make_user(Role.PARTICIPANT, scheme.organisation, username="deltaker", person=pathway.participant)


@pytest.fixture
def mentor(pathway: Any, company: Organisation) -> Any:
    user = make_user(Role.MENTOR, company, username="fadder")
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=PathwayMember.Role.MENTOR)
    return user


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    # English: the nb catalogue may not have the new strings yet.
    client.cookies["django_language"] = "en"
    return client


def upload(pathway: Any, actor: Any, kind: str, name: str, data: bytes, title: str = "") -> Document:
    return document_services.upload_document(
        actor=actor, pathway_id=pathway.pk, kind=kind, title=title, upload=SimpleUploadedFile(name, data)
    )


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def cover_of(data: bytes, documents_pages: int) -> str:
    texts = pages(data)
    return "\n".join(texts[: len(texts) - documents_pages])


def short(day: dt.date) -> str:
    with translation.override("en"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def issue(contract: Contract, actor: Any) -> Attest:
    """End the contract by agreement (written straight to the database), then write and
    issue its attest through the domain functions."""
    Contract.objects.filter(pk=contract.pk).update(status="terminated", ended_on=TODAY, submitted_at=timezone.now())
    Ending.objects.create(
        contract=contract, kind="termination", reason="Enige.", agreed_on=TODAY, last_day=TODAY, registered_by=actor
    )
    attest = services.save_attest(
        actor=actor,
        pathway_id=contract.pathway_id,
        expected_version=None,
        data={"period_from": START, "period_to": TODAY, "body": "Pleie og omsorg i seks måneder."},
    )
    return services.issue_attest(actor=actor, pathway_id=contract.pathway_id, expected_version=attest.version)


# The application -------------------------------------------------------------------------


def test_the_application_is_a_cover_with_the_facts_and_the_documents_followed_by_them(
    templates, coordinator, pathway, contract
):
    cv = upload(pathway, coordinator, "cv", "cv.pdf", real_pdf("CV side en", "CV side to"), title="CV 2026")
    work = upload(pathway, coordinator, "employment_contract", "arbeidsavtale.pdf", real_pdf("Arbeidsavtalen"))
    photo = upload(pathway, coordinator, "attest", "attest.png", image_bytes("PNG", (400, 300)), title="Attest Rema")
    plan = upload(pathway, coordinator, "training_plan", "plan.docx", docx_bytes(), title="Opplæringsplan")
    # Neither a deleted document nor one of a kind the county does not ask for goes in.
    gone = upload(pathway, coordinator, "education", "vitnemål.pdf", real_pdf("Slettet vitnemål"))
    document_services.delete_document(actor=coordinator, document_id=gone.pk, expected_version=1)
    upload(pathway, coordinator, "other", "annet.pdf", real_pdf("Annet dokument"), title="Ikke med")

    response = as_user(coordinator).get(reverse("contract_application_pdf", args=[pathway.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    texts = pages(response.content)
    # The cover, then the CV's two pages, the attest's image and the employment contract,
    # in the checklist's order (cv, attest, education, employment contract, …).
    documents = texts[-4:]
    assert "CV side en" in documents[0] and "CV side to" in documents[1]
    assert documents[2].strip() == ""
    assert "Arbeidsavtalen" in documents[3]
    cover = "\n".join(texts[:-4])
    assert "Slettet vitnemål" not in response.content.decode("latin-1")
    for expected in (
        "Contract application",
        "Åse Ødegård",
        short(dt.date(1988, 4, 17)),
        pathway.trade.name,
        "Trade certificate at work contract",
        "Solsiden sykehjem",
        "974760673",
        "Fagleder Fjeld",
        "Testfylket",
        short(START),
        short(END),
        "80 %",
        "3.5 full-time years",
        short(START - dt.timedelta(days=3)),
        "CV 2026",
        "Attest Rema",
        "arbeidsavtale.pdf",
        "Opplæringsplan",
    ):
        assert expected in cover, expected
    # No national identity number in clear; nothing of the kinds not asked for.
    assert "17048812345" not in cover and "Ikke med" not in cover
    lines = cover.splitlines()

    def line_of(text: str) -> str:
        return next(line for line in lines if text in line)

    assert line_of("CV 2026").endswith("Joined")
    assert line_of("Attest Rema").endswith("Joined")
    assert line_of("arbeidsavtale.pdf").endswith("Joined")
    assert line_of("Opplæringsplan").endswith("Sent separately")
    # The kinds asked for and not uploaded (education was deleted) are named as missing.
    assert line_of("Diploma or other proof of education").endswith("Missing")
    assert line_of("Competence assessment").endswith("Missing")
    assert cv.pk and work.pk and photo.pk and plan.pk


def test_a_file_that_cannot_be_joined_after_all_is_listed_as_sent_separately(templates, coordinator, pathway, contract):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("hemmelig")
    locked = io.BytesIO()
    writer.write(locked)
    upload(pathway, coordinator, "cv", "cv.pdf", locked.getvalue(), title="Låst CV")
    upload(pathway, coordinator, "employment_contract", "avtale.pdf", real_pdf("Avtalen"), title="Avtalen")

    response = as_user(coordinator).get(reverse("contract_application_pdf", args=[pathway.pk]))

    texts = pages(response.content)
    assert "Avtalen" in texts[-1]
    cover = cover_of(response.content, 1)
    assert next(line for line in cover.splitlines() if "Låst CV" in line).endswith("Sent separately")
    assert next(line for line in cover.splitlines() if "Avtalen" in line).endswith("Joined")


def test_each_application_made_is_an_access_log_row_naming_the_documents_by_id(
    templates, coordinator, pathway, contract
):
    cv = upload(pathway, coordinator, "cv", "cv.pdf", real_pdf("CV"))
    upload(pathway, coordinator, "training_plan", "plan.docx", docx_bytes())
    client = as_user(coordinator)
    url = reverse("contract_application_pdf", args=[pathway.pk])

    for _ in range(2):
        assert client.get(url).status_code == 200

    rows = list(AccessLog.objects.filter(object_type="contracts.contract", purpose=AccessLog.Purpose.EXPORT))
    assert len(rows) == 2
    assert {(r.object_id, r.user_id, r.path) for r in rows} == {(contract.pk, coordinator.pk, url)}
    assert rows[0].detail == f"application pdf; documents {cv.pk}"


def test_the_application_is_a_download_no_cache_keeps(coordinator, pathway, contract):
    response = as_user(coordinator).get(reverse("contract_application_pdf", args=[pathway.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="contract-application-{pathway.pk}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    # The cover alone, when nothing has been uploaded: every kind asked for is missing.
    cover = cover_of(response.content, 0)
    assert cover.count("Missing") == len(services.checklist_for(contract))


def test_the_application_is_for_those_who_manage_the_pathway(
    coordinator, other_coordinator, participant, mentor, pathway, contract
):
    url = reverse("contract_application_pdf", args=[pathway.pk])
    for user in (other_coordinator, participant, mentor):
        assert as_user(user).get(url).status_code == 404, user.username
    assert AccessLog.objects.filter(purpose=AccessLog.Purpose.EXPORT).count() == 0
    assert as_user(coordinator).post(url).status_code == 405
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous["Location"]


def test_a_pathway_without_a_contract_has_no_application(coordinator, pathway):
    assert as_user(coordinator).get(reverse("contract_application_pdf", args=[pathway.pk])).status_code == 404


# The attest ------------------------------------------------------------------------------


def test_the_issued_attest_is_a_pdf_for_the_managers_and_the_participant(coordinator, participant, pathway, contract):
    attest = issue(contract, coordinator)
    url = reverse("contract_attest_pdf", args=[pathway.pk])

    for user in (coordinator, participant):
        response = as_user(user).get(url)
        assert response.status_code == 200, user.username
        assert response["Content-Disposition"] == f'attachment; filename="attest-{pathway.pk}.pdf"'
        assert "no-store" in response["Cache-Control"]
        text = "\n".join(pages(response.content))
        for expected in (
            "Attest of the training done",
            "Åse Ødegård",
            pathway.trade.name,
            "Solsiden sykehjem",
            f"{short(START)} to {short(TODAY)}",
            "Pleie og omsorg i seks måneder.",
            f"Issued {short(timezone.localdate(attest.issued_at))} by {coordinator.display_name}",
        ):
            assert expected in text, expected
        assert "17048812345" not in text

    rows = AccessLog.objects.filter(object_type="contracts.attest", object_id=attest.pk, purpose="export")
    assert sorted(rows.values_list("user_id", flat=True)) == sorted([coordinator.pk, participant.pk])


def test_an_attest_not_yet_issued_has_no_pdf(coordinator, participant, pathway, contract):
    url = reverse("contract_attest_pdf", args=[pathway.pk])
    assert as_user(coordinator).get(url).status_code == 404
    Contract.objects.filter(pk=contract.pk).update(status="terminated", ended_on=TODAY, submitted_at=timezone.now())
    services.save_attest(
        actor=coordinator,
        pathway_id=pathway.pk,
        expected_version=None,
        data={"period_from": START, "period_to": TODAY, "body": "Utkast."},
    )
    for user in (coordinator, participant):
        assert as_user(user).get(url).status_code == 404, user.username
    assert not AccessLog.objects.filter(object_type="contracts.attest").exists()


def test_the_attest_is_not_for_the_people_around_the_participant_or_other_municipalities(
    coordinator, other_coordinator, mentor, pathway, contract
):
    issue(contract, coordinator)
    url = reverse("contract_attest_pdf", args=[pathway.pk])
    for user in (other_coordinator, mentor):
        assert as_user(user).get(url).status_code == 404, user.username


# The links on the contract page -------------------------------------------------------


def test_the_contract_page_links_the_pdfs_for_those_who_may_have_them(
    coordinator, participant, mentor, pathway, contract
):
    issue(contract, coordinator)
    page = reverse("contract_detail", args=[pathway.pk])
    application = reverse("contract_application_pdf", args=[pathway.pk])
    attest = reverse("contract_attest_pdf", args=[pathway.pk])

    def links(user: Any) -> tuple[bool, bool]:
        html = as_user(user).get(page).content.decode()
        return application in html, attest in html

    assert links(coordinator) == (True, True)
    assert links(participant) == (False, True)
    assert links(mentor) == (False, False)


def test_the_contract_page_offers_no_attest_pdf_before_it_is_issued(coordinator, pathway, contract):
    html = as_user(coordinator).get(reverse("contract_detail", args=[pathway.pk])).content.decode()
    assert reverse("contract_attest_pdf", args=[pathway.pk]) not in html
    assert reverse("contract_application_pdf", args=[pathway.pk]) in html


# The access matrix's rows for the PDFs, against an outside pathway that has them -------

DEMO_ROLES = (
    "admin",
    "koordinator",
    "fadder",
    "instruktor",
    "fagligleder",
    "faglaerer",
    "norsklaerer",
    "raadgiver",
    "deltaker",
)


def test_outside_their_scope_every_demo_role_but_the_administrator_gets_404(templates):
    """tests/test_access_matrix.py's rows for the PDFs, with the outside pathway given a
    contract and an issued attest (the matrix's own outside pathway may have neither)."""
    load_demo()
    admin = User.objects.get(username="admin")
    elsewhere = make_org(Organisation.Kind.MUNICIPAL_SERVICE, "Utenby kommune")
    scheme = make_scheme(elsewhere, Trade.objects.get(code="HEA"))
    outside = make_pathway(
        scheme,
        participant=make_person("Ute", "Utenfor", registered_by_organisation=elsewhere),
        stage=Stage.STARTING,
        workplace=make_workplace(scheme.trade, county=make_org(Organisation.Kind.COUNTY, "Utenfylket")),
        planned_start=START,
        planned_end=END,
    )
    contract = make_contract(outside, admin)
    upload(outside, admin, "employment_contract", "avtale.pdf", real_pdf("Avtalen"))
    issue(contract, admin)
    urls = [reverse(name, args=[outside.pk]) for name in ("contract_application_pdf", "contract_attest_pdf")]
    failures = []
    for url in urls:
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            response = Client().generic(method, url)
            if response.status_code != 302 or reverse("account_login") not in response["Location"]:
                failures.append(f"anonymous {method} {url}: {response.status_code}")
    for role in DEMO_ROLES:
        client = as_user(User.objects.get(username=role))
        for url in urls:
            for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                expected = 405 if method != "GET" else 200 if role == "admin" else 404
                status = client.generic(method, url).status_code
                if status != expected:
                    failures.append(f"{role} {method} {url}: {status}, expected {expected}")
    assert failures == []
    # The administrator's two downloads, and no one else's.
    assert list(AccessLog.objects.filter(purpose="export").values_list("user_id", flat=True)) == [admin.pk, admin.pk]


# What a user typed is text: it cannot make WeasyPrint fetch anything -------------------

TYPED = '<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="file:///etc/passwd">'


def test_markup_typed_into_the_contract_and_the_attest_is_printed_as_text_and_fetches_nothing(
    monkeypatch, coordinator, pathway, contract
):
    from fagvei.documents.pdf import BASE_URL, StaticFilesOnly

    asked: list[str] = []
    fetch = StaticFilesOnly.fetch

    def spy(self: Any, url: str, headers: Any = None) -> Any:
        asked.append(url)
        return fetch(self, url, headers)

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a connection was attempted: {args}")

    import socket

    monkeypatch.setattr(StaticFilesOnly, "fetch", spy)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    Contract.objects.filter(pk=contract.pk).update(goal=TYPED, extra_conditions=f"url({TYPED})")
    application = as_user(coordinator).get(reverse("contract_application_pdf", args=[pathway.pk]))
    assert application.status_code == 200
    attest = issue(contract, coordinator)
    Attest.objects.filter(pk=attest.pk).update(body=TYPED)
    printed = as_user(coordinator).get(reverse("contract_attest_pdf", args=[pathway.pk]))
    assert printed.status_code == 200
    assert TYPED in "".join(pages(printed.content)).replace("\n", "")
    # Only our own stylesheet was asked for, once per PDF.
    assert set(asked) == {f"{BASE_URL}static/css/pdf.css"}
