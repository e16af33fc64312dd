"""The page where a user chooses their own e-mail reminders. Thin: read the user's own
preference, hand the form to the domain function, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fagvei.core.forms import submit

from . import services
from .access import preference_for
from .forms import PreferenceForm


@login_required
@require_http_methods(["GET", "POST"])
def preference(request: HttpRequest) -> HttpResponse:
    current = preference_for(request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        saved = submit(
            request,
            form,
            lambda data: services.set_preference(
                actor=request.user,
                digest=data["digest"],
                weekday=data["weekday"],
                expected_version=data["version"],
            ),
        )
        if saved:
            messages.success(request, _("Your e-mail reminders have been saved."))
            return redirect("reminder_preference")
    else:
        form = PreferenceForm(
            initial={"digest": current.digest, "weekday": current.weekday, "version": current.version}
        )
    return render(
        request,
        "reminders/preference.html",
        {"form": form, "preference": current, "has_address": bool(getattr(request.user, "email", ""))},
        status=422 if form.is_bound else 200,
    )
