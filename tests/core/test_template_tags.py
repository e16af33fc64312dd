"""The list pages' template helpers give what Django's own give: ``display`` what
``get_FOO_display`` gives, ``url_for`` what ``{% url %}`` gives."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Pathway, Stage, Track
from fagvei.people.models import Person


def render(source: str, **context: Any) -> str:
    return engines["django"].from_string("{% load fagvei %}" + source).render(context)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_display_is_get_foo_display(language: str) -> None:
    with translation.override(language):
        for stage in [*Stage.values, "not-a-stage", ""]:
            pathway = Pathway(stage=stage, track=Track.ALTERNATIVE)
            assert render('{{ p|display:"stage" }}', p=pathway) == render("{{ p.get_stage_display }}", p=pathway)
            assert render('{{ p|display:"track" }}', p=pathway) == render("{{ p.get_track_display }}", p=pathway)
        for kind in [*Organisation.Kind.values, "<b>"]:
            org = Organisation(kind=kind)
            assert render('{{ o|display:"kind" }}', o=org) == render("{{ o.get_kind_display }}", o=org)
        person = Person(preferred_language=None)
        assert render('{{ p|display:"preferred_language" }}', p=person) == render(
            "{{ p.get_preferred_language_display }}", p=person
        )


def test_display_follows_the_language() -> None:
    pathway = Pathway(stage=Stage.REFERRED)
    with translation.override("nb"):
        norwegian = render('{{ p|display:"stage" }}', p=pathway)
    with translation.override("en"):
        english = render('{{ p|display:"stage" }}', p=pathway)
        assert english == str(Stage.REFERRED.label)
    assert norwegian != english


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("home", []),
        ("pathway_list", []),
        ("pathway_detail", [7]),
        ("pathway_detail", [8302117400000]),
        ("pathway_member_remove", [12, 345]),
        ("person_detail", [0]),
        ("organisation_detail", [99]),
    ],
)
def test_url_for_is_url(name: str, args: list[int]) -> None:
    tag = " ".join(str(a) for a in args)
    for _ in range(2):  # the second time from what the first one kept
        assert render(f"{{% url_for '{name}' {tag} %}}") == render(f"{{% url '{name}' {tag} %}}")
        assert render(f"{{% url_for '{name}' {tag} %}}") == reverse(name, args=args)


def test_url_for_follows_the_script_prefix() -> None:
    assert render("{% url_for 'pathway_detail' 5 %}") == "/pathways/5/"
    set_script_prefix("/fagvei/")
    try:
        assert render("{% url_for 'pathway_detail' 5 %}") == "/fagvei/pathways/5/"
    finally:
        set_script_prefix("/")
    assert render("{% url_for 'pathway_detail' 5 %}") == "/pathways/5/"


@override_settings(ROOT_URLCONF="tests.core.error_urls")
def test_url_for_follows_the_urlconf() -> None:
    assert render("{% url_for 'pathway_detail' 5 %}") == "/pathways/5/"


def test_url_for_takes_other_arguments_as_url_does() -> None:
    assert render("{% url_for 'pathway_transition' 5 name %}", name="start") == reverse(
        "pathway_transition", args=[5, "start"]
    )
    assert render("{% url_for 'pathway_detail' 5 as link %}[{{ link }}]") == "[/pathways/5/]"
    with pytest.raises(NoReverseMatch):
        render("{% url_for 'pathway_detail' -1 %}")
    with pytest.raises(NoReverseMatch):
        render("{% url_for 'pathway_detail' 'x' %}")
