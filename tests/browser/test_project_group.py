"""In Chromium, at a phone's width and a desktop's: the coordinator plans a project-group
meeting from the scheme page, goes through three participants (a note on each), records
the attendance and the minutes, approves them, and finds the meeting on each
participant's timeline with the note on their meetings page (seed 002)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_the_coordinator_runs_a_project_group_meeting_over_three_participants(
    browser: Any, live_url: str, width: int
) -> None:
    context = browser.new_context(base_url=live_url, locale="nb-NO", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, "koordinator")
    page.goto("/schemes/")
    page.locator("main ul a").first.click()
    page.wait_for_url(re.compile(r"/schemes/\d+/$"))
    assert page.get_by_role("heading", name="Månedens temaer").is_visible()
    # The project group comes first; plan its meeting with the members invited.
    page.locator("main a[href$='/meetings/new/']").first.click()
    page.fill("input[name=starts_at]", "2026-11-20T09:00")
    page.fill("input[name=place]", "Rådhuset, møterom 3")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    meeting_path = re.sub(r"^https?://[^/]+", "", page.url)

    # The walkthrough: a note on each of three participants.
    page.locator("main a[href$='/notes/']").click()
    fieldsets = page.locator("main fieldset")
    assert fieldsets.count() >= 3
    names = []
    for i in range(3):
        fieldset = fieldsets.nth(i)
        names.append(fieldset.locator("legend").inner_text().strip())
        areas = fieldset.locator("textarea")
        areas.nth(0).fill(f"Faglig notat {width}-{i}")
        areas.nth(1).fill("Norsk B1 muntlig")
        areas.nth(2).fill("Arbeidsplassen er fornøyd")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{meeting_path}")
    assert page.locator(".participant-note").count() == 3

    # Held, the attendance and minutes written, approved: the notes lock with them.
    page.locator(f"form[action='{meeting_path}step/hold/'] button").click()
    page.wait_for_url(f"**{meeting_path}")
    page.locator(f"main a[href='{meeting_path}minutes/']").click()
    for box in page.locator("input[name=attended]").all():
        box.check()
    page.fill("textarea[name=minutes]", "Gikk gjennom deltakerne. Alle er i rute.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{meeting_path}")
    page.locator(f"form[action='{meeting_path}step/approve/'] button").click()
    page.wait_for_url(f"**{meeting_path}")
    assert page.locator("main a[href$='/notes/']").count() == 0

    # Each participant's timeline points to the meeting; their meetings page shows the note.
    links = {name: page.locator(".participant-note h3 a", has_text=name).first.get_attribute("href") for name in names}
    for i, name in enumerate(names):
        pathway = links[name]
        assert pathway
        page.goto(pathway)
        entry = page.locator(f"main a[href='{meeting_path}']", has_text="Omtalt i prosjektgruppemøte")
        assert entry.count() >= 1, name
        assert entry.first.is_visible()
        page.goto(f"{pathway}meetings/")
        assert page.get_by_text(f"Faglig notat {width}-{i}").is_visible()
    # Nothing spills sideways at this width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()
