"""Read curricula from Udir's Grep data and write them to the database.

Two input shapes end up as one neutral :class:`ParsedCurriculum`:

* the live Grep API (``laereplaner-lk20/{code}``), whose goal sets are references
  (``kompetansemaal-kapittel.kompetansemaalsett[]``) to ``kompetansemaalsett-lk20/{KV}``
  documents fetched through their ``url-data`` link, and whose titles are lists of
  ``{spraak, verdi}``;
* the simplified extracts shipped in ``data/`` (``kompetansemaalsett[].maal[]`` with
  ``kode``/``tekst``).

Parsing never touches the database; fetching goes through an injectable ``fetch``
callable so that tests (and machines without internet) never reach the network.
:func:`import_curriculum` writes one parsed curriculum in a single transaction.

Grep data is published under NLOD 2.0: "Inneholder data under NLOD, tilgjengeliggjort
på data.udir.no".
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from fagvei.core.domain import DomainError

from .models import CompetenceGoal, Curriculum, Trade

GREP_BASE_URL = "https://data.udir.no/kl06/v201906/"
# Links inside a Grep document are only followed to Grep itself (and to the host the
# document came from): a curriculum file must not make the server fetch arbitrary URLs.
GREP_HOSTS = frozenset({"data.udir.no"})
FETCH_TIMEOUT = 20.0
MAX_RESPONSE_BYTES = 10 * 1024 * 1024
DATA_DIR = Path(__file__).resolve().parent / "data"

# Curriculum codes look like HEA03-03, NOR01-06, MAT01-05.
CURRICULUM_CODE = re.compile(r"^[A-Za-z]{2,5}\d{1,2}-\d{1,2}$")

# Preferred title languages: Grep's "default" (the curriculum's own language), then
# bokmål, then nynorsk, then whatever comes first.
LANGUAGE_PREFERENCE = ("default", "nob", "nno")

Fetcher = Callable[[str], Any]


@dataclass(frozen=True)
class ParsedGoal:
    code: str
    text: str


@dataclass(frozen=True)
class ParsedGoalSet:
    code: str
    title: str
    goals: tuple[ParsedGoal, ...]


@dataclass(frozen=True)
class ParsedCurriculum:
    code: str
    title: str
    language: str = ""
    established_on: dt.date | None = None
    valid_from: dt.date | None = None
    status: str = ""
    replaced_by_code: str = ""
    source_url: str = ""
    assessment_text: str = ""
    goal_sets: tuple[ParsedGoalSet, ...] = ()

    @property
    def goal_count(self) -> int:
        return sum(len(goal_set.goals) for goal_set in self.goal_sets)


def curriculum_url(code: str) -> str:
    return f"{GREP_BASE_URL}laereplaner-lk20/{code}"


def goal_set_url(code: str) -> str:
    return f"{GREP_BASE_URL}kompetansemaalsett-lk20/{code}"


# Fetching ------------------------------------------------------------------------------


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would follow a redirect to ftp:// too; Grep only ever redirects within https.
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if urlsplit(newurl).scheme not in ("https", "http"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to {newurl} refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _build_opener() -> urllib.request.OpenerDirector:
    # Built by hand rather than with build_opener(), which would add the file://, ftp://
    # and data: handlers: this opener can open nothing but http(s).
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.UnknownHandler(),
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _HttpOnlyRedirects(),
    ):
        opener.add_handler(handler)
    return opener


_OPENER = _build_opener()


def fetch_json(url: str, *, timeout: float = FETCH_TIMEOUT) -> Any:
    """GET ``url`` and decode its JSON body. Errors become a :class:`DomainError`."""
    if urlsplit(url).scheme not in ("https", "http"):
        raise DomainError(_("Only http and https addresses can be fetched: %(url)s") % {"url": url})
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"Accept": "application/json", "User-Agent": "fagvei-curriculum-import"}
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except (urllib.error.URLError, OSError) as exc:
        raise DomainError(_("Could not fetch %(url)s: %(error)s") % {"url": url, "error": exc}) from exc
    if len(body) > MAX_RESPONSE_BYTES:
        raise DomainError(_("The answer from %(url)s is too large.") % {"url": url})
    try:
        return json.loads(body)
    except ValueError as exc:
        raise DomainError(_("The answer from %(url)s is not valid JSON.") % {"url": url}) from exc


def read_json_file(path: str | Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DomainError(_("Could not read the file %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
    try:
        return json.loads(text)
    except ValueError as exc:
        raise DomainError(_("The file %(path)s is not valid JSON.") % {"path": path}) from exc


# Small readers for Grep's value shapes ---------------------------------------------------


def _language_code(value: Any) -> str:
    # Old KL06 documents name the language as a URI ending in "#nob".
    text = str(value or "").strip()
    return text.rsplit("#", 1)[-1] if "#" in text else text


def pick_text(value: Any) -> tuple[str, str]:
    """The preferred text of a (possibly multilingual) Grep value and its language.

    Accepts a plain string, ``{"tekst": [...]}``, or a list of ``{spraak|noekkel, verdi}``.
    Prefers ``default``, then ``nob``, then ``nno``, then the first entry. When the
    chosen entry is ``default``, the language is taken from an entry with the same text.
    """
    if value is None:
        return "", ""
    if isinstance(value, str):
        return value.strip(), ""
    if isinstance(value, Mapping):
        if "tekst" in value:
            return pick_text(value["tekst"])
        if "verdi" in value:
            return str(value.get("verdi") or "").strip(), _language_code(value.get("spraak") or value.get("noekkel"))
        return "", ""
    if isinstance(value, list):
        entries: list[tuple[str, str]] = []
        for item in value:
            if isinstance(item, Mapping):
                lang = _language_code(item.get("spraak") or item.get("noekkel"))
                text = str(item.get("verdi") or "").strip()
            else:
                lang, text = "", str(item or "").strip()
            if text:
                entries.append((lang, text))
        if not entries:
            return "", ""
        by_language = dict(reversed(entries))  # the first entry wins per language
        chosen = next(((lang, by_language[lang]) for lang in LANGUAGE_PREFERENCE if lang in by_language), entries[0])
        lang, text = chosen
        if lang == "default":
            lang = next((other for other, t in entries if t == text and other not in ("default", "")), "")
        return text, lang
    return str(value).strip(), ""


# Grep's prose fields are small HTML fragments (<p>, <br>, <strong>, <em>, <span>).
_PARAGRAPH_BREAK = re.compile(r"</p\s*>|<p(?:\s[^>]*)?>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def html_paragraphs(html: str) -> list[str]:
    """Plain-text paragraphs of a Grep HTML fragment; ``<br>`` becomes a newline."""
    paragraphs: list[str] = []
    for chunk in _PARAGRAPH_BREAK.split(_LINE_BREAK.sub("\n", html or "")):
        lines = [" ".join(line.split()) for line in unescape(strip_tags(chunk)).split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return paragraphs


def _paragraphs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [paragraph for item in value for paragraph in html_paragraphs(item)]
    return html_paragraphs(pick_text(value)[0])


def _parse_date(value: Any, field: str) -> dt.date | None:
    if isinstance(value, Mapping):
        value = value.get("dato") or value.get("verdi")
    if value in (None, ""):
        return None
    try:
        # Grep writes dates as "2022-08-01" or "2022-08-01T00:00:00"; only the day matters.
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise DomainError(
            _('The date "%(value)s" in field "%(field)s" is not a valid date.') % {"value": value, "field": field},
            field=field,
        ) from exc


def _status(value: Any) -> str:
    # The API gives a URI such as ".../status/status_publisert"; keep the readable tail.
    if isinstance(value, Mapping):
        value = value.get("kode") or value.get("url-data") or pick_text(value.get("tittel"))[0]
    text = str(value or "").strip().rstrip("/")
    if "/" in text:
        text = text.rsplit("/", 1)[-1]
    return text.removeprefix("status_")


def _replaced_by(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping):
        return str(value.get("kode") or "").strip()
    if isinstance(value, list):
        for item in value:
            code = _replaced_by(item)
            if code:
                return code
    return ""


def _assessment(value: Any) -> str:
    """The curriculum's "vurderingsordning": headed sections of paragraphs, as plain text
    with a blank line between paragraphs."""
    if value is None:
        return ""
    sections = value if isinstance(value, list) else [value]
    parts: list[str] = []
    for section in sections:
        if isinstance(section, Mapping):
            heading = " ".join(unescape(strip_tags(pick_text(section.get("overskrift"))[0])).split())
            if heading:
                parts.append(heading)
            parts.extend(_paragraphs(section.get("tekst") or section.get("beskrivelse")))
        else:
            parts.extend(_paragraphs(section))
    return "\n\n".join(parts)


def _is_published(value: Any) -> bool:
    """Grep marks elements with a status URI; an element without one counts as published."""
    status = _status(value)
    return status in ("", "publisert")


def _require_code(value: Any, message: str, field: str = "kode") -> str:
    code = str(value or "").strip() if not isinstance(value, (Mapping, list)) else ""
    if not code:
        raise DomainError(message, field=field)
    return code


def _goals(entries: Any, set_code: str, *, text_keys: tuple[str, ...]) -> tuple[ParsedGoal, ...]:
    if not isinstance(entries, list) or not entries:
        raise DomainError(
            _('The competence-goal set %(set)s has no competence goals (field "kompetansemaal" or "maal").')
            % {"set": set_code},
            field="kompetansemaal",
        )
    items = [e for e in entries if e is not None]
    # Grep numbers the goals of a set in "rekkefoelge"; keep the listed order otherwise.
    if items and all(isinstance(e, Mapping) and isinstance(e.get("rekkefoelge"), int) for e in items):
        items = sorted(items, key=lambda e: e["rekkefoelge"])
    goals: list[ParsedGoal] = []
    for entry in items:
        if not isinstance(entry, Mapping):
            raise DomainError(
                _("A competence goal in the set %(set)s is not an object.") % {"set": set_code}, field="kompetansemaal"
            )
        if not _is_published(entry.get("status")):
            # A goal that Grep marks as withdrawn or draft is not part of the curriculum.
            continue
        code = _require_code(
            entry.get("kode"),
            _('A competence goal in the set %(set)s has no code (field "kode").') % {"set": set_code},
        )
        text = ""
        for key in text_keys:
            text = " ".join(unescape(strip_tags(pick_text(entry.get(key))[0])).split())
            if text:
                break
        if not text:
            raise DomainError(
                _('The competence goal %(goal)s has no text (field "tittel" or "tekst").') % {"goal": code},
                field="tittel",
            )
        goals.append(ParsedGoal(code=code, text=text))
    if not goals:
        raise DomainError(
            _("The competence-goal set %(set)s has no published competence goals.") % {"set": set_code},
            field="kompetansemaal",
        )
    return tuple(goals)


def _check_unique_goals(code: str, goal_sets: Iterable[ParsedGoalSet]) -> None:
    seen: set[str] = set()
    for goal_set in goal_sets:
        for goal in goal_set.goals:
            if goal.code in seen:
                raise DomainError(
                    _("The competence goal %(goal)s appears more than once in %(code)s.")
                    % {"goal": goal.code, "code": code},
                    field="kompetansemaal",
                )
            seen.add(goal.code)


def _require_object(document: Any) -> Mapping[str, Any]:
    if not isinstance(document, Mapping):
        raise DomainError(_("The curriculum file is not a JSON object."))
    return document


def _curriculum_code_and_title(document: Mapping[str, Any]) -> tuple[str, str, str]:
    code = _require_code(document.get("kode"), _('The curriculum file has no code (field "kode").'))
    title, language = pick_text(document.get("tittel"))
    if not title:
        raise DomainError(_('The curriculum %(code)s has no title (field "tittel").') % {"code": code}, field="tittel")
    return code, title, language


# The two shapes ------------------------------------------------------------------------


def is_grep_api_document(document: Mapping[str, Any]) -> bool:
    return "kompetansemaal-kapittel" in document or isinstance(document.get("tittel"), (Mapping, list))


def parse_grep_curriculum(document: Any, *, fetch: Fetcher | None = None, source_url: str = "") -> ParsedCurriculum:
    """Parse a ``laereplaner-lk20/{code}`` document from the live Grep API.

    Goal-set references without their goals are fetched through ``fetch`` from their
    ``url-data`` link (or the set's Grep address when the link is missing).
    """
    doc = _require_object(document)
    code, title, language = _curriculum_code_and_title(doc)
    chapter = doc.get("kompetansemaal-kapittel")
    references = chapter.get("kompetansemaalsett") if isinstance(chapter, Mapping) else None
    if not isinstance(references, list) or not references:
        raise DomainError(
            _(
                "The curriculum %(code)s has no competence-goal sets "
                '(field "kompetansemaal-kapittel.kompetansemaalsett").'
            )
            % {"code": code},
            field="kompetansemaalsett",
        )
    own_url = str(doc.get("url-data") or "") or source_url or curriculum_url(code)
    allowed_hosts = GREP_HOSTS | {urlsplit(u).hostname or "" for u in (source_url, own_url) if u}

    goal_sets: list[ParsedGoalSet] = []
    for reference in references:
        if not isinstance(reference, Mapping):
            raise DomainError(
                _("A competence-goal set in %(code)s is not an object.") % {"code": code}, field="kompetansemaalsett"
            )
        set_code = _require_code(
            reference.get("kode"),
            _('A competence-goal set in %(code)s has no code (field "kode").') % {"code": code},
        )
        set_document: Mapping[str, Any] = reference
        if "kompetansemaal" not in reference:
            url = str(reference.get("url-data") or "") or goal_set_url(set_code)
            set_document = _fetch_goal_set(url, set_code, fetch, allowed_hosts)
        set_title = pick_text(set_document.get("tittel"))[0] or pick_text(reference.get("tittel"))[0]
        goals = _goals(set_document.get("kompetansemaal"), set_code, text_keys=("tittel", "tekst"))
        goal_sets.append(ParsedGoalSet(code=set_code, title=set_title, goals=goals))
    _check_unique_goals(code, goal_sets)

    period = doc.get("gyldighetsperiode")
    valid_from = doc.get("gyldig-fra")
    if isinstance(period, Mapping):
        valid_from = period.get("gyldig-fra") or valid_from
    # "fastsettelsesinformasjon" says when the curriculum was laid down and in which
    # written standard (målform); the goals exist in Grep only in that language.
    established = doc.get("fastsettelsesinformasjon")
    if not isinstance(established, Mapping):
        established = {}
    established_language = established.get("fastsatt-spraak")
    if isinstance(established_language, Mapping):
        established_language = established_language.get("kode")
    # The API nests the assessment in "vurderingsordninger-kapittel"; extracts and older
    # documents have a flat "vurderingsordning".
    assessment = doc.get("vurderingsordning")
    chapter_assessment = doc.get("vurderingsordninger-kapittel")
    if assessment is None and isinstance(chapter_assessment, Mapping):
        assessment = chapter_assessment.get("vurderingsordninger")
    return ParsedCurriculum(
        code=code,
        title=title,
        language=_language_code(established_language) or language or _language_code(doc.get("spraak")),
        established_on=_parse_date(
            established.get("fastsatt-dato") or doc.get("fastsatt"), "fastsettelsesinformasjon.fastsatt-dato"
        ),
        valid_from=_parse_date(valid_from, "gyldighetsperiode.gyldig-fra"),
        status=_status(doc.get("status")),
        replaced_by_code=_replaced_by(doc.get("erstattes-av")),
        source_url=own_url,
        assessment_text=_assessment(assessment),
        goal_sets=tuple(goal_sets),
    )


def _fetch_goal_set(url: str, set_code: str, fetch: Fetcher | None, allowed_hosts: set[str] | frozenset[str]) -> Any:
    if fetch is None:
        raise DomainError(
            _("The competence-goal set %(set)s has to be fetched from %(url)s, but fetching is not available here.")
            % {"set": set_code, "url": url},
            field="kompetansemaalsett",
        )
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or (parts.hostname or "") not in allowed_hosts:
        raise DomainError(
            _("The competence-goal set %(set)s points to an address outside Grep: %(url)s")
            % {"set": set_code, "url": url},
            field="kompetansemaalsett",
        )
    document = fetch(url)
    if not isinstance(document, Mapping):
        raise DomainError(
            _("The competence-goal set %(set)s from %(url)s is not a JSON object.") % {"set": set_code, "url": url},
            field="kompetansemaalsett",
        )
    return document


def parse_simple_curriculum(document: Any, *, source_url: str = "") -> ParsedCurriculum:
    """Parse the simplified extract shape of the files in ``data/``."""
    doc = _require_object(document)
    code, title, language = _curriculum_code_and_title(doc)
    sets = doc.get("kompetansemaalsett")
    if not isinstance(sets, list) or not sets:
        raise DomainError(
            _('The curriculum %(code)s has no competence-goal sets (field "kompetansemaalsett").') % {"code": code},
            field="kompetansemaalsett",
        )
    goal_sets: list[ParsedGoalSet] = []
    for entry in sets:
        if not isinstance(entry, Mapping):
            raise DomainError(
                _("A competence-goal set in %(code)s is not an object.") % {"code": code}, field="kompetansemaalsett"
            )
        set_code = _require_code(
            entry.get("kode"),
            _('A competence-goal set in %(code)s has no code (field "kode").') % {"code": code},
        )
        goals = _goals(entry.get("maal", entry.get("kompetansemaal")), set_code, text_keys=("tekst", "tittel"))
        goal_sets.append(ParsedGoalSet(code=set_code, title=pick_text(entry.get("tittel"))[0], goals=goals))
    _check_unique_goals(code, goal_sets)
    return ParsedCurriculum(
        code=code,
        title=title,
        language=language or _language_code(doc.get("spraak")),
        established_on=_parse_date(doc.get("fastsatt"), "fastsatt"),
        valid_from=_parse_date(doc.get("gyldigFra") or doc.get("gyldig-fra"), "gyldigFra"),
        status=_status(doc.get("status")),
        replaced_by_code=_replaced_by(doc.get("erstattesAv") or doc.get("erstattes-av")),
        # The extracts come from this Grep address.
        source_url=str(doc.get("url-data") or "") or source_url or curriculum_url(code),
        assessment_text=_assessment(doc.get("vurderingsordning")),
        goal_sets=tuple(goal_sets),
    )


def parse_curriculum(document: Any, *, fetch: Fetcher | None = None, source_url: str = "") -> ParsedCurriculum:
    """Parse either shape; the live API shape is recognised by its chapters and its
    multilingual title."""
    doc = _require_object(document)
    if is_grep_api_document(doc):
        return parse_grep_curriculum(doc, fetch=fetch, source_url=source_url)
    return parse_simple_curriculum(doc, source_url=source_url)


def parse_file(path: str | Path, *, fetch: Fetcher | None = None) -> ParsedCurriculum:
    return parse_curriculum(read_json_file(path), fetch=fetch)


def parse_url(url: str, *, fetch: Fetcher = fetch_json) -> ParsedCurriculum:
    return parse_curriculum(fetch(url), fetch=fetch, source_url=url)


def shipped_curriculum(code: str) -> ParsedCurriculum:
    """One of the curricula shipped in ``data/`` (BUA03-02, HEA03-03, ROF03-01)."""
    return parse_file(DATA_DIR / f"{code}.json")


# Writing -------------------------------------------------------------------------------


def _clean(instance: models.Model) -> None:
    try:
        # Uniqueness is the upsert's job (by curriculum code, by goal code).
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        details = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
        raise DomainError(
            _("%(object)s cannot be saved: %(details)s") % {"object": getattr(instance, "code", ""), "details": details}
        ) from exc


def write_curriculum(
    parsed: ParsedCurriculum,
    *,
    trade: Any = None,
    curriculum_model: type[models.Model] | None = None,
    goal_model: type[models.Model] | None = None,
) -> Any:
    """Upsert ``parsed`` by curriculum code and replace its goals, in one transaction.

    The model classes can be given so that a data migration can pass its historical
    models. Without ``trade`` an existing curriculum keeps the trade it has.
    """
    Curriculum_: Any = curriculum_model or Curriculum
    Goal: Any = goal_model or CompetenceGoal

    with transaction.atomic():
        curriculum = Curriculum_._default_manager.select_for_update().filter(code=parsed.code).first()
        if curriculum is None:
            curriculum = Curriculum_(code=parsed.code)
        curriculum.title = parsed.title
        curriculum.language = parsed.language
        curriculum.established_on = parsed.established_on
        curriculum.valid_from = parsed.valid_from
        curriculum.status = parsed.status
        curriculum.replaced_by_code = parsed.replaced_by_code
        curriculum.source_url = parsed.source_url
        curriculum.assessment_text = parsed.assessment_text
        curriculum.imported_at = timezone.now()
        if trade is not None:
            curriculum.trade = trade
        _clean(curriculum)
        curriculum.save()

        existing = {goal.code: goal for goal in Goal._default_manager.filter(curriculum=curriculum)}
        to_update, to_create = [], []
        position = 0
        for goal_set in parsed.goal_sets:
            for parsed_goal in goal_set.goals:
                position += 1
                goal = existing.pop(parsed_goal.code, None)
                values = {
                    "set_code": goal_set.code,
                    "set_title": goal_set.title,
                    "text": parsed_goal.text,
                    "position": position,
                }
                if goal is None:
                    goal = Goal(curriculum=curriculum, code=parsed_goal.code, **values)
                    to_create.append(goal)
                elif any(getattr(goal, field) != value for field, value in values.items()):
                    for field, value in values.items():
                        setattr(goal, field, value)
                    to_update.append(goal)
                else:
                    continue
                _clean(goal)
        if existing:
            try:
                Goal._default_manager.filter(pk__in=[goal.pk for goal in existing.values()]).delete()
            except ProtectedError as exc:
                raise DomainError(
                    _(
                        "Competence goals that are no longer in %(code)s are still in use "
                        "and cannot be removed: %(goals)s"
                    )
                    % {"code": parsed.code, "goals": ", ".join(sorted(existing))}
                ) from exc
        if to_update:
            Goal._default_manager.bulk_update(to_update, ["set_code", "set_title", "text", "position"])
        if to_create:
            Goal._default_manager.bulk_create(to_create)
    return curriculum


def import_curriculum(parsed: ParsedCurriculum, *, trade: Trade | None = None) -> Curriculum:
    """Write a parsed curriculum (see :func:`write_curriculum`) and return it."""
    curriculum: Curriculum = write_curriculum(parsed, trade=trade)
    return curriculum
