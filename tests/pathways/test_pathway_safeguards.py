"""Safeguards on the pathway found by attacking it and walking it in a browser: scope
after a change, dates within bounds and in order, required fields by stage, duplicates,
the county told of a withdrawal, and the page's own defects."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fagvei.accounts.models import Role
from fagvei.audit.models import AccessLog, Event
from fagvei.core.domain import DomainError
from fagvei.organisations.models import Organisation
from fagvei.pathways import services
from fagvei.pathways.models import EndReason, Pathway, PathwayMember, Screening, Stage
from tests.factories import (
    make_org,
    make_passed_trade_test,
    make_pathway,
    make_person,
    make_ready_to_start,
    make_scheme,
    make_screening,
    make_user,
)
from tests.pathways.test_pathway_pages import SCREENING_INPUT

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def edit_data(pathway: Pathway, **changes: Any) -> dict[str, Any]:
    data = {
        "track": pathway.track,
        "trade": pathway.trade_id,
        "curriculum": pathway.curriculum_id or "",
        "scheme": pathway.scheme_id or "",
        "coordinator": pathway.coordinator_id or "",
        "workplace": pathway.workplace_id or "",
        "referral_source": pathway.referral_source,
        "referral_note": pathway.referral_note,
        "planned_start": pathway.planned_start.isoformat() if pathway.planned_start else "",
        "planned_end": pathway.planned_end.isoformat() if pathway.planned_end else "",
        "version": pathway.version,
    }
    data.update(changes)
    return data


@pytest.fixture
def en(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def in_training(scheme: Any, coordinator: Any) -> Pathway:
    pathway = make_ready_to_start(make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator), coordinator)
    pathway.starting_at = timezone.now() - dt.timedelta(days=30)
    pathway.save()
    return services.start_training(actor=coordinator, pathway_id=pathway.pk, started_on=TODAY() - dt.timedelta(days=10))


@pytest.fixture
def in_training_without_contract(in_training: Pathway) -> Pathway:
    """A pathway in training whose contract is not kept in fagvei (one registered before
    fagvei kept contracts): the pathway's own steps interrupt, resume and end it."""
    from fagvei.contracts.models import Contract, Submission

    Submission.objects.filter(contract__pathway=in_training).delete()
    Contract.objects.filter(pathway=in_training).delete()
    return Pathway.objects.get(pk=in_training.pk)


# Item 3: permission on the pathway as it will be after the change --------------------


def test_a_coordinator_cannot_move_a_pathway_into_another_organisations_scheme(
    en: Client, coordinator: Any, scheme: Any, other_municipality: Organisation
) -> None:
    pathway = make_pathway(scheme, coordinator=None)
    foreign = make_scheme(other_municipality, scheme.trade)
    en.force_login(coordinator)
    url = reverse("pathway_edit", args=[pathway.pk])
    # Only the user's own schemes are offered.
    offered = en.get(url).context["form"].fields["scheme"].queryset
    assert scheme in offered and foreign not in offered
    # A forged post is refused on the field, and nothing changes.
    response = en.post(url, edit_data(pathway, scheme=foreign.pk))
    assert response.status_code == 200
    assert "scheme" in response.context["form"].errors
    pathway.refresh_from_db()
    assert pathway.scheme == scheme
    assert not Event.objects.filter(verb="pathway.updated").exists()


def test_a_coordinator_cannot_clear_the_coordinator_and_lose_the_pathway(coordinator: Any, municipality: Any) -> None:
    from tests.factories import make_trade

    # No scheme: the coordinator reaches it only as its responsible coordinator.
    pathway = Pathway.objects.create(
        participant=make_person(registered_by_organisation=municipality),
        track="alternative",
        trade=make_trade(),
        coordinator=coordinator,
        referral_source="nav",
        referred_at=timezone.now(),
    )
    with pytest.raises(DomainError):
        services.update_pathway(
            actor=coordinator, pathway_id=pathway.pk, expected_version=pathway.version, data={"coordinator": None}
        )
    pathway.refresh_from_db()
    assert pathway.coordinator == coordinator


def test_a_new_pathway_in_a_foreign_scheme_is_refused_on_the_scheme_field(
    en: Client, coordinator: Any, scheme: Any, other_municipality: Organisation
) -> None:
    foreign = make_scheme(other_municipality, scheme.trade)
    person = make_person(registered_by_organisation=scheme.organisation)
    en.force_login(coordinator)
    response = en.post(
        reverse("pathway_create"),
        {
            "participant": person.pk,
            "track": "alternative",
            "trade": scheme.trade_id,
            "scheme": foreign.pk,
            "referral_source": "nav",
            "coordinator": "",
        },
    )
    assert response.status_code == 200
    assert "scheme" in response.context["form"].errors
    assert not Pathway.objects.filter(participant=person).exists()


# Item 8: sane date bounds; no date arithmetic raises ---------------------------------


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"])
def test_dates_out_of_bounds_are_refused_on_the_field(en: Client, coordinator: Any, scheme: Any, value: str) -> None:
    pathway = make_pathway(scheme, coordinator=coordinator)
    en.force_login(coordinator)
    response = en.post(
        reverse("pathway_edit", args=[pathway.pk]), edit_data(pathway, planned_start="2026-01-01", planned_end=value)
    )
    assert response.status_code == 200
    assert "planned_end" in response.context["form"].errors
    assert 'max="2100-12-31"' in response.content.decode()
    pathway.refresh_from_db()
    assert pathway.planned_end is None


def test_the_domain_function_refuses_an_out_of_range_date_too(coordinator: Any, scheme: Any) -> None:
    pathway = make_pathway(scheme, coordinator=coordinator)
    with pytest.raises(DomainError):
        services.update_pathway(
            actor=coordinator,
            pathway_id=pathway.pk,
            expected_version=pathway.version,
            data={"planned_end": dt.date(9999, 12, 31)},
        )


def test_resuming_near_the_end_of_the_calendar_is_refused_not_a_server_error(
    coordinator: Any, in_training_without_contract: Pathway, client: Client
) -> None:
    pathway = services.interrupt_pathway(
        actor=coordinator, pathway_id=in_training_without_contract.pk, reason="Permisjon", county_informed=True
    )
    # A row from before the bounds existed.
    Pathway.objects.filter(pk=pathway.pk).update(
        planned_end=dt.date(9999, 12, 31), interrupted_at=timezone.now() - dt.timedelta(days=20)
    )
    client.force_login(coordinator)
    pathway.refresh_from_db()
    response = client.post(
        reverse("pathway_transition", args=[pathway.pk, "resume"]),
        {"version": pathway.version, "returned_on": TODAY().isoformat()},
    )
    assert response.status_code == 422
    assert Pathway.objects.get(pk=pathway.pk).stage == Stage.INTERRUPTED


# Item 9: the trade-test date; Norwegian dates on the timeline --------------------------


@pytest.mark.parametrize(
    ("days_after_start", "accepted"),
    [(-1, False), (0, True), (5, True), (11, False)],  # training started ten days ago
)
def test_the_trade_test_date_lies_between_the_start_of_training_and_today(
    coordinator: Any, in_training: Pathway, days_after_start: int, accepted: bool
) -> None:
    passed_on = in_training.started_on + dt.timedelta(days=days_after_start)
    # The completion date is the passed trade test's (fagvei/exams): a test on that day.
    make_passed_trade_test(in_training, coordinator, passed_on)
    if accepted:
        done = services.complete_pathway(actor=coordinator, pathway_id=in_training.pk, passed_on=passed_on)
        assert (done.stage, done.trade_test_passed_on) == (Stage.COMPLETED, passed_on)
    else:
        with pytest.raises(DomainError) as refused:
            services.complete_pathway(actor=coordinator, pathway_id=in_training.pk, passed_on=passed_on)
        assert refused.value.field == "passed_on"
        assert Pathway.objects.get(pk=in_training.pk).stage == Stage.IN_TRAINING


def test_a_trade_test_in_2020_on_a_pathway_that_started_today_is_refused(
    client: Client, coordinator: Any, scheme: Any
) -> None:
    pathway = make_ready_to_start(make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator), coordinator)
    pathway = services.start_training(actor=coordinator, pathway_id=pathway.pk)
    make_passed_trade_test(pathway, coordinator, dt.date(2020, 1, 1))
    client.force_login(coordinator)
    response = client.post(
        reverse("pathway_transition", args=[pathway.pk, "complete"]),
        {"version": pathway.version, "passed_on": "2020-01-01"},
    )
    assert response.status_code == 422
    assert "passed_on" in response.context["form"].errors


def test_the_timeline_shows_dates_in_the_norwegian_format(
    client: Client, coordinator: Any, in_training: Pathway
) -> None:
    passed_on = in_training.started_on + dt.timedelta(days=3)
    make_passed_trade_test(in_training, coordinator, passed_on)
    services.complete_pathway(actor=coordinator, pathway_id=in_training.pk, passed_on=passed_on)
    client.force_login(coordinator)
    html = client.get(reverse("pathway_detail", args=[in_training.pk])).content.decode()
    assert passed_on.strftime("%d.%m.%Y") in html
    assert passed_on.isoformat() not in re.sub(r'datetime="[^"]*"', "", html)


# Item 10: no markup in any page title ---------------------------------------------------


def test_no_page_title_contains_markup(client: Client, coordinator: Any, in_training: Pathway) -> None:
    client.force_login(coordinator)
    # Someone has opened the pathway before: the "recently opened by" list is filled.
    client.get(reverse("pathway_detail", args=[in_training.pk]))
    urls = [
        reverse("home"),
        reverse("pathway_list"),
        reverse("pathway_detail", args=[in_training.pk]),
        reverse("pathway_edit", args=[in_training.pk]),
        reverse("pathway_member_add", args=[in_training.pk]),
        reverse("pathway_transition", args=[in_training.pk, "interrupt"]),
        reverse("person_list"),
        reverse("person_detail", args=[in_training.participant_id]),
        reverse("organisation_list"),
        reverse("organisation_detail", args=[in_training.workplace_id]),
        reverse("curriculum_list"),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title, url
        assert "<" not in title.group(1) and ">" not in title.group(1), (url, title.group(1))
        assert str(coordinator) not in title.group(1)


# Item 11: from start-up on the workplace and planned dates stay --------------------------


@pytest.mark.parametrize("cleared", ["workplace", "planned_start", "planned_end", "coordinator"])
def test_a_pathway_in_training_keeps_its_workplace_dates_and_coordinator(
    en: Client, coordinator: Any, in_training: Pathway, cleared: str
) -> None:
    en.force_login(coordinator)
    response = en.post(reverse("pathway_edit", args=[in_training.pk]), edit_data(in_training, **{cleared: ""}))
    assert response.status_code == 200
    assert cleared in response.context["form"].errors
    with pytest.raises(DomainError):
        services.update_pathway(
            actor=coordinator, pathway_id=in_training.pk, expected_version=in_training.version, data={cleared: None}
        )
    assert getattr(Pathway.objects.get(pk=in_training.pk), cleared) is not None


def test_in_start_up_a_named_workplace_cannot_be_cleared_but_may_be_missing(coordinator: Any, scheme: Any) -> None:
    pathway = make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator)
    services.update_pathway(
        actor=coordinator, pathway_id=pathway.pk, expected_version=pathway.version, data={"referral_note": "Ny"}
    )
    pathway = make_ready_to_start(Pathway.objects.get(pk=pathway.pk), coordinator)
    with pytest.raises(DomainError) as refused:
        services.update_pathway(
            actor=coordinator, pathway_id=pathway.pk, expected_version=pathway.version, data={"workplace": None}
        )
    assert refused.value.field == "workplace"


# Item 12: decimal comma and years against age ---------------------------------------------


@pytest.fixture
def screening_pathway(scheme: Any, coordinator: Any) -> Pathway:
    person = make_person("Amina", birth_date=dt.date(2000, 1, 1), registered_by_organisation=scheme.organisation)
    return make_pathway(scheme, stage=Stage.SCREENING, coordinator=coordinator, participant=person)


def test_years_take_the_norwegian_comma_in_an_english_browser(
    en: Client, coordinator: Any, screening_pathway: Pathway
) -> None:
    en.force_login(coordinator)
    data = {**SCREENING_INPUT, "years_in_norway": "3,5", "work_experience_years": "1,5"}
    response = en.post(reverse("pathway_screening", args=[screening_pathway.pk]), data, HTTP_ACCEPT_LANGUAGE="en-US")
    assert response.status_code == 302
    screening = Screening.objects.get(pathway=screening_pathway)
    assert (str(screening.years_in_norway), str(screening.work_experience_years)) == ("3.5", "1.5")


@pytest.mark.parametrize("field", ["years_in_norway", "work_experience_years"])
def test_years_cannot_exceed_the_persons_age(
    en: Client, coordinator: Any, screening_pathway: Pathway, field: str
) -> None:
    en.force_login(coordinator)
    response = en.post(reverse("pathway_screening", args=[screening_pathway.pk]), {**SCREENING_INPUT, field: "40"})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Screening.objects.exists()
    with pytest.raises(DomainError) as refused:
        services.save_screening(
            actor=coordinator,
            pathway_id=screening_pathway.pk,
            expected_version=None,
            data={**_screening_domain_data(), field: 40},
        )
    assert refused.value.field == field


def _screening_domain_data() -> dict[str, Any]:
    return {
        "screened_on": TODAY(),
        "norwegian_listening": "B1",
        "norwegian_reading": "A2",
        "norwegian_speaking": "B1",
        "norwegian_writing": "A2",
        "years_in_norway": 3,
        "education": "primary",
        "work_experience_years": 2,
        "motivation": 4,
        "suitability": 3,
        "can_participate_80": True,
        "income_basis": "salary",
    }


def test_a_first_screening_registered_meanwhile_is_not_overwritten(
    en: Client, coordinator: Any, screening_pathway: Pathway
) -> None:
    en.force_login(coordinator)
    url = reverse("pathway_screening", args=[screening_pathway.pk])
    en.get(url)  # the form is opened while no screening exists
    make_screening(screening_pathway, coordinator)  # someone else saves first
    response = en.post(url, {**SCREENING_INPUT, "life_situation": "Mine notater"})
    assert response.status_code == 200
    assert "Mine notater" in response.content.decode()  # the input is kept
    assert Screening.objects.get(pathway=screening_pathway).life_situation == ""


# Item 14: a second open pathway in the same trade ----------------------------------------


def test_a_second_open_pathway_in_the_trade_needs_an_explicit_confirmation(
    client: Client, coordinator: Any, scheme: Any
) -> None:
    first = make_pathway(scheme, coordinator=coordinator, stage=Stage.SCREENING)
    client.force_login(coordinator)
    data = {
        "participant": first.participant_id,
        "track": "alternative",
        "trade": scheme.trade_id,
        "scheme": scheme.pk,
        "referral_source": "nav",
        "coordinator": coordinator.pk,
    }
    response = client.post(reverse("pathway_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("pathway_detail", args=[first.pk]) in html
    assert 'name="confirm_duplicate"' in html and 'type="checkbox"' in html
    assert Pathway.objects.filter(participant=first.participant).count() == 1
    response = client.post(reverse("pathway_create"), {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Pathway.objects.filter(participant=first.participant).count() == 2
    assert Event.objects.filter(verb="pathway.created").last().data["confirmed_duplicate_of"] == [first.pk]


def test_a_closed_pathway_in_the_trade_is_no_duplicate(coordinator: Any, scheme: Any) -> None:
    first = make_pathway(scheme, coordinator=coordinator, stage=Stage.ENDED)
    services.create_pathway(
        actor=coordinator,
        participant=first.participant,
        data={"track": "alternative", "trade": scheme.trade, "scheme": scheme, "referral_source": "nav"},
    )
    assert Pathway.objects.filter(participant=first.participant).count() == 2


# Item 15: a withdrawal under contract reaches the county --------------------------------


def test_a_withdrawal_from_a_contract_needs_the_county_told(
    coordinator: Any, in_training_without_contract: Pathway
) -> None:
    with pytest.raises(DomainError) as refused:
        services.end_pathway(
            actor=coordinator,
            pathway_id=in_training_without_contract.pk,
            end_reason=EndReason.WITHDRAWN,
            reason="Trakk seg skriftlig",
        )
    assert refused.value.field == "county_informed"
    assert Pathway.objects.get(pk=in_training_without_contract.pk).stage == Stage.IN_TRAINING
    ended = services.end_pathway(
        actor=coordinator,
        pathway_id=in_training_without_contract.pk,
        end_reason=EndReason.WITHDRAWN,
        reason="Trakk seg skriftlig",
        county_informed=True,
    )
    assert ended.stage == Stage.ENDED


def test_a_withdrawal_before_any_contract_needs_no_county(coordinator: Any, scheme: Any) -> None:
    pathway = make_pathway(scheme, coordinator=coordinator, stage=Stage.SCREENING)
    ended = services.end_pathway(
        actor=coordinator, pathway_id=pathway.pk, end_reason=EndReason.WITHDRAWN, reason="Flyttet"
    )
    assert ended.stage == Stage.ENDED


# Item 16: "Ikke satt"; no label twice ----------------------------------------------------


def test_a_pathway_without_planned_dates_says_not_set(client: Client, coordinator: Any, scheme: Any) -> None:
    pathway = make_pathway(scheme, coordinator=coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert "? – ?" not in html
    assert "Ikke satt" in html


def test_an_error_message_does_not_repeat_the_field_label(
    client: Client, coordinator: Any, scheme: Any, other_municipality: Organisation
) -> None:
    from tests.factories import make_trade

    other_trade_scheme = make_scheme(scheme.organisation, make_trade("BUA"))
    pathway = make_pathway(scheme, coordinator=coordinator)
    client.force_login(coordinator)
    response = client.post(reverse("pathway_edit", args=[pathway.pk]), edit_data(pathway, scheme=other_trade_scheme.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ordning: Ordning" not in html
    assert response.context["form"].errors["scheme"]
    assert not response.context["form"].errors["scheme"][0].startswith("Ordning:")


# Item 19: recently opened by, once per user; the referral note --------------------------


def test_recently_opened_by_lists_each_user_once_with_the_latest_read(
    client: Client, coordinator: Any, scheme: Any
) -> None:
    pathway = make_pathway(scheme, coordinator=coordinator, referral_note="Henvist fra NAV Fjordvik, ønsker helse.")
    client.force_login(coordinator)
    for _ in range(5):
        client.get(reverse("pathway_detail", args=[pathway.pk]))
    html = client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    section = html[html.index('id="reads-heading"') :]
    assert section.count(str(coordinator)) == 1
    assert "Henvist fra NAV Fjordvik, ønsker helse." in html


# Item 20: what is missing links to where it is fixed -------------------------------------


def test_each_missing_precondition_links_to_where_it_is_fixed(client: Client, coordinator: Any, scheme: Any) -> None:
    pathway = make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    why = html[html.index('id="why-start_training"') :]
    why = why[: why.index("</ul>")]
    for href in (
        reverse("pathway_edit", args=[pathway.pk]) + "#id_workplace",
        reverse("pathway_consent_add", args=[pathway.pk]) + "?purpose=participation",
        reverse("pathway_police_certificate", args=[pathway.pk]),
        reverse("pathway_member_add", args=[pathway.pk]) + "?role=mentor",
        reverse("pathway_edit", args=[pathway.pk]) + "#id_planned_start",
    ):
        assert f'href="{href}"' in why, href


# Item 21: confirmation before removing; actual dates for start and return --------------


def test_removing_a_member_asks_for_confirmation_first(client: Client, coordinator: Any, scheme: Any) -> None:
    pathway = make_pathway(scheme, coordinator=coordinator)
    member = PathwayMember.objects.create(pathway=pathway, person=make_person("Fadder"), role="mentor")
    client.force_login(coordinator)
    url = reverse("pathway_member_remove", args=[pathway.pk, member.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert member.person.full_name in page.content.decode()
    assert PathwayMember.objects.filter(pk=member.pk).exists()
    assert client.post(url).status_code == 302
    assert not PathwayMember.objects.filter(pk=member.pk).exists()


def test_start_training_asks_for_the_actual_date_and_stores_it(client: Client, coordinator: Any, scheme: Any) -> None:
    pathway = make_ready_to_start(make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator), coordinator)
    pathway.starting_at = timezone.now() - dt.timedelta(days=40)
    pathway.planned_start = TODAY() - dt.timedelta(days=7)
    pathway.save()
    client.force_login(coordinator)
    url = reverse("pathway_transition", args=[pathway.pk, "start_training"])
    form = client.get(url).context["form"]
    assert form["started_on"].initial == pathway.planned_start
    actual = TODAY() - dt.timedelta(days=3)
    assert client.post(url, {"version": pathway.version, "started_on": actual.isoformat()}).status_code == 302
    pathway.refresh_from_db()
    assert (pathway.stage, pathway.started_on) == (Stage.IN_TRAINING, actual)
    assert Event.objects.get(verb="pathway.start_training").data["started_on"] == actual.isoformat()


def test_start_training_cannot_be_dated_in_the_future(coordinator: Any, scheme: Any) -> None:
    pathway = make_ready_to_start(make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator), coordinator)
    with pytest.raises(DomainError) as refused:
        services.start_training(actor=coordinator, pathway_id=pathway.pk, started_on=TODAY() + dt.timedelta(days=1))
    assert refused.value.field == "started_on"


def test_resume_stores_the_date_of_return_and_moves_the_end_by_the_time_away(
    client: Client, coordinator: Any, in_training_without_contract: Pathway
) -> None:
    pathway = services.interrupt_pathway(
        actor=coordinator, pathway_id=in_training_without_contract.pk, reason="Syk", county_informed=True
    )
    Pathway.objects.filter(pk=pathway.pk).update(interrupted_at=timezone.now() - dt.timedelta(days=8))
    pathway.refresh_from_db()
    end_before = pathway.planned_end
    client.force_login(coordinator)
    url = reverse("pathway_transition", args=[pathway.pk, "resume"])
    assert client.get(url).context["form"]["returned_on"].initial == TODAY()
    back = TODAY() - dt.timedelta(days=2)
    assert client.post(url, {"version": pathway.version, "returned_on": back.isoformat()}).status_code == 302
    pathway.refresh_from_db()
    assert pathway.returned_on == back
    assert pathway.planned_end == end_before + dt.timedelta(days=6)
    too_early = pathway
    services.interrupt_pathway(actor=coordinator, pathway_id=too_early.pk, reason="Syk", county_informed=True)
    with pytest.raises(DomainError):
        services.resume_pathway(actor=coordinator, pathway_id=too_early.pk, returned_on=TODAY() - dt.timedelta(days=1))


# Item 24: the participant's own person page and screening ------------------------------


def test_the_participant_reaches_their_own_details_and_screening(client: Client, coordinator: Any, scheme: Any) -> None:
    person = make_person("Deltaker", registered_by_organisation=scheme.organisation)
    participant = make_user(Role.PARTICIPANT, make_org(), username="deltakeren", person=person)
    pathway = make_pathway(scheme, coordinator=coordinator, participant=person, stage=Stage.SCREENING)
    screening = make_screening(pathway, coordinator)
    Screening.objects.filter(pk=screening.pk).update(life_situation="Bor med to barn i Fjordvik.")
    client.force_login(participant)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("person_detail", args=[person.pk])}"' in home
    assert client.get(reverse("person_detail", args=[person.pk])).status_code == 200
    html = client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert "Bor med to barn i Fjordvik." in html
    assert AccessLog.objects.filter(user=participant, object_type="pathways.screening", purpose="sensitive").exists()
    # Another participant's pathway stays out of reach.
    other = make_pathway(scheme, coordinator=coordinator, stage=Stage.SCREENING)
    assert client.get(reverse("pathway_detail", args=[other.pk])).status_code == 404
