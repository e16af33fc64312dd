"""The documents section of the pathway page and the API's list cost a fixed number of
queries, however many documents the pathway has."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from fagvei.core.registry import pathway_sections
from fagvei.pathways.access import get_pathway_for
from fagvei.pathways.views import _detail_context
from tests.factories import make_document

pytestmark = pytest.mark.django_db

# Through the browser's session (a token adds its own lookup and the rate limit's
# counter in the cache): the session, the user, the user's roles, the pathway with the
# user's follow row, the count, the page of documents with who uploaded them.
LIST_QUERIES = 6


def _section():
    return next(s for s in pathway_sections() if s.key == "documents")


def _loaded(user, pathway_id):
    """The request and the pathway as the pathway page hands them to its sections."""
    request = RequestFactory().get(f"/pathways/{pathway_id}/")
    request.user = user
    pathway = get_pathway_for(user, pathway_id)
    _detail_context(request, pathway)
    return request, pathway


@pytest.mark.parametrize("documents", [1, 12])
@pytest.mark.parametrize("who", ["coordinator", "participant"])
def test_the_section_costs_one_query_whatever_the_number_of_documents(
    request, who, documents, coordinator, pathway, django_assert_num_queries
):
    for i in range(documents):
        make_document(pathway, coordinator, name=f"dokument{i}.pdf")
    user = request.getfixturevalue(who)
    section = _section()
    page_request, loaded = _loaded(user, pathway.pk)
    assert section.max_queries == 1
    with django_assert_num_queries(1):
        context = section.context(page_request, loaded)
        assert context is not None
        render_to_string(section.template, {"pathway": loaded, **context}, request=page_request)
    assert len(context["documents"]) == documents


def test_the_mentor_is_not_shown_the_section_and_it_costs_nothing(
    mentor, coordinator, pathway, django_assert_num_queries
):
    make_document(pathway, coordinator)
    page_request, loaded = _loaded(mentor, pathway.pk)
    with django_assert_num_queries(0):
        assert _section().context(page_request, loaded) is None


@pytest.mark.parametrize("documents", [1, 30])
def test_the_api_list_costs_its_pinned_queries_whatever_the_number(
    documents, coordinator, pathway, django_assert_num_queries
):
    for i in range(documents):
        make_document(pathway, coordinator, name=f"dokument{i}.pdf")
    client = Client()
    client.force_login(coordinator)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(f"/api/v1/pathways/{pathway.pk}/documents")
    assert response.status_code == 200
    assert len(response.json()["items"]) == min(documents, 25)
