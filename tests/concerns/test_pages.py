"""The concern pages and the pathway page's section, by persona: need to know, one
access-log row per read with the reader's role, Norwegian refusals on bad input, and
pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from fagvei.audit.models import AccessLog
from fagvei.concerns.models import Concern, Status
from fagvei.followup.models import Guest
from tests.concerns.conftest import (
    TODAY,
    call_clarification,
    hold_conversation,
    register,
    reload,
    schedule,
    to_follow_up,
)

pytestmark = pytest.mark.django_db

SECRET = "Mye fravær siste måned"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reads_of(concern: Concern) -> list[str]:
    return list(
        AccessLog.objects.filter(object_type="concerns.concern", object_id=concern.pk)
        .order_by("id")
        .values_list("detail", flat=True)
    )


# Reading ------------------------------------------------------------------------------------


def test_the_koordinator_reads_the_concern_and_the_read_is_logged_once(pathway, coordinator):
    concern = register(pathway, coordinator)
    response = client_for(coordinator).get(reverse("concern_detail", args=[concern.pk]))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert reads_of(concern) == ["concern; role=manager"]
    assert AccessLog.objects.get(object_id=concern.pk).purpose == AccessLog.Purpose.SENSITIVE


def test_the_list_logs_each_concern_shown_once(pathway, coordinator, manager):
    first = register(pathway, coordinator)
    second = register(pathway, manager)
    response = client_for(coordinator).get(reverse("pathway_concerns", args=[pathway.pk]))
    assert response.status_code == 200
    assert reads_of(first) == ["concern list; role=manager"]
    assert reads_of(second) == ["concern list; role=manager"]


def test_a_mentor_on_the_same_pathway_gets_no_concern_text(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    client = client_for(mentor)
    assert client.get(reverse("concern_detail", args=[concern.pk])).status_code == 404
    assert client.get(reverse("pathway_concerns", args=[pathway.pk])).status_code == 404
    assert client.post(reverse("pathway_concerns", args=[pathway.pk]), {}).status_code == 404
    step = reverse("concern_step", args=[concern.pk, "resolve"])
    assert client.post(step, {"version": reload(concern).version}).status_code == 404
    page = client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert SECRET not in page
    assert "Samtale med deltaker" not in page
    with translation.override("nb"):
        assert "Sykdom" not in page and "Stort fravær" not in page
    # Not on the timeline either: no step of the concern, no link to it.
    assert reverse("concern_detail", args=[concern.pk]) not in page
    # Only that a plan is in place, and the goal the mentor is responsible for.
    assert "Møte presis hver dag" in page
    assert reads_of(concern) == []


def test_a_professional_manager_reads_what_they_raised_and_not_the_koordinators(pathway, coordinator, manager):
    own = register(pathway, manager)
    other = register(pathway, coordinator, description="Koordinatorens egen bekymring")
    client = client_for(manager)
    assert client.get(reverse("concern_detail", args=[own.pk])).status_code == 200
    assert reads_of(own) == ["concern; role=raised_by"]
    assert client.get(reverse("concern_detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("pathway_concerns", args=[pathway.pk])).content.decode()
    assert reverse("concern_detail", args=[own.pk]) in listing
    assert reverse("concern_detail", args=[other.pk]) not in listing


def test_the_county_adviser_reads_it_once_informed(pathway, coordinator, adviser, other_adviser):
    concern = register(pathway, coordinator)
    url = reverse("concern_detail", args=[concern.pk])
    assert client_for(adviser).get(url).status_code == 404
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    assert client_for(adviser).get(url).status_code == 200
    assert reads_of(concern) == ["concern; role=county_adviser"]
    assert client_for(other_adviser).get(url).status_code == 404
    # The adviser reads; the steps are taken by those who handle it.
    step = reverse("concern_step", args=[concern.pk, "agree_plan"])
    assert client_for(adviser).post(step, {"version": reload(concern).version}).status_code == 403


def test_the_participant_reads_their_own_case_and_takes_no_step(pathway, coordinator, participant):
    concern = register(pathway, coordinator)
    client = client_for(participant)
    response = client.get(reverse("concern_detail", args=[concern.pk]))
    assert response.status_code == 200
    assert reads_of(concern) == ["concern; role=participant"]
    step = reverse("concern_step", args=[concern.pk, "hold_conversation"])
    assert client.post(step, {"version": concern.version}).status_code == 403


def test_an_unknown_id_and_an_outsiders_id_answer_the_same(pathway, coordinator, other_coordinator):
    concern = register(pathway, coordinator)
    client = client_for(other_coordinator)
    assert client.get(reverse("concern_detail", args=[concern.pk])).status_code == 404
    assert client.get(reverse("concern_detail", args=[concern.pk + 1000])).status_code == 404


def test_anonymous_is_sent_to_log_in(pathway, coordinator):
    concern = register(pathway, coordinator)
    response = Client().get(reverse("concern_detail", args=[concern.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Registering and the steps ------------------------------------------------------------------


def test_the_professional_manager_registers_a_concern_in_the_browser(pathway, manager):
    response = client_for(manager).post(
        reverse("pathway_concerns", args=[pathway.pk]),
        {"categories": ["lack_of_progress"], "description": "Lite framgang.", "noticed_on": TODAY.isoformat()},
    )
    concern = Concern.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("concern_detail", args=[concern.pk])
    assert concern.raised_by == manager


@pytest.mark.parametrize(
    ("data", "field_text"),
    [
        ({"description": "x", "noticed_on": "2026-01-01"}, "Kategorier"),
        ({"categories": ["gambling"], "noticed_on": "2026-01-01"}, "Beskrivelse"),
        ({"categories": ["gambling"], "description": "x", "noticed_on": "not a date"}, "Oppdaget"),
        ({"categories": ["nope"], "description": "x", "noticed_on": "2026-01-01"}, "Kategorier"),
        (
            {"categories": ["gambling"], "description": "x", "noticed_on": (TODAY + dt.timedelta(days=3)).isoformat()},
            "fram i tid",
        ),
    ],
)
def test_bad_input_is_refused_in_norwegian_naming_the_field(pathway, coordinator, data, field_text):
    client = client_for(coordinator)
    response = client.post(reverse("pathway_concerns", args=[pathway.pk]), data, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 422
    assert field_text in response.content.decode()
    assert not Concern.objects.exists()


def _plan_in_the_browser(client, concern, **extra) -> None:
    starts = timezone.localtime() - dt.timedelta(hours=1)
    planned = client.post(
        reverse("concern_meeting_schedule", args=[concern.pk]),
        {
            "version": reload(concern).version,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "place": "Møterom 2",
            "invitees": [concern.pathway.participant_id],
            **extra,
        },
    )
    assert planned.status_code == 302, planned.content.decode()[:3000]


def test_the_conversation_step_in_the_browser_and_its_refusal(pathway, coordinator):
    concern = register(pathway, coordinator)
    client = client_for(coordinator)
    url = reverse("concern_step", args=[concern.pk, "hold_conversation"])
    unplanned = client.post(
        url,
        {"version": concern.version, "conversation_minutes": "Referat."},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert unplanned.status_code == 422
    assert "Møte: planlegg samtalen først." in unplanned.content.decode()
    _plan_in_the_browser(client, concern)
    page = client.get(reverse("concern_detail", args=[concern.pk]), HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "Du kan gjerne ta med deg en person du har tillit til på møtet." in page
    refused = client.post(url, {"version": reload(concern).version, "conversation_on": TODAY.isoformat()})
    assert refused.status_code == 422
    nobody = client.post(url, {"version": reload(concern).version, "conversation_minutes": "Referat."})
    assert nobody.status_code == 422
    assert reload(concern).status == Status.REGISTERED
    done = client.post(
        url,
        {
            "version": reload(concern).version,
            "conversation_minutes": "Referat.",
            "attended": [pathway.participant_id],
        },
    )
    assert done.status_code == 302
    assert reload(concern).status == Status.CONVERSATION_HELD
    assert reload(concern).conversation_on == TODAY


def test_the_plan_step_in_the_browser(pathway, coordinator, mentor):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    client = client_for(coordinator)
    page = client.get(reverse("concern_detail", args=[concern.pk])).content.decode()
    assert 'name="suggested"' in page
    _plan_in_the_browser(client, concern, suggested=["NAV"], guest_1="Kari (tillitsvalgt)")
    page = client.get(reverse("concern_detail", args=[concern.pk])).content.decode()
    assert 'name="goal_1_responsible"' in page
    guests = list(Guest.objects.filter(meeting__concern=concern).order_by("id"))
    assert [g.name for g in guests] == ["NAV", "Kari (tillitsvalgt)"]
    response = client.post(
        reverse("concern_step", args=[concern.pk, "agree_plan"]),
        {
            "version": reload(concern).version,
            "clarification_on": TODAY.isoformat(),
            "clarification_minutes": "Avklaringsmøte.",
            "attended": [pathway.participant_id],
            "guests_attended": [guests[1].pk],
            "goal_1_text": "Møte presis",
            "goal_1_deadline": (TODAY + dt.timedelta(days=14)).isoformat(),
            "goal_1_responsible": mentor.person_id,
            "next_meeting_on": (TODAY + dt.timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    concern = reload(concern)
    assert concern.status == Status.PLAN_AGREED
    assert concern.goals.get().responsible_id == mentor.person_id
    assert [g.attended for g in Guest.objects.filter(meeting__concern=concern).order_by("id")] == [False, True]


def test_a_step_the_ladder_does_not_offer_now_is_refused_with_a_message(pathway, coordinator):
    concern = register(pathway, coordinator)
    response = client_for(coordinator).post(
        reverse("concern_step", args=[concern.pk, "start_follow_up"]),
        {"version": concern.version},
    )
    assert response.status_code == 302
    assert reload(concern).status == Status.REGISTERED


def test_an_unknown_step_is_404(pathway, coordinator):
    concern = register(pathway, coordinator)
    url = reverse("concern_step", args=[concern.pk, "escalate"])
    assert client_for(coordinator).post(url, {"version": 1}).status_code == 404


# The pathway page ---------------------------------------------------------------------------


def test_the_pathway_page_shows_the_koordinator_the_count_and_who_read_the_concerns(pathway, coordinator, manager):
    concern = register(pathway, manager)
    client_for(manager).get(reverse("concern_detail", args=[concern.pk]))
    page = client_for(coordinator).get(reverse("pathway_detail", args=[pathway.pk]), HTTP_ACCEPT_LANGUAGE="nb")
    text = page.content.decode()
    assert reverse("pathway_concerns", args=[pathway.pk]) in text
    # The timeline names the step and links to the concern, without its categories.
    assert "Bekymring registrert" in text
    assert reverse("concern_detail", args=[concern.pk]) in text
    assert str(manager) in text
    assert SECRET not in text


# Query counts -------------------------------------------------------------------------------


def test_the_concern_page_reads_in_a_fixed_number_of_queries(
    pathway, coordinator, mentor, django_assert_max_num_queries
):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    client = client_for(coordinator)
    url = reverse("concern_detail", args=[concern.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_the_clarification_page_with_its_meeting_form_or_its_invitation_reads_in_a_fixed_number_of_queries(
    pathway, coordinator, django_assert_max_num_queries
):
    # 17: the concern page's queries (with the plan's signatures), its meetings (3: the
    # meetings, their invitees and their guests), the people who may be invited (1) and
    # the goals' responsible (2); once the meeting is planned, its invitation instead of
    # the meeting form.
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    client = client_for(coordinator)
    url = reverse("concern_detail", args=[concern.pk])
    client.get(url)
    with django_assert_max_num_queries(17):
        assert 'name="suggested"' in client.get(url).content.decode()
    schedule(concern, coordinator)
    with django_assert_max_num_queries(17):
        assert "invitation-" in client.get(url).content.decode()


def test_the_list_reads_in_a_fixed_number_of_queries(pathway, coordinator, manager, django_assert_max_num_queries):
    for _ in range(5):
        register(pathway, coordinator)
    register(pathway, manager)
    client = client_for(coordinator)
    url = reverse("pathway_concerns", args=[pathway.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["coordinator", "mentor", "manager", "participant"])
def test_the_section_keeps_to_its_pinned_queries_with_a_plan_in_place(
    request, who, pathway, coordinator, mentor, manager, participant
):
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from fagvei.core.registry import pathway_sections
    from fagvei.pathways.access import get_pathway_for, load_details

    concern = to_follow_up(pathway, coordinator, mentor.person)
    client_for(coordinator).get(reverse("concern_detail", args=[concern.pk]))
    user = request.getfixturevalue(who)
    section = next(s for s in pathway_sections() if s.key == "concerns")
    page = get_pathway_for(user, pathway.pk)
    load_details(page)
    http = RequestFactory().get(f"/pathways/{pathway.pk}/")
    http.user = user
    with CaptureQueriesContext(connection) as queries:
        context = section.context(http, page)
    assert len(queries) <= section.max_queries
    assert context is not None
    if who == "mentor":
        assert context["plan_exists"] and [g.text for g in context["goals"]] == ["Møte presis hver dag"]
        assert "statuses" not in context
    if who == "coordinator":
        assert [r.user for r in context["reads"]] == [coordinator]


def test_the_administrators_read_is_logged_as_the_administrators(pathway, coordinator):
    from tests.factories import make_user

    concern = register(pathway, coordinator)
    admin = make_user(None, username="riks", superuser=True)
    assert client_for(admin).get(reverse("concern_detail", args=[concern.pk])).status_code == 200
    assert reads_of(concern) == ["concern; role=admin"]


def test_the_clarification_step_says_whom_to_consider_inviting(pathway, coordinator):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    page = client_for(coordinator).get(reverse("concern_detail", args=[concern.pk]), HTTP_ACCEPT_LANGUAGE="nb")
    assert "Elev- og lærlingombudet" not in page.content.decode()
    call_clarification(concern, coordinator)
    page = client_for(coordinator).get(reverse("concern_detail", args=[concern.pk]), HTTP_ACCEPT_LANGUAGE="nb")
    text = page.content.decode()
    # seed 004: the participant may bring a person they trust; whom else to consider.
    assert "person de har tillit til" in text
    for who in ("Elev- og lærlingombudet", "Oppfølgingstjenesten (OT)", "Pedagogisk-psykologisk tjeneste (PPT)"):
        assert who in text
