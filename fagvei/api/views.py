"""The pages of the API: the user's own access tokens, and the API's documentation,
rendered here from the OpenAPI document (no script, no CDN: it works under the CSP and
without JavaScript)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fagvei.core.forms import perform, submit

from . import services
from .forms import TokenForm
from .models import AccessToken


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    made = submit(
        request,
        form,
        lambda data: services.create_token(actor=request.user, name=data["name"], expires_on=data["expires_on"]),
    )
    secret = None
    if made:
        token, secret = made
        form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": AccessToken.objects.filter(user_id=int(request.user.pk or 0)).order_by("-created_at", "-id"),
        "now": timezone.now(),
    }
    response = render(request, "api/tokens.html", context)
    # The secret is shown once: no cache keeps the page.
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's token is not found, as if it did not exist.
    get_object_or_404(AccessToken, pk=pk, user_id=int(request.user.pk or 0))
    perform(
        request,
        lambda: services.revoke_token(actor=request.user, token_id=pk),
        _("The token has been revoked. Integrations using it are refused from now on."),
    )
    return redirect("api_tokens")


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    from .urls import api

    schema = api.get_openapi_schema(path_prefix=request.path.removesuffix("docs"))
    return render(
        request,
        "api/docs.html",
        {"schema": schema, "operations": _operations(schema), "schemas": _schemas(schema)},
    )


def _schemas(schema: Any) -> list[dict[str, Any]]:
    """Each schema with its fields as a list (a field may be called "items", which a
    template would take for the dict's method)."""
    found = []
    for name, spec in schema.get("components", {}).get("schemas", {}).items():
        required = set(spec.get("required", []))
        fields = [
            {
                "name": field,
                "required": field in required,
                "type": prop.get("type")
                or _ref_name(prop)
                or " | ".join(str(o.get("type") or _ref_name(o)) for o in prop.get("anyOf", [])),
                "format": prop.get("format", ""),
                "description": prop.get("description", ""),
            }
            for field, prop in spec.get("properties", {}).items()
        ]
        found.append(
            {"name": name, "description": spec.get("description", ""), "fields": fields, "enum": spec.get("enum", [])}
        )
    return found


METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema: Any) -> list[dict[str, Any]]:
    """Each operation with its parameters, body and responses, grouped by tag in order."""
    found = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
            found.append(
                {
                    "tag": (op.get("tags") or [""])[0],
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": op.get("parameters", []),
                    "body": _ref_name(body),
                    "responses": [
                        {"status": status, "description": r.get("description", ""), "schema": _response_schema(r)}
                        for status, r in sorted(op.get("responses", {}).items())
                    ],
                }
            )
    return sorted(found, key=lambda o: (o["tag"], o["path"], METHODS.index(o["method"].lower())))


def _ref_name(schema: Any) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    return str(schema.get("title") or schema.get("type") or "")


def _response_schema(response: Any) -> str:
    return _ref_name((response.get("content") or {}).get("application/json", {}).get("schema"))
