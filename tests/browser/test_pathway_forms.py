"""The new-pathway and add-member forms in a real browser: the scheme fills in its
trade."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import choose, login

pytestmark = pytest.mark.browser


def selected_text(page: Any, name: str) -> str:
    return str(page.eval_on_selector(f"select[name={name}]", "s => s.options[s.selectedIndex].text"))


def test_choosing_a_scheme_chooses_its_trade(page: Any) -> None:
    login(page, "koordinator")
    page.goto("/pathways/new/")
    choose(page, "scheme", "renholdsoperatør")
    assert selected_text(page, "trade") == "Renholdsoperatørfaget"
    choose(page, "scheme", "helsearbeider")
    assert selected_text(page, "trade") == "Helsearbeiderfaget"
