"""The iCalendar document of a user's feed: their deadlines as all-day events and their
meetings at their times in Europe/Oslo.

What a feed may say (DOMAIN.md "Privacy"): a calendar service keeps what it fetches, out
of fagvei's reach, so an event says what is due or which meeting it is, the first name of
the participant it concerns, and a link into fagvei, where the rest is behind the login.
Never a surname, a typed note, an agenda or minutes; a rule whose label names
special-category data (the police certificate) by its neutral label, linking to the
pathway rather than to the page named after it. UIDs are keyed hashes of the items'
stable keys, so they say nothing either.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from fagvei.core import clock
from fagvei.core.deadlines import Item
from fagvei.followup.models import shown_kind

from .access import feed_deadlines, feed_meetings

OSLO = ZoneInfo("Europe/Oslo")
# The window of the feed: overdue deadlines and those up to DEADLINE_DAYS ahead; the
# meetings of the last MEETINGS_BACK days and the next MEETINGS_AHEAD.
DEADLINE_DAYS = 90
MEETINGS_BACK = dt.timedelta(days=30)
MEETINGS_AHEAD = dt.timedelta(days=180)
# A bounded feed: at most this many of each.
MAX_DEADLINES = 200
MAX_MEETINGS = 300
# fagvei records when a meeting starts, not how long it lasts.
MEETING_LENGTH = dt.timedelta(hours=1)
PRODID = "-//fagvei//fagvei//NB"
UID_DOMAIN = "fagvei"


def _uid(key: str) -> str:
    # Keyed with the site's secret key: an item's key names its kind and ids, and a plain
    # hash of so few possibilities could be reversed.
    return f"{salted_hmac('fagvei.calendars.uid', key).hexdigest()[:32]}@{UID_DOMAIN}"


def _oslo_timezone() -> Timezone:
    """Europe/Oslo as the EU's summer-time rule: from the last Sunday of March 02:00 to
    the last Sunday of October 03:00, local time."""
    zone = Timezone()
    zone.add("tzid", "Europe/Oslo")
    zone.add("x-lic-location", "Europe/Oslo")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    summer.add("dtstart", dt.datetime(1981, 3, 29, 2, 0))  # noqa: DTZ001 - a VTIMEZONE's floating local time
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    zone.add_component(summer)
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    winter.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))  # noqa: DTZ001 - a VTIMEZONE's floating local time
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    zone.add_component(winter)
    return zone


def _deadline_event(item: Item, base_url: str, stamp: dt.datetime) -> Event:
    rule = item.rule
    # The pathway page (or the deadline list), not the page a special-category rule is
    # done on: its address names what it is about.
    if rule.neutral_label:
        path = reverse("pathway_detail", args=[item.pathway_id]) if item.pathway_id else reverse("deadline_list")
    else:
        path = item.url
    link = base_url + path
    # The participant by first name; an item about a group or an organisation by its name.
    who = item.first_name if item.pathway_id is not None else item.subject
    what = str(rule.public_label())
    event = Event()
    event.add("uid", _uid(f"deadline:{item.key or rule.code + ':' + path}"))
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due)
    event.add("dtend", item.due + dt.timedelta(days=1))
    event.add("summary", _("Deadline: %(what)s – %(who)s") % {"what": what, "who": who} if who else what)
    event.add("description", f"{rule.citation}\n{link}" if rule.citation else link)
    event.add("url", link)
    event.add("transp", "TRANSPARENT")
    event.add("categories", [_("Deadline")])
    return event


def _meeting_event(row: dict[str, Any], base_url: str) -> Event:
    # A concern meeting (seed 004) goes by the neutral title and links to its concern's
    # page, which decides who may open it: never its kind, a category or the agenda.
    if row["concern_id"] is not None:
        link = base_url + reverse("concern_detail", args=[row["concern_id"]])
    else:
        link = base_url + reverse("meeting_detail", args=[row["pk"]])
    kind = shown_kind(row["kind"])
    who = row["pathway__participant__first_name"] if row["pathway_id"] is not None else row["group__name"]
    starts = row["starts_at"].astimezone(OSLO)
    event = Event()
    event.add("uid", _uid(f"meeting:{row['pk']}"))
    event.add("dtstamp", row["changed_at"])
    event.add("last-modified", row["changed_at"])
    event.add("sequence", max(int(row["version"]) - 1, 0))
    event.add("dtstart", starts)
    # Added as a duration and then shown in Oslo time, so a meeting across the change to
    # or from summer time lasts as long as any other.
    event.add("dtend", (row["starts_at"] + MEETING_LENGTH).astimezone(OSLO))
    event.add("summary", f"{kind} – {who}" if who else kind)
    if row["place"]:
        event.add("location", row["place"])
    event.add("description", link)
    event.add("url", link)
    # Cancelled meetings are left out of the feed, which removes them from the calendar.
    event.add("status", "CONFIRMED")
    return event


def build(user: Any, *, base_url: str) -> bytes:
    """The user's feed as iCalendar bytes (UTF-8), in the site's language."""
    now = clock.now()
    with override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", "fagvei")
        calendar.add("x-wr-caldesc", _("Your meetings and deadlines in fagvei"))
        calendar.add("x-wr-timezone", "Europe/Oslo")
        # How often a calendar service should fetch it again (RFC 7986; Outlook's own).
        calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
        calendar.add_component(_oslo_timezone())
        for item in feed_deadlines(user, horizon_days=DEADLINE_DAYS, limit=MAX_DEADLINES):
            calendar.add_component(_deadline_event(item, base_url, now))
        meetings = feed_meetings(user, since=now - MEETINGS_BACK, until=now + MEETINGS_AHEAD, limit=MAX_MEETINGS)
        for row in meetings:
            calendar.add_component(_meeting_event(row, base_url))
        return calendar.to_ical()
