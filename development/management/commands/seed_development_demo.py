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

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from development import services, services_growth, services_training
from development.models import CareerLevel, CompetencyDescriptor, CompetencyFramework, Progression, TrainingRecord
from programmes.models import Peer, Programme, Team, Trust
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
        self.stdout.write(
            self.style.SUCCESS(
                "Development demo ready: careers, Samira's and Grace's competency assessments, training, "
                "development plans, establishments, vacancy reviews, a new service and a contribution to change."
            )
        )

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
