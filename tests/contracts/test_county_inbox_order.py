"""The county's inbox lists what was sent newest first, whatever order it was written in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fagvei.accounts.models import Role
from fagvei.contracts.models import Submission
from tests.factories import make_county, make_pathway, make_ready_to_start, make_user

pytestmark = pytest.mark.django_db


def test_the_newest_application_comes_first_in_the_county_inbox(client: Any, scheme: Any, coordinator: Any) -> None:
    adviser = make_user(Role.COUNTY_ADVISER, make_county(), username="radgiver")
    days_ago = [3, 1, 2]  # neither the order of the ids nor its reverse
    sent = []
    for days in days_ago:
        pathway = make_ready_to_start(make_pathway(scheme, stage="starting", coordinator=coordinator), coordinator)
        submission = Submission.objects.get(contract__pathway=pathway)
        Submission.objects.filter(pk=submission.pk).update(sent_at=timezone.now() - dt.timedelta(days=days))
        sent.append((days, submission.pk))
    client.force_login(adviser)

    response = client.get("/county/")

    assert response.status_code == 200
    assert [s.pk for s in response.context["page"].object_list] == [pk for _days, pk in sorted(sent)]
