"""Every message a user reads exists in Norwegian bokmål."""

from pathlib import Path

import pytest
from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[tuple[str, str, bool]]:
    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgid, msgstr, current = [], [], None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith("msgid "):
                current = msgid
                line = line[6:]
            elif line.startswith("msgid_plural "):
                current = None
                continue
            elif line.startswith("msgstr"):
                current = msgstr
                line = line.split(" ", 1)[1]
            if current is not None:
                current.append(line.strip().strip('"'))
        if msgid:
            entries.append(("".join(msgid), "".join(msgstr), fuzzy))
    return entries


def test_the_bokmal_catalogue_is_complete():
    entries = [e for e in _entries(PO.read_text(encoding="utf-8")) if e[0]]
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert untranslated == [], f"{len(untranslated)} messages lack a bokmål translation: {untranslated[:20]}"


@pytest.mark.parametrize(("english", "bokmal"), [("Pathways", "Opplæringsløp"), ("Admit", "Ta opp")])
def test_bokmal_is_the_default_language(english, bokmal, settings):
    assert settings.LANGUAGE_CODE == "nb"
    with translation.override("nb"):
        assert translation.gettext(english) == bokmal


@pytest.mark.django_db
def test_an_english_browser_still_gets_bokmal_until_english_is_chosen(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "nb"
    assert 'lang="nb"' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/")
    assert page["Content-Language"] == "en"
    assert 'lang="en"' in page.content.decode()
