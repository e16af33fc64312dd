"""The calendar feed in the API: whether the user has one, a new address (shown once),
and turning it off. The same domain functions as the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from fagvei.api.base import REFUSALS, WRITE_REFUSALS, oslo
from fagvei.api.base import lazy as _

from . import services
from .views import feed_url

router = Router(tags=["calendar"])


class FeedOut(Schema):
    active: bool = Field(description="Whether the user has a calendar feed.")
    created_at: dt.datetime | None = Field(description="When its address was made.")
    last_used_at: dt.datetime | None = Field(description="When a calendar last fetched it (to the hour).")


class NewFeedOut(Schema):
    url: str = Field(description="The feed's address. Shown only this once: fagvei keeps only its hash.")
    created_at: dt.datetime


class RevokedOut(Schema):
    active: bool
    revoked: bool = Field(description="False when there was no feed to turn off.")


@router.get(
    "/calendar",
    response={200: FeedOut, **REFUSALS},
    summary=_("Show my calendar feed"),
    description=_("Whether the user has a calendar feed, when its address was made and when it was last fetched."),
)
def get_feed(request: HttpRequest) -> Any:
    feed = services.live_feed(request.user)
    return {
        "active": feed is not None,
        "created_at": oslo(feed.created_at) if feed else None,
        "last_used_at": oslo(feed.last_used_at) if feed else None,
    }


@router.post(
    "/calendar/regenerate",
    response={200: NewFeedOut, **WRITE_REFUSALS},
    summary=_("Make a new calendar feed address"),
    description=_(
        "A new secret address of the user's calendar feed (iCalendar) of their meetings and deadlines; the old "
        "address stops working at once. The address is in this answer only."
    ),
)
def regenerate_feed(request: HttpRequest) -> Any:
    token, secret = services.create_or_regenerate(request.user)
    return {"url": feed_url(request, secret), "created_at": oslo(token.created_at)}


@router.delete(
    "/calendar",
    response={200: RevokedOut, **WRITE_REFUSALS},
    summary=_("Turn my calendar feed off"),
    description=_("The feed's address stops working at once."),
)
def revoke_feed(request: HttpRequest) -> Any:
    return {"active": False, "revoked": services.revoke(request.user)}
