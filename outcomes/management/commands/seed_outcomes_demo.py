"""`python manage.py seed_outcomes_demo`: does the programme work? For the demo trust, after `seed_demo` and
`seed_workforce_demo` (the peers in post): the programme's evaluation plan, started from its readiness answer, with
how it will know each question; a hope score as its outcome measure; three months of returns for each team with a
peer in post (last month's left out for one team, so `run_reminders` reminds it on the first working days of a
month); each peer's caseload agreed in supervision, Samira's above capacity (a warning on her page and her line
manager's home page); and the CMHT's way of deciding whom a peer works with. Everything goes through the services.
Idempotent: when the programme has an evaluation plan, nothing is changed."""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from outcomes import services
from outcomes.models import EvaluationPlan
from programmes.models import Programme, Trust
from workforce.models import Placement
from workforce.selectors import current_placements

TRUST_ODS = "ZZ1"
MEASURES = {
    "Do people feel more hopeful after working with a peer?": "The hope score's average before and after (pairs).",
    "Do people reach the goals they set?": "Goals agreed and achieved in the monthly returns.",
}
# (caseload, capacity) per peer; Samira's caseload is above the capacity agreed.
CASELOADS = {"Samira Okafor": (12, 10), "Daniel Whitfield": (6, 8), "Alex Morgan": (9, 10)}


class Command(BaseCommand):
    help = "Seed the demo trust's evaluation plan, three months of team returns and caseloads."

    def handle(self, *args, **options):
        with transaction.atomic():
            self.seed()

    def seed(self) -> None:
        trust = Trust.objects.filter(ods_code=TRUST_ODS).first()
        if trust is None:
            raise CommandError("Run `python manage.py seed_demo` first: the demo trust is missing.")
        programme = Programme.objects.filter(trust=trust).order_by("pk").first()
        if EvaluationPlan.objects.filter(programme=programme).exists():
            self.stdout.write("Outcomes demo already there; nothing changed.")
            return
        users = {u.username: u for u in get_user_model().objects.filter(username__in=["peerlead", "manager", "hr"])}
        lead = users.get("peerlead") or users.get("hr")
        manager = users.get("manager") or lead
        today = timezone.localdate()
        questions = services.questions_from(programme.difference_hoped_for) or list(MEASURES)
        plan = services.start_evaluation_plan(by=lead, programme=programme, questions=questions)
        for question, measures in MEASURES.items():
            services.add_question(by=lead, plan=plan, question=question, measures=measures)
        services.create_measure(
            by=lead,
            programme=programme,
            slot=1,
            name="Hope score",
            description="A short hope scale scored at the first meeting and at the 6-8 week review.",
            scale_low=Decimal("0"),
            scale_high=Decimal("10"),
        )
        placements = list(
            current_placements(Placement.objects.filter(post__team__trust=trust), today).select_related(
                "peer", "post__team"
            )
        )
        teams = sorted({p.post.team for p in placements}, key=lambda t: t.name)
        first = today.replace(day=1)
        returns = 0
        for i, team in enumerate(teams):
            for back in (3, 2, 1):
                if back == 1 and i == len(teams) - 1:
                    continue  # last month's return still to come: the daily run reminds the team
                people = 8 + 2 * back + i
                services.record_team_return(
                    by=manager,
                    team=team,
                    month=first - relativedelta(months=back),
                    people_supported=people,
                    contacts=3 * people,
                    groups_run=1 + i % 3,
                    goals_agreed=people - 2,
                    goals_achieved=people - 4 - back,
                    first_meetings=2 + back,
                    completed_with_review=1 + i % 2,
                    measure_1_pairs=2 + back,
                    measure_1_before=Decimal("3.5") + Decimal(i) / 10,
                    measure_1_after=Decimal("5.5") + Decimal(back) / 5,
                )
                returns += 1
        for placement in placements:
            caseload, capacity = CASELOADS.get(placement.peer.full_name, (7, 10))
            agreed_on = max(placement.start_date, today - datetime.timedelta(days=10))
            services.record_caseload(
                by=manager,
                peer=placement.peer,
                placement=placement,
                agreed_on=agreed_on,
                caseload=caseload,
                capacity=capacity,
            )
        cmht = next((t for t in teams if t.service_type == "cmht"), teams[0] if teams else None)
        if cmht is not None:
            services.set_allocation_process(
                by=manager,
                team=cmht,
                process="People are offered a peer worker at the weekly allocation meeting, where the peer worker "
                "is present; the peer and the person meet once before agreeing to work together.",
            )
        self.stdout.write(
            f"Outcomes demo: an evaluation plan of {len(questions) + len(MEASURES)} questions, {returns} team "
            f"returns, {len(placements)} caseloads."
        )
