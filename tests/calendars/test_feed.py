"""The calendar feed as a calendar program reads it: a valid iCalendar document of the
user's own deadlines (all-day) and meetings (at their Oslo times, summer time too),
nothing of anyone else's, and nothing a calendar service should not keep."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from fagvei.accounts.models import Role
from fagvei.calendars import feeds, services
from fagvei.followup.services import schedule_meeting
from tests.calendars.conftest import OSLO, at, fetch
from tests.factories import make_user

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _calendar(response: Any) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict[str, Any]:
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_is_a_calendar_a_program_can_read(cast):
    calendar = _calendar(fetch(cast.coordinator))
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == feeds.PRODID
    assert str(calendar["x-wr-calname"]) == "fagvei"
    assert str(calendar["x-wr-timezone"]) == "Europe/Oslo"
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    for event in calendar.walk("VEVENT"):
        assert event["uid"] and event["dtstamp"] and event["dtstart"] and event["dtend"] and event["summary"]


def test_the_timezone_in_the_feed_keeps_oslos_summer_time(cast):
    zone = _calendar(fetch(cast.coordinator)).walk("VTIMEZONE")[0].to_tz()
    assert dt.datetime(2027, 3, 28, 1, 30, tzinfo=zone).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2027, 3, 28, 3, 30, tzinfo=zone).utcoffset() == dt.timedelta(hours=2)
    assert dt.datetime(2027, 10, 31, 2, 30, tzinfo=zone).utcoffset() == dt.timedelta(hours=2)
    assert dt.datetime(2027, 10, 31, 3, 30, tzinfo=zone).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2031, 3, 30, 12, 0, tzinfo=zone).utcoffset() == dt.timedelta(hours=2)


def test_the_coordinator_sees_the_pathways_meetings_at_their_oslo_times(cast):
    events = _events(_calendar(fetch(cast.coordinator)))
    assessment = events["Vurderingssamtale – Amina"]
    assert assessment.decoded("dtstart") == at(10, 10)
    assert assessment.decoded("dtstart").astimezone(UTC) == dt.datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
    assert assessment.decoded("dtend") - assessment.decoded("dtstart") == dt.timedelta(hours=1)
    assert str(assessment["location"]) == "Møterom 2, rådhuset"
    assert str(assessment["status"]) == "CONFIRMED"
    assert str(assessment["url"]) == f"http://testserver/meetings/{cast.assessment.pk}/"
    group = events["Møte i prosjektgruppen – Prosjektgruppa Testvik"]
    # After the change: 13:00 in Oslo is 11:00 UTC.
    assert group.decoded("dtstart").astimezone(UTC) == dt.datetime(2027, 4, 5, 11, 0, tzinfo=UTC)


def test_a_meeting_across_the_change_to_summer_time_lasts_an_hour(cast):
    body = fetch(cast.coordinator).content.decode()
    assert "DTSTART;TZID=Europe/Oslo:20270328T013000" in body
    assert "DTEND;TZID=Europe/Oslo:20270328T033000" in body
    closing = _events(Calendar.from_ical(body))["Avslutningsmøte – Amina"]
    starts, ends = closing.decoded("dtstart"), closing.decoded("dtend")
    assert starts.astimezone(UTC) == dt.datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    assert ends.astimezone(UTC) == dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


def test_deadlines_are_all_day_events_on_their_day(cast):
    events = _events(_calendar(fetch(cast.coordinator)))
    police = events["Frist: Dokumentasjon før oppstart – Amina"]
    assert police.decoded("dtstart") == dt.date(2027, 3, 22)
    assert police.decoded("dtend") == dt.date(2027, 3, 23)
    assert "VALUE=DATE" in police["dtstart"].to_ical().decode() or police["dtstart"].params.get("VALUE") == "DATE"
    assert "seed 002" in str(police["description"])
    action = events["Frist: Oppfølgingspunkt fra et møte – Amina"]
    assert action.decoded("dtstart") == dt.date(2027, 3, 15)


def test_a_cancelled_meeting_and_one_outside_the_window_are_left_out(cast):
    late = schedule_meeting(
        actor=cast.coordinator,
        pathway_id=cast.pathway.pk,
        kind="transition",
        starts_at=at(1, 9) + feeds.MEETINGS_AHEAD + dt.timedelta(days=1),
        invitees=[cast.participant.person_id],
    )
    body = fetch(cast.coordinator).content.decode()
    assert "Nettverksmøte" not in body
    assert f"/meetings/{cast.cancelled.pk}/" not in body
    assert f"/meetings/{late.pk}/" not in body


# Who sees what ------------------------------------------------------------------------


def _meeting_links(user: Any) -> set[str]:
    calendar = _calendar(fetch(user))
    return {str(e["url"]) for e in calendar.walk("VEVENT") if "/meetings/" in str(e["url"]) and e.get("location")} | {
        str(e["url"]) for e in calendar.walk("VEVENT") if isinstance(e.decoded("dtstart"), dt.datetime)
    }


def _link(meeting: Any) -> str:
    return f"http://testserver/meetings/{meeting.pk}/"


def test_the_coordinator_has_the_meetings_of_the_pathway_they_run_and_the_group_meetings_they_planned(cast):
    assert _meeting_links(cast.coordinator) == {_link(cast.assessment), _link(cast.summer), _link(cast.group_meeting)}


def test_the_mentor_has_the_meeting_they_are_invited_to_and_their_groups(cast):
    assert _meeting_links(cast.mentor) == {_link(cast.assessment), _link(cast.group_meeting)}
    summaries = set(_events(_calendar(fetch(cast.mentor))))
    # The police certificate is for those who manage the pathway.
    assert not any("oppstart" in s for s in summaries)


def test_the_participant_has_their_meetings_and_their_own_action_item(cast):
    assert _meeting_links(cast.participant) == {_link(cast.assessment), _link(cast.summer)}
    summaries = set(_events(_calendar(fetch(cast.participant))))
    assert "Frist: Oppfølgingspunkt fra et møte – Amina" in summaries
    assert not any("oppstart" in s for s in summaries)


def test_a_user_without_scope_gets_an_empty_calendar(cast):
    calendar = _calendar(fetch(cast.outsider))
    assert calendar.walk("VEVENT") == []


def test_a_coordinator_elsewhere_sees_only_their_own(cast):
    body = fetch(cast.other_coordinator).content.decode()
    assert _link(cast.elsewhere) in body
    assert "Amina" not in body
    for meeting in (cast.assessment, cast.summer, cast.group_meeting):
        assert _link(meeting) not in body
    for user in (cast.coordinator, cast.mentor, cast.participant, cast.outsider):
        body = fetch(user).content.decode()
        assert "Bjørn" not in body and _link(cast.elsewhere) not in body


def test_the_administrators_feed_has_only_what_is_theirs_not_the_whole_country(cast, municipality):
    admin = make_user(Role.ADMIN, municipality, username="sjefen")
    assert _calendar(fetch(admin)).walk("VEVENT") == []


# What a feed never says -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "mentor", "participant"])
def test_no_surname_note_agenda_or_special_category_word_reaches_the_feed(cast, who):
    body = fetch(getattr(cast, who)).content.decode().lower()
    for word in (
        "solbergsen",
        "fadderudsen",
        "hemmeligsen",
        "politiattest",
        "police",
        "politi",
        "helse og sykemelding",
        "sykemelding",
        "ring legen",
    ):
        assert word not in body, word


def test_uids_are_stable_and_say_nothing(cast):
    first = [str(e["uid"]) for e in _calendar(fetch(cast.coordinator)).walk("VEVENT")]
    again = [str(e["uid"]) for e in _calendar(fetch(cast.coordinator)).walk("VEVENT")]
    assert first == again
    assert len(set(first)) == len(first)
    for uid in first:
        local, _at, domain = uid.partition("@")
        assert domain == "fagvei" and len(local) == 32 and all(c in "0123456789abcdef" for c in local)


def test_the_links_use_the_configured_address(cast, settings):
    settings.FAGVEI_BASE_URL = "https://fagvei.testvik.kommune.no"
    body = fetch(cast.coordinator).content.decode()
    assert f"https://fagvei.testvik.kommune.no/meetings/{cast.assessment.pk}/" in body
    assert "testserver" not in body


# The answer itself ----------------------------------------------------------------------


def test_the_answer_is_private_and_sets_no_cookie(cast):
    response = fetch(cast.coordinator)
    assert "private" in response["Cache-Control"]
    assert not response.cookies


def test_a_calendar_program_asking_for_the_head_only_is_answered(cast):
    _token, secret = services.create_or_regenerate(cast.coordinator)
    assert Client().head(f"/calendar/feed/{secret}.ics").status_code == 200
    assert Client().post(f"/calendar/feed/{secret}.ics").status_code == 405


def test_the_feed_is_bounded(cast, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_MEETINGS", 2)
    calendar = _calendar(fetch(cast.coordinator))
    timed = [e for e in calendar.walk("VEVENT") if isinstance(e.decoded("dtstart"), dt.datetime)]
    assert [e.decoded("dtstart") for e in timed] == [at(10, 10), at(28, 1, 30)]


def _queries(user: Any) -> int:
    _token, secret = services.create_or_regenerate(user)
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/calendar/feed/{secret}.ics").status_code == 200
    return len(queries)


def test_the_feed_costs_the_same_queries_for_two_meetings_or_twenty(cast, django_assert_max_num_queries):
    few = _queries(cast.coordinator)
    for day in range(1, 19):
        schedule_meeting(
            actor=cast.coordinator,
            pathway_id=cast.pathway.pk,
            kind="network",
            starts_at=at(day, 12, month=5),
            invitees=[cast.participant.person_id],
        )
    many = _queries(cast.coordinator)
    assert many == few
    # The token, the rate count (a dozen on the database cache, one or two on Redis), the
    # last use, the scope, one query per deadline rule (the exams' five rules share two:
    # fagvei/exams/deadlines.py; the concerns' plan goals and next meeting one each), and
    # the meetings.
    _token, secret = services.create_or_regenerate(cast.coordinator)
    with django_assert_max_num_queries(32):
        Client().get(f"/calendar/feed/{secret}.ics")


def test_meeting_times_are_aware_and_in_oslo(cast):
    calendar = _calendar(fetch(cast.participant))
    for event in calendar.walk("VEVENT"):
        start = event.decoded("dtstart")
        if isinstance(start, dt.datetime):
            assert start.tzinfo is not None
            assert start.utcoffset() == start.astimezone(OSLO).utcoffset()
