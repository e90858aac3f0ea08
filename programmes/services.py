"""Writes to the shared model: every create and change of trusts, teams, posts, peers and staff
roles goes through these functions, which views, the admin, commands and tasks all call.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from simple_history.models import HistoricalChanges

from . import reference_data
from .models import (
    AgendaCoverage,
    CodeOfConductAcknowledgement,
    CohortEnrolment,
    FollowUpAction,
    JobDescription,
    KeyAccountability,
    OwnCareTeamArrangement,
    Peer,
    PeerEmailDuplicate,
    PeerMerge,
    PersonSpecificationCriterion,
    Post,
    ReferenceItem,
    SensitiveAccessLog,
    StaffRole,
    Team,
    TeamPreparationSession,
    TrainingCohort,
    Trust,
)
from .models.job_descriptions import LOCAL_CHOICE
from .models.shared import EMAIL_TAKEN
from .nations import Nation

PEER_EMAIL_CONSTRAINT = "peer_email_unique_per_trust"
M = TypeVar("M", bound=models.Model)


def _save(instance: M, *, by) -> M:
    """Validate and save one record, crediting the change to `by` in its history."""
    instance.full_clean()
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
    instance.save()
    return instance


def _differs(instance: models.Model, fields: dict[str, Any]) -> bool:
    return any(getattr(instance, name) != value for name, value in fields.items())


def _apply(instance: M, fields: dict[str, Any]) -> M:
    for name, value in fields.items():
        setattr(instance, name, value)
    return instance


@transaction.atomic
def create_trust(*, by, name: str, ods_code: str, nation: str = Nation.ENGLAND) -> Trust:
    return _save(Trust(name=name, ods_code=ods_code, nation=nation), by=by)


@transaction.atomic
def update_trust(*, trust: Trust, by, **fields: Any) -> Trust:
    return _save(_apply(trust, fields), by=by)


@transaction.atomic
def create_team(*, by, trust: Trust, name: str, service_type: str, recovery_training_done: bool = False) -> Team:
    return _save(
        Team(trust=trust, name=name, service_type=service_type, recovery_training_done=recovery_training_done),
        by=by,
    )


@transaction.atomic
def update_team(*, team: Team, by, **fields: Any) -> Team:
    if "trust" in fields and fields["trust"] != team.trust:
        # Moving a team between trusts would carry its posts and peers' records with it.
        raise ValidationError({"trust": "A team cannot move to another trust."})
    return _save(_apply(team, fields), by=by)


@transaction.atomic
def create_post(*, by, team: Team, title: str, band: int, hours, **fields: Any) -> Post:
    return _save(Post(team=team, title=title, band=band, hours=hours, **fields), by=by)


@transaction.atomic
def update_post(*, post: Post, by, **fields: Any) -> Post:
    return _save(_apply(post, fields), by=by)


def _save_peer(peer: Peer, *, by) -> Peer:
    """`_save` for a peer: `Peer.clean` refuses an email another peer of the trust has; when two writes race past
    that check, the database's unique index refuses the second, and it is told the same, beside the email."""
    try:
        with transaction.atomic():
            return _save(peer, by=by)
    except IntegrityError as error:
        if PEER_EMAIL_CONSTRAINT not in str(error):
            raise
        raise ValidationError({"email": EMAIL_TAKEN}) from error


@transaction.atomic
def create_peer(*, by, trust: Trust, full_name: str, **fields: Any) -> Peer:
    return _save_peer(Peer(trust=trust, full_name=full_name, **fields), by=by)


@transaction.atomic
def update_peer(*, peer: Peer, by, **fields: Any) -> Peer:
    if "trust" in fields and fields["trust"] != peer.trust:
        raise ValidationError({"trust": "A peer's record stays with the trust that holds it."})
    return _save_peer(_apply(peer, fields), by=by)


@transaction.atomic
def grant_staff_role(*, by, user, trust: Trust, role: str, team: Team | None = None) -> StaffRole:
    """Give `user` a role at `trust` (or one of its teams); granting it twice changes nothing."""
    existing = StaffRole.objects.filter(user=user, trust=trust, team=team, role=role).first()
    if existing:
        return existing
    return _save(StaffRole(user=user, trust=trust, team=team, role=role), by=by)


@transaction.atomic
def record_own_care_team(
    *, by, peer: Peer, team: Team, line_manager, care_arrangement: str, supervisor=None
) -> OwnCareTeamArrangement:
    """Flag that `peer` works in the team that provides their care (seed 000, Box 10); from now on
    only the named line manager and supervisor of that team see the peer's records."""
    arrangement = OwnCareTeamArrangement.objects.filter(peer=peer).first() or OwnCareTeamArrangement(peer=peer)
    _apply(
        arrangement,
        {"team": team, "line_manager": line_manager, "supervisor": supervisor, "care_arrangement": care_arrangement},
    )
    return _save(arrangement, by=by)


# --- Phase 1, preparation ---------------------------------------------------------------------


@transaction.atomic
def create_record(model: type[M], *, by, **fields: Any) -> M:
    """Create a simple preparation record (steering group member, project action, cost item, course,
    cohort) after validating it."""
    return _save(model(**fields), by=by)


@transaction.atomic
def update_record(instance: M, *, by, **fields: Any) -> M:
    return _save(_apply(instance, fields), by=by)


def _agenda_items():
    return ReferenceItem.objects.filter(kind=ReferenceItem.Kind.TEAM_PREPARATION_AGENDA).order_by("number")


@transaction.atomic
def record_team_preparation_session(
    *,
    by,
    team: Team,
    held_on,
    attendees: str,
    facilitator: str = "",
    notes: str = "",
    coverage: dict[int, tuple[bool, str]] | None = None,
    actions: list[dict[str, Any]] | None = None,
) -> TeamPreparationSession:
    """Record a team preparation session with every agenda item of seed 000 (covered or not) and the
    follow-up actions agreed."""
    session = _save(
        TeamPreparationSession(team=team, held_on=held_on, attendees=attendees, facilitator=facilitator, notes=notes),
        by=by,
    )
    coverage = coverage or {}
    for item in _agenda_items():
        covered, item_notes = coverage.get(item.pk, (False, ""))
        _save(AgendaCoverage(session=session, item=item, covered=covered, notes=item_notes), by=by)
    _apply_follow_up_actions(session, actions or [], by=by)
    return session


@transaction.atomic
def update_team_preparation_session(
    *,
    session: TeamPreparationSession,
    by,
    coverage: dict[int, tuple[bool, str]] | None = None,
    actions: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> TeamPreparationSession:
    _save(_apply(session, fields), by=by)
    rows = {row.item_id: row for row in session.agenda.all()}
    for item in _agenda_items():
        row = rows.get(item.pk) or AgendaCoverage(session=session, item=item)
        # No coverage given (a change of the session's details only): the agenda stays as recorded.
        covered, item_notes = (row.covered, row.notes) if coverage is None else coverage.get(item.pk, (False, ""))
        if row.pk is None or (row.covered, row.notes) != (covered, item_notes):
            _save(_apply(row, {"covered": covered, "notes": item_notes}), by=by)
    _apply_follow_up_actions(session, actions or [], by=by)
    return session


def _apply_follow_up_actions(session: TeamPreparationSession, actions: list[dict[str, Any]], *, by) -> None:
    """Add, change or remove follow-up actions: each dict has the fields, an optional `id` and `delete`."""
    existing = {a.pk: a for a in session.follow_up_actions.all()}
    for entry in actions:
        entry = dict(entry)
        pk, delete = entry.pop("id", None), entry.pop("delete", False)
        action = existing.get(pk) if pk else None
        if delete:
            if action is not None:
                action._history_user = by
                action.delete()
            continue
        if not entry.get("action") or (action is not None and not _differs(action, entry)):
            continue
        _save(_apply(action or FollowUpAction(session=session), entry), by=by)


@transaction.atomic
def create_job_description_from_template(*, post: Post, template: JobDescription, by) -> JobDescription:
    """Give `post` its own job description, copied from a template of the library; the post's own
    title, band and hours replace the template's."""
    if not _lock_post(post):
        raise ValidationError("This post already has a job description; edit it instead.")
    if template.post_id is not None:
        raise ValidationError({"template": "Choose a template of the library."})
    trust_name = Trust.objects.values_list("name", flat=True).get(teams=post.team_id)

    def ours(values: dict[str, Any]) -> dict[str, Any]:
        # The source's employer becomes the post's trust (reference_data.for_the_post): quoted words stay the
        # source's, but no post's job description presents another trust as its employer.
        return {
            name: reference_data.for_the_post(value, template_name=template.template_name, trust_name=trust_name)
            if isinstance(value, str)
            else value
            for name, value in values.items()
        }

    copied = {f.name: getattr(template, f.name) for f in JobDescription._meta.concrete_fields if f.name in JD_TEXT}
    copied = ours(copied)
    copied.update(
        job_title=post.title,
        band=post.band,
        hours=f"{post.hours.normalize():f}",
        career_level=post.career_level,
        supplementary_source=template.supplementary_source,
    )
    jd = _save(JobDescription(post=post, based_on=template, source=template.source, version=1, **copied), by=by)
    for row in template.accountabilities.all():
        _save(KeyAccountability(job_description=jd, **ours(_fields(row, KeyAccountability))), by=by)
    for row in template.person_specification.all():
        criterion = ours(_fields(row, PersonSpecificationCriterion))
        _save(PersonSpecificationCriterion(job_description=jd, **criterion), by=by)
    return jd


def _lock_post(post: Post) -> bool:
    """Serialise job description creation per post, so two at once give the clear message, not an error."""
    Post.objects.select_for_update().filter(pk=post.pk).first()
    return not JobDescription.objects.filter(post=post).exists()


JD_TEXT = {
    "job_title",
    "band",
    "hours",
    "reports_to",
    "further_details",
    "role_purpose",
    "role_context",
    "dimensions",
    "skills_knowledge_experience",
    "communication_and_relationship_skills",
    "physical_effort",
    "emotional_effort",
    "working_conditions",
    "organisation_chart",
    "supplementary_information",
}


def _fields(row: models.Model, model: type[models.Model]) -> dict[str, Any]:
    skip = {"id", "job_description"}
    return {f.name: getattr(row, f.name) for f in model._meta.concrete_fields if f.name not in skip}


@transaction.atomic
def update_job_description(
    *,
    job_description: JobDescription,
    by,
    accountabilities: list[dict[str, Any]] | None = None,
    criteria: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> JobDescription:
    """Save an edited job description and person specification as its next version."""
    previous = {name: getattr(job_description, name) for name in [*fields, "version"]}
    try:
        # The next version comes from the row, locked until this transaction ends: the caller's copy may be
        # stale (two people saving at once each held version N and both wrote N + 1).
        saved = JobDescription.objects.select_for_update().filter(pk=job_description.pk).values_list("version")
        job_description.version = saved.get()[0] + 1
        if fields.get("supplementary_information", job_description.supplementary_information) != (
            job_description.supplementary_information
        ):
            fields.setdefault("supplementary_source", adapted_source(job_description.supplementary_source))
        _save(_apply(job_description, fields), by=by)
        _apply_rows(job_description.accountabilities, KeyAccountability, accountabilities or [], job_description, by=by)
        _apply_rows(
            job_description.person_specification, PersonSpecificationCriterion, criteria or [], job_description, by=by
        )
    except ValidationError:
        _apply(job_description, previous)  # the transaction rolls back; so does the object the caller holds
        raise
    return job_description


def adapted_source(source: str) -> str:
    """The source of words this organisation changed: "Adapted by this organisation from <source>"."""
    if not source or source.startswith(("Local choice", "Adapted by this organisation")):
        return source or LOCAL_CHOICE
    return f"Adapted by this organisation from {source}"[:300]


def _apply_rows(manager, model, rows: list[dict[str, Any]], job_description: JobDescription, *, by) -> None:
    existing = {r.pk: r for r in manager.all()}
    for order, entry in enumerate(rows, start=1):
        entry = dict(entry)
        pk, delete = entry.pop("id", None), entry.pop("delete", False)
        row = existing.get(pk) if pk else None
        if delete:
            if row is not None:
                row._history_user = by
                row.delete()
            continue
        entry.setdefault("order", order)
        if row is not None and not _differs(row, entry):
            continue  # unchanged: no new history row
        # A row the organisation adds is its own; a row it changes is adapted from its source (issue 17).
        if row is None:
            entry.setdefault("source", LOCAL_CHOICE)
        elif _differs(row, {name: value for name, value in entry.items() if name != "order"}):
            entry.setdefault("source", adapted_source(row.source))
        _save(_apply(row or model(job_description=job_description), entry), by=by)


@transaction.atomic
def enrol_peer(*, cohort: TrainingCohort, peer: Peer, by, **fields: Any) -> CohortEnrolment:
    """Enrol `peer` on `cohort`, refusing when the cohort is full or the peer already enrolled."""
    TrainingCohort.objects.select_for_update().filter(pk=cohort.pk).first()  # one enrolment at a time per cohort
    if CohortEnrolment.objects.filter(cohort=cohort, peer=peer).exists():
        raise ValidationError({"peer": f"{peer} is already enrolled on this cohort."})
    taken = CohortEnrolment.objects.filter(cohort=cohort).exclude(status=CohortEnrolment.Status.WITHDRAWN).count()
    if taken >= cohort.capacity:
        raise ValidationError({"peer": f"The cohort is full: all {cohort.capacity} places are taken."})
    return _save(CohortEnrolment(cohort=cohort, peer=peer, **fields), by=by)


def code_of_conduct_version() -> str:
    intro = ReferenceItem.objects.filter(kind=ReferenceItem.Kind.CODE_OF_CONDUCT, code="introduction").first()
    return intro.version if intro and intro.version else "current"


@transaction.atomic
def acknowledge_code_of_conduct(*, peer: Peer, by, acknowledged_on) -> CodeOfConductAcknowledgement:
    """Record that `peer` has read and acknowledged the current version of the code of conduct."""
    version = code_of_conduct_version()
    if CodeOfConductAcknowledgement.objects.filter(peer=peer, version=version).exists():
        raise ValidationError(f"{peer} has already acknowledged this version of the code of conduct ({version}).")
    return _save(
        CodeOfConductAcknowledgement(peer=peer, version=version, acknowledged_on=acknowledged_on, recorded_by=by),
        by=by,
    )


# --- Two records of one person ----------------------------------------------------------------


def is_history_model(model: type[models.Model]) -> bool:
    return issubclass(model, HistoricalChanges)


def peer_relations() -> list[models.ForeignKey]:
    """Every foreign key and one-to-one to Peer in every app (a many-to-many through its rows), history tables
    included: found in the model graph, so a relation added tomorrow is merged too."""
    return [
        rel.field
        for rel in Peer._meta.get_fields(include_hidden=True)
        if rel.is_relation and rel.auto_created and not rel.concrete and not rel.many_to_many
    ]


# Fields of the kept record that take the merged record's value when empty (the kept values win otherwise; the
# merged record's own history keeps what it had).
MERGE_FILLS = ("preferred_name", "pronouns", "email", "phone", "lived_experience_summary", "user")


def _unique_rules_on(field: models.ForeignKey) -> tuple[list, list]:
    """The unique rules of `field`'s model that involve the field: (model, fields) checks and constraints."""
    model = field.model
    checks = [(model, (field.name,))] if field.unique else []
    checks += [(model, tuple(together)) for together in model._meta.unique_together if field.name in together]
    constraints = [
        c
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and (field.name in (c.fields or ()) or c.expressions)
    ]
    return checks, constraints


def _merge_conflicts(keep: Peer, merge: Peer, moves: list[tuple[models.ForeignKey, list]]) -> list[str]:
    """What cannot be one person's without a choice HR must make (two Wellness Action Plans, two applications to
    one vacancy, two sign-ins): found by the records' own unique rules, checked as if already moved."""
    problems = []
    if keep.user_id and merge.user_id:
        problems.append("Both records have their own sign-in; remove one of them from its record first.")
    for field, rows in moves:
        checks, constraints = _unique_rules_on(field)
        if not rows or not (checks or constraints):
            continue
        for row in rows:
            setattr(row, field.attname, keep.pk)
            try:
                errors = row._perform_unique_checks(checks)
                for constraint in constraints:
                    try:
                        constraint.validate(field.model, row)
                    except ValidationError as error:
                        errors.setdefault("__all__", []).extend(error.messages)
                if errors:
                    raise ValidationError(errors)
            except ValidationError as error:
                problems.append(
                    f"{str(row._meta.verbose_name).capitalize()} “{row}”: the kept record already has one "
                    f"({' '.join(error.messages)}). Remove or change one of the two first."
                )
            finally:
                setattr(row, field.attname, merge.pk)
    return problems


@transaction.atomic
def merge_peers(*, keep: Peer, merge: Peer, by) -> PeerMerge:
    """Make two records of one person one: every record of any kind that points at `merge` (placements,
    applications, plans, sessions, the access log, ...) moves to `keep`, with a line in its history; `keep`'s empty
    fields take `merge`'s values; `merge` is deleted (its own history stays under its number). All or nothing: a
    conflict (two of something a person has once) refuses the merge and names it, and nothing changes."""
    if keep.pk == merge.pk:
        raise ValidationError("Choose two different records to merge.")
    if keep.trust_id != merge.trust_id:
        raise ValidationError("Only two records of the same trust can be merged.")
    # Both rows locked, in a fixed order, so two merges or an edit at the same time wait rather than interleave.
    locked = {p.pk: p for p in Peer.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk]).order_by("pk")}
    if len(locked) != 2:
        raise ValidationError("One of the two records no longer exists (merged or deleted meanwhile).")
    keep, merge = locked[keep.pk], locked[merge.pk]
    merged_id, merged_name = merge.pk, merge.full_name
    moves = [
        (field, list(field.model._base_manager.filter(**{field.attname: merged_id})))
        for field in peer_relations()
        if not is_history_model(field.model)
    ]
    problems = _merge_conflicts(keep, merge, moves)
    if problems:
        raise ValidationError(problems)

    reason = f"Merged from peer #{merged_id}"
    moved: dict[str, int] = {}
    for field, rows in moves:
        if not rows:
            continue
        moved[f"{field.model._meta.label}.{field.name}"] = len(rows)
        if field.model is SensitiveAccessLog:
            # Append-only: the log's one sanctioned change (who read what, and when, stays as it was).
            SensitiveAccessLog.objects.reassign_to_merged_peer(from_peer_id=merged_id, to_peer_id=keep.pk)
            continue
        for row in rows:
            setattr(row, field.attname, keep.pk)
            row._history_user = by
            row._change_reason = reason
            row.save(update_fields=[field.name])
    # The past lines of those records follow them: the person's history is theirs under the kept number.
    for field in peer_relations():
        if is_history_model(field.model):
            field.model.objects.filter(**{field.attname: merged_id}).update(**{field.attname: keep.pk})

    filled = [name for name in MERGE_FILLS if not getattr(keep, name) and getattr(merge, name)]
    values = {name: getattr(merge, name) for name in filled}
    merge._history_user = by
    merge._change_reason = f"Merged into peer #{keep.pk}"
    merge.delete()
    _apply(keep, values)
    keep._change_reason = reason
    _save_peer(keep, by=by)
    PeerEmailDuplicate.objects.filter(peer=keep, same_as=keep, resolved_at=None).update(
        resolved_at=timezone.now(), resolution=PeerEmailDuplicate.Resolution.MERGED
    )
    return PeerMerge.objects.create(
        kept=keep, merged_peer_id=merged_id, merged_full_name=merged_name, merged_by=by, moved=moved, filled=filled
    )
