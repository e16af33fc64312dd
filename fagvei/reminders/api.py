"""The user's own e-mail reminders in the API: the same form and domain function as the
page (``/reminders/``). No id in the path: nobody reads or changes another's."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from fagvei.api.base import REFUSALS, WRITE_REFUSALS, valid
from fagvei.api.base import lazy as _

from . import services
from .access import preference_for
from .forms import PreferenceForm

router = Router(tags=["reminders"])


class PreferenceOut(Schema):
    digest: str = Field(description="`daily`, `weekly` or `none`.")
    weekday: int = Field(description="The weekly e-mail's day: 0 is Monday, 6 Sunday.")
    version: int = Field(description="0 until the user has chosen; send it back with a change.")


class PreferenceIn(Schema):
    digest: str = Field(description="`daily`, `weekly` or `none`.")
    weekday: int | None = Field(None, description="0 (Monday) to 6 (Sunday); needed with `weekly`.")
    version: int | None = Field(None, description="The version read: an older one is refused with 409.")


def _out(found: Any) -> dict[str, Any]:
    return {"digest": found.digest, "weekday": found.weekday, "version": found.version}


@router.get(
    "/preference",
    response={200: PreferenceOut, **REFUSALS},
    summary=_("Read my e-mail reminders"),
    description=_("The user's own choice: a daily or weekly digest of their deadlines, or none (daily until chosen)."),
)
def read_preference(request: HttpRequest) -> Any:
    return _out(preference_for(request.user))


@router.put(
    "/preference",
    response={200: PreferenceOut, **WRITE_REFUSALS},
    summary=_("Change my e-mail reminders"),
    description=_("Choose `daily`, `weekly` (on `weekday`) or `none` for the user's own e-mail reminders."),
)
def change_preference(request: HttpRequest, payload: PreferenceIn) -> Any:
    data = valid(PreferenceForm({k: "" if v is None else v for k, v in payload.dict().items()}))
    found = services.set_preference(
        actor=request.user, digest=data["digest"], weekday=data["weekday"], expected_version=data["version"]
    )
    return _out(found)
