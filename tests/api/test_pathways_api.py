"""Pathways through the API: the page's list, filters and order; the detail with what
each role may see; the lifecycle's steps."""

from __future__ import annotations

import pytest

from fagvei.audit.models import AccessLog
from fagvei.pathways.models import Stage
from tests.factories import make_pathway, make_person, make_scheme, make_screening, make_user

pytestmark = pytest.mark.django_db


def test_the_list_has_the_pages_filters_and_a_stable_order(api_as, coordinator, scheme):
    for i, stage in enumerate([Stage.REFERRED, Stage.IN_TRAINING, Stage.IN_TRAINING]):
        make_pathway(scheme, participant=make_person("P", f"Navn{2 - i}"), coordinator=coordinator, stage=stage)
    api = api_as(coordinator)
    body = api.get("/pathways/").json()
    assert [item["participant"]["name"] for item in body["items"]] == ["P Navn0", "P Navn1", "P Navn2"]
    assert body["count"] == 3 and body["more_than"] is None
    training = api.get("/pathways/", {"stage": "in_training"}).json()
    assert {item["stage"] for item in training["items"]} == {"in_training"} and len(training["items"]) == 2
    assert api.get("/pathways/", {"q": "navn1"}).json()["count"] == 1
    assert api.get("/pathways/", {"scheme": scheme.pk, "trade": scheme.trade_id}).json()["count"] == 3


@pytest.mark.parametrize(
    ("params", "field"), [({"stage": "nowhere"}, "stage"), ({"page": "x"}, "page"), ({"scheme": "a"}, "scheme")]
)
def test_a_bad_filter_is_422_naming_it(api_as, coordinator, params, field):
    response = api_as(coordinator).get("/pathways/", params)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_the_detail_shows_each_role_what_the_page_shows(api_as, coordinator, scheme):
    pathway = make_pathway(scheme, coordinator=coordinator, stage=Stage.SCREENING)
    make_screening(pathway, coordinator)
    mentor = make_user(None, username="fadder3")
    pathway.members.create(person=mentor.person, role="mentor")
    mine = api_as(coordinator).get(f"/pathways/{pathway.pk}").json()
    assert mine["can_manage"] is True and mine["screening"]["norwegian_reading"]
    assert mine["consents"] == [] and mine["police_certificate"]["status"] in {"missing", "not_required"}
    # Datetimes carry the Europe/Oslo offset (+01:00 in winter, +02:00 in summer).
    assert mine["milestones"]["referred_at"][-6:] in ("+01:00", "+02:00")
    assert all(m["added_at"][-6:] in ("+01:00", "+02:00") for m in mine["members"])
    assert [m["role"] for m in mine["members"]] == ["mentor"]
    theirs = api_as(mentor).get(f"/pathways/{pathway.pk}").json()
    assert theirs["can_manage"] is False and theirs["has_screening"] is True
    assert theirs["screening"] is None and theirs["consents"] is None and theirs["police_certificate"] is None
    sensitive = AccessLog.objects.filter(purpose=AccessLog.Purpose.SENSITIVE, object_type="pathways.screening")
    assert list(sensitive.values_list("user_id", flat=True)) == [coordinator.pk]


def test_the_steps_allowed_now_and_what_blocks_the_others(api_as, coordinator, scheme):
    pathway = make_pathway(scheme, coordinator=coordinator, stage=Stage.SCREENING)
    steps = {s["name"]: s for s in api_as(coordinator).get(f"/pathways/{pathway.pk}/transitions").json()}
    assert steps["admit"]["allowed"] is False
    assert any("kartlegging" in m["message"].lower() for m in steps["admit"]["missing"])
    assert steps["end"]["allowed"] is True
    mentor = make_user(None, username="fadder4")
    pathway.members.create(person=mentor.person, role="mentor")
    assert api_as(mentor).get(f"/pathways/{pathway.pk}/transitions").json() == []


def test_another_municipalitys_pathway_is_404(api_as, coordinator, other_municipality, trade):
    outside = make_pathway(make_scheme(other_municipality, trade))
    api = api_as(coordinator)
    assert api.get(f"/pathways/{outside.pk}").status_code == 404
    assert api.get(f"/pathways/{outside.pk}/transitions").status_code == 404
