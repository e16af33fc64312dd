"""Registries instead of hubs (ARCHITECTURE.md).

The pathway page and the timeline must not import every app. Each app registers, when
it starts (its ``AppConfig.ready``):

- its **sections of the pathway page**: a template partial, where it goes, and a
  function that builds the partial's context (or None to leave it out), with the number
  of queries it may cost (pinned by a test for every registered section);
- **how its events read on the timeline**: a label per verb and a function that turns
  an event's data (ids, codes, dates) into details a person reads.

``pathways`` renders what is registered; it knows none of the apps that register.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# Pathway page sections -----------------------------------------------------------------


@dataclass(frozen=True)
class PathwaySection:
    key: str
    template: str
    # Sections are shown in this order within their area.
    order: int
    # (request, pathway) → the partial's context, or None when the user is not shown it.
    # The pathway comes from the fetch helper (``can_manage`` set) with its members,
    # consents, screening and police certificate already loaded.
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]
    # The most queries ``context`` and the partial may make together.
    max_queries: int
    # "cards": the grid beside the pathway's facts; "main": full width below it.
    area: str = "main"


_SECTIONS: dict[str, PathwaySection] = {}


def register_pathway_section(section: PathwaySection) -> None:
    _SECTIONS[section.key] = section


def pathway_sections() -> list[PathwaySection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


@dataclass(frozen=True)
class RenderedSection:
    section: PathwaySection
    html: SafeString


def render_pathway_sections(request: HttpRequest, pathway: Any) -> dict[str, list[RenderedSection]]:
    """Each registered section the user is shown, rendered, grouped by area."""
    areas: dict[str, list[RenderedSection]] = {"cards": [], "main": []}
    for section in pathway_sections():
        context = section.context(request, pathway)
        if context is None:
            continue
        html = render_to_string(section.template, {"pathway": pathway, **context}, request=request)
        areas.setdefault(section.area, []).append(RenderedSection(section, mark_safe(html)))  # noqa: S308 - our own template's output
    return areas


# Start page panels -------------------------------------------------------------------------


@dataclass(frozen=True)
class HomePanel:
    """A panel of the start page from an app above ``pathways`` (e.g. followup's "this
    month's themes"): the start page renders what is registered and knows none of them."""

    key: str
    template: str
    # Panels are shown in this order, above the pathways.
    order: int
    # request → the partial's context, or None when the user is not shown the panel.
    context: Callable[[HttpRequest], dict[str, Any] | None]
    # The most queries ``context`` and the partial may make together.
    max_queries: int


_HOME_PANELS: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    _HOME_PANELS[panel.key] = panel


def home_panels() -> list[HomePanel]:
    return sorted(_HOME_PANELS.values(), key=lambda p: (p.order, p.key))


def render_home_panels(request: HttpRequest) -> list[SafeString]:
    """Each registered panel the user is shown, rendered."""
    rendered = []
    for panel in home_panels():
        context = panel.context(request)
        if context is None:
            continue
        html = render_to_string(panel.template, context, request=request)
        rendered.append(mark_safe(html))  # noqa: S308 - our own template's output
    return rendered


# How events read ------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    at: Any
    actor: Any
    label: str
    details: list[str]
    # Where the entry points to (e.g. the meeting a participant was discussed in), or "".
    url: str = ""


EventDetails = Callable[[dict[str, Any]], list[str]]
_LABELS: dict[str, Any] = {}
_READERS: dict[str, EventDetails] = {}
_LINKS: dict[str, Callable[[dict[str, Any]], str]] = {}


def register_events(labels: dict[str, Any], details: EventDetails | None = None) -> None:
    """An app's verbs with their labels, and how to read the codes its events carry."""
    _LABELS.update(labels)
    if details is not None:
        for verb in labels:
            _READERS[verb] = details


def register_event_links(verbs: list[str], link: Callable[[dict[str, Any]], str]) -> None:
    """For these verbs, the page an entry links to, from the event's ids (no query: the
    page itself decides who may see it)."""
    for verb in verbs:
        _LINKS[verb] = link


# verb → (request, pathway, events) → the ids of those events the user is not shown.
EventFilter = Callable[[HttpRequest, Any, list[Any]], set[int]]
_FILTERS: dict[str, EventFilter] = {}


def register_event_filter(verbs: list[str], hidden: EventFilter) -> None:
    """For these verbs, which of a pathway's events the user may not see on its timeline
    (need to know: a concern's steps are not shown to a mentor who may not know of it).
    ``hidden`` is asked once per page with all the events of its verbs, and may cost one
    query."""
    for verb in verbs:
        _FILTERS[verb] = hidden


def hidden_events(request: HttpRequest, pathway: Any, events: list[Any]) -> set[int]:
    """The ids of the events the user is not shown: each registered filter asked once,
    with its own verbs' events (no query when there are none)."""
    by_filter: dict[EventFilter, list[Any]] = {}
    for event in events:
        hidden = _FILTERS.get(event.verb)
        if hidden is not None:
            by_filter.setdefault(hidden, []).append(event)
    found: set[int] = set()
    for hidden, theirs in by_filter.items():
        found |= hidden(request, pathway, theirs)
    return found


def describe_event(event: Any) -> TimelineEntry:
    reader = _READERS.get(event.verb)
    details = reader(event.data or {}) if reader is not None else []
    link = _LINKS.get(event.verb)
    return TimelineEntry(
        at=event.at,
        actor=event.actor,
        label=str(_LABELS.get(event.verb, event.verb)),
        details=details,
        url=link(event.data or {}) if link is not None else "",
    )


def event_labels() -> dict[str, Any]:
    return dict(_LABELS)


# API routers ------------------------------------------------------------------------------

# module → prefix: several apps may share a prefix (documents and contracts both answer
# under /pathways/{id}/… with the empty prefix), never a module.
_API_ROUTERS: dict[str, str] = {}


def register_api_router(prefix: str, module: str) -> None:
    """An app's ``api.py`` (a module with a ninja ``router``) under ``/api/v1/<prefix>``.
    Named by its dotted path: the API imports it when it is built, after every app is ready."""
    _API_ROUTERS[module] = prefix


def api_routers() -> list[tuple[str, str]]:
    return sorted((prefix, module) for module, prefix in _API_ROUTERS.items())


# Need-to-know rules of rows an app above holds the rule for ------------------------------
#
# A lower app's row may belong to a higher app's object that only some may know of: a
# meeting of the follow-up app held for a concern (seed 004). The higher app registers
# its rule here, a function of the user giving a ``Q`` over the lower app's model; the
# lower app's access helpers apply every rule registered for the model, so the rule is
# written once, where its object lives.

RowRule = Callable[[Any], Any]
_ROW_RULES: dict[str, list[RowRule]] = {}


def register_row_rule(model_label: str, rule: RowRule) -> None:
    """A rule on the rows of ``model_label`` ("app.Model") the user may know of."""
    rules = _ROW_RULES.setdefault(model_label, [])
    if rule not in rules:
        rules.append(rule)


def row_rules(model_label: str, user: Any) -> list[Any]:
    """Every registered rule for the model, as ``Q`` objects for this user."""
    return [rule(user) for rule in _ROW_RULES.get(model_label, [])]
