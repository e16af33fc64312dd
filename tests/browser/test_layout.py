"""Long values wrap: at a phone's width (390 px) and a laptop's (1280 px) no page of the
coordinator's lets a long name, e-mail address, scheme or referral source run out of its
card or off the screen."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .conftest import login, run_in_live_db

pytestmark = pytest.mark.browser

LONG_LAST_NAME = "Abdirahman-Tesfamariam-Kovalenko-Nowak-Mohammadi-Gebremedhin"

# Written through the ORM into the test server's database (once per session). Long
# values as people type them: names with hyphens, an e-mail address without a single
# place to break, a scheme name that is a sentence, a note with a long address in it.
LONG_VALUES = f"""
import json
from fagvei.accounts.models import User
from fagvei.curricula.models import Trade
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.pathways import services
from fagvei.pathways.models import PathwayMember, Scheme
from fagvei.people.models import Person

coordinator = User.objects.get(username="koordinator")
home = coordinator.memberships.get().organisation
trade = Trade.objects.get(code="BUA")
org = Organisation.objects.create(
    name="Fjordvik kommune – Seksjon for voksenopplæring, kvalifisering og inkludering av nyankomne "
    "innvandrere og flyktninger i arbeidslivet (Kvalifiseringssenteret)",
    kind="training_company",
    municipality="Fjordvik-og-Nordre-Havbrua-interkommunale-samarbeidsområde",
    address="Kvalifiseringssenterets-administrasjonsbygning-og-opplæringslokaler 123B, 9999 Fjordvik",
    email="postmottak.voksenopplaeringogkvalifiseringssenteret@fjordvikkommuneseksjonforvoksenopplaering.example",
)
TradeApproval.objects.create(organisation=org, trade=trade, approved_on="2024-01-01", status="active")
scheme = Scheme.objects.create(
    name="Fagbrevordningen – barne- og ungdomsarbeider i samarbeid med Fjordvik videregående skole, "
    "Opplæringskontoret for offentlig sektor og NAV Fjordvik (pilotprosjektet Fagbrevløftet2026–2028)",
    trade=trade,
    organisation=home,
)
person = Person.objects.create(
    first_name="Anne-Kristine Marie-Louise Fatima-Zahra",
    last_name="{LONG_LAST_NAME}",
    email="annekristinemarielouise.abdirahmantesfamariamkovalenko@fjordvikkommunevoksenopplaeringen.example",
    address="Nordre-Kvalifiseringssenterveien-og-Havbruvegen-krysset 1234, 9999 Fjordvik",
    registered_by_organisation=home,
)
pathway = services.create_pathway(
    actor=coordinator,
    participant=person,
    data={{
        "track": "training_candidate",
        "trade": trade,
        "scheme": scheme,
        "workplace": org,
        "coordinator": coordinator,
        "referral_source": "refugee_service",
        "referral_note": "Henvist fra introduksjonsprogrammet, se "
        "https://fjordvik.example/flyktningtjenesten/introduksjonsprogrammet/deltakere/2026/henvisning-12345678",
    }},
)
PathwayMember.objects.create(pathway=pathway, person=Person.objects.exclude(pk=person.pk).first(), role="mentor")
print(json.dumps({{"pathway": pathway.pk, "person": person.pk, "organisation": org.pk}}))
"""

# Every element and every run of text inside <main> that reaches past the edge of what
# shows it: the nearest ancestor that clips (a card clips its content) or the window.
# What sits in a scrolling box (a wide table in .table-wrap) can be scrolled to, and is
# allowed; the scrolling box itself must fit. Visually hidden text is left out.
OVERFLOWS = """
() => {
  const main = document.querySelector("main");
  const viewport = document.documentElement.clientWidth;
  const found = [];
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const edgeOf = (start) => {
    for (let a = start; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === "auto" || style.overflowX === "scroll") return null;
      if (style.overflowX === "hidden" || style.overflowX === "clip") {
        const rect = a.getBoundingClientRect();
        if (rect.width <= 2) return null;  // visually hidden (ds-sr-only)
        return {right: rect.right - parseFloat(style.borderRightWidth), what: describe(a)};
      }
    }
    return {right: viewport, what: "the window"};
  };
  // ``from``: the element whose ancestors (and itself, for text) may clip or scroll.
  const check = (rect, from, what) => {
    if (rect.width === 0 || rect.height === 0) return;
    const edge = edgeOf(from);
    if (edge && rect.right > edge.right + 1) {
      found.push(`${what} reaches ${Math.round(rect.right - edge.right)} px past ${edge.what}`);
    }
  };
  for (const el of main.querySelectorAll("*")) {
    if (el.closest("option, script, template")) continue;
    const text = (el.textContent || "").trim().slice(0, 40);
    check(el.getBoundingClientRect(), el.parentElement, `${describe(el)} "${text}"`);
  }
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest("option, script, template")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      check(rect, node.parentElement, `text "${node.textContent.trim().slice(0, 40)}"`);
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth) {
    found.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${window.innerWidth} px window`);
  }
  return [...new Set(found)].slice(0, 8);
}
"""


@pytest.fixture(scope="module")
def long_values(live_env: dict[str, str], live_url: str) -> dict[str, int]:
    output = run_in_live_db(live_env, LONG_VALUES)
    return dict(json.loads(output.strip().splitlines()[-1]))


def overflows(page: Any) -> list[str]:
    return list(page.evaluate(OVERFLOWS))


def test_the_check_finds_text_that_runs_out_of_its_card(browser: Any, live_url: str) -> None:
    context = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto("/accounts/login/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<section class=\"ds-card\"><pre>' + 'x'.repeat(300) + '</pre></section>')"
    )
    assert any("past section.ds-card" in problem for problem in overflows(page))
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_long_values_wrap_on_the_main_pages(
    browser: Any, live_url: str, long_values: dict[str, int], width: int
) -> None:
    context = browser.new_context(base_url=live_url, locale="nb-NO", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, "koordinator")
    pathway, person, organisation = long_values["pathway"], long_values["person"], long_values["organisation"]
    page.goto("/curricula/")
    curriculum = page.locator("main table a").first.get_attribute("href")
    search = LONG_LAST_NAME.split("-")[0]
    found: dict[str, list[str]] = {}
    for url in [
        "/",
        f"/pathways/?q={search}",
        f"/pathways/{pathway}/",
        f"/pathways/{pathway}/edit/",
        f"/pathways/{pathway}/members/new/",
        f"/pathways/new/?participant={person}",
        # The deadlines: the table's rule names and the filters beside each other.
        "/deadlines/",
        "/deadlines/?overdue=on",
        # The list by risk with its choose-boxes and the action on the chosen below.
        "/pathways/?sort=risk",
        "/pathways/?risk=amber",
        # The user's own calendar address and e-mail reminders.
        "/calendar/",
        "/reminders/",
        f"/people/?q={search}",
        f"/people/{person}/",
        f"/people/{person}/edit/",
        "/people/new/",
        "/organisations/?q=Kvalifiseringssenteret",
        f"/organisations/{organisation}/",
        f"/organisations/{organisation}/edit/",
        "/curricula/",
        curriculum,
        "/api/v1/docs",
        "/accounts/tokens/",
    ]:
        page.goto(url)
        found[url] = overflows(page)
    # A new token: its secret is shown once, one long word that must wrap too.
    page.goto("/accounts/tokens/")
    page.fill("input[name=name]", "Arkivuttrekk-til-Public-360-for-Fjordvik-kommune-og-Vestland-fylkeskommune")
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_selector("#new-token")
    found["/accounts/tokens/ (new token)"] = overflows(page)
    context.close()
    problems = {url: p for url, p in found.items() if p}
    assert problems == {}, f"{len(problems)} of {len(found)} pages at {width} px let content overflow: {problems}"
