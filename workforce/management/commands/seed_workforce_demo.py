"""`python manage.py seed_workforce_demo`: employment for the demo trust of `seed_demo` (run that first).

The six peers in post get placements (Daniel in the team that provides his care), started at different
times before today so that something is due for each: Samira is six weeks in, her induction unfinished,
weekly managerial supervision overdue, group peer supervision due in two days and her Wellness Action Plan
(shared with her line manager) due for review; Daniel's 3-month review is overdue and he had a
return-to-work conversation; Alex's managerial supervision is overdue long enough to be escalated; Priya's
appraisal is overdue; Tom and Grace are up to date. Daniel has two absences recorded, one linked to his
return-to-work conversation; Jamie Fletcher left the Crisis team's peer post three months ago for nurse training
(a leaver with a reason, a destination and an exit conversation). `python manage.py run_reminders` then has something to
say to `peer`, `manager`, `supervisor` and `peerlead`. Everything goes through the services.

As the ImROC guide asks: each peer's line manager is their own team's (who is also their staff mentor); peer
supervision comes from Alex, the senior peer support worker, and Alex's own from Grace, a lived experience
educator; every review adds objectives of its own (none repeated); five of the six have a Wellness Action
Plan, Priya's deliberately shared with nobody. Idempotent: when Samira's placement exists, nothing is changed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from programmes import services as programme_services
from programmes.models import Peer, Post, Team, Trust
from workforce import services, services_absence, services_supervision
from workforce.models import (
    AbsenceReason,
    EmploymentReview,
    LeavingReason,
    Placement,
    SupervisionKind,
    SupervisionSession,
)

TRUST_ODS = "ZZ1"  # seed_demo's Northshire trust
LEAVER = "Jamie Fletcher"  # a peer who held the Crisis team's post and left for nurse training
Format = SupervisionSession.Format

# (peer, days in post, reasons for the match, own care team, line manager, peer supervisor): usernames of
# seed_demo's sign-ins. The line manager is the team's own and mentors the peer's induction too.
PLACEMENTS = [
    (
        "Samira Okafor",
        40,
        "The team asked for someone with experience of peer groups and of using a CMHT.",
        False,
        "manager",
        "supervisor",
    ),
    (
        "Daniel Whitfield",
        100,
        "Knows the town's men's sheds and sports clubs, which the team wanted links with.",
        True,
        "manager",
        "supervisor",
    ),
    (
        "Alex Morgan",
        730,
        "Experience of an early intervention service; leads the group peer supervision.",
        False,
        "manager",
        "educator",
    ),
    ("Priya Nair", 380, "Speaks Gujarati and Hindi, which the EIP team asked for.", False, "eipmanager", "supervisor"),
    (
        "Tom Hughes",
        200,
        "A musician: the ward wanted someone to restart its music group.",
        False,
        "wardmanager",
        "supervisor",
    ),
    (
        "Grace Adeyemi",
        1095,
        "A recovery college student before she became an educator.",
        False,
        "collegemanager",
        "supervisor",
    ),
]
# The objectives each held review adds, in the order the reviews fall due: none repeats another (the plan
# lists every open one). The first is marked achieved by seed_development_demo once the training is done.
REVIEW_OBJECTIVES = [
    "Complete the ImROC peer support training.",
    "Co-facilitate a recovery college course with a colleague.",
    "Start a weekly peer support group in the team.",
    "Mentor a new peer support worker through their induction.",
    "Share your story at the trust's induction for new staff.",
    "Represent peer workers at the recovery steering group.",
]
# Wellness Action Plans (ImROC guide; Derbyshire toolkit): (peer, sign-in, days to the review, shared with the
# line manager, the supervisor). Priya keeps hers to herself; Tom has none (he has no sign-in).
WAPS = [
    ("Daniel Whitfield", "daniel", 60, True, True),
    ("Alex Morgan", "supervisor", 90, True, False),
    ("Priya Nair", "priya", 120, False, False),
    ("Grace Adeyemi", "educator", 150, True, False),
]
# Days before today of the last managerial session held (None: none yet).
LAST_MANAGERIAL = {"Samira Okafor": 12, "Daniel Whitfield": 20, "Alex Morgan": 50, "Priya Nair": 10}
LAST_MANAGERIAL.update({"Tom Hughes": 7, "Grace Adeyemi": 14})


class Command(BaseCommand):
    help = "Create the employment demo (placements, induction, supervision, a WAP, reviews) once."

    def handle(self, *args, **options):
        # The daily jobs run once at the end of `make seed` (run_reminders), not once per record made here.
        with services.reminders_held(), transaction.atomic():
            self.seed()

    def seed(self) -> None:
        trust = Trust.objects.filter(ods_code=TRUST_ODS).first()
        if trust is None:
            raise CommandError("Run `python manage.py seed_demo` first: the demo trust is missing.")
        peers = {p.full_name: p for p in Peer.objects.filter(trust=trust).prefetch_related("posts")}
        if Placement.objects.filter(peer=peers["Samira Okafor"]).exists():
            self.stdout.write("Employment demo already there; nothing changed.")
            return
        User = get_user_model()
        users = {user.username: user for user in User.objects.filter(username__in=self.usernames())}
        hr, manager, peer_user = (users[name] for name in ("hr", "manager", "peer"))
        today = timezone.localdate()
        placed = {}
        for name, days, reasons, own_care, line_manager, peer_supervisor in PLACEMENTS:
            peer = peers[name]
            post = peer.posts.all()[0]
            placed[name] = services.place_peer(
                by=hr,
                peer=peer,
                post=post,
                start_date=today - datetime.timedelta(days=days),
                hours=post.hours,
                match_reasons=reasons,
                line_manager=users[line_manager],
                peer_supervisor=users[peer_supervisor],
                mentor=users[line_manager],
                own_care_team=own_care,
                care_arrangement=(
                    "Daniel's care coordination moves to the Eastgate CMHT; in a crisis, the neighbouring "
                    "trust's home treatment team."
                    if own_care
                    else ""
                ),
            )
        self.induction(placed, today)
        self.supervision(placed, today)
        self.reviews(placed, today)
        samira = peers["Samira Okafor"]
        services_supervision.save_wap(
            by=peer_user,
            peer=samira,
            approaches="A walk at lunchtime; time to write up notes after each visit; my Thursday choir.",
            workplace_triggers="Back-to-back visits without a break; being asked about my own diagnosis by colleagues.",
            early_warning_signs="I go quiet in team meetings and start working through lunch.",
            actions_if_unwell="I will tell Maya; we will lighten my caseload for a week and book an extra supervision.",
            support_from_manager="A check-in after difficult visits.",
            reasonable_adjustments="No visits before 10am.",
            review_on=today + datetime.timedelta(days=2),
        )
        services_supervision.share_wap(
            by=peer_user, plan=samira.wellness_action_plan, line_manager=True, supervisor=False, hr=False
        )
        for name, username, review_in, with_manager, with_supervisor in WAPS:
            plan = services_supervision.save_wap(
                by=users[username],
                peer=peers[name],
                approaches="Time outside between visits; a regular finish on Fridays.",
                workplace_triggers="Hearing stories close to my own without time to reflect afterwards.",
                early_warning_signs="I sleep badly and stop answering messages from colleagues.",
                actions_if_unwell="I will say so in supervision; we will agree a lighter week.",
                support_from_manager="A short check-in each week.",
                review_on=today + datetime.timedelta(days=review_in),
            )
            if with_manager or with_supervisor:
                services_supervision.share_wap(
                    by=users[username], plan=plan, line_manager=with_manager, supervisor=with_supervisor, hr=False
                )
        conversation = services_supervision.record_return_to_work(
            by=manager,
            peer=peers["Daniel Whitfield"],
            absence_from=today - datetime.timedelta(days=30),
            absence_to=today - datetime.timedelta(days=19),
            held_on=today - datetime.timedelta(days=18),
            support_agreed="A phased return over two weeks; no lone visits for the first week.",
        )
        self.absence_and_leaver(trust, peers, manager, hr, conversation, today)
        self.stdout.write(
            self.style.SUCCESS(
                "Employment demo ready: six placements, Samira's induction and Wellness Action Plan, supervision "
                "and reviews. Run `python manage.py run_reminders` to see what is due."
            )
        )

    def absence_and_leaver(self, trust, peers, manager, hr, conversation, today) -> None:
        """Daniel's two absences (the second with his return-to-work conversation; days lost worked out from the
        dates for one, entered for the other), and a leaver: Jamie Fletcher, who held the Crisis team's part-time
        peer post for a year and a half and left three months ago for nurse training, after an exit conversation
        (issue 18). Jamie's post is vacant again."""
        daniel = peers["Daniel Whitfield"]
        services_absence.record_absence(
            by=manager,
            peer=daniel,
            start_date=today - datetime.timedelta(days=72),
            end_date=today - datetime.timedelta(days=71),
            reason_category=AbsenceReason.INFECTION,
        )
        services_absence.record_absence(
            by=manager,
            peer=daniel,
            start_date=conversation.absence_from,
            end_date=conversation.absence_to,
            days_lost=Decimal("8"),
            reason_category=AbsenceReason.MENTAL_HEALTH,
            return_to_work=conversation,
        )
        jamie = Peer.objects.filter(trust=trust, full_name=LEAVER).first() or programme_services.create_peer(
            by=hr, trust=trust, full_name=LEAVER, pronouns="they/them"
        )
        post = Post.objects.filter(
            team__trust=trust, team__service_type=Team.ServiceType.CRISIS, holder__isnull=True
        ).order_by("hours", "pk")[0]
        placement = services.place_peer(
            by=hr,
            peer=jamie,
            post=post,
            start_date=today - datetime.timedelta(days=640),
            hours=post.hours,
            match_reasons="Knew the town's night shelters and the street outreach team, which the crisis team wanted "
            "links with.",
            contract_end_date=today + datetime.timedelta(days=90),
        )
        services.end_placement(
            by=hr,
            placement=placement,
            end_date=today - datetime.timedelta(days=92),
            leaving_reason=LeavingReason.PROFESSIONAL_TRAINING,
            leaving_destination="Mental health nursing degree, Northshire University",
            exit_conversation_held=True,
            exit_conversation_on=today - datetime.timedelta(days=95),
        )

    @staticmethod
    def usernames() -> set[str]:
        named = {name for *_, line_manager, peer_supervisor in PLACEMENTS for name in (line_manager, peer_supervisor)}
        return named | {username for _, username, *_ in WAPS} | {"hr", "manager", "peer"}

    def induction(self, placed, today) -> None:
        """Samira has done her first two weeks' items, the rest outstanding after week 4; the others finished
        their inductions on time. Each peer's mentor (their line manager) ticks them off."""
        for name, placement in placed.items():
            items = placement.induction.items.all()
            if name == "Samira Okafor":
                items = items.filter(week__in=[1, 2])
            for item in items:
                services.mark_item_done(item=item, by=placement.mentor, done_on=min(item.due_on, today))

    def supervision(self, placed, today) -> None:
        day = datetime.timedelta
        samira = placed["Samira Okafor"]
        manager = samira.line_manager
        # Samira's weekly managerial supervision in her first weeks, the last one 12 days ago.
        first = samira.start_date + day(days=7)
        for held in (first, first + day(days=7), first + day(days=14), today - day(days=12)):
            self.session(manager, SupervisionKind.MANAGERIAL, Format.INDIVIDUAL, held, [samira.peer])
        for name, days in LAST_MANAGERIAL.items():
            if name != "Samira Okafor":
                placement = placed[name]
                self.session(
                    placement.line_manager,
                    SupervisionKind.MANAGERIAL,
                    Format.INDIVIDUAL,
                    today - day(days=days),
                    [placement.peer],
                )
        # Group peer supervision with Alex, the senior peer: Riverside's peers five days ago, the others
        # yesterday; and next week's Riverside group planned. Alex's own peer supervision, with Grace, a
        # lived experience educator, two days ago.
        supervisor = placed["Samira Okafor"].peer_supervisor
        riverside = [placed[n].peer for n in ("Samira Okafor", "Daniel Whitfield")]
        others = [placed[n].peer for n in ("Priya Nair", "Tom Hughes", "Grace Adeyemi")]
        self.session(supervisor, SupervisionKind.PEER, Format.GROUP, today - day(days=5), riverside)
        self.session(supervisor, SupervisionKind.PEER, Format.GROUP, today - day(days=1), others)
        alex = placed["Alex Morgan"]
        self.session(alex.peer_supervisor, SupervisionKind.PEER, Format.INDIVIDUAL, today - day(days=2), [alex.peer])
        services_supervision.record_session(
            by=supervisor,
            kind=SupervisionKind.PEER,
            format=Format.GROUP,
            date=today + day(days=9),
            supervisor=supervisor,
            attendees=riverside,
            status=SupervisionSession.Status.PLANNED,
            start_time=datetime.time(14, 0),
            location="Riverside Resource Centre, room 2",
        )

    def session(self, supervisor, kind, format_, date, attendees) -> None:
        services_supervision.record_session(
            by=supervisor,
            kind=kind,
            format=format_,
            date=date,
            supervisor=supervisor,
            attendees=attendees,
            themes="How the week went; sharing your story with the people you support.",
            actions="Book the ImROC training dates.",
            notes={
                p.pk: {"wellbeing_check": "Feeling settled.", "notes": "Talked through a hard visit."}
                for p in attendees
            },
        )

    def reviews(self, placed, today) -> None:
        """Every review due more than a fortnight ago has been held by the peer's line manager, except
        Daniel's 3-month review and Priya's appraisal, which are overdue. Each adds an objective of its own."""
        overdue = {
            (placed["Daniel Whitfield"].pk, EmploymentReview.Kind.THREE_MONTH),
            (placed["Priya Nair"].pk, EmploymentReview.Kind.APPRAISAL),
        }
        while True:
            held = EmploymentReview.objects.filter(
                placement__in=placed.values(), held_on__isnull=True, due_on__lt=today - datetime.timedelta(days=14)
            ).order_by("due_on", "pk")
            to_hold = [r for r in held if (r.placement_id, r.kind) not in overdue]
            if not to_hold:
                return
            for review in to_hold:
                held_before = EmploymentReview.objects.filter(placement=review.placement, held_on__isnull=False)
                text = REVIEW_OBJECTIVES[held_before.count() % len(REVIEW_OBJECTIVES)]
                services.record_review(
                    review=review,
                    by=review.placement.line_manager,
                    held_on=review.due_on,
                    progress="Settled well into the team; co-facilitated a recovery college course.",
                    objectives=[{"text": text, "target_on": None}],
                )
