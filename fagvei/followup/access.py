"""Who may see and change meetings, their minutes and action items.

The policy (issue 11; DOMAIN.md "Privacy", need to know):

- A pathway's meeting is read by the people invited to it and by those who manage the
  pathway (``can_manage_pathway``: its coordinator, the caseworkers of the organisation
  that runs its scheme, the training office, the administrator); only the latter change
  it. Others following the pathway (a mentor not invited) do not know of it.
- A group's meeting (project group, steering group) is read by the group's members and
  by those who run the scheme (the coordinators of the organisation that runs it), who
  also change it.
- An action item is read with its meeting; it is marked done or undone by its owner or
  by those who change the meeting.

Anyone else gets 404, the same answer as an id that does not exist; a reader asking to
write gets 403.

A meeting of the concern ladder (``CONCERN_KINDS``: the concern conversation, the
clarification meeting; seed 004) is shown only to those who may know of its concern —
the concern app's rule, registered in ``core.registry`` and applied by ``known`` below
to every list here. Outside the concern page it goes by a neutral title
(``models.NEUTRAL_TITLE``), and it is opened, recorded and read on the concern's page
(which logs the read), never here: ``get_meeting_for`` answers 404 for it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from fagvei.accounts.access import scope_for
from fagvei.accounts.models import Role
from fagvei.core.lists import in_order
from fagvei.core.registry import row_rules
from fagvei.pathways.access import can_manage_pathway
from fagvei.pathways.models import Follow, Group, GroupMember

from .models import ActionItem, Invitee, Meeting

# The roles that run a scheme's groups, in the organisation that runs the scheme.
SCHEME_RUNNERS = (Role.COORDINATOR, Role.SCHOOL_COORDINATOR)
# What a page about a meeting shows of the rows it points to.
SHOWN = ("pathway__participant", "pathway__trade", "group__scheme", "scheduled_by", "approved_by")


def runs_scheme(user: Any, scheme_organisation_id: int) -> bool:
    scope = scope_for(user)
    return scope.is_admin or scheme_organisation_id in scope.orgs_with(*SCHEME_RUNNERS)


def can_manage_meeting(user: Any, meeting: Meeting) -> bool:
    """Whether the user changes the meeting: those who manage its pathway, or who run the
    scheme of its group."""
    if meeting.pathway_id is not None:
        return can_manage_pathway(user, meeting.pathway)
    group = meeting.group
    return group is not None and runs_scheme(user, group.scheme.organisation_id)


def known(user: Any, qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings of ``qs`` the user may know of: the need-to-know rules registered for
    meetings (a concern meeting only for those who may know of the concern). No query of
    its own: the rules are conditions of the same query."""
    for rule in row_rules("followup.Meeting", user):
        qs = qs.filter(rule)
    return qs


def _readable(user: Any, *, listed: bool) -> QuerySet[Meeting] | None:
    """The meetings the user may read by the follow-up app's rule (invited to it, a member
    of its group, managing its pathway, or running its group's scheme), or None for none.

    ``listed``: for a list, the ids of each part are read from its own index and joined
    (a UNION the planner drives from the user's few rows); an OR of the parts would make
    it test every meeting in the country, and count them all, at national size. For one
    meeting (or a few), the OR of correlated tests is the cheaper form."""
    scope = scope_for(user)
    parts: list[QuerySet[Any]] = []
    rules: list[Any] = []
    if scope.person_id is not None:
        parts.append(Invitee.objects.filter(person_id=scope.person_id).order_by().values("meeting_id"))
        rules.append(Exists(Invitee.objects.filter(meeting_id=OuterRef("pk"), person_id=scope.person_id)))
        groups = GroupMember.objects.filter(person_id=scope.person_id).order_by().values("group_id")
        parts.append(Meeting.objects.filter(group_id__in=groups).order_by().values("pk"))
        rules.append(Exists(GroupMember.objects.filter(group_id=OuterRef("group_id"), person_id=scope.person_id)))
    if scope.is_caseworker:
        managed = Follow.objects.filter(user_id=user.pk, manages=True).order_by().values("pathway_id")
        parts.append(Meeting.objects.filter(pathway_id__in=managed).order_by().values("pk"))
        rules.append(Exists(Follow.objects.filter(user_id=user.pk, pathway_id=OuterRef("pathway_id"), manages=True)))
    runs = scope.orgs_with(*SCHEME_RUNNERS)
    if runs:
        schemes = Group.objects.filter(scheme__organisation_id__in=runs).order_by().values("pk")
        parts.append(Meeting.objects.filter(group_id__in=schemes).order_by().values("pk"))
        rules.append(Q(group__scheme__organisation_id__in=runs))
    if not parts:
        return None
    qs = Meeting.objects.select_related(*SHOWN)
    if listed:
        ids = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
        return qs.filter(pk__in=ids)
    rule = rules[0]
    for more in rules[1:]:
        rule = rule | more
    return qs.filter(rule)


def visible_meetings(user: Any, *, listed: bool = True) -> QuerySet[Meeting]:
    """Every meeting the user may read, in one query (no duplicates): invited to it, a
    member of its group, managing its pathway, or running its group's scheme — and, for a
    concern meeting, one who may know of the concern. ``listed=False`` for a query about
    one meeting or a few (``_readable``)."""
    scope = scope_for(user)
    if scope.is_admin:
        return known(user, Meeting.objects.select_related(*SHOWN))
    if not getattr(user, "is_authenticated", False):
        return Meeting.objects.none()
    qs = _readable(user, listed=listed)
    if qs is None:
        return Meeting.objects.none()
    return known(user, qs)


def meetings_by_ids(ids: list[int]) -> list[Meeting]:
    """A page of meetings by their ids, in that order, with what a list shows of them:
    the second step of a list read from ``visible_meetings`` by its ids (``core.lists``),
    so that the planner joins the shown rows for 25 meetings, not for every one."""
    return in_order(Meeting.objects.select_related(*SHOWN).in_bulk(ids), ids)


def pathway_meetings(user: Any, pathway: Any) -> QuerySet[Meeting]:
    """A pathway's meetings the user may read: all of them for those who manage it (the
    pathway from ``get_pathway_for``, ``can_manage`` set), else those they are invited to."""
    qs = known(user, Meeting.objects.filter(pathway_id=pathway.pk).select_related("scheduled_by"))
    if getattr(pathway, "can_manage", False):
        return qs
    person_id = scope_for(user).person_id
    if person_id is None:
        return qs.none()
    return qs.filter(Exists(Invitee.objects.filter(meeting_id=OuterRef("pk"), person_id=person_id)))


def _fetch(user: Any, meeting_id: Any) -> Meeting:
    try:
        pk = int(meeting_id)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    # A concern meeting is the concern page's to show (see the module's docstring).
    meeting = visible_meetings(user, listed=False).filter(pk=pk, concern__isnull=True).first()
    if meeting is None:
        raise Http404
    return meeting


def get_meeting_for(user: Any, meeting_id: Any, *, write: bool = False) -> Meeting:
    """The meeting with this id if the user may read it (404 otherwise), marked with
    ``can_manage``; 403 when ``write`` is asked for by one who may only read it."""
    meeting = _fetch(user, meeting_id)
    meeting.can_manage = can_manage_meeting(user, meeting)  # type: ignore[attr-defined]
    if write and not meeting.can_manage:  # type: ignore[attr-defined]
        raise PermissionDenied
    return meeting


def get_action_item_for(user: Any, item_id: Any, *, write: bool = False) -> ActionItem:
    """An action item of a meeting the user may read (404 otherwise), marked with
    ``can_tick`` (its owner, or one who changes the meeting); 403 when ``write`` is asked
    for by one who may only read it."""
    try:
        pk = int(item_id)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    item = ActionItem.objects.select_related("owner", "done_by").filter(pk=pk).first()
    if item is None:
        raise Http404
    item.meeting = _fetch(user, item.meeting_id)
    item.meeting.can_manage = can_manage_meeting(user, item.meeting)  # type: ignore[attr-defined]
    item.can_tick = may_tick(user, item, item.meeting)  # type: ignore[attr-defined]
    if write and not item.can_tick:  # type: ignore[attr-defined]
        raise PermissionDenied
    return item


def may_tick(user: Any, item: ActionItem, meeting: Meeting) -> bool:
    """For a list: the owner, or one who changes the meeting (``can_manage`` set)."""
    person_id = scope_for(user).person_id
    return bool(getattr(meeting, "can_manage", False)) or (person_id is not None and item.owner_id == person_id)


def my_action_items(user: Any) -> QuerySet[ActionItem]:
    """The action items the user owns (through the person their login belongs to), open
    first by deadline, then the done ones, most recently done first."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return ActionItem.objects.none()
    return ActionItem.objects.filter(owner_id=person_id).select_related(
        "meeting__pathway__participant", "meeting__group", "owner"
    )
