"""The form renderer: Django's own, with the common widget templates written out in
Python.

Through the template engine a ``<select>`` costs two template includes per option (the
option and its attributes), and every input one more for its attributes: on a list page
the filter form alone took a few milliseconds. The functions below build the very same
markup, byte for byte, from the same widget context (``tests/test_renderers.py`` holds
them to Django's templates). Any other template, and any widget with a template of its
own, is rendered by the template engine as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeData, SafeString

# The context the widget templates are rendered with: autoescape on, dates and numbers
# localised as the settings say.
_CONTEXT = Context()

WIDGETS = "django/forms/widgets/"
OPTION_TEMPLATE = WIDGETS + "select_option.html"


def _text(value: Any) -> str:
    """``{{ value }}``."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the value as text, left unescaped when it is
    marked safe (the filter keeps that mark)."""
    return _text(value if isinstance(value, SafeData) else str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    html = ""
    for name, value in attrs.items():
        if value is True:
            html += f" {_text(name)}"
        elif value is not False:
            html += f' {_text(name)}="{_formatted(value)}"'
    return html


def _input(widget: dict[str, Any]) -> str:
    """``django/forms/widgets/input.html`` and the templates that only include it."""
    html = f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
    if widget["value"] != None:  # noqa: E711 (the template compares with !=)
        html += f' value="{_formatted(widget["value"])}"'
    return f"{html}{_attrs(widget['attrs'])}>"


def _select(widget: dict[str, Any]) -> str | None:
    """``django/forms/widgets/select.html`` with ``select_option.html``; None when an
    option has a template of its own."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict[str, Any]) -> str:
    """``django/forms/widgets/textarea.html``."""
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


INPUT_TEMPLATES = ("text checkbox color date datetime email file hidden number password search tel time url").split()

WRITERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"{WIDGETS}{name}.html": _input for name in INPUT_TEMPLATES},
    WIDGETS + "input.html": _input,
    WIDGETS + "select.html": _select,
    WIDGETS + "textarea.html": _textarea,
}


class FormRenderer(DjangoTemplates):
    """Django's default form renderer, with the widget templates above written out."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = WRITERS.get(template_name)
        if write is not None and request is None:
            html = write(context["widget"])
            if html is not None:
                return SafeString(html)
        return super().render(template_name, context, request)
