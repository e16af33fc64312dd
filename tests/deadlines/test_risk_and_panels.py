""" "What needs me" on the start page, the pathway's "Deadlines and risk" section and its
API, by persona: the coordinator sees the caseload and the risk with its reasons, the
instructor only their own deadlines and no risk, an outsider nothing (404 on the API),
the administrator's start page only what is theirs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from fagvei.deadlines import engine
from fagvei.deadlines.risk import AMBER, GREEN, RED, pathway_outlook, risks_for
from fagvei.followup.services import add_action_item, schedule_meeting
from fagvei.guidance.models import GuidanceEntry
from fagvei.organisations.models import Organisation
from tests.api.conftest import ApiClient
from tests.factories import make_contract, make_county, make_org, make_pathway, make_person, make_token, make_user

pytestmark = pytest.mark.django_db


def _panel(html: str) -> str:
    """The "What needs me" panel of a start page."""
    start = html.index('id="panel-needs-me-heading"')
    return html[start : html.index("</section>", start)]


def _guided_today(pathway: Any, author: Any) -> None:
    GuidanceEntry.objects.create(
        pathway=pathway, given_on=timezone.localdate(), note="", author=author, created_at=timezone.now()
    )


def _overdue_action(pathway: Any, coordinator: Any, owner: Any, days: int) -> None:
    meeting = schedule_meeting(
        actor=coordinator,
        pathway_id=pathway.pk,
        kind="assessment",
        starts_at=timezone.now() - dt.timedelta(days=days + 7),
        invitees=[pathway.participant_id, owner.pk],
    )
    add_action_item(
        actor=coordinator,
        meeting_id=meeting.pk,
        text="Ring bedriften",
        owner=owner.pk,
        deadline=timezone.localdate() - dt.timedelta(days=days),
    )


# The start page ------------------------------------------------------------------------


def test_the_coordinators_start_page_says_what_needs_them(client: Any, training: Any, coordinator: Any) -> None:
    pathway, _instructor = training
    client.force_login(coordinator)
    html = client.get(reverse("home")).content.decode()
    assert "Hva trenger meg" in html
    assert "Veiledning fra instruktør (ingen på to uker)" in html
    assert "Amina Lærling" in html
    # Straight to where it is done, and the rule behind it.
    assert reverse("pathway_guidance", args=[pathway.pk]) in html
    assert "seed 001" in html


def test_an_outsider_and_the_administrator_are_not_shown_the_caseload(
    client: Any, training: Any, other_coordinator: Any
) -> None:
    client.force_login(other_coordinator)
    html = _panel(client.get(reverse("home")).content.decode())
    assert "Amina" not in html
    # The administrator's start page is what is theirs to do, not the country's list
    # (/deadlines/ has everything).
    admin = make_user(None, username="sjefen", superuser=True)
    client.force_login(admin)
    html = _panel(client.get(reverse("home")).content.decode())
    assert "Amina" not in html
    assert "Ingenting forfaller for deg de neste fire ukene." in html


def test_the_instructor_is_shown_their_own_guidance(client: Any, training: Any) -> None:
    _pathway, instructor = training
    client.force_login(instructor)
    html = client.get(reverse("home")).content.decode()
    assert "Veiledning fra instruktør (ingen på to uker)" in html


# The risk status ---------------------------------------------------------------------


def test_no_guidance_for_two_weeks_is_amber_and_guidance_makes_it_green(training: Any, coordinator: Any) -> None:
    pathway, _instructor = training
    risk = risks_for([pathway.pk])[pathway.pk]
    assert risk.level == AMBER
    assert [r.text for r in risk.reasons] == ["Ingen veiledning på to uker"]
    _guided_today(pathway, coordinator)
    assert risks_for([pathway.pk])[pathway.pk].level == GREEN


def test_an_item_overdue_more_than_two_weeks_is_red(training: Any, coordinator: Any) -> None:
    pathway, instructor = training
    _guided_today(pathway, coordinator)
    _overdue_action(pathway, coordinator, instructor.person, days=3)
    assert risks_for([pathway.pk])[pathway.pk].level == AMBER
    _overdue_action(pathway, coordinator, instructor.person, days=20)
    risk, items, _more = pathway_outlook(pathway.pk)
    assert risk.level == RED
    # The worst first.
    assert [r.level for r in risk.reasons] == [RED, AMBER]
    assert all("Oppfølgingspunkt fra et møte" in r.text for r in risk.reasons)
    assert [i.rule.code for i in items if i.due < timezone.localdate()] == ["followup.action_item"] * 2


def test_the_contract_ending_within_three_months_is_amber(scheme: Any, coordinator: Any) -> None:
    # ofo. § 9-55: the trade test no earlier than three months before the contract ends.
    company = make_org(Organisation.Kind.TRAINING_COMPANY, "Sykehjemmet")
    Organisation.objects.filter(pk=company.pk).update(county=make_county())
    company.refresh_from_db()
    today = timezone.localdate()
    pathway = make_pathway(
        scheme,
        stage="in_training",
        coordinator=coordinator,
        participant=make_person("Bo", "Lærling"),
        started_on=today - dt.timedelta(days=600),
        workplace=company,
        planned_start=today - dt.timedelta(days=600),
        planned_end=today + dt.timedelta(days=60),
    )
    _guided_today(pathway, coordinator)
    make_contract(pathway, coordinator, status="approved")
    risk = risks_for([pathway.pk])[pathway.pk]
    assert AMBER in {r.level for r in risk.reasons}
    assert any("Kontrakten slutter" in r.text for r in risk.reasons)
    assert any(r.url == reverse("contract_detail", args=[pathway.pk]) for r in risk.reasons)


# The pathway page and the API --------------------------------------------------------


def test_the_pathway_page_shows_the_risk_to_those_who_manage_it_only(
    client: Any, training: Any, coordinator: Any
) -> None:
    pathway, instructor = training
    url = reverse("pathway_detail", args=[pathway.pk])
    client.force_login(coordinator)
    html = client.get(url).content.decode()
    assert "Frister og risiko" in html and "risk-amber" in html
    assert "Ingen veiledning på to uker" in html
    client.force_login(instructor)
    html = client.get(url).content.decode()
    assert "Mine frister" in html
    assert "risk-amber" not in html and "Frister og risiko" not in html


def test_the_api_gives_the_risk_to_managers_and_404_to_outsiders(
    training: Any, coordinator: Any, other_coordinator: Any
) -> None:
    pathway, instructor = training
    url = f"/pathways/{pathway.pk}/deadlines"
    body = ApiClient(make_token(coordinator)[1]).get(url).json()
    assert body["risk"]["level"] == "amber"
    assert body["risk"]["reasons"][0]["text"] == "Ingen veiledning på to uker"
    assert [i["rule"] for i in body["items"]] == ["guidance.weekly"]
    body = ApiClient(make_token(instructor)[1]).get(url).json()
    assert body["risk"] is None
    assert [i["rule"] for i in body["items"]] == ["guidance.weekly"]
    assert ApiClient(make_token(other_coordinator)[1]).get(url).status_code == 404


def test_ones_own_action_items_are_narrowed_as_the_list_is(training: Any, coordinator: Any, trade: Any) -> None:
    pathway, instructor = training
    # The instructor owns an action item on the pathway: theirs whatever the pathway's
    # trade, until the list is narrowed to another trade or pathway.
    _overdue_action(pathway, coordinator, instructor.person, days=2)
    other = type(trade).objects.create(code="XYZ3", name="Annet fag")

    def mine(**filters: Any) -> list[int | None]:
        found = engine.for_user(instructor, filters=engine.Filters(**filters)).items
        return [i.pathway_id for i in found if i.rule.code == "followup.action_item"]

    assert mine() == [pathway.pk]
    assert mine(trade_id=pathway.trade_id) == [pathway.pk]
    assert mine(scheme_id=pathway.scheme_id) == [pathway.pk]
    assert mine(trade_id=other.pk) == []
    assert mine(pathway_id=pathway.pk + 1000) == []
