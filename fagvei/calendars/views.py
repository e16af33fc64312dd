"""The calendar page (where a user makes, renews or turns off their feed) and the feed
itself, which a calendar service fetches with the secret in its address and no login."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from . import feeds, services
from .access import get_feed_for


def base_url(request: HttpRequest) -> str:
    """Where fagvei is reached from outside: FAGVEI_BASE_URL, else the request's host."""
    return settings.FAGVEI_BASE_URL or request.build_absolute_uri("/").rstrip("/")


def feed_url(request: HttpRequest, secret: str) -> str:
    return base_url(request) + reverse("calendar_feed", kwargs={"secret": secret})


def _page(request: HttpRequest, new_url: str | None = None) -> HttpResponse:
    context = {"feed": services.live_feed(request.user), "new_url": new_url}
    if new_url:
        # Outlook and Apple's calendars open a webcal: address in the calendar program.
        context["webcal_url"] = "webcal" + new_url[new_url.index(":") :]
    response = render(request, "calendars/calendar.html", context)
    # The page may hold the feed's address, shown this once: no cache keeps it.
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def calendar_new(request: HttpRequest) -> HttpResponse:
    # The address is shown in this answer, not after a redirect: only its hash is kept,
    # and it must not pass through a URL, the session or a message.
    _token, secret = services.create_or_regenerate(request.user)
    return _page(request, new_url=feed_url(request, secret))


@login_required
@require_POST
def calendar_off(request: HttpRequest) -> HttpResponse:
    if services.revoke(request.user):
        messages.success(request, _("The calendar feed is turned off. Calendars subscribed to it get nothing more."))
    else:
        messages.info(request, _("You have no calendar feed to turn off."))
    return redirect("calendar")


def _unlogged(response: HttpResponse) -> HttpResponse:
    # Django logs every 4xx answer with the request's path, and here the path holds a
    # secret (perhaps one recently revoked, or mistyped by one character): mark the
    # answer as logged already.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    token = get_feed_for(secret)
    if token is None:
        return _unlogged(HttpResponse(_("Not found."), status=404, content_type="text/plain; charset=utf-8"))
    wait = services.over_rate(token)
    if wait is not None:
        response = HttpResponse(
            _("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": wait},
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(wait)
        return _unlogged(response)
    services.note_use(token)
    response = HttpResponse(
        feeds.build(token.user, base_url=base_url(request)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="fagvei.ics"'
    # Personal data: no shared cache (a proxy) may keep it.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
