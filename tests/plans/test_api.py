"""Plans and assessments through the API: the same rules as the pages (201 on creation,
403 for a reader writing, 404 outside the scope or for a hidden draft, 409 for a stale
version, 422 in Norwegian naming the field)."""

from __future__ import annotations

import pytest

from fagvei.plans.models import Assessment, PlanComment, PlanGoal
from tests.api.conftest import ApiClient
from tests.factories import make_token

pytestmark = pytest.mark.django_db


def api(user):
    return ApiClient(make_token(user)[1])


def test_the_plan_through_the_api(pathway, manager, instructor, mentor, teacher, boss, other_coordinator, cast):
    assert api(manager).get(f"/pathways/{pathway.pk}/plan").status_code == 404
    created = api(manager).send("POST", f"/pathways/{pathway.pk}/plan", {})
    assert created.status_code == 201, created.json()
    plan = created.json()
    assert plan["coverage"]["total"] == 4 and plan["can_edit"]
    goal = plan["goals"][0]
    url = f"/pathways/{pathway.pk}/plan/goals/{goal['id']}"
    body = {"version": 1, "half_year": 1, "status": "in_progress", "responsible": mentor.person_id, "tasks": "Stell"}
    changed = api(instructor).send("PATCH", url, body)
    assert changed.status_code == 200 and changed.json()["status"] == "in_progress"
    assert api(instructor).send("PATCH", url, body).status_code == 409
    skipped = api(instructor).send("PATCH", url, {**body, "version": 2, "status": "not_started", "half_year": 12})
    assert skipped.status_code == 422 and "Halvår" in str(skipped.json())
    assert api(mentor).send("PATCH", url, {**body, "version": 2}).status_code == 403
    assert api(mentor).get(f"/pathways/{pathway.pk}/plan").json()["can_edit"] is False
    for user in (boss, other_coordinator):
        assert api(user).get(f"/pathways/{pathway.pk}/plan").status_code == 404
    comment = api(teacher).send("POST", f"/pathways/{pathway.pk}/plan/comments", {"text": "Bra plan."})
    assert comment.status_code == 201
    assert api(mentor).send("POST", f"/pathways/{pathway.pk}/plan/comments", {"text": "Hei"}).status_code == 403
    assert PlanComment.objects.count() == 1 and PlanGoal.objects.get(pk=goal["id"]).version == 2


def test_the_assessment_through_the_api(plan, pathway, instructor, manager, participant, mentor):
    created = api(instructor).send("POST", f"/pathways/{pathway.pk}/assessments", {"half_year": 1})
    assert created.status_code == 201
    a = created.json()
    assert a["status"] == "draft" and a["can_edit"] and a["allowed_steps"] == []
    url = f"/assessments/{a['id']}"
    assert api(participant).get(url).status_code == 404
    assert api(participant).get(f"/pathways/{pathway.pk}/assessments").json() == []
    row = a["goals"][0]["id"]
    patched = api(instructor).send(
        "PATCH", url, {"version": a["version"], "overall": "Bra.", "goals": [{"id": row, "status": "masters"}]}
    )
    assert patched.status_code == 200 and patched.json()["goals"][0]["status"] == "masters"
    a = patched.json()
    assert a["allowed_steps"] == ["sign_instructor"]
    assert api(manager).send("POST", f"{url}/steps/sign_instructor", {"version": a["version"]}).status_code == 422
    a = api(instructor).send("POST", f"{url}/steps/sign_instructor", {"version": a["version"]}).json()
    locked = api(instructor).send("PATCH", url, {"version": a["version"], "overall": "Nytt"})
    assert locked.status_code == 422 and "kan ikke lenger endres" in str(locked.json())
    a = api(manager).send("POST", f"{url}/steps/sign_manager", {"version": a["version"]}).json()
    assert a["status"] == "manager_signed"
    seen = api(participant).get(url).json()
    assert seen["allowed_steps"] == ["confirm_read"] and seen["can_edit"] is False
    assert api(mentor).send("POST", f"{url}/steps/confirm_read", {"version": a["version"]}).status_code == 403
    done = api(participant).send("POST", f"{url}/steps/confirm_read", {"version": a["version"]})
    assert done.status_code == 200 and done.json()["read_at"] is not None
    assert Assessment.objects.get(pk=a["id"]).status == "read"
