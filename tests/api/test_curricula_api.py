"""Trades and curricula through the API: public data, read by every logged-in user."""

from __future__ import annotations

import pytest

from fagvei.curricula.models import Curriculum, Trade

pytestmark = pytest.mark.django_db


def test_every_user_reads_the_trades_and_curricula_with_their_goals(api_as, coordinator):
    api = api_as(coordinator)
    trades = api.get("/curricula/trades").json()
    assert {t["code"] for t in trades} == set(Trade.objects.values_list("code", flat=True))
    curricula = api.get("/curricula/").json()
    assert [c["code"] for c in curricula] == sorted(Curriculum.objects.values_list("code", flat=True))
    first = Curriculum.objects.order_by("code").first()
    assert first is not None
    detail = api.get(f"/curricula/{first.pk}").json()
    assert detail["code"] == first.code
    assert detail["goal_count"] == first.goals.count() == sum(len(s["goals"]) for s in detail["goal_sets"])
    assert api.get("/curricula/999999").status_code == 404


def test_nobody_reads_them_without_a_login(client):
    assert client.get("/api/v1/curricula/").status_code == 401
    assert client.get("/api/v1/curricula/trades").status_code == 401
