"""The absence page and the pathway page's section, by persona: those who see reasons
(coordinator, professional manager) see kinds and register; the participant sees their
own periods without kinds; the instructor and the mentor see the rate only; another
follower and an outsider get 404; a reader asking to write gets 403."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fagvei.absence import services
from fagvei.absence.models import Absence
from fagvei.audit.models import Event
from fagvei.contracts.models import CountySettings

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def absences(pathway, manager):
    services.register_absence(
        actor=manager,
        pathway_id=pathway.pk,
        kind="sick_note",
        starts_on=D(2026, 2, 2),
        ends_on=D(2026, 2, 6),
        note="Influensa",
    )
    services.register_absence(
        actor=manager,
        pathway_id=pathway.pk,
        kind="self_certified",
        starts_on=D(2026, 3, 2),
        ends_on=D(2026, 3, 2),
        hours=Decimal("3.5"),
    )


def _url(pathway):
    return f"/pathways/{pathway.pk}/absence/"


@pytest.mark.parametrize("who", ["coordinator", "manager"])
def test_those_who_see_reasons_see_kinds_notes_and_the_form(who, request, pathway, absences, client_as):
    page = client_as(request.getfixturevalue(who)).get(_url(pathway)).content.decode()
    assert "Sykmelding" in page and "Egenmelding" in page and "Influensa" in page
    assert "Registrer fraværet" in page
    assert "Deltakelse" in page


def test_the_participant_sees_own_periods_without_reasons(pathway, absences, participant, client_as):
    response = client_as(participant).get(_url(pathway))
    page = response.content.decode()
    assert response.status_code == 200
    assert "02.02.2026" in page
    assert "Sykmelding" not in page and "Egenmelding" not in page and "Influensa" not in page
    assert "Registrer fraværet" not in page


@pytest.mark.parametrize("who", ["instructor", "mentor"])
def test_instructor_and_mentor_see_the_rate_only(who, request, pathway, absences, client_as):
    response = client_as(request.getfixturevalue(who)).get(_url(pathway))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Deltakelse" in page
    assert "02.02.2026" not in page and "Sykmelding" not in page and "Influensa" not in page


@pytest.mark.parametrize("who", ["teacher", "other_coordinator"])
def test_others_get_404(who, request, pathway, absences, client_as):
    client = client_as(request.getfixturevalue(who))
    assert client.get(_url(pathway)).status_code == 404
    assert client.post(_url(pathway) + "new/", {"kind": "other", "starts_on": "2026-04-01"}).status_code == 404
    absence = Absence.objects.first()
    assert client.get(f"/absences/{absence.pk}/edit/").status_code == 404


@pytest.mark.parametrize("who", ["instructor", "mentor", "participant"])
def test_a_reader_asking_to_write_gets_403(who, request, pathway, absences, client_as):
    client = client_as(request.getfixturevalue(who))
    assert client.post(_url(pathway) + "new/", {"kind": "other", "starts_on": "2026-04-01"}).status_code == 403
    absence = Absence.objects.first()
    expected = 404 if who != "participant" else 403
    assert client.get(f"/absences/{absence.pk}/edit/").status_code == expected
    assert client.post(f"/absences/{absence.pk}/delete/", {"version": 1}).status_code == expected
    assert Absence.objects.count() == 2


def test_the_manager_registers_through_the_page(pathway, manager, client_as):
    response = client_as(manager).post(
        _url(pathway) + "new/", {"kind": "unexcused", "starts_on": "2026-04-08", "ends_on": "2026-04-09", "note": ""}
    )
    assert response.status_code == 302
    assert Absence.objects.get().kind == "unexcused"
    page = client_as(manager).get(f"/pathways/{pathway.pk}/").content.decode()
    assert "Fravær registrert" in page


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"kind": "other", "starts_on": "2026-02-04"}, "starts_on", "overlapper"),
        ({"kind": "other", "starts_on": "2026-04-09", "ends_on": "2026-04-08"}, "ends_on", "før"),
        ({"kind": "other", "starts_on": "2026-04-08", "hours": "8"}, "hours", "7,5"),
        ({"kind": "other", "starts_on": "2026-04-08", "ends_on": "2026-04-09", "hours": "2"}, "hours", "én dag"),
        ({"kind": "", "starts_on": "2026-04-08"}, "kind", ""),
        ({"kind": "other", "starts_on": "banana"}, "starts_on", ""),
    ],
)
def test_bad_input_is_refused_with_422_naming_the_field(data, field, text, pathway, absences, manager, client_as):
    response = client_as(manager).post(_url(pathway) + "new/", data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert text in " ".join(response.context["form"].errors[field])
    assert Absence.objects.count() == 2


def test_correct_and_delete_through_the_pages(pathway, absences, manager, client_as):
    client = client_as(manager)
    absence = Absence.objects.get(kind="sick_note")
    assert client.get(f"/absences/{absence.pk}/edit/").status_code == 200
    response = client.post(
        f"/absences/{absence.pk}/edit/",
        {"kind": "sick_note", "starts_on": "2026-02-02", "ends_on": "2026-02-03", "version": 1},
    )
    assert response.status_code == 302
    absence.refresh_from_db()
    assert (absence.ends_on, absence.version) == (D(2026, 2, 3), 2)
    stale = client.post(f"/absences/{absence.pk}/edit/", {"kind": "other", "starts_on": "2026-02-02", "version": 1})
    assert stale.status_code == 422
    client.post(f"/absences/{absence.pk}/delete/", {"version": 2})
    assert not Absence.objects.filter(pk=absence.pk).exists()


FEB_2, FEB_19 = D(2026, 2, 2), D(2026, 2, 19)


def _long_absence(pathway, manager, days_from=FEB_2, days_to=FEB_19):
    # 2–19 February 2026: 14 weekdays.
    services.register_absence(
        actor=manager, pathway_id=pathway.pk, kind="sick_note", starts_on=days_from, ends_on=days_to
    )


def test_the_threshold_says_so_and_offers_the_contracts_flows(pathway, manager, coordinator, client_as):
    _long_absence(pathway, manager)
    page = client_as(coordinator).get(_url(pathway)).content.decode()
    assert "fylkeskommunens terskel på 14 dager" in page
    assert f"/pathways/{pathway.pk}/contract/interruptions/new/" in page
    assert f"/pathways/{pathway.pk}/contract/change/" in page
    # The professional manager is told, without the coordinator's contract links.
    page = client_as(manager).get(_url(pathway)).content.decode()
    assert "fylkeskommunens terskel på 14 dager" in page
    assert "/contract/change/" not in page
    # And the pathway page's section says so too.
    page = client_as(coordinator).get(f"/pathways/{pathway.pk}/").content.decode()
    assert "fylkeskommunens terskel på 14 dager" in page


def test_the_threshold_is_the_countys_setting(pathway, manager, coordinator, client_as):
    _long_absence(pathway, manager, days_to=D(2026, 2, 13))  # 10 days
    assert "har nådd" not in client_as(coordinator).get(_url(pathway)).content.decode()
    CountySettings.objects.update_or_create(county=pathway.contract.county, defaults={"absence_threshold_days": 10})
    assert "terskel på 10 dager" in client_as(coordinator).get(_url(pathway)).content.decode()


def test_below_the_schemes_target_it_says_so(pathway, manager, coordinator, client_as):
    pathway.started_on = D(2026, 2, 2)
    pathway.save()
    pathway.contract.end_date = D(2026, 2, 27)
    pathway.contract.save()
    _long_absence(pathway, manager, days_to=D(2026, 2, 6))  # 5 of 20 days: 75 %
    page = client_as(coordinator).get(_url(pathway)).content.decode()
    assert "75,0 %" in page and "under ordningens mål på 80 %" in page


def test_events_never_carry_the_kind(pathway, absences):
    for event in Event.objects.filter(verb__startswith="absence."):
        assert set(event.data) == {"absence"}
