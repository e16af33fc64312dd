"""The transition-table engine: a table of allowed state changes, each with where it
may start, where it leads, what the user supplies, what must be in place first, and the
domain function that performs it.

An app keeps its table in its ``lifecycle.py``; pages offer only what the table allows
now and say why the rest is not, and the one generic view hands the user's inputs to
``Transition.perform`` without knowing any transition by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Missing:
    """A precondition not met: what to tell the user, and where they fix it (a key the
    app maps to a URL)."""

    message: Any
    fix: str = ""

    def __str__(self) -> str:
        return str(self.message)


Check = Callable[[Any], list[Missing]]


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any
    sources: frozenset[str]
    target: str
    timestamp_field: str
    # The dotted path of the domain function that performs it. It takes ``actor``,
    # the object's id, ``expected_version`` and one keyword per input.
    function: str
    # What the user supplies: the names of the function's keywords and of the form's fields.
    inputs: tuple[str, ...] = ()
    # Inputs the user may leave out (the domain function decides when they are needed).
    optional_inputs: tuple[str, ...] = ()
    check: Check | None = None
    # Shown on the button: a destructive step gets the danger colour.
    danger: bool = False

    def missing(self, obj: Any) -> list[str]:
        """Preconditions not met, as messages naming what is missing (empty = allowed)."""
        return [str(m) for m in self.missing_items(obj)]

    def missing_items(self, obj: Any) -> list[Missing]:
        return list(self.check(obj)) if self.check else []

    def perform(self, **kwargs: Any) -> Any:
        return import_string(self.function)(**kwargs)


@dataclass(frozen=True)
class Offer:
    transition: Transition
    # What is missing, each with the URL of where it is fixed ("" when nowhere).
    missing: list[tuple[str, str]]

    @property
    def allowed(self) -> bool:
        return not self.missing


def table(transitions: Iterable[Transition]) -> dict[str, Transition]:
    return {t.name: t for t in transitions}


def offers(transitions: dict[str, Transition], obj: Any, state: str, fix_url: Callable[[Any, str], str]) -> list[Offer]:
    """The transitions that start from ``state``, each with what is missing."""
    return [
        Offer(t, [(str(m), fix_url(obj, m.fix)) for m in t.missing_items(obj)])
        for t in transitions.values()
        if state in t.sources
    ]
