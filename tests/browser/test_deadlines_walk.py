"""In Chromium, on a phone (390 px) and a desktop (1280 px): the coordinator's start page
says what needs them and each link there opens; the pathway list sorted by risk exports
the chosen pathways; a calendar address is made and the feed it gives parses; the
weekly e-mail digest is chosen. Nothing is wider than the screen."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from icalendar import Calendar

from .conftest import login

pytestmark = pytest.mark.browser


def _context(browser: Any, live_url: str, width: int) -> Any:
    context = browser.new_context(
        base_url=live_url, locale="nb-NO", viewport={"width": width, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(10_000)
    return context


@pytest.mark.parametrize("width", [390, 1280])
def test_the_coordinator_sees_what_needs_them_and_exports_the_riskiest(browser: Any, live_url: str, width: int):
    context = _context(browser, live_url, width)
    page = context.new_page()
    login(page, "koordinator")
    page.goto("/")
    panel = page.locator(".needs-me")
    assert "Hva trenger meg" in panel.inner_text()
    links = [a.get_attribute("href") for a in panel.locator(".deadline-items a").all()]
    assert links, "the demo coordinator has deadlines"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for href in links[:4]:
        response = page.goto(href)
        assert response is not None and response.status == 200, href
    # The list by risk, the highest first: the chosen two to a spreadsheet.
    page.goto("/pathways/?sort=risk")
    assert page.locator("td .risk").first.inner_text() in ("Rød", "Gul")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = page.locator("input[name=pathways]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Eksporter til regneark").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115 - read at once
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Deltaker" and len(rows) == 3
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_calendar_address_gives_a_feed_and_the_weekly_digest_is_chosen(browser: Any, live_url: str, width: int):
    context = _context(browser, live_url, width)
    page = context.new_page()
    login(page, "instruktor")
    page.goto("/calendar/")
    button = page.get_by_role("button", name="Lag en kalenderadresse")
    if button.count() == 0:
        button = page.get_by_role("button", name="Lag ny adresse")
    button.click()
    address = page.locator("#feed-url").input_value()
    assert address.endswith(".ics")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # A calendar client fetches it without the login.
    fetched = context.request.get(address.replace(address.split("/calendar/")[0], live_url))
    assert fetched.status == 200
    calendar = Calendar.from_ical(fetched.body())
    summaries = [str(event.get("summary")) for event in calendar.walk("VEVENT")]
    assert summaries, "the demo instructor has deadlines and meetings"
    assert not any("politiattest" in s.lower() for s in summaries)
    # The e-mail reminders: a weekly digest.
    page.goto("/reminders/")
    page.select_option("select[name=digest]", "weekly")
    page.select_option("select[name=weekday]", "4")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert page.locator("select[name=digest]").input_value() == "weekly"
    assert page.locator("select[name=weekday]").input_value() == "4"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
