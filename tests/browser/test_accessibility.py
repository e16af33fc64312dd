"""Universal design (WCAG 2.1 AA): axe-core on the pages of the demo, in bokmål, as the
coordinator sees them. No serious or critical violations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, login

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_page(browser: Any, live_url: str) -> Any:
    # axe is injected by evaluation; bypass_csp lets it run under our strict CSP.
    context = browser.new_context(base_url=live_url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def violations(page: Any) -> list[str]:
    page.evaluate(Path(AXE).read_text())
    result = page.evaluate(
        "async () => await axe.run(document, "
        "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_check_finds_a_violation_when_there_is_one(axe_page: Any) -> None:
    axe_page.goto("/accounts/login/")
    axe_page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert any(v.startswith("label") for v in violations(axe_page))


def test_the_main_pages_have_no_serious_accessibility_violations(axe_page: Any) -> None:
    page = axe_page
    page.goto("/accounts/login/")
    found = {"/accounts/login/": violations(page)}
    login(page, "koordinator")
    page.goto("/pathways/?stage=starting")
    detail = page.locator("main table a").first.get_attribute("href")
    page.goto("/people/")
    person = page.locator("main table a").first.get_attribute("href")
    page.goto("/organisations/")
    organisation = page.locator("main table a").first.get_attribute("href")
    page.goto("/curricula/")
    curriculum = page.locator("main table a").first.get_attribute("href")
    # The scheme page (follow-up, seed 002) and its forms, and a group meeting's walkthrough.
    page.goto("/schemes/")
    scheme = page.locator("main ul a").first.get_attribute("href")
    page.goto(scheme)
    group_links = [
        page.locator(f"main a[href$='{end}']").first.get_attribute("href")
        for end in ("/edit/", "/members/new/", "/meetings/new/", "/remove/")
    ]
    # The project group's planned meeting: its page, the walkthrough and the report forms.
    group_meeting = page.locator("main a[href^='/meetings/']").first.get_attribute("href")
    for url in [
        "/schemes/",
        scheme,
        f"{scheme}themes/",
        f"{scheme}groups/new/",
        *group_links,
        group_meeting,
        f"{group_meeting}notes/",
        f"{group_meeting}report/",
    ]:
        page.goto(url)
        found[url] = violations(page)
    for url in [
        "/",
        "/deadlines/",
        "/pathways/",
        "/pathways/?sort=risk",
        "/calendar/",
        "/reminders/",
        detail,
        f"{detail}edit/",
        f"{detail}screening/",
        f"{detail}steps/end/",
        f"{detail}members/new/",
        f"{detail}consents/new/",
        "/pathways/new/",
        "/people/",
        person,
        "/people/new/",
        "/organisations/",
        organisation,
        "/organisations/new/",
        "/curricula/",
        curriculum,
        "/accounts/tokens/",
        "/api/v1/docs",
    ]:
        page.goto(url)
        found[url] = violations(page)
    problems = {url: v for url, v in found.items() if v}
    assert problems == {}, f"{len(problems)} of {len(found)} pages have serious violations: {problems}"


def test_the_guidance_pages_have_no_serious_accessibility_violations(axe_page: Any) -> None:
    """The guidance log, teacher visits and language progress (fagvei/guidance), as the
    people who write them see them."""
    page = axe_page
    found = {}
    for username, parts in (
        ("instruktor", ("guidance", "visits")),
        ("faglaerer", ("visits", "language")),
        ("norsklaerer", ("language",)),
    ):
        login(page, username)
        page.goto("/pathways/?stage=in_training")
        detail = page.locator("main table a").first.get_attribute("href")
        for url in [detail, *(f"{detail}{part}/" for part in parts), "/visits/"]:
            page.goto(url)
            found[f"{username} {url}"] = violations(page)
        page.context.clear_cookies()
    problems = {url: v for url, v in found.items() if v}
    assert problems == {}, f"{len(problems)} of {len(found)} pages have serious violations: {problems}"


# The demo's plans and assessments (fagvei/demo/plans.py): a pathway of the instructor's
# with a plan and signed assessments, a goal row of it, and the instructor's draft.
PLANS = """
import json
from fagvei.plans.models import Assessment, PlanComment, PlanGoal
signed = Assessment.objects.filter(status="manager_signed").order_by("id").first()
draft = Assessment.objects.filter(status="draft").order_by("id").first()
goal = PlanGoal.objects.filter(plan__pathway_id=signed.pathway_id).order_by("id").first()
commented = PlanComment.objects.order_by("id").first().plan.pathway_id
print(json.dumps({"pathway": signed.pathway_id, "signed": signed.pk, "draft": draft.pk, "goal": goal.pk,
                  "commented": commented}))
"""


def test_the_plan_and_assessment_pages_have_no_serious_accessibility_violations(
    axe_page: Any, live_env: dict[str, str]
) -> None:
    import json

    from .conftest import run_in_live_db

    ids = json.loads(run_in_live_db(live_env, PLANS).strip().splitlines()[-1])
    page = axe_page
    found = {}
    pages = {
        "instruktor": [
            f"/pathways/{ids['pathway']}/plan/",
            f"/pathways/{ids['pathway']}/plan/goals/{ids['goal']}/",
            f"/pathways/{ids['pathway']}/assessments/",
            f"/assessments/{ids['draft']}/",
            f"/assessments/{ids['signed']}/",
            f"/pathways/{ids['pathway']}/",
        ],
        # The trade teacher's view: the plan with the comment form.
        "faglaerer": [f"/pathways/{ids['commented']}/plan/"],
    }
    for username, urls in pages.items():
        login(page, username)
        for url in urls:
            page.goto(url)
            found[f"{username} {url}"] = violations(page)
        page.context.clear_cookies()
    assert {url: v for url, v in found.items() if v} == {}


def test_the_absence_and_equipment_pages_have_no_serious_accessibility_violations(axe_page: Any) -> None:
    """Issue 11: a pathway in training's absence (rate, periods, form, threshold) and
    equipment pages, a period's correction page, and the pathway page with their sections."""
    page = axe_page
    login(page, "koordinator")
    page.goto("/pathways/?stage=in_training")
    urls = [page.locator("main table a").nth(i).get_attribute("href") for i in range(3)]
    found = {}
    for detail in urls:
        for url in (detail, f"{detail}absence/", f"{detail}equipment/"):
            page.goto(url)
            found[url] = violations(page)
    page.goto(f"{urls[0]}absence/")
    correct = page.locator("main a[href^='/absences/']").first.get_attribute("href")
    page.goto(correct)
    found[correct] = violations(page)
    problems = {url: v for url, v in found.items() if v}
    assert problems == {}, f"{len(problems)} of {len(found)} pages have serious violations: {problems}"
