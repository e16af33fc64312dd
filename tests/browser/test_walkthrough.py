"""The walk of issue 2 in a real browser: a coordinator takes a new person from referral
into training (through the contract sent to the county, issue 10); a mentor cannot open a
pathway they are not on."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from .conftest import choose, login
from .contract_road import send_the_application, submit, upload_the_checklist, write_contract

pytestmark = pytest.mark.browser


def test_a_coordinator_takes_a_new_person_from_referral_into_training(page: Any) -> None:
    login(page, "koordinator")
    page.locator("a[href='/people/new/']").first.click()

    page.fill("input[name=first_name]", "Selam")
    page.fill("input[name=last_name]", "Nettlesertest")
    page.fill("input[name=birth_date]", "1990-05-17")
    submit(page)
    page.wait_for_url(re.compile(r"/people/\d+/$"))

    page.locator("a[href^='/pathways/new/?participant=']").click()
    page.select_option("select[name=referral_source]", "refugee_service")
    page.select_option("select[name=track]", "alternative")
    choose(page, "trade", "helsearbeider")
    choose(page, "scheme", "helsearbeider")
    submit(page)
    page.wait_for_url(re.compile(r"/pathways/\d+/$"))
    pathway_url = page.url

    page.locator("form[action$='/steps/start_screening/'] button").click()
    page.locator(".actions a[href$='/screening/']").click()
    for skill in ("listening", "reading", "speaking", "writing"):
        page.select_option(f"select[name=norwegian_{skill}]", "B1")
    page.fill("input[name=years_in_norway]", "4")
    page.select_option("select[name=education]", "upper_secondary")
    page.fill("input[name=work_experience_years]", "2.5")
    page.select_option("select[name=motivation]", "4")
    page.select_option("select[name=suitability]", "3")
    page.fill("textarea[name=life_situation]", "Bor sammen med ektefelle og to barn.")
    page.check("input[name=can_participate_80]")
    page.select_option("select[name=income_basis]", "introduction_benefit")
    submit(page)
    page.wait_for_url(pathway_url)

    page.locator("a[href$='/steps/admit/']").click()
    page.fill("textarea[name=reason]", "Motivert, relevant erfaring fra eldreomsorg.")
    submit(page)
    page.wait_for_url(pathway_url)
    page.locator("form[action$='/steps/begin_start_up/'] button").click()
    page.wait_for_url(pathway_url)

    page.locator("a[href$='/consents/new/']").click()
    page.select_option("select[name=purpose]", "participation")
    submit(page)
    page.wait_for_url(pathway_url)

    # The blocked step links straight to where each missing thing is fixed.
    page.locator("#why-start_training a[href$='/police-certificate/']").click()
    today = page.input_value("input[name=checked_on]")
    page.fill("input[name=issued_on]", today)
    submit(page)
    page.wait_for_url(pathway_url)

    page.locator("a[href$='/members/new/']").click()
    page.select_option("select[name=person]", index=1)
    page.select_option("select[name=role]", "mentor")
    submit(page)
    page.wait_for_url(pathway_url)

    page.locator("main a[href$='/edit/']").first.click()
    choose(page, "workplace", "sykehjem")
    page.fill("input[name=planned_start]", today)
    year, rest = today.split("-", 1)
    page.fill("input[name=planned_end]", f"{int(year) + 2}-{rest}")
    submit(page)
    page.wait_for_url(pathway_url)

    # ol. § 7-2: training starts once the contract is signed and sent to the county. The
    # blocked step links to the contract's page; the contract is written there, the
    # documents the county asks for uploaded from its checklist, and the application sent.
    page.locator("#why-start_training a[href$='/contract/']").click()
    page.wait_for_url(f"{pathway_url}contract/")
    write_contract(page, kind="training")
    assert upload_the_checklist(page), "the county asks for documents with a training contract"
    send_the_application(page, signed_on=today)
    page.locator(f"main a[href='{urlsplit(pathway_url).path}']").first.click()
    page.wait_for_url(pathway_url)

    page.locator("a[href$='/steps/start_training/']").click()
    # The actual start date is asked for, with today (the planned start) filled in.
    assert page.input_value("input[name=started_on]") == today
    submit(page)
    page.wait_for_url(pathway_url)

    timeline = page.locator("ol.timeline > li")
    texts = " ".join(timeline.all_inner_texts())
    # Referral, screening started and registered, admitted, start-up, consent, police
    # certificate, member, details changed, training started — each with who and when.
    assert timeline.count() >= 10
    me = page.locator(".site-user__name").inner_text().strip()
    assert texts.count(me) >= 10
    assert page.locator("h1").inner_text() == "Selam Nettlesertest"
    assert page.locator(".stage-in_training").count() >= 1


def test_a_mentor_cannot_open_a_pathway_they_are_not_on(page: Any) -> None:
    login(page, "fadder")
    page.goto("/pathways/")
    links = page.locator("main table a[href^='/pathways/']")
    own = {int(h.strip("/").split("/")[-1]) for h in links.evaluate_all("els => els.map(e => e.getAttribute('href'))")}
    assert own, "the demo mentor is on some pathways"
    first = min(own)
    assert page.goto(f"/pathways/{first}/").status == 200
    outside = next(i for i in range(1, 500) if i not in own)
    response = page.goto(f"/pathways/{outside}/")
    assert response.status == 404
    assert "Selam" not in page.content()


def test_the_keyboard_reaches_the_skip_link_first_and_can_log_in(page: Any) -> None:
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "ds-skip-link"
    assert page.evaluate("document.activeElement.textContent").strip() == "Hopp til hovedinnhold"
    page.focus("input[name=login]")
    page.keyboard.type("deltaker")
    page.keyboard.press("Tab")
    page.keyboard.type("fagvei-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto("/pathways/")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1, "a participant sees only their own pathway"
    # Focus is visible: the browser draws an outline on a focused link.
    page.locator("main table a").first.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
