"""The new-pathway and add-member forms in a real browser: the scheme fills in its
trade; the person search narrows the person select, with HTMX without reloading the page
and without JavaScript by reloading it."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import choose, login

pytestmark = pytest.mark.browser


def selected_text(page: Any, name: str) -> str:
    return str(page.eval_on_selector(f"select[name={name}]", "s => s.options[s.selectedIndex].text"))


def test_choosing_a_scheme_chooses_its_trade(page: Any) -> None:
    login(page, "koordinator")
    page.goto("/pathways/new/")
    choose(page, "scheme", "renholdsoperatør")
    assert selected_text(page, "trade") == "Renholdsoperatørfaget"
    choose(page, "scheme", "helsearbeider")
    assert selected_text(page, "trade") == "Helsearbeiderfaget"


def person_options(page: Any, name: str) -> list[str]:
    return [t for t in page.locator(f"select[name={name}] option").all_inner_texts() if t != "---------"]


def wait_for_options(page: Any, name: str, at_most: int) -> list[str]:
    """The options once the HTMX search has swapped the select (the strict CSP forbids
    Playwright's string predicates)."""
    for _ in range(100):
        offered = person_options(page, name)
        if len(offered) <= at_most:
            return offered
        page.wait_for_timeout(50)
    raise AssertionError(f"the {name} select still offers {len(offered)} people")


def test_typing_a_name_narrows_the_person_select_without_reloading_the_page(page: Any) -> None:
    login(page, "koordinator")
    page.goto("/pathways/new/")
    assert len(person_options(page, "participant")) == 50
    page.evaluate("window.stillTheSamePage = true")
    page.select_option("select[name=referral_source]", "nav")
    page.locator("input[name=find-q]").press_sequentially("warsame")
    offered = wait_for_options(page, "participant", at_most=3)
    assert offered and all("Warsame" in text for text in offered)
    assert page.evaluate("window.stillTheSamePage") is True
    # The rest of the form is untouched, focus stays in the search, the status line tells.
    assert page.input_value("select[name=referral_source]") == "nav"
    assert page.evaluate("document.activeElement.name") == "find-q"
    assert "å velge mellom" in page.locator("#person-picker-status").inner_text()


def test_choosing_a_role_narrows_the_member_select(page: Any) -> None:
    login(page, "koordinator")
    page.goto("/pathways/?stage=starting")
    page.locator("main table a").first.click()
    page.locator("main a[href$='/members/new/']").click()
    page.select_option("select[name=find-role]", "county_adviser")
    offered = wait_for_options(page, "person", at_most=3)
    assert offered == ["Knut Dahl (Rådgiver fagopplæring (fylke), Nordvest fylkeskommune)"]


def test_without_javascript_the_search_reloads_the_page_with_the_list_narrowed(browser: Any, live_url: str) -> None:
    context = browser.new_context(base_url=live_url, locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    login(page, "koordinator")
    page.goto("/people/?q=amina+warsame")
    person = page.locator("main table a").first.get_attribute("href").strip("/").split("/")[-1]
    page.goto(f"/pathways/new/?participant={person}")
    page.fill("input[name=find-q]", "dahl")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url(lambda url: "find-q=dahl" in url)
    assert f"participant={person}" in page.url
    offered = person_options(page, "participant")
    # The person the page was opened for stays chosen, first; then what the search found.
    assert offered[0].startswith("Amina Warsame")
    assert offered[1:] == ["Knut Dahl (Rådgiver fagopplæring (fylke), Nordvest fylkeskommune)"]
    context.close()


def test_after_a_refused_form_searching_keeps_the_focus_in_the_search(page: Any) -> None:
    login(page, "koordinator")
    page.goto("/pathways/new/")
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".ds-error-summary").count() == 1
    assert page.evaluate("document.activeElement.className").startswith("ds-error-summary")
    page.locator("input[name=find-q]").press_sequentially("warsame")
    wait_for_options(page, "participant", at_most=3)
    page.wait_for_timeout(100)
    assert page.evaluate("document.activeElement.name") == "find-q"
