"""The digest as an e-mail (issue 12; DOMAIN.md, "Privacy"): the user greeted by first
name; for each deadline the participant's first name only, what is due (a rule about
special-category data by its neutral label: never the police certificate by name), the
day, and a link into fagvei. No surnames, no text typed into a case (``Item.detail``),
no citation. Names are read now, from the deadline engine, never from the outbox row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from fagvei.core.deadlines import Item
from fagvei.deadlines import engine

from .access import preference_for
from .models import Reminder
from .planning import ITEM_LIMIT, ahead_days, item_key

# Lines per section; the rest are behind the link to the deadline list.
SHOWN = 25


@dataclass(frozen=True)
class Line:
    first_name: str
    label: str
    due: dt.date
    link: str


@dataclass(frozen=True)
class Digest:
    greeting_name: str
    soon: list[Line]
    soon_more: int
    missed: list[Line]
    missed_more: int


def absolute(path: str) -> str:
    return f"{settings.FAGVEI_BASE_URL}{path}"


def message_id(reminder: Reminder) -> str:
    """The same for every send of one reminder, so a resend is recognised as one."""
    host = urlsplit(settings.FAGVEI_BASE_URL).hostname or "localhost"
    return f"<reminder.{reminder.pk}.{reminder.period:%Y%m%d}@{host}>"


def _link(item: Item) -> str:
    """Where the line leads. A rule with a neutral label is not named by its link either:
    the police certificate's page has it in its address, so the line leads to the
    pathway's page (which every manager of the pathway, the rule's audience, may open)."""
    if item.rule.neutral_label is None:
        return absolute(item.url)
    if item.pathway_id is not None:
        return absolute(reverse("pathway_detail", args=[item.pathway_id]))
    return absolute(reverse("deadline_list"))


def _line(item: Item) -> Line:
    # public_label(): the neutral label where the rule has one (the police certificate).
    return Line(first_name=item.first_name, label=str(item.rule.public_label()), due=item.due, link=_link(item))


def _section(keys: list[str], current: dict[str, Item]) -> tuple[list[Line], int]:
    lines = [_line(current[key]) for key in keys if key in current]
    return lines[:SHOWN], max(0, len(lines) - SHOWN)


def digest_for(reminder: Reminder) -> Digest | None:
    """What the reminder tells its user now: the planned deadlines they still have, as
    the engine gives them today (one done since, or no longer in the user's scope, is
    left out); None when none is left."""
    user = reminder.user
    found = engine.for_user(user, horizon_days=ahead_days(preference_for(user)), limit=ITEM_LIMIT, personal=True)
    current = {item_key(item): item for item in found.items}
    payload = reminder.payload or {}
    soon, soon_more = _section([e["key"] for e in payload.get("soon", [])], current)
    missed, missed_more = _section([e["key"] for e in payload.get("missed", [])], current)
    if not soon and not missed:
        return None
    person = getattr(user, "person", None) if user.person_id else None
    name = user.first_name or (person.first_name if person is not None else "")
    return Digest(name, soon, soon_more, missed, missed_more)


def build_message(reminder: Reminder, connection: Any = None) -> EmailMultiAlternatives | None:
    """The reminder's e-mail, in plain text and HTML, or None when there is nothing to
    send any more (no address, or every deadline in it done)."""
    address = (reminder.user.email or "").strip()
    if not address or not reminder.user.is_active:
        return None
    digest = digest_for(reminder)
    if digest is None:
        return None
    # fagvei keeps no language per user: the e-mail is in the installation's language (nb).
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "digest": digest,
            "deadlines_url": absolute(reverse("deadline_list")),
            "preference_url": absolute(reverse("reminder_preference")),
        }
        subject = _("Deadlines in fagvei")
        text = render_to_string("reminders/email/digest.txt", context)
        html = render_to_string("reminders/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[address],
        connection=connection,
        headers={
            "Message-ID": message_id(reminder),
            # RFC 3834: an automatic message; out-of-office replies are not wanted.
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
