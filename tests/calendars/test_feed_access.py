"""The feed's secret: made, renewed and revoked by its user alone; kept only as a hash;
never in a log or an audit row; one live feed per user, however many ask at once."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from fagvei.audit.models import AccessLog, Event
from fagvei.calendars import services
from fagvei.calendars.models import FeedToken

pytestmark = pytest.mark.django_db


def _get(secret: str, client: Client | None = None) -> Any:
    return (client or Client()).get(f"/calendar/feed/{secret}.ics")


def test_a_new_address_works_and_kills_the_old(cast):
    _token, old = services.create_or_regenerate(cast.participant)
    assert _get(old).status_code == 200
    _token, new = services.create_or_regenerate(cast.participant)
    assert new != old
    assert _get(old).status_code == 404
    assert _get(new).status_code == 200
    assert FeedToken.objects.filter(user=cast.participant, revoked_at__isnull=True).count() == 1


def test_a_revoked_feed_is_not_found(cast):
    _token, secret = services.create_or_regenerate(cast.participant)
    assert services.revoke(cast.participant) is True
    assert _get(secret).status_code == 404
    assert services.revoke(cast.participant) is False


@pytest.mark.parametrize(
    "secret", ["nothing-like-a-real-secret-at-all-000000000", "short", "a" * 101, "%2E%2E", "ÆØÅ" * 10]
)
def test_an_unknown_or_malformed_secret_is_not_found(cast, secret):
    services.create_or_regenerate(cast.participant)
    assert _get(secret).status_code == 404


def test_the_feed_of_a_user_who_may_no_longer_log_in_is_not_found(cast):
    _token, secret = services.create_or_regenerate(cast.mentor)
    cast.mentor.is_active = False
    cast.mentor.save(update_fields=["is_active"])
    assert _get(secret).status_code == 404


def test_a_logged_in_user_cannot_open_anothers_feed_with_their_session(cast):
    _token, secret = services.create_or_regenerate(cast.coordinator)
    services.revoke(cast.coordinator)
    client = Client()
    client.force_login(cast.coordinator)
    # The session counts for nothing here: only the live secret does.
    assert _get(secret, client).status_code == 404


def test_only_a_hash_of_the_secret_is_stored(cast):
    token, secret = services.create_or_regenerate(cast.participant)
    assert len(secret) >= 43
    token.refresh_from_db()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM calendars_feedtoken")
        rows = cursor.fetchall()
    assert secret not in repr(rows)


def test_the_secret_is_in_no_audit_row_and_no_log(cast, caplog):
    caplog.set_level(logging.DEBUG)
    _token, secret = services.create_or_regenerate(cast.participant)
    assert _get(secret).status_code == 200
    _token, newer = services.create_or_regenerate(cast.participant)
    # The old address, now refused, and a mistyped one: Django logs 404s with their path.
    assert _get(secret).status_code == 404
    assert _get(newer[:-1] + "x").status_code == 404
    services.revoke(cast.participant)
    verbs = list(Event.objects.filter(object_type="calendars.feedtoken").values_list("verb", flat=True))
    assert sorted(verbs) == ["calendar.feed_created", "calendar.feed_created", "calendar.feed_revoked"]
    stored = repr(list(Event.objects.values())) + repr(list(AccessLog.objects.values()))
    logged = caplog.text + repr([r.__dict__ for r in caplog.records])
    for value in (secret, newer, hashlib.sha256(secret.encode()).hexdigest()):
        assert value not in stored
        assert value not in logged


def test_the_last_use_is_written_at_most_once_an_hour(cast, frozen, django_assert_num_queries):
    token, secret = services.create_or_regenerate(cast.participant)
    _get(secret)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    frozen.shift(600)
    _get(secret)
    token.refresh_from_db()
    assert token.last_used_at == first
    frozen.shift(3600)
    _get(secret)
    token.refresh_from_db()
    assert token.last_used_at > first


def test_too_many_requests_in_a_minute_are_refused(cast):
    _token, secret = services.create_or_regenerate(cast.participant)
    for _ in range(services.REQUESTS_PER_MINUTE):
        assert _get(secret).status_code == 200
    refused = _get(secret)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_the_database_keeps_one_live_feed_per_user(cast):
    services.create_or_regenerate(cast.participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedToken.objects.create(user=cast.participant, digest="0" * 64, created_at=cast.pathway.referred_at)
