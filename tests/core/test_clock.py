"""The domain's clock: the wall clock, unless the demo builder freezes it."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from fagvei.core import clock
from fagvei.core.domain import DomainError
from fagvei.pathways.services import create_pathway, register_consent, start_screening
from fagvei.people.services import create_person

OSLO = ZoneInfo("Europe/Oslo")


def test_the_clock_is_the_wall_clock():
    before = timezone.now()
    assert before <= clock.now() <= timezone.now()
    assert clock.today() == timezone.localdate()


def test_a_frozen_clock_answers_the_moment_and_its_day_in_oslo():
    # 23:30 UTC on 31 December is already 1 January in Oslo.
    moment = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)
    with clock.frozen_at(moment):
        assert clock.now() == moment
        assert clock.today() == dt.date(2026, 1, 1)
        inner = dt.datetime(2024, 5, 17, 12, 0, tzinfo=OSLO)
        with clock.frozen_at(inner):
            assert clock.now() == inner
        assert clock.now() == moment
    assert clock.now() > moment


def test_the_clock_is_frozen_only_where_it_was_frozen():
    moment = dt.datetime(2020, 1, 1, 12, 0, tzinfo=OSLO)
    seen: list[dt.datetime] = []
    with clock.frozen_at(moment):
        other = threading.Thread(target=lambda: seen.append(clock.now()))
        other.start()
        other.join()
    assert seen[0] > moment


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="aware"), clock.frozen_at(dt.datetime(2020, 1, 1)):  # noqa: DTZ001
        clock.now()


@pytest.mark.django_db
def test_the_domain_functions_read_the_clock(coordinator, scheme):
    moment = dt.datetime(2023, 9, 4, 10, 15, tzinfo=OSLO)
    with clock.frozen_at(moment):
        data = {"first_name": "Kari", "last_name": "Klokke"}
        person = create_person(actor=coordinator, data=data, organisation=scheme.organisation)
        data = {"scheme": scheme, "track": "alternative", "referral_source": "nav"}
        pathway = create_pathway(actor=coordinator, participant=person, data=data)
        start_screening(actor=coordinator, pathway_id=pathway.pk)
        consent = {"actor": coordinator, "pathway_id": pathway.pk, "receiving_party": ""}
        register_consent(**consent, purpose="participation", given_on=moment.date())
        # The day after the frozen day is in the future.
        with pytest.raises(DomainError) as refused:
            register_consent(**consent, purpose="photo", given_on=moment.date() + dt.timedelta(days=1))
        assert refused.value.field == "given_on"
    pathway.refresh_from_db()
    assert pathway.referred_at == pathway.screening_at == moment
    assert {e.at for e in pathway.events.all()} == {moment}
