"""The follow tables hold exactly what the access rules say, after every kind of change
that can move them; the stage counts match the pathways; the lists read them.

The oracle below states the rules again, the way they were written before the tables
existed (ORs over the pathways, people and memberships): after each change, every
user's rows must equal what it computes.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count, Q
from django.urls import reverse

from fagvei.accounts.models import CASEWORKER_ROLES, Membership, Role, User
from fagvei.organisations.models import Organisation
from fagvei.pathways import services
from fagvei.pathways.follows import rebuild, stage_counts
from fagvei.pathways.models import Follow, Pathway, PathwayMember, Stage, StageCount
from fagvei.people.models import Follow as PersonFollow
from fagvei.people.models import Person
from tests.factories import make_org, make_pathway, make_person, make_scheme, make_user


def _oracle_pathways(user: User) -> dict[int, bool]:
    """pathway id → manages, by the rules of DOMAIN.md, computed from scratch."""
    roles = Membership.objects.filter(user=user)
    caseworker = roles.filter(role__in=CASEWORKER_ROLES).exists()
    coordinating = roles.filter(role__in=[Role.COORDINATOR, Role.SCHOOL_COORDINATOR]).values("organisation_id")
    office = roles.filter(role=Role.TRAINING_OFFICE_ADVISER).values("organisation_id")
    managed = Q(pk__in=[])
    if caseworker:
        managed = (
            Q(coordinator=user)
            | Q(scheme__organisation__in=coordinating)
            | Q(workplace__in=office)
            | Q(workplace__training_office__in=office)
        )
    seen = Q(pk__in=[])
    if user.person_id is not None:
        seen = Q(participant_id=user.person_id) | Q(members__person_id=user.person_id)
    result = {pk: False for pk in Pathway.objects.filter(seen).values_list("pk", flat=True)}
    result.update({pk: True for pk in Pathway.objects.filter(managed).values_list("pk", flat=True)})
    return result


def _oracle_people(user: User) -> dict[int, bool]:
    caseworker_orgs = Membership.objects.filter(user=user, role__in=CASEWORKER_ROLES).values("organisation_id")
    pathways = _oracle_pathways(user)
    result: dict[int, bool] = {}
    if user.person_id is not None:
        result[user.person_id] = False
    for person_id in PathwayMember.objects.filter(pathway_id__in=pathways).values_list("person_id", flat=True):
        result.setdefault(person_id, False)
    for pk, participant_id in Pathway.objects.filter(pk__in=pathways).values_list("pk", "participant_id"):
        result[participant_id] = result.get(participant_id, False) or pathways[pk]
    for pk in Person.objects.filter(registered_by_organisation__in=caseworker_orgs).values_list("pk", flat=True):
        result[pk] = True
    return result


def _assert_follows_match_the_rules() -> None:
    for user in User.objects.all():
        rows = dict(Follow.objects.filter(user=user).values_list("pathway_id", "manages"))
        assert rows == _oracle_pathways(user), user.username
        people = dict(PersonFollow.objects.filter(user=user).values_list("person_id", "manages"))
        assert people == _oracle_people(user), user.username
    # The copies on each row are the pathway's and the person's own.
    assert not Follow.objects.exclude(stage=models_f("pathway__stage")).exists()
    assert not Follow.objects.exclude(sort_key=models_f("pathway__sort_key")).exists()
    assert not PersonFollow.objects.exclude(sort_key=models_f("person__sort_key")).exists()
    assert not Pathway.objects.exclude(sort_key=models_f("participant__sort_key")).exists()


def models_f(name: str) -> Any:
    from django.db.models import F

    return F(name)


@pytest.fixture
def world(municipality: Organisation, other_municipality: Organisation, trade: Any, coordinator: User) -> Any:
    """Two municipalities, a training office with a member company, people in roles."""
    office = make_org(Organisation.Kind.TRAINING_OFFICE, "Opplæringskontoret")
    company = make_org(Organisation.Kind.TRAINING_COMPANY, "Sykehjemmet", training_office=office)
    other_company = make_org(Organisation.Kind.TRAINING_COMPANY, "Legesenteret")
    scheme = make_scheme(municipality, trade)
    other_scheme = make_scheme(other_municipality, trade)
    adviser = make_user(Role.TRAINING_OFFICE_ADVISER, office, username="okrådgiver")
    mentor = make_user(Role.MENTOR, company, username="mentor")
    participant = make_user(Role.PARTICIPANT, municipality, username="deltaker")
    other = make_user(Role.COORDINATOR, other_municipality, username="annen")
    mine = make_pathway(scheme, coordinator=coordinator, participant=participant.person, workplace=company)
    theirs = make_pathway(other_scheme, coordinator=other, workplace=other_company)
    PathwayMember.objects.create(pathway=mine, person=mentor.person, role=PathwayMember.Role.MENTOR)
    return {
        "office": office,
        "company": company,
        "other_company": other_company,
        "scheme": scheme,
        "other_scheme": other_scheme,
        "adviser": adviser,
        "mentor": mentor,
        "participant": participant,
        "other": other,
        "mine": mine,
        "theirs": theirs,
        "coordinator": coordinator,
    }


def test_the_tables_hold_the_rules_from_the_start(world: Any) -> None:
    _assert_follows_match_the_rules()
    assert Follow.objects.filter(user=world["adviser"], pathway=world["mine"], manages=True).exists()
    assert Follow.objects.filter(user=world["mentor"], pathway=world["mine"], manages=False).exists()
    assert not Follow.objects.filter(user=world["other"], pathway=world["mine"]).exists()


def test_a_member_added_and_removed_moves_their_rows(world: Any, coordinator: User) -> None:
    theirs, mentor = world["theirs"], world["mentor"]
    member = services.add_member(
        actor=world["other"], pathway_id=theirs.pk, person=mentor.person, role=PathwayMember.Role.MENTOR
    )
    _assert_follows_match_the_rules()
    assert Follow.objects.filter(user=mentor, pathway=theirs).exists()
    services.remove_member(actor=world["other"], pathway_id=theirs.pk, member_id=member.pk)
    _assert_follows_match_the_rules()
    assert not Follow.objects.filter(user=mentor, pathway=theirs).exists()


def test_a_role_given_and_taken_moves_the_users_rows(world: Any, other_municipality: Organisation) -> None:
    adviser = world["adviser"]
    membership = Membership.objects.create(user=adviser, organisation=other_municipality, role=Role.COORDINATOR)
    _assert_follows_match_the_rules()
    assert Follow.objects.filter(user=adviser, pathway=world["theirs"], manages=True).exists()
    membership.delete()
    _assert_follows_match_the_rules()
    assert not Follow.objects.filter(user=adviser, pathway=world["theirs"]).exists()
    # Losing the last caseworker role ends even the pathways one is coordinator of.
    Membership.objects.filter(user=world["other"]).delete()
    _assert_follows_match_the_rules()
    assert not Follow.objects.filter(user=world["other"]).exists()


def test_a_company_joining_a_training_office_brings_its_pathways_to_the_office(world: Any) -> None:
    other_company, office, adviser = world["other_company"], world["office"], world["adviser"]
    assert not Follow.objects.filter(user=adviser, pathway=world["theirs"]).exists()
    other_company.training_office = office
    other_company.save()
    _assert_follows_match_the_rules()
    assert Follow.objects.filter(user=adviser, pathway=world["theirs"], manages=True).exists()
    world["company"].training_office = None
    world["company"].save(update_fields=["training_office"])
    _assert_follows_match_the_rules()
    assert not Follow.objects.filter(user=adviser, pathway=world["mine"]).exists()


def test_moving_a_pathway_to_another_scheme_moves_who_manages_it(world: Any, coordinator: User) -> None:
    mine = world["mine"]
    services.update_pathway(
        actor=make_user(None, superuser=True),
        pathway_id=mine.pk,
        expected_version=mine.version,
        data={"scheme": world["other_scheme"], "coordinator": world["other"], "workplace": None},
    )
    _assert_follows_match_the_rules()
    assert Follow.objects.filter(user=world["other"], pathway=mine, manages=True).exists()
    assert not Follow.objects.filter(user=coordinator, pathway=mine).exists()


def test_a_login_linked_to_a_person_sees_that_persons_pathways(world: Any) -> None:
    newcomer = User.objects.create_user(username="ny", password="x")  # noqa: S106
    _assert_follows_match_the_rules()
    assert not Follow.objects.filter(user=newcomer).exists()
    newcomer.person = world["theirs"].participant
    newcomer.save(update_fields=["person"])
    _assert_follows_match_the_rules()
    assert Follow.objects.filter(user=newcomer, pathway=world["theirs"], manages=False).exists()


def test_a_renamed_participant_moves_in_every_list_and_search(world: Any, coordinator: User, client: Any) -> None:
    person = world["participant"].person
    person.last_name = "Østby"
    person.save(update_fields=["last_name"])
    _assert_follows_match_the_rules()
    client.force_login(coordinator)
    for url in (reverse("pathway_list"), reverse("person_list")):
        response = client.get(url, {"q": "østb"})
        assert "Østby" in response.content.decode(), url
        assert "Østby" not in client.get(url, {"q": "ostby"}).content.decode()


def test_the_stage_counts_follow_every_transition(world: Any, coordinator: User) -> None:
    def counted() -> dict[str, int]:
        return {stage: n for stage, n in stage_counts().items() if n}

    def actual() -> dict[str, int]:
        return dict(Pathway.objects.order_by().values_list("stage").annotate(n=Count("pk")))

    assert counted() == actual()
    services.start_screening(actor=coordinator, pathway_id=world["mine"].pk)
    assert counted() == actual() == {Stage.SCREENING: 1, Stage.REFERRED: 1}
    pathway = Pathway.objects.get(pk=world["mine"].pk)
    services.end_pathway(actor=coordinator, pathway_id=pathway.pk, end_reason="withdrawn", reason="Flyttet")
    assert counted() == actual()
    # Built by hand rather than read, a saved pathway still moves the count it left.
    Pathway(**{f.attname: getattr(pathway, f.attname) for f in Pathway._meta.concrete_fields}).save()
    assert counted() == actual()


def test_rebuild_gives_the_same_tables(world: Any) -> None:
    before = set(Follow.objects.values_list("user_id", "pathway_id", "manages", "stage", "sort_key"))
    people = set(PersonFollow.objects.values_list("user_id", "person_id", "manages", "sort_key"))
    Follow.objects.all().delete()
    PersonFollow.objects.all().delete()
    StageCount.objects.all().delete()
    rebuild()
    assert set(Follow.objects.values_list("user_id", "pathway_id", "manages", "stage", "sort_key")) == before
    assert set(PersonFollow.objects.values_list("user_id", "person_id", "manages", "sort_key")) == people
    _assert_follows_match_the_rules()


def test_a_second_sync_of_the_same_rows_is_harmless(world: Any) -> None:
    from fagvei.pathways.follows import sync

    Follow.objects.filter(pathway=world["mine"]).delete()
    sync(pathways=[world["mine"].pk])
    sync(pathways=[world["mine"].pk])
    _assert_follows_match_the_rules()


def test_name_order_is_norwegian(coordinator: User, municipality: Organisation, client: Any) -> None:
    for last in ("Åsen", "Zahid", "Ødegård", "Ærø", "Berg", "Émile"):
        make_person("Kari", last, registered_by_organisation=municipality)
    client.force_login(coordinator)
    page = client.get(reverse("person_list")).context["page"]
    names = [p.last_name for p in page.object_list if p.first_name == "Kari"]
    assert names == ["Berg", "Émile", "Zahid", "Ærø", "Ødegård", "Åsen"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("kari", {"Kari Nordmann", "Kari Østby"}),
        ("nord kari", {"Kari Nordmann"}),
        ("ØSTBY", {"Kari Østby"}),
        ("ri", {"Kari Nordmann", "Kari Østby"}),  # shorter than a trigram: read without the index
        ("kari nordmannsen", set()),
        ('"kari', set()),  # a quote is a character like any other: no error, and no name has one
    ],
)
def test_name_search_finds_every_word_anywhere_in_the_name(
    query: str, found: set[str], coordinator: User, municipality: Organisation, client: Any, admin_user: Any
) -> None:
    make_person("Kari", "Nordmann", registered_by_organisation=municipality)
    make_person("Kari", "Østby", registered_by_organisation=municipality)
    make_person("Ola", "Hansen", registered_by_organisation=municipality)
    for user in (coordinator, admin_user):
        client.force_login(user)
        page = client.get(reverse("person_list"), {"q": query}).context["page"]
        names = {p.full_name for p in page.object_list} - {"Koord " + coordinator.person.last_name}
        assert {n for n in names if "Kari" in n or "Ola" in n} == found, (user, query)


def test_the_list_pages_no_deeper_than_the_bound(settings: Any) -> None:
    from fagvei.core.lists import MAX_ROWS, BoundedPaginator

    paginator = BoundedPaginator(list(range(MAX_ROWS * 2)), 25)
    assert paginator.num_pages == MAX_ROWS // 25
    assert paginator.bounded
    assert paginator.count == MAX_ROWS + 1 and paginator.more_than == MAX_ROWS
    assert paginator.get_page(10**6).number == MAX_ROWS // 25
    assert BoundedPaginator(list(range(30)), 25, known_count=30).bounded is False
    assert BoundedPaginator(list(range(30)), 25).more_than is None
    known = BoundedPaginator([], 25, known_count=12345)
    assert known.count == 12345 and known.more_than is None and known.bounded


def test_a_member_or_participant_changed_in_place_leaves_no_rows_behind(world: Any) -> None:
    """Not what the pages do (a member is removed and another added), but what a data
    correction in the shell or a later app might: the rows still follow."""
    member = PathwayMember.objects.get(pathway=world["mine"], person=world["mentor"].person)
    member.person = world["other"].person
    member.save()
    _assert_follows_match_the_rules()
    assert not Follow.objects.filter(user=world["mentor"], pathway=world["mine"]).exists()
    mine = Pathway.objects.get(pk=world["mine"].pk)
    mine.participant = world["adviser"].person
    mine.save()
    _assert_follows_match_the_rules()
    assert not Follow.objects.filter(user=world["participant"], pathway=mine).exists()
    assert not PersonFollow.objects.filter(user=world["coordinator"], person=world["participant"].person).exists()


def test_a_long_list_is_counted_no_further_than_the_bound(
    monkeypatch: Any, coordinator: User, municipality: Organisation, client: Any
) -> None:
    from fagvei.core import lists

    monkeypatch.setattr(lists, "MAX_ROWS", 3)
    for i in range(6):
        make_person("Kari", f"Berg{i}", registered_by_organisation=municipality)
    client.force_login(coordinator)
    paginator = client.get(reverse("person_list")).context["page"].paginator
    assert paginator.count == 4 and paginator.more_than == 3
    assert paginator.num_pages == 1  # page size 25, bound 3: one page of at most the bound


def test_a_search_with_more_hits_than_read_at_once_is_counted_and_paged_by_the_database(
    monkeypatch: Any, coordinator: User, municipality: Organisation, client: Any
) -> None:
    from fagvei.core import lists

    for i in range(5):
        make_person("Kari", f"Berg{i}", registered_by_organisation=municipality)
    client.force_login(coordinator)
    whole = client.get(reverse("person_list"), {"q": "kari"}).context["page"]
    monkeypatch.setattr(lists, "WHOLE", 2)
    counted = client.get(reverse("person_list"), {"q": "kari"}).context["page"]
    assert whole.paginator.count == counted.paginator.count == 5
    assert [p.pk for p in whole.object_list] == [p.pk for p in counted.object_list]
