"""Writes of the employment phase's supervision and wellbeing (DESIGN section 6; seed 001): supervision
sessions and each attendee's notes, the peer's Wellness Action Plan (its versions, sharing and reviews)
and return-to-work conversations. Views, the admin, tasks and commands all call these functions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes import access, notifications
from programmes.models import Notification, Peer
from programmes.services import _save

from . import selectors
from .models import (
    ReturnToWorkConversation,
    SupervisionAttendance,
    SupervisionKind,
    SupervisionSession,
    WapReview,
    WellnessActionPlan,
)
from .services import remind_about
from .supervision_summary import refresh_summary

Status = SupervisionSession.Status
Format = SupervisionSession.Format

# The plan's own words, which a new version changes (sharing and the review date are kept apart).
WAP_CONTENT_FIELDS = WellnessActionPlan.CONTENT_FIELDS
WAP_SHARING_FIELDS = ("shared_with_line_manager", "shared_with_supervisor", "shared_with_hr")


# --- Supervision ----------------------------------------------------------------------------------


def _check_session(
    *, by, kind: str, format: str, status: str, date: datetime.date, supervisor, attendees: list[Peer]
) -> None:
    """The rules of a session, each message beside the field it concerns (seed 000 Phase 3; seed 001)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    today = timezone.localdate()
    if status == Status.HELD and date and date > today:
        add("date", "A session that has been held cannot be in the future. Record it as planned instead.")
    if status == Status.PLANNED and date and date < today:
        add("date", "A planned session cannot be in the past. Record it as held, or choose a later date.")
    if kind == SupervisionKind.MANAGERIAL and format == Format.GROUP:
        add("format", "Managerial supervision is individual, with the line manager.")
    if not attendees:
        add("attendees", "Choose who attended.")
    elif format == Format.INDIVIDUAL and len(attendees) != 1:
        add("attendees", "An individual session has exactly one peer. For two or more, choose a group session.")
    elif format == Format.GROUP and len(attendees) < 2:
        add("attendees", "A group session has two or more peers.")
    trusts = {peer.trust_id for peer in attendees}
    if len(trusts) > 1:
        add("attendees", "Every peer at a session must be of the same trust.")
    allowed = set(access.supervisees(by).filter(pk__in=[p.pk for p in attendees]).values_list("pk", flat=True))
    outside = [p.full_name for p in attendees if p.pk not in allowed]
    if outside:
        add("attendees", f"You cannot record supervision for {', '.join(outside)}.")
    if supervisor is None:
        add("supervisor", "Choose the supervisor.")
    elif len(trusts) == 1:
        trust_id = next(iter(trusts))
        if not access.supervisors_for(by, trust_id).filter(pk=supervisor.pk).exists():
            add("supervisor", "The supervisor must be a member of staff of the trust who supervises.")
        elif (
            kind == SupervisionKind.MANAGERIAL
            and len(attendees) == 1
            and not access.is_line_manager_of(supervisor, attendees[0])
        ):
            add("supervisor", f"Managerial supervision is with {attendees[0].full_name}'s line manager.")
    if errors:
        raise ValidationError(errors)


def _set_attendees(session: SupervisionSession, attendees: Iterable[Peer], *, by) -> None:
    wanted = {peer.pk for peer in attendees}
    for attendance in session.attendances.all():
        if attendance.peer_id not in wanted:
            attendance.delete()
    present = set(session.attendances.values_list("peer_id", flat=True))
    for peer_id in sorted(wanted - present):
        _save(SupervisionAttendance(session=session, peer_id=peer_id), by=by)


@transaction.atomic
def record_session(
    *,
    by,
    kind: str,
    format: str,
    date: datetime.date,
    supervisor,
    attendees: Iterable[Peer],
    themes: str = "",
    actions: str = "",
    status: str = Status.HELD,
    start_time: datetime.time | None = None,
    duration_minutes: int = 60,
    location: str = "",
    notes: Mapping[int, Mapping[str, str]] | None = None,
) -> SupervisionSession:
    """Record a supervision session, held or planned. `notes` maps a peer's id to their
    {"wellbeing_check", "notes"}; only the session's supervisor writes them."""
    attendees = list(dict.fromkeys(attendees))  # a peer chosen twice attends once
    _check_session(
        by=by, kind=kind, format=format, status=status, date=date, supervisor=supervisor, attendees=attendees
    )
    session = _save(
        SupervisionSession(
            kind=kind,
            format=format,
            status=status,
            date=date,
            start_time=start_time,
            duration_minutes=duration_minutes,
            location=location,
            supervisor=supervisor,
            themes=themes,
            actions=actions,
            recorded_by=by,
        ),
        by=by,
    )
    for peer in attendees:
        _save(SupervisionAttendance(session=session, peer=peer), by=by)
    for peer_id, written in (notes or {}).items():
        attendance = session.attendances.filter(peer_id=peer_id).first()
        if attendance is None:
            raise ValidationError({"attendees": "Notes can be written only for the peers who attended."})
        record_attendance_notes(attendance=attendance, by=by, **written)
    refresh_summary(peer.pk for peer in attendees)
    remind_about(peer.pk for peer in attendees)
    settle_supervision(session)
    return session


def settle_supervision(session: SupervisionSession, peer_ids: Iterable[int] = ()) -> int:
    """A session held (or moved) settles its attendees' reminders of that kind of supervision, in the caller's
    transaction: each is re-evaluated with the rule the reminder job used (workforce.selectors_due)."""
    peer_ids = {*session.attendances.values_list("peer_id", flat=True), *peer_ids}
    return notifications.settle(f"supervision:{peer_id}:{session.kind}" for peer_id in peer_ids)


def _check_may_edit(session: SupervisionSession, by) -> None:
    if not access.editable_supervision_sessions(by).filter(pk=session.pk).exists():
        raise ValidationError("Only the session's supervisor keeps its record.")


@transaction.atomic
def update_session(*, session: SupervisionSession, by, **fields: Any) -> SupervisionSession:
    """Change a session's details or attendees; the same rules as when it was recorded."""
    _check_may_edit(session, by)
    before = set(session.attendances.values_list("peer_id", flat=True))
    attendees = fields.pop("attendees", None)
    attendees = list(dict.fromkeys(attendees)) if attendees is not None else list(session.attendees.all())
    for name, value in fields.items():
        setattr(session, name, value)
    _check_session(
        by=by,
        kind=session.kind,
        format=session.format,
        status=session.status,
        date=session.date,
        supervisor=session.supervisor,
        attendees=attendees,
    )
    _save(session, by=by)
    _set_attendees(session, attendees, by=by)
    refresh_summary(before | {peer.pk for peer in attendees})  # a peer taken off the session too
    settle_supervision(session, before)
    return session


@transaction.atomic
def record_attendance_notes(
    *, attendance: SupervisionAttendance, by, wellbeing_check: str = "", notes: str = ""
) -> SupervisionAttendance:
    """The wellbeing check and notes of one peer at a session: written by the session's supervisor alone
    (DESIGN section 3: read by the supervisor and the peer)."""
    if not (by is not None and by.is_authenticated and attendance.session.supervisor_id == by.pk):
        raise ValidationError("Only the session's supervisor writes the wellbeing check and notes.")
    if attendance.session.status == Status.CANCELLED:
        raise ValidationError("The session was cancelled: there is nothing to note.")
    attendance.wellbeing_check = wellbeing_check
    attendance.notes = notes
    return _save(attendance, by=by)


@transaction.atomic
def mark_held(*, session: SupervisionSession, by, date: datetime.date | None = None) -> SupervisionSession:
    """A planned session took place (on its planned date unless another is given)."""
    _check_may_edit(session, by)
    if session.status != Status.PLANNED:
        raise ValidationError(
            f"Only a planned session can be marked as held; this one is {session.get_status_display().lower()}."
        )
    session.date = date or session.date
    if session.date > timezone.localdate():
        raise ValidationError({"date": "The session has not happened yet: mark it as held on or after its date."})
    session.status = Status.HELD
    attendees = list(session.attendances.values_list("peer_id", flat=True))
    remind_about(attendees)
    _save(session, by=by)
    refresh_summary(attendees)
    settle_supervision(session)
    return session


@transaction.atomic
def cancel_session(*, session: SupervisionSession, by) -> SupervisionSession:
    """A planned session will not take place; it stays on record as cancelled."""
    _check_may_edit(session, by)
    if session.status != Status.PLANNED:
        raise ValidationError(
            f"Only a planned session can be cancelled; this one is {session.get_status_display().lower()}."
        )
    session.status = Status.CANCELLED
    _save(session, by=by)
    refresh_summary(session.attendances.values_list("peer_id", flat=True))
    return session


# --- Wellness Action Plan -------------------------------------------------------------------------


def _check_owner(by, peer: Peer) -> None:
    if not access.editable_waps(by).filter(peer=peer).exists() and not access.is_own_record(by, peer):
        raise ValidationError("The Wellness Action Plan is the peer's own: only they change it.")


@transaction.atomic
def save_wap(*, by, peer: Peer, **fields: Any) -> WellnessActionPlan:
    """Write or change the peer's plan (seed 001, "What should your WAP cover?"). Each change of its words
    is a new version: every version is kept in its history."""
    unknown = set(fields) - set(WAP_CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of the plan's content: {sorted(unknown)}")
    _check_owner(by, peer)
    plan = WellnessActionPlan.objects.select_for_update().filter(peer=peer).first()
    remind_about([peer.pk])
    if plan is None:
        return _save(WellnessActionPlan(peer=peer, version=1, **fields), by=by)
    if not any(getattr(plan, name) != value for name, value in fields.items()):
        return plan
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.version += 1
    _save(plan, by=by)
    notifications.settle([f"wap:{plan.pk}"])  # a review date moved settles the reminder of the old one
    return plan


@transaction.atomic
def share_wap(*, by, plan: WellnessActionPlan, line_manager: bool, supervisor: bool, hr: bool) -> WellnessActionPlan:
    """The peer chooses who may see their plan; the peer support lead always may (DESIGN section 3).

    Sharing names people: ticking "my line manager" or "my supervisor" shares the plan with the person the
    peer's placement names now (`selectors.placement_for_sharing`), and with nobody else who holds that role.
    A box that stays ticked keeps the person it named, even when the placement names someone else by now:
    sharing with the new person is the peer's to confirm (`confirm_wap_share`). Unticking stops sharing."""
    _check_owner(by, plan.peer)
    plan = WellnessActionPlan.objects.select_for_update().get(pk=plan.pk)  # not a stale copy of its words
    named = selectors.named_for_sharing(plan.peer, timezone.localdate())
    for role, wanted in (("line_manager", line_manager), ("supervisor", supervisor)):
        flag, person_field, _label = selectors.SHARING_ROLES[role]
        if not wanted:
            setattr(plan, flag, False)
            setattr(plan, person_field, None)
        elif not getattr(plan, flag):
            setattr(plan, flag, True)
            setattr(plan, person_field, named[role])
    plan.shared_with_hr = hr
    remind_about([plan.peer_id])  # whoever it is now shared with hears of a review due
    return _save(plan, by=by)


@transaction.atomic
def confirm_wap_share(*, by, plan: WellnessActionPlan, role: str, person_id: int) -> WellnessActionPlan:
    """The peer agrees to share their plan with the person their placement now names as their line manager
    (`role` "line_manager") or supervisor ("supervisor"), instead of the person it was shared with. `person_id`
    is the person the peer was shown: if the placement has changed again since, nothing changes and the
    peer is told to look again. The peer's notifications asking about it are marked read."""
    _check_owner(by, plan.peer)
    if role not in selectors.SHARING_ROLES:
        raise ValidationError("Choose whom to share your plan with.")
    plan = WellnessActionPlan.objects.select_for_update().select_related("peer").get(pk=plan.pk)
    flag, person_field, label = selectors.SHARING_ROLES[role]
    if not getattr(plan, flag):
        raise ValidationError(f"Your plan is not shared with your {label}: tick the box to share it.")
    now = selectors.named_for_sharing(plan.peer, timezone.localdate())[role]
    if now is None or now.pk != person_id:
        raise ValidationError(
            f"Your {label} has changed since the page was shown: check who it is now and choose again."
        )
    if getattr(plan, f"{person_field}_id") != now.pk:
        setattr(plan, person_field, now)
        _save(plan, by=by)
        remind_about([plan.peer_id])  # the person it is now shared with hears of a review due
    notifications.mark_read(
        by,
        Notification.objects.filter(
            recipient=by, kind=Notification.Kind.WAP_SHARE_CONFIRM, subject__startswith=f"wap-share:{plan.pk}:{role}:"
        ).values_list("pk", flat=True),
    )
    return plan


@transaction.atomic
def record_wap_review(
    *,
    by,
    plan: WellnessActionPlan,
    reviewed_on: datetime.date,
    next_review_on: datetime.date,
    what_is_working: str = "",
    changes_agreed: str = "",
) -> WapReview:
    """A review of the plan with the peer: what is working, the changes agreed, and the next review date,
    which becomes the plan's agreed review date."""
    if not access.wap_reviewers(by).filter(pk=plan.pk).exists():
        raise ValidationError("You cannot review this plan.")
    if reviewed_on and reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": "A review that has happened cannot be in the future."})
    review = _save(
        WapReview(
            plan=plan,
            reviewed_on=reviewed_on,
            reviewed_with=None if access.is_own_record(by, plan.peer) else by,
            what_is_working=what_is_working,
            changes_agreed=changes_agreed,
            next_review_on=next_review_on,
        ),
        by=by,
    )
    plan = WellnessActionPlan.objects.select_for_update().get(pk=plan.pk)  # not a stale copy of its words
    plan.review_on = next_review_on
    _save(plan, by=by)
    remind_about([plan.peer_id])
    notifications.settle([f"wap:{plan.pk}"])  # the review held settles its reminders, in this transaction
    return review


# --- Return to work --------------------------------------------------------------------------------


@transaction.atomic
def record_return_to_work(
    *,
    by,
    peer: Peer,
    absence_from: datetime.date,
    absence_to: datetime.date,
    held_on: datetime.date,
    support_agreed: str = "",
    wap_reviewed: bool = False,
    notes: str = "",
) -> ReturnToWorkConversation:
    """A conversation on the peer's return after absence, held by HR, the peer lead or the line manager
    (seed 001: the WAP gives it structure)."""
    if not access.peers_for_return_to_work(by).filter(pk=peer.pk).exists():
        raise ValidationError("You cannot record a return-to-work conversation for this peer.")
    if held_on and held_on > timezone.localdate():
        raise ValidationError({"held_on": "Record the conversation once it has been held: the date is in the future."})
    return _save(
        ReturnToWorkConversation(
            peer=peer,
            absence_from=absence_from,
            absence_to=absence_to,
            held_on=held_on,
            held_by=by,
            support_agreed=support_agreed,
            wap_reviewed=wap_reviewed,
            notes=notes,
        ),
        by=by,
    )
