"""Template helpers for the list pages, where a tag runs once per row.

``{{ obj|display:"stage" }}`` is ``{{ obj.get_stage_display }}``, and
``{% url_for "pathway_detail" p.pk %}`` is ``{% url "pathway_detail" p.pk %}``, with the
same output; each costs a couple of microseconds a row instead of a few tens. Django's
``get_FOO_display`` builds a dict of every choice, translating each label, on every call;
``display`` keeps that dict per field and language. ``{% url %}`` resolves the pattern
on every call; ``url_for`` reverses a pattern once with placeholder numbers and then only
puts the row's numbers in.
"""

from __future__ import annotations

from typing import Any, cast

from django import template
from django.conf import settings
from django.db.models import Field, Model
from django.template import Context
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

register = template.Library()

_labels: dict[tuple[Field[Any, Any], str | None], dict[Any, Any]] = {}


@register.filter
def display(obj: Model, name: str) -> Any:
    """The label of the choice in the field ``name`` of ``obj``, as
    ``obj.get_<name>_display()`` gives it (the value itself when it is not a choice)."""
    field = cast("Field[Any, Any]", obj._meta.get_field(name))  # a concrete field with choices
    key = (field, get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = {make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices}
        _labels[key] = labels
    value = getattr(obj, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


# Placeholders for the arguments: numbers, so that any int converter takes them, and
# long enough that they cannot be a part of the rest of the path.
PLACEHOLDERS = tuple(str(8_302_117_400_000 + n) for n in range(4))

_patterns: dict[tuple[Any, ...], list[str] | None] = {}
_SEEN = "fagvei.url_for"  # the key of one rendering's own lookup in its render context


@register.simple_tag(takes_context=True)
def url_for(context: Context, view_name: str, *args: Any) -> str:
    """``{% url view_name arg … %}`` for whole-number arguments (ids)."""
    if len(args) > len(PLACEHOLDERS) or not all(type(arg) is int and arg >= 0 for arg in args):
        return reverse(view_name, args=args)
    # Within one rendering the script prefix, URLconf and language stay as they are: the
    # paths are looked up there first, without asking for those each time.
    seen = context.render_context.get(_SEEN)
    if seen is None:
        seen = context.render_context[_SEEN] = {}
    parts = seen.get((view_name, len(args)), False)
    if parts is False:
        key = (view_name, len(args), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, get_language())
        if key not in _patterns:
            _patterns[key] = _split(view_name, len(args))
        parts = seen[(view_name, len(args))] = _patterns[key]
    if parts is None:
        return reverse(view_name, args=args)
    html = parts[0]
    for arg, part in zip(args, parts[1:], strict=True):
        html += f"{arg}{part}"
    return html


def _split(view_name: str, count: int) -> list[str] | None:
    """The path of ``view_name`` cut at each argument, or None when the placeholders
    do not come out each once and in order (the path would be reversed every time)."""
    path = reverse(view_name, args=PLACEHOLDERS[:count])
    parts = [path]
    for placeholder in PLACEHOLDERS[:count]:
        head, found, tail = parts[-1].partition(placeholder)
        if not found or placeholder in tail:
            return None
        parts[-1:] = [head, tail]
    if any(p in part for part in parts for p in PLACEHOLDERS):
        return None
    return parts
