"""The /api/v1/ door (ARCHITECTURE.md): one NinjaAPI that every app's ``api.py`` router
plugs into, how a request is authenticated, and how every refusal reads.

The conventions (docs/api.md): outside the user's scope is 404, the same answer as an
id that does not exist; a read-only user writing is 403; a stale ``version`` is 409; a
domain refusal, bad JSON or a wrong type is 422 with Norwegian messages, each naming
its field. A failed or expired token is 401, too many requests from a token 429.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from fagvei.core.domain import DomainError, StaleObject
from fagvei.core.registry import api_routers

from .services import TokenRefused, over_rate, token_for

# The summaries and descriptions of the operations, translated when the OpenAPI document
# or the documentation page is rendered (ninja types them as str; a lazy string is one).
lazy: Callable[[str], str] = gettext_lazy  # type: ignore[assignment]


def oslo(value: Any) -> Any:
    """A datetime as the API gives it: aware, with the Europe/Oslo offset (docs/api.md)."""
    return timezone.localtime(value) if value is not None else None


class ApiError(Exception):
    """A refusal with its HTTP status, a message for a person, and extra headers."""

    def __init__(self, status: int, detail: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(str(detail))
        self.status = status
        self.detail = str(detail)
        self.headers = headers or {}


class FieldError(Schema):
    field: str | None
    message: str


class Problem(Schema):
    """Every refusal: a message for a person, and for bad input one line per field."""

    detail: str
    errors: list[FieldError] = []


# The responses every operation may give besides its own (documented on each).
REFUSALS: dict[int, Any] = {401: Problem, 404: Problem, 422: Problem, 429: Problem}
WRITE_REFUSALS: dict[int, Any] = {**REFUSALS, 403: Problem, 409: Problem}


class TokenAuth(HttpBearer):
    """``Authorization: Bearer fagvei_…``: the request acts as the token's user. The
    header's value is never logged."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ApiError(401, _("Send the access token as: Authorization: Bearer <token>."))
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            found = token_for(token)
        except TokenRefused as exc:
            raise ApiError(401, exc.message) from None
        wait = over_rate(found)
        if wait is not None:
            raise ApiError(
                429,
                _("Too many requests with this access token. Try again in %(seconds)s seconds.") % {"seconds": wait},
                {"Retry-After": str(wait)},
            )
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class BrowserSession(SessionAuth):
    """The logged-in browser: unsafe methods need the CSRF header (X-CSRFToken)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.csrf and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and check_csrf(request):
            raise ApiError(403, _("The CSRF check failed: send the X-CSRFToken header from the page's cookie."))
        return request.COOKIES.get(self.param_name)


def _problem(api: NinjaAPI, request: HttpRequest, status: int, detail: Any, errors: Any = ()) -> HttpResponse:
    body = {"detail": str(detail), "errors": [{"field": f, "message": str(m)} for f, m in errors]}
    return api.create_response(request, body, status=status)


# How pydantic's error types read to a person (Django's own messages where it has one).
TYPE_MESSAGES: dict[str, str] = {
    "missing": "This field is required.",
    "int_parsing": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "date_parsing": "Enter a valid date.",
    "date_type": "Enter a valid date.",
    "date_from_datetime_parsing": "Enter a valid date.",
    "date_from_datetime_inexact": "Enter a valid date.",
    "datetime_parsing": "Enter a valid date/time.",
    "datetime_type": "Enter a valid date/time.",
}


def _field_message(error: dict[str, Any]) -> tuple[str | None, str]:
    loc = [str(part) for part in error.get("loc", ())]
    # ("body", "payload", "first_name") → "first_name"; ("query", "page") → "page"
    if loc[:1] == ["body"]:
        loc = loc[2:]
    elif loc[:1] in (["query"], ["path"]):
        loc = loc[1:]
    field = ".".join(loc) or None
    kind = error.get("type", "")
    if kind == "json_invalid":
        return None, _("The request body is not valid JSON.")
    if kind in TYPE_MESSAGES:
        return field, _(TYPE_MESSAGES[kind])
    if kind in ("string_type", "string_sub_type"):
        return field, _("Enter text.")
    if kind in ("bool_parsing", "bool_type"):
        return field, _("Enter true or false.")
    if kind == "string_too_long":
        limit = (error.get("ctx") or {}).get("max_length")
        return field, _("Enter at most %(limit)s characters.") % {"limit": limit}
    if kind == "extra_forbidden":
        return field, _("This field is not known here.")
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return field, _("Enter a value of the documented type.")
    return field, _("Enter a valid value.")


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="fagvei API",
        version="1",
        description=_doc(),
        auth=[TokenAuth(), BrowserSession()],
        docs_url=None,
        openapi_url="/openapi.json",
        urls_namespace="api",
    )

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = _problem(api, request, exc.status, exc.detail)
        for name, value in exc.headers.items():
            response[name] = value
        return response

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _problem(api, request, 401, _("Log in, or send an access token: Authorization: Bearer <token>."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            # ninja's only 400: a body that is not JSON.
            return _problem(
                api,
                request,
                422,
                _("The request body is not valid JSON."),
                [(None, _("The request body is not valid JSON."))],
            )
        return _problem(api, request, exc.status_code, _("The request was refused."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _problem(api, request, 404, _("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _problem(api, request, 403, _("You may not change this."))

    @api.exception_handler(StaleObject)
    def stale(request: HttpRequest, exc: StaleObject) -> HttpResponse:
        return _problem(api, request, 409, exc, [("version", m) for m in exc.messages])

    @api.exception_handler(DomainError)
    def refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return _problem(api, request, 422, exc, [(exc.field, m) for m in exc.messages])

    @api.exception_handler(FormRefused)
    def invalid_form(request: HttpRequest, exc: FormRefused) -> HttpResponse:
        return _problem(api, request, 422, _("Check the fields named."), exc.errors)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return _problem(api, request, 422, _("Check the fields named."), [_field_message(e) for e in exc.errors])

    for prefix, module in api_routers():
        api.add_router(prefix, import_module(module).router)  # type: ignore[attr-defined]
    return api


class FormRefused(Exception):
    """A form that took the request's data did not accept it: ``errors`` are (field,
    message) pairs, in the form's own Norwegian words."""

    def __init__(self, errors: list[tuple[str | None, str]]) -> None:
        super().__init__("; ".join(m for _f, m in errors))
        self.errors = errors


def valid(form: Any) -> dict[str, Any]:
    """The form's cleaned data, or a 422 naming each field at fault: the API checks what
    the page checks, with the same form."""
    if not form.is_valid():
        raise FormRefused(
            [
                (None if name == "__all__" else name, str(message))
                for name, messages in form.errors.items()
                for message in messages
            ]
        )
    return dict(form.cleaned_data)


def _doc() -> str:
    return (
        "fagvei's open API. Authenticate with a personal access token "
        "(`Authorization: Bearer …`, made under your account) or the browser session "
        "(with the `X-CSRFToken` header for unsafe methods). Conventions: docs/api.md."
    )


class PageLinks(Schema):
    """Where a list page stands: its number, how many pages are offered, how many rows
    (or ``more_than`` when there are more than a list counts), and the next and previous
    pages' addresses."""

    page: int
    pages: int
    count: int | None
    more_than: int | None
    next: str | None
    previous: str | None


def page_links(request: HttpRequest, page: Any) -> dict[str, Any]:
    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    more_than = page.paginator.more_than
    return {
        "page": page.number,
        "pages": page.paginator.num_pages,
        "count": None if more_than else page.paginator.count,
        "more_than": more_than,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }


def form_data(payload: Any, current: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a form takes from a request body: the fields the client sent over the
    current values (an edit changes only what it names), None as empty."""
    data = dict(current or {})
    for name, value in payload.dict(exclude_unset=True).items():
        data[name] = "" if value is None else value
    return data
