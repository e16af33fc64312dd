"""Who follows which pathway, kept in ``pathways.Follow`` (fagvei/core/follows.py), and
the copies that let a list be read from one index: the participant's name key on the
pathway, and the number of pathways in each stage.

The rules (ol. § 7-12 for the training office; DOMAIN.md "Roles and access"):
- the responsible coordinator, while they hold a caseworker role, manages it;
- the coordinators of the organisation that runs its scheme manage it;
- the training office of the workplace, and the training office the workplace is a
  member company of, manage it;
- the participant's login and the logins of the people in a role on it see it.
The administrator sees everything and needs no rows.

Every domain function that moves one of these calls ``sync(pathways=...)`` through the
signals below (a pathway or a member saved); a changed role, login, organisation or
name reaches here through the signals of ``people.follows`` and ``organisations``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.db.models.signals import post_delete, post_save, pre_save

from fagvei.accounts.models import CASEWORKER_ROLES, Role
from fagvei.core import follows
from fagvei.core.search import rebuild_name_index, update_name_index
from fagvei.lib.names import sort_key
from fagvei.organisations.models import Organisation
from fagvei.people import follows as people_follows
from fagvei.people.models import Person

from .models import CLOSED, Follow, Pathway, PathwayMember, Scheme, Stage, StageCount

Rows = Iterable[tuple[int, int, bool]]
COORDINATING = (Role.COORDINATOR, Role.SCHOOL_COORDINATOR)


def _only(
    model: Any,
    users: Collection[int] | None,
    pathways: Collection[int] | None,
    user: str,
    pathway: str = "pk",
    **condition: Any,
) -> Any:
    """The rows of ``model`` meeting ``condition``, for these users and pathways. One
    filter() call: over a many-valued relation, the condition and the user must be
    read from the same joined row."""
    if users is not None:
        condition[f"{user}__in"] = users
    if pathways is not None:
        condition[f"{pathway}__in"] = pathways
    return model.objects.filter(**condition).values_list(user, pathway)


def _coordinator(users: Collection[int] | None, pathways: Collection[int] | None) -> Rows:
    rows = _only(Pathway, users, pathways, "coordinator_id", coordinator__memberships__role__in=CASEWORKER_ROLES)
    return ((u, p, True) for u, p in rows)


def _scheme_organisation(users: Collection[int] | None, pathways: Collection[int] | None) -> Rows:
    via = "scheme__organisation__memberships"
    condition: dict[str, Any] = {f"{via}__role__in": COORDINATING}
    rows = _only(Pathway, users, pathways, f"{via}__user_id", **condition)
    return ((u, p, True) for u, p in rows)


def _training_office(users: Collection[int] | None, pathways: Collection[int] | None) -> Rows:
    # ol. § 7-12: the training office follows the apprentices of its member companies,
    # and a training office may itself be the workplace.
    for via in ("workplace__memberships", "workplace__training_office__memberships"):
        condition: dict[str, Any] = {f"{via}__role": Role.TRAINING_OFFICE_ADVISER}
        for u, p in _only(Pathway, users, pathways, f"{via}__user_id", **condition):
            yield (u, p, True)


def _participant(users: Collection[int] | None, pathways: Collection[int] | None) -> Rows:
    rows = _only(Pathway, users, pathways, "participant__user__id", participant__user__isnull=False)
    return ((u, p, False) for u, p in rows)


def _member(users: Collection[int] | None, pathways: Collection[int] | None) -> Rows:
    rows = _only(PathwayMember, users, pathways, "person__user__id", "pathway_id", person__user__isnull=False)
    return ((u, p, False) for u, p in rows)


RULES = (_coordinator, _scheme_organisation, _training_office, _participant, _member)


def _copies(pathways: set[int]) -> dict[int, dict[str, Any]]:
    copied: dict[int, dict[str, Any]] = {}
    for batch in follows.chunks(pathways):
        for pk, stage, key in Pathway.objects.filter(pk__in=batch).values_list("pk", "stage", "sort_key"):
            copied[pk] = {"stage": stage, "sort_key": key}
    return copied


def _refresh_sort_keys(pathways: Collection[int]) -> None:
    """Copy the participant's name key to these pathways where it differs."""
    for batch in follows.chunks(pathways):
        stale = list(
            Pathway.objects.filter(pk__in=batch)
            .exclude(sort_key=F("participant__sort_key"))
            .values_list("pk", "participant__sort_key")
        )
        if stale:
            Pathway.objects.filter(pk__in=[pk for pk, _ in stale]).update(
                sort_key=Subquery(Person.objects.filter(pk=OuterRef("participant_id")).values("sort_key")[:1])
            )
            update_name_index(Pathway, stale)


def sync(
    *, pathways: Collection[int] | None = None, users: Collection[int] | None = None, people: Collection[int] = ()
) -> None:
    """Make the follow rows of these pathways (or of these users) what the rules say.

    For pathways, the people follow table follows: the rows of the people on them, and
    of ``people`` (someone just taken off a pathway)."""
    if pathways is None and users is None:
        raise ValueError("sync() needs pathways or users; rebuild() does the whole table")
    if pathways is not None:
        _refresh_sort_keys(pathways)
    rows = follows.wanted(RULES, users, pathways)
    existing = Follow.objects.all()
    if users is not None:
        existing = existing.filter(user_id__in=users)
    if pathways is not None:
        existing = existing.filter(pathway_id__in=pathways)
    follows.apply(Follow, "pathway", existing, rows, _copies)
    if pathways is not None:
        on_them = set(people)
        for batch in follows.chunks(pathways):
            on_them |= set(Pathway.objects.filter(pk__in=batch).values_list("participant_id", flat=True))
            on_them |= set(PathwayMember.objects.filter(pathway_id__in=batch).values_list("person_id", flat=True))
        for batch in follows.chunks(on_them):
            people_follows.sync(people=batch)


def _people_on_followed_pathways(users: Collection[int] | None, people: Collection[int] | None) -> Rows:
    """For ``people.Follow``: a user sees the participant and the people in a role on
    the pathways they follow, and manages the participant of those they manage."""
    qs = Follow.objects.all() if users is None else Follow.objects.filter(user_id__in=users)
    participants = qs if people is None else qs.filter(pathway__participant_id__in=people)
    yield from participants.values_list("user_id", "pathway__participant_id", "manages")
    # One filter() call, so that the condition and the value read come from one join.
    on: dict[str, Any] = (
        {"pathway__members__person_id__in": people} if people is not None else {"pathway__members__isnull": False}
    )
    for user_id, person_id in qs.filter(**on).values_list("user_id", "pathway__members__person_id"):
        yield (user_id, person_id, False)


def count_stage(old: str | None, new: str | None) -> None:
    """A pathway came into ``new`` (None: none) from ``old`` (None: it is new)."""
    if old == new:
        return
    if old is not None:
        StageCount.objects.filter(stage=old).update(count=F("count") - 1)
    if new is not None and not StageCount.objects.filter(stage=new).update(count=F("count") + 1):
        StageCount.objects.get_or_create(stage=new)
        StageCount.objects.filter(stage=new).update(count=F("count") + 1)


def stage_counts() -> dict[str, int]:
    return dict(StageCount.objects.values_list("stage", "count"))


def rebuild() -> None:
    """Every copy and every row again (after rows written in bulk: the demo, the bench,
    the migration that brought the tables)."""
    from django.db import connection
    from django.db.models import Count

    named: tuple[tuple[Any, tuple[str, ...]], ...] = ((Person, ("last_name", "first_name")), (Organisation, ("name",)))
    for model, parts in named:
        for batch in follows.chunks(model.objects.order_by("pk").values_list("pk", flat=True).iterator()):
            stale: list[Any] = []
            for row in model.objects.filter(pk__in=batch).only(*parts, "sort_key"):
                key = sort_key(*(getattr(row, part) for part in parts))
                if row.sort_key != key:
                    row.sort_key = key
                    stale.append(row)
            model.objects.bulk_update(stale, ["sort_key"], batch_size=1000)
        rebuild_name_index(connection, model._meta.db_table)
    Pathway.objects.update(
        sort_key=Subquery(Person.objects.filter(pk=OuterRef("participant_id")).values("sort_key")[:1])
    )
    Pathway.objects.exclude(is_open=False).filter(stage__in=CLOSED).update(is_open=False)
    Pathway.objects.exclude(is_open=True).exclude(stage__in=CLOSED).update(is_open=True)
    rebuild_name_index(connection, Pathway._meta.db_table)
    counts = dict(Pathway.objects.order_by().values_list("stage").annotate(n=Count("pk")))
    for stage in Stage.values:
        StageCount.objects.update_or_create(stage=stage, defaults={"count": counts.get(stage, 0)})
    for batch in follows.chunks(Pathway.objects.order_by("pk").values_list("pk", flat=True).iterator()):
        sync(pathways=batch)
    people_follows.rebuild()


# Signals: the changes that move rows -------------------------------------------------


def _pathway_saving(sender: Any, instance: Pathway, update_fields: Any = None, **kwargs: Any) -> None:
    """Note the stage and participant the row has now, for after the save."""
    stage: str | None = instance.stage
    participant: int | None = instance.participant_id
    if instance.pk is None:
        stage = participant = None
    elif hasattr(instance, "stage_in_db"):
        stage, participant = instance.stage_in_db, instance.participant_in_db
    elif update_fields is None or {"stage", "participant"} & set(update_fields):
        # Built by hand rather than read: ask the database (None: the row is new).
        stored = Pathway.objects.filter(pk=instance.pk).values_list("stage", "participant_id").first()
        stage, participant = stored or (None, None)
    instance.stage_before_save = stage
    instance.participant_before_save = participant


def _pathway_saved(sender: Any, instance: Pathway, **kwargs: Any) -> None:
    count_stage(getattr(instance, "stage_before_save", None), instance.stage)
    before = getattr(instance, "participant_before_save", None)
    instance.stage_in_db, instance.participant_in_db = instance.stage, instance.participant_id
    sync(pathways=[instance.pk], people=[before] if before and before != instance.participant_id else ())


def _member_saving(sender: Any, instance: PathwayMember, **kwargs: Any) -> None:
    instance.person_before_save = (
        PathwayMember.objects.filter(pk=instance.pk).values_list("person_id", flat=True).first()
        if instance.pk is not None
        else None
    )


def _member_changed(sender: Any, instance: PathwayMember, **kwargs: Any) -> None:
    before = getattr(instance, "person_before_save", None)
    sync(pathways=[instance.pathway_id], people={instance.person_id, *([before] if before else [])})


def _organisation_saved(sender: Any, instance: Organisation, update_fields: Any = None, **kwargs: Any) -> None:
    # The training office of a workplace decides who manages its pathways.
    if update_fields is None or "training_office" in update_fields:
        sync(pathways=list(Pathway.objects.filter(workplace=instance).values_list("pk", flat=True)))


def _scheme_saved(sender: Any, instance: Scheme, **kwargs: Any) -> None:
    sync(pathways=list(Pathway.objects.filter(scheme=instance).values_list("pk", flat=True)))


def _refresh(*, users: Collection[int] | None = None, people: Collection[int] | None = None) -> None:
    """Before the people follow table: a changed login or role moves this user's
    pathways; a renamed participant moves the name key of their pathways."""
    if users is not None:
        sync(users=users)
    if people is not None:
        renamed = Pathway.objects.filter(participant_id__in=people).exclude(sort_key=F("participant__sort_key"))
        ids = list(renamed.values_list("pk", flat=True))
        if ids:
            sync(pathways=ids)


def connect() -> None:
    pre_save.connect(_pathway_saving, sender=Pathway, dispatch_uid="pathways-follows-pathway-stage")
    post_save.connect(_pathway_saved, sender=Pathway, dispatch_uid="pathways-follows-pathway")
    pre_save.connect(_member_saving, sender=PathwayMember, dispatch_uid="pathways-follows-member-before")
    post_save.connect(_member_changed, sender=PathwayMember, dispatch_uid="pathways-follows-member")
    post_delete.connect(_member_changed, sender=PathwayMember, dispatch_uid="pathways-follows-member-gone")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="pathways-follows-organisation")
    post_save.connect(_scheme_saved, sender=Scheme, dispatch_uid="pathways-follows-scheme")
    people_follows.register_refresh(_refresh)
    people_follows.register_person_rule(_people_on_followed_pathways)
