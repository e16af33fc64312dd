"""Forms fuzzed with hypothesis: any text in any field gives a page or a redirect, never
a server error, and a refused form saves nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Pathway, Stage
from fagvei.people.models import Person
from tests.factories import make_pathway, make_person

pytestmark = pytest.mark.django_db

text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
FORMS = {
    "person_create": ["first_name", "last_name", "birth_date", "national_id", "email", "phone", "preferred_language"],
    "organisation_create": ["name", "kind", "org_number", "email", "training_office"],
    "pathway_create": ["participant", "track", "trade", "scheme", "referral_source", "coordinator"],
}
PATHWAY_FORMS = {
    "pathway_screening": ["screened_on", "norwegian_listening", "years_in_norway", "motivation", "income_basis"],
    "pathway_edit": ["version", "track", "trade", "workplace", "planned_start", "planned_end"],
    "pathway_consent_add": ["purpose", "given_on"],
    "pathway_police_certificate": ["issued_on", "checked_on"],
    "pathway_member_add": ["person", "role"],
}


def _counts() -> tuple[int, int, int]:
    return Person.objects.count(), Organisation.objects.count(), Pathway.objects.count()


@pytest.mark.parametrize("name", sorted(FORMS))
def test_create_forms_never_fail_on_any_input(name, coordinator, scheme):
    client = Client()
    client.force_login(coordinator)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.fixed_dictionaries({field: text for field in FORMS[name]}))
    def check(data):
        before = _counts()
        response = client.post(reverse(name), data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert _counts() == before

    check()


@pytest.mark.parametrize("name", sorted(PATHWAY_FORMS))
def test_pathway_forms_never_fail_on_any_input(name, coordinator, scheme):
    pathway = make_pathway(scheme, coordinator=coordinator, stage=Stage.SCREENING, participant=make_person())
    client = Client()
    client.force_login(coordinator)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.fixed_dictionaries({field: text for field in PATHWAY_FORMS[name]}))
    def check(data):
        response = client.post(reverse(name, args=[pathway.pk]), data)
        assert response.status_code in (200, 302)

    check()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=text, stage=text, scheme=text, page=text)
def test_list_filters_never_fail(q, stage, scheme, page, client, coordinator):
    client.force_login(coordinator)
    for url in ("/pathways/", "/people/", "/organisations/"):
        assert (
            client.get(url, {"q": q, "stage": stage, "scheme": scheme, "kind": stage, "page": page}).status_code == 200
        )
