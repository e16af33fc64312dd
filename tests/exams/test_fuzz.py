"""The exams' forms fuzzed with hypothesis: any text in any field gives a page, a refusal
naming the field (422) or a redirect — never a server error — and a refused form changes
nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fagvei.core import clock
from fagvei.exams import services
from fagvei.exams.models import ExamEntry
from tests.exams.conftest import at

pytestmark = pytest.mark.django_db

text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
STEPS = {
    "register": ["version", "registered_at", "fee_paid", "subjects_confirmed"],
    "schedule": ["version", "starts_on", "ends_on", "site", "site_contact"],
    "hold": ["version", "held_on"],
    "postpone": ["version", "absence_documented", "note"],
    "withdraw": ["version", "note"],
}
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_planning_never_fails_on_any_input(coordinator, pathway):
    client = Client()
    client.force_login(coordinator)

    @FUZZ
    @given(st.fixed_dictionaries({f: text for f in ("kind", "term", "variant", "band")}))
    def check(data):
        before = ExamEntry.objects.count()
        response = client.post(reverse("pathway_exams", args=[pathway.pk]), data)
        assert response.status_code in (302, 422)
        if response.status_code == 422:
            assert ExamEntry.objects.count() == before

    check()


@pytest.mark.parametrize("name", sorted(STEPS))
def test_a_steps_form_never_fails_on_any_input(name, coordinator, pathway):
    with clock.frozen_at(at(2026, 11, 1)):
        entry = services.plan_entry(actor=coordinator, pathway_id=pathway.pk, kind="trade_test")
    client = Client()
    client.force_login(coordinator)

    @FUZZ
    @given(st.fixed_dictionaries({f: text for f in STEPS[name]}))
    def check(data):
        response = client.post(reverse("exam_step", args=[entry.pk, name]), data)
        assert response.status_code in (302, 422)

    check()
