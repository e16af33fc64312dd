"""The case packet for the county (issue 14, item 6): one PDF with a table of contents —
the concern, the minutes, the plan, the outcome, the notes — which the county adviser
opens and the koordinator downloads; refused to the participant, unknown (404) to the
mentor; each download logged once as a read of the concern; no one else's case in it."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from fagvei.audit.models import AccessLog
from fagvei.concerns import services
from fagvei.concerns.models import Concern
from fagvei.demo.contracts import synthetic_pdf
from fagvei.documents.models import Document
from fagvei.documents.pdf import bundle_with_contents, render_pdf
from fagvei.pathways.models import Stage
from tests.api.conftest import ApiClient
from tests.concerns.conftest import (
    TODAY,
    agree_plan,
    approved_contract,
    call_clarification,
    hold_conversation,
    register,
    reload,
    resolved_days_ago,
    schedule,
    to_follow_up,
)
from tests.factories import make_document, make_pathway, make_token

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def reads_of(concern: Concern) -> list[str]:
    return list(
        AccessLog.objects.filter(object_type="concerns.concern", object_id=concern.pk)
        .order_by("id")
        .values_list("detail", flat=True)
    )


def packet(user, concern: Concern):
    return client_for(user).get(reverse("concern_packet_pdf", args=[concern.pk]))


def test_the_koordinator_downloads_the_whole_case_and_the_read_is_logged_once(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    services.add_concern_note(actor=coordinator, concern_id=concern.pk, text="Ringte fastlegen.", internal=True)
    response = packet(coordinator, concern)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert f'filename="concern-{concern.pk}.pdf"' in response["Content-Disposition"]
    text = text_of(response.content)
    for expected in (
        "Saksmappe",
        "Innhold",
        pathway.participant.full_name,
        "Mye fravær siste måned",
        "Samtale med deltaker og faglig leder.",
        "Avklaringsmøte med rådgiver fra fylket.",
        "Møte presis hver dag",
        "Ukentlig samtale med fadder.",
        "Ringte fastlegen.",
        "Testfylket",
    ):
        assert expected in text, expected
    # The table of contents names the page each part starts on, and the part is there.
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    contents = pages[0].split("Innhold", 1)[1]
    for part in ("Bekymringen", "Bekymringssamtale", "Avklaringsmøte", "Oppfølgingsplan", "Notater i saken"):
        found = re.search(re.escape(part) + r" \.+ (\d+)\n", contents)
        assert found is not None, part
        assert int(found.group(1)) > 1
        assert part in pages[int(found.group(1)) - 1], part
    assert f"Meldt av {coordinator.display_name}," in text.replace("\n", " ")
    assert reads_of(concern) == ["case packet pdf; role=manager"]


def test_the_county_adviser_opens_the_packet_once_informed(pathway, coordinator, adviser, other_adviser):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    assert packet(adviser, concern).status_code == 404
    call_clarification(concern, coordinator)
    response = packet(adviser, concern)
    assert response.status_code == 200
    assert "Mye fravær siste måned" in text_of(response.content)
    assert packet(other_adviser, concern).status_code == 404
    assert reads_of(concern) == ["case packet pdf; role=county_adviser"]


def test_the_participant_is_refused_and_the_mentor_does_not_know_of_it(pathway, coordinator, mentor, participant):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    assert packet(participant, concern).status_code == 403
    assert packet(mentor, concern).status_code == 404
    assert reads_of(concern) == []
    anonymous = Client().get(reverse("concern_packet_pdf", args=[concern.pk]))
    assert anonymous.status_code == 302


def test_no_other_participants_case_is_in_the_packet(scheme, coordinator, company, pathway):
    other = make_pathway(scheme, coordinator=coordinator, stage=Stage.IN_TRAINING, workplace=company)
    other.participant.first_name, other.participant.last_name = "Ottar", "Annensen"
    other.participant.save(update_fields=["first_name", "last_name"])
    register(other, coordinator, description="Helt annen sak om Ottar")
    concern = register(pathway, coordinator)
    text = text_of(packet(coordinator, concern).content)
    assert "Ottar" not in text and "Annensen" not in text and "Helt annen sak" not in text
    assert pathway.participant.full_name in text


def test_the_packet_offered_on_the_concern_page_to_those_who_may_have_it(pathway, coordinator, participant):
    concern = register(pathway, coordinator)
    url = reverse("concern_packet_pdf", args=[concern.pk])
    assert url in client_for(coordinator).get(reverse("concern_detail", args=[concern.pk])).content.decode()
    assert url not in client_for(participant).get(reverse("concern_detail", args=[concern.pk])).content.decode()


def test_the_packet_through_the_api_follows_the_same_rules(pathway, coordinator, mentor, participant):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    response = ApiClient(make_token(coordinator)[1]).get(f"/concerns/{concern.pk}/packet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Møte presis hver dag" in text_of(response.content)
    assert ApiClient(make_token(participant)[1]).get(f"/concerns/{concern.pk}/packet.pdf").status_code == 403
    assert ApiClient(make_token(mentor)[1]).get(f"/concerns/{concern.pk}/packet.pdf").status_code == 404
    assert reads_of(concern) == ["api: case packet pdf; role=manager"]


def test_a_pseudonymised_concern_gives_a_packet_without_its_text(pathway, coordinator, settings):
    concern = resolved_days_ago(pathway, coordinator, 40, resolution="Løst i bedriften.")
    settings.FAGVEI_CONCERN_RETENTION_DAYS = 30
    services.pseudonymise_resolved_concerns()
    text = text_of(packet(coordinator, concern).content)
    assert "Mye fravær" not in text and "Løst i bedriften" not in text
    assert "tømt" in text


def test_a_cancellation_request_packet_holds_the_plans_signatures_the_outcome_and_the_signed_form(
    pathway, coordinator, mentor, adviser
):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    approved_contract(pathway, coordinator)
    form = make_document(pathway, coordinator, kind="signed_agreement", name="skjema.pdf")
    services.close_with_cancellation_request(
        actor=coordinator,
        concern_id=concern.pk,
        expected_version=reload(concern).version,
        outcome_on=TODAY,
        justification="Gjentatt fravær uten avtale tross plan.",
        outcome_minutes="Møte om heving.",
        requested_by="company",
        ground="serious_breach",
        participant_told_of_right_on=TODAY,
    )
    response = packet(adviser, concern)
    assert response.status_code == 200
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    text = "\n".join(pages)
    for expected in (
        "Utfall",
        "Gjentatt fravær uten avtale tross plan.",
        "Møte om heving.",
        "Bekreftet av deltakeren",
        "gitt på papir",
    ):
        assert expected in text.replace("\n", " "), expected
    # The signed form follows the packet's own pages, on the page the contents name.
    listed = re.search(re.escape(form.title) + r"\s*(\d+)", pages[0])
    assert listed is not None
    first = int(listed.group(1))
    assert first == len(pages)
    assert f"Side {first - 1} av {first}" in pages[first - 2]


def test_the_packet_says_who_was_invited_to_each_meeting_and_who_came(pathway, coordinator, mentor):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    meeting = schedule(concern, coordinator, guests=["Veileder fra NAV", "Elev- og lærlingombudet"])
    nav = meeting.guests.get(name="Veileder fra NAV")
    agree_plan(concern, coordinator, mentor.person, planned=False, guests_attended=[nav.pk])
    text = text_of(packet(coordinator, concern).content)
    flat = " ".join(text.split())
    assert flat.count("Møterom 2") == 2
    assert f"{pathway.participant.full_name} Ja" in flat
    assert "Veileder fra NAV Ja" in flat
    assert "Elev- og lærlingombudet Nei" in flat


# The bundler behind it: the contents name the page each attachment starts on ----------------


def test_the_contents_name_where_each_attachment_starts_and_what_was_sent_separately(pathway, coordinator):
    two_pages = io.BytesIO()
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(io.BytesIO(synthetic_pdf("Avtale side")))
    writer.append(io.BytesIO(synthetic_pdf("Avtale side")))
    writer.write(two_pages)
    first = make_document(pathway, coordinator, kind="signed_agreement", name="avtale.pdf", data=two_pages.getvalue())
    broken = make_document(pathway, coordinator, kind="signed_agreement", name="skjema.pdf", data=b"%PDF-1.4 broken")
    last = make_document(pathway, coordinator, kind="signed_agreement", name="siste.pdf")
    seen: list[tuple[list[int | None], int | None]] = []

    def render(attachments, total):
        seen.append(([a.first_page for a in attachments], total))
        lines = "".join(f"<p>{a.document.title}: {a.first_page}</p>" for a in attachments)
        return (
            render_pdf("documents/pdf/base.html", {"title": "Forside"}, None)
            if not lines
            else render_pdf("documents/pdf/base.html", {"title": f"Forside {lines}"}, None)
        )

    data, placed = bundle_with_contents(render, [first, broken, last])
    assert [a.first_page for a in placed] == [2, None, 4]
    assert [a.pages for a in placed] == [2, 0, 1]
    assert seen[-1] == ([2, None, 4], 4)
    assert len(PdfReader(io.BytesIO(data)).pages) == 4
    assert Document.objects.filter(pk__in=[first.pk, broken.pk, last.pk]).count() == 3
