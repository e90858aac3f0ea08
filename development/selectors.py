"""Reads of the development phase with a rule in them (phase 4): the career pathway, a peer's progression,
the framework a peer is assessed against, assessments, and who is ready to be considered for the next step;
training, the place-and-train rule and the development plan; the share of peer workers against the target.
Every list is read in a fixed number of queries, whatever its length."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from programmes.models import FULL_TIME_HOURS, CohortEnrolment, Peer, Post, Programme, Team
from workforce.models import Placement, ReviewObjective
from workforce.selectors import first_current_placements, held_on

from .models import (
    CareerLevel,
    CompetencyAssessment,
    CompetencyDescriptor,
    CompetencyDomain,
    CompetencyFramework,
    DescriptorRating,
    DevelopmentObjective,
    NewService,
    Progression,
    SystemChangeContribution,
    TeamEstablishment,
    TrainingRecord,
    VacancyReview,
)

Status = DescriptorRating.Status
ESSENTIAL = CompetencyDescriptor.Level.ESSENTIAL


# --- Career pathway ---------------------------------------------------------------------------------


def pathway_levels() -> QuerySet[CareerLevel]:
    """The pathway's levels in order, each with the routes to the next ones."""
    return CareerLevel.objects.prefetch_related(Prefetch("next_levels", CareerLevel.objects.order_by("order")))


def progressions_for_list(progressions: QuerySet[Progression]) -> QuerySet[Progression]:
    return progressions.select_related("level", "post__team").order_by("-started_on", "-pk")


# --- Competency framework ---------------------------------------------------------------------------


def framework_with_descriptors(frameworks: QuerySet[CompetencyFramework]) -> QuerySet[CompetencyFramework]:
    """Frameworks with their domains in order and each domain's descriptors (Essential first, then Enhanced)."""
    descriptors = CompetencyDescriptor.objects.order_by("-level", "order", "pk")  # "essential" > "enhanced"
    domains = CompetencyDomain.objects.order_by("order", "pk").prefetch_related(Prefetch("descriptors", descriptors))
    return frameworks.select_related("trust").prefetch_related(Prefetch("domains", domains))


def active_frameworks_for(frameworks: QuerySet[CompetencyFramework], peer: Peer) -> QuerySet[CompetencyFramework]:
    """The frameworks a peer may be assessed against: those in use at their trust or at every trust, the
    trust's own first."""
    return (
        frameworks.filter(Q(trust__isnull=True) | Q(trust_id=peer.trust_id), is_active=True)
        .order_by(F("trust_id").asc(nulls_last=True), "name", "pk")
        .distinct()
    )


def _active_framework_of_peer(peer_ref: str) -> Subquery:
    """The framework a peer is assessed against by default: their trust's own active one, else the shared one."""
    frameworks = CompetencyFramework.objects.filter(
        Q(trust__isnull=True) | Q(trust_id=OuterRef(peer_ref)), is_active=True
    ).order_by(F("trust_id").asc(nulls_last=True), "pk")
    return Subquery(frameworks.values("pk")[:1])


# --- Assessments ------------------------------------------------------------------------------------


def _count(queryset: QuerySet, group: str) -> Coalesce:
    counted = queryset.values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def assessments_for_list(assessments: QuerySet[CompetencyAssessment]) -> QuerySet[CompetencyAssessment]:
    """Assessments with who made them, against which framework, and how many descriptors were demonstrated,
    developing and not yet."""
    return (
        assessments.select_related("framework", "assessed_by", "supervision_session", "review")
        .annotate(
            demonstrated=Count("ratings", filter=Q(ratings__status=Status.DEMONSTRATED)),
            developing=Count("ratings", filter=Q(ratings__status=Status.DEVELOPING)),
            not_yet=Count("ratings", filter=Q(ratings__status=Status.NOT_YET)),
        )
        .order_by("-assessed_on", "-pk")
    )


@dataclass
class AssessmentSummary:
    """An assessment read strengths first: what is demonstrated (with the evidence), then what is developing
    or not yet, each with its target date and the objective it became."""

    demonstrated: list[DescriptorRating]
    to_develop: list[DescriptorRating]


def assessment_summary(assessment: CompetencyAssessment) -> AssessmentSummary:
    ratings = list(
        assessment.ratings.select_related("descriptor__domain", "objective").order_by(
            "descriptor__domain__order", "-descriptor__level", "descriptor__order", "pk"
        )
    )
    return AssessmentSummary(
        demonstrated=[r for r in ratings if r.status == Status.DEMONSTRATED],
        to_develop=[r for r in ratings if r.status != Status.DEMONSTRATED],
    )


# --- Ready to be considered for the next step ----------------------------------------------------------


@dataclass
class ReadyPeer:
    peer: Peer
    progression: Progression
    months_held: int
    assessed_on: datetime.date


def ready_for_next_step(peers: QuerySet[Peer], *, on: datetime.date) -> list[ReadyPeer]:
    """Peers (of those given) who have held their current level at least its `months_before_next` months and
    whose latest assessment against their active framework shows every Essential descriptor demonstrated
    (seed 002: progression for "those who have undertaken peer work before"; seed 003: essential competencies
    reached). Two queries, whatever the number of peers."""
    latest_assessment = (
        CompetencyAssessment.objects.filter(peer_id=OuterRef("peer_id"), framework_id=OuterRef("framework_id"))
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )
    essentials = CompetencyDescriptor.objects.filter(domain__framework_id=OuterRef("framework_id"), level=ESSENTIAL)
    demonstrated = DescriptorRating.objects.filter(
        assessment_id=OuterRef("assessment_id"),
        status=Status.DEMONSTRATED,
        descriptor__level=ESSENTIAL,
        descriptor__domain__framework_id=OuterRef("framework_id"),
    )
    current = (
        Progression.objects.filter(peer__in=peers, ended_on__isnull=True, started_on__lte=on)
        .annotate(framework_id=_active_framework_of_peer("peer__trust_id"))
        .annotate(assessment_id=Subquery(latest_assessment))
        .annotate(
            essential_count=_count(essentials, "domain__framework"),
            demonstrated_count=_count(demonstrated, "assessment"),
            assessed_on=Subquery(
                CompetencyAssessment.objects.filter(pk=OuterRef("assessment_id")).values("assessed_on")
            ),
        )
        .filter(essential_count__gt=0, demonstrated_count=F("essential_count"))
        .select_related("peer", "level", "post__team")
        .prefetch_related(Prefetch("level__next_levels", CareerLevel.objects.order_by("order")))
        .order_by("peer__full_name", "pk")
    )
    ready = []
    for step in current:
        months = relativedelta(on, step.started_on)
        months_held = months.years * 12 + months.months
        if months_held >= step.level.months_before_next:
            ready.append(ReadyPeer(step.peer, step, months_held, step.assessed_on))
    return ready


# --- Training, the place-and-train rule and the development plan -----------------------------------

# seed 002 and DESIGN section 7: under place and train, peer support training is completed within six months
# of appointment; the reminder goes out from five months.
PLACE_AND_TRAIN_MONTHS = 6
PLACE_AND_TRAIN_REMIND_AFTER_MONTHS = 5
EXPIRING_SOON_DAYS = 60


def training_for_list(records: QuerySet[TrainingRecord]) -> QuerySet[TrainingRecord]:
    """A peer's training, what is booked or under way first, then newest completed first (one query)."""
    return records.select_related("course").order_by(F("completed_on").desc(nulls_first=True), "-started_on", "-pk")


def training_expiry(record: TrainingRecord, today: datetime.date) -> str:
    """'expired', 'expiring' (within EXPIRING_SOON_DAYS) or '' for a record that does not expire soon."""
    if not record.expires_on:
        return ""
    if record.expires_on < today:
        return "expired"
    if (record.expires_on - today).days <= EXPIRING_SOON_DAYS:
        return "expiring"
    return ""


def expiring_training(
    records: QuerySet[TrainingRecord], today: datetime.date, *, days: int = EXPIRING_SOON_DAYS
) -> QuerySet[TrainingRecord]:
    """Completed training expiring between today and `days` from now, soonest first (one query)."""
    return (
        records.filter(expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=days))
        .select_related("peer", "course")
        .order_by("expires_on", "peer__full_name", "pk")
    )


def not_renewed(records: QuerySet[TrainingRecord]) -> QuerySet[TrainingRecord]:
    """Records not yet renewed: no later completed record of the same training (peer, category and title) has
    been recorded since. A renewal settles the expiring one's reminder, and the job raises none for it."""
    later = TrainingRecord.objects.filter(
        peer=OuterRef("peer"),
        category=OuterRef("category"),
        title__iexact=OuterRef("title"),
        completed_on__gt=OuterRef("completed_on"),
    )
    return records.exclude(Exists(later))


@dataclass(frozen=True)
class PlaceAndTrainStatus:
    """One peer in post under place and train: appointed when, peer support training due by when, done when."""

    peer: Peer
    placement: Placement
    appointed_on: datetime.date
    deadline: datetime.date
    completed_on: datetime.date | None
    today: datetime.date

    @property
    def done(self) -> bool:
        return self.completed_on is not None

    @property
    def done_in_time(self) -> bool:
        return self.completed_on is not None and self.completed_on <= self.deadline

    @property
    def is_overdue(self) -> bool:
        return not self.done and self.today > self.deadline

    @property
    def days_left(self) -> int:
        return max(0, (self.deadline - self.today).days)

    @property
    def overdue_days(self) -> int:
        return max(0, (self.today - self.deadline).days)

    @property
    def remind_from(self) -> datetime.date:
        return self.appointed_on + relativedelta(months=PLACE_AND_TRAIN_REMIND_AFTER_MONTHS)

    @property
    def reminder_due(self) -> bool:
        return not self.done and self.today >= self.remind_from


def place_and_train_trusts(trust_ids) -> set[int]:
    """Trusts whose programme trains peers after appointment. A trust with several programmes follows its
    earliest (as for the employment settings). One query."""
    first: dict[int, str] = {}
    for trust_id, model in (
        Programme.objects.filter(trust_id__in=trust_ids)
        .order_by("start_date", "pk")
        .values_list("trust_id", "training_model")
    ):
        first.setdefault(trust_id, model)
    return {t for t, model in first.items() if model == Programme.TrainingModel.PLACE_AND_TRAIN}


def place_and_train_status(
    peers: QuerySet[Peer], today: datetime.date, placements: dict[int, Placement] | None = None
) -> list[PlaceAndTrainStatus]:
    """For each peer of `peers` in post on `today` whose trust's programme is place and train: appointed on
    (the start of their earliest current placement), the six-month deadline (31 August -> 28 February), and
    when peer support training was completed (a completed TrainingRecord of peer support or ImROC training,
    or a completed course enrolment: graduation, else the cohort's last day). Four queries whatever the
    number of peers: placements, programmes, training records, enrolments. Not done first, by deadline.
    `placements`: `first_current_placements(peers, today)` when the caller has read it already (one query fewer)."""
    if placements is None:
        placements = first_current_placements(peers, today)  # the earliest: when the peer was appointed
    if not placements:
        return []
    trusts = place_and_train_trusts({p.post.team.trust_id for p in placements.values()})
    placements = {pk: p for pk, p in placements.items() if p.post.team.trust_id in trusts}
    if not placements:
        return []
    done = first_peer_support_training(peers.values("pk"), today)
    statuses = [
        PlaceAndTrainStatus(
            peer=placement.peer,
            placement=placement,
            appointed_on=placement.start_date,
            deadline=placement.start_date + relativedelta(months=PLACE_AND_TRAIN_MONTHS),
            completed_on=done.get(peer_id),
            today=today,
        )
        for peer_id, placement in placements.items()
    ]
    return sorted(statuses, key=lambda s: (s.done, s.deadline, s.peer.full_name, s.peer.pk))


def first_peer_support_training(peer_ids, today: datetime.date) -> dict[int, datetime.date]:
    """For each of `peer_ids` (a query of peer ids rather than a list: thousands of bound values cost the database
    more than the subquery), the first day peer support training was completed on or before `today`: a completed
    TrainingRecord of peer support or ImROC training, or a completed course enrolment (graduation, else the
    cohort's last day). Two queries."""
    done: dict[int, datetime.date] = {
        row["peer_id"]: row["first"]
        for row in TrainingRecord.objects.filter(
            peer_id__in=peer_ids,
            category__in=TrainingRecord.PEER_SUPPORT_TRAINING,
            completed_on__isnull=False,
            completed_on__lte=today,
        )
        .values("peer_id")
        .annotate(first=Min("completed_on"))
        .order_by()
    }
    for row in (
        CohortEnrolment.objects.filter(peer_id__in=peer_ids, status=CohortEnrolment.Status.COMPLETED)
        .annotate(finished=Coalesce("graduated_on", "cohort__ends_on"))
        .filter(finished__lte=today)
        .values("peer_id")
        .annotate(first=Min("finished"))
        .order_by()
    ):
        known = done.get(row["peer_id"])
        done[row["peer_id"]] = min(known, row["first"]) if known else row["first"]
    return done


@dataclass(frozen=True)
class PlaceAndTrainCount:
    """Place and train on one day, counted: peers trained within their six months, peers whose six months have
    ended or who have trained (what the first is of), and peers under place and train in all."""

    in_time: int
    settled: int
    peers: int


def place_and_train_counts(
    peers: QuerySet[Peer], teams: QuerySet, days: list[datetime.date]
) -> dict[datetime.date, PlaceAndTrainCount]:
    """place_and_train_status counted on each of `days` for the peers of `peers` in post in one of `teams` that
    day, without building a row per peer: four queries whatever the number of days and peers. The same rules:
    appointed at the start of the peer's earliest current placement (in any team), six months to train, training
    done on the first completion (the first completion on or before a day is the first of all, if on or before)."""
    rows = list(
        Placement.objects.filter(peer__in=peers, start_date__lte=max(days))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=min(days)))
        .annotate(in_scope=Exists(teams.filter(pk=OuterRef("post__team_id"))))
        .order_by("start_date", "pk")
        .values_list("peer_id", "start_date", "end_date", "post__team__trust_id", "in_scope")
    )
    trusts = place_and_train_trusts({row[3] for row in rows}) if rows else set()
    done = first_peer_support_training(peers.values("pk"), max(days)) if trusts else {}
    counts = {}
    deadlines: dict[datetime.date, datetime.date] = {}  # by start date: thousands of peers share a few hundred
    for day in days:
        appointed: dict[int, tuple[datetime.date, int]] = {}
        in_scope: set[int] = set()
        for peer_id, start, end, trust_id, scoped in rows:
            if held_on(start, end, day):
                appointed.setdefault(peer_id, (start, trust_id))  # the earliest current placement
                if scoped:
                    in_scope.add(peer_id)
        in_time = settled = total = 0
        for peer_id in in_scope:
            start, trust_id = appointed[peer_id]
            if trust_id not in trusts:
                continue
            total += 1
            deadline = deadlines.get(start)
            if deadline is None:
                deadline = deadlines[start] = start + relativedelta(months=PLACE_AND_TRAIN_MONTHS)
            completed = done.get(peer_id)
            completed = completed if completed is not None and completed <= day else None
            in_time += completed is not None and completed <= deadline
            settled += completed is not None or day > deadline
        counts[day] = PlaceAndTrainCount(in_time, settled, total)
    return counts


@dataclass(frozen=True)
class PlanItem:
    """One objective of a personal development plan, whatever its source: a review's or appraisal's objective
    (`review` set; its status is changed at the review) or a DevelopmentObjective (`objective` set)."""

    text: str
    source: str
    status: str
    status_label: str
    is_open: bool
    target_on: datetime.date | None
    set_on: datetime.date | None
    achieved_on: datetime.date | None
    review: object | None = None
    objective: DevelopmentObjective | None = None


OPEN_PLAN_STATUSES = {DevelopmentObjective.Status.OPEN, DevelopmentObjective.Status.IN_PROGRESS}


def development_plan(reviews: QuerySet, objectives: QuerySet[DevelopmentObjective]) -> list[PlanItem]:
    """The plan in one list: the objectives set at `reviews` (interim reviews and appraisals) and the plan's own
    `objectives`, open ones first, then by target date (none last) and when they were set. Two queries."""
    items = [
        PlanItem(
            text=o.text,
            source=o.review.get_kind_display(),
            status=o.status,
            status_label=o.get_status_display(),
            is_open=o.status == ReviewObjective.Status.OPEN,
            target_on=o.target_on,
            set_on=o.review.held_on or o.review.due_on,
            achieved_on=None,
            review=o.review,
        )
        for o in ReviewObjective.objects.filter(review__in=reviews).select_related("review").order_by("pk")
    ]
    items += [
        PlanItem(
            text=o.text,
            source=o.get_source_display(),
            status=o.status,
            status_label=o.get_status_display(),
            is_open=o.status in OPEN_PLAN_STATUSES,
            target_on=o.target_on,
            set_on=o.created_on,
            achieved_on=o.achieved_on,
            objective=o,
        )
        for o in objectives.order_by("pk")
    ]
    far = datetime.date.max
    return sorted(items, key=lambda i: (not i.is_open, i.target_on or far, i.set_on or far))


# --- Workforce growth: the share of peer workers, target against now ------------------------------


@dataclass(frozen=True)
class ShareRow:
    """The peer workforce of a team (or of a service type, or of the programme) against its establishment.

    Peers are the distinct holders of peer posts (any career level but the pre-peer routes); their whole-time
    equivalent is the filled posts' hours over a full-time week. Vacant peer posts are counted apart and are
    not in the share now. `headcount` and `wte` are the establishment (the whole workforce), None when the
    team has none recorded."""

    label: str
    peer_headcount: int
    peer_hours: Decimal
    vacant_posts: int
    vacant_hours: Decimal
    headcount: int | None = None
    wte: Decimal | None = None
    as_of: datetime.date | None = None
    team: Team | None = None
    establishment_pk: int | None = None
    teams: int = 1

    @property
    def recorded(self) -> bool:
        return self.headcount is not None

    @property
    def peer_wte(self) -> Decimal:
        return _wte(self.peer_hours)

    @property
    def vacant_wte(self) -> Decimal:
        return _wte(self.vacant_hours)

    @property
    def share_headcount(self) -> Decimal | None:
        """Peers as a percentage of the workforce by headcount, to one decimal place."""
        return _percent(Decimal(self.peer_headcount), Decimal(self.headcount)) if self.headcount else None

    @property
    def share_wte(self) -> Decimal | None:
        """Peers as a percentage of the workforce by whole-time equivalent (from the hours, not rounded WTEs)."""
        return _percent(self.peer_hours / FULL_TIME_HOURS, self.wte) if self.wte else None


@dataclass(frozen=True)
class PeerShare:
    """The programme's target share of peer workers and the share now, per team, per service type and in all."""

    programme: Programme
    target: Decimal
    teams: list[ShareRow]
    services: list[ShareRow]
    total: ShareRow
    not_recorded: list[ShareRow]

    @property
    def measured(self) -> bool:
        return self.total.recorded

    @property
    def peers_to_target(self) -> int:
        """More peer workers (headcount) the recorded teams would need to reach the target; 0 when met."""
        if not self.measured:
            return 0
        needed = (self.target * self.total.headcount / HUNDRED).to_integral_value(rounding=ROUND_CEILING)
        return max(0, int(needed) - self.total.peer_headcount)

    @property
    def wte_to_target(self) -> Decimal:
        if not self.measured:
            return Decimal("0.00")
        gap = self.target * self.total.wte / HUNDRED - self.total.peer_hours / FULL_TIME_HOURS
        return max(Decimal("0.00"), gap.quantize(Decimal("0.01"), rounding=ROUND_CEILING))

    @property
    def summary(self) -> str:
        """The share in plain words, e.g. "5.0% of the workforce by headcount against a target of 20%"."""
        target = f"{_plain(self.target)}%"
        if not self.measured:
            return (
                "No team's establishment is recorded yet, so the share of peer workers cannot be measured "
                f"against the target of {target}."
            )
        total = self.total
        return (
            f"{total.share_headcount}% of the workforce by headcount ({total.peer_headcount} of {total.headcount}) "
            f"and {total.share_wte}% by whole-time equivalent ({total.peer_wte} of {_plain(total.wte)} WTE), "
            f"against a target of {target}."
        )


HUNDRED = Decimal(100)
PEER_LEVELS = [value for value, _ in Post.CareerLevel.choices if value != Post.CareerLevel.PRE_PEER]


def _wte(hours: Decimal) -> Decimal:
    return (hours / FULL_TIME_HOURS).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * HUNDRED / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _plain(number: Decimal) -> str:
    """20.00 -> "20", 17.50 -> "17.5"."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sum(label: str, rows: list[ShareRow]) -> ShareRow:
    return ShareRow(
        label=label,
        peer_headcount=sum(r.peer_headcount for r in rows),
        peer_hours=sum((r.peer_hours for r in rows), Decimal(0)),
        vacant_posts=sum(r.vacant_posts for r in rows),
        vacant_hours=sum((r.vacant_hours for r in rows), Decimal(0)),
        headcount=sum(r.headcount for r in rows) if rows else None,
        wte=sum((r.wte for r in rows), Decimal(0)) if rows else None,
        teams=len(rows),
    )


def peer_share(programme: Programme, teams_qs: QuerySet[Team], today: datetime.date) -> PeerShare:
    """The share of peer workers in the programme's teams among `teams_qs` (what the caller may see), against
    each team's latest establishment on `today`. Teams without one are listed apart and left out of the
    service and programme totals. One query, whatever the number of teams and posts."""
    return peer_shares([programme], teams_qs, today)[0]


def peer_shares(programmes: Iterable[Programme], teams_qs: QuerySet[Team], today: datetime.date) -> list[PeerShare]:
    """`peer_share` for several programmes (a lead of many trusts), in the programmes' order: one query for all
    of them, whatever the number of programmes, teams and posts."""
    programmes = list(programmes)
    if not programmes:
        return []
    latest = TeamEstablishment.objects.filter(team=OuterRef("pk"), as_of__lte=today).order_by("-as_of", "-pk")
    peer_post = Q(posts__career_level__in=PEER_LEVELS)
    filled, vacant = peer_post & Q(posts__holder__isnull=False), peer_post & Q(posts__holder__isnull=True)
    teams = (
        teams_qs.filter(trust_id__in={programme.trust_id for programme in programmes})
        .annotate(
            establishment_pk=Subquery(latest.values("pk")[:1]),
            establishment_as_of=Subquery(latest.values("as_of")[:1]),
            establishment_headcount=Subquery(latest.values("headcount")[:1]),
            establishment_wte=Subquery(latest.values("whole_time_equivalent")[:1]),
            peer_headcount=Count("posts__holder", filter=filled, distinct=True),
            peer_hours=Coalesce(Sum("posts__hours", filter=filled), Decimal(0), output_field=DecimalField()),
            vacant_posts=Count("posts", filter=vacant, distinct=True),
            vacant_hours=Coalesce(Sum("posts__hours", filter=vacant), Decimal(0), output_field=DecimalField()),
        )
        .order_by("name", "pk")
    )
    rows_by_trust: dict[int, list[ShareRow]] = defaultdict(list)
    for team in teams:
        rows_by_trust[team.trust_id].append(
            ShareRow(
                label=team.name,
                team=team,
                peer_headcount=team.peer_headcount,
                peer_hours=Decimal(team.peer_hours),
                vacant_posts=team.vacant_posts,
                vacant_hours=Decimal(team.vacant_hours),
                headcount=team.establishment_headcount,
                wte=team.establishment_wte,
                as_of=team.establishment_as_of,
                establishment_pk=team.establishment_pk,
            )
        )
    return [_share_of(programme, rows_by_trust[programme.trust_id]) for programme in programmes]


def _share_of(programme: Programme, rows: list[ShareRow]) -> PeerShare:
    recorded = [r for r in rows if r.recorded]
    services = []
    for value, label in Team.ServiceType.choices:
        of_type = [r for r in recorded if r.team.service_type == value]
        if of_type:
            services.append(_sum(label, of_type))
    return PeerShare(
        programme=programme,
        target=programme.target_peer_share,
        teams=rows,
        services=services,
        total=_sum(programme.name, recorded),
        not_recorded=[r for r in rows if not r.recorded],
    )


def establishments_for_list(establishments: QuerySet[TeamEstablishment]) -> QuerySet[TeamEstablishment]:
    return establishments.select_related("team__trust").order_by("team__name", "-as_of", "-pk")


def vacancy_reviews_for_list(reviews: QuerySet[VacancyReview]) -> QuerySet[VacancyReview]:
    return reviews.select_related("programme", "team", "decided_by", "new_post__team").order_by("-considered_on", "-pk")


def new_services_for_list(services: QuerySet[NewService]) -> QuerySet[NewService]:
    return services.select_related("programme").order_by("-starts_on", "pk")


def contributions_for_list(
    contributions: QuerySet[SystemChangeContribution], peers: QuerySet[Peer]
) -> QuerySet[SystemChangeContribution]:
    """Contributions with the peers involved that the caller may see (`peers`), in one more query."""
    return (
        contributions.select_related("programme")
        .prefetch_related(Prefetch("peers", queryset=peers.order_by("full_name", "pk"), to_attr="peers_shown"))
        .order_by("-happened_on", "-pk")
    )
