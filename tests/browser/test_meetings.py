"""In Chromium: the mentor marks an action item done at /tasks/ with JavaScript turned
off (a plain form); the meeting pages pass axe's WCAG 2.1 AA checks."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .conftest import login, run_in_live_db
from .test_accessibility import violations

pytestmark = pytest.mark.browser

# The demo's meetings: an approved one and a planned one on a pathway in training.
MEETINGS = """
import json
from fagvei.followup.models import Meeting
approved = Meeting.objects.filter(pathway__isnull=False, status="approved").order_by("id").first()
planned = Meeting.objects.filter(pathway__isnull=False, status="planned").order_by("id").first()
group = Meeting.objects.filter(group__isnull=False, status="approved").order_by("id").first()
print(json.dumps({"approved": approved.pk, "planned": planned.pk, "group": group.pk, "pathway": planned.pathway_id}))
"""


@pytest.fixture(scope="module")
def meetings(live_env: dict[str, str], live_url: str) -> dict[str, int]:
    return dict(json.loads(run_in_live_db(live_env, MEETINGS).strip().splitlines()[-1]))


def test_the_mentor_marks_an_action_item_done_without_javascript(browser: Any, live_url: str) -> None:
    context = browser.new_context(base_url=live_url, locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, "fadder")
    page.goto("/tasks/")
    open_rows = page.locator("#open-heading ~ div table tbody tr")
    before = open_rows.count()
    assert before > 0
    open_rows.first.locator("button[type=submit]").click()
    page.wait_for_url("**/tasks/")
    assert page.locator("#open-heading ~ div table tbody tr").count() == before - 1
    assert page.locator("#done-heading ~ div table tbody tr").count() >= 1
    context.close()


def test_the_meeting_pages_have_no_serious_accessibility_violations(
    browser: Any, live_url: str, meetings: dict[str, int]
) -> None:
    context = browser.new_context(base_url=live_url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    found = {}
    pages = {
        "koordinator": [
            f"/pathways/{meetings['pathway']}/meetings/",
            f"/pathways/{meetings['pathway']}/meetings/new/",
            f"/meetings/{meetings['approved']}/",
            f"/meetings/{meetings['planned']}/",
            f"/meetings/{meetings['planned']}/edit/",
            f"/meetings/{meetings['group']}/",
            "/meetings/",
            "/tasks/",
        ],
        "fadder": ["/tasks/", "/meetings/"],
    }
    for username, urls in pages.items():
        login(page, username)
        for url in urls:
            page.goto(url)
            found[f"{username} {url}"] = violations(page)
        page.context.clear_cookies()
    context.close()
    assert {url: v for url, v in found.items() if v} == {}
