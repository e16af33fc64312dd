"""The form renderer writes the common widget templates out in Python: its markup must
be Django's, byte for byte, whatever the widget holds."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from fagvei.core.forms import DateInput
from fagvei.core.renderers import WRITERS, FormRenderer

ATTRS: list[dict[str, Any]] = [
    {},
    {"id": "id_x", "class": "ds-input"},
    {"required": True, "disabled": False, "aria-invalid": "true", "data-n": 3},
    {"data-x": "\"<&>'", "title": mark_safe("<b>safe</b>"), "data-t": (1, 2)},
]
VALUES: list[Any] = [None, "", "plain", "<script>&\"'", mark_safe("<i>"), 0, 12345, 3.5, decimal.Decimal("1.25")]
CHOICES: list[Any] = [
    [("", "All"), ("a", "A & B"), (1, "One"), ("<x>", mark_safe("<b>bold</b>"))],
    [("", gettext_lazy("All")), ("Group", [("b", "B"), ("c", gettext_lazy("Trade"))]), ("d", 1.5)],
    [(None, "---"), (True, "Yes"), (False, "No")],
]
WIDGETS: list[forms.Widget] = [
    forms.TextInput(),
    forms.SearchInput(attrs={"autocomplete": "off"}),
    forms.NumberInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    DateInput(),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.CheckboxInput(),
    forms.Textarea(),
    *(forms.Select(choices=choices) for choices in CHOICES),
    *(forms.SelectMultiple(choices=choices) for choices in CHOICES),
    forms.NullBooleanSelect(),
]


def test_settings_use_the_renderer() -> None:
    assert settings.FORM_RENDERER == "fagvei.core.renderers.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_the_markup_is_djangos(widget: forms.Widget, language: str) -> None:
    fast, templates = FormRenderer(), DjangoTemplates()
    values = [*VALUES, ["a", 1], datetime.date(2024, 5, 17), datetime.datetime(2024, 5, 17, 8, 30)]
    with translation.override(language):
        for attrs in ATTRS:
            for value in values:
                try:
                    expected = widget.render("name", value, attrs=attrs, renderer=templates)
                except TypeError:  # a value the widget cannot take at all (a list for a yes/no)
                    continue
                assert widget.render("name", value, attrs=attrs, renderer=fast) == expected


def test_an_option_with_its_own_template_goes_through_the_templates() -> None:
    class Special(forms.Select):
        option_template_name = "django/forms/widgets/select_option.html "

    widget = Special(choices=[("a", "A")])
    with pytest.raises(Exception, match="select_option.html "):
        widget.render("name", "a", renderer=FormRenderer())


def test_every_written_template_is_one_of_djangos() -> None:
    templates = DjangoTemplates()
    for name in WRITERS:
        templates.get_template(name)
