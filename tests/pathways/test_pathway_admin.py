"""The administrator can look pathways up in the admin, but never change them there:
a pathway changes only through its domain functions."""

import pytest

from fagvei.pathways.models import Pathway
from tests.factories import make_pathway, make_user

pytestmark = pytest.mark.django_db


def test_the_admin_lists_pathways_read_only(client, scheme, coordinator):
    pathway = make_pathway(scheme, coordinator=coordinator)
    admin = make_user(None, superuser=True, username="admin")
    client.force_login(admin)
    listing = client.get("/admin/pathways/pathway/?q=" + pathway.participant.last_name)
    assert listing.status_code == 200
    assert pathway.participant.last_name in listing.content.decode()
    assert client.get("/admin/pathways/pathway/add/").status_code == 403
    assert client.post(f"/admin/pathways/pathway/{pathway.pk}/delete/", {"post": "yes"}).status_code == 403
    change = client.post(f"/admin/pathways/pathway/{pathway.pk}/change/", {"stage": "completed"})
    assert change.status_code in (302, 403) or "stage" not in change.content.decode()
    assert Pathway.objects.get(pk=pathway.pk).stage == "referred"


def test_a_coordinator_does_not_reach_the_admin(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/pathways/pathway/").status_code == 302
