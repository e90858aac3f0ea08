"""The employment phase's part of the "what needs me" home page (`programmes.home`, registered from
WorkforceConfig.ready):

- every reminder the daily jobs would raise for the user today (`workforce.reminders.due`, the jobs' own
  computation, later phases' jobs included), each in the part of the page of the role it concerns;
- HR and the peer support lead: appointed applicants not yet placed, inductions starting this fortnight, and
  supervision and reviews overdue across their trusts;
- a supervisor: the peers they supervise, with the last and next session, and the notes still to write;
- a peer: their next supervision, their Wellness Action Plan's review date and the induction items left.

Reads go through `programmes.access`; each part runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from programmes import access
from programmes.home import Need, Page
from programmes.models import Notification, Peer
from recruitment.selectors import ready_to_start

from . import reminders, selectors
from .models import InductionItem, SupervisionKind, SupervisionSession
from .reminders import day_text
from .selectors_due import open_reviews, wap_review_dates, wap_review_due_on

Kind = Notification.Kind
FORTNIGHT = datetime.timedelta(days=14)
SHOWN = 10

# Which family each reminder is of, and in which part of the page it goes: the first of the parts the user holds.
FAMILIES: dict[str, str] = {
    Kind.SUPERVISION_DUE: "supervision",
    Kind.SUPERVISION_OVERDUE: "supervision",
    Kind.SUPERVISION_ESCALATED: "supervision",
    Kind.WAP_REVIEW_DUE: "wap",
    Kind.WAP_REVIEW_OVERDUE: "wap",
    Kind.REVIEW_DUE: "review",
    Kind.REVIEW_OVERDUE: "review",
    Kind.INDUCTION_OVERDUE: "induction",
    Kind.PEER_SUPPORT_TRAINING_DUE: "training",
    Kind.TRAINING_EXPIRING: "training",
    Kind.CONTRACT_ENDING: "review",
    Kind.ABSENCE_TRIGGER: "wap",
}
PARTS_FOR: dict[str, tuple[str, ...]] = {
    "managerial": ("line_manager", "keeper", "supervisor"),
    "supervision": ("supervisor", "line_manager", "keeper"),
    "escalated": ("keeper", "line_manager", "supervisor"),
    "wap": ("line_manager", "supervisor", "keeper"),
    "review": ("line_manager", "keeper", "supervisor"),
    "induction": ("line_manager", "keeper", "supervisor"),
    "training": ("line_manager", "keeper"),
    "other": ("keeper", "line_manager", "supervisor"),
}
# (part, family) -> (section key, heading); the family's own heading otherwise.
SECTIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("supervisor", "supervision"): ("supervisees", "The peers you supervise"),
    ("keeper", "supervision"): ("supervision-overdue", "Supervision overdue across your trust"),
    ("keeper", "review"): ("reviews-overdue", "Reviews and appraisals overdue across your trust"),
    ("own", "supervision"): ("own-supervision", "Your supervision"),
    ("own", "wap"): ("own-wap", "Your Wellness Action Plan"),
    ("own", "training"): ("own-training", "Your training"),
}
HEADINGS = {
    "supervision": "Supervision due or overdue",
    "wap": "Wellness Action Plan reviews due",
    "review": "Reviews and appraisals due",
    "induction": "Inductions with items left after week 4",
    "training": "Training due",
    "other": "Other reminders",
}


def _link(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


def _section(page: Page, part: str, family: str):
    key, heading = SECTIONS.get((part, family), (family, HEADINGS[family]))
    return page.section(part, key, heading)


def _reminders(page: Page) -> None:
    """What the daily jobs raise for the user today, computed as they compute it, for the peers the user's
    placements reach (their own included)."""
    placements = access.visible_placements(page.user)
    if access.is_admin(page.user):
        placements = placements.filter(peer__trust_id__in=access.scope(page.user).trust_ids)
    # Read once as ids (a peer's own record, a line manager's team): the jobs filter by them in some 20 queries.
    peers = access.pinned(Peer.objects.filter(pk__in=placements.values("peer_id")))
    own_id = page.own_peer.pk if page.own_peer is not None else None
    for draft in reminders.due(page.today, peers=peers):
        if draft.recipient_id != page.user.pk:
            continue
        family = FAMILIES.get(draft.kind, "other")
        if own_id is not None and draft.peer_id == own_id:
            part = "own"
            family = family if ("own", family) in SECTIONS else "other"
        else:
            preference = family
            if draft.kind == Kind.SUPERVISION_ESCALATED:
                preference = "escalated"
            elif family == "supervision" and draft.subject.endswith(f":{SupervisionKind.MANAGERIAL}"):
                preference = "managerial"
            part = page.part_for(PARTS_FOR[preference])
        _section(page, part, family).add(
            Need(
                draft.title,
                draft.url,
                due_on=draft.due_on,
                overdue=draft.due_on < page.today or draft.kind == Kind.INDUCTION_OVERDUE,
                key=draft.subject,
            )
        )


def _status_need(status, *, name: str) -> Need:
    last = f"last session {day_text(status.last_on)}" if status.last_on else "no session yet"
    planned = f"next booked {day_text(status.planned_on)}" if status.planned_on else "none booked"
    when = f"overdue since {day_text(status.due_on)}" if status.is_overdue else f"due {day_text(status.due_on)}"
    return Need(
        f"{name}: {when}",
        _link("workforce:peer-supervision", status.peer.pk),
        due_on=status.due_on,
        overdue=status.is_overdue,
        detail=f"{last}; {planned}",
        key=f"supervision:{status.peer.pk}:{status.kind}",
    )


def _keeper(page: Page) -> None:
    """HR and the peer support lead: who is waiting to be placed or to start, and what is overdue in the trust."""
    user, today = page.user, page.today
    if access.can_keep_placements(user):
        waiting = ready_to_start(access.visible_applications(user)).filter(placement__isnull=True)
        section = page.section("keeper", "to-place", "Appointed, not yet placed in a post")
        for application in waiting:
            post = application.vacancy.post
            section.add(
                Need(
                    f"Place {application.applicant.full_name} in a post ({post.title}, {post.team.name})",
                    reverse("workforce:placement-create") + f"?application={application.pk}",
                    detail=f"appointed {day_text(timezone.localtime(application.stage_changed_at).date())}",
                    key=f"application:{application.pk}",
                )
            )
    starting = (
        selectors.placements_for_list(
            access.visible_placements(user).filter(start_date__gte=today, start_date__lt=today + FORTNIGHT)
        )
        .select_related("induction")
        .order_by("start_date", "pk")
    )
    section = page.section("keeper", "starting", "Inductions starting this fortnight")
    for placement in starting:
        plan = getattr(placement, "induction", None)
        where = f"{placement.post.title}, {placement.post.team.name}"
        if plan is not None:
            need = Need(
                f"{placement.peer.full_name} starts on {day_text(placement.start_date)} ({where})",
                _link("workforce:induction-detail", plan.pk),
                due_on=placement.start_date,
                key=f"placement:{placement.pk}",
            )
        else:
            need = Need(
                f"Start the induction of {placement.peer.full_name}, who starts on {day_text(placement.start_date)} "
                f"({where})",
                _link("workforce:placement-detail", placement.pk),
                due_on=placement.start_date,
                key=f"placement:{placement.pk}",
            )
        section.add(need)
    overdue = [
        s
        for s in selectors.overdue_first(selectors.supervision_statuses(access.supervision_schedule_peers(user), today))
        if s.is_overdue
    ]
    section = page.section(
        "keeper",
        "supervision-overdue",
        "Supervision overdue across your trust",
        more_url=reverse("workforce:supervision-schedule"),
        more_label="The whole supervision schedule",
    )
    for status in overdue:
        section.add(_status_need(status, name=f"{status.kind_label} for {status.peer.full_name}"))
    reviews = (
        selectors.reviews_for_list(open_reviews(access.visible_reviews(user)).filter(due_on__lt=today))
        .prefetch_related(None)
        .order_by("due_on", "pk")
    )
    section = page.section(
        "keeper",
        "reviews-overdue",
        "Reviews and appraisals overdue across your trust",
        more_url=reverse("workforce:review-list"),
        more_label="All reviews",
    )
    for review in reviews:
        section.add(
            Need(
                f"{review.get_kind_display()} for {review.placement.peer.full_name} overdue since "
                f"{day_text(review.due_on)}",
                _link("workforce:review-detail", review.pk),
                due_on=review.due_on,
                overdue=True,
                key=f"review:{review.pk}",
            )
        )


def _supervisor(page: Page) -> None:
    """The peers the user supervises (peer supervision), with the last and next session; notes left to write."""
    user, today = page.user, page.today
    statuses = [
        s
        for s in selectors.supervision_statuses(access.supervisees(user), today)
        if s.kind == SupervisionKind.PEER
        and (s.placement.peer_supervisor_id == user.pk or s.placement.peer_supervisor_id is None)
    ]
    section = page.section("supervisor", "supervisees", "The peers you supervise")
    for status in selectors.overdue_first(statuses):
        section.add(_status_need(status, name=status.peer.full_name))
    waiting = (
        access.readable_attendances(user)
        .filter(
            session__supervisor=user,
            session__status=SupervisionSession.Status.HELD,
            session__date__lte=today,
            notes="",
            wellbeing_check="",
        )
        .filter(peer__in=access.attendees_shown_to(user))
        .select_related("peer", "session")
        .order_by("session__date", "pk")
    )
    section = page.section("supervisor", "notes", "Supervision notes still to write")
    for attendance in waiting:
        session = attendance.session
        section.add(
            Need(
                f"Notes for {attendance.peer.full_name}: {session.get_kind_display().lower()} supervision on "
                f"{day_text(session.date)}",
                _link("workforce:supervision-notes", session.pk),
                due_on=session.date,
                key=f"notes:{attendance.pk}",
            )
        )


def _own(page: Page) -> None:
    """A peer's own: the next session of each kind of supervision, the plan's review date, induction items left."""
    user, today, peer = page.user, page.today, page.own_peer
    section = page.section("own", "own-supervision", "Your supervision")
    for status in selectors.supervision_statuses(access.own_peer_record(user), today):
        section.add(_status_need(status, name=status.kind_label))
    section = page.section("own", "own-wap", "Your Wellness Action Plan")
    plan = wap_review_dates(access.editable_waps(user).filter(peer=peer)).only("review_on", "peer").first()
    if plan is None:
        section.add(Need("Write your Wellness Action Plan, if you would like one", reverse("workforce:wap-mine")))
    else:
        due_on = wap_review_due_on(plan)
        if due_on is not None:
            overdue = due_on < today
            section.add(
                Need(
                    f"Your Wellness Action Plan review {'was' if overdue else 'is'} due on {day_text(due_on)}",
                    _link("workforce:wap-detail", plan.pk),
                    due_on=due_on,
                    overdue=overdue,
                    key=f"wap:{plan.pk}",
                )
            )
    items = (
        InductionItem.objects.filter(
            plan__in=access.visible_induction_plans(user).filter(placement__peer=peer), done_on__isnull=True
        )
        .only("title", "due_on", "plan_id")
        .order_by("due_on", "order", "pk")
    )
    section = page.section("own", "own-induction", "Your induction: items left")
    for item in items:
        if not section.more_url:
            section.more_url = _link("workforce:induction-detail", item.plan_id)
            section.more_label = "Your induction plan"
        section.add(
            Need(
                item.title,
                _link("workforce:induction-detail", item.plan_id) + f"#item-{item.pk}",
                due_on=item.due_on,
                overdue=item.due_on < today,
                key=f"item:{item.pk}",
            )
        )


def build(page: Page) -> None:
    if page.holds("keeper"):
        _keeper(page)
    if page.holds("supervisor"):
        _supervisor(page)
    if page.holds("own"):
        _own(page)
    if page.roles or page.own_peer is not None:
        _reminders(page)
