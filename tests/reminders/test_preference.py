"""Each user chooses their own e-mail reminders, on the page and in the API: daily by
default, weekly on a day, or none. Only their own; bad input is refused in Norwegian on
the field at fault, and nothing is half saved; every change is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from fagvei.audit.models import Event
from fagvei.reminders.models import Preference
from tests.api.conftest import ApiClient
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db

URL = "/reminders/"


def test_the_address_is_the_pages() -> None:
    assert reverse("reminder_preference") == URL


def test_anonymous_is_sent_to_the_login(client: Any) -> None:
    for response in (client.get(URL), client.post(URL, {"digest": "none"})):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert not Preference.objects.exists()


def test_a_user_who_has_not_chosen_sees_the_daily_digest_chosen(client: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Påminnelser på e-post" in html
    assert '<option value="daily" selected' in html
    assert response.context["form"]["version"].value() == 0
    # The header links to the page.
    assert f'href="{URL}"' in html


def test_choosing_weekly_on_friday_saves_it_and_is_audited(client: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    response = client.post(URL, {"digest": "weekly", "weekday": "4", "version": "0"})
    assert response.status_code == 302
    saved = Preference.objects.get(user=coordinator)
    assert (saved.digest, saved.weekday, saved.version) == ("weekly", 4, 1)
    event = Event.objects.get(verb="reminders.preference_changed")
    assert event.actor == coordinator
    assert event.data == {"digest": "weekly", "weekday": 4, "before": None}
    assert "lagret" in client.get(URL).content.decode()


def test_choosing_none_and_back_keeps_the_weekday(client: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    client.post(URL, {"digest": "weekly", "weekday": "2", "version": "0"})
    client.post(URL, {"digest": "none", "version": "1"})
    saved = Preference.objects.get(user=coordinator)
    assert (saved.digest, saved.weekday, saved.version) == ("none", 2, 2)
    assert Event.objects.filter(verb="reminders.preference_changed").count() == 2


def test_saving_the_same_choice_again_changes_nothing(client: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    client.post(URL, {"digest": "daily", "weekday": "0", "version": "0"})
    client.post(URL, {"digest": "daily", "weekday": "0", "version": "1"})
    assert Preference.objects.get(user=coordinator).version == 1
    assert Event.objects.filter(verb="reminders.preference_changed").count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"digest": "hourly"}, "digest", "Velg daglig, ukentlig eller ingen."),
        ({}, "digest", "Velg daglig, ukentlig eller ingen."),
        ({"digest": "weekly", "weekday": "7"}, "weekday", "Velg en dag fra mandag til søndag."),
        ({"digest": "weekly", "weekday": "fredag"}, "weekday", "Velg en dag fra mandag til søndag."),
        ({"digest": "weekly"}, "weekday", "Velg hvilken dag den ukentlige e-posten skal komme."),
    ],
)
def test_bad_input_is_refused_on_its_field_in_norwegian_and_nothing_is_saved(
    client: Any, coordinator: Any, data: dict[str, str], field: str, message: str
) -> None:
    client.force_login(coordinator)
    response = client.post(URL, data)
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    assert not Preference.objects.exists()
    assert not Event.objects.filter(verb="reminders.preference_changed").exists()


def test_a_save_based_on_an_older_version_is_refused(client: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    client.post(URL, {"digest": "weekly", "weekday": "1", "version": "0"})
    # A second tab, opened before the first save, still says version 0.
    response = client.post(URL, {"digest": "none", "version": "0"})
    assert response.status_code == 422
    assert "Endret av en annen mens du redigerte" in response.content.decode()
    assert Preference.objects.get(user=coordinator).digest == "weekly"


def test_each_user_changes_only_their_own(client: Any, coordinator: Any, other_coordinator: Any) -> None:
    client.force_login(coordinator)
    client.post(URL, {"digest": "none", "version": "0"})
    client.force_login(other_coordinator)
    assert client.get(URL).context["form"]["digest"].value() == "daily"
    client.post(URL, {"digest": "weekly", "weekday": "3", "version": "0", "user": str(coordinator.pk)})
    assert Preference.objects.get(user=coordinator).digest == "none"
    assert Preference.objects.get(user=other_coordinator).digest == "weekly"


def test_the_page_costs_a_bounded_number_of_queries(
    client: Any, coordinator: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(coordinator)
    client.get(URL)
    # The session and the user, the scope for the menu, the preference: the same with a row.
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200
    client.post(URL, {"digest": "weekly", "weekday": "4", "version": "0"})
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200


# The API ---------------------------------------------------------------------------------


def test_the_api_reads_and_changes_the_users_own(coordinator: Any) -> None:
    api = ApiClient(make_token(coordinator)[1])
    assert api.get("/reminders/preference").json() == {"digest": "daily", "weekday": 0, "version": 0}
    response = api.send("PUT", "/reminders/preference", {"digest": "weekly", "weekday": 4, "version": 0})
    assert response.status_code == 200
    assert response.json() == {"digest": "weekly", "weekday": 4, "version": 1}
    # The page shows what the API saved.
    assert Preference.objects.get(user=coordinator).weekday == 4
    assert Event.objects.filter(verb="reminders.preference_changed", actor=coordinator).count() == 1


def test_the_api_refuses_anonymous_requests() -> None:
    anonymous = ApiClient()
    assert anonymous.get("/reminders/preference").status_code == 401
    assert anonymous.send("PUT", "/reminders/preference", {"digest": "none"}).status_code == 401


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"digest": "hourly"}, "digest", "Velg daglig, ukentlig eller ingen."),
        ({"digest": "weekly", "weekday": 9}, "weekday", "Velg en dag fra mandag til søndag."),
        ({"digest": "weekly"}, "weekday", "Velg hvilken dag den ukentlige e-posten skal komme."),
        ({"weekday": 1}, "digest", "Feltet er påkrevet."),
    ],
)
def test_the_api_refuses_bad_input_naming_the_field(
    coordinator: Any, body: dict[str, Any], field: str, message: str
) -> None:
    response = ApiClient(make_token(coordinator)[1]).send("PUT", "/reminders/preference", body)
    assert response.status_code == 422
    assert {"field": field, "message": message} in response.json()["errors"]
    assert not Preference.objects.exists()


def test_the_api_refuses_a_stale_version_with_409(coordinator: Any) -> None:
    api = ApiClient(make_token(coordinator)[1])
    api.send("PUT", "/reminders/preference", {"digest": "none", "version": 0})
    response = api.send("PUT", "/reminders/preference", {"digest": "daily", "version": 0})
    assert response.status_code == 409
    assert Preference.objects.get(user=coordinator).digest == "none"


def test_a_participant_chooses_their_own_too() -> None:
    participant = make_user(None, username="deltakeren")
    api = ApiClient(make_token(participant)[1])
    assert api.send("PUT", "/reminders/preference", {"digest": "none"}).status_code == 200
    assert Preference.objects.get(user=participant).digest == "none"
