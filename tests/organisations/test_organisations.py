"""Organisation pages and trade approvals (ofo. § 6-13), by persona."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.no import orgnr

from fagvei.accounts.models import Role
from fagvei.audit.models import Event
from fagvei.core.domain import DomainError, StaleObject
from fagvei.curricula.models import Trade
from fagvei.organisations import services
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.pathways.models import Pathway, PathwayMember, Scheme
from tests.factories import make_org, make_person, make_user

Kind = Organisation.Kind
Status = TradeApproval.Status


def org_number(seed: int) -> str:
    """A valid organisation number (mod 11 check digit)."""
    for n in range(seed, seed + 100):
        base = f"9{n:07d}"
        check = 11 - sum(int(d) * w for d, w in zip(base, [3, 2, 7, 6, 5, 4, 3, 2], strict=True)) % 11
        if check == 10:
            continue
        number = base + str(0 if check == 11 else check)
        assert orgnr.is_valid(number)
        return number
    raise AssertionError("no valid number")


ORGNR = org_number(1234)


@pytest.fixture
def en(client: Any) -> Any:
    """The client in English: translations of new messages may not exist yet."""
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield client


@pytest.fixture
def trade(db: Any) -> Trade:
    # The trades are seeded by a data migration.
    return Trade.objects.get(code="HEA")


@pytest.fixture
def other_trade(db: Any) -> Trade:
    return Trade.objects.exclude(code="HEA").order_by("code").first()  # type: ignore[return-value]


@pytest.fixture
def county(db: Any) -> Organisation:
    return make_org(Kind.COUNTY, "Testvik fylkeskommune")


@pytest.fixture
def adviser(county: Organisation) -> Any:
    """The county adviser (rådgiver fagopplæring) of the companies' county."""
    return make_user(Role.COUNTY_ADVISER, county, username="raadgiver")


@pytest.fixture
def company(municipality: Organisation, county: Organisation) -> Organisation:
    # Registered by the coordinator's municipality, in the adviser's county.
    return make_org(
        Kind.TRAINING_COMPANY,
        "Solsiden sykehjem",
        org_number=ORGNR,
        municipality="Testvik",
        county=county,
        registered_by_organisation=municipality,
    )


@pytest.fixture
def office(municipality: Organisation, county: Organisation) -> Organisation:
    return make_org(
        Kind.TRAINING_OFFICE,
        "Opplæringskontoret for helse",
        org_number=org_number(5000),
        county=county,
        registered_by_organisation=municipality,
    )


@pytest.fixture
def mentor(municipality: Organisation) -> Any:
    """Staff but read-only: sees organisations, may not change them."""
    return make_user(Role.MENTOR, municipality, username="fadder")


def make_pathway(participant: Any, trade: Trade, **extra: Any) -> Pathway:
    return Pathway.objects.create(
        participant=participant,
        track="alternative",
        trade=trade,
        referral_source="nav",
        referred_at=timezone.now(),
        **extra,
    )


def org_data(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Fjordheim barnehage",
        "kind": Kind.TRAINING_COMPANY,
        "org_number": "",
        "municipality": "Testvik",
        "address": "Fjordveien 4",
        "email": "post@fjordheim.no",
        "phone": "12345678",
        "training_office": "",
    }
    data.update(changes)
    return data


def edit_data(org: Organisation, **changes: Any) -> dict[str, Any]:
    data = {
        "name": org.name,
        "kind": org.kind,
        "org_number": org.org_number,
        "municipality": org.municipality,
        "address": org.address,
        "email": org.email,
        "phone": org.phone,
        "training_office": org.training_office_id or "",
        "county": org.county_id or "",
        "version": org.version,
    }
    data.update(changes)
    return data


def _count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# Registering and editing ------------------------------------------------------------


def test_a_coordinator_registers_an_organisation(client: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    number = org_number(7000)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    response = client.post(reverse("organisation_create"), org_data(org_number=spaced))
    org = Organisation.objects.get(name="Fjordheim barnehage")
    assert response.status_code == 302
    assert response.url == reverse("organisation_detail", args=[org.pk])
    assert org.org_number == number
    event = Event.objects.get(verb="organisation.created", object_id=org.pk)
    assert event.actor == coordinator
    assert {"name", "kind", "org_number"} <= set(event.data["fields"])


def test_the_form_has_a_label_for_every_input(en: Any, coordinator: Any) -> None:
    en.force_login(coordinator)
    html = en.get(reverse("organisation_create")).content.decode()
    for name in ("name", "kind", "org_number", "municipality", "address", "email", "phone", "training_office"):
        assert f'for="id_{name}"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"kind": "castle"}, "kind"),
        ({"org_number": "123456789"}, "org_number"),
        ({"org_number": "12345"}, "org_number"),
        ({"email": "no-at-sign"}, "email"),
        ({"training_office": "999999"}, "training_office"),
    ],
)
def test_bad_input_is_refused_on_the_named_field_and_nothing_is_saved(
    en: Any, coordinator: Any, changes: dict[str, str], field: str
) -> None:
    en.force_login(coordinator)
    before = Organisation.objects.count()
    response = en.post(reverse("organisation_create"), org_data(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Organisation.objects.count() == before
    assert not Event.objects.filter(verb="organisation.created").exists()


def test_an_invalid_org_number_gets_a_message_naming_the_field(en: Any, coordinator: Any) -> None:
    en.force_login(coordinator)
    html = en.post(reverse("organisation_create"), org_data(org_number="123456789")).content.decode()
    assert "Not a valid organisation number" in html
    assert "Organisation number:" in html


def test_a_duplicate_org_number_is_refused(en: Any, coordinator: Any, company: Organisation) -> None:
    en.force_login(coordinator)
    before = Organisation.objects.count()
    response = en.post(reverse("organisation_create"), org_data(org_number=ORGNR))
    assert response.context["form"].errors["org_number"] == [
        "An organisation with this organisation number is already registered."
    ]
    assert Organisation.objects.count() == before


def test_many_organisations_may_have_no_org_number(client: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    client.post(reverse("organisation_create"), org_data(name="A"))
    client.post(reverse("organisation_create"), org_data(name="B"))
    assert Organisation.objects.filter(name__in=["A", "B"], org_number="").count() == 2


def test_only_a_training_office_can_have_members(en: Any, coordinator: Any, company: Organisation) -> None:
    en.force_login(coordinator)
    response = en.post(reverse("organisation_create"), org_data(training_office=company.pk))
    assert "training_office" in response.context["form"].errors
    with pytest.raises(DomainError) as exc:
        services.create_organisation(
            actor=coordinator, data={"name": "X", "kind": Kind.OTHER, "training_office": company}
        )
    assert exc.value.field == "training_office"


def test_a_member_company_and_its_office_show_each_other(
    client: Any, coordinator: Any, office: Organisation, company: Organisation
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("organisation_edit", args=[company.pk]), edit_data(company, training_office=office.pk)
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.training_office == office
    assert office.name in client.get(reverse("organisation_detail", args=[company.pk])).content.decode()
    office_page = client.get(reverse("organisation_detail", args=[office.pk]))
    assert company in office_page.context["members"]


def test_a_training_office_with_members_keeps_its_kind(
    en: Any, coordinator: Any, office: Organisation, company: Organisation
) -> None:
    company.training_office = office
    company.save()
    en.force_login(coordinator)
    response = en.post(reverse("organisation_edit", args=[office.pk]), edit_data(office, kind=Kind.TRAINING_COMPANY))
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    office.refresh_from_db()
    assert office.kind == Kind.TRAINING_OFFICE


def test_a_coordinator_edits_an_organisation(client: Any, coordinator: Any, company: Organisation) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("organisation_edit", args=[company.pk]), edit_data(company, phone="55555555", municipality="Annenby")
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.phone, company.municipality, company.version) == ("55555555", "Annenby", 2)
    event = Event.objects.get(verb="organisation.updated")
    assert sorted(event.data["fields"]) == ["municipality", "phone"]


def test_saving_an_organisation_unchanged_writes_nothing(client: Any, coordinator: Any, company: Organisation) -> None:
    client.force_login(coordinator)
    assert client.post(reverse("organisation_edit", args=[company.pk]), edit_data(company)).status_code == 302
    company.refresh_from_db()
    assert company.version == 1
    assert not Event.objects.filter(verb="organisation.updated").exists()


def test_a_stale_organisation_edit_is_refused_and_the_input_kept(
    en: Any, coordinator: Any, company: Organisation
) -> None:
    en.force_login(coordinator)
    form_data = edit_data(company, address="Min nye adresse 9")
    services.update_organisation(actor=coordinator, organisation_id=company.pk, expected_version=1, data={"phone": "1"})
    response = en.post(reverse("organisation_edit", args=[company.pk]), form_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this" in html
    assert 'value="Min nye adresse 9"' in html
    company.refresh_from_db()
    assert company.address == ""
    with pytest.raises(StaleObject):
        services.update_organisation(
            actor=coordinator, organisation_id=company.pk, expected_version=1, data={"phone": "2"}
        )


def test_bad_input_on_the_edit_form_saves_nothing(en: Any, coordinator: Any, company: Organisation) -> None:
    en.force_login(coordinator)
    response = en.post(
        reverse("organisation_edit", args=[company.pk]), edit_data(company, name="", org_number="999", phone="1")
    )
    assert response.status_code == 200
    assert {"name", "org_number"} <= set(response.context["form"].errors)
    company.refresh_from_db()
    assert (company.name, company.phone) == ("Solsiden sykehjem", "")


# Trade approvals (ofo. § 6-13) ------------------------------------------------------


def test_a_coordinator_registers_a_trade_approval(
    client: Any, coordinator: Any, company: Organisation, trade: Trade
) -> None:
    client.force_login(coordinator)
    url = reverse("organisation_approval_add", args=[company.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"trade": trade.pk, "approved_on": "2024-03-01", "decided_by": "Testvik fylkeskommune", "reference": "24/1234"},
    )
    assert response.status_code == 302
    approval = TradeApproval.objects.get(organisation=company, trade=trade)
    assert (approval.status, approval.approved_on, approval.reference) == (
        Status.ACTIVE,
        dt.date(2024, 3, 1),
        "24/1234",
    )
    event = Event.objects.get(verb="approval.added", object_id=approval.pk)
    assert "trade" in event.data["fields"]
    assert event.data["source"] == "registered_decision"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"trade": "", "approved_on": "2024-03-01"}, "trade"),
        ({"trade": "999999", "approved_on": "2024-03-01"}, "trade"),
        ({"approved_on": ""}, "approved_on"),
        ({"approved_on": "1. mars"}, "approved_on"),
        ({"approved_on": "2999-01-01"}, "approved_on"),
    ],
)
def test_bad_approval_input_is_refused_and_nothing_is_saved(
    en: Any, coordinator: Any, company: Organisation, trade: Trade, data: dict[str, str], field: str
) -> None:
    en.force_login(coordinator)
    post = {"trade": trade.pk, "approved_on": "2024-03-01", "reference": "24/1", **data}
    response = en.post(reverse("organisation_approval_add", args=[company.pk]), post)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not TradeApproval.objects.exists()
    assert not Event.objects.filter(verb="approval.added").exists()


def test_a_second_active_approval_for_the_same_trade_is_refused(
    en: Any, coordinator: Any, company: Organisation, trade: Trade
) -> None:
    TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2023, 1, 1))
    en.force_login(coordinator)
    response = en.post(
        reverse("organisation_approval_add", args=[company.pk]),
        {"trade": trade.pk, "approved_on": "2024-03-01", "reference": "24/1"},
    )
    assert response.status_code == 200
    assert "already approved" in response.context["form"].errors["trade"][0]
    assert TradeApproval.objects.get().approved_on == dt.date(2023, 1, 1)


def test_the_county_adviser_renews_a_lapsed_approval(
    client: Any, adviser: Any, company: Organisation, trade: Trade
) -> None:
    old = TradeApproval.objects.create(
        organisation=company, trade=trade, approved_on=dt.date(2019, 1, 1), status=Status.LAPSED
    )
    client.force_login(adviser)
    client.post(
        reverse("organisation_approval_add", args=[company.pk]), {"trade": trade.pk, "approved_on": "2024-03-01"}
    )
    old.refresh_from_db()
    assert (old.status, old.approved_on) == (Status.ACTIVE, dt.date(2024, 3, 1))
    assert Event.objects.get(verb="approval.added").data["renewed_from"] == Status.LAPSED


def test_the_county_adviser_registers_that_an_approval_lapsed(
    client: Any, adviser: Any, company: Organisation, trade: Trade
) -> None:
    approval = TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1))
    client.force_login(adviser)
    url = reverse("organisation_approval_status", args=[company.pk, approval.pk])
    # The detail page offers the change as a button in a POST form.
    assert f'action="{url}"' in client.get(reverse("organisation_detail", args=[company.pk])).content.decode()
    response = client.post(url, {"status": Status.LAPSED})
    assert response.status_code == 302
    approval.refresh_from_db()
    assert approval.status == Status.LAPSED
    event = Event.objects.get(verb="approval.status_changed")
    assert event.data == {"fields": ["status"], "from": "active", "to": "lapsed"}


def test_the_status_view_takes_only_post(client: Any, adviser: Any, company: Organisation, trade: Trade) -> None:
    approval = TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1))
    client.force_login(adviser)
    assert client.get(reverse("organisation_approval_status", args=[company.pk, approval.pk])).status_code == 405


@pytest.mark.parametrize("status", ["", "approved", "lapsed'; --"])
def test_an_unknown_status_changes_nothing(
    client: Any, adviser: Any, company: Organisation, trade: Trade, status: str
) -> None:
    approval = TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1))
    client.force_login(adviser)
    response = client.post(reverse("organisation_approval_status", args=[company.pk, approval.pk]), {"status": status})
    assert response.status_code == 302
    approval.refresh_from_db()
    assert approval.status == Status.ACTIVE
    assert not Event.objects.filter(verb="approval.status_changed").exists()


def test_a_withdrawn_approval_cannot_lapse(en: Any, adviser: Any, company: Organisation, trade: Trade) -> None:
    approval = TradeApproval.objects.create(
        organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1), status=Status.WITHDRAWN
    )
    en.force_login(adviser)
    response = en.post(
        reverse("organisation_approval_status", args=[company.pk, approval.pk]), {"status": Status.LAPSED}, follow=True
    )
    assert "cannot be set to lapsed" in response.content.decode()
    approval.refresh_from_db()
    assert approval.status == Status.WITHDRAWN


def test_an_approval_of_another_organisation_is_404(
    client: Any, adviser: Any, company: Organisation, office: Organisation, trade: Trade
) -> None:
    approval = TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1))
    client.force_login(adviser)
    url = reverse("organisation_approval_status", args=[office.pk, approval.pk])
    assert client.post(url, {"status": Status.LAPSED}).status_code == 404
    approval.refresh_from_db()
    assert approval.status == Status.ACTIVE


def test_the_domain_functions_take_the_trade_and_keep_approvals_to_their_organisation(
    adviser: Any, company: Organisation, office: Organisation, trade: Trade
) -> None:
    approval = services.add_trade_approval(
        actor=adviser, organisation_id=company.pk, trade=trade, approved_on=dt.date(2024, 1, 1)
    )
    assert (approval.organisation, approval.trade, approval.status) == (company, trade, Status.ACTIVE)
    with pytest.raises(DomainError):
        services.add_trade_approval(
            actor=adviser, organisation_id=company.pk, trade=999_999, approved_on=dt.date(2024, 1, 1)
        )
    with pytest.raises(DomainError):
        services.set_trade_approval_status(
            actor=adviser, organisation_id=office.pk, approval_id=approval.pk, status=Status.LAPSED
        )
    approval.refresh_from_db()
    assert approval.status == Status.ACTIVE
    services.set_trade_approval_status(
        actor=adviser, organisation_id=company.pk, approval_id=approval.pk, status=Status.LAPSED
    )
    approval.refresh_from_db()
    assert approval.status == Status.LAPSED


# Listing ----------------------------------------------------------------------------


def test_the_list_shows_active_approvals_per_organisation(
    client: Any, coordinator: Any, company: Organisation, trade: Trade, other_trade: Trade
) -> None:
    TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1))
    TradeApproval.objects.create(
        organisation=company, trade=other_trade, approved_on=dt.date(2020, 1, 1), status=Status.LAPSED
    )
    client.force_login(coordinator)
    response = client.get(reverse("organisation_list"), {"q": "solsiden"})
    rows = list(response.context["page"].object_list)
    assert [(o.name, o.active_approvals) for o in rows] == [("Solsiden sykehjem", 1)]
    assert ORGNR in response.content.decode()


def test_the_list_searches_by_org_number_and_filters_by_kind(
    client: Any, coordinator: Any, company: Organisation, office: Organisation
) -> None:
    client.force_login(coordinator)
    spaced = f"{ORGNR[:3]} {ORGNR[3:6]}"
    assert list(client.get(reverse("organisation_list"), {"q": spaced}).context["page"].object_list) == [company]
    by_kind = client.get(reverse("organisation_list"), {"kind": Kind.TRAINING_OFFICE}).context["page"].object_list
    assert list(by_kind) == [office]
    # An unknown kind does not fail the page.
    assert client.get(reverse("organisation_list"), {"kind": "castle"}).status_code == 200


def test_the_filter_swaps_only_the_results_for_htmx(client: Any, coordinator: Any, company: Organisation) -> None:
    client.force_login(coordinator)
    response = client.get(reverse("organisation_list"), {"q": "solsiden"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert company.name in html


def test_the_list_costs_the_same_number_of_queries_whatever_the_size(
    client: Any, coordinator: Any, trade: Trade, django_assert_max_num_queries: Any
) -> None:
    client.force_login(coordinator)
    small = _count_queries(client, reverse("organisation_list"))
    for i in range(30):
        org = make_org(Kind.TRAINING_COMPANY, f"Bedrift {i}")
        TradeApproval.objects.create(organisation=org, trade=trade, approved_on=dt.date(2020, 1, 1))
    assert _count_queries(client, reverse("organisation_list")) == small
    # Session, user, roles, the ids of every hit in order (a search), the page's rows.
    with django_assert_max_num_queries(5):
        client.get(reverse("organisation_list"), {"q": "bedrift", "kind": Kind.TRAINING_COMPANY})


# Detail -----------------------------------------------------------------------------


def test_the_detail_page_lists_pathways_as_workplace_and_via_schemes_within_scope(
    client: Any,
    coordinator: Any,
    other_coordinator: Any,
    municipality: Organisation,
    company: Organisation,
    trade: Trade,
) -> None:
    scheme = Scheme.objects.create(name="Fagbrevordningen helse", trade=trade, organisation=municipality)
    at_work = make_pathway(make_person("Amina", "Ali"), trade, scheme=scheme, workplace=company)
    client.force_login(coordinator)
    company_page = client.get(reverse("organisation_detail", args=[company.pk]))
    assert at_work in company_page.context["pathways"]
    assert f'href="/pathways/{at_work.pk}/"' in company_page.content.decode()
    assert at_work in client.get(reverse("organisation_detail", args=[municipality.pk])).context["pathways"]
    # Organisations are register data, but the pathways at them stay within scope.
    client.force_login(other_coordinator)
    response = client.get(reverse("organisation_detail", args=[company.pk]))
    assert response.status_code == 200
    assert response.context["pathways"] == []
    assert "Amina" not in response.content.decode()


def test_the_detail_page_costs_a_fixed_number_of_queries(
    client: Any,
    coordinator: Any,
    municipality: Organisation,
    office: Organisation,
    trade: Trade,
    other_trade: Trade,
    django_assert_max_num_queries: Any,
) -> None:
    company = make_org(Kind.TRAINING_COMPANY, "Medlem 0", training_office=office)
    client.force_login(coordinator)
    scheme = Scheme.objects.create(name="Ordning", trade=trade, organisation=municipality)
    make_pathway(make_person(), trade, scheme=scheme, workplace=company)
    url = reverse("organisation_detail", args=[company.pk])
    small = _count_queries(client, url)
    TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1))
    TradeApproval.objects.create(organisation=company, trade=other_trade, approved_on=dt.date(2020, 1, 1))
    for _ in range(20):
        make_pathway(make_person(), trade, scheme=scheme, workplace=company)
    assert _count_queries(client, url) == small
    # Session, user, roles, organisation, parent office, approvals, pathways.
    with django_assert_max_num_queries(7):
        client.get(url)
    office_url = reverse("organisation_detail", args=[office.pk])
    small = _count_queries(client, office_url)
    for i in range(20):
        make_org(Kind.TRAINING_COMPANY, f"Medlem {i + 1}", training_office=office)
    assert _count_queries(client, office_url) == small


# Access -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("organisation_list", []),
        ("organisation_create", []),
        ("organisation_detail", ["org"]),
        ("organisation_edit", ["org"]),
        ("organisation_approval_add", ["org"]),
    ],
)
def test_anonymous_users_are_sent_to_login(client: Any, company: Organisation, name: str, args: list[str]) -> None:
    response = client.get(reverse(name, args=[company.pk for _ in args]))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_anonymous_status_changes_are_sent_to_login(client: Any, company: Organisation, trade: Trade) -> None:
    approval = TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1))
    response = client.post(
        reverse("organisation_approval_status", args=[company.pk, approval.pk]), {"status": "lapsed"}
    )
    assert response.status_code == 302
    approval.refresh_from_db()
    assert approval.status == Status.ACTIVE


def test_a_read_only_user_may_read_but_not_write(client: Any, mentor: Any, company: Organisation, trade: Trade) -> None:
    approval = TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1))
    client.force_login(mentor)
    detail = client.get(reverse("organisation_detail", args=[company.pk]))
    assert detail.status_code == 200
    assert reverse("organisation_edit", args=[company.pk]) not in detail.content.decode()
    assert client.get(reverse("organisation_list")).status_code == 200
    assert client.get(reverse("organisation_create")).status_code == 403
    assert client.post(reverse("organisation_create"), org_data()).status_code == 403
    assert client.get(reverse("organisation_edit", args=[company.pk])).status_code == 403
    assert (
        client.post(reverse("organisation_edit", args=[company.pk]), edit_data(company, phone="1")).status_code == 403
    )
    url = reverse("organisation_approval_add", args=[company.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"trade": trade.pk, "approved_on": "2024-01-01"}).status_code == 403
    status_url = reverse("organisation_approval_status", args=[company.pk, approval.pk])
    assert client.post(status_url, {"status": "lapsed"}).status_code == 403
    company.refresh_from_db()
    approval.refresh_from_db()
    assert (company.phone, approval.status) == ("", Status.ACTIVE)
    assert not Organisation.objects.filter(name="Fjordheim barnehage").exists()


def test_a_participant_sees_only_the_organisations_of_their_pathways(
    client: Any, company: Organisation, office: Organisation, trade: Trade
) -> None:
    person = make_person("Deltaker")
    make_pathway(person, trade, workplace=company)
    user = make_user(None, username="deltaker", person=person)
    client.force_login(user)
    assert client.get(reverse("organisation_detail", args=[company.pk])).status_code == 200
    assert client.get(reverse("organisation_detail", args=[office.pk])).status_code == 404
    assert client.get(reverse("organisation_edit", args=[office.pk])).status_code == 404
    assert client.get(reverse("organisation_edit", args=[company.pk])).status_code == 403
    names = [o.name for o in client.get(reverse("organisation_list")).context["page"].object_list]
    assert names == [company.name]


def test_an_unknown_organisation_is_404(client: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    assert client.get(reverse("organisation_detail", args=[999999])).status_code == 404
    assert (
        client.post(reverse("organisation_approval_status", args=[999999, 1]), {"status": "lapsed"}).status_code == 404
    )


def test_writes_need_csrf(coordinator: Any, company: Organisation, trade: Trade) -> None:
    approval = TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1))
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert (
        client.post(reverse("organisation_edit", args=[company.pk]), edit_data(company, phone="1")).status_code == 403
    )
    status_url = reverse("organisation_approval_status", args=[company.pk, approval.pk])
    assert client.post(status_url, {"status": "lapsed"}).status_code == 403
    approval.refresh_from_db()
    assert approval.status == Status.ACTIVE


def test_a_pathway_member_sees_the_workplace(
    client: Any, municipality: Organisation, company: Organisation, trade: Trade
) -> None:
    pathway = make_pathway(make_person(), trade, workplace=company)
    person = make_person("Instruktør")
    instructor = make_user(Role.INSTRUCTOR, company, username="instr", person=person)
    PathwayMember.objects.create(pathway=pathway, person=person, role=PathwayMember.Role.INSTRUCTOR)
    client.force_login(instructor)
    response = client.get(reverse("organisation_detail", args=[company.pk]))
    assert pathway in response.context["pathways"]


# Fuzzing ----------------------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=250),
    number=st.one_of(st.text(max_size=15), st.from_regex(r"\A[0-9 ]{8,12}\Z")),
    kind=st.sampled_from([*Kind.values, "", "x"]),
    email=st.text(max_size=40),
)
def test_the_organisation_form_never_fails_with_a_server_error(
    client: Any, coordinator: Any, name: str, number: str, kind: str, email: str
) -> None:
    client.force_login(coordinator)
    data = {k: v.replace("\x00", "") for k, v in org_data(name=name, org_number=number, kind=kind, email=email).items()}
    assert client.post(reverse("organisation_create"), data).status_code in (200, 302)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(trade_value=st.text(max_size=10), approved_on=st.text(max_size=12))
def test_the_approval_form_never_fails_with_a_server_error(
    client: Any, coordinator: Any, company: Organisation, trade_value: str, approved_on: str
) -> None:
    client.force_login(coordinator)
    data = {"trade": trade_value.replace("\x00", ""), "approved_on": approved_on.replace("\x00", "")}
    assert client.post(reverse("organisation_approval_add", args=[company.pk]), data).status_code == 200


# Who changes organisations and approvals -------------------------------------------


def test_a_coordinator_of_another_organisation_may_not_edit_it(
    client: Any, other_coordinator: Any, company: Organisation
) -> None:
    client.force_login(other_coordinator)
    url = reverse("organisation_edit", args=[company.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(company, name="Kapret")).status_code == 403
    company.refresh_from_db()
    assert company.name == "Solsiden sykehjem"
    assert (
        reverse("organisation_edit", args=[company.pk])
        not in client.get(reverse("organisation_detail", args=[company.pk])).content.decode()
    )
    with pytest.raises(DomainError):
        services.update_organisation(
            actor=other_coordinator, organisation_id=company.pk, expected_version=company.version, data={"name": "X"}
        )


def test_the_registering_organisation_and_the_administrator_edit_it(
    client: Any, coordinator: Any, company: Organisation, municipality: Organisation
) -> None:
    admin = make_user(None, superuser=True, username="admin")
    for user, name in ((coordinator, "Solsiden"), (admin, "Solsiden helsehus")):
        client.force_login(user)
        company.refresh_from_db()
        assert (
            client.post(reverse("organisation_edit", args=[company.pk]), edit_data(company, name=name)).status_code
            == 302
        )
        company.refresh_from_db()
        assert company.name == name


def test_an_organisation_is_registered_by_the_caseworkers_organisation(
    client: Any, coordinator: Any, municipality: Organisation
) -> None:
    client.force_login(coordinator)
    assert client.post(reverse("organisation_create"), org_data()).status_code == 302
    assert Organisation.objects.get(name="Fjordheim barnehage").registered_by_organisation == municipality


def test_a_coordinator_may_not_change_or_renew_an_approval(
    client: Any, coordinator: Any, company: Organisation, trade: Trade
) -> None:
    approval = TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1))
    client.force_login(coordinator)
    url = reverse("organisation_approval_status", args=[company.pk, approval.pk])
    assert f'action="{url}"' not in client.get(reverse("organisation_detail", args=[company.pk])).content.decode()
    assert client.post(url, {"status": Status.WITHDRAWN}).status_code == 403
    with pytest.raises(DomainError):
        services.set_trade_approval_status(
            actor=coordinator, organisation_id=company.pk, approval_id=approval.pk, status=Status.WITHDRAWN
        )
    approval.status = Status.LAPSED
    approval.save()
    response = client.post(
        reverse("organisation_approval_add", args=[company.pk]),
        {"trade": trade.pk, "approved_on": "2024-03-01", "reference": "24/9"},
    )
    assert response.status_code == 200
    assert "trade" in response.context["form"].errors
    approval.refresh_from_db()
    assert approval.status == Status.LAPSED
    assert not Event.objects.filter(verb__startswith="approval.").exists()


def test_a_coordinator_registers_a_county_decision_only_with_its_reference(
    en: Any, coordinator: Any, company: Organisation, trade: Trade
) -> None:
    en.force_login(coordinator)
    url = reverse("organisation_approval_add", args=[company.pk])
    response = en.post(url, {"trade": trade.pk, "approved_on": "2024-03-01"})
    assert response.status_code == 200
    assert "reference" in response.context["form"].errors
    with pytest.raises(DomainError) as refused:
        services.add_trade_approval(
            actor=coordinator, organisation_id=company.pk, trade=trade, approved_on=dt.date(2024, 3, 1)
        )
    assert refused.value.field == "reference"
    assert not TradeApproval.objects.exists()


def test_an_adviser_of_another_county_and_other_staff_may_not_touch_approvals(
    client: Any, company: Organisation, trade: Trade, other_coordinator: Any, mentor: Any
) -> None:
    approval = TradeApproval.objects.create(organisation=company, trade=trade, approved_on=dt.date(2020, 1, 1))
    elsewhere = make_user(Role.COUNTY_ADVISER, make_org(Kind.COUNTY, "Annet fylke"), username="annenraadgiver")
    for user in (elsewhere, other_coordinator, mentor):
        client.force_login(user)
        assert (
            client.post(
                reverse("organisation_approval_status", args=[company.pk, approval.pk]), {"status": Status.LAPSED}
            ).status_code
            == 403
        )
        assert client.get(reverse("organisation_approval_add", args=[company.pk])).status_code == 403
    approval.refresh_from_db()
    assert approval.status == Status.ACTIVE


def test_the_county_adviser_registers_an_approval_without_a_reference(
    client: Any, adviser: Any, company: Organisation, trade: Trade
) -> None:
    client.force_login(adviser)
    # The adviser decides approvals but does not edit the company's details.
    assert client.get(reverse("organisation_edit", args=[company.pk])).status_code == 403
    response = client.post(
        reverse("organisation_approval_add", args=[company.pk]), {"trade": trade.pk, "approved_on": "2024-03-01"}
    )
    assert response.status_code == 302
    assert Event.objects.get(verb="approval.added").data["source"] == "county"
