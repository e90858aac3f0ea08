"""`python manage.py seed_development_demo`: ongoing development for the demo trust, after `seed_demo`,
`seed_recruitment_demo` and `seed_workforce_demo` (which it needs: the peers in post).

Each peer in post has their career so far (Alex a peer support worker before becoming a senior); Samira is
assessed against seed 003's framework in supervision, two essential and two enhanced competencies to
develop (they become objectives of her development plan, beside her own wish); Grace, three years an educator with every
essential competency demonstrated at her appraisal, is ready to be considered for the next step; training
records, among them Tom's missing peer support training (place and train: `run_reminders` reminds him and
his line manager) and Grace's safeguarding expiring within the month; each team's establishment, two
vacancy reviews (one converted into a peer post), a new crisis cafe with peer posts and a contribution to
wider change. Everything goes through the services. Idempotent: when Samira has a progression, nothing is
changed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from development import services, services_growth, services_network, services_training
from development import services_pipeline as pipeline
from development.models import (
    CareerLevel,
    CompetencyDescriptor,
    CompetencyFramework,
    Progression,
    TrainingApplication,
    TrainingRecord,
)
from programmes.models import Peer, Programme, Team, TrainingCohort, TrainingCourse, Trust
from programmes.services import update_record
from recruitment.models import Vacancy
from workforce import services as workforce_services
from workforce.management.commands.seed_workforce_demo import REVIEW_OBJECTIVES
from workforce.models import Placement, ReviewObjective, SupervisionSession

TRUST_ODS = "ZZ1"
Category = TrainingRecord.Category
DAY = datetime.timedelta(days=1)
TRAINING_OBJECTIVE = REVIEW_OBJECTIVES[0]  # set at each peer's first review by seed_workforce_demo

# Team -> (headcount, whole-time equivalent) of its whole workforce.
ESTABLISHMENTS = {
    "Riverside Community Mental Health Team": (24, Decimal("20.5")),
    "Early Intervention in Psychosis Service": (14, Decimal("12.2")),
    "Oak Ward": (30, Decimal("27.0")),
    "Crisis Resolution and Home Treatment": (18, Decimal("16.5")),
    "Northshire Recovery College": (8, Decimal("6.4")),
}


class Command(BaseCommand):
    help = "Create the ongoing-development demo (careers, assessments, training, plans, growth) once."

    @transaction.atomic
    def handle(self, *args, **options):
        trust = Trust.objects.filter(ods_code=TRUST_ODS).first()
        if trust is None:
            raise CommandError("Run `python manage.py seed_demo` first: the demo trust is missing.")
        placements = {
            p.peer.full_name: p
            for p in Placement.objects.filter(peer__trust=trust, end_date__isnull=True).select_related(
                "peer", "post__team"
            )
        }
        if "Samira Okafor" not in placements:
            raise CommandError("Run `python manage.py seed_workforce_demo` first: the peers in post are missing.")
        if Progression.objects.filter(peer=placements["Samira Okafor"].peer).exists():
            self.stdout.write("Development demo already there; nothing changed.")
            return
        User = get_user_model()
        self.hr, self.peerlead, self.supervisor, self.manager, self.peer_user = (
            User.objects.get(username=name) for name in ("hr", "peerlead", "supervisor", "manager", "peer")
        )
        self.today = timezone.localdate()
        self.careers(placements)
        self.assessments(placements)
        self.training(placements)
        self.growth(trust)
        self.pipeline(trust)
        self.network(trust, placements)
        self.stdout.write(
            self.style.SUCCESS(
                "Development demo ready: careers, Samira's and Grace's competency assessments, training, "
                "development plans, establishments, vacancy reviews, a new service, a contribution to change, the "
                "training pipeline and three peer network meetings."
            )
        )

    def network(self, trust, placements) -> None:
        """Three monthly meetings of the trust's peer network, with peers from different teams (the peer lead
        facilitates)."""
        peers = [p.peer for _, p in sorted(placements.items())]
        themes = [
            "Sharing our stories safely: when and how much to disclose. Looking after ourselves after a hard week.",
            "Working alongside clinical colleagues: holding on to the peer role in team meetings.",
            "Wellness Action Plans: what has helped each of us stay well at work this winter.",
        ]
        for months_ago, theme in zip((3, 2, 1), themes, strict=True):
            services_network.record_network_meeting(
                by=self.peerlead,
                trust=trust,
                held_on=self.today - relativedelta(months=months_ago),
                place="Recovery College, room 2" if months_ago != 2 else "Online",
                themes=theme,
                attendees=peers[months_ago - 1 :] if months_ago > 1 else peers,
                facilitated_by=self.peerlead,
            )

    def pipeline(self, trust) -> None:
        """The train-and-place pipeline: last winter's cohort with a graduate put forward for the open vacancy, and
        the next cohort's applications: a place offered and accepted with its DBS check cleared and enrolled, one
        offered, two on the waiting list, one not offered a place (with feedback) and one awaiting interview."""
        programme = Programme.objects.filter(trust=trust).order_by("pk").first()
        course = TrainingCourse.objects.filter(trust__isnull=True).order_by("name").first()
        if programme is None or course is None:
            return
        today = self.today
        past_start = today - datetime.timedelta(days=120)
        past = TrainingCohort.objects.create(
            programme=programme,
            course=course,
            name=f"{past_start:%B %Y} train-and-place cohort",
            starts_on=past_start,
            ends_on=past_start + datetime.timedelta(days=18),
            capacity=2,
            venue="Northshire Recovery College",
        )
        graduate = pipeline.submit_training_application(
            by=self.hr,
            cohort=past,
            full_name="Jordan Reid",
            email="jordan.reid@example.org",
            statement="Peer support helped me find work again; I want to offer the same to others.",
            lived_experience="Bipolar disorder; two admissions, now well for four years.",
            applied_on=past_start - datetime.timedelta(days=45),
        )
        graduate = pipeline.record_training_interview(
            application=graduate,
            by=self.hr,
            interviewed_on=past_start - datetime.timedelta(days=30),
            outcome="suitable",
            interviewed_by=self.supervisor,
        )
        pipeline.answer_offer(
            application=graduate, by=self.hr, accepted=True, on=past_start - datetime.timedelta(days=25)
        )
        pipeline.record_training_dbs(
            application=graduate,
            by=self.hr,
            dbs_status="clear",
            dbs_returned_on=past_start - datetime.timedelta(days=10),
        )
        graduate = pipeline.confirm_place(application=graduate, by=self.hr)
        update_record(
            graduate.enrolment,
            by=self.hr,
            status="completed",
            assessment_result="passed",
            placement_days=4,
            graduated_on=past.ends_on,
        )
        vacancy = Vacancy.objects.filter(post__team__trust=trust, status=Vacancy.Status.OPEN).order_by("pk").first()
        if vacancy is not None:
            pipeline.put_graduate_forward(
                training_application=TrainingApplication.objects.get(pk=graduate.pk), vacancy=vacancy, by=self.peerlead
            )

        start = today + datetime.timedelta(days=30)
        cohort = TrainingCohort.objects.create(
            programme=programme,
            course=course,
            name=f"{start:%B %Y} cohort (applications open)",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=18),
            capacity=2,
            venue="Northshire Recovery College",
        )
        people = [
            ("Priya Shah", "suitable", "My own recovery taught me how much being listened to matters."),
            ("Owen Price", "suitable", "I run a hearing voices group as a volunteer and want to do more."),
            ("Lena Novak", "suitable", "I want to turn what I learned in hospital into something useful."),
            ("Tariq Aziz", "suitable", "I would like to support young people the way I was supported."),
            ("Megan Hill", "not_selected", "I want to help people."),
            ("Rosa Diaz", "", "Peer support gave me hope; I would like to give it back."),
        ]
        made = []
        for i, (name, outcome, statement) in enumerate(people):
            application = pipeline.submit_training_application(
                by=self.hr,
                cohort=cohort,
                full_name=name,
                email=f"{name.split()[0].lower()}.{name.split()[1].lower()}@example.org",
                statement=statement,
                lived_experience="Shared at interview." if i % 2 else "",
                applied_on=today - datetime.timedelta(days=20 - i),
            )
            if outcome:
                application = pipeline.record_training_interview(
                    application=application,
                    by=self.hr,
                    interviewed_on=today - datetime.timedelta(days=7),
                    outcome=outcome,
                    interviewed_by=self.supervisor,
                    feedback="Thank you for coming; we talked through a recovery college course to build "
                    "confidence first, and would welcome an application to a later cohort."
                    if outcome == "not_selected"
                    else "",
                )
            made.append(application)
        pipeline.answer_offer(application=made[0], by=self.hr, accepted=True)
        pipeline.record_training_dbs(application=made[0], by=self.hr, dbs_status="clear", dbs_returned_on=today)
        pipeline.confirm_place(application=made[0], by=self.hr)

    def careers(self, placements) -> None:
        levels = {level.code: level for level in CareerLevel.objects.all()}
        alex = placements["Alex Morgan"]
        services.record_progression(
            by=self.hr,
            peer=alex.peer,
            level=levels["psw"],
            started_on=alex.start_date - datetime.timedelta(days=900),
            notes="Peer support worker in the Riverside team before the senior post.",
        )
        for placement in placements.values():
            services.record_progression(
                by=self.hr, peer=placement.peer, level=None, post=placement.post, started_on=placement.start_date
            )

    def assessments(self, placements) -> None:
        framework = CompetencyFramework.objects.get(trust__isnull=True, is_active=True)
        descriptors = list(CompetencyDescriptor.objects.filter(domain__framework=framework).select_related("domain"))
        samira = placements["Samira Okafor"]
        session = (
            SupervisionSession.objects.filter(attendances__peer=samira.peer, kind="peer", status="held")
            .order_by("-date")
            .first()
        )
        essential = sorted(d.pk for d in descriptors if d.level == "essential")
        enhanced = sorted(d.pk for d in descriptors if d.level == "enhanced")
        to_develop = set(essential[-2:])  # her last two essential descriptors (Learning together)
        developing = set(enhanced[:2])  # two enhanced ones she is working on; the rest not expected yet
        services.record_assessment(
            by=self.supervisor,
            peer=samira.peer,
            framework=framework,
            assessed_on=session.date if session else self.today,
            context="supervision",
            supervision_session=session,
            summary="Warm and clear with the people she supports; brings her own story in well-judged ways.",
            ratings=[
                {"descriptor": d, "status": "not_yet", "evidence": "", "target_on": self.today + 90 * DAY}
                if d.pk in to_develop
                else {"descriptor": d, "status": "developing", "evidence": "", "target_on": self.today + 180 * DAY}
                if d.pk in developing
                else {"descriptor": d, "status": "not_yet", "evidence": "", "target_on": None}
                if d.level == "enhanced"
                else {"descriptor": d, "status": "demonstrated", "evidence": "Seen in her first weeks."}
                for d in descriptors
            ],
        )
        grace = placements["Grace Adeyemi"]
        services.record_assessment(
            by=self.supervisor,
            peer=grace.peer,
            framework=framework,
            assessed_on=self.today - 30 * DAY,
            context="appraisal",
            summary="Designs and co-delivers recovery college courses; mentors new peer trainers.",
            ratings=[
                {"descriptor": d, "status": "demonstrated", "evidence": "Shown throughout the year (appraisal)."}
                for d in descriptors
            ],
        )
        services_training.add_development_objective(
            by=self.peer_user,
            peer=samira.peer,
            text="Co-deliver a recovery college course on sharing your story.",
            target_on=self.today + 180 * DAY,
        )

    def training(self, placements) -> None:
        def record(name, category, title, **fields):
            services_training.record_training(
                by=self.hr, peer=placements[name].peer, category=category, title=title, **fields
            )

        for name, placement in placements.items():
            record(
                name,
                Category.MANDATORY,
                "Safeguarding adults level 2",
                provider="MyESR",
                completed_on=placement.start_date + 10 * DAY,
                expires_on=(self.today + 20 * DAY) if name == "Grace Adeyemi" else placement.start_date + 1095 * DAY,
            )
        record("Samira Okafor", Category.PEER_SUPPORT, "Peer support worker training", started_on=self.today - 14 * DAY)
        for name in ("Daniel Whitfield", "Alex Morgan", "Priya Nair", "Grace Adeyemi"):
            start = placements[name].start_date
            record(
                name,
                Category.IMROC,
                "ImROC peer support training",
                provider="ImROC",
                started_on=start + 30 * DAY,
                completed_on=start + 60 * DAY,
            )
            # The objective their first review set is done: the plan says so, as the training record does.
            for objective in ReviewObjective.objects.filter(
                review__placement=placements[name], text=TRAINING_OBJECTIVE, status=ReviewObjective.Status.OPEN
            ):
                workforce_services.set_objective_status(
                    objective=objective, by=self.hr, status=ReviewObjective.Status.ACHIEVED
                )
        record(
            "Alex Morgan",
            Category.LEADERSHIP,
            "Leading with lived experience",
            provider="NHS Leadership Academy",
            completed_on=self.today - 200 * DAY,
        )
        # Tom Hughes has no peer support training yet, more than five months after starting.

    def growth(self, trust) -> None:
        programme = Programme.objects.filter(trust=trust).order_by("start_date", "pk").first()
        teams = {t.name: t for t in Team.objects.filter(trust=trust)}
        for name, (headcount, wte) in ESTABLISHMENTS.items():
            services_growth.record_establishment(
                by=self.peerlead,
                team=teams[name],
                as_of=self.today - 30 * DAY,
                headcount=headcount,
                whole_time_equivalent=wte,
            )
        services_growth.record_vacancy_review(
            by=self.peerlead,
            programme=programme,
            team=teams["Crisis Resolution and Home Treatment"],
            vacancy="Support Time Recovery Worker",
            band=3,
            hours=Decimal("37.5"),
            considered_on=self.today - 20 * DAY,
            decision="convert",
            reason="The team has one part-time peer worker; a second post gives them a colleague, as the guide "
            "advises (at least two per team).",
            create_post=True,
            post_title="Peer Support Worker",
        )
        services_growth.record_vacancy_review(
            by=self.peerlead,
            programme=programme,
            team=teams["Oak Ward"],
            vacancy="Healthcare Assistant (nights)",
            band=3,
            hours=Decimal("37.5"),
            considered_on=self.today - 10 * DAY,
            decision="keep",
            reason="Night cover needs a registered role's duties; the ward will consider its next day vacancy.",
        )
        services_growth.record_new_service(
            by=self.peerlead,
            programme=programme,
            name="Northshire Crisis Cafe",
            starts_on=self.today + 40 * DAY,
            includes_peer_posts=True,
            peer_posts=2,
            notes="Evening crisis alternative run with a local charity.",
        )
        services_growth.record_contribution(
            by=self.peerlead,
            programme=programme,
            kind="risk_documentation",
            title="Risk assessment form reviewed for recovery-focused language",
            description="Two peer workers reviewed the trust's risk assessment form with the patient safety team; "
            "six deficit-based phrases were replaced.",
            happened_on=self.today - 45 * DAY,
            peers=Peer.objects.filter(trust=trust, full_name__in=["Samira Okafor", "Alex Morgan"]),
            evidence_link="https://intranet.example.nhs.uk/patient-safety/risk-form-v4",
        )
