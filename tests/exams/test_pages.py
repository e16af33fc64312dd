"""The exams' pages: a coordinator takes a participant from the written exam to the
certificate without JavaScript; who reads, who writes and who is not told the pages exist;
the query counts of the list and the pathway's page pinned whatever the number of rows;
the participation certificate's text."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from fagvei.accounts.models import Role
from fagvei.audit.models import AccessLog
from fagvei.core import clock
from fagvei.exams.models import ExamEntry, Status
from fagvei.pathways.models import Pathway, PathwayMember, Stage
from tests.exams.conftest import at, hold, pass_written_exam, protocol, register_trade_test, result
from tests.factories import make_screening, make_user

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, data: dict[str, Any], when: dt.datetime) -> Any:
    with clock.frozen_at(when):
        return client.post(url, data)


def _entry(pathway: Pathway, kind: str) -> ExamEntry:
    return ExamEntry.objects.filter(pathway=pathway, kind=kind).order_by("-id").first()


def test_a_coordinator_takes_a_participant_from_the_written_exam_to_the_certificate(
    client: Client, coordinator: Any, pathway: Pathway
) -> None:
    make_screening(pathway, coordinator)
    client.force_login(coordinator)
    page = reverse("pathway_exams", args=[pathway.pk])
    # The written exam, spring 2027: planned in January, registered in the window.
    response = _post(client, page, {"kind": "written", "term": "2027-spring"}, at(2027, 1, 5))
    assert response.status_code == 302
    written = _entry(pathway, "written")
    step = lambda e, name: reverse("exam_step", args=[e.pk, name])  # noqa: E731
    response = _post(
        client,
        step(written, "register"),
        {"version": written.version, "registered_at": "2027-01-20T10:00", "fee_paid": "on"},
        at(2027, 1, 20, 11),
    )
    assert response.status_code == 302, response.content.decode()
    written.refresh_from_db()
    assert (written.status, written.fee_paid) == (Status.REGISTERED, True)
    _post(client, step(written, "hold"), {"version": written.version, "held_on": "2027-05-20"}, at(2027, 5, 20, 16))
    written.refresh_from_db()
    _post(client, step(written, "record_result"), {"version": written.version, "grade": "4"}, at(2027, 6, 10))
    written.refresh_from_db()
    assert (written.status, written.result, written.grade) == (Status.RESULT_RECORDED, "passed", 4)
    # The trade test: planned, registered within the window, dates agreed, held, passed.
    _post(client, page, {"kind": "trade_test"}, at(2027, 3, 1))
    test = _entry(pathway, "trade_test")
    response = _post(
        client, step(test, "register"), {"version": test.version, "registered_at": "2027-04-30T09:00"}, at(2027, 6, 11)
    )
    assert response.status_code == 302, response.content.decode()
    test.refresh_from_db()
    _post(
        client,
        step(test, "schedule"),
        {"version": test.version, "starts_on": "2027-06-14", "ends_on": "2027-06-15", "site": "Lørenskog sykehjem"},
        at(2027, 6, 11),
    )
    test.refresh_from_db()
    _post(client, step(test, "hold"), {"version": test.version, "held_on": "2027-06-15"}, at(2027, 6, 15, 17))
    test.refresh_from_db()
    with clock.frozen_at(at(2027, 6, 16)):
        response = client.post(
            step(test, "record_result"), {"version": test.version, "result": "passed", "protocol": protocol()}
        )
    assert response.status_code == 302, response.content.decode()
    test.refresh_from_db()
    assert test.passed and test.protocol is not None
    # The pathway is completed on the test's date, from the pathway's own page.
    pathway.refresh_from_db()
    response = _post(
        client,
        reverse("pathway_transition", args=[pathway.pk, "complete"]),
        {"version": pathway.version, "passed_on": ""},
        at(2027, 6, 17),
    )
    assert response.status_code == 302, response.content.decode()
    pathway.refresh_from_db()
    assert (pathway.stage, pathway.trade_test_passed_on) == (Stage.COMPLETED, dt.date(2027, 6, 15))
    # The participation certificate.
    html = client.get(page).content.decode()
    assert reverse("exam_certificate_pdf", args=[pathway.pk]) in html
    response = client.get(reverse("exam_certificate_pdf", args=[pathway.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AccessLog.objects.filter(detail="deltakerbevis pdf").exists()


def _completed(pathway: Pathway, coordinator: Any) -> Pathway:
    """Written exam passed, a trade test passed on 15 June 2027, the pathway completed."""
    from fagvei.pathways import services as pathway_services

    make_screening(pathway, coordinator)
    pass_written_exam(pathway, coordinator, grade=5)
    test = register_trade_test(pathway, coordinator, at(2027, 4, 1))
    test = hold(test, coordinator, dt.date(2027, 6, 15))
    result(test, coordinator, dt.date(2027, 6, 16), result="passed_very_well", protocol_upload=protocol())
    for level, day in (("A2", dt.date(2026, 3, 1)), ("B1", dt.date(2027, 2, 20))):
        entry = ExamEntry.objects.create(
            pathway=pathway,
            kind="norwegian",
            status="result_recorded",
            variant="standard",
            band="a2_b1",
            registrant="privatist",
            registered_at=at(day.year, day.month, 1),
            held_on=day,
            listening=level,
            reading=level,
            writing=level,
            oral="B2" if level == "B1" else level,
            planned_by=coordinator,
            planned_at=at(day.year, 1, 2),
        )
        assert entry.pk
    with clock.frozen_at(at(2027, 6, 17)):
        return pathway_services.complete_pathway(actor=coordinator, pathway_id=pathway.pk)


def test_the_certificate_names_the_scheme_the_trade_the_period_the_results_and_the_norwegian_level(
    client: Client, coordinator: Any, pathway: Pathway
) -> None:
    _completed(pathway, coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("exam_certificate_pdf", args=[pathway.pk]))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert pathway.participant.full_name in flat
    assert pathway.scheme.organisation.name in flat
    assert pathway.scheme.name in flat
    assert pathway.trade.name in flat
    assert "01.08.2025" in flat and "15.06.2027" in flat
    assert "Deltakerbevis" in flat
    assert "Bestått meget godt" in flat
    assert "Karakter 5" in flat
    # The best result of each part (HK-dir), and the scheme's target.
    assert "B1" in flat and "B2" in flat


def test_no_certificate_before_the_participant_is_closed_after_passing(
    client: Client, coordinator: Any, pathway: Pathway
) -> None:
    client.force_login(coordinator)
    assert client.get(reverse("exam_certificate_pdf", args=[pathway.pk])).status_code == 404


def test_the_participant_has_their_certificate_and_a_teacher_has_not(
    client: Client, coordinator: Any, pathway: Pathway, participant_user: Any, trade_teacher: Any
) -> None:
    _completed(pathway, coordinator)
    client.force_login(participant_user)
    assert client.get(reverse("exam_certificate_pdf", args=[pathway.pk])).status_code == 200
    client.force_login(trade_teacher)
    assert client.get(reverse("exam_certificate_pdf", args=[pathway.pk])).status_code == 404


# Who may do what -------------------------------------------------------------------------------


def test_the_people_around_the_participant_read_or_are_not_told(
    client: Client, coordinator: Any, pathway: Pathway, participant_user: Any, trade_teacher: Any, municipality: Any
) -> None:
    mentor = make_user(Role.MENTOR, municipality, username="fadderen")
    PathwayMember.objects.create(pathway=pathway, person=mentor.person, role=PathwayMember.Role.MENTOR)
    outsider = make_user(Role.COORDINATOR, None, username="utenfor")
    page = reverse("pathway_exams", args=[pathway.pk])
    expectations = [
        (coordinator, 200, 422),
        (participant_user, 200, 403),
        (trade_teacher, 200, 403),
        (mentor, 404, 404),
        (outsider, 404, 404),
    ]
    for user, read, write in expectations:
        client.force_login(user)
        assert client.get(page).status_code == read, user
        assert client.post(page, {}).status_code == write, user


def test_only_the_trade_teacher_recommends_the_trade_test(
    client: Client, coordinator: Any, pathway: Pathway, trade_teacher: Any, norwegian_teacher: Any
) -> None:
    url = reverse("exam_recommend", args=[pathway.pk])
    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    client.force_login(trade_teacher)
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "trade_test", "register_from": "2026-12-01", "note": "Klar."})
    assert response.status_code == 302
    client.force_login(norwegian_teacher)
    assert client.post(url, {"kind": "trade_test", "register_from": "2026-12-01"}).status_code == 422
    assert pathway.exam_recommendations.count() == 1


def test_an_entrys_step_is_for_those_who_manage_and_unknown_to_others(
    client: Client, coordinator: Any, pathway: Pathway, participant_user: Any, other_coordinator: Any
) -> None:
    with clock.frozen_at(at(2026, 11, 2)):
        from fagvei.exams import services

        entry = services.plan_entry(actor=coordinator, pathway_id=pathway.pk, kind="trade_test")
    url = reverse("exam_step", args=[entry.pk, "register"])
    client.force_login(participant_user)
    assert client.get(url).status_code == 403
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    assert client.get(reverse("exam_step", args=[999_999, "register"])).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    assert client.get(reverse("exam_step", args=[entry.pk, "nonsense"])).status_code == 404


def test_a_refused_registration_is_shown_on_its_field_naming_the_rule(
    client: Client, coordinator: Any, pathway: Pathway
) -> None:
    with clock.frozen_at(at(2026, 11, 2)):
        from fagvei.exams import services

        entry = services.plan_entry(actor=coordinator, pathway_id=pathway.pk, kind="trade_test")
    client.force_login(coordinator)
    response = _post(
        client,
        reverse("exam_step", args=[entry.pk, "register"]),
        {"version": entry.version, "registered_at": "2027-05-02T09:00", "subjects_confirmed": "on"},
        at(2027, 5, 3),
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "registered_at" in errors and "ofo. § 9-56" in str(errors["registered_at"])
    response = _post(
        client,
        reverse("exam_step", args=[entry.pk, "register"]),
        {"version": entry.version, "registered_at": "not a date"},
        at(2027, 5, 3),
    )
    assert response.status_code == 422 and "registered_at" in response.context["form"].errors


# Query counts --------------------------------------------------------------------------------


def _grow(pathway: Pathway, coordinator: Any, n: int) -> None:
    for i in range(n):
        ExamEntry.objects.create(
            pathway=pathway,
            kind="norwegian",
            status="withdrawn",
            variant="standard",
            band="a2_b1",
            planned_by=coordinator,
            planned_at=at(2026, 1, 1 + i),
        )


def test_the_pathways_exams_page_costs_the_same_with_one_entry_or_many(
    client: Client, coordinator: Any, pathway: Pathway, django_assert_num_queries: Any
) -> None:
    client.force_login(coordinator)
    page = reverse("pathway_exams", args=[pathway.pk])
    _grow(pathway, coordinator, 1)
    client.get(page)
    # session, user, roles; the pathway with the user's follow row; the members (their
    # roles); the read logged; the entries; the contract; the screening; the teacher's
    # levels; the recommendations (no certificate to look for: the pathway is open)
    with django_assert_num_queries(11):
        assert client.get(page).status_code == 200
    _grow(pathway, coordinator, 12)
    with django_assert_num_queries(11):
        assert client.get(page).status_code == 200


def test_the_exams_overview_costs_the_same_with_one_pathway_or_many(
    client: Client, coordinator: Any, pathway: Pathway, scheme: Any, django_assert_num_queries: Any
) -> None:
    from tests.factories import make_contract, make_pathway, make_ready_to_start

    client.force_login(coordinator)
    client.get(reverse("exam_overview"))
    # session, user, roles; the written entries planned; the contracts to register; the
    # entries held and those past their date; the fees not paid
    with django_assert_num_queries(8):
        assert client.get(reverse("exam_overview")).status_code == 200
    for _i in range(8):
        more = make_pathway(scheme, stage=Stage.IN_TRAINING, coordinator=coordinator)
        make_ready_to_start(more, coordinator, contract=False)
        make_contract(more, coordinator, end_date=dt.date(2027, 3, 31))
        with clock.frozen_at(at(2026, 11, 2)):
            from fagvei.exams import services

            services.plan_entry(
                actor=coordinator, pathway_id=more.pk, kind="written", term_year=2027, term_season="spring"
            )
    with django_assert_num_queries(8):
        response = client.get(reverse("exam_overview"))
    assert response.status_code == 200
    assert len(response.context["due"]) == 9


def test_a_plan_without_its_term_or_test_is_refused_on_the_field(
    client: Client, coordinator: Any, pathway: Pathway
) -> None:
    client.force_login(coordinator)
    page = reverse("pathway_exams", args=[pathway.pk])
    response = client.post(page, {"kind": "written"})
    assert response.status_code == 422 and "term" in response.context["form"].errors
    response = client.post(page, {"kind": "norwegian"})
    assert response.status_code == 422 and "variant" in response.context["form"].errors
    assert not ExamEntry.objects.filter(pathway=pathway).exists()


def test_the_pathway_page_shows_the_exams_and_the_norwegian_target(
    client: Client, coordinator: Any, pathway: Pathway, municipality: Any
) -> None:
    make_screening(pathway, coordinator)
    pass_written_exam(pathway, coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert "Eksamener og prøver" in html
    # Seed 002: B2 in health work; the written exam passed with its grade; the last day to
    # register the trade test (ofo. § 9-56).
    assert "Mål B2" in html and "karakter 4" in html and "30.04.2027" in html
    # The mentor is not told of the exams.
    mentor = make_user(Role.MENTOR, municipality, username="fadder2")
    PathwayMember.objects.create(pathway=pathway, person=mentor.person, role=PathwayMember.Role.MENTOR)
    client.force_login(mentor)
    assert "Eksamener og prøver" not in client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
