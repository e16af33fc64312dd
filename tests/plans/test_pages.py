"""The plan and assessment pages by persona: who reads (those who manage the pathway, its
professional manager, instructor, mentor, trade teacher, Norwegian teacher, participant),
who changes (managers, the professional manager, the instructor), who gets 404 (one not
following the pathway, one following it in another role) and who 403 (a reader writing);
422 on bad input; the PDFs; the pinned queries."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from fagvei.plans.models import Assessment, AssessmentStatus, PlanComment, PlanGoal
from tests.plans.conftest import signed, written

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_readers_of_the_plan(
    plan, pathway, coordinator, manager, instructor, mentor, teacher, participant, client_as
):
    for user in (coordinator, manager, instructor, mentor, teacher, participant):
        page = client_as(user).get(f"/pathways/{pathway.pk}/plan/")
        assert page.status_code == 200, user
        assert "Dekning" in page.content.decode()


def test_others_do_not_know_of_the_plan(plan, pathway, boss, other_coordinator, client_as):
    row = plan.goals.first()
    for user in (boss, other_coordinator):
        client = client_as(user)
        for url in (
            f"/pathways/{pathway.pk}/plan/",
            f"/pathways/{pathway.pk}/plan.pdf",
            f"/pathways/{pathway.pk}/plan/goals/{row.pk}/",
            f"/pathways/{pathway.pk}/assessments/",
        ):
            assert client.get(url).status_code == 404, (user, url)


def test_a_reader_who_writes_gets_403_and_nothing_changes(plan, pathway, mentor, teacher, participant, client_as):
    row = plan.goals.first()
    for user in (mentor, teacher, participant):
        client = client_as(user)
        assert client.get(f"/pathways/{pathway.pk}/plan/goals/{row.pk}/").status_code == 403
        assert client.post(f"/pathways/{pathway.pk}/plan/goals/{row.pk}/", {"status": "in_progress"}).status_code == 403
        assert client.post(f"/pathways/{pathway.pk}/assessments/", {"half_year": 1}).status_code == 403
    for user in (mentor, participant):
        assert client_as(user).post(f"/pathways/{pathway.pk}/plan/comments/", {"text": "Hei"}).status_code == 403
    assert PlanGoal.objects.get(pk=row.pk).version == 1
    assert not Assessment.objects.exists() and not PlanComment.objects.exists()


def test_the_professional_manager_makes_the_plan_and_places_a_goal(pathway, manager, mentor, cast, client_as):
    client = client_as(manager)
    assert "Lag opplæringsplanen" in client.get(f"/pathways/{pathway.pk}/plan/").content.decode()
    assert client.post(f"/pathways/{pathway.pk}/plan/").status_code == 302
    row = PlanGoal.objects.filter(plan__pathway=pathway).first()
    url = f"/pathways/{pathway.pk}/plan/goals/{row.pk}/"
    assert "Halvår 1 (01.2026–06.2026)" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "half_year": 1,
            "tasks": "Morgenstell",
            "responsible": mentor.person_id,
            "status": "in_progress",
            "evidence": "",
            "version": 1,
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.half_year, row.status, row.responsible_id) == (1, "in_progress", mentor.person_id)


def test_bad_input_is_422_in_norwegian_and_nothing_is_saved(plan, pathway, instructor, client_as):
    row = plan.goals.first()
    url = f"/pathways/{pathway.pk}/plan/goals/{row.pk}/"
    response = client_as(instructor).post(url, {"status": "achieved", "version": 1})
    assert response.status_code == 422
    assert "ett steg om gangen" in response.content.decode()
    stale = client_as(instructor).post(url, {"status": "not_started", "version": 7})
    assert stale.status_code == 422 and "Last inn siden" in stale.content.decode()
    assert PlanGoal.objects.get(pk=row.pk).version == 1


def test_a_pathway_without_curriculum_says_so(pathway, manager, cast, client_as):
    pathway.curriculum = None
    pathway.save()
    client = client_as(manager)
    response = client.post(f"/pathways/{pathway.pk}/plan/", follow=True)
    assert "Opplæringsløpet har ingen læreplan" in response.content.decode()


def test_the_trade_teacher_comments(plan, pathway, teacher, client_as):
    client = client_as(teacher)
    assert client.post(f"/pathways/{pathway.pk}/plan/comments/", {"text": ""}).status_code == 422
    assert client.post(f"/pathways/{pathway.pk}/plan/comments/", {"text": "Ser bra ut."}).status_code == 302
    assert "Ser bra ut." in client.get(f"/pathways/{pathway.pk}/plan/").content.decode()


def test_the_assessment_walk_on_the_pages(draft, pathway, instructor, manager, participant, mentor, client_as):
    url = f"/assessments/{draft.pk}/"
    # A draft is hidden from the participant and the mentor.
    assert client_as(participant).get(url).status_code == 404
    assert client_as(mentor).get(url).status_code == 404
    row = draft.goals.first()
    client = client_as(instructor)
    assert client.post(url, {"overall": "Fin innsats.", "version": 1, f"goal_{row.pk}": "bogus"}).status_code == 422
    data = {"overall": "Fin innsats.", "version": 1}
    for r in draft.goals.all():
        data[f"goal_{r.pk}"] = "developing"
        data[f"comment_{r.pk}"] = ""
    assert client.post(url, data).status_code == 302
    # The manager cannot sign first; the instructor signs.
    client_as(manager).post(f"{url}step/sign_manager/", {"version": 2})
    assert Assessment.objects.get(pk=draft.pk).status == AssessmentStatus.DRAFT
    assert client.post(f"{url}step/sign_instructor/", {"version": 2}).status_code == 302
    # Locked: a change is refused with a message.
    locked = client.post(url, {**data, "version": 3}, follow=True)
    assert "kan ikke lenger endres" in locked.content.decode()
    assert client_as(manager).post(f"{url}step/sign_manager/", {"version": 3}).status_code == 302
    page = client_as(participant).get(url)
    assert page.status_code == 200 and "Jeg har lest vurderingen" in page.content.decode()
    assert client_as(participant).post(f"{url}step/confirm_read/", {"version": 4}).status_code == 302
    assert Assessment.objects.get(pk=draft.pk).read_at is not None
    # The mentor reads the signed assessment, and may not sign or edit.
    assert client_as(mentor).get(url).status_code == 200
    assert client_as(mentor).post(f"{url}step/confirm_read/", {"version": 5}).status_code == 403
    assert client_as(participant).post(url, data).status_code == 403


def test_the_list_and_starting_an_assessment(plan, pathway, instructor, client_as):
    client = client_as(instructor)
    assert client.post(f"/pathways/{pathway.pk}/assessments/", {"half_year": 99}).status_code == 422
    response = client.post(f"/pathways/{pathway.pk}/assessments/", {"half_year": 2})
    assert response.status_code == 302
    again = client.post(f"/pathways/{pathway.pk}/assessments/", {"half_year": 2})
    assert again.status_code == 422 and "finnes allerede" in again.content.decode()
    listed = client.get(f"/pathways/{pathway.pk}/assessments/").content.decode()
    assert "Halvår 2" in listed and "Venter på instruktørens signatur" in listed


def test_the_pdfs(plan, draft, pathway, instructor, manager, participant, client_as):
    pdf = client_as(participant).get(f"/pathways/{pathway.pk}/plan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pathway.participant.last_name in _text(pdf.content)
    draft_pdf = client_as(instructor).get(f"/assessments/{draft.pk}/assessment.pdf")
    assert draft_pdf.content.startswith(b"%PDF") and "UTKAST" in _text(draft_pdf.content)
    signed(draft, instructor, manager)
    final = client_as(participant).get(f"/assessments/{draft.pk}/assessment.pdf")
    text = _text(final.content)
    assert pathway.participant.last_name in text and "UTKAST" not in text


def test_query_pins(plan, draft, pathway, manager, participant, client_as, django_assert_max_num_queries):
    client = client_as(manager)
    written(draft, manager)
    with django_assert_max_num_queries(16):
        assert client.get(f"/pathways/{pathway.pk}/plan/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/pathways/{pathway.pk}/assessments/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/assessments/{draft.pk}/").status_code == 200
    row = plan.goals.first()
    with django_assert_max_num_queries(14):
        assert client.get(f"/pathways/{pathway.pk}/plan/goals/{row.pk}/").status_code == 200


def test_the_pathway_page_section(plan, draft, pathway, instructor, boss, client_as):
    page = client_as(instructor).get(f"/pathways/{pathway.pk}/").content.decode()
    assert "Opplæringsplan og vurderinger" in page and "1 vurdering venter på deg" in page
    assert "Opplæringsplan og vurderinger" not in client_as(boss).get(f"/pathways/{pathway.pk}/").content.decode()
