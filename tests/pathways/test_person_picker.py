"""The person picker of the new-pathway and add-member forms: a search by name,
organisation and role narrows the select, the options say who is who, and nobody outside
the user's scope is ever offered or accepted."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fagvei.accounts.models import Membership, Role
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Pathway, PathwayMember
from tests.factories import make_org, make_pathway, make_person, make_scheme, make_user

pytestmark = pytest.mark.django_db

NEW = reverse("pathway_create")


def options(html: str, name: str) -> list[str]:
    """The texts of the options of the select ``name`` (without the empty one)."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None, f"no select named {name}"
    texts = [html_lib.unescape(t).strip() for t in re.findall(r"<option[^>]*>(.*?)</option>", select.group(0), re.S)]
    return [t for t in texts if t != "---------"]


@pytest.fixture
def cast(coordinator: Any, municipality: Organisation, other_municipality: Organisation, scheme: Any) -> Any:
    """Kari, a mentor with a login at a kindergarten; Per, an instructor on one of the
    coordinator's pathways; Amina, a participant; Olav, a mentor the coordinator cannot see."""
    kindergarten = make_org(Organisation.Kind.TRAINING_COMPANY, "Solsiden barnehage")
    kari = make_person("Kari", "Nordmann", registered_by_organisation=municipality)
    make_user(Role.MENTOR, kindergarten, username="kari", person=kari)
    amina = make_person("Amina", "Hassan", registered_by_organisation=municipality)
    pathway = make_pathway(scheme, coordinator=coordinator, participant=amina)
    per = make_person("Per", "Nilsen")
    PathwayMember.objects.create(pathway=pathway, person=per, role=PathwayMember.Role.INSTRUCTOR)
    olav = make_person("Olav", "Utenfor", registered_by_organisation=other_municipality)
    make_user(Role.MENTOR, kindergarten, username="olav", person=olav)
    return {"kari": kari, "per": per, "amina": amina, "olav": olav, "kindergarten": kindergarten, "pathway": pathway}


def test_the_options_say_who_is_who(client: Any, coordinator: Any, cast: Any) -> None:
    client.force_login(coordinator)
    offered = options(client.get(NEW).content.decode(), "participant")
    assert "Kari Nordmann (Fadder, Solsiden barnehage)" in offered
    assert "Per Nilsen (Instruktør)" in offered
    assert "Amina Hassan (Deltaker, Testvik kommune, voksenopplæring)" in offered


def test_the_search_narrows_by_name(client: Any, coordinator: Any, cast: Any) -> None:
    client.force_login(coordinator)
    offered = options(client.get(NEW, {"find-q": "kari nord"}).content.decode(), "participant")
    assert offered == ["Kari Nordmann (Fadder, Solsiden barnehage)"]


def test_the_search_narrows_by_organisation(client: Any, coordinator: Any, cast: Any, municipality: Any) -> None:
    client.force_login(coordinator)
    html = client.get(NEW, {"find-organisation": cast["kindergarten"].pk}).content.decode()
    assert options(html, "participant") == ["Kari Nordmann (Fadder, Solsiden barnehage)"]
    # The registering organisation counts as the person's organisation too; the
    # coordinator is there by membership.
    html = client.get(NEW, {"find-organisation": municipality.pk}).content.decode()
    names = [o.split(" (")[0] for o in options(html, "participant")]
    assert names == ["Amina Hassan", "Kari Nordmann", coordinator.person.full_name]


def test_the_search_narrows_by_role_on_a_login_or_on_a_pathway(client: Any, coordinator: Any, cast: Any) -> None:
    client.force_login(coordinator)
    by_role = {
        role: [o.split(" (")[0] for o in options(client.get(NEW, {"find-role": role}).content.decode(), "participant")]
        for role in ("mentor", "instructor", "participant")
    }
    assert by_role == {"mentor": ["Kari Nordmann"], "instructor": ["Per Nilsen"], "participant": ["Amina Hassan"]}


def test_a_role_on_a_pathway_outside_the_scope_is_neither_shown_nor_searched(
    client: Any, coordinator: Any, cast: Any, other_municipality: Any, scheme: Any
) -> None:
    elsewhere = make_pathway(make_scheme(other_municipality, scheme.trade))
    PathwayMember.objects.create(pathway=elsewhere, person=cast["kari"], role=PathwayMember.Role.TRADE_TEACHER)
    client.force_login(coordinator)
    assert "Faglærer" not in " ".join(options(client.get(NEW).content.decode(), "participant"))
    assert options(client.get(NEW, {"find-role": "trade_teacher"}).content.decode(), "participant") == []


def test_people_outside_the_scope_are_never_offered(client: Any, coordinator: Any, cast: Any) -> None:
    client.force_login(coordinator)
    for search in ({}, {"find-q": "olav"}, {"find-role": "mentor"}, {"find-organisation": cast["kindergarten"].pk}):
        html = client.get(NEW, search).content.decode()
        assert "Utenfor" not in html, search
        html = client.get(reverse("pathway_member_add", args=[cast["pathway"].pk]), search).content.decode()
        assert "Utenfor" not in html, search


def test_an_organisation_outside_the_scope_is_not_offered_and_is_ignored(
    client: Any, coordinator: Any, cast: Any, other_municipality: Any
) -> None:
    client.force_login(coordinator)
    html = client.get(NEW, {"find-organisation": other_municipality.pk}).content.decode()
    assert "Annenby kommune" not in html
    # An organisation the search does not offer filters nothing, and fails nothing.
    assert len(options(html, "participant")) == 4  # Amina, Per, Kari and the coordinator


def test_people_outside_the_scope_are_refused_when_posted(
    client: Any, coordinator: Any, cast: Any, scheme: Any
) -> None:
    client.force_login(coordinator)
    olav = cast["olav"]
    response = client.post(
        NEW, {"participant": olav.pk, "track": "alternative", "scheme": scheme.pk, "referral_source": "nav"}
    )
    assert response.status_code == 200
    assert "participant" in response.context["form"].errors
    assert not Pathway.objects.filter(participant=olav).exists()
    pathway = cast["pathway"]
    response = client.post(
        reverse("pathway_member_add", args=[pathway.pk]), {"person": olav.pk, "role": PathwayMember.Role.MENTOR}
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not PathwayMember.objects.filter(person=olav).exists()


def test_the_list_is_capped_but_a_valid_choice_beyond_the_cap_is_accepted(
    client: Any, coordinator: Any, municipality: Any, scheme: Any
) -> None:
    people = [make_person("Mange", f"Person{i:03}", registered_by_organisation=municipality) for i in range(60)]
    client.force_login(coordinator)
    html = client.get(NEW).content.decode()
    offered = options(html, "participant")
    assert len(offered) == 50
    assert "Viser de 50 første. Vis flere ved å søke." in html
    last = people[-1]
    assert not any(o.startswith(last.full_name) for o in offered)
    response = client.post(
        NEW, {"participant": last.pk, "track": "alternative", "scheme": scheme.pk, "referral_source": "nav"}
    )
    assert response.status_code == 302
    assert Pathway.objects.filter(participant=last).exists()


def test_the_chosen_person_stays_chosen_when_the_search_does_not_find_them(
    client: Any, coordinator: Any, cast: Any
) -> None:
    client.force_login(coordinator)
    amina = cast["amina"]
    html = client.get(NEW, {"participant": amina.pk, "find-q": "kari"}).content.decode()
    assert options(html, "participant") == [
        "Amina Hassan (Deltaker, Testvik kommune, voksenopplæring)",
        "Kari Nordmann (Fadder, Solsiden barnehage)",
    ]
    assert f'<option value="{amina.pk}" selected>' in html


def test_without_javascript_the_search_reloads_the_page_keeping_its_other_parameters(
    client: Any, coordinator: Any, cast: Any
) -> None:
    client.force_login(coordinator)
    amina = cast["amina"]
    html = client.get(NEW, {"participant": amina.pk}).content.decode()
    search = re.search(r'<form method="get" action="/pathways/new/".*?</form>', html, re.S)
    assert search is not None
    assert f'<input type="hidden" name="participant" value="{amina.pk}">' in search.group(0)
    for name in ("find-q", "find-organisation", "find-role"):
        assert f'name="{name}"' in search.group(0)


def test_an_htmx_search_gets_only_the_person_select(client: Any, coordinator: Any, cast: Any) -> None:
    client.force_login(coordinator)
    response = client.get(NEW, {"find-q": "nilsen"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="person-picker")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert html.count("<select") == 1
    assert options(html, "participant") == ["Per Nilsen (Instruktør)"]
    assert 'id="person-picker-status" role="status" hx-swap-oob="innerHTML"' in html
    member = client.get(
        reverse("pathway_member_add", args=[cast["pathway"].pk]),
        {"find-q": "kari"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="person-picker",
    ).content.decode()
    assert "<html" not in member and options(member, "person") == ["Kari Nordmann (Fadder, Solsiden barnehage)"]


def test_asked_for_a_mentor_the_member_form_starts_with_the_mentors(client: Any, coordinator: Any, cast: Any) -> None:
    client.force_login(coordinator)
    url = reverse("pathway_member_add", args=[cast["pathway"].pk])
    html = client.get(url, {"role": "mentor"}).content.decode()
    assert options(html, "person") == ["Kari Nordmann (Fadder, Solsiden barnehage)"]
    assert '<option value="mentor" selected>' in html
    # Choosing "all" roles in the search shows everyone again (but the participant).
    everyone = options(client.get(url, {"role": "mentor", "find-role": ""}).content.decode(), "person")
    assert [o.split(" (")[0] for o in everyone] == ["Per Nilsen", "Kari Nordmann", coordinator.person.full_name]


def _count(client: Any, url: str, data: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, data).status_code == 200
    return len(queries.captured_queries)


def test_the_picker_costs_the_same_number_of_queries_whatever_the_number_of_people(
    client: Any, coordinator: Any, cast: Any, municipality: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(coordinator)
    member_url = reverse("pathway_member_add", args=[cast["pathway"].pk])
    searches: list[dict[str, Any]] = [{}, {"find-role": "mentor"}, {"find-q": "a"}]
    before = [_count(client, url, s) for url in (NEW, member_url) for s in searches]
    organisations = [make_org(Organisation.Kind.TRAINING_COMPANY, f"Bedrift {i}") for i in range(5)]
    for i in range(40):
        person = make_person("Ansatt", f"Nummer{i:02}", registered_by_organisation=municipality)
        user = make_user(Role.MENTOR, organisations[i % 5], username=f"ansatt{i}", person=person)
        Membership.objects.create(user=user, organisation=organisations[(i + 1) % 5], role=Role.INSTRUCTOR)
        PathwayMember.objects.create(pathway=cast["pathway"], person=person, role=PathwayMember.Role.MENTOR)
    after = [_count(client, url, s) for url in (NEW, member_url) for s in searches]
    assert after == before
    with django_assert_max_num_queries(16):
        client.get(NEW, {"find-role": "mentor"})


def test_a_chosen_person_in_other_digits_than_ascii_is_refused_not_a_server_error(
    client: Any, coordinator: Any, cast: Any
) -> None:
    client.force_login(coordinator)
    url = reverse("pathway_member_add", args=[cast["pathway"].pk])
    for value in ("¹", "١٢", "²3"):
        response = client.post(url, {"person": value, "role": PathwayMember.Role.MENTOR})
        assert response.status_code == 200
        assert "person" in response.context["form"].errors
