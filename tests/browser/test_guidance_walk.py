"""In Chromium: the instructor logs a week's guidance in seconds — the date and an hour
are filled in, a note and a competence goal are all it takes — on a phone (390 px) and
on a desktop (1280 px), and the page says the guidance is no longer overdue."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from .conftest import login, run_in_live_db

pytestmark = pytest.mark.browser

# The instructor's pathway without guidance for more than two weeks (fagvei/demo/guidance.py).
LATE = """
import json
from fagvei.accounts.models import User
from fagvei.guidance.models import GuidanceEntry
from fagvei.pathways.models import Pathway
user = User.objects.get(username="instruktor")
pathways = Pathway.objects.filter(stage="in_training", members__person=user.person, members__role="instructor")
late = sorted(pathways, key=lambda p: GuidanceEntry.objects.filter(pathway=p).order_by("-given_on").first().given_on)[0]
print(json.dumps({"late": late.pk, "other": [p.pk for p in pathways if p.pk != late.pk][0]}))
"""


@pytest.fixture(scope="module")
def pathways(live_env: dict[str, str], live_url: str) -> dict[str, Any]:
    return dict(json.loads(run_in_live_db(live_env, LATE).strip().splitlines()[-1]))


@pytest.mark.parametrize("width", [390, 1280])
def test_the_instructor_logs_guidance_in_seconds(browser: Any, live_url: str, pathways: dict[str, Any], width: int):
    context = browser.new_context(base_url=live_url, locale="nb-NO", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, "instruktor")
    pathway = pathways["late"] if width == 390 else pathways["other"]
    page.goto(f"/pathways/{pathway}/guidance/")
    if width == 390:
        assert "Veiledning er på etterskudd" in page.locator("#guidance-since").inner_text()
    rows = page.locator("#entries-heading ~ div table tbody tr").count()
    started = time.monotonic()
    page.fill("textarea[name=note]", f"Gikk gjennom uka ({width} px).")
    page.locator("details.goal-picker summary").click()
    page.locator("details.goal-picker input[type=checkbox]").first.check()
    page.get_by_role("button", name="Loggfør veiledningen").click()
    page.wait_for_url(f"**/pathways/{pathway}/guidance/")
    assert time.monotonic() - started < 5
    assert "Veiledningen er loggført" in page.content()
    assert page.locator("#entries-heading ~ div table tbody tr").count() in (rows + 1, 25)
    assert f"Gikk gjennom uka ({width} px)." in page.locator("#entries-heading ~ div table").inner_text()
    assert "Veiledning er på etterskudd" not in page.locator("#guidance-since").inner_text()
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
