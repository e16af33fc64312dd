"""The demo: "Fjordvik kommune", a fictional municipality running the trade-certificate
scheme of seed 002 in three trades, with about 60 pathways in every stage and track.

``cast.py`` holds the fictional people, organisations and trades (shared with the tests'
factories and the benchmark), ``plan.py`` what happens to whom and when (pure and
deterministic), and one builder per app replays the plan through the domain functions:
``curricula.py``, ``organisations.py``, ``people.py`` and ``pathways.py``, run in one
transaction by ``load.py``. ``manage.py load_demo`` loads it; ``manage.py demo_logins``
prints the logins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .load import DemoError, load_demo

__all__ = ["DemoError", "load_demo"]


def __getattr__(name: str) -> Any:
    # ``load`` imports models: it is read on first use, not when Django imports the app.
    if name in __all__:
        from . import load

        return getattr(load, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
