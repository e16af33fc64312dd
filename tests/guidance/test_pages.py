"""The guidance log, teacher visits and language progress pages, by persona: who logs,
who reads, who gets 404 or 403; bad input is a 422 with a Norwegian message naming the
field, and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest

from fagvei.audit.models import Event
from fagvei.guidance import services
from fagvei.guidance.models import GuidanceEntry, LanguageAssessment, TeacherVisit
from fagvei.pathways.models import Screening
from tests.guidance.conftest import days_ago

pytestmark = pytest.mark.django_db


def _guidance_url(pathway):
    return f"/pathways/{pathway.pk}/guidance/"


def test_the_instructor_logs_guidance_in_seconds(pathway, instructor, goals, client_as):
    client = client_as(instructor)
    page = client.get(_guidance_url(pathway))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Loggfør veiledning" in body
    assert 'value="60"' in body  # the default duration
    assert f'value="{dt.date.today().isoformat()}"' in body or "given_on" in body
    response = client.post(
        _guidance_url(pathway),
        {"given_on": days_ago(1).isoformat(), "minutes": "45", "goals": [goals[0].pk, goals[2].pk], "note": "Stell."},
    )
    assert response.status_code == 302
    entry = GuidanceEntry.objects.get()
    assert (entry.minutes, entry.author_id, entry.given_on) == (45, instructor.pk, days_ago(1))
    assert sorted(entry.goals.values_list("pk", flat=True)) == [goals[0].pk, goals[2].pk]
    event = Event.objects.get(verb="guidance.logged")
    assert event.data == {"entry": entry.pk, "minutes": 45, "goals": 2}
    assert "Stell" not in str(event.data)
    listed = client.get(_guidance_url(pathway)).content.decode()
    assert "Stell." in listed and "K1" in listed


def test_the_professional_manager_and_the_coordinator_log_too(pathway, professional_manager, coordinator, client_as):
    for user in (professional_manager, coordinator):
        response = client_as(user).post(_guidance_url(pathway), {"given_on": days_ago(0).isoformat(), "minutes": "60"})
        assert response.status_code == 302
    assert GuidanceEntry.objects.count() == 2


def test_the_participant_reads_the_log_but_may_not_write(pathway, participant, instructor, client_as):
    services.log_guidance(actor=instructor, pathway_id=pathway.pk, given_on=days_ago(3), note="Godt arbeid")
    client = client_as(participant)
    page = client.get(_guidance_url(pathway))
    assert page.status_code == 200
    assert "Godt arbeid" in page.content.decode()
    assert "Loggfør veiledning" not in page.content.decode()
    assert (
        client.post(_guidance_url(pathway), {"given_on": days_ago(0).isoformat(), "minutes": "60"}).status_code == 403
    )
    assert GuidanceEntry.objects.count() == 1


def test_the_mentor_does_not_know_of_the_guidance_log(pathway, mentor, client_as):
    client = client_as(mentor)
    assert client.get(_guidance_url(pathway)).status_code == 404
    assert client.post(_guidance_url(pathway), {"given_on": days_ago(0).isoformat()}).status_code == 404
    assert client.get(f"/pathways/{pathway.pk}/language/").status_code == 404
    assert client.get(f"/pathways/{pathway.pk}/visits/").status_code == 404


def test_an_outsider_gets_404_everywhere(pathway, other_coordinator, client_as):
    client = client_as(other_coordinator)
    for part in ("guidance", "visits", "language"):
        assert client.get(f"/pathways/{pathway.pk}/{part}/").status_code == 404
        assert client.post(f"/pathways/{pathway.pk}/{part}/", {}).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"given_on": (dt.date.today() + dt.timedelta(days=3)).isoformat(), "minutes": "60"},
            "kan ikke være fram i tid",
        ),
        ({"given_on": "", "minutes": "60"}, "Dato: Feltet er påkrevet"),
        ({"given_on": "2026-13-40", "minutes": "60"}, "gyldig dato"),
        ({"given_on": days_ago(1).isoformat(), "minutes": "0"}, "Varighet"),
        ({"given_on": days_ago(1).isoformat(), "minutes": "9999"}, "Varighet"),
        ({"given_on": days_ago(1).isoformat(), "minutes": "60", "goals": ["999999"]}, "Kompetansemål"),
    ],
)
def test_bad_guidance_is_refused_with_422_naming_the_field(pathway, instructor, goals, client_as, data, message):
    response = client_as(instructor).post(_guidance_url(pathway), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert GuidanceEntry.objects.count() == 0


def test_weeks_since_the_last_guidance_and_the_two_week_warning(pathway, instructor, client_as):
    services.log_guidance(actor=instructor, pathway_id=pathway.pk, given_on=days_ago(20))
    body = client_as(instructor).get(_guidance_url(pathway)).content.decode()
    assert "2 uker siden" in body
    assert "Veiledning er på etterskudd" in body
    services.log_guidance(actor=instructor, pathway_id=pathway.pk, given_on=days_ago(2))
    body = client_as(instructor).get(_guidance_url(pathway)).content.decode()
    assert "Veiledning er på etterskudd" not in body


def test_the_trade_teacher_records_a_visit_and_the_others_read_it(
    pathway, trade_teacher, instructor, professional_manager, participant, coordinator, mentor, client_as, goals
):
    url = f"/pathways/{pathway.pk}/visits/"
    response = client_as(trade_teacher).post(
        url,
        {
            "visited_on": days_ago(1).isoformat(),
            "observations": "Trygg i stellet.",
            "tasks_given": "Les om sårstell.",
            "goals": [goals[1].pk],
        },
    )
    assert response.status_code == 302
    visit = TeacherVisit.objects.get()
    assert visit.author_id == trade_teacher.pk
    assert Event.objects.get(verb="teacher_visit.recorded").data == {"visit": visit.pk}
    for reader in (instructor, professional_manager, participant, coordinator):
        page = client_as(reader).get(url)
        assert page.status_code == 200
        assert "Trygg i stellet." in page.content.decode()
        assert "Registrer besøket" not in page.content.decode()
        assert (
            client_as(reader).post(url, {"visited_on": days_ago(0).isoformat(), "observations": "x"}).status_code == 403
        )
    assert client_as(mentor).get(url).status_code == 404
    assert TeacherVisit.objects.count() == 1


def test_a_visit_needs_observations(pathway, trade_teacher, client_as):
    response = client_as(trade_teacher).post(
        f"/pathways/{pathway.pk}/visits/", {"visited_on": days_ago(0).isoformat(), "observations": " "}
    )
    assert response.status_code == 422
    assert "Observasjoner" in response.content.decode()
    assert TeacherVisit.objects.count() == 0


def test_my_participants_shows_the_interval_passed(pathway, trade_teacher, client_as):
    page = client_as(trade_teacher).get("/visits/")
    assert page.status_code == 200
    body = page.content.decode()
    assert pathway.participant.full_name in body
    assert "Et besøk er på etterskudd" in body
    services.record_visit(actor=trade_teacher, pathway_id=pathway.pk, visited_on=days_ago(3), observations="Bra")
    body = client_as(trade_teacher).get("/visits/").content.decode()
    assert "Et besøk er på etterskudd" not in body


def test_the_norwegian_teacher_records_language_progress(
    pathway, norwegian_teacher, trade_teacher, participant, coordinator, mentor, instructor, client_as
):
    Screening.objects.create(
        pathway=pathway,
        norwegian_listening="A2",
        norwegian_reading="A2",
        norwegian_speaking="A1",
        norwegian_writing="A1",
        years_in_norway="3.0",
        education="primary",
        work_experience_years="1.0",
        motivation=3,
        suitability=3,
        can_participate_80=True,
        income_basis="salary",
        screened_on=days_ago(300),
        screened_by=coordinator,
        life_situation="HEMMELIG LIVSSITUASJON",
    )
    url = f"/pathways/{pathway.pk}/language/"
    response = client_as(norwegian_teacher).post(
        url,
        {
            "assessed_on": days_ago(1).isoformat(),
            "level_listening": "B1",
            "note_listening": "Følger godt med",
            "level_oral": "A2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(LanguageAssessment.objects.values_list("skill", "level")) == [("listening", "B1"), ("oral", "A2")]
    assert Event.objects.get(verb="language.assessed").data["skills"] == ["listening", "oral"]
    for reader in (trade_teacher, participant, coordinator):
        body = client_as(reader).get(url).content.decode()
        assert "Følger godt med" in body and "B1" in body
        assert "Ved kartleggingen" in body
        assert "HEMMELIG" not in body
        assert (
            client_as(reader).post(url, {"assessed_on": days_ago(0).isoformat(), "level_reading": "B1"}).status_code
            == 403
        )
    for other in (mentor, instructor):
        assert client_as(other).get(url).status_code == 404


def test_a_language_assessment_needs_a_level(pathway, norwegian_teacher, client_as):
    url = f"/pathways/{pathway.pk}/language/"
    response = client_as(norwegian_teacher).post(url, {"assessed_on": days_ago(0).isoformat(), "note_reading": "x"})
    assert response.status_code == 422
    assert "Lesing" in response.content.decode()
    response = client_as(norwegian_teacher).post(url, {"assessed_on": days_ago(0).isoformat()})
    assert response.status_code == 422
    assert LanguageAssessment.objects.count() == 0


def test_the_pathway_page_shows_only_the_parts_the_user_may_read(
    pathway, instructor, trade_teacher, norwegian_teacher, participant, mentor, client_as
):
    services.log_guidance(actor=instructor, pathway_id=pathway.pk, given_on=days_ago(7))
    services.record_visit(actor=trade_teacher, pathway_id=pathway.pk, visited_on=days_ago(30), observations="Bra")
    services.assess_language(
        actor=norwegian_teacher, pathway_id=pathway.pk, assessed_on=days_ago(5), levels={"reading": "B1"}
    )
    url = f"/pathways/{pathway.pk}/"
    links = {part: f'href="/pathways/{pathway.pk}/{part}/"' for part in ("guidance", "visits", "language")}

    def shown(user):
        body = client_as(user).get(url).content.decode()
        return {part for part, link in links.items() if link in body}

    assert shown(participant) == {"guidance", "visits", "language"}
    assert shown(instructor) == {"guidance", "visits"}
    assert shown(norwegian_teacher) == {"language"}
    assert shown(mentor) == set()
    assert "Veiledning og besøk" not in client_as(mentor).get(url).content.decode()


def test_a_closed_pathway_takes_no_more_entries(pathway, instructor):
    from fagvei.core.domain import DomainError

    type(pathway).objects.filter(pk=pathway.pk).update(stage="ended", is_open=False, end_reason="other")
    with pytest.raises(DomainError):
        services.log_guidance(actor=instructor, pathway_id=pathway.pk, given_on=days_ago(1))
