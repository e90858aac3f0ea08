"""Writes of the employment phase: placing a peer in a post, their induction and their reviews (phase 3).
Every service takes keyword arguments, runs in one transaction, validates with full_clean and credits the
change to `by` in the record's history. Views, the admin, commands and tasks all call these."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from programmes import notifications
from programmes import services as programme_services
from programmes.models import Notification, OwnCareTeamArrangement, Peer, Post
from programmes.notifications import NotificationDraft, create_notifications, new_run_id
from programmes.services import _apply, _save
from recruitment.models import Application, OccupationalHealthReferral

from . import selectors
from .models import (
    EmploymentReview,
    InductionItem,
    InductionPlan,
    InductionSection,
    InductionTemplateItem,
    LeavingReason,
    Placement,
    ReviewObjective,
    WellnessActionPlan,
)
from .tasks import remind_about_peer

# A placement's review schedule (seed 001): interim reviews at 3 and 6 months, then the annual appraisal.
FIRST_REVIEWS = tuple(EmploymentReview.MONTHS_AFTER_START.items())
MAX_OBJECTIVES_PER_SAVE = 3
LAST_INDUCTION_WEEK = 4


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


# --- Placements ------------------------------------------------------------------------------------


def adjustments_from_occupational_health(*, peer: Peer, application: Application | None = None) -> str:
    """The reasonable adjustments agreed at occupational health, as text for the employment record: those of
    `application` when its outcome cleared the peer, else those of the peer's latest clearing referral."""
    referral = None
    if application is not None:
        referral = OccupationalHealthReferral.objects.filter(
            application=application, outcome__in=OccupationalHealthReferral.CLEARED
        ).first()
    if referral is None:
        referral = (
            OccupationalHealthReferral.objects.filter(
                application__applicant=peer, outcome__in=OccupationalHealthReferral.CLEARED
            )
            .order_by("-outcome_on", "-pk")
            .first()
        )
    if referral is None:
        return ""
    return "\n".join(f"{str(label)[:1].upper()}{str(label)[1:]}: {text}" for label, text in referral.adjustments)


def _check_placement(
    *,
    peer: Peer,
    post: Post,
    hours,
    application: Application | None,
    own_care_team: bool,
    care_arrangement: str,
    line_manager,
    placement: Placement | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if post.team.trust_id != peer.trust_id:
        errors.setdefault("post", []).append("The post must be in the peer's trust.")
    elif post.holder_id not in (None, peer.pk):
        errors.setdefault("post", []).append("This post is held by someone else; choose a vacant post.")
    if hours is not None and hours > post.hours:
        errors.setdefault("hours", []).append(f"The post has {post.hours} hours a week; a placement cannot have more.")
    if application is not None:
        if application.applicant_id != peer.pk:
            errors.setdefault("application", []).append("This application is not the peer's.")
        elif application.stage != Application.Stage.APPOINTED:
            errors.setdefault("application", []).append(
                "Only an appointed applicant can be placed; this application is "
                f"{application.get_stage_display().lower()}."
            )
        elif application.vacancy.post_id != post.pk:
            errors.setdefault("application", []).append("The application was for another post.")
        existing = Placement.objects.filter(application=application)
        if placement is not None:
            existing = existing.exclude(pk=placement.pk)
        if existing.exists():
            errors.setdefault("application", []).append("A placement has already been made from this application.")
    if own_care_team:
        # seed 000, Box 10: the arrangement names where the peer is treated, and who manages them.
        if not (care_arrangement or "").strip():
            errors.setdefault("care_arrangement", []).append(
                "Say where the peer will be treated if they become unwell (the care arrangement)."
            )
        if line_manager is None:
            errors.setdefault("line_manager", []).append(
                "Name the line manager: in their own care team only the named line manager and supervisor see "
                "the peer's records."
            )
    if errors:
        raise ValidationError(errors)


def _review_due(start: datetime.date, months: int) -> datetime.date:
    return start + relativedelta(months=months)


_reminders_held: contextvars.ContextVar[bool] = contextvars.ContextVar("reminders_held", default=False)


@contextlib.contextmanager
def reminders_held():
    """Queue no reminders for one peer at a time while loading many records (the demo seeds, an import):
    the caller runs the daily jobs once at the end instead."""
    token = _reminders_held.set(True)
    try:
        yield
    finally:
        _reminders_held.reset(token)


def remind_about(peer_ids: Iterable[int]) -> None:
    """After a change that moves what a peer is due, run their reminder jobs once the transaction has
    committed (in the background; when the broker is unreachable the next daily run catches up)."""
    if _reminders_held.get():
        return
    for peer_id in set(peer_ids):
        remind_about_peer.delay_on_commit(peer_id)


@transaction.atomic
def place_peer(
    *,
    by,
    peer: Peer,
    post: Post,
    start_date: datetime.date,
    hours,
    match_reasons: str,
    line_manager=None,
    peer_supervisor=None,
    mentor=None,
    own_care_team: bool = False,
    care_arrangement: str = "",
    application: Application | None = None,
    reasonable_adjustments: str | None = None,
    contract_end_date: datetime.date | None = None,
) -> Placement:
    """Place `peer` in `post` (seed 000, "Matching peers with posts"): the post's holder becomes the peer;
    the own-care-team arrangement is recorded when flagged (which switches on the access restriction); the
    adjustments agreed at occupational health are carried in unless given; the induction plan is made from
    the template with the mentor; the 3-month, 6-month and first annual reviews are scheduled."""
    post = Post.objects.select_for_update().select_related("team").get(pk=post.pk)
    _check_placement(
        peer=peer,
        post=post,
        hours=hours,
        application=application,
        own_care_team=own_care_team,
        care_arrangement=care_arrangement,
        line_manager=line_manager,
    )
    if reasonable_adjustments is None:
        reasonable_adjustments = adjustments_from_occupational_health(peer=peer, application=application)
    placement = _save(
        Placement(
            peer=peer,
            post=post,
            application=application,
            start_date=start_date,
            hours=hours,
            match_reasons=match_reasons,
            line_manager=line_manager,
            peer_supervisor=peer_supervisor,
            mentor=mentor,
            own_care_team=own_care_team,
            reasonable_adjustments=reasonable_adjustments,
            contract_end_date=contract_end_date,
        ),
        by=by,
    )
    if post.holder_id != peer.pk:
        programme_services.update_post(post=post, by=by, holder=peer)
    if own_care_team:
        programme_services.record_own_care_team(
            by=by,
            peer=peer,
            team=post.team,
            line_manager=line_manager,
            supervisor=peer_supervisor,
            care_arrangement=care_arrangement,
        )
    create_induction_plan(placement=placement, mentor=mentor, by=by)
    for kind, months in FIRST_REVIEWS:
        _save(EmploymentReview(placement=placement, kind=kind, due_on=_review_due(start_date, months)), by=by)
    ask_to_confirm_wap_sharing(peer=peer)
    remind_about([peer.pk])
    return placement


@transaction.atomic
def update_placement(*, placement: Placement, by, care_arrangement: str | None = None, **fields: Any) -> Placement:
    """Change a placement. Switching the own-care-team flag on records the arrangement (and the access
    restriction); switching it off removes it. A new start date moves the reviews not yet held."""
    placement = Placement.objects.select_for_update().select_related("post__team", "peer").get(pk=placement.pk)
    old_start, old_mentor_id = placement.start_date, placement.mentor_id
    old_named = (placement.line_manager_id, placement.peer_supervisor_id, placement.start_date, placement.end_date)
    _apply(placement, fields)
    arrangement = OwnCareTeamArrangement.objects.filter(peer=placement.peer).first()
    if care_arrangement is None:
        care_arrangement = arrangement.care_arrangement if arrangement else ""
    _check_placement(
        peer=placement.peer,
        post=placement.post,
        hours=placement.hours,
        application=placement.application,
        own_care_team=placement.own_care_team,
        care_arrangement=care_arrangement,
        line_manager=placement.line_manager,
        placement=placement,
    )
    _save(placement, by=by)
    if placement.own_care_team:
        programme_services.record_own_care_team(
            by=by,
            peer=placement.peer,
            team=placement.post.team,
            line_manager=placement.line_manager,
            supervisor=placement.peer_supervisor,
            care_arrangement=care_arrangement,
        )
    elif arrangement is not None and arrangement.team_id == placement.post.team_id:
        if _user(by) is not None:
            arrangement._history_user = by
        arrangement.delete()
    if placement.start_date != old_start and not placement.reviews.filter(held_on__isnull=False).exists():
        for review in placement.reviews.all():
            months = EmploymentReview.MONTHS_AFTER_START[EmploymentReview.Kind(review.kind)]
            _save(_apply(review, {"due_on": _review_due(placement.start_date, months)}), by=by)
    if placement.mentor_id != old_mentor_id:
        plan = InductionPlan.objects.filter(placement=placement).first()
        if plan is not None:
            change_mentor(plan=plan, mentor=placement.mentor, by=by)
    if (placement.line_manager_id, placement.peer_supervisor_id, placement.start_date, placement.end_date) != old_named:
        ask_to_confirm_wap_sharing(peer=placement.peer)
    return placement


def ask_to_confirm_wap_sharing(*, peer: Peer) -> int:
    """After the people named on the peer's placement change: a Wellness Action Plan shared with "my line
    manager" or "my supervisor" stays shared with the person it named, not the new one (sharing names people,
    DESIGN section 3). The peer is asked, by a notification linking to the plan's sharing page, whether to
    share it with the new person (`services_supervision.confirm_wap_share`). Asked once per new person and
    day; returns how many notifications were created."""
    plan = (
        WellnessActionPlan.objects.filter(peer=peer)
        .select_related("peer", "line_manager_shared_with", "supervisor_shared_with")
        .first()
    )
    if plan is None or plan.peer.user_id is None:
        return 0
    today = timezone.localdate()
    drafts = [
        NotificationDraft(
            recipient_id=plan.peer.user_id,
            kind=Notification.Kind.WAP_SHARE_CONFIRM,
            subject=f"wap-share:{plan.pk}:{change.role}:{change.now.pk}",
            due_on=today,
            title=f"Your {change.label} is now {change.now.get_full_name() or change.now.get_username()}: "
            "share your Wellness Action Plan with them?",
            url=reverse("workforce:wap-sharing", args=[plan.pk]),
        )
        for change in selectors.wap_sharing_changes(plan, today)
    ]
    return create_notifications(drafts, run=new_run_id()) if drafts else 0


@transaction.atomic
def end_placement(
    *,
    by,
    placement: Placement,
    end_date: datetime.date,
    leaving_reason: str = "",
    leaving_destination: str = "",
    exit_conversation_held: bool = False,
    exit_conversation_on: datetime.date | None = None,
) -> Placement:
    """End a placement on `end_date` and free the post (when the peer still holds it), recording why the peer
    left, where they went and whether an exit conversation was held (issue 18 item 3). The placement's history
    keeps every change."""
    placement = Placement.objects.select_for_update().select_related("post").get(pk=placement.pk)
    errors: dict[str, list[str]] = {}
    if placement.end_date is not None:
        raise ValidationError({"end_date": f"This placement already ended on {placement.end_date:%d %B %Y}."})
    if end_date < placement.start_date:
        errors["end_date"] = ["The placement cannot end before it starts."]
    if not leaving_reason:
        errors["leaving_reason"] = ["Choose why the placement ended."]
    elif leaving_reason not in LeavingReason.values:
        errors["leaving_reason"] = ["Choose one of the reasons listed."]
    if exit_conversation_on is not None and not exit_conversation_held:
        errors["exit_conversation_on"] = ["Tick \u201cexit conversation held\u201d to give its date."]
    if exit_conversation_held and exit_conversation_on is None:
        errors["exit_conversation_on"] = ["Enter the date the exit conversation was held."]
    if exit_conversation_on is not None and exit_conversation_on < placement.start_date:
        errors["exit_conversation_on"] = ["The exit conversation comes after the placement started."]
    if errors:
        raise ValidationError(errors)
    _apply(
        placement,
        {
            "end_date": end_date,
            "leaving_reason": leaving_reason,
            "leaving_destination": (leaving_destination or "").strip(),
            "exit_conversation_held": exit_conversation_held,
            "exit_conversation_on": exit_conversation_on,
        },
    )
    _save(placement, by=by)
    if placement.post.holder_id == placement.peer_id:
        programme_services.update_post(post=placement.post, by=by, holder=None)
    return placement


# --- Induction ---------------------------------------------------------------------------------------


def induction_due_on(start: datetime.date, week: int | None) -> datetime.date:
    """The end of the item's week of employment, or of week 4 for items without a week."""
    return start + datetime.timedelta(days=7 * (week or LAST_INDUCTION_WEEK) - 1)


@transaction.atomic
def create_induction_plan(*, placement: Placement, mentor, by) -> InductionPlan:
    """The placement's induction plan, copied from the template (seed 001's checklist and timetable...)."""
    if InductionPlan.objects.filter(placement=placement).exists():
        raise ValidationError("This placement already has an induction plan.")
    plan = _save(InductionPlan(placement=placement, mentor=mentor), by=by)
    items = [
        InductionItem(
            plan=plan,
            section=item.section,
            week=item.week,
            order=item.order,
            title=item.title,
            description=item.description,
            due_on=induction_due_on(placement.start_date, item.week),
        )
        for item in InductionTemplateItem.objects.order_by("order", "pk")
    ]
    for item in items:
        item.full_clean(exclude=["plan"])
    bulk_create_with_history(items, InductionItem, default_user=_user(by))
    return plan


def done_on_range(plan: InductionPlan, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The dates an item of the plan can be marked done on: from the induction's start up to today."""
    return plan.placement.start_date, today


def done_on_message(plan: InductionPlan, today: datetime.date) -> str:
    """Which dates are allowed, in words, for the form's help and its error."""
    start, last = (f"{d.day} {d:%B %Y}" for d in done_on_range(plan, today))
    if today < plan.placement.start_date:
        return f"The induction starts on {start}: an item can be marked done from that day, not before."
    if start == last:
        return f"The induction started today, {start}: only today can be chosen."
    return f"Choose a date from {start}, when the induction started, up to today, {last}; not a date in the future."


@transaction.atomic
def mark_item_done(*, item: InductionItem, by, done_on: datetime.date) -> InductionItem:
    """Tick an item off, on a day from the induction's start up to today (never in the future), and settle the
    plan's reminder once nothing is left (in this transaction)."""
    start, last = done_on_range(item.plan, timezone.localdate())
    if not start <= done_on <= last:
        raise ValidationError({"done_on": done_on_message(item.plan, timezone.localdate())})
    item = _save(_apply(item, {"done_on": done_on, "done_by": _user(by)}), by=by)
    notifications.settle([f"induction:{item.plan_id}"])
    return item


@transaction.atomic
def mark_item_not_done(*, item: InductionItem, by) -> InductionItem:
    return _save(_apply(item, {"done_on": None, "done_by": None}), by=by)


@transaction.atomic
def schedule_item(*, item: InductionItem, scheduled_for: datetime.date | None, by) -> InductionItem:
    """Book a date for an item (a training date, a meeting); None clears it."""
    return _save(_apply(item, {"scheduled_for": scheduled_for}), by=by)


@transaction.atomic
def add_induction_item(
    *,
    plan: InductionPlan,
    by,
    title: str,
    section: str = InductionSection.CHECKLIST,
    week: int | None = None,
    description: str = "",
    due_on: datetime.date | None = None,
    scheduled_for: datetime.date | None = None,
) -> InductionItem:
    """An item the team adds to this peer's plan (their own local induction, a meeting...)."""
    if week is not None and not 1 <= week <= LAST_INDUCTION_WEEK:
        # Checked before the due date is worked out from it: a huge week overflowed (tests/security fuzzing).
        raise ValidationError({"week": f"Choose a week from 1 to {LAST_INDUCTION_WEEK}, or leave it empty."})
    if plan.items.filter(section=section, title__iexact=title.strip()).exists():
        raise ValidationError({"title": "The plan already has an item with this title in this section."})
    last = plan.items.order_by("-order").values_list("order", flat=True).first() or 0
    return _save(
        InductionItem(
            plan=plan,
            section=section,
            week=week,
            order=last + 1,
            title=title.strip(),
            description=description,
            due_on=due_on or induction_due_on(plan.placement.start_date, week),
            scheduled_for=scheduled_for,
        ),
        by=by,
    )


@transaction.atomic
def change_mentor(*, plan: InductionPlan, mentor, by) -> InductionPlan:
    return _save(_apply(plan, {"mentor": mentor}), by=by)


# --- Reviews -----------------------------------------------------------------------------------------


@transaction.atomic
def record_review(
    *,
    review: EmploymentReview,
    by,
    held_on: datetime.date,
    progress: str = "",
    support_needed: str = "",
    objectives: Iterable[dict[str, Any]] = (),
) -> EmploymentReview:
    """Record a review as held, by `by` (the reviewer), with up to three new objectives for the development
    plan. Holding an appraisal schedules the next one a year after this one was due (seed 001: annual)."""
    review = EmploymentReview.objects.select_for_update().select_related("placement").get(pk=review.pk)
    objectives = [o for o in objectives if (o.get("text") or "").strip()]
    errors: dict[str, list[str]] = {}
    if held_on < review.placement.start_date:
        errors["held_on"] = ["A review is held after the placement starts."]
    if len(objectives) > MAX_OBJECTIVES_PER_SAVE:
        errors["objectives"] = [f"Add up to {MAX_OBJECTIVES_PER_SAVE} objectives at a time."]
    for objective in objectives:
        if objective.get("target_on") and objective["target_on"] < held_on:
            errors.setdefault("objectives", []).append(
                f"The target date of \u201c{objective['text'].strip()}\u201d comes before the review."
            )
    # The same objective open twice in the development plan is one objective (issue 17): refuse a repeat.
    same = selectors.objective_words
    already = {
        same(text)
        for text in ReviewObjective.objects.filter(
            review__placement__peer_id=review.placement.peer_id, status=ReviewObjective.Status.OPEN
        ).values_list("text", flat=True)
    }
    for objective in objectives:
        words = same(objective["text"])
        if words in already:
            errors.setdefault("objectives", []).append(
                f"\u201c{objective['text'].strip()}\u201d is already an open objective of this peer: "
                "mark that one achieved or change it instead."
            )
        already.add(words)
    if errors:
        raise ValidationError(errors)
    _apply(review, {"held_on": held_on, "progress": progress, "support_needed": support_needed})
    review.reviewer = _user(by)
    _save(review, by=by)
    for objective in objectives:
        _save(
            ReviewObjective(review=review, text=objective["text"].strip(), target_on=objective.get("target_on")),
            by=by,
        )
    if review.kind == EmploymentReview.Kind.APPRAISAL:
        next_due = review.due_on + relativedelta(years=1)
        if not EmploymentReview.objects.filter(placement=review.placement, kind=review.kind, due_on=next_due).exists():
            _save(EmploymentReview(placement=review.placement, kind=review.kind, due_on=next_due), by=by)
    notifications.settle([f"review:{review.pk}"])  # the review held settles its reminders, in this transaction
    return review


@transaction.atomic
def set_objective_status(*, objective: ReviewObjective, by, status: str) -> ReviewObjective:
    """Mark an objective achieved, no longer relevant, or open again."""
    return _save(_apply(objective, {"status": status}), by=by)
