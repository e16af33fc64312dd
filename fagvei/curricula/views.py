"""Curriculum pages. Curricula are public regulations (forskrift) published by Udir, so
every logged-in user may read them; there is nothing to scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .access import get_curriculum_for, visible_curricula
from .models import Curriculum

LANGUAGE_NAMES = {
    "nob": _("Norwegian Bokmål"),
    "nno": _("Norwegian Nynorsk"),
    "eng": _("English"),
    "sme": _("Northern Sami"),
}
# Grep's ISO 639-2/3 codes as the BCP 47 tags of the HTML lang attribute (WCAG 3.1.2).
HTML_LANGUAGES = {"nob": "nb", "nno": "nn", "eng": "en", "sme": "se"}


@login_required
@require_GET
def curriculum_list(request: HttpRequest) -> HttpResponse:
    curricula = visible_curricula(request.user).annotate(goal_count=Count("goals")).order_by("code")
    return render(request, "curricula/curriculum_list.html", {"curricula": curricula})


@login_required
@require_GET
def curriculum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    curriculum = get_curriculum_for(request.user, pk)
    goal_sets: list[dict[str, Any]] = []
    for goal in curriculum.goals.order_by("position", "id"):
        if not goal_sets or goal_sets[-1]["code"] != goal.set_code:
            goal_sets.append({"code": goal.set_code, "title": goal.set_title, "goals": []})
        goal_sets[-1]["goals"].append(goal)
    replaced_by = None
    if curriculum.replaced_by_code:
        replaced_by = Curriculum.objects.filter(code=curriculum.replaced_by_code).first()
    return render(
        request,
        "curricula/curriculum_detail.html",
        {
            "curriculum": curriculum,
            "goal_sets": goal_sets,
            "goal_count": sum(len(s["goals"]) for s in goal_sets),
            "language_name": LANGUAGE_NAMES.get(curriculum.language, curriculum.language),
            "html_lang": HTML_LANGUAGES.get(curriculum.language, ""),
            "replaced_by": replaced_by,
        },
    )
