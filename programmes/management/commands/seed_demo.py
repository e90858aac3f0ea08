"""`python manage.py seed_demo`: a demo trust with a programme, teams, posts, peers and one sign-in
per role. Idempotent: running it again changes nothing but the demo passwords (reset to the one printed).

The demo follows the ImROC guide: each team with peers has its own line manager; peer supervision comes from
the senior peer support worker (who is a peer with a sign-in of their own); teams are prepared and trained in
recovery-focused practice before peers are placed, except Oak Ward, left unprepared on purpose so that its
placement shows the warning; a training cohort of 2025 completed and graduated beside the current one.
tests/test_demo_story.py checks these.
"""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from programmes import services
from programmes.models import (
    CodeOfConductAcknowledgement,
    CostItem,
    JobDescription,
    OwnCareTeamArrangement,
    Peer,
    Post,
    Programme,
    ProjectAction,
    StaffRole,
    SteeringGroupMember,
    Team,
    TeamPreparationSession,
    TrainingCohort,
    TrainingCourse,
    Trust,
)
from programmes.reference_data import load_reference_data

DEFAULT_PASSWORD = "peer-support-demo"  # noqa: S105 - a demo password, printed for the person trying it out

TRUST = ("Northshire Health and Care NHS Foundation Trust", "ZZ1")
OTHER_TRUST = ("Westvale Mental Health NHS Trust", "ZZ2")

TEAMS = [
    ("Riverside Community Mental Health Team", Team.ServiceType.CMHT, True),
    ("Early Intervention in Psychosis Service", Team.ServiceType.EIP, True),
    ("Oak Ward", Team.ServiceType.INPATIENT, False),  # left unprepared on purpose: its placement warns
    ("Crisis Resolution and Home Treatment", Team.ServiceType.CRISIS, False),
    ("Northshire Recovery College", Team.ServiceType.RECOVERY_COLLEGE, True),
]

# (title, team index, band, hours, career level, holder index or None)
POSTS = [
    ("Peer Support Worker", 0, 3, Decimal("37.5"), Post.CareerLevel.PEER_SUPPORT_WORKER, 0),
    ("Peer Support Worker", 0, 3, Decimal("22.5"), Post.CareerLevel.PEER_SUPPORT_WORKER, 1),
    ("Senior Peer Support Worker", 0, 4, Decimal("37.5"), Post.CareerLevel.SENIOR_PEER_SUPPORT_WORKER, 2),
    ("Peer Integrated Care Lead", 1, 3, Decimal("30"), Post.CareerLevel.PEER_SUPPORT_WORKER, 3),
    ("Peer Support Worker", 1, 3, Decimal("37.5"), Post.CareerLevel.PEER_SUPPORT_WORKER, None),
    ("Peer Support Worker", 2, 2, Decimal("37.5"), Post.CareerLevel.PEER_SUPPORT_WORKER, 4),
    ("Peer Support Worker", 3, 3, Decimal("18.75"), Post.CareerLevel.PEER_SUPPORT_WORKER, None),
    ("Lived Experience Educator", 4, 5, Decimal("37.5"), Post.CareerLevel.EDUCATOR, 5),
    ("Advanced Lived Experience Practitioner", 4, 6, Decimal("37.5"), Post.CareerLevel.ADVANCED_PRACTITIONER, None),
]

PEERS = [
    (
        "Samira Okafor",
        "Sam",
        "she/her",
        "I have lived with depression since my twenties and found recovery through peer groups.",
    ),
    ("Daniel Whitfield", "", "he/him", ""),
    ("Alex Morgan", "", "they/them", "Experience of psychosis and of an early intervention service."),
    ("Priya Nair", "", "she/her", ""),
    ("Tom Hughes", "Tommy", "he/him", ""),
    ("Grace Adeyemi", "", "she/her", "Bipolar disorder; a recovery college student before becoming an educator."),
    ("Chris Bell", "", "he/him", ""),  # a contact from an orientation session, not yet in post
    ("Lena Kowalski", "", "she/her", ""),
]

# (username, first name, last name, role, team index or None for trust-wide, peer index or None). A peer
# index links the sign-in to that peer: the peer supervisors are peer workers themselves (ImROC guide: peer
# supervision from a senior peer, with a lived-experience lens).
STAFF = [
    ("hr", "Hannah", "Reid", StaffRole.Role.HR, None, None),
    ("peerlead", "Leon", "Carter", StaffRole.Role.PEER_LEAD, None, None),
    ("manager", "Maya", "Singh", StaffRole.Role.LINE_MANAGER, 0, None),
    ("eipmanager", "Nadia", "Brooks", StaffRole.Role.LINE_MANAGER, 1, None),
    ("wardmanager", "Gareth", "Lloyd", StaffRole.Role.LINE_MANAGER, 2, None),
    ("collegemanager", "Fiona", "Walsh", StaffRole.Role.LINE_MANAGER, 4, None),
    ("supervisor", "Alex", "Morgan", StaffRole.Role.SUPERVISOR, 0, 2),  # the senior peer support worker
    ("educator", "Grace", "Adeyemi", StaffRole.Role.SUPERVISOR, 4, 5),  # the senior peer's own peer supervisor
    ("panel", "Patricia", "Osei", StaffRole.Role.PANEL_MEMBER, None, None),
]
# Each team's line manager (who also mentors the peers they manage): username by team index.
LINE_MANAGERS = {0: "manager", 1: "eipmanager", 2: "wardmanager", 4: "collegemanager"}
# Peers in post with a sign-in of their own, beyond those above: (username, peer index).
PEER_ACCOUNTS = [("peer", 0), ("daniel", 1), ("priya", 3)]


class Command(BaseCommand):
    help = "Create (or refresh) the demo trust, programme, teams, posts, peers and one user per role."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", DEFAULT_PASSWORD))

    @transaction.atomic
    def handle(self, *args, password: str, **options):
        User = get_user_model()

        def account(username, first, last, **extra):
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org", **extra},
            )
            user.set_password(password)
            user.save()
            return user

        trust = Trust.objects.filter(ods_code=TRUST[1]).first() or services.create_trust(
            by=None, name=TRUST[0], ods_code=TRUST[1]
        )
        other = Trust.objects.filter(ods_code=OTHER_TRUST[1]).first() or services.create_trust(
            by=None, name=OTHER_TRUST[0], ods_code=OTHER_TRUST[1]
        )
        teams = [
            Team.objects.filter(trust=trust, name=name).first()
            or services.create_team(by=None, trust=trust, name=name, service_type=kind, recovery_training_done=done)
            for name, kind, done in TEAMS
        ]
        other_team = Team.objects.filter(trust=other, name="Westvale CMHT").first() or services.create_team(
            by=None, trust=other, name="Westvale CMHT", service_type=Team.ServiceType.CMHT
        )
        peers = [
            Peer.objects.filter(trust=trust, full_name=name).first()
            or services.create_peer(
                by=None,
                trust=trust,
                full_name=name,
                preferred_name=preferred,
                pronouns=pronouns,
                lived_experience_summary=story,
                email=f"{name.split()[0].lower()}@example.org",
            )
            for name, preferred, pronouns, story in PEERS
        ]
        for title, team_i, band, hours, level, holder_i in POSTS:
            holder = peers[holder_i] if holder_i is not None else None
            exists = Post.objects.filter(team=teams[team_i], title=title, band=band, holder=holder, hours=hours)
            if not exists.exists():
                services.create_post(
                    by=None, team=teams[team_i], title=title, band=band, hours=hours, career_level=level, holder=holder
                )
        if not Post.objects.filter(team=other_team).exists():
            services.create_post(by=None, team=other_team, title="Peer Support Worker", band=3, hours=Decimal("37.5"))

        staff = {}
        for username, first, last, role, team_i, peer_i in STAFF:
            user = account(username, first, last)
            team = teams[team_i] if team_i is not None else None
            services.grant_staff_role(by=None, user=user, trust=trust, role=role, team=team)
            staff[username] = user
            if peer_i is not None and peers[peer_i].user_id != user.pk:
                services.update_peer(peer=peers[peer_i], by=None, user=user)
        other_hr = account("westvale_hr", "Wendy", "Hale")
        services.grant_staff_role(by=None, user=other_hr, trust=other, role=StaffRole.Role.HR)
        for username, peer_i in PEER_ACCOUNTS:
            first, last = peers[peer_i].full_name.split(" ", 1)
            peer_user = account(username, first, last)
            if peers[peer_i].user_id != peer_user.pk:
                services.update_peer(peer=peers[peer_i], by=None, user=peer_user)
        account("admin", "Ada", "Administrator", is_staff=True, is_superuser=True)

        if not Programme.objects.filter(trust=trust).exists():
            programme = Programme(
                trust=trust,
                name="Northshire Peer Support Programme",
                training_model=Programme.TrainingModel.PLACE_AND_TRAIN,
                target_peer_share=Decimal("20"),
                start_date=datetime.date(2024, 4, 1),
                lead=staff["peerlead"],
            )
            programme.full_clean()
            programme.save()
        if not OwnCareTeamArrangement.objects.filter(peer=peers[1]).exists():
            services.record_own_care_team(
                by=None,
                peer=peers[1],
                team=teams[0],
                line_manager=staff["manager"],
                supervisor=staff["supervisor"],
                care_arrangement="Daniel's care coordination moves to the Eastgate CMHT; in a crisis, "
                "the neighbouring trust's home treatment team.",
            )

        self.seed_preparation(trust, teams, peers, staff)

        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Sign in at http://127.0.0.1:8000/ with password: {password}")
        rows = [
            ("hr", "HR officer, whole trust"),
            ("peerlead", "Peer support lead, whole trust"),
            ("manager", "Line manager, Riverside CMHT (Maya Singh)"),
            ("eipmanager", "Line manager, Early Intervention in Psychosis Service (Nadia Brooks)"),
            ("wardmanager", "Line manager, Oak Ward (Gareth Lloyd)"),
            ("collegemanager", "Line manager, Northshire Recovery College (Fiona Walsh)"),
            ("supervisor", "Senior peer support worker and peer supervisor (Alex Morgan)"),
            ("educator", "Lived experience educator, the senior peer's peer supervisor (Grace Adeyemi)"),
            ("panel", "Interview panel member"),
            ("peer", "Peer worker (Samira Okafor), own records"),
            ("daniel", "Peer worker (Daniel Whitfield), own records"),
            ("priya", "Peer worker (Priya Nair), own records"),
            ("westvale_hr", "HR officer at another trust"),
            ("admin", "Administrator (Django admin)"),
        ]
        for username, what in rows:
            self.stdout.write(f"  {username:<15} {what}")

    def seed_preparation(self, trust, teams, peers, staff) -> None:
        """Phase 1 for the demo programme: readiness plan, a team preparation session, a post's job
        description, a training cohort and a code of conduct acknowledgement."""
        load_reference_data()
        hr = staff["hr"]
        programme = Programme.objects.get(trust=trust)
        if not programme.why_employ_peers:
            services.update_record(
                programme,
                by=hr,
                why_employ_peers="People who use our services asked for workers who have been there too; "
                "peer workers bring hope that recovery is possible.",
                difference_hoped_for="More people with a recovery plan of their own, fewer readmissions, "
                "and teams whose language and practice are recovery-focused.",
            )
        members = [
            ("Ruth Adams", "Head of workforce", SteeringGroupMember.Represents.HR),
            ("Dr Imran Shah", "Lead occupational health physician", SteeringGroupMember.Represents.OCCUPATIONAL_HEALTH),
            ("Gail Porter", "Finance business partner", SteeringGroupMember.Represents.FINANCE),
            ("Kemi Ade", "Expert by experience", SteeringGroupMember.Represents.SERVICE_USERS_AND_CARERS),
        ]
        for name, title, represents in members:
            if not SteeringGroupMember.objects.filter(programme=programme, name=name).exists():
                services.create_record(
                    SteeringGroupMember, by=hr, programme=programme, name=name, job_title=title, represents=represents
                )
        actions = [
            (
                "Agree the peer support worker job description with staff side",
                "Ruth Adams",
                datetime.date(2024, 6, 1),
                "done",
            ),
            (
                "Set up peer supervision with the recovery college",
                "Leon Carter",
                datetime.date(2024, 9, 1),
                "in_progress",
            ),
            (
                "Brief the communications team on the first adverts",
                "Leon Carter",
                datetime.date(2025, 1, 15),
                "not_started",
            ),
        ]
        for action, owner, due, status in actions:
            if not ProjectAction.objects.filter(programme=programme, action=action).exists():
                services.create_record(
                    ProjectAction, by=hr, programme=programme, action=action, owner=owner, due_date=due, status=status
                )
        costs = [
            ("salary", "Six Band 3 peer support workers, with on-costs", Decimal("182400")),
            ("training", "Peer support worker training, one cohort of twelve", Decimal("14000")),
            ("peer_supervision", "External peer supervision, monthly", Decimal("6000")),
            ("travel", "Community visits", Decimal("3500")),
        ]
        for category, description, amount in costs:
            if not CostItem.objects.filter(programme=programme, description=description).exists():
                services.create_record(
                    CostItem, by=hr, programme=programme, category=category, description=description, amount=amount
                )
        riverside = teams[0]
        self.prepare_teams(teams, hr)
        first_post = Post.objects.filter(team=riverside, holder=peers[0]).first()
        template = JobDescription.objects.filter(template_name__startswith="Peer Support Worker (Band 2)").first()
        if first_post and template and not JobDescription.objects.filter(post=first_post).exists():
            services.create_job_description_from_template(post=first_post, template=template, by=hr)
        self.cohorts(programme, peers, hr)
        if not CodeOfConductAcknowledgement.objects.filter(peer=peers[0]).exists():
            services.acknowledge_code_of_conduct(peer=peers[0], by=hr, acknowledged_on=datetime.date(2024, 7, 1))

    def prepare_teams(self, teams, hr) -> None:
        """A team preparation session covering the whole agenda (ImROC guide, "Preparing the team") for each
        team that will have peers, held before its first peer starts (the workforce demo's start dates, days
        before today), its follow-up actions done. Oak Ward is left unprepared on purpose; the crisis team
        has no peer in post yet."""
        from programmes.models import ReferenceItem

        today = timezone.localdate()
        agenda = ReferenceItem.objects.filter(kind=ReferenceItem.Kind.TEAM_PREPARATION_AGENDA)
        sessions = [
            (
                teams[0],
                datetime.date(2024, 5, 14),
                "Maya Singh, team leader\nSean Doyle, senior practitioner\nDr Anna Webb, consultant psychiatrist",
                ("Share the myths and answers with the night team", "Maya Singh"),
            ),
            (
                teams[1],
                today - datetime.timedelta(days=420),
                "Nadia Brooks, team leader\nDr Ravi Patel, consultant psychiatrist\nJo Marsh, care coordinator",
                ("Agree how the peer worker joins the weekly team meeting", "Nadia Brooks"),
            ),
            (
                teams[4],
                today - datetime.timedelta(days=1130),
                "Fiona Walsh, college manager\nThe college's course tutors",
                ("Add peer trainers to the course co-production group", "Fiona Walsh"),
            ),
        ]
        for team, held_on, attendees, (action, owner) in sessions:
            if not team.recovery_training_done:
                services.update_team(team=team, by=hr, recovery_training_done=True)
            if TeamPreparationSession.objects.filter(team=team).exists():
                continue
            services.record_team_preparation_session(
                by=hr,
                team=team,
                held_on=held_on,
                facilitator="Leon Carter, peer support lead",
                attendees=attendees,
                coverage={item.pk: (True, "") for item in agenda},
                actions=[{"action": action, "owner": owner, "done": True}],
            )

    def cohorts(self, programme, peers, hr) -> None:
        """The spring 2025 cohort, completed: its trainee passed and graduated. The current cohort, started
        a fortnight ago: Samira (placed and now trained), and the recruitment demo's two new starters."""
        course = TrainingCourse.objects.filter(trust__isnull=True).order_by("name").first()
        if course is None or TrainingCohort.objects.filter(programme=programme).exists():
            return
        done = services.create_record(
            TrainingCohort,
            by=hr,
            programme=programme,
            course=course,
            name="Spring 2025 cohort",
            starts_on=datetime.date(2025, 3, 3),
            ends_on=datetime.date(2025, 3, 21),
            capacity=12,
            venue="Northshire Recovery College",
        )
        services.enrol_peer(
            cohort=done,
            peer=peers[2],  # Alex Morgan, placed the autumn before: place and train
            by=hr,
            status="completed",
            placement_days=10,
            assessment_result="passed",
            assessment_notes="Portfolio and observed practice passed first time.",
            graduated_on=datetime.date(2025, 4, 4),
        )
        starts = timezone.localdate() - datetime.timedelta(days=14)
        current = services.create_record(
            TrainingCohort,
            by=hr,
            programme=programme,
            course=course,
            name=f"{starts:%B %Y} cohort",
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=42),
            capacity=12,
            venue="Northshire Recovery College",
        )
        services.enrol_peer(cohort=current, peer=peers[0], by=hr, placement_days=5)
        services.enrol_peer(cohort=current, peer=peers[6], by=hr)
        services.enrol_peer(cohort=current, peer=peers[7], by=hr)
