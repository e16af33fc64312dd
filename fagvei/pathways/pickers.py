"""The person picker of the new-pathway and add-member forms.

A caseworker may see hundreds of people: participants, the staff around them, the county
adviser. A GET search by name, organisation and role narrows the person select, and each
option says who the person is ("Kari Nordmann (Fadder, Solsikken barnehage)").

A person's organisations are those where their login has a membership, and the one
that registered them; their roles are the roles of those memberships and the roles they
have on pathways the user may see. The select offers at most ``LIMIT`` people; the form
field still accepts anyone in the user's scope, so a valid choice posted from a longer
list is never refused for being outside the first ``LIMIT``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fagvei.accounts.models import Membership, Role
from fagvei.organisations.models import Organisation

from .access import visible_pathways
from .models import PathwayMember

LIMIT = 50
# The GET parameters of the search start with this, so that they never clash with the
# page's own parameters (e.g. ?role=mentor on the add-member form, ?participant=…).
PREFIX = "find"
# The id of the element an HTMX search swaps.
TARGET = "person-picker"
ROLE_CHOICES = [(value, label) for value, label in Role.choices if value != Role.ADMIN]


class PersonSearchForm(forms.Form):
    """Never fails: a value that is not offered is ignored."""

    prefix = PREFIX
    q = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=100)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["role"].choices = [("", gettext_lazy("All")), *ROLE_CHOICES]  # type: ignore[attr-defined]
        self.fields["q"].widget.input_type = "search"  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["class"] = "ds-input"
        self.fields["q"].widget.attrs["autocomplete"] = "off"

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


def _people_with_role(user: Any, role: str) -> Q:
    memberships = Membership.objects.filter(role=role, user__person__isnull=False).values("user__person_id")
    q = Q(pk__in=memberships)
    if role in PathwayMember.Role.values:
        # Only roles on pathways the user may see: a role elsewhere is not theirs to know.
        members = PathwayMember.objects.filter(role=role, pathway_id__in=visible_pathways(user).values("pk"))
        q |= Q(pk__in=members.values("person_id"))
    if role == Role.PARTICIPANT:
        q |= Q(pk__in=visible_pathways(user).values("participant_id"))
    return q


def search(user: Any, people: QuerySet[Any], filters: dict[str, Any]) -> QuerySet[Any]:
    """The people of ``people`` that match the search (every word of the name, the
    organisation, the role)."""
    for word in filters.get("q", "").split()[:5]:
        people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    organisation = filters.get("organisation")
    if organisation is not None:
        members = Membership.objects.filter(organisation=organisation, user__person__isnull=False)
        people = people.filter(Q(pk__in=members.values("user__person_id")) | Q(registered_by_organisation=organisation))
    if filters.get("role"):
        people = people.filter(_people_with_role(user, filters["role"]))
    return people


def organisations_of(people: QuerySet[Any]) -> QuerySet[Any]:
    """The organisations the search offers: those of the people that may be picked."""
    ids = people.order_by().values("pk")
    members = Membership.objects.filter(user__person__in=ids).values("organisation_id")
    registered = people.order_by().filter(registered_by_organisation__isnull=False)
    return (
        Organisation.objects.filter(Q(pk__in=members) | Q(pk__in=registered.values("registered_by_organisation_id")))
        .only("id", "name")
        .order_by(Lower("name"), "id")
    )


def _for_options(user: Any, people: QuerySet[Any]) -> QuerySet[Any]:
    """Only what the options show: never the national identity number."""
    return (
        people.select_related("registered_by_organisation")
        .only("id", "first_name", "last_name", "registered_by_organisation__name")
        .annotate(is_visible_participant=Exists(visible_pathways(user).filter(participant_id=OuterRef("pk"))))
    )


def labels(user: Any, people: list[Any]) -> list[tuple[int, str]]:
    """The options' labels, e.g. "Kari Nordmann (Fadder, Solsikken barnehage)": the name,
    the person's roles and their organisations (where they have a login, else the one that
    registered them). Two queries, whatever the number of people."""
    ids = [person.pk for person in people]
    roles: dict[int, set[str]] = defaultdict(set)
    organisations: dict[int, set[str]] = defaultdict(set)
    memberships = Membership.objects.filter(user__person_id__in=ids).values_list(
        "user__person_id", "role", "organisation__name"
    )
    for person_id, role, organisation in memberships:
        roles[person_id].add(role)
        organisations[person_id].add(organisation)
    # Only roles on pathways the user may see: a role elsewhere is not theirs to know.
    on_pathways = PathwayMember.objects.filter(person_id__in=ids, pathway_id__in=visible_pathways(user).values("pk"))
    for person_id, role in on_pathways.values_list("person_id", "role"):
        roles[person_id].add(role)
    result = []
    for person in people:
        held = roles[person.pk] | ({Role.PARTICIPANT} if person.is_visible_participant else set())
        details = [str(text) for value, text in Role.choices if value in held and value != Role.ADMIN]
        names = sorted(organisations[person.pk], key=str.lower)
        if not names and person.registered_by_organisation is not None:
            names = [person.registered_by_organisation.name]
        details.extend(names)
        result.append((person.pk, f"{person.full_name} ({', '.join(details)})" if details else person.full_name))
    return result


@dataclass
class PersonPicker:
    """What the templates need: the search form, the person field with its options, the
    parameters of the page to keep when searching, and a line saying what is shown."""

    search_form: PersonSearchForm
    field: Any  # the BoundField of the person select
    keep: list[tuple[str, str]]
    status: str
    url: str

    @property
    def target(self) -> str:
        return TARGET


def person_picker(
    request: HttpRequest, form: forms.BaseForm, name: str, people: QuerySet[Any], *, default_role: str = ""
) -> PersonPicker:
    """Narrow the options of ``form``'s person field ``name`` (whose queryset stays
    ``people``, the user's whole scope) by the search in the request's GET parameters.
    ``default_role`` narrows the list until the user searches."""
    user = request.user
    data = request.GET.copy()
    if default_role and not any(key.startswith(f"{PREFIX}-") for key in data):
        data[f"{PREFIX}-role"] = default_role
    search_form = PersonSearchForm(data, organisations=organisations_of(people))
    found = list(_for_options(user, search(user, people, search_form.filters()))[: LIMIT + 1])
    truncated = len(found) > LIMIT
    found = found[:LIMIT]

    selected = str(form[name].value() or "")
    # ASCII digits only: str.isdigit() also takes "¹", which int() refuses.
    is_id = selected.isascii() and selected.isdigit() and int(selected) < 2**63
    if is_id and selected not in {str(person.pk) for person in found}:
        # The chosen person stays chosen when the search no longer finds them.
        extra = _for_options(user, people).filter(pk=int(selected)).first()
        if extra is not None:
            found.insert(0, extra)
    widget = form.fields[name].widget
    widget.choices = [("", "---------"), *labels(user, found)]  # type: ignore[attr-defined]
    # The select is described by the line saying how many it offers.
    widget.attrs["aria-describedby"] = " ".join([*widget.attrs.get("aria-describedby", "").split(), f"{TARGET}-status"])

    if truncated:
        status = _("Showing the first %(limit)s. Show others by searching.") % {"limit": LIMIT}
    elif found:
        status = ngettext("%(count)s person to choose from.", "%(count)s people to choose from.", len(found)) % {
            "count": len(found)
        }
    else:
        status = _("No one matches the search.")
    keep = [(key, str(value)) for key, value in request.GET.items() if not key.startswith(f"{PREFIX}-")]
    return PersonPicker(search_form=search_form, field=form[name], keep=keep, status=status, url=request.path)


def is_picker_swap(request: HttpRequest) -> bool:
    """An HTMX search asking only for the person select."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and getattr(htmx, "target", None) == TARGET
