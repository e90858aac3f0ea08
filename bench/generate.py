"""Fill a PostgreSQL database with scale data: `python bench/generate.py --scale trust|national [--database URL]`.

*trust* = 1 trust, 50 teams, 500 peers placed; *national* = 60 trusts, 3,000 teams, 5,000 peers placed and
500,000 supervision sessions. Five years of it, ending on TODAY: placements (a tenth ended, leaving
their post vacant and re-advertised), weekly group peer supervision and monthly managerial supervision,
Wellness Action Plans and their reviews, the 3-month, 6-month and annual reviews, induction plans for
recent starters, recruitment (a vacancy for every placement started in the five years and for every vacant
post, applications moved through their stages with every transition), training records (mandatory
e-learning that expires, peer support training, ImROC, recovery college), team establishments and
progressions by career level.

The database is dropped, created and migrated first (not with `generate()` alone, which the tests call on
their own database). Staff per trust: a peer support lead (`lead-<t>`) and HR (`hr-<t>`) (and at the national scale
`lead-national`, peer support lead in every trust); per team a line
manager (`manager-<t>-<k>`) and a supervisor (`supervisor-<t>-<k>`); peers in post `peer-<t>-<i>`. Every
account's password is PASSWORD. Large tables are written with COPY, the rest with bulk_create.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _setup import DATABASES, configure, fresh_database  # noqa: E402

TODAY = datetime.date(2026, 11, 23)
PASSWORD = "bench-password-2026"  # noqa: S105  (scratch data only)


@dataclass(frozen=True)
class Scale:
    name: str
    trusts: int
    teams: int  # in all, shared evenly between the trusts
    peers: int  # peers placed, in all
    years: int = 5
    group_size: int = 4  # peers in one weekly peer-supervision group
    applicants_per_vacancy: int = 4  # the one appointed and the others
    left_share: float = 0.1  # placements that have ended
    # Supervision sessions in all: the regular schedule, topped up with one-to-one peer supervision (a peer asking
    # for time between group sessions) on random days of the placements, to reach this number exactly.
    sessions: int | None = None

    @property
    def teams_per_trust(self) -> int:
        return self.teams // self.trusts

    def peers_in(self, t: int) -> int:
        """Peers placed in trust `t`: the peers shared out evenly, the first trusts taking any remainder."""
        return self.peers // self.trusts + (t < self.peers % self.trusts)

    def peer_places(self) -> list[tuple[int, int]]:
        """(trust, index within the trust) of every peer placed, in order."""
        return [(t, i) for t in range(self.trusts) for i in range(self.peers_in(t))]


SCALES = {
    "trust": Scale("trust", trusts=1, teams=50, peers=500),
    "national": Scale("national", trusts=60, teams=3000, peers=5000, sessions=500_000),
}


# --- Writing rows fast -------------------------------------------------------------------------------


def reserve_ids(model, n: int) -> int:
    """Take `n` ids from the table's sequence; return the first."""
    from django.db import connection

    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), nextval(pg_get_serial_sequence(%s, %s)) + %s)",
            [table, pk, table, pk, n - 1],
        )
        last = cursor.fetchone()[0]
    return last - n + 1


def copy_rows(model, names: Sequence[str], rows: Sequence[tuple]) -> range:
    """COPY `rows` (values of the fields `names`, by attname) into `model`'s table; every other field gets its
    default (now for auto_now fields). Returns the ids given, in the order of `rows`."""
    from django.db import connection
    from django.utils import timezone

    if not rows:
        return range(0)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    position = {name: i for i, name in enumerate(names)}
    unknown = set(names) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    now = timezone.now()
    fixed = {}
    for f in fields:
        if f.attname not in position:
            value = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
            fixed[f.attname] = f.get_db_prep_save(value, connection)
    first = reserve_ids(model, len(rows))
    columns = ", ".join(f'"{c}"' for c in [model._meta.pk.column, *(f.column for f in fields)])
    plan = [(position.get(f.attname), fixed.get(f.attname)) for f in fields]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy,
    ):
        for k, row in enumerate(rows):
            copy.write_row([first + k, *[row[i] if i is not None else value for i, value in plan]])
    return range(first, first + len(rows))


# --- The data ----------------------------------------------------------------------------------------


def _every(start: datetime.date, end: datetime.date, days: int, offset: int = 0) -> Iterable[datetime.date]:
    day = start + datetime.timedelta(days=offset)
    step = datetime.timedelta(days=days)
    while day <= end:
        yield day
        day += step


def generate(scale: Scale, *, today: datetime.date = TODAY, seed: int = 7, say=print) -> dict[str, int]:
    """Build `scale`'s data in the current database; return the rows made, by table."""
    from dateutil.relativedelta import relativedelta
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from development.models import CareerLevel, Progression, TeamEstablishment, TrainingRecord
    from programmes.models import Peer, Post, Programme, StaffRole, Team, Trust
    from recruitment.models import Application, StageTransition, Vacancy
    from workforce.models import (
        EmploymentReview,
        EmploymentSettings,
        InductionItem,
        InductionPlan,
        LeavingReason,
        Placement,
        SupervisionAttendance,
        SupervisionKind,
        SupervisionSession,
        WapReview,
        WellnessActionPlan,
    )
    from workforce.models_absence import AbsenceEpisode, AbsenceReason, working_days

    rng = random.Random(seed)  # repeatable scratch data, not a secret  # nosec B311
    User = get_user_model()
    password = make_password(PASSWORD)
    window_start = today - relativedelta(years=scale.years)
    counts: dict[str, int] = {}
    Stage = Application.Stage

    trusts = Trust.objects.bulk_create(
        Trust(name=f"Bench NHS Foundation Trust {t:02}", ods_code=f"B{t:02}") for t in range(scale.trusts)
    )
    leads = User.objects.bulk_create(
        User(username=f"lead-{t}", email=f"lead-{t}@example.org", password=password, first_name="Lead")
        for t in range(scale.trusts)
    )
    hrs = User.objects.bulk_create(
        User(username=f"hr-{t}", email=f"hr-{t}@example.org", password=password) for t in range(scale.trusts)
    )
    programmes = Programme.objects.bulk_create(
        Programme(
            trust=trust,
            name="Peer support programme",
            training_model=Programme.TrainingModel.PLACE_AND_TRAIN,
            target_peer_share=Decimal("10"),
            start_date=window_start - datetime.timedelta(days=365),
            lead=lead,
        )
        for trust, lead in zip(trusts, leads, strict=True)
    )
    EmploymentSettings.objects.bulk_create(EmploymentSettings(programme=p) for p in programmes)
    service_types = [c for c, _ in Team.ServiceType.choices]
    teams = Team.objects.bulk_create(
        (
            Team(
                trust=trust,
                name=f"Team {k:03}",
                service_type=service_types[k % len(service_types)],
                recovery_training_done=k % 3 != 0,
            )
            for trust in trusts
            for k in range(scale.teams_per_trust)
        ),
        batch_size=5000,
    )
    teams_of = [teams[t * scale.teams_per_trust : (t + 1) * scale.teams_per_trust] for t in range(scale.trusts)]
    managers = User.objects.bulk_create(
        (
            User(username=f"manager-{t}-{k}", email=f"manager-{t}-{k}@example.org", password=password)
            for t in range(scale.trusts)
            for k in range(scale.teams_per_trust)
        ),
        batch_size=5000,
    )
    supervisors = User.objects.bulk_create(
        (
            User(username=f"supervisor-{t}-{k}", email=f"supervisor-{t}-{k}@example.org", password=password)
            for t in range(scale.trusts)
            for k in range(scale.teams_per_trust)
        ),
        batch_size=5000,
    )
    manager_of = dict(zip((team.pk for team in teams), managers, strict=True))
    supervisor_of = dict(zip((team.pk for team in teams), supervisors, strict=True))
    Role = StaffRole.Role
    roles = [StaffRole(user=u, trust=t, role=Role.PEER_LEAD) for u, t in zip(leads, trusts, strict=True)]
    roles += [StaffRole(user=u, trust=t, role=Role.HR) for u, t in zip(hrs, trusts, strict=True)]
    roles += [
        StaffRole(user=manager_of[team.pk], trust_id=team.trust_id, team=team, role=Role.LINE_MANAGER) for team in teams
    ]
    roles += [
        StaffRole(user=supervisor_of[team.pk], trust_id=team.trust_id, team=team, role=Role.SUPERVISOR)
        for team in teams
    ]
    if scale.trusts > 1:
        # A peer support lead in every trust at once: the largest dashboard there is (bench/run.py).
        national_lead = User.objects.create(
            username="lead-national", email="lead-national@example.org", password=password
        )
        roles += [StaffRole(user=national_lead, trust=t, role=Role.PEER_LEAD) for t in trusts]
    StaffRole.objects.bulk_create(roles, batch_size=5000)
    TeamEstablishment.objects.bulk_create(
        (
            TeamEstablishment(
                team=team,
                as_of=window_start + datetime.timedelta(days=365 * year),
                headcount=(h := 15 + (team.pk * 7 + year) % 40),
                whole_time_equivalent=Decimal(h) * Decimal("0.85"),
            )
            for team in teams
            for year in (0, scale.years - 1)
        ),
        batch_size=5000,
    )
    counts.update(
        trusts=len(trusts), teams=len(teams), staff_users=len(leads) + len(hrs) + 2 * len(teams) + (scale.trusts > 1)
    )

    # Peers in post: a fifth were in post before the five years began, the rest started during them.
    # Each holds a post in a team of their trust (a fifth part time); a tenth have left, their posts vacant.
    places = scale.peer_places()
    peer_users = User.objects.bulk_create(
        (
            User(username=f"peer-{t}-{i}", email=f"peer-{t}-{i}@example.org", password=password)
            for t, i in scale.peer_places()
        ),
        batch_size=5000,
    )
    peers = Peer.objects.bulk_create(
        (
            Peer(trust=trusts[places[n][0]], full_name=f"Peer {n:05}", email=user.email, user=user)
            for n, user in enumerate(peer_users)
        ),
        batch_size=5000,
    )
    days_in_window = (today - window_start).days
    starts, ends, team_of_peer, hours = [], [], [], []
    for n in range(len(peers)):
        t, i = places[n]
        if rng.random() < 0.2:
            start = window_start - datetime.timedelta(days=rng.randrange(30, 1500))
        else:
            start = window_start + datetime.timedelta(days=rng.randrange(days_in_window))
        end = None
        if rng.random() < scale.left_share and (today - start).days > 120:
            end = start + datetime.timedelta(days=rng.randrange(90, (today - start).days - 20))
        starts.append(start)
        ends.append(end)
        team_of_peer.append(teams_of[t][i % scale.teams_per_trust])
        hours.append(Decimal("22.5") if rng.random() < 0.2 else Decimal("37.5"))
    posts = Post.objects.bulk_create(
        (
            Post(
                team=team_of_peer[n],
                title="Peer Support Worker" if n % 10 else "Senior Peer Support Worker",
                band=3 if n % 10 else 4,
                hours=hours[n],
                career_level=Post.CareerLevel.PEER_SUPPORT_WORKER
                if n % 10
                else Post.CareerLevel.SENIOR_PEER_SUPPORT_WORKER,
                holder=None if ends[n] else peer,
            )
            for n, peer in enumerate(peers)
        ),
        batch_size=5000,
    )
    # Leavers (issue 18): why each ended placement ended and where the peer went, in proportions a programme
    # might see; an exit conversation held for most. A tenth of the continuing placements are fixed-term, ending
    # within the next 120 days (the 60- and 30-day reminders).
    reasons = [
        (LeavingReason.PROFESSIONAL_TRAINING, "Nurse training", 3),
        (LeavingReason.OTHER_PEER_POST, "Peer post in another trust", 2),
        (LeavingReason.PROMOTED, "Senior peer post", 1),
        (LeavingReason.OTHER_JOB, "Job outside the NHS", 2),
        (LeavingReason.HEALTH, "", 1),
        (LeavingReason.END_OF_CONTRACT, "", 1),
        (LeavingReason.OTHER, "", 1),
    ]
    leaving = [
        rng.choices(reasons, weights=[w for *_, w in reasons])[0] if ends[n] else None for n in range(len(peers))
    ]
    contract_ends = [
        today + datetime.timedelta(days=rng.randrange(1, 120)) if not ends[n] and rng.random() < 0.1 else None
        for n in range(len(peers))
    ]
    placements = Placement.objects.bulk_create(
        (
            Placement(
                peer=peer,
                post=posts[n],
                start_date=starts[n],
                end_date=ends[n],
                hours=hours[n],
                match_reasons="Skills and lived experience the team asked for.",
                line_manager=manager_of[team_of_peer[n].pk],
                peer_supervisor=supervisor_of[team_of_peer[n].pk],
                mentor=manager_of[team_of_peer[n].pk],
                contract_end_date=contract_ends[n],
                leaving_reason=leaving[n][0] if leaving[n] else "",
                leaving_destination=leaving[n][1] if leaving[n] else "",
                exit_conversation_held=bool(leaving[n]) and n % 4 != 0,
                exit_conversation_on=ends[n] if leaving[n] and n % 4 != 0 else None,
            )
            for n, peer in enumerate(peers)
        ),
        batch_size=5000,
    )
    counts.update(peers_placed=len(peers), posts=len(posts), placements=len(placements))
    counts["posts_vacant"] = sum(1 for e in ends if e)
    counts["leavers"] = sum(1 for e in ends if e)
    counts["fixed_term_contracts"] = sum(1 for c in contract_ends if c)

    # Sickness absence: about one episode a year of placement, mostly short, a few long; a reason category for
    # most; working days lost worked out from the dates (as the service does when none is entered).
    absence_rows = []
    categories = [c for c, _ in AbsenceReason.choices]
    for n, placement in enumerate(placements):
        last_day = ends[n] or today
        day = starts[n] + datetime.timedelta(days=rng.randrange(30, 400))
        while day < last_day:
            length = rng.randrange(1, 4) if rng.random() < 0.7 else rng.randrange(5, 40)
            end = min(day + datetime.timedelta(days=length - 1), last_day)
            reason = rng.choice(categories) if rng.random() < 0.8 else ""
            absence_rows.append(
                (placement.peer_id, placement.pk, day, end, Decimal(working_days(day, end)), False, reason)
            )
            day = end + datetime.timedelta(days=rng.randrange(60, 500))
    counts["absence_episodes"] = len(
        copy_rows(
            AbsenceEpisode,
            [
                "peer_id",
                "placement_id",
                "start_date",
                "end_date",
                "days_lost",
                "days_lost_entered",
                "reason_category",
            ],
            absence_rows,
        )
    )

    # Outcomes (issue 18): each team's monthly return for the 12 months to last month (a few missing), and a
    # caseload agreed in supervision for each peer in post, about one in eight above capacity. COPY, as above:
    # the history of these bulk rows is not kept (a benchmark's data, not a person's).
    from outcomes.models import CaseloadAgreement, TeamReturn

    first = today.replace(day=1)
    months = [(first - datetime.timedelta(days=1)).replace(day=1)]
    while len(months) < 12:
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    return_rows = []
    for team in (team for trust_teams in teams_of for team in trust_teams):
        for month in months:
            if rng.random() < 0.08:
                continue  # a return not made
            people = rng.randrange(5, 40)
            agreed = rng.randrange(0, people + 1)
            pairs = rng.randrange(0, 6)
            before = Decimal(rng.randrange(20, 50)) / 10 if pairs else None
            after = before + Decimal(rng.randrange(0, 25)) / 10 if pairs else None
            return_rows.append(
                (
                    team.pk,
                    month,
                    people,
                    people * rng.randrange(2, 5),
                    rng.randrange(0, 6),
                    agreed,
                    rng.randrange(0, agreed + 1),
                    rng.randrange(0, 6),
                    rng.randrange(0, 4),
                    pairs,
                    before,
                    after,
                )
            )
    counts["team_returns"] = len(
        copy_rows(
            TeamReturn,
            [
                "team_id",
                "month",
                "people_supported",
                "contacts",
                "groups_run",
                "goals_agreed",
                "goals_achieved",
                "first_meetings",
                "completed_with_review",
                "measure_1_pairs",
                "measure_1_before",
                "measure_1_after",
            ],
            return_rows,
        )
    )
    caseload_rows = []
    for n, placement in enumerate(placements):
        if ends[n] is None:
            capacity = rng.randrange(6, 15)
            caseload = capacity + rng.randrange(1, 4) if rng.random() < 0.125 else rng.randrange(0, capacity + 1)
            caseload_rows.append(
                (placement.pk, today - datetime.timedelta(days=rng.randrange(0, 60)), caseload, capacity)
            )
    counts["caseloads"] = len(
        copy_rows(CaseloadAgreement, ["placement_id", "agreed_on", "caseload", "capacity"], caseload_rows)
    )

    levels = {level.code: level for level in CareerLevel.objects.all()}
    if levels:
        Progression.objects.bulk_create(
            (
                Progression(
                    peer=peer,
                    level=levels[posts[n].career_level],
                    post=posts[n],
                    started_on=starts[n],
                    ended_on=ends[n],
                )
                for n, peer in enumerate(peers)
                if posts[n].career_level in levels
            ),
            batch_size=5000,
        )
        counts["progressions"] = Progression.objects.filter(peer__trust__in=trusts).count()

    # Reviews: 3-month, 6-month and annual appraisal; held when due more than ten days ago.
    review_rows = []
    for n, placement in enumerate(placements):
        for kind, months in EmploymentReview.MONTHS_AFTER_START.items():
            due = starts[n] + relativedelta(months=months)
            if ends[n] and due > ends[n]:
                continue
            held = (
                due + datetime.timedelta(days=rng.randrange(0, 10))
                if due < today - datetime.timedelta(days=10)
                else None
            )
            review_rows.append((placement.pk, kind.value, due, held, placement.line_manager_id if held else None))
    copy_rows(EmploymentReview, ["placement_id", "kind", "due_on", "held_on", "reviewer_id"], review_rows)
    counts["reviews"] = len(review_rows)

    # Wellness Action Plans, reviewed about twice a year; a few reviews overdue.
    in_post = [n for n in range(len(peers)) if not ends[n]]
    wap_ids = copy_rows(
        WellnessActionPlan,
        [
            "peer_id",
            "approaches",
            "review_on",
            "shared_with_line_manager",
            "shared_with_supervisor",
            "line_manager_shared_with_id",
            "supervisor_shared_with_id",
        ],
        [
            (
                peers[n].pk,
                "A walk at lunchtime; time to write notes after a hard visit.",
                today + datetime.timedelta(days=rng.randrange(-40, 180)),
                n % 5 == 0,
                n % 3 == 0,
                # Sharing names people: those named on the placement when the peer shared the plan.
                placements[n].line_manager_id if n % 5 == 0 else None,
                placements[n].peer_supervisor_id if n % 3 == 0 else None,
            )
            for n in in_post
        ],
    )
    wap_review_rows = []
    for wap_id, n in zip(wap_ids, in_post, strict=True):
        first = max(starts[n], window_start) + datetime.timedelta(days=30)
        for day in _every(first, today - datetime.timedelta(days=40), 182):
            wap_review_rows.append(
                (wap_id, day, manager_of[team_of_peer[n].pk].pk, "Working well.", day + relativedelta(months=6))
            )
    copy_rows(
        WapReview, ["plan_id", "reviewed_on", "reviewed_with_id", "what_is_working", "next_review_on"], wap_review_rows
    )
    counts.update(wellness_action_plans=len(wap_ids), wap_reviews=len(wap_review_rows))

    # Induction for those who started in the last six weeks: the 4-week timetable, early weeks done.
    recent = [n for n in in_post if (today - starts[n]).days <= 42]
    plans = InductionPlan.objects.bulk_create(
        InductionPlan(placement=placements[n], mentor_id=placements[n].mentor_id) for n in recent
    )
    items = []
    for plan, n in zip(plans, recent, strict=True):
        for week in range(1, 5):
            due = starts[n] + datetime.timedelta(days=7 * week - 1)
            done = due if due < today - datetime.timedelta(days=3) else None
            items.append((plan.pk, "timetable", week, week, f"Week {week} of the timetable", due, done))
    copy_rows(InductionItem, ["plan_id", "section", "week", "order", "title", "due_on", "done_on"], items)
    counts.update(induction_plans=len(plans), induction_items=len(items))

    # Supervision: managerial every four weeks with the line manager (individual) while in post; weekly group peer
    # supervision for groups of peers of a trust, with the supervisor of the first member's team.
    session_rows, attendance_peers = [], []
    for n, peer in enumerate(peers):
        until = ends[n] or today
        manager = manager_of[team_of_peer[n].pk].pk
        for day in _every(max(starts[n], window_start), until, 28, offset=n % 28):
            session_rows.append((SupervisionKind.MANAGERIAL.value, "individual", day, manager))
            attendance_peers.append((peer.pk,))
    for t in range(scale.trusts):
        members_of_trust = [n for n, (u, _i) in enumerate(places) if u == t]
        for g in range(0, len(members_of_trust), scale.group_size):
            group = list(members_of_trust[g : g + scale.group_size])
            supervisor = supervisor_of[team_of_peer[group[0]].pk].pk
            for day in _every(window_start, today, 7, offset=g % 5):
                present = tuple(peers[n].pk for n in group if starts[n] <= day and (ends[n] is None or day <= ends[n]))
                if present:
                    session_rows.append((SupervisionKind.PEER.value, "group", day, supervisor))
                    attendance_peers.append(present)
    if scale.sessions is not None:
        for k in range(scale.sessions - len(session_rows)):
            n = k % len(peers)
            start, until = max(starts[n], window_start), ends[n] or today
            day = start + datetime.timedelta(days=rng.randrange(max(1, (until - start).days + 1)))
            session_rows.append((SupervisionKind.PEER.value, "individual", day, supervisor_of[team_of_peer[n].pk].pk))
            attendance_peers.append((peers[n].pk,))
    session_ids = copy_rows(SupervisionSession, ["kind", "format", "date", "supervisor_id"], session_rows)
    attendance_rows = [(s, p) for s, present in zip(session_ids, attendance_peers, strict=True) for p in present]
    copy_rows(SupervisionAttendance, ["session_id", "peer_id"], attendance_rows)
    counts.update(supervision_sessions=len(session_rows), supervision_attendances=len(attendance_rows))
    del session_rows, attendance_peers, attendance_rows

    # Training: mandatory e-learning every year (expires after a year), peer support training within six
    # months of starting (a few recent starters still booked), ImROC for a third, recovery college for some.
    Category = TrainingRecord.Category
    training = []
    for n, peer in enumerate(peers):
        begun = max(starts[n], window_start)
        until = ends[n] or today
        for day in _every(begun + datetime.timedelta(days=14), until, 365):
            training.append(
                (
                    peer.pk,
                    Category.MANDATORY.value,
                    "Mandatory e-learning",
                    "Trust e-learning",
                    day,
                    day,
                    day + datetime.timedelta(days=365),
                )
            )
        pst = starts[n] + datetime.timedelta(days=rng.randrange(20, 200))
        if pst <= today:
            training.append(
                (
                    peer.pk,
                    Category.PEER_SUPPORT.value,
                    "Peer support worker training",
                    "Recovery college",
                    pst - datetime.timedelta(days=60),
                    pst,
                    None,
                )
            )
        else:
            training.append(
                (
                    peer.pk,
                    Category.PEER_SUPPORT.value,
                    "Peer support worker training",
                    "Recovery college",
                    None,
                    None,
                    None,
                )
            )
        if n % 3 == 0 and (imroc := starts[n] + datetime.timedelta(days=400)) <= today:
            training.append(
                (
                    peer.pk,
                    Category.IMROC.value,
                    "ImROC peer support training",
                    "ImROC",
                    imroc - datetime.timedelta(days=10),
                    imroc,
                    None,
                )
            )
        if n % 4 == 0:
            day = begun + datetime.timedelta(days=rng.randrange(0, max(1, (until - begun).days)))
            training.append(
                (peer.pk, Category.RECOVERY_COLLEGE.value, "Understanding recovery", "Recovery college", day, day, None)
            )
    copy_rows(
        TrainingRecord,
        ["peer_id", "category", "title", "provider", "started_on", "completed_on", "expires_on"],
        training,
    )
    counts["training_records"] = len(training)

    # Recruitment: a vacancy for every placement started in the five years (filled; its appointee went
    # through every stage) and one open for every vacant post; other applicants stop along the way.
    vacancy_rows, vacancy_meta = [], []  # meta: (trust index, post index, opens_on, status)
    for n in range(len(peers)):
        t = places[n][0]
        if starts[n] >= window_start + datetime.timedelta(days=75):
            vacancy_meta.append((t, n, starts[n] - datetime.timedelta(days=75), Vacancy.Status.FILLED.value))
        if ends[n]:
            opens = max(ends[n] + datetime.timedelta(days=7), today - datetime.timedelta(days=60))
            vacancy_meta.append((t, n, opens, Vacancy.Status.OPEN.value))
    for _t, n, opens, status in vacancy_meta:
        post = posts[n]
        vacancy_rows.append(
            (
                post.pk,
                post.title,
                f"BEN-{post.pk}",
                team_of_peer[n].name,
                f"Band {post.band}",
                post.hours,
                "Peer support in the team.",
                "Lived experience of mental ill-health and recovery.",
                opens,
                opens + datetime.timedelta(days=21),
                status,
            )
        )
    vacancy_ids = copy_rows(
        Vacancy,
        [
            "post_id",
            "job_title",
            "reference",
            "location",
            "pay_band",
            "hours",
            "introduction",
            "essential_criteria",
            "opens_on",
            "closes_on",
            "status",
        ],
        vacancy_rows,
    )
    applicants = Peer.objects.bulk_create(
        (
            Peer(trust=trusts[t], full_name=f"Applicant {v}-{a}")
            for v, (t, _n, _o, _s) in enumerate(vacancy_meta)
            for a in range(scale.applicants_per_vacancy - 1)
        ),
        batch_size=5000,
    )
    endings = [Stage.NOT_SHORTLISTED, Stage.WITHDRAWN, Stage.NOT_APPOINTED]
    application_rows, paths = [], []
    k = 0
    for vacancy_id, (_t, n, opens, status) in zip(vacancy_ids, vacancy_meta, strict=True):
        others = applicants[k : k + scale.applicants_per_vacancy - 1]
        k += scale.applicants_per_vacancy - 1
        if status == Vacancy.Status.FILLED.value:
            application_rows.append(
                (vacancy_id, peers[n].pk, opens + datetime.timedelta(days=5), Stage.APPOINTED.value)
            )
            paths.append(list(Application.FORWARD))
        for j, applicant in enumerate(others):
            if status == Vacancy.Status.FILLED.value:
                ending = endings[j % len(endings)]
                path = list(Application.FORWARD[: 1 + (j % 3)]) + [ending]
            else:
                path = list(Application.FORWARD[: 1 + j % 4])
            application_rows.append((vacancy_id, applicant.pk, opens + datetime.timedelta(days=2 + j), path[-1].value))
            paths.append(path)
    application_ids = copy_rows(Application, ["vacancy_id", "applicant_id", "applied_on", "stage"], application_rows)
    transition_rows = []
    lead_by_trust = {trust.pk: lead.pk for trust, lead in zip(trusts, leads, strict=True)}
    vacancy_trust = {v: trusts[meta[0]].pk for v, meta in zip(vacancy_ids, vacancy_meta, strict=True)}
    for app_id, row, path in zip(application_ids, application_rows, paths, strict=True):
        at = datetime.datetime.combine(row[2], datetime.time(10), tzinfo=datetime.UTC)
        previous = ""
        for step, stage in enumerate(path):
            transition_rows.append(
                (
                    app_id,
                    previous,
                    stage.value,
                    lead_by_trust[vacancy_trust[row[0]]],
                    at + datetime.timedelta(days=9 * step),
                )
            )
            previous = stage.value
    copy_rows(StageTransition, ["application_id", "from_stage", "to_stage", "by_id", "at"], transition_rows)
    counts.update(
        vacancies=len(vacancy_ids),
        applicants=len(applicants),
        applications=len(application_ids),
        stage_transitions=len(transition_rows),
    )
    # The train-and-place pipeline (issue 18 item 5): a cohort a year per trust, 12 places, 30 applications (the
    # first 12 enrolled, 10 of a finished cohort graduating, the next 4 on the waiting list, the rest not offered a
    # place). Bulk writes: scratch data for timing, no history.
    from development.models import TrainingApplication
    from programmes.models import CohortEnrolment, TrainingCohort, TrainingCourse

    course = TrainingCourse.objects.create(name="Bench peer support training", provider="Bench", length="11 days")
    cohorts = TrainingCohort.objects.bulk_create(
        TrainingCohort(
            programme=programme,
            course=course,
            name=f"Cohort {year}",
            starts_on=window_start + relativedelta(years=year, months=2),
            ends_on=window_start + relativedelta(years=year, months=2, days=18),
            capacity=12,
        )
        for programme in programmes
        for year in range(scale.years)
    )
    trainees = Peer.objects.bulk_create(
        (
            Peer(trust_id=cohort.programme.trust_id, full_name=f"Trainee {c}-{a}")
            for c, cohort in enumerate(cohorts)
            for a in range(30)
        ),
        batch_size=5000,
    )
    enrolments, training_applications = [], []
    TA = TrainingApplication.Status
    for c, cohort in enumerate(cohorts):
        finished = cohort.ends_on < today
        for a in range(30):
            peer = trainees[c * 30 + a]
            status = TA.ENROLLED if a < 12 else TA.WAITING if a < 16 else TA.NOT_SELECTED
            if a < 12:
                graduated = finished and a < 10
                enrolments.append(
                    CohortEnrolment(
                        cohort=cohort,
                        peer=peer,
                        status="completed" if graduated else ("withdrawn" if finished else "enrolled"),
                        assessment_result="passed" if graduated else "pending",
                        graduated_on=cohort.ends_on + datetime.timedelta(days=7) if graduated else None,
                    )
                )
            training_applications.append(
                TrainingApplication(
                    cohort=cohort,
                    applicant=peer,
                    applied_on=cohort.starts_on - datetime.timedelta(days=40 - a),
                    statement="I want to train as a peer support worker.",
                    status=status,
                    waiting_position=a - 11 if status == TA.WAITING else None,
                    interviewed_on=cohort.starts_on - datetime.timedelta(days=20),
                    interview_outcome="not_selected" if status == TA.NOT_SELECTED else "suitable",
                )
            )
    CohortEnrolment.objects.bulk_create(enrolments, batch_size=5000)
    TrainingApplication.objects.bulk_create(training_applications, batch_size=5000)
    counts.update(
        training_cohorts=len(cohorts),
        training_applications=len(training_applications),
        cohort_enrolments=len(enrolments),
    )
    # The sessions went in with COPY, past the supervision services: build their maintained summary as the
    # command `rebuild_supervision_summary` does.
    from workforce.supervision_summary import rebuild_summary

    counts.update(supervision_summaries=rebuild_summary())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="trust")
    parser.add_argument("--database", help="postgres://... (dropped and created afresh); default per scale")
    args = parser.parse_args()
    url = args.database or DATABASES[args.scale]
    scale = SCALES[args.scale]

    started = time.perf_counter()
    fresh_database(url)
    configure(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    counts = generate(scale)
    done = time.perf_counter()
    print(f"scale {scale.name} into {url} (data ends {TODAY:%d %b %Y}; password for every account: {PASSWORD})")
    for name, n in counts.items():
        print(f"  {name:<26}{n:>12,}")
    print(
        f"fresh database and migrations {migrated - started:.1f} s; data {done - migrated:.1f} s; "
        f"total {done - started:.1f} s"
    )


if __name__ == "__main__":
    main()
