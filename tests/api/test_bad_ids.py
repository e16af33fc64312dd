"""Ids no database column holds (past 64 bits) in every API path, and in the token page's
revoke address: not found or refused, never a server error, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.api.conftest import ApiClient
from tests.api.test_api_matrix import MATRIX, _body
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db

HUGE = 10**30
NAMES = (
    "person_id",
    "pathway_id",
    "curriculum_id",
    "organisation_id",
    "approval_id",
    "member_id",
    "consent_id",
    "document_id",
    "interruption_id",
    "submission_id",
    "meeting_id",
    "item_id",
    "scheme_id",
    "group_id",
    "group_member_id",
    "goal_id",
    "assessment_id",
    "absence_id",
    "loan_id",
    "entry_id",
    "concern_id",
    "concern_goal_id",
)


def test_an_id_past_64_bits_is_not_found_anywhere(client):
    admin = make_user(None, username="riks", superuser=True)
    api = ApiClient(make_token(admin)[1])
    ids: dict[str, object] = {**dict.fromkeys(NAMES, HUGE), "month": "2026-12"}
    answers = {}
    for path, method in MATRIX:
        if "{" not in path:
            continue
        url = path.removeprefix("/api/v1").format(name="end", **ids)
        body = _body(path, method, {**ids, "person_id": 1, "trade_id": 1})
        response = api.get(url) if method == "GET" else api.send(method, url, body)
        answers[(method, path)] = response.status_code
    assert {key: code for key, code in answers.items() if code not in (404, 422)} == {}
    client.force_login(admin)
    assert client.post(f"/accounts/tokens/{HUGE}/revoke").status_code == 404
