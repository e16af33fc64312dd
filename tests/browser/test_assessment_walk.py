"""In Chromium, at a phone's width (390 px) and a desktop's (1280 px): the instructor
starts a half-yearly assessment on the demo participant's pathway, fills the goal rows
and signs it; the professional manager co-signs; the participant reads it and confirms
(ofo. § 9-13). The pages work without JavaScript: plain forms."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .conftest import login, run_in_live_db

pytestmark = pytest.mark.browser

# The demo's instructor and professional manager join the demo participant's pathway
# (through the pathways' domain function), so all three walk the same assessment.
SETUP = """
import json
from fagvei.accounts.models import User
from fagvei.pathways.models import Pathway, PathwayMember
from fagvei.pathways.services import add_member
coordinator = User.objects.get(username="koordinator")
pathway = Pathway.objects.get(participant=User.objects.get(username="deltaker").person)
for username, role in (("instruktor", "instructor"), ("fagligleder", "professional_manager")):
    person = User.objects.get(username=username).person
    if not PathwayMember.objects.filter(pathway=pathway, person=person, role=role).exists():
        add_member(actor=coordinator, pathway_id=pathway.pk, person=person, role=role)
print(json.dumps({"pathway": pathway.pk}))
"""


@pytest.fixture(scope="module")
def pathway(live_env: dict[str, str], live_url: str) -> int:
    return int(json.loads(run_in_live_db(live_env, SETUP).strip().splitlines()[-1])["pathway"])


def _as(browser: Any, live_url: str, username: str, width: int) -> Any:
    context = browser.new_context(
        base_url=live_url, locale="nb-NO", java_script_enabled=False, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, username)
    return page


@pytest.mark.parametrize(("width", "half_year"), [(390, 1), (1280, 2)])
def test_instructor_signs_manager_cosigns_participant_confirms(
    browser: Any, live_url: str, pathway: int, width: int, half_year: int
) -> None:
    page = _as(browser, live_url, "instruktor", width)
    page.goto(f"/pathways/{pathway}/assessments/")
    page.select_option("select[name=half_year]", str(half_year))
    page.get_by_role("button", name="Start vurderingen").click()
    page.wait_for_url("**/assessments/*/")
    url = page.url
    statuses = page.locator("select[name^=goal_]")
    assert statuses.count() > 0
    statuses.first.select_option("masters")
    page.locator("textarea[name^=comment_]").first.fill("Trygg og selvstendig i stellet.")
    page.fill("textarea[name=overall]", "God framgang dette halvåret.")
    page.get_by_role("button", name="Lagre vurderingen").click()
    assert "Vurderingen er lagret" in page.content()
    page.get_by_role("button", name="Signer som instruktør").click()
    assert "Signert av instruktør" in page.content()
    # Locked: no form any more, and the page says why.
    assert page.locator("textarea[name=overall]").count() == 0
    assert "kan ikke lenger endres" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()

    page = _as(browser, live_url, "fagligleder", width)
    page.goto(url)
    page.get_by_role("button", name="Signer som faglig leder").click()
    assert "Venter på deltakerens bekreftelse" in page.content()
    page.context.close()

    page = _as(browser, live_url, "deltaker", width)
    page.goto(f"/pathways/{pathway}/assessments/")
    page.locator("main table a").first.click()
    assert "Trygg og selvstendig i stellet." in page.content()
    page.get_by_role("button", name="Jeg har lest vurderingen").click()
    assert "Lest av deltaker" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()
