"""A token made in the browser lists, through the API, exactly the pathways its user sees
on the pathway list page (issue 9's "done when")."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

import pytest

from .conftest import login

pytestmark = pytest.mark.browser


def _page_ids(page: Any) -> set[int]:
    ids: set[int] = set()
    number = 1
    while True:
        page.goto(f"/pathways/?page={number}")
        hrefs = page.locator("main table a[href^='/pathways/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        ids |= {int(m.group(1)) for h in hrefs if (m := re.fullmatch(r"/pathways/(\d+)/", h or ""))}
        if not page.locator("a[rel=next]").count():
            return ids
        number += 1


def _api_ids(url: str, secret: str) -> set[int]:
    ids: set[int] = set()
    while url:
        assert url.startswith("http://127.0.0.1:")  # the local test server only
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            body = json.load(response)
        ids |= {item["id"] for item in body["items"]}
        url = body["next"]
    return ids


@pytest.mark.parametrize("username", ["koordinator", "fadder", "deltaker"])
def test_a_token_made_in_the_browser_lists_exactly_the_pathways_on_the_page(
    page: Any, live_url: str, username: str
) -> None:
    login(page, username)
    page.goto("/accounts/tokens/")
    page.fill("input[name=name]", f"Uttrekk for {username}")
    page.locator("main form.stack button[type=submit]").click()
    secret = page.locator("#new-token").inner_text().strip()
    assert secret.startswith("fagvei_")
    # Shown once: the list shows the token by name, never the secret again.
    page.goto("/accounts/tokens/")
    assert f"Uttrekk for {username}" in page.content() and secret not in page.content()
    on_page = _page_ids(page)
    assert on_page
    assert _api_ids(f"{live_url}/api/v1/pathways/", secret) == on_page
