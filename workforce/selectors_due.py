"""What is due in the employment phase, as the daily reminder jobs (`workforce.reminders`), the home page
(`workforce.needs`) and the notifications' due rules all read it, so the three never disagree: a Wellness Action
Plan's review date, reviews not yet held, inductions with items left after week 4, and each due item's state now
(`still_due_*`). Each runs a fixed number of queries whatever the number of records."""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Q, QuerySet

from programmes.models import Notification, Peer
from programmes.notifications import subject_id

from .models import EmploymentReview, InductionPlan, WellnessActionPlan
from .selectors import supervision_statuses

INDUCTION_WEEKS = 4  # items not done by the end of week 4 are raised (seed 001's four-week timetable)


def wap_review_dates(plans: QuerySet[WellnessActionPlan]) -> QuerySet[WellnessActionPlan]:
    """Plans annotated with `next_review_from_reviews`, the latest next date a recorded review agreed."""
    return plans.annotate(next_review_from_reviews=Max("reviews__next_review_on"))


def wap_review_due_on(plan: WellnessActionPlan) -> datetime.date | None:
    """The plan's review date: the agreed date, or the next one a recorded review agreed, whichever is later
    (from `wap_review_dates`)."""
    dates = [d for d in (plan.review_on, plan.next_review_from_reviews) if d]
    return max(dates) if dates else None


def open_reviews(reviews: QuerySet[EmploymentReview]) -> QuerySet[EmploymentReview]:
    """3- and 6-month reviews and appraisals not yet held."""
    return reviews.filter(held_on__isnull=True)


def end_of_induction(start: datetime.date) -> datetime.date:
    """The end of week 4 of a placement starting on `start`."""
    return start + datetime.timedelta(weeks=INDUCTION_WEEKS)


def unfinished_inductions(plans: QuerySet[InductionPlan], today: datetime.date) -> QuerySet[InductionPlan]:
    """Plans whose week 4 has ended with items not done, annotated with `not_done`."""
    week_4_ended = today - datetime.timedelta(weeks=INDUCTION_WEEKS)
    return (
        plans.filter(placement__start_date__lte=week_4_ended)
        .annotate(not_done=Count("items", filter=Q(items__done_on__isnull=True)))
        .filter(not_done__gt=0)
    )


# --- The due rules of the employment phase's reminders (programmes.notifications.register_due_rule) ---------


def _ids(notifications: list[Notification], position: int = 1) -> set[int]:
    return {i for n in notifications if (i := subject_id(n.subject, position)) is not None}


def still_due_supervision(notifications: list[Notification], today: datetime.date) -> set[int]:
    """A reminder about "supervision:<peer>:<kind>" is due while the peer's next session of that kind is still
    due on the reminder's date (a session held moves it; a peer no longer in post has none due). Four queries."""
    statuses = supervision_statuses(Peer.objects.filter(pk__in=_ids(notifications)), today)
    due_on = {(s.peer.pk, s.kind): s.due_on for s in statuses}
    return {n.pk for n in notifications if due_on.get((subject_id(n.subject), n.subject.split(":")[-1])) == n.due_on}


def still_due_wap_review(notifications: list[Notification], today: datetime.date) -> set[int]:
    """A reminder about "wap:<plan>" is due while the plan's review date is the reminder's (a review recorded, or
    the date moved, settles it). One query."""
    plans = wap_review_dates(WellnessActionPlan.objects.filter(pk__in=_ids(notifications))).only("review_on")
    due_on = {plan.pk: wap_review_due_on(plan) for plan in plans}
    return {n.pk for n in notifications if due_on.get(subject_id(n.subject)) == n.due_on}


def still_due_review(notifications: list[Notification], today: datetime.date) -> set[int]:
    """A reminder about "review:<review>" is due while the review is not held and still due on the reminder's
    date. One query."""
    due_on = dict(open_reviews(EmploymentReview.objects.filter(pk__in=_ids(notifications))).values_list("pk", "due_on"))
    return {n.pk for n in notifications if due_on.get(subject_id(n.subject)) == n.due_on}


def still_due_induction(notifications: list[Notification], today: datetime.date) -> set[int]:
    """A reminder about "induction:<plan>" is due while items are left after week 4. One query."""
    left = set(
        unfinished_inductions(InductionPlan.objects.filter(pk__in=_ids(notifications)), today).values_list(
            "pk", flat=True
        )
    )
    return {n.pk for n in notifications if subject_id(n.subject) in left}


DUE_RULES = {
    "supervision": still_due_supervision,
    "wap": still_due_wap_review,
    "review": still_due_review,
    "induction": still_due_induction,
}
