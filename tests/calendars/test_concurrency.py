"""Four requests for a new address at the same moment leave one live feed, whose
address is the one that works. Threads against PostgreSQL (on SQLite a write
transaction locks the whole file, so the question does not arise)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from fagvei.calendars import services
from fagvei.calendars.models import FeedToken
from tests.support.threads import together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    # Before the cast is made: a transactional test on SQLite cannot flush the
    # append-only audit tables its domain functions write to.
    if connection.vendor != "postgresql":
        pytest.skip("threads need a database server")


def test_four_new_addresses_at_once_leave_one_live_feed(cast):
    user = cast.participant
    results = together(*(lambda: services.create_or_regenerate(user) for _ in range(4)))
    assert all(isinstance(r, tuple) for r in results), results
    assert FeedToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1
    assert FeedToken.objects.filter(user=user).count() == 4
    working = [secret for _token, secret in results if Client().get(f"/calendar/feed/{secret}.ics").status_code == 200]
    assert len(working) == 1
