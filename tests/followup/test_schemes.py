"""The scheme page by persona (seed 002): those who run the scheme manage its groups,
members and monthly themes; a group's member reads their group; one on a pathway of the
scheme reads the themes only; anyone else gets 404 and a reader asking to write 403.
The domain's refusals: a member not twice, a person the runner may not see refused, one
month's themes written once (a second writer refused), a group of each kind once."""

from __future__ import annotations

import datetime as dt

import pytest

from fagvei.core.domain import DomainError, StaleObject
from fagvei.followup import groups
from fagvei.followup.models import MonthlyTheme
from fagvei.pathways.models import Group, GroupMember
from tests.factories import make_person

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2026, 12, 1)


@pytest.fixture
def themes(scheme, coordinator):
    return groups.set_monthly_themes(
        actor=coordinator, scheme_id=scheme.pk, month=DECEMBER, themes="Smittevern og hygiene"
    )


@pytest.fixture
def steering(scheme, coordinator):
    return groups.create_group(actor=coordinator, scheme_id=scheme.pk, kind="steering", name="Styringsgruppe")


def test_the_runner_manages_the_scheme_page(scheme, group, teacher, steering, themes, coordinator, client_as):
    client = client_as(coordinator)
    page = client.get(f"/schemes/{scheme.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Prosjektgruppe helsearbeider" in html and "Styringsgruppe" in html
    assert "Smittevern og hygiene" in html
    assert "Planlegg et møte" in html
    for url in (
        f"/schemes/{scheme.pk}/themes/",
        f"/groups/{group.pk}/edit/",
        f"/groups/{group.pk}/members/new/",
        f"/groups/{group.pk}/meetings/new/",
        f"/groups/{group.pk}/members/{GroupMember.objects.get(group=group).pk}/remove/",
    ):
        assert client.get(url).status_code == 200, url
    listed = client.get("/schemes/")
    assert listed.status_code == 200 and scheme.name in listed.content.decode()


def test_a_member_reads_their_group_only_and_may_not_write(scheme, group, teacher, steering, themes, client_as):
    client = client_as(teacher)
    html = client.get(f"/schemes/{scheme.pk}/").content.decode()
    assert "Prosjektgruppe helsearbeider" in html and "Smittevern og hygiene" in html
    assert "Styringsgruppe" not in html
    assert "Planlegg et møte" not in html
    # The other group does not exist for them; their own is read-only.
    assert client.get(f"/groups/{steering.pk}/edit/").status_code == 404
    for url in (
        f"/schemes/{scheme.pk}/themes/",
        f"/schemes/{scheme.pk}/groups/new/",
        f"/groups/{group.pk}/edit/",
        f"/groups/{group.pk}/members/new/",
        f"/groups/{group.pk}/meetings/new/",
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "x", "themes": "x", "month": "2026-12"}).status_code == 403, url
    assert scheme.name in client.get("/schemes/").content.decode()


def test_the_mentor_reads_the_themes_only(scheme, group, teacher, themes, mentor, participant, client_as):
    for user in (mentor, participant):
        client = client_as(user)
        page = client.get(f"/schemes/{scheme.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Smittevern og hygiene" in html
        assert "Prosjektgruppe helsearbeider" not in html and teacher.person.last_name not in html
        assert client.get(f"/groups/{group.pk}/edit/").status_code == 404
        assert client.get(f"/schemes/{scheme.pk}/themes/").status_code == 403


def test_an_outsider_gets_404(scheme, group, themes, other_coordinator, client_as):
    client = client_as(other_coordinator)
    for url in (
        f"/schemes/{scheme.pk}/",
        f"/schemes/{scheme.pk}/themes/",
        f"/groups/{group.pk}/edit/",
        f"/groups/{group.pk}/members/new/",
        "/schemes/999999/",
        "/groups/999999/edit/",
    ):
        assert client.get(url).status_code == 404, url
    assert scheme.name not in client.get("/schemes/").content.decode()


def test_the_runner_creates_a_group_and_it_is_one_of_each_kind(scheme, coordinator, client_as):
    client = client_as(coordinator)
    response = client.post(
        f"/schemes/{scheme.pk}/groups/new/", {"kind": "project", "name": "Prosjektgruppa", "meeting_interval_days": ""}
    )
    assert response.status_code == 302
    group = Group.objects.get(scheme=scheme, kind="project")
    assert group.meeting_interval_days == 28  # seed 002: every four weeks
    again = client.post(f"/schemes/{scheme.pk}/groups/new/", {"kind": "project", "name": "Igjen"})
    assert again.status_code == 422
    with pytest.raises(DomainError):
        groups.create_group(actor=coordinator, scheme_id=scheme.pk, kind="project", name="Igjen")
    assert Group.objects.filter(scheme=scheme).count() == 1
    bad = client.post(f"/groups/{group.pk}/edit/", {"name": "", "meeting_interval_days": "0"})
    assert bad.status_code == 422
    assert "Navn" in bad.content.decode()
    client.post(f"/groups/{group.pk}/edit/", {"name": "Prosjektgruppe", "meeting_interval_days": "30"})
    group.refresh_from_db()
    assert (group.name, group.meeting_interval_days) == ("Prosjektgruppe", 30)


def test_members_are_added_once_and_only_people_the_runner_may_see(group, coordinator, mentor, teacher, client_as):
    client = client_as(coordinator)
    response = client.post(f"/groups/{group.pk}/members/new/", {"person": mentor.person_id, "title": "Fadder"})
    assert response.status_code == 302
    member = GroupMember.objects.get(group=group, person=mentor.person)
    assert member.title == "Fadder"
    with pytest.raises(DomainError, match="allerede|already"):
        groups.add_group_member(actor=coordinator, group_id=group.pk, person=mentor.person_id)
    stranger = make_person("Ukjent", "Utenfor")
    with pytest.raises(DomainError):
        groups.add_group_member(actor=coordinator, group_id=group.pk, person=stranger.pk)
    with pytest.raises(DomainError):
        groups.add_group_member(actor=coordinator, group_id=group.pk, person=999999)
    refused = client.post(f"/groups/{group.pk}/members/new/", {"person": stranger.pk})
    assert refused.status_code == 422
    assert GroupMember.objects.filter(group=group).count() == 2
    # The member removed no longer reads the scheme's group.
    client.post(f"/groups/{group.pk}/members/{member.pk}/remove/")
    assert not GroupMember.objects.filter(pk=member.pk).exists()
    with pytest.raises(DomainError):
        groups.remove_group_member(actor=coordinator, group_id=group.pk, member_id=member.pk)
    with pytest.raises(DomainError):
        groups.add_group_member(actor=teacher, group_id=group.pk, person=mentor.person_id)


def test_one_months_themes_are_written_once_and_then_changed_by_version(scheme, coordinator, client_as):
    first = groups.set_monthly_themes(actor=coordinator, scheme_id=scheme.pk, month=dt.date(2026, 12, 17), themes="A")
    assert first.month == DECEMBER
    # A second writer who did not read the first one's themes is refused, nothing changes.
    with pytest.raises(StaleObject):
        groups.set_monthly_themes(actor=coordinator, scheme_id=scheme.pk, month=DECEMBER, themes="B")
    with pytest.raises(StaleObject):
        groups.set_monthly_themes(
            actor=coordinator, scheme_id=scheme.pk, month=DECEMBER, themes="B", expected_version=7
        )
    changed = groups.set_monthly_themes(
        actor=coordinator, scheme_id=scheme.pk, month=DECEMBER, themes="B", expected_version=1
    )
    assert (changed.themes, changed.version) == ("B", 2)
    assert MonthlyTheme.objects.filter(scheme=scheme).count() == 1
    client = client_as(coordinator)
    stale = client.post(f"/schemes/{scheme.pk}/themes/", {"month": "2026-12", "themes": "C", "version": "1"})
    assert stale.status_code == 422
    empty = client.post(f"/schemes/{scheme.pk}/themes/", {"month": "2027-01", "themes": ""})
    assert empty.status_code == 422 and "Temaer" in empty.content.decode()
    ok = client.post(f"/schemes/{scheme.pk}/themes/", {"month": "2027-01", "themes": "Ernæring"})
    assert ok.status_code == 302
    assert MonthlyTheme.objects.get(scheme=scheme, month=dt.date(2027, 1, 1)).themes == "Ernæring"
    edit = client.get(f"/schemes/{scheme.pk}/themes/?month=2027-01")
    assert "Ernæring" in edit.content.decode()


def test_a_group_meeting_is_planned_from_the_scheme_page_with_the_members_invited(
    group, coordinator, teacher, client_as
):
    client = client_as(coordinator)
    form = client.get(f"/groups/{group.pk}/meetings/new/")
    assert form.status_code == 200
    response = client.post(
        f"/groups/{group.pk}/meetings/new/",
        {"starts_at": "2026-12-10T10:00", "place": "Rådhuset", "invitees": [teacher.person_id]},
    )
    assert response.status_code == 302
    meeting = group.meetings.get()
    assert meeting.kind == "project_group"
    assert list(meeting.invitees.values_list("person_id", flat=True)) == [teacher.person_id]
    bad = client.post(f"/groups/{group.pk}/meetings/new/", {"starts_at": "", "invitees": []})
    assert bad.status_code == 422
    assert group.meetings.count() == 1


def test_the_database_keeps_one_row_per_month_on_its_first_day(scheme, coordinator):
    from django.db import IntegrityError, transaction

    from fagvei.core import clock

    groups.set_monthly_themes(actor=coordinator, scheme_id=scheme.pk, month=DECEMBER, themes="A")
    fields = {"scheme": scheme, "themes": "B", "updated_by": coordinator, "updated_at": clock.now()}
    # Two writers at once: the second insert of the month is refused by the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyTheme.objects.create(month=DECEMBER, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyTheme.objects.create(month=dt.date(2027, 1, 15), **fields)
    assert MonthlyTheme.objects.count() == 1


def test_the_groups_and_one_months_themes_on_the_start_page(scheme, themes, mentor, coordinator, client_as):
    from django.utils import timezone

    from fagvei.core import clock

    with clock.frozen_at(timezone.make_aware(dt.datetime(2026, 12, 3, 12))):
        html = client_as(mentor).get("/").content.decode()
        assert "Smittevern og hygiene" in html and f"/schemes/{scheme.pk}/" in html
        assert "Månedens temaer" not in client_as(coordinator).get("/").content.decode()
    with clock.frozen_at(timezone.make_aware(dt.datetime(2027, 1, 3, 12))):
        assert "Smittevern og hygiene" not in client_as(mentor).get("/").content.decode()
