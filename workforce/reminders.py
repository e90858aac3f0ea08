"""The daily reminder jobs of the employment phase (DESIGN section 6; issue item 7): supervision due and
overdue (escalated after a set number of days), Wellness Action Plan reviews, 3- and 6-month reviews and
appraisals, and induction items not done by the end of week 4.

`due(today)` computes every notification due for all employed peers in a fixed number of queries, without
writing (the home page shows each person theirs: `workforce.needs`); `run(today)` creates them with
`programmes.notifications.create_notifications`, whose unique key (recipient, kind,
subject, due date) means running it again, or twice at once, creates nothing more. The daily run is cut into
`parts` (a trust, or a batch of a big trust's peers) that Celery fans out across the workers (`workforce.tasks`)
and `manage.py run_reminders` runs one after the other (`run_day`).

Titles say what is due and for whom, never why: no notes, WAP content, health or DBS details.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import Mod, RowNumber
from django.urls import reverse
from django.utils import timezone

from programmes.models import Notification, OwnCareTeamArrangement, Peer, Programme, StaffRole
from programmes.notifications import NotificationDraft, create_notifications, new_run_id

from .models import (
    EmploymentReview,
    EmploymentSettings,
    InductionPlan,
    Placement,
    ReminderRun,
    SupervisionKind,
    WellnessActionPlan,
)
from .selectors import DEFAULT_SETTINGS, current_placements, settings_by_trust, supervision_statuses
from .selectors_due import (
    end_of_induction,
    open_reviews,
    unfinished_inductions,
    wap_review_dates,
    wap_review_due_on,
)
from .selectors_retention import Trigger, absence_triggers

Kind = Notification.Kind
Role = StaffRole.Role

# The jobs, by the name the command prints, and the kinds of notification each creates.
JOBS: dict[str, tuple[str, ...]] = {
    "supervision due": (Kind.SUPERVISION_DUE,),
    "supervision overdue": (Kind.SUPERVISION_OVERDUE,),
    "supervision escalated": (Kind.SUPERVISION_ESCALATED,),
    "WAP review due": (Kind.WAP_REVIEW_DUE,),
    "WAP review overdue": (Kind.WAP_REVIEW_OVERDUE,),
    "reviews due": (Kind.REVIEW_DUE, Kind.REVIEW_OVERDUE),
    "induction not done": (Kind.INDUCTION_OVERDUE,),
    "contract ending": (Kind.CONTRACT_ENDING,),
    "absence trigger": (Kind.ABSENCE_TRIGGER,),
}

# Fixed-term contracts are reminded this many days before they end (issue 18 item 3), once per threshold.
CONTRACT_REMINDER_DAYS = (60, 30)
# The three-absence trigger is reminded while its latest episode began this many days ago or fewer.
TRIGGER_FRESH_DAYS = 42

# Jobs a later phase registers (`register_job`), run after the built-in ones with the same Audience.
Build = Callable[[datetime.date, QuerySet, "Audience"], list[NotificationDraft]]
REGISTERED: dict[str, Build] = {}


def register_job(name: str, kinds: Iterable[str], build: Build) -> None:
    """Let a later phase add a daily job: `build(today, peers, audience)` returns the drafts for the peers of
    `peers` (all, or the one a task names); it must run a fixed number of queries. Its notifications are
    counted under `name` in `run()`'s result. Registering a name again replaces it (safe from `ready()`)."""
    if name in JOBS and name not in REGISTERED:
        raise ValueError(f"{name!r} is a built-in reminder job")
    JOBS[name] = tuple(kinds)
    REGISTERED[name] = build


def day_text(day: datetime.date) -> str:
    """1 Dec 2026."""
    return f"{day.day} {day:%b %Y}"


# --- Links ------------------------------------------------------------------------------------------

_SENTINEL = 987654321


@lru_cache(maxsize=64)
def _link_pattern(name: str, with_pk: bool) -> str:
    """The page's address with a placeholder for the pk, reversed once per name."""
    if with_pk:
        return reverse(name, args=[_SENTINEL]).replace(str(_SENTINEL), "{pk}")
    return reverse(name)


def link(name: str, pk: int | None = None) -> str:
    pattern = _link_pattern(name, pk is not None)
    return pattern.replace("{pk}", str(pk)) if pk is not None else pattern


# --- Who hears about a peer ------------------------------------------------------------------------------


@dataclass
class Audience:
    """The staff roles of the trusts concerned, programme leads and own-care-team arrangements, read
    once for the whole run (three queries), and the rules of who is told about a peer."""

    trust_wide: dict[tuple[str, int], set[int]] = field(default_factory=lambda: defaultdict(set))
    in_team: dict[tuple[str, int], set[int]] = field(default_factory=lambda: defaultdict(set))
    member_of: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # team -> users
    leads: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # trust -> users
    own_care: dict[int, tuple[int, set[int]]] = field(default_factory=dict)  # peer -> (team, named users)

    @classmethod
    def load(cls, trust_ids: set[int], peer_ids: QuerySet) -> Audience:
        audience = cls()
        if not trust_ids:
            return audience
        for user_id, role, trust_id, team_id in StaffRole.objects.filter(
            trust_id__in=trust_ids, user__is_active=True
        ).values_list("user_id", "role", "trust_id", "team_id"):
            if team_id is None:
                audience.trust_wide[(role, trust_id)].add(user_id)
            else:
                audience.in_team[(role, team_id)].add(user_id)
                audience.member_of[team_id].add(user_id)
        for trust_id, lead_id in Programme.objects.filter(trust_id__in=trust_ids, lead__isnull=False).values_list(
            "trust_id", "lead_id"
        ):
            audience.leads[trust_id].add(lead_id)
        for peer_id, team_id, manager_id, supervisor_id in OwnCareTeamArrangement.objects.filter(
            peer_id__in=peer_ids
        ).values_list("peer_id", "team_id", "line_manager_id", "supervisor_id"):
            audience.own_care[peer_id] = (team_id, {manager_id, supervisor_id} - {None})
        return audience

    def holders(self, role: str, placement: Placement) -> set[int]:
        """Users holding `role` for the placement's team: team-limited in that team, or trust-wide."""
        team = placement.post.team
        return self.in_team.get((role, team.pk), set()) | self.trust_wide.get((role, team.trust_id), set())

    def named_else_holders(self, user_id: int | None, role: str, placement: Placement) -> set[int]:
        return {user_id} if user_id else self.holders(role, placement)

    def line_managers(self, placement: Placement) -> set[int]:
        return self.named_else_holders(placement.line_manager_id, Role.LINE_MANAGER, placement)

    def peer_leads(self, placement: Placement) -> set[int]:
        trust_id = placement.post.team.trust_id
        return self.leads.get(trust_id, set()) | self.holders(Role.PEER_LEAD, placement)

    def allowed(self, staff: Iterable[int], peer_id: int) -> set[int]:
        """Staff who may hear about the peer: a peer placed in the team that provides their care is hidden
        from that team's members except the named line manager and supervisor (seed 000, Box 10)."""
        staff = set(staff)
        arrangement = self.own_care.get(peer_id)
        if arrangement is None:
            return staff
        team_id, named = arrangement
        return staff - (self.member_of.get(team_id, set()) - named)


# --- The jobs ------------------------------------------------------------------------------------------


def _drafts_for(
    drafts: list[NotificationDraft],
    *,
    peer: Peer,
    staff: set[int],
    audience: Audience,
    kind: str,
    subject: str,
    due_on: datetime.date,
    staff_title: str,
    peer_title: str | None,
    url: str,
) -> None:
    if peer_title and peer.user_id:
        drafts.append(NotificationDraft(peer.user_id, kind, subject, due_on, peer_title, url, peer_id=peer.pk))
    for user_id in sorted(audience.allowed(staff, peer.pk) - {peer.user_id}):
        drafts.append(NotificationDraft(user_id, kind, subject, due_on, staff_title, url, peer_id=peer.pk))


def supervision_drafts(statuses, audience: Audience, rules: dict[int, EmploymentSettings]) -> list:
    """Due soon and overdue: to the peer and their supervisor (managerial: the line manager; peer: the
    peer supervisor; else the team's holders of that role). Overdue by `escalate_after_days` or more:
    to the line manager(s) and the peer lead(s). Each once per due date."""
    drafts: list[NotificationDraft] = []
    for status in statuses:
        placement, peer = status.placement, status.peer
        url = link("workforce:peer-supervision", peer.pk)  # the peer's own supervision page, for all told
        trust_rules = rules.get(placement.post.team.trust_id, DEFAULT_SETTINGS)
        managerial = status.kind == SupervisionKind.MANAGERIAL
        what = status.kind_label  # "Managerial supervision"
        your = f"Your {what[0].lower()}{what[1:]}"
        subject = f"supervision:{peer.pk}:{status.kind}"
        due = day_text(status.due_on)
        supervisors = (
            audience.line_managers(placement)
            if managerial
            else audience.named_else_holders(placement.peer_supervisor_id, Role.SUPERVISOR, placement)
        )
        common = {"peer": peer, "audience": audience, "subject": subject, "due_on": status.due_on, "url": url}
        if status.is_overdue:
            _drafts_for(
                drafts,
                staff=supervisors,
                kind=Kind.SUPERVISION_OVERDUE,
                staff_title=f"{what} for {peer.full_name} overdue since {due}",
                peer_title=f"{your} was due on {due}",
                **common,
            )
            if status.overdue_days >= trust_rules.escalate_after_days:
                _drafts_for(
                    drafts,
                    staff=audience.line_managers(placement) | audience.peer_leads(placement),
                    kind=Kind.SUPERVISION_ESCALATED,
                    staff_title=f"{what} for {peer.full_name} overdue since {due}: "
                    f"{trust_rules.escalate_after_days} days or more",
                    peer_title=None,
                    **common,
                )
        elif (status.due_on - status.today).days <= trust_rules.due_soon_days:
            _drafts_for(
                drafts,
                staff=supervisors,
                kind=Kind.SUPERVISION_DUE,
                staff_title=f"{what} due for {peer.full_name} on {due}",
                peer_title=f"{your} is due on {due}",
                **common,
            )
    return drafts


def wap_drafts(plans, placements: dict[int, Placement], audience, rules, today: datetime.date) -> list:
    """A plan's review due soon or overdue: to the peer and whoever the peer shares the plan with and nobody
    else: the line manager and the supervisor it names (the people named on the placement when the peer
    shared it, not whoever holds the role now), and HR."""
    drafts: list[NotificationDraft] = []
    for plan in plans:
        placement = placements.get(plan.peer_id)
        due_on = wap_review_due_on(plan)
        if placement is None or due_on is None:
            continue
        trust_rules = rules.get(placement.post.team.trust_id, DEFAULT_SETTINGS)
        if due_on >= today and (due_on - today).days > trust_rules.due_soon_days:
            continue
        staff: set[int] = set()
        if plan.shared_with_line_manager and plan.line_manager_shared_with_id:
            staff.add(plan.line_manager_shared_with_id)
        if plan.shared_with_supervisor and plan.supervisor_shared_with_id:
            staff.add(plan.supervisor_shared_with_id)
        if plan.shared_with_hr:
            staff |= audience.holders(Role.HR, placement)
        due, name = day_text(due_on), plan.peer.full_name
        overdue = due_on < today
        _drafts_for(
            drafts,
            peer=plan.peer,
            staff=staff,
            audience=audience,
            kind=Kind.WAP_REVIEW_OVERDUE if overdue else Kind.WAP_REVIEW_DUE,
            subject=f"wap:{plan.pk}",
            due_on=due_on,
            staff_title=(
                f"Wellness Action Plan review for {name} overdue since {due}"
                if overdue
                else f"Wellness Action Plan review due for {name} on {due}"
            ),
            peer_title=(
                f"Your Wellness Action Plan review was due on {due}"
                if overdue
                else f"Your Wellness Action Plan review is due on {due}"
            ),
            url=link("workforce:wap-detail", plan.pk),
        )
    return drafts


def review_drafts(reviews, audience, rules, today: datetime.date) -> list:
    """3- and 6-month reviews and appraisals not held, due soon or overdue: to the line manager."""
    drafts: list[NotificationDraft] = []
    for review in reviews:
        placement = review.placement
        trust_rules = rules.get(placement.post.team.trust_id, DEFAULT_SETTINGS)
        if review.due_on >= today and (review.due_on - today).days > trust_rules.due_soon_days:
            continue
        overdue = review.due_on < today
        what, name, due = review.get_kind_display(), placement.peer.full_name, day_text(review.due_on)
        _drafts_for(
            drafts,
            peer=placement.peer,
            staff=audience.line_managers(placement),
            audience=audience,
            kind=Kind.REVIEW_OVERDUE if overdue else Kind.REVIEW_DUE,
            subject=f"review:{review.pk}",
            due_on=review.due_on,
            staff_title=f"{what} for {name} overdue since {due}" if overdue else f"{what} due for {name} on {due}",
            peer_title=None,
            url=link("workforce:review-detail", review.pk),
        )
    return drafts


def induction_drafts(plans, audience) -> list:
    """Items not done by the end of week 4: one notification per plan to the mentor (the plan's, else the
    placement's; else the line manager)."""
    drafts: list[NotificationDraft] = []
    for plan in plans:
        placement = plan.placement
        end_of_week_4 = end_of_induction(placement.start_date)
        mentor = plan.mentor_id or placement.mentor_id
        staff = {mentor} if mentor else audience.line_managers(placement)
        items = "1 item" if plan.not_done == 1 else f"{plan.not_done} items"
        _drafts_for(
            drafts,
            peer=placement.peer,
            staff=staff,
            audience=audience,
            kind=Kind.INDUCTION_OVERDUE,
            subject=f"induction:{plan.pk}",
            due_on=end_of_week_4,
            staff_title=f"Induction of {placement.peer.full_name}: {items} not done by the end of week 4 "
            f"({day_text(end_of_week_4)})",
            peer_title=None,
            url=link("workforce:induction-detail", plan.pk),
        )
    return drafts


def contract_threshold(today: datetime.date, ends_on: datetime.date) -> int | None:
    """The reminder a fixed-term contract ending on `ends_on` is due on `today`: 60 (from 60 days before), then 30
    (from 30 days before), up to its last day; None before or after. A run missed on the 60th day still sends the
    60-day reminder the next day; one first run 20 days before sends only the 30-day one."""
    days_left = (ends_on - today).days
    if days_left < 0:
        return None
    for threshold in sorted(CONTRACT_REMINDER_DAYS):
        if days_left <= threshold:
            return threshold
    return None


def contract_drafts(placements, audience, today: datetime.date) -> list:
    """A fixed-term contract ending within 60 days: to the line manager (named, else the team's) and HR, once at
    60 days and once at 30 days before it ends (the subject names the threshold; the due date is the end date)."""
    drafts: list[NotificationDraft] = []
    for placement in placements:
        threshold = contract_threshold(today, placement.contract_end_date)
        if threshold is None:
            continue
        ends, name = day_text(placement.contract_end_date), placement.peer.full_name
        _drafts_for(
            drafts,
            peer=placement.peer,
            staff=audience.line_managers(placement) | audience.holders(Role.HR, placement),
            audience=audience,
            kind=Kind.CONTRACT_ENDING,
            subject=f"contract-end:{placement.pk}:{threshold}",
            due_on=placement.contract_end_date,
            staff_title=f"Fixed-term contract of {name} ends on {ends} (within {threshold} days)",
            peer_title=None,
            url=link("workforce:placement-detail", placement.pk),
        )
    return drafts


def absence_trigger_drafts(
    triggers: list[Trigger], peers: dict[int, Peer], plans: dict, audience, today: datetime.date
) -> list:
    """Three or more episodes of absence in 12 months: a time to review the Wellness Action Plan. To the peer and,
    where the peer shares the plan with their line manager, to the line manager it names; once per trigger (the
    subject names the latest episode), while the latest episode began in the last six weeks (so the home page does
    not carry it for a year). Says nothing of the reasons."""
    drafts: list[NotificationDraft] = []
    for trigger in triggers:
        peer, plan = peers.get(trigger.peer_id), plans.get(trigger.peer_id)
        if peer is None or (today - trigger.latest_start).days > TRIGGER_FRESH_DAYS:
            continue
        subject, due_on = f"absence-trigger:{peer.pk}:{trigger.episode_id}", trigger.latest_start
        url = link("workforce:wap-detail", plan.pk) if plan is not None else link("workforce:wap-mine")
        if peer.user_id:
            drafts.append(
                NotificationDraft(
                    peer.user_id,
                    Kind.ABSENCE_TRIGGER,
                    subject,
                    due_on,
                    f"{trigger.episodes} absences in 12 months: a good time to review your Wellness Action Plan",
                    url,
                    peer_id=peer.pk,
                )
            )
        if plan is not None and plan.shared_with_line_manager and plan.line_manager_shared_with_id:
            for user_id in sorted(audience.allowed({plan.line_manager_shared_with_id}, peer.pk) - {peer.user_id}):
                drafts.append(
                    NotificationDraft(
                        user_id,
                        Kind.ABSENCE_TRIGGER,
                        subject,
                        due_on,
                        f"{peer.full_name}: {trigger.episodes} absences in 12 months; review the Wellness Action "
                        "Plan together",
                        url,
                        peer_id=peer.pk,
                    )
                )
    return drafts


# --- The run ----------------------------------------------------------------------------------------------


def due(today: datetime.date, *, peers: QuerySet[Peer] | None = None) -> list[NotificationDraft]:
    """What every job would raise for all employed peers (or only `peers`) on `today`, to whom, without writing
    anything: the daily run creates these, and the home page shows each person theirs (so the two never
    disagree). A fixed number of queries whatever the number of peers."""
    peers = Peer.objects.all() if peers is None else peers
    employed = current_placements(Placement.objects.filter(peer__in=peers), today)
    employed_peers = employed.values("peer_id")

    statuses = supervision_statuses(peers, today)  # 4 queries
    # Each peer's placement as supervision_statuses chose it: the earliest current one.
    placements = {s.peer.pk: s.placement for s in statuses}

    plans = list(
        wap_review_dates(WellnessActionPlan.objects.filter(peer_id__in=employed_peers))
        .select_related("peer")
        # What is due and with whom it is shared; never the plan's content.
        .only(
            "review_on",
            "shared_with_line_manager",
            "shared_with_supervisor",
            "shared_with_hr",
            "line_manager_shared_with",
            "supervisor_shared_with",
            "peer",
            "peer__full_name",
            "peer__user",
        )
    )
    rules_horizon = today + datetime.timedelta(days=max(60, DEFAULT_SETTINGS.due_soon_days))
    reviews = list(
        open_reviews(EmploymentReview.objects.filter(placement__in=employed))
        .filter(due_on__lte=rules_horizon)
        .select_related("placement__peer", "placement__post__team")
        .order_by("due_on", "pk")
    )
    inductions = list(
        unfinished_inductions(InductionPlan.objects.filter(placement__in=employed), today).select_related(
            "placement__peer", "placement__post__team"
        )
    )

    contracts = list(
        employed.filter(contract_end_date__gte=today, contract_end_date__lte=today + datetime.timedelta(days=60))
        .select_related("peer", "post__team")
        .order_by("contract_end_date", "pk")
    )
    triggers = absence_triggers(Peer.objects.filter(pk__in=employed_peers), today)

    trust_ids = {p.post.team.trust_id for p in placements.values()}
    trust_ids |= {r.placement.post.team.trust_id for r in reviews}
    trust_ids |= {i.placement.post.team.trust_id for i in inductions}
    trust_ids |= {c.post.team.trust_id for c in contracts}
    rules = settings_by_trust(trust_ids) if trust_ids else {}
    audience = Audience.load(trust_ids, employed_peers)

    drafts = [
        *supervision_drafts(statuses, audience, rules),
        *wap_drafts(plans, placements, audience, rules, today),
        *review_drafts(reviews, audience, rules, today),
        *induction_drafts(inductions, audience),
        *contract_drafts(contracts, audience, today),
        *absence_trigger_drafts(
            triggers, {s.peer.pk: s.peer for s in statuses}, {p.peer_id: p for p in plans}, audience, today
        ),
    ]
    for build in REGISTERED.values():
        drafts += build(today, peers, audience)
    return drafts


def run(today: datetime.date, *, peers: QuerySet[Peer] | None = None, run: str | None = None) -> dict[str, int]:
    """Every job for all employed peers (or only `peers`) on `today`; returns the notifications created per
    job. A fixed number of queries whatever the number of peers."""
    run_id = run or new_run_id()
    drafts = due(today, peers=peers)
    created = create_notifications(drafts, run=run_id) if drafts else 0
    per_kind: dict[str, int] = {}
    if created:
        for row in Notification.objects.filter(run=run_id).values("kind").annotate(n=Count("pk")).order_by():
            per_kind[row["kind"]] = row["n"]
    return {job: sum(per_kind.get(kind, 0) for kind in kinds) for job, kinds in JOBS.items()}


# --- The daily run, in parts, recorded ----------------------------------------------------------------------------
#
# The daily run is cut into parts, one per trust and, in a big trust, one per PEERS_PER_PART peers in post: each
# part is `run()` over the peers of one trust within a range of ids, so parts can run side by side on Celery
# workers on different machines (workforce.tasks fans them out with a chord) or one after the other in one process
# (`run_day`, for `manage.py run_reminders`). The ranges of a trust follow each other with no gap and the first and
# last are open, so every peer of the trust (applicants too: a later phase's job may be about them) is in exactly
# one part; a peer added while the run is going is in one as well.


@dataclass(frozen=True)
class Part:
    """One part of the daily run: the peers of `trust_id` whose id is at least `first_peer_id` (None: from the
    first) and below `next_part_peer_id` (None: to the last)."""

    trust_id: int
    first_peer_id: int | None = None
    next_part_peer_id: int | None = None

    def peers(self) -> QuerySet[Peer]:
        peers = Peer.objects.filter(trust_id=self.trust_id)
        if self.first_peer_id is not None:
            peers = peers.filter(pk__gte=self.first_peer_id)
        if self.next_part_peer_id is not None:
            peers = peers.filter(pk__lt=self.next_part_peer_id)
        return peers

    def ids(self) -> tuple[int, int | None, int | None]:
        """What a task is given: ids only."""
        return (self.trust_id, self.first_peer_id, self.next_part_peer_id)


def parts(today: datetime.date, *, peers_per_part: int | None = None) -> list[Part]:
    """The parts of the day's run: one per trust with peers, a big trust cut every `peers_per_part` peers in post
    (settings.REMINDER_PEERS_PER_PART), in id order. Two queries whatever the number of peers: the trusts, and
    the id of every `peers_per_part`-th peer in post of each trust (numbered in the database, not in Python)."""
    size = peers_per_part or settings.REMINDER_PEERS_PER_PART
    if size < 1:
        raise ValueError("peers_per_part must be 1 or more")
    trust_ids = list(Peer.objects.order_by("trust_id").values_list("trust_id", flat=True).distinct())
    employed = current_placements(Placement.objects.all(), today).values("peer_id")
    # The 1st, (size+1)th, (2*size+1)th ... peer in post of each trust begins a part; the first of a trust is left
    # out, as its part is open at the start.
    starts = (
        Peer.objects.filter(pk__in=employed)
        .annotate(position=Window(RowNumber(), partition_by=[F("trust_id")], order_by=F("pk").asc()))
        .annotate(offset=F("position") - 1)
        .annotate(step=Mod(F("offset"), size))
        .filter(step=0, offset__gt=0)
        .order_by("trust_id", "pk")
        .values_list("trust_id", "pk")
    )
    boundaries: dict[int, list[int]] = defaultdict(list)
    for trust_id, peer_id in starts:
        boundaries[trust_id].append(peer_id)
    result: list[Part] = []
    for trust_id in trust_ids:
        edges = [None, *boundaries.get(trust_id, []), None]
        result.extend(Part(trust_id, first, following) for first, following in zip(edges, edges[1:], strict=False))
    return result


def run_part(today: datetime.date, part: Part) -> dict[str, int]:
    """Every job for the peers of one part on `today`; safe to run twice (the notifications' unique key)."""
    return run(today, peers=part.peers())


def start_day(today: datetime.date) -> ReminderRun:
    """Record that a daily run for `today` has started: committed on its own (no transaction around it), so a run
    that dies part-way stays visible as not finished."""
    return ReminderRun.objects.create(day=today)


def finish_day(run_id: int, results: Iterable[dict[str, int]]) -> dict[str, int]:
    """Record the run as finished once every part has returned what it created, and return the totals per job.
    Only the first finish counts (a redelivered final step changes nothing)."""
    results = list(results)
    totals = {job: sum(result.get(job, 0) for result in results) for job in JOBS}
    ReminderRun.objects.filter(pk=run_id, finished_at__isnull=True).update(
        finished_at=timezone.now(), created=sum(totals.values())
    )
    return totals


def run_day(today: datetime.date) -> dict[str, int]:
    """The daily run for every peer on `today` in one process, part after part (`manage.py run_reminders`, and the
    daily task when there is no broker or no result backend), recorded as a ReminderRun: started first and
    finished once every part's notifications have committed. The Celery task runs the same parts on the workers
    (workforce.tasks.run_daily_reminders)."""
    record = start_day(today)
    return finish_day(record.pk, [run_part(today, part) for part in parts(today)])


def day_finished(today: datetime.date) -> bool:
    """Whether a daily run for `today` has finished (the digest waits for one; the catch-up reruns without)."""
    return ReminderRun.objects.filter(day=today, finished_at__isnull=False).exists()
