"""The contract's road in Chromium (issue 10): the coordinator writes the contract of a
pathway in start-up, uploads what the county's checklist asks for and sends the signed
application; the county adviser approves it in the county's inbox; the coordinator starts
training, registers a parental leave and ends it, and the contract shows how far its end
moved. Every page on the way fits a phone's and a laptop's width and passes axe's
WCAG 2.1 AA checks.

The contract's strings are not in the bokmål catalogue yet: elements are found by field
name, id, URL and class, never by their text."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import login, run_in_live_db
from .contract_road import send_the_application, submit, upload_the_checklist, write_contract
from .test_accessibility import violations
from .test_layout import overflows

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)

# A pathway of the coordinator's in start-up, without a contract, that lacks nothing else
# for training to start but a mentor (named here); the county of its workplace decides in
# fagvei. Its start-up began ten weeks ago, so that training can start six weeks ago and
# be interrupted four weeks ago. The dates the walk types and the page must show come
# from the server's own calendar and formats.
SETUP = """
import datetime as dt
import json
from django.utils import formats, translation
from fagvei.accounts.models import User
from fagvei.contracts.models import CountySettings, Kind
from fagvei.core import clock
from fagvei.pathways import services
from fagvei.pathways.lifecycle import base_missing
from fagvei.pathways.models import Pathway, Track
from fagvei.people.models import Person

coordinator = User.objects.get(username="koordinator")
candidates = Pathway.objects.filter(
    stage="starting",
    coordinator=coordinator,
    contract__isnull=True,
    workplace__county__isnull=False,
    track__in=[Track.ALTERNATIVE, Track.TRAINING_CANDIDATE, Track.EXPERIENCE_CANDIDATE],
).order_by("-id")
pathway = next(p for p in candidates if {m.fix for m in base_missing("start_training", p)} <= {"mentor"})
if base_missing("start_training", pathway):
    mentor = Person.objects.exclude(pk=pathway.participant_id).order_by("id").first()
    services.add_member(actor=coordinator, pathway_id=pathway.pk, person=mentor, role="mentor")
Pathway.objects.filter(pk=pathway.pk).update(starting_at=clock.now() - dt.timedelta(weeks=10))
settings, _ = CountySettings.objects.update_or_create(
    county_id=pathway.workplace.county_id, defaults={"decides_in_fagvei": True}
)

today = clock.today()
start = today - dt.timedelta(weeks=6)
end = start.replace(year=start.year + 2)
away_from = today - dt.timedelta(weeks=4)
away_until = today - dt.timedelta(days=1)
moved = end + dt.timedelta(days=(away_until - away_from).days + 1)
with translation.override("nb"):
    shown = {k: formats.date_format(v, "SHORT_DATE_FORMAT") for k, v in (("end", end), ("moved", moved))}
print(json.dumps({
    "pathway": pathway.pk,
    "participant": pathway.participant.full_name,
    "kind": Kind.TRAINING,
    "checklist": settings.checklists[Kind.TRAINING],
    "start": start.isoformat(),
    "end": end.isoformat(),
    "signed_on": (start - dt.timedelta(days=7)).isoformat(),
    "away_from": away_from.isoformat(),
    "away_until": away_until.isoformat(),
    "shown_end": shown["end"],
    "shown_moved": shown["moved"],
}))
"""


@pytest.fixture(scope="module")
def road(live_env: dict[str, str], live_url: str) -> dict[str, Any]:
    return dict(json.loads(run_in_live_db(live_env, SETUP).strip().splitlines()[-1]))


class Checks:
    """Each page the walk sees, checked where it stands: axe's serious and critical
    violations, and what overflows at each width (the window resized, not reloaded)."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}

    def __call__(self, page: Any) -> None:
        url = urlsplit(page.url)
        where = f"{len(self.found) // (len(WIDTHS) + 1) + 1}. {url.path}{'?' + url.query if url.query else ''}"
        self.found[f"{where} axe"] = violations(page)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            self.found[f"{where} at {width} px"] = overflows(page)
        page.set_viewport_size({"width": WIDTHS[-1], "height": 900})

    def problems(self) -> dict[str, list[str]]:
        return {where: found for where, found in self.found.items() if found}


def test_a_contract_goes_to_the_county_is_approved_and_moves_with_a_parental_leave(
    browser: Any, live_url: str, road: dict[str, Any]
) -> None:
    # axe is injected by evaluation; bypass_csp lets it run under our strict CSP.
    context = browser.new_context(base_url=live_url, locale="nb-NO", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    check = Checks()
    pathway_path = f"/pathways/{road['pathway']}/"
    contract_path = f"{pathway_path}contract/"

    # 1. The coordinator: training cannot start yet; the blocked step names the contract.
    login(page, "koordinator")
    page.goto(pathway_path)
    check(page)
    assert page.locator("main a[href$='/steps/start_training/']").count() == 0
    page.locator(f"#why-start_training a[href='{contract_path}']").click()
    page.wait_for_url(f"**{contract_path}")
    check(page)

    write_contract(page, kind=road["kind"], start=road["start"], end=road["end"], visit=check)
    assert page.locator("main .ds-tag.contract-draft").count() == 1
    check(page)
    # The county's checklist: every document it asks for with this kind, none there yet.
    asked = page.locator("ul.checklist li.missing a[href*='/documents/new/?kind=']")
    hrefs = asked.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [parse_qs(urlsplit(h).query)["kind"][0] for h in hrefs] == road["checklist"]

    # Refused: the application cannot go before the documents are there.
    page.locator("main a[href$='/contract/submit/']").click()
    page.fill("input[name=signed_on]", road["signed_on"])
    page.check("input[name=confirm]")
    submit(page)
    page.wait_for_selector("main .ds-error-summary")
    assert urlsplit(page.url).path == f"{contract_path}submit/"
    check(page)
    page.goto(contract_path)

    assert sorted(upload_the_checklist(page, visit=check)) == sorted(road["checklist"])
    assert page.locator("ul.checklist li.missing").count() == 0
    assert page.locator("ul.checklist li.done").count() == len(road["checklist"])
    send_the_application(page, signed_on=road["signed_on"], visit=check)
    assert page.locator("main .ds-tag.contract-submitted").count() == 1
    check(page)

    # 2. The county adviser decides in fagvei: the application waits in the county's inbox.
    context.clear_cookies()
    login(page, "raadgiver")
    page.goto("/county/")
    check(page)
    row = page.locator("main table tbody tr", has_text=road["participant"])
    assert row.count() == 1
    row.locator("a[href^='/county/']").click()
    page.wait_for_url(re.compile(r"/county/\d+/$"))
    submission_path = urlsplit(page.url).path
    check(page)
    # What the coordinator uploaded went with the application, and the county can open it.
    sent = page.locator(f"main a[href^='{submission_path}documents/']")
    assert sent.count() == len(road["checklist"])
    page.check("input[name=outcome][value=approved]")
    submit(page)
    page.wait_for_url("**/county/")
    check(page)
    assert page.locator(f"main a[href='{submission_path}']").count() == 0, "answered: no longer in the inbox"

    # 3. The coordinator starts training on the contract's first day.
    context.clear_cookies()
    login(page, "koordinator")
    page.goto(contract_path)
    assert page.locator("main .ds-tag.contract-approved").count() == 1
    page.goto(pathway_path)
    page.locator("main a[href$='/steps/start_training/']").click()
    check(page)
    page.fill("input[name=started_on]", road["start"])
    submit(page)
    page.wait_for_url(f"**{pathway_path}")
    assert page.locator(".stage-in_training").count() >= 1
    check(page)

    # A parental leave from four weeks ago, registered on the contract's page.
    page.locator(f"main a[href='{contract_path}']").first.click()
    page.wait_for_url(f"**{contract_path}")
    page.locator("main a[href$='/contract/interruptions/new/']").click()
    check(page)
    page.select_option("select[name=reason]", "parental_leave")
    page.fill("input[name=starts_on]", road["away_from"])
    submit(page)
    page.wait_for_url(f"**{contract_path}")
    check(page)
    assert page.locator("section[aria-labelledby=interruptions-heading] tbody tr").count() == 1

    # The participant is back today: the last day away was yesterday.
    page.locator("main a[href*='/contract/interruptions/'][href$='/end/']").click()
    check(page)
    page.fill("input[name=ends_on]", road["away_until"])
    submit(page)
    page.wait_for_url(f"**{contract_path}")
    check(page)

    # The end of training moved by the 28 days away; the page shows the old and the new end.
    facts = page.locator("section[aria-labelledby=facts-heading]").inner_text()
    assert road["shown_moved"] in facts
    assert road["shown_end"] in facts
    interruption = page.locator("section[aria-labelledby=interruptions-heading] tbody tr").inner_text()
    assert road["shown_end"] in interruption
    assert road["shown_moved"] in interruption
    assert page.locator("main a[href$='/end/']").count() == 0, "the interruption has ended"
    context.close()

    problems = check.problems()
    assert problems == {}, f"{len(problems)} of {len(check.found)} checks found problems: {problems}"
