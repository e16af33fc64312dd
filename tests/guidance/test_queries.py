"""Each guidance page costs a pinned number of queries, whatever the number of entries,
goals and participants (no query per row)."""

from __future__ import annotations

import pytest

from fagvei.accounts.models import Role
from fagvei.guidance import services
from fagvei.guidance.models import GuidanceEntry
from fagvei.pathways.models import PathwayMember, Stage
from tests.factories import make_pathway, make_person
from tests.guidance.conftest import days_ago

pytestmark = pytest.mark.django_db

# Through the browser's session: the session, the user and the user's roles come first;
# then the pathway (with whether the user follows and manages it), the user's roles on
# it, the page's rows (counted, read, their goals) and the form's goals.
PINNED = {"guidance": 9, "visits": 9, "language": 9, "visit_list": 4}


def _fill(pathway, instructor, trade_teacher, norwegian_teacher, goals, n):
    for i in range(n):
        services.log_guidance(
            actor=instructor, pathway_id=pathway.pk, given_on=days_ago(i), goals=[g.pk for g in goals], note=f"Uke {i}"
        )
        services.record_visit(
            actor=trade_teacher, pathway_id=pathway.pk, visited_on=days_ago(i), observations="Bra", goals=[goals[0].pk]
        )
        services.assess_language(
            actor=norwegian_teacher,
            pathway_id=pathway.pk,
            assessed_on=days_ago(i),
            levels={"reading": "B1", "oral": "A2"},
        )


@pytest.mark.parametrize("n", [1, 12])
def test_the_pathway_pages_do_not_grow_with_the_rows(
    n, pathway, instructor, trade_teacher, norwegian_teacher, goals, client_as, django_assert_max_num_queries
):
    _fill(pathway, instructor, trade_teacher, norwegian_teacher, goals, n)
    for user, part in ((instructor, "guidance"), (trade_teacher, "visits"), (norwegian_teacher, "language")):
        client = client_as(user)
        client.get("/")
        with django_assert_max_num_queries(PINNED[part]):
            assert client.get(f"/pathways/{pathway.pk}/{part}/").status_code == 200


def test_my_participants_costs_the_same_for_many(
    scheme, coordinator, trade_teacher, company, client_as, django_assert_max_num_queries
):
    for i in range(40):
        other = make_pathway(
            scheme,
            participant=make_person("P", f"Deltaker{i:02}"),
            coordinator=coordinator,
            stage=Stage.IN_TRAINING,
            workplace=company,
            started_on=days_ago(100),
        )
        PathwayMember.objects.create(pathway=other, person=trade_teacher.person, role=Role.TRADE_TEACHER)
        if i % 2:
            services.record_visit(
                actor=trade_teacher, pathway_id=other.pk, visited_on=days_ago(i % 20), observations="Bra"
            )
    client = client_as(trade_teacher)
    client.get("/")
    with django_assert_max_num_queries(PINNED["visit_list"]):
        response = client.get("/visits/")
    assert response.status_code == 200
    assert response.content.decode().count("Registrer et besøk") == 41
    assert GuidanceEntry.objects.count() == 0
