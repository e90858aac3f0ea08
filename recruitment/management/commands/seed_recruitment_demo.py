"""`python manage.py seed_recruitment_demo`: recruitment for the demo trust of `seed_demo` (run that
first): two vacancies, orientation sessions with bookings, applications at every stage (one appointed
and ready to start, one not shortlisted with a support record), occupational health and DBS records
including a disclosure with the panel's decision, and the demo "panel" user on the interview panels.
Everything goes through the services; then each move's time is set to the day it happened, so the moves
spread over the weeks a recruitment takes (the funnel's days between stages are real) and the feedback to an
unsuccessful candidate comes after the decision. Idempotent: when the demo vacancy exists, nothing is changed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from programmes import services as programme_services
from programmes.models import JobDescription, Peer, Post, Programme, Team, Trust
from recruitment import selectors, services
from recruitment.models import Application, InterviewDimension, StageTransition, Vacancy

Stage = Application.Stage

TRUST_ODS = "ZZ1"  # seed_demo's Northshire trust
REFERENCE = "NS-PSW-DEMO-01"
FILLED_REFERENCE = "NS-EIP-DEMO-02"
RIVERSIDE = "Riverside Community Mental Health Team"
EIP = "Early Intervention in Psychosis Service"

# (full name, pronouns) of applicants not yet known to the trust.
NEW_PEERS = [
    ("Jordan Ellis", "they/them"),
    ("Ruth Okoye", "she/her"),
    ("Ben Adler", "he/him"),
    ("Mia Thompson", "she/her"),
    ("Sophie Grant", "she/her"),
    ("Owen Price", "he/him"),
]


class Command(BaseCommand):
    help = "Create the recruitment demo (vacancies, orientation, applications, OH, DBS, support) once."

    @transaction.atomic
    def handle(self, *args, **options):
        trust = Trust.objects.filter(ods_code=TRUST_ODS).first()
        if trust is None:
            raise CommandError("Run `python manage.py seed_demo` first: the demo trust is missing.")
        if Vacancy.objects.filter(reference=REFERENCE).exists():
            self.stdout.write("Recruitment demo already there; nothing changed.")
            return
        User = get_user_model()
        self.hr = User.objects.get(username="hr")
        self.panel = User.objects.get(username="panel")
        self.today = timezone.localdate()
        now = timezone.now()
        peers = {p.full_name: p for p in Peer.objects.filter(trust=trust)}
        for name, pronouns in NEW_PEERS:
            if name not in peers:
                peers[name] = programme_services.create_peer(
                    by=self.hr,
                    trust=trust,
                    full_name=name,
                    pronouns=pronouns,
                    email=f"{name.split()[0].lower()}@example.org",
                )

        riverside = Team.objects.get(trust=trust, name=RIVERSIDE)
        eip = Team.objects.get(trust=trust, name=EIP)
        # A vacant Band 2 post in the demo line manager's team, so the manager sees its recruitment too.
        riverside_post = Post.objects.filter(team=riverside, holder__isnull=True, band=2).first()
        if riverside_post is None:
            riverside_post = programme_services.create_post(
                by=self.hr, team=riverside, title="Peer Support Worker", band=2, hours=Decimal("30")
            )
        eip_post = Post.objects.filter(team=eip, holder__isnull=True).order_by("pk").first()
        if eip_post is None:
            eip_post = programme_services.create_post(
                by=self.hr, team=eip, title="Peer Support Worker", band=3, hours=Decimal("37.5")
            )
        for post in (riverside_post, eip_post):
            self.give_job_description(post)

        vacancy = self.vacancy(riverside_post, REFERENCE, opens=-30, closes=14, status=Vacancy.Status.OPEN)
        filled = self.vacancy(eip_post, FILLED_REFERENCE, opens=-90, closes=-60, status=Vacancy.Status.CLOSED)

        programme = Programme.objects.get(trust=trust)
        past = services.create_orientation_session(
            by=self.hr,
            programme=programme,
            vacancies=[vacancy, filled],
            starts_at=now - datetime.timedelta(days=100),
            place="Northshire Recovery College, Room 2",
            capacity=15,
            covered_training=True,
            covered_application_form=True,
            covered_dbs_process=True,
            covered_posts_available=True,
            covered_benefits_advice=True,
        )
        for name in ("Chris Bell", "Lena Kowalski", "Jordan Ellis", "Ben Adler", "Sophie Grant"):
            services.book_orientation_place(
                session=past, peer=peers[name], by=self.hr, booked_on=self.today - datetime.timedelta(days=107)
            )
        services.record_attendance(
            session=past,
            attended={b.pk: b.peer.full_name != "Ben Adler" for b in past.bookings.select_related("peer")},
            by=self.hr,
        )
        upcoming = services.create_orientation_session(
            by=self.hr,
            programme=programme,
            vacancies=[vacancy],
            starts_at=now + datetime.timedelta(days=10),
            place="Riverside Resource Centre",
            capacity=12,
            covered_application_form=True,
            covered_dbs_process=True,
            covered_benefits_advice=True,
        )
        for name in ("Mia Thompson", "Owen Price"):
            services.book_orientation_place(session=upcoming, peer=peers[name], by=self.hr)
        services.record_benefits_advice(
            peer=peers["Lena Kowalski"],
            session=past,
            by=self.hr,
            given_on=self.today - datetime.timedelta(days=100),
            given_by="Northshire Citizens Advice, welfare rights adviser",
            signposting_given=True,
            better_off_calculation_done=True,
        )

        # The filled vacancy: Chris Bell appointed after a DBS disclosure and the panel's decision.
        filled_interview = self.interview(filled, now - datetime.timedelta(days=55))
        chris = self.apply(filled, peers["Chris Bell"], support_with_form_requested=True)
        sophie = self.apply(filled, peers["Sophie Grant"], support_on_the_day_requested=True)
        for application in (chris, sophie):
            self.to_interviewed(application, filled_interview, shortlisted=58, interviewed=55)
        self.score(chris, 3)
        self.score(sophie, 2)
        self.move(chris, Stage.CONDITIONAL_OFFER, days_ago=52)
        services.record_interview_outcome(
            application=sophie,
            by=self.hr,
            presentation_notes="A clear recovery story; less sure how she would use it with people she supports.",
            feedback="Strong listening in the group task. Practise describing how you would share your story "
            "purposefully.",
        )
        self.move(sophie, Stage.NOT_APPOINTED, days_ago=52)
        services.update_candidate_support(
            support=sophie.support,
            by=self.hr,
            feedback_offered=True,
            feedback_given_on=self.today - datetime.timedelta(days=40),
            meeting_offered=True,
            meeting_held_on=self.today - datetime.timedelta(days=40),
            alternative_route="recovery_college",
            route_details="Sharing your story safely, Northshire Recovery College, spring term.",
            follow_up_on=self.today + datetime.timedelta(days=30),
        )
        services.save_occupational_health(
            application=chris,
            by=self.hr,
            referred_on=self.today - datetime.timedelta(days=50),
            outcome="fit_with_adjustments",
            outcome_on=self.today - datetime.timedelta(days=42),
            adjusted_hours="No starts before 10am for the first three months (medication side-effects).",
            debriefs="A ten-minute debrief with the shift lead at the end of each shift.",
        )
        self.move(chris, Stage.OH_CLEARED, days_ago=42)
        services.save_dbs_check(
            application=chris,
            by=self.hr,
            level="enhanced",
            status="disclosure",
            support_with_form=True,
            submitted_on=self.today - datetime.timedelta(days=50),
            returned_on=self.today - datetime.timedelta(days=35),
            seriousness="A caution for criminal damage; no harm to any person.",
            how_long_ago="Eleven years ago.",
            relevance_to_role="Not relevant to supporting people one to one.",
            link_to_ill_health="During a period of acute mental ill-health, before treatment.",
            safeguards="Discussed at the first supervision; no lone working in the first month.",
            panel="Patricia Osei, peer worker\nHannah Reid, HR\nLeon Carter, peer support lead",
            panel_includes_peer_worker=True,
            decision="proceed_with_safeguards",
            decided_on=self.today - datetime.timedelta(days=30),
            rationale="The offence is old, linked to a period of illness and not relevant to the role.",
        )
        self.move(chris, Stage.DBS_CLEARED, days_ago=30)
        self.move(chris, Stage.APPOINTED, days_ago=28)

        # The open vacancy: one applicant at each stage of the pipeline.
        interview = self.interview(vacancy, now - datetime.timedelta(days=2))
        lena = self.apply(vacancy, peers["Lena Kowalski"], support_with_interview_planning_requested=True)
        jordan = self.apply(vacancy, peers["Jordan Ellis"], disability_declared=True)
        ruth = self.apply(vacancy, peers["Ruth Okoye"])
        ben = self.apply(vacancy, peers["Ben Adler"])
        self.apply(vacancy, peers["Mia Thompson"], support_with_form_requested=True)
        for application in (lena, jordan):
            self.to_interviewed(application, interview, shortlisted=9, interviewed=2)
        self.score(lena, 4)
        self.score(jordan, 3)
        self.move(lena, Stage.CONDITIONAL_OFFER, days_ago=1)
        services.save_occupational_health(
            application=lena, by=self.hr, referred_on=self.today, other_adjustments="To be discussed."
        )
        services.save_dbs_check(
            application=lena, by=self.hr, status="submitted", support_with_form=True, submitted_on=self.today
        )
        self.mark(ruth, met=True)
        self.move(ruth, Stage.SHORTLISTED, days_ago=9)
        self.mark(ben, met=False)
        self.move(ben, Stage.NOT_SHORTLISTED, days_ago=9, note="Did not show lived experience.")
        services.update_candidate_support(
            support=ben.support,
            by=self.hr,
            feedback_offered=True,
            alternative_route="peer_volunteering",
            follow_up_on=self.today + datetime.timedelta(days=14),
        )
        self.stdout.write(self.style.SUCCESS("Recruitment demo ready."))

    # --- Steps --------------------------------------------------------------------------------

    def give_job_description(self, post: Post) -> None:
        if JobDescription.objects.filter(post=post).exists():
            return
        template = JobDescription.objects.filter(template_name__startswith="Peer Support Worker (Band 2)").first()
        if template is not None:
            programme_services.create_job_description_from_template(post=post, template=template, by=self.hr)

    def vacancy(self, post: Post, reference: str, *, opens: int, closes: int, status: str) -> Vacancy:
        fields = services.vacancy_defaults_from_post(post)
        fields.update(
            reference=reference,
            about_the_trust="Northshire Health and Care provides community and inpatient mental health services.",
            key_details="Offer one-to-one and group peer support; weekly peer supervision; the full peer "
            "support worker training course.",
            informal_contact_name="Leon Carter, peer support lead",
            informal_contact_details="leon.carter@example.org",
            where_advertised="NHS Jobs\nThe trust's website\nNorthshire Recovery College\nLocal user groups",
            advertised_to_user_groups=True,
            opens_on=self.today + datetime.timedelta(days=opens),
            closes_on=self.today + datetime.timedelta(days=closes),
            status=status,
        )
        if not fields["introduction"]:
            fields["introduction"] = "Use your own experience of mental health problems to help others in recovery."
        return services.create_vacancy(by=self.hr, post=post, **fields)

    def interview(self, vacancy: Vacancy, starts_at):
        return services.create_interview(
            by=self.hr,
            vacancy=vacancy,
            kind="group",
            starts_at=starts_at,
            place="Riverside Resource Centre",
            panel=[
                {"user": self.panel, "role_on_panel": "Peer worker", "is_peer_worker": True},
                {"user": self.hr, "role_on_panel": "Chair"},
            ],
        )

    def apply(self, vacancy: Vacancy, peer: Peer, **fields) -> Application:
        applied_on = vacancy.opens_on + datetime.timedelta(days=5)
        application = services.submit_application(
            vacancy=vacancy,
            applicant=peer,
            by=self.hr,
            applied_on=applied_on,
            referees=[{"name": "Jo Marsh", "relationship": "care_coordinator", "contact": "jo.marsh@example.org"}],
            **fields,
        )
        self.happened(application, (self.today - applied_on).days)
        return application

    def move(self, application: Application, to_stage: str, *, days_ago: int, note: str = "") -> None:
        services.move_application(application=application, to_stage=to_stage, by=self.hr, note=note)
        self.happened(application, days_ago)

    def happened(self, application: Application, days_ago: int) -> None:
        """Date the application's latest move `days_ago` days before today (the services stamp it now). Its
        transition is never edited otherwise; the application's stage time and the history row the move
        wrote are set to the same moment, so the record and its history agree."""
        day = self.today - datetime.timedelta(days=days_ago)
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
        latest = StageTransition.objects.filter(application=application).order_by("-pk").first()
        StageTransition.objects.filter(pk=latest.pk).update(at=at)
        Application.objects.filter(pk=application.pk).update(stage_changed_at=at)
        history = Application.history.filter(id=application.pk).order_by("-history_id").first()
        if history is not None:
            Application.history.filter(history_id=history.history_id).update(stage_changed_at=at)
        application.stage_changed_at = at

    def mark(self, application: Application, *, met: bool) -> None:
        marks = {
            row.pk: (met if row.essential else None, met if row.desirable else None)
            for row in selectors.criteria_identified_by_application(application.vacancy)
        }
        services.record_shortlisting_marks(application=application, shortlister=self.hr, marks=marks)

    def to_interviewed(self, application: Application, interview, *, shortlisted: int, interviewed: int) -> None:
        self.mark(application, met=True)
        self.move(application, Stage.SHORTLISTED, days_ago=shortlisted)
        services.invite_to_interview(application=application, interview=interview, by=self.hr)
        self.move(application, Stage.INTERVIEWED, days_ago=interviewed)

    def score(self, application: Application, score: int) -> None:
        for panellist in (self.panel, self.hr):
            services.record_interview_scores(
                application=application,
                panellist=panellist,
                dimension_scores={d.value: score for d in InterviewDimension},
                criterion_scores={
                    row.pk: score for row in selectors.criteria_identified_at_interview(application.vacancy)
                },
            )
