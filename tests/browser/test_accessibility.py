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
    for url in [
        "/",
        "/pathways/",
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
