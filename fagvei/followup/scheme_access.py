"""Who may see and change a scheme's groups, their members and the monthly themes.

The policy (issue 11; seed 002; DOMAIN.md "Privacy", need to know):

- Those who run the scheme (``runs_scheme``: the coordinators of the organisation that
  runs it, the administrator) read and change all of it: the groups, their members and
  intervals, the monthly themes.
- A member of one of the scheme's groups reads the scheme page with their own group(s)
  and the themes, nothing of the other group.
- Someone on a pathway of the scheme (its participant, the mentor, the instructor, the
  teachers …) reads the monthly themes only (seed 002 § 3: the mentor is told each month
  which themes the class covers).

Anyone else gets 404, the same answer as an id that does not exist; a reader asking to
write gets 403. Every path (page, API) fetches through ``get_scheme_for`` and
``get_group_for``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from fagvei.accounts.access import scope_for
from fagvei.pathways.models import Group, GroupMember, Pathway, PathwayMember, Scheme

from .access import SCHEME_RUNNERS, runs_scheme


def _int(value: Any) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    if not 0 < pk < 2**63:
        raise Http404
    return pk


def _annotated(user: Any) -> QuerySet[Scheme]:
    """The schemes, each marked with whether the user is in one of its groups and whether
    they are on one of its pathways."""
    person_id = scope_for(user).person_id
    qs = Scheme.objects.select_related("organisation", "trade")
    if person_id is None:
        return qs.annotate(in_group=Exists(GroupMember.objects.none()), on_pathway=Exists(PathwayMember.objects.none()))
    return qs.annotate(
        in_group=Exists(GroupMember.objects.filter(group__scheme_id=OuterRef("pk"), person_id=person_id)),
        on_pathway=Exists(PathwayMember.objects.filter(pathway__scheme_id=OuterRef("pk"), person_id=person_id))
        | Exists(Pathway.objects.filter(scheme_id=OuterRef("pk"), participant_id=person_id)),
    )


def visible_schemes(user: Any) -> QuerySet[Scheme]:
    """The schemes the user runs, is in a group of, or is on a pathway of (one query)."""
    scope = scope_for(user)
    if not getattr(user, "is_authenticated", False):
        return Scheme.objects.none()
    qs = _annotated(user)
    if scope.is_admin:
        return qs
    rule = Q(in_group=True) | Q(on_pathway=True)
    runs = scope.orgs_with(*SCHEME_RUNNERS)
    if runs:
        rule |= Q(organisation_id__in=runs)
    return qs.filter(rule)


def _mark(user: Any, scheme: Scheme) -> Scheme:
    scheme.can_manage = runs_scheme(user, scheme.organisation_id)  # type: ignore[attr-defined]
    # Only those who run the scheme or sit in one of its groups see its groups.
    scheme.reads_groups = scheme.can_manage or bool(getattr(scheme, "in_group", False))  # type: ignore[attr-defined]
    return scheme


def get_scheme_for(user: Any, scheme_id: Any, *, write: bool = False) -> Scheme:
    """The scheme with this id if the user may read it (404 otherwise), marked with
    ``can_manage`` and ``reads_groups``; 403 when ``write`` is asked for by a reader."""
    scheme = visible_schemes(user).filter(pk=_int(scheme_id)).first()
    if scheme is None:
        raise Http404
    _mark(user, scheme)
    if write and not scheme.can_manage:  # type: ignore[attr-defined]
        raise PermissionDenied
    return scheme


def readable_groups(user: Any, scheme: Scheme) -> QuerySet[Group]:
    """The scheme's groups the user reads: all for those who run it, else their own."""
    qs = Group.objects.filter(scheme_id=scheme.pk)
    if getattr(scheme, "can_manage", False):
        return qs
    person_id = scope_for(user).person_id
    if person_id is None:
        return qs.none()
    return qs.filter(Exists(GroupMember.objects.filter(group_id=OuterRef("pk"), person_id=person_id)))


def get_group_for(user: Any, group_id: Any, *, write: bool = False) -> Group:
    """A group the user reads (404 otherwise: a member of the other group does not know of
    it), with its scheme marked as by ``get_scheme_for``; 403 when ``write`` is asked for by
    a member who does not run the scheme."""
    pk = _int(group_id)
    group = Group.objects.filter(pk=pk).only("id", "scheme_id").first()
    if group is None:
        raise Http404
    scheme = get_scheme_for(user, group.scheme_id)
    found = readable_groups(user, scheme).filter(pk=pk).first()
    if found is None:
        raise Http404
    found.scheme = scheme
    found.can_manage = scheme.can_manage  # type: ignore[attr-defined]
    if write and not found.can_manage:  # type: ignore[attr-defined]
        raise PermissionDenied
    return found
