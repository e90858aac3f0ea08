"""Writes to the shared model: every create and change of trusts, teams, posts, peers and staff
roles goes through these functions, which views, the admin, commands and tasks all call.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .models import (
    AgendaCoverage,
    CodeOfConductAcknowledgement,
    CohortEnrolment,
    FollowUpAction,
    JobDescription,
    KeyAccountability,
    OwnCareTeamArrangement,
    Peer,
    PersonSpecificationCriterion,
    Post,
    ReferenceItem,
    StaffRole,
    Team,
    TeamPreparationSession,
    TrainingCohort,
    Trust,
)

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
def create_trust(*, by, name: str, ods_code: str) -> Trust:
    return _save(Trust(name=name, ods_code=ods_code), by=by)


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


@transaction.atomic
def create_peer(*, by, trust: Trust, full_name: str, **fields: Any) -> Peer:
    return _save(Peer(trust=trust, full_name=full_name, **fields), by=by)


@transaction.atomic
def update_peer(*, peer: Peer, by, **fields: Any) -> Peer:
    if "trust" in fields and fields["trust"] != peer.trust:
        raise ValidationError({"trust": "A peer's record stays with the trust that holds it."})
    return _save(_apply(peer, fields), by=by)


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
    copied = {f.name: getattr(template, f.name) for f in JobDescription._meta.concrete_fields if f.name in JD_TEXT}
    copied.update(
        job_title=post.title, band=post.band, hours=f"{post.hours.normalize():f}", career_level=post.career_level
    )
    jd = _save(JobDescription(post=post, based_on=template, source=template.source, version=1, **copied), by=by)
    for row in template.accountabilities.all():
        _save(KeyAccountability(job_description=jd, **_fields(row, KeyAccountability)), by=by)
    for row in template.person_specification.all():
        _save(PersonSpecificationCriterion(job_description=jd, **_fields(row, PersonSpecificationCriterion)), by=by)
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
        job_description.version += 1
        _save(_apply(job_description, fields), by=by)
        _apply_rows(job_description.accountabilities, KeyAccountability, accountabilities or [], job_description, by=by)
        _apply_rows(
            job_description.person_specification, PersonSpecificationCriterion, criteria or [], job_description, by=by
        )
    except ValidationError:
        _apply(job_description, previous)  # the transaction rolls back; so does the object the caller holds
        raise
    return job_description


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
