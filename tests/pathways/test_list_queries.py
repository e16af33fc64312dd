"""Query counts of the key pages, pinned exactly for every kind of scope, and the same
with one pathway as with thirty: a page's cost must not grow with the data it reads
from (the follow tables and sort indexes do the growing).

session, user and roles are the three queries every signed-in page starts with.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fagvei.accounts.models import Membership, Role
from fagvei.deadlines.engine import COLLECTING
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Pathway, PathwayMember, Stage
from tests.factories import make_contract, make_county, make_org, make_pathway, make_person, make_user

# page → scope → queries. The pathway list: session, user, roles, whether the schemes
# fit a list, the count, the page's ids, the page's rows, the scheme and trade options.
PINNED: dict[str, dict[str, int]] = {
    # counts by stage, the ids of my latest open pathways, those rows (none: no query)
    # (+1 for everyone with a person: followup's "my tasks" panel; +2 for a mentor: this
    # month's themes and "my participants" — fagvei.core.registry home panels), and "What
    # needs me": whether the user follows any pathway, then one query per deadline rule
    # that has pathways, schemes or organisations to ask about (fagvei/deadlines/panels.py;
    # none for an administrator, who follows none of their own)
    # (the concerns' plan goals and next meeting: one query each; the goals one for a
    # mentor, and the administrator, whose own goals they are)
    "home": {"coordinator": 24, "county": 23, "office": 22, "mentor": 16, "admin": 10},
    # (a training office finds a scheme by its name: no scheme options to read)
    # (+1 for those who manage pathways: the coordinators they may hand the chosen to)
    "pathway_list": {"coordinator": 10, "county": 10, "office": 8, "mentor": 9, "admin": 10},
    # (a search reads all its hits' ids at once, in order, instead of a count and a page)
    "pathway_list_search": {"coordinator": 9, "county": 9, "office": 7, "mentor": 8, "admin": 9},
    # the count, the page's ids, the page's rows
    "person_list": {"coordinator": 6, "county": 6, "office": 6, "mentor": 6, "admin": 6},
    "organisation_list": {"coordinator": 6, "county": 6, "office": 6, "mentor": 6, "admin": 6},
    # the pathway with the user's follow row, the read logged, members, consents, the
    # workplace's approvals, screening, police certificate, events, and (for those who
    # manage it) the latest readers with their names and the documents with who uploaded
    # them (the documents section's one query: a mentor is not shown documents), the
    # contract section's one query, and the meetings section's two (the next meeting, the
    # action items counted), and the plans section's two (the plan's goals counted, the
    # assessments the user reads), the guidance section's three (the last guidance, visit
    # and language round the user may read), the absence section's periods (for the
    # mentor: the rate) and the equipment section's loans still out (not for the mentor)
    # and "Deadlines and risk": one query per deadline rule about a pathway and the
    # contract's end, for those who manage it; for the mentor, whether they follow any
    # pathway and the rules of their own role (fagvei/deadlines/sections.py), and the
    # exams section's entries (not for the mentor, who does not read them), and the
    # concerns section's one (the pathway's concerns' steps; who read them costs one more
    # once there are concerns, and the goals of a plan one for a mentor: fagvei/concerns/sections.py)
    # (+2 for the concerns' plan goals and next meeting; +1 for the mentor: their goals)
    "pathway_detail": {"coordinator": 40, "county": 40, "office": 40, "mentor": 25, "admin": 40},
}
# With a contract, the absence section reads its county's threshold and its interruptions.
WITH_CONTRACT = 2


@pytest.fixture
def scopes(municipality: Organisation, other_municipality: Organisation, scheme: Any, coordinator: Any) -> Any:
    office = make_org(Organisation.Kind.TRAINING_OFFICE, "Opplæringskontoret")
    company = make_org(Organisation.Kind.TRAINING_COMPANY, "Sykehjemmet", training_office=office)
    county = make_user(Role.COORDINATOR, municipality, username="fylke")
    Membership.objects.create(user=county, organisation=other_municipality, role=Role.COORDINATOR)
    users = {
        "coordinator": coordinator,
        "county": county,
        "office": make_user(Role.TRAINING_OFFICE_ADVISER, office, username="okontor"),
        "mentor": make_user(Role.MENTOR, company, username="veileder"),
        "admin": make_user(None, username="riks", superuser=True),
    }
    return {"users": users, "company": company, "scheme": scheme}


def _grow(scopes: Any, n: int) -> None:
    mentor = scopes["users"]["mentor"].person
    for i in range(n):
        pathway = make_pathway(
            scopes["scheme"],
            participant=make_person("Deltaker", f"Nummer{i:03}"),
            coordinator=scopes["users"]["coordinator"],
            workplace=scopes["company"],
            stage=Stage.IN_TRAINING if i % 2 else Stage.REFERRED,
        )
        PathwayMember.objects.create(pathway=pathway, person=mentor, role=PathwayMember.Role.MENTOR)


def _count(client: Any, page: str) -> int:
    if page == "pathway_detail":
        # The first pathway grown: the same one, with more and more beside it.
        url, params = reverse(page, args=[Pathway.objects.order_by("pk").first().pk]), {}
    else:
        url, params = reverse(page.removesuffix("_search")), {"q": "nummer"} if page.endswith("_search") else {}
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("scope", ["coordinator", "county", "office", "mentor", "admin"])
def test_each_page_costs_its_pinned_number_of_queries_whatever_the_size(scopes: Any, scope: str, client: Any) -> None:
    client.force_login(scopes["users"][scope])
    _grow(scopes, 1)
    small = {page: _count(client, page) for page in PINNED}
    _grow(scopes, 30)
    large = {page: _count(client, page) for page in PINNED}
    assert large == small
    assert small == {page: counts[scope] for page, counts in PINNED.items()}


@pytest.mark.parametrize("scope", ["coordinator", "county", "office", "mentor", "admin"])
def test_a_pathway_with_a_contract_costs_the_same_and_reads_it_once(scopes: Any, scope: str, client: Any) -> None:
    """The contract section's budget is one query (max_queries=1): with a contract on the
    pathway, the page reads it once — for the section and the contract's rules alike. (The
    deadline rules read the contracts of the pathways they are asked about in their own
    queries, marked by fagvei.deadlines.engine.COLLECTING: no cache between the two.)"""
    client.force_login(scopes["users"][scope])
    _grow(scopes, 3)
    pathway = Pathway.objects.order_by("pk").first()
    Organisation.objects.filter(pk=scopes["company"].pk).update(county=make_county())
    pathway.workplace = Organisation.objects.get(pk=scopes["company"].pk)
    pathway.planned_start = timezone.localdate()
    pathway.planned_end = timezone.localdate() + dt.timedelta(days=730)
    pathway.save()
    make_contract(pathway, scopes["users"]["coordinator"])
    run: list[tuple[str, bool]] = []

    def keep(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        run.append((sql, COLLECTING.get()))
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(keep):
        response = client.get(reverse("pathway_detail", args=[pathway.pk]))
    assert response.status_code == 200
    assert response.context["pathway"].pk == pathway.pk
    assert reverse("contract_detail", args=[pathway.pk]) in response.content.decode()
    assert len(queries) == PINNED["pathway_detail"][scope] + WITH_CONTRACT
    contract_reads = [sql for sql, by_rules in run if 'FROM "contracts_contract"' in sql and not by_rules]
    assert len(contract_reads) == 1, contract_reads
