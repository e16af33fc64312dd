"""The administrator's deadline list for the whole country (issue 12; QUALITY.md: 50 ms
at national size): the kinds worked out pathway by pathway (absence) are asked only once
the list is narrowed, and the page says which are left out; the first page as it opens
is kept for minutes, the same for every administrator, and says when it was worked out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fagvei.absence.models import Absence
from fagvei.deadlines import engine
from tests.api.conftest import ApiClient
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db

PARTICIPATION = "absence.participation_target"
LEFT_OUT = "For hele landet vises disse fristene når du velger"


@pytest.fixture
def below_target(training: Any) -> Any:
    """Ten weekdays away of fifteen: participation far under 80 % (seed 002)."""
    pathway, _instructor = training
    today = timezone.localdate()
    Absence.objects.create(
        pathway=pathway,
        kind="sick_note",
        starts_on=today - dt.timedelta(days=16),
        ends_on=today - dt.timedelta(days=3),
        registered_by=make_user(None, username="registrar"),
        registered_at=timezone.now(),
    )
    return pathway


@pytest.fixture
def admin() -> Any:
    return make_user(None, username="sjefen", superuser=True)


def test_absence_is_left_out_for_the_whole_country_and_asked_once_narrowed(
    below_target: Any, admin: Any, coordinator: Any
) -> None:
    wide = engine.for_user(admin)
    assert PARTICIPATION in wide.left_out
    assert PARTICIPATION not in {i.rule.code for i in wide.items}
    narrowed = engine.for_user(admin, filters=engine.Filters(trade_id=below_target.trade_id))
    assert narrowed.left_out == ()
    assert PARTICIPATION in {i.rule.code for i in narrowed.items}
    # A coordinator's caseload is never wide: their absence items are always there.
    own = engine.for_user(coordinator)
    assert own.left_out == () and PARTICIPATION in {i.rule.code for i in own.items}


def test_the_page_and_the_api_say_what_is_left_out(client: Any, below_target: Any, admin: Any) -> None:
    client.force_login(admin)
    html = client.get("/deadlines/").content.decode()
    assert LEFT_OUT in html and "Deltakelse under målet" in html
    html = client.get("/deadlines/", {"trade": below_target.trade_id}).content.decode()
    assert LEFT_OUT not in html and "Deltakelse under målet" in html
    body = ApiClient(make_token(admin)[1]).get("/deadlines").json()
    assert "Deltakelse under målet" in body["left_out"]
    body = ApiClient(make_token(admin)[1]).get("/deadlines", {"trade": below_target.trade_id}).json()
    assert body["left_out"] == [] and PARTICIPATION in {i["rule"] for i in body["items"]}


def test_the_national_first_page_is_kept_for_minutes_and_says_when_it_was_worked_out(
    client: Any, settings: Any, below_target: Any, admin: Any
) -> None:
    settings.FAGVEI_NEEDS_ME_SECONDS = 300
    client.force_login(admin)
    with CaptureQueriesContext(connection) as first:
        html = client.get("/deadlines/").content.decode()
    assert "Beregnet kl." in html
    # Another administrator reads the same kept page, without asking the rules again.
    other = make_user(None, username="nestsjef", superuser=True)
    client.force_login(other)
    with CaptureQueriesContext(connection) as second:
        html = client.get("/deadlines/").content.decode()
    assert "Beregnet kl." in html and "Veiledning fra instruktør" in html
    assert len(second) < len(first) - 5
    # A filtered page is worked out for the request, and says nothing of when.
    html = client.get("/deadlines/", {"trade": below_target.trade_id}).content.decode()
    assert "Beregnet kl." not in html
    # Not kept at all when the setting says 0.
    settings.FAGVEI_NEEDS_ME_SECONDS = 0
    assert "Beregnet kl." not in client.get("/deadlines/").content.decode()
