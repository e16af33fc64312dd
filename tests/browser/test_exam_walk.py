"""The road to the certificate in Chromium (issue 13): the coordinator records a
participant's written exam (registered in the last window, held, passed with a grade),
plans and registers the trade test, records its dates and test site, marks it held and
records the result with the board's protocol; completes the pathway on the test's date,
and downloads the participation certificate. Every page on the way works without
JavaScript, fits a phone's and a laptop's width and passes axe's WCAG 2.1 AA checks.

The server runs on the wall clock: the set-up moves the contract's end to 60 days from
today, so that the trade test's registration window is open (ofo. § 9-56) and a test held
yesterday lies within its last three months (§ 9-55)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .conftest import login, run_in_live_db
from .contract_road import pdf, submit
from .test_contract_walk import Checks

pytestmark = pytest.mark.browser

# An approved, in-training pathway on the municipal scheme, its exams cleared, its
# contract ending in 60 days; the dates the walk types come from the server's calendar.
SETUP = """
import datetime as dt
import json
from fagvei.contracts.models import Contract
from fagvei.core import clock
from fagvei.exams.models import ExamEntry
from fagvei.exams.windows import last_terms, written_window
from fagvei.pathways.models import Pathway

pathway = (
    Pathway.objects.filter(track="alternative", stage="in_training", trade__code="BUA", contract__status="approved")
    .order_by("-id")
    .first()
)
for entry in ExamEntry.objects.filter(pathway=pathway).order_by("-id"):
    entry.delete()
today = clock.today()
end = today + dt.timedelta(days=60)
Contract.objects.filter(pathway=pathway).update(end_date=end)
Pathway.objects.filter(pk=pathway.pk).update(planned_end=end)
year, season = last_terms(today)[0]
window = written_window(year, season)
print(json.dumps({
    "pathway": pathway.pk,
    "participant": pathway.participant.full_name,
    "term": f"{year}-{season}",
    "registered_at": (window.closes_at - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
    "yesterday": (today - dt.timedelta(days=1)).isoformat(),
    "yesterday_morning": (today - dt.timedelta(days=1)).isoformat() + "T09:00",
}))
"""


@pytest.fixture(scope="module")
def road(live_env: dict[str, str], live_url: str) -> dict[str, Any]:
    return dict(json.loads(run_in_live_db(live_env, SETUP).strip().splitlines()[-1]))


def _step(page: Any, name: str) -> None:
    page.locator(f"main a[href$='/{name}/']").first.click()
    page.wait_for_url(f"**/{name}/")


def test_a_participant_goes_from_the_written_exam_to_the_certificate(
    browser: Any, live_url: str, road: dict[str, Any]
) -> None:
    context = browser.new_context(base_url=live_url, locale="nb-NO", bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    check = Checks()
    exams_path = f"/pathways/{road['pathway']}/exams/"
    login(page, "koordinator")

    # The pathway page: completion is blocked, the reason names the rule and links here.
    page.goto(f"/pathways/{road['pathway']}/")
    check(page)
    assert page.locator("main a[href$='/steps/complete/']").count() == 0
    assert page.locator(f"main a[href='{exams_path}']").count() >= 1

    # The written exam of the last term, recorded after the fact.
    page.goto(exams_path)
    check(page)
    page.select_option("select[name=kind]", "written")
    page.select_option("select[name=term]", road["term"])
    submit(page)
    page.wait_for_url(f"**{exams_path}")
    _step(page, "register")
    check(page)
    page.fill("input[name=registered_at]", road["registered_at"])
    page.check("input[name=fee_paid]")
    submit(page)
    page.wait_for_url(f"**{exams_path}")
    _step(page, "hold")
    page.fill("input[name=held_on]", road["yesterday"])
    submit(page)
    page.wait_for_url(f"**{exams_path}")
    _step(page, "record_result")
    check(page)
    page.select_option("select[name=grade]", "4")
    submit(page)
    page.wait_for_url(f"**{exams_path}")
    assert page.locator("main .ds-tag.exam-result_recorded").count() == 1

    # The trade test: planned, registered in its window, dates agreed, held, passed.
    page.select_option("select[name=kind]", "trade_test")
    submit(page)
    page.wait_for_url(f"**{exams_path}")
    _step(page, "register")
    page.fill("input[name=registered_at]", road["yesterday_morning"])
    submit(page)
    page.wait_for_url(f"**{exams_path}")
    _step(page, "schedule")
    check(page)
    page.fill("input[name=starts_on]", road["yesterday"])
    page.fill("input[name=ends_on]", road["yesterday"])
    page.fill("input[name=site]", "Fjordvik barnehage")
    page.fill("input[name=site_contact]", "Prøvenemndas leder, 400 00 000")
    submit(page)
    page.wait_for_url(f"**{exams_path}")
    _step(page, "hold")
    page.fill("input[name=held_on]", road["yesterday"])
    submit(page)
    page.wait_for_url(f"**{exams_path}")
    # Refused without the protocol: the form says so on its field (ofo. § 9-61).
    _step(page, "record_result")
    page.select_option("select[name=result]", "passed")
    page.locator("input[name=protocol]").evaluate("input => input.removeAttribute('required')")
    submit(page)
    page.wait_for_selector("main .ds-error-summary, main #id_protocol_error")
    check(page)
    page.select_option("select[name=result]", "passed")
    page.set_input_files(
        "input[name=protocol]", files=[{"name": "protokoll.pdf", "mimeType": "application/pdf", "buffer": pdf()}]
    )
    submit(page)
    page.wait_for_url(f"**{exams_path}")
    assert page.locator("main .ds-tag.exam-result_recorded").count() == 2
    check(page)

    # Completed from the pathway page, on the test's date (left empty: the test's).
    page.goto(f"/pathways/{road['pathway']}/")
    page.locator("main a[href$='/steps/complete/']").click()
    check(page)
    submit(page)
    page.wait_for_url(f"**/pathways/{road['pathway']}/")
    assert page.locator(".stage-completed").count() >= 1

    # The participation certificate.
    page.goto(exams_path)
    check(page)
    with page.expect_download() as download:
        page.locator("main a[href$='/deltakerbevis.pdf']").click()
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page.goto("/exams/")
    check(page)
    assert check.problems() == {}
    context.close()
