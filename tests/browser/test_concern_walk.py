"""The concern ladder in Chromium (issue 14, seed 004): the professional manager
registers a concern on a pathway; the koordinator plans the concern conversation (the
invitation drafted for the participant tells them they may bring a person they trust
and holds nothing of the concern), records it with its minutes and who came, and calls
the clarification meeting; the county adviser sees the concern in the county's list;
the koordinator plans and records the clarification meeting with the follow-up plan,
records both parties' confirmations, starts the follow-up and closes the case with a
request for cancellation, the signed form uploaded on the pathway first; the county
adviser records the county's contact with the participant and downloads the case
packet. A mentor on the same pathway gets 404 for the concern and its packet. Every
page on the way works without JavaScript (normal forms are posted), fits a phone's and
a laptop's width and passes axe's WCAG 2.1 AA checks.

Elements are found by field name, value, id and URL, not by their text, except the
bokmål of the invitation and the packet the walk reads."""

from __future__ import annotations

import io
import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from .conftest import login, run_in_live_db
from .contract_road import pdf
from .test_contract_walk import Checks

pytestmark = pytest.mark.browser

# An in-training pathway with an approved contract whose professional manager is
# ``fagligleder``; its concerns cleared, so the walk can run again on the same
# database (a pathway whose walk ended has its contract's cancellation requested and is
# not chosen again). ``fadder`` is put on it as a mentor. The county of the contract
# decides in fagvei. The dates the walk types come from the server's calendar.
SETUP = """
import datetime as dt
import json
from fagvei.accounts.models import User
from fagvei.concerns.models import Concern
from fagvei.contracts.models import CountySettings
from fagvei.core import clock
from fagvei.pathways import services
from fagvei.pathways.models import Pathway, PathwayMember

manager = User.objects.get(username="fagligleder")
coordinator = User.objects.get(username="koordinator")
adviser = User.objects.get(username="raadgiver")
mentor = User.objects.get(username="fadder")
pathway = (
    Pathway.objects.filter(
        stage="in_training",
        contract__status="approved",
        members__person=manager.person,
        members__role=PathwayMember.Role.PROFESSIONAL_MANAGER,
    )
    .distinct()
    .order_by("-id")
    .first()
)
for concern in Concern.objects.filter(pathway=pathway):
    concern.delete()
if not pathway.members.filter(person=mentor.person, role=PathwayMember.Role.MENTOR).exists():
    services.add_member(
        actor=coordinator, pathway_id=pathway.pk, person=mentor.person, role=PathwayMember.Role.MENTOR
    )
CountySettings.objects.update_or_create(
    county_id=pathway.contract.county_id, defaults={"decides_in_fagvei": True}
)
today = clock.today()
print(json.dumps({
    "pathway": pathway.pk,
    "participant": pathway.participant_id,
    "participant_name": pathway.participant.full_name,
    "manager": manager.person.pk,
    "adviser": adviser.person.pk,
    "mentor": mentor.person.pk,
    # Those on the pathway who may not know of its concerns and have a login: the mentor
    # put on it here, and its instructors (``instruktor`` in the demo).
    "outsiders": ["fadder"] + sorted(
        User.objects.filter(
            person__pathway_roles__pathway=pathway,
            person__pathway_roles__role=PathwayMember.Role.INSTRUCTOR,
        ).values_list("username", flat=True)
    ),
    "noticed_on": (today - dt.timedelta(days=10)).isoformat(),
    "conversation_at": (today - dt.timedelta(days=5)).isoformat() + "T10:00",
    "clarification_at": today.isoformat() + "T00:30",
    "signed_on": today.isoformat(),
    "today": today.isoformat(),
    "deadline": (today + dt.timedelta(days=30)).isoformat(),
    "next_meeting": (today + dt.timedelta(days=35)).isoformat(),
}))
"""

# The access log's rows of the concern, by reader: what showed it, and in which role.
READS = """
import json
from fagvei.audit.models import AccessLog
rows = AccessLog.objects.filter(object_type="concerns.concern", object_id=CONCERN).select_related("user")
names = {r.user.username for r in rows} | set(NAMES)
print(json.dumps({n: [r.detail for r in rows if r.user.username == n] for n in names}))
"""

DESCRIPTION = "Har uteblitt fra vaktene flere ganger uten å melde fra; virker sliten og ukonsentrert."
CONVERSATION_MINUTES = "Bekymringssamtale: deltakeren forteller om søvnproblemer. Avtalt å melde fravær innen kl. 07."
CLARIFICATION_MINUTES = "Avklaringsmøte med NAV: fraværet har fortsatt. Oppfølgingsplan med ukentlige samtaler avtalt."
GOAL = "Møte presis til alle vakter i fire uker"
GOAL_2 = "Gå gjennom vaktplanen med deltakeren hver fredag"
MEASURES = "Ukentlig samtale med faglig leder."
JUSTIFICATION = "Fraværet fortsatte etter oppfølgingsplanen; bedriften kan ikke oppfylle opplæringen."
CLOSING_MINUTES = "Avsluttende møte: partene er ikke enige; bedriften ber fylket heve kontrakten."
CONTACT_NOTE = "Rådgiver snakket med deltakeren på telefon om retten til å uttale seg."


@pytest.fixture(scope="module")
def road(live_env: dict[str, str], live_url: str) -> dict[str, Any]:
    return dict(json.loads(run_in_live_db(live_env, SETUP).strip().splitlines()[-1]))


def _post(page: Any, action: str) -> None:
    """Submit the form posting to ``action`` (a normal post, no script), and wait for
    the page that answers."""
    with page.expect_navigation():
        page.locator(f"main form[action='{action}'] button[type=submit]").click()


def _done(page: Any, path: str) -> None:
    """The post was taken: back on ``path``, no refusal on the page."""
    errors = page.locator("main .ds-error-summary")
    assert errors.count() == 0, errors.inner_text()
    assert urlsplit(page.url).path == path


def _open_step(page: Any, action: str) -> Any:
    """Open the step's folded section on the concern's page; its form."""
    page.locator(f"main details:has(form[action='{action}']) > summary").click()
    return page.locator(f"main form[action='{action}']")


def _switch(page: Any, context: Any, username: str) -> None:
    context.clear_cookies()
    login(page, username)


def test_a_concern_climbs_the_ladder_to_a_request_for_cancellation_and_the_county_gets_its_packet(
    browser: Any, live_env: dict[str, str], live_url: str, road: dict[str, Any]
) -> None:
    # axe is injected by evaluation; bypass_csp lets it run under our strict CSP.
    context = browser.new_context(base_url=live_url, locale="nb-NO", bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    check = Checks()
    pathway_path = f"/pathways/{road['pathway']}/"
    concerns_path = f"{pathway_path}concerns/"

    # 1. The professional manager registers the concern and sees it.
    login(page, "fagligleder")
    page.goto(concerns_path)
    check(page)
    page.check("input[name=categories][value=absence]")
    page.check("input[name=categories][value=illness]")
    page.fill("textarea[name=description]", DESCRIPTION)
    page.fill("input[name=noticed_on]", road["noticed_on"])
    _post(page, concerns_path)
    page.wait_for_url(re.compile(r"/concerns/\d+/$"))
    concern_path = re.sub(r"^https?://[^/]+", "", page.url)
    concern_id = int(concern_path.strip("/").split("/")[-1])
    check(page)
    assert DESCRIPTION in page.locator("#description-heading + p").inner_text()
    page.goto(concerns_path)
    assert page.locator(f"main table a[href='{concern_path}']").count() == 1
    check(page)

    # 2. The koordinator plans the concern conversation with the participant and the
    # professional manager who raised it.
    _switch(page, context, "koordinator")
    page.goto(concern_path)
    check(page)
    meetings = f"{concern_path}meetings/"
    assert page.is_checked(f"input[name=invitees][value='{road['participant']}']"), "the participant is invited"
    page.check(f"input[name=invitees][value='{road['manager']}']")
    page.fill("input[name=starts_at]", road["conversation_at"])
    page.fill("input[name=place]", "Møterommet, Fjordvik sykehjem")
    _post(page, meetings)
    _done(page, concern_path)
    check(page)
    # The invitation drafted for the participant: a person they trust, nothing of the concern.
    invitation = page.locator("main textarea[id^=invitation-]").input_value()
    assert "person du har tillit til" in invitation
    assert "Møterommet, Fjordvik sykehjem" in invitation
    assert DESCRIPTION not in invitation
    assert "fravær" not in invitation.lower()

    # The conversation recorded at the planned meeting: minutes and who came.
    hold = f"{concern_path}step/hold_conversation/"
    form = _open_step(page, hold)
    form.locator(f"input[name=attended][value='{road['participant']}']").check()
    form.locator(f"input[name=attended][value='{road['manager']}']").check()
    form.locator("textarea[name=conversation_minutes]").fill(CONVERSATION_MINUTES)
    _post(page, hold)
    _done(page, concern_path)
    assert CONVERSATION_MINUTES in page.locator("#conversation-heading ~ p").last.inner_text()
    check(page)

    # The clarification meeting is called: the county adviser is informed.
    call = f"{concern_path}step/call_clarification/"
    _open_step(page, call)
    _post(page, call)
    _done(page, concern_path)
    assert page.locator("#inviting-heading").count() == 1, "whom else to consider inviting (seed 004)"
    check(page)

    # 3. The county adviser sees the concern in the county's list and opens it.
    _switch(page, context, "raadgiver")
    page.goto("/county/concerns/")
    check(page)
    page.locator(f"main a[href='{concern_path}']").click()
    page.wait_for_url(f"**{concern_path}")
    assert DESCRIPTION in page.locator("#description-heading + p").inner_text()
    check(page)

    # 4. The koordinator plans the clarification meeting: the participant, the
    # professional manager, the county adviser, and NAV as another invited.
    _switch(page, context, "koordinator")
    page.goto(concern_path)
    check(page)
    for person in (road["manager"], road["adviser"]):
        page.check(f"input[name=invitees][value='{person}']")
    page.check("input[name=suggested][value=NAV]")
    page.fill("input[name=starts_at]", road["clarification_at"])
    page.fill("input[name=place]", "Fjordvik sykehjem, 2. etasje")
    _post(page, meetings)
    _done(page, concern_path)
    invitation = page.locator("main textarea[id^=invitation-]").input_value()
    assert "person du har tillit til" in invitation
    assert DESCRIPTION not in invitation
    assert "NAV" not in invitation, "the lines of others invited could tell why the meeting is held"
    check(page)

    # The meeting recorded with the follow-up plan: a goal with a deadline and a
    # responsible person, other measures, the next meeting.
    agree = f"{concern_path}step/agree_plan/"
    form = _open_step(page, agree)
    for box in form.locator("input[name=attended], input[name=guests_attended]").all():
        box.check()
    form.locator("textarea[name=clarification_minutes]").fill(CLARIFICATION_MINUTES)
    form.locator("input[name=goal_1_text]").fill(GOAL)
    form.locator("input[name=goal_1_deadline]").fill(road["deadline"])
    form.locator("select[name=goal_1_responsible]").select_option(str(road["participant"]))
    form.locator("input[name=goal_2_text]").fill(GOAL_2)
    form.locator("input[name=goal_2_deadline]").fill(road["deadline"])
    form.locator("select[name=goal_2_responsible]").select_option(str(road["mentor"]))
    form.locator("textarea[name=plan_measures]").fill(MEASURES)
    form.locator("input[name=next_meeting_on]").fill(road["next_meeting"])
    check(page)
    _post(page, agree)
    _done(page, concern_path)
    assert GOAL in page.locator("section[aria-labelledby=plan-heading] table").inner_text()
    check(page)

    # The participant's confirmation was given on paper; the koordinator confirms for the company.
    paper = f"{concern_path}plan/paper/"
    page.locator(f"main details:has(form[action='{paper}']) > summary").click()
    page.select_option(f"form[action='{paper}'] select[name=party]", "participant")
    page.fill(f"form[action='{paper}'] input[name=signed_on]", road["signed_on"])
    check(page)
    _post(page, paper)
    _done(page, concern_path)
    confirm = f"{concern_path}plan/confirm/"
    assert page.locator(f"main form[action='{confirm}'] input[name=party]").input_value() == "company"
    _post(page, confirm)
    _done(page, concern_path)
    assert page.locator("section[aria-labelledby=plan-heading] ul.ds-list li").count() == 2
    check(page)

    start = f"{concern_path}step/start_follow_up/"
    _open_step(page, start)
    _post(page, start)
    _done(page, concern_path)
    check(page)

    # The mentor on the pathway is told only that a follow-up plan is in place, and sees
    # and ticks the goal she is responsible for; the concern itself is a 404 to her.
    _switch(page, context, "fadder")
    page.goto(pathway_path)
    section = page.locator("section[aria-labelledby=concerns-heading]")
    assert GOAL_2 in section.inner_text()
    assert GOAL not in page.content() and DESCRIPTION not in page.content()
    check(page)
    _post(page, section.locator("form[action^='/concerns/goals/']").get_attribute("action"))
    _done(page, pathway_path)
    assert section.locator(".ds-tag").count() == 1, "her goal is ticked as done"
    assert page.goto(concern_path).status == 404
    _switch(page, context, "koordinator")
    page.goto(concern_path)
    assert page.locator("section[aria-labelledby=plan-heading] table .ds-tag").count() == 1, "her goal is done"

    # 5. The request for cancellation needs the signed form among the pathway's documents.
    cancel = f"{concern_path}step/request_cancellation/"

    def fill_the_request() -> None:
        form = _open_step(page, cancel)
        form.locator("input[name=outcome_on]").fill(road["today"])
        form.locator("textarea[name=justification]").fill(JUSTIFICATION)
        form.locator("textarea[name=outcome_minutes]").fill(CLOSING_MINUTES)
        form.locator("select[name=requested_by]").select_option("company")
        form.locator("select[name=ground]").select_option("unable_to_fulfil")
        form.locator("input[name=participant_told_of_right_on]").fill(road["today"])
        _post(page, cancel)

    # Refused without it: the page says what is missing and keeps what was typed.
    fill_the_request()
    page.wait_for_selector("main .ds-error-summary")
    assert page.locator(f"main form[action='{cancel}'] textarea[name=justification]").input_value() == JUSTIFICATION
    check(page)

    # The signed form uploaded on the pathway's documents page.
    page.goto(f"/pathways/{road['pathway']}/documents/new/?kind=signed_agreement")
    check(page)
    assert page.input_value("select[name=kind]") == "signed_agreement"
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "hevingsbegjaering-signert.pdf", "mimeType": "application/pdf", "buffer": pdf()}],
    )
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_url(re.compile(r"/pathways/\d+/(documents/)?$"))
    assert page.locator("main .ds-error-summary").count() == 0

    page.goto(concern_path)
    fill_the_request()
    _done(page, concern_path)
    outcome = page.locator("section[aria-labelledby=outcome-heading]").inner_text()
    assert JUSTIFICATION in outcome
    assert CLOSING_MINUTES in outcome
    check(page)

    # 6. The county adviser records the county's contact with the participant and
    # downloads the case packet.
    _switch(page, context, "raadgiver")
    page.goto("/county/concerns/")
    page.locator(f"main a[href='{concern_path}']").click()
    page.wait_for_url(f"**{concern_path}")
    check(page)
    contact = f"{concern_path}county-contact/"
    page.fill(f"form[action='{contact}'] input[name=contacted_on]", road["today"])
    page.fill(f"form[action='{contact}'] textarea[name=note]", CONTACT_NOTE)
    _post(page, contact)
    _done(page, concern_path)
    assert CONTACT_NOTE in page.locator("section[aria-labelledby=outcome-heading]").inner_text()
    check(page)

    packet = f"{concern_path}packet.pdf"
    with page.expect_download() as download:
        page.locator(f"main a[href='{packet}']").click()
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    for expected in (
        "Innhold",
        DESCRIPTION,
        CONVERSATION_MINUTES,
        CLARIFICATION_MINUTES,
        GOAL,
        GOAL_2,
        JUSTIFICATION,
        CONTACT_NOTE,
        road["participant_name"],
    ):
        assert expected in text, f"the packet lacks {expected!r}"

    # 7. The case is closed: the mentor and the instructor on the pathway are told
    # nothing of it any more; its pages and packet are 404 to them.
    for username in road["outsiders"]:
        _switch(page, context, username)
        page.goto(pathway_path)
        assert page.locator("section[aria-labelledby=concerns-heading]").count() == 0
        assert DESCRIPTION not in page.content() and GOAL not in page.content()
        check(page)
        assert page.goto(concern_path).status == 404
        assert page.request.get(packet).status == 404
        assert page.request.get(concerns_path).status == 404

    # The koordinator's pathway page lists who read the concern; every read was logged
    # with the reader's role, the mentor's and the instructor's refusals not at all.
    _switch(page, context, "koordinator")
    page.goto(pathway_path)
    assert page.locator("section[aria-labelledby=concerns-heading] a[href='" + concerns_path + "']").count() == 1
    assert page.locator("section[aria-labelledby=concerns-heading] h3 + ul li").count() >= 1
    check(page)
    context.close()
    reads = json.loads(
        run_in_live_db(
            live_env, READS.replace("CONCERN", str(concern_id)).replace("NAMES", json.dumps(road["outsiders"]))
        )
        .strip()
        .splitlines()[-1]
    )
    assert any(d.startswith("case packet pdf; role=county_adviser") for d in reads["raadgiver"]), reads
    assert any(d.startswith("concern; role=raised_by") for d in reads["fagligleder"]), reads
    assert any(d.startswith("concern; role=manager") for d in reads["koordinator"]), reads
    assert all(reads[username] == [] for username in road["outsiders"]), reads

    problems = check.problems()
    assert problems == {}, f"{len(problems)} of {len(check.found)} checks found problems: {problems}"
