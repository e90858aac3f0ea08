"""Query budgets for the dashboard, its CSV exports and its PDF: the same number of queries with 5 or 50 rows in its
tables (see tests/perf/budget.py): teams with peers placed in them, each with an induction plan, a career step, a
Wellness Action Plan overdue and supervision overdue. Time is frozen on 23 November 2026."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine

from development.models import Progression, TeamEstablishment
from programmes.models import StaffRole
from recruitment import services as recruitment_services
from tests import factories
from tests.perf.budget import Page as BudgetPage
from tests.perf.together import (
    assert_measured_page_keeps_its_budget,
    ids,
    measured_fixture,
    pdf_not_laid_out,
    together,
)
from tests.recruitment.world import Stage, give_band_2_job_description, make_vacancy
from tests.workforce.world import place
from workforce.models import InductionItem, InductionPlan, InductionSection, WellnessActionPlan

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

_counter = itertools.count()


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="dashboards", **kwargs)


def add_placed_peers(w, n: int, *, own_team: bool = False) -> None:
    """A new team per peer (alone in it: a small team), or the line manager's team, placed, with an induction plan,
    a career step and a plan shared with nobody whose review is overdue; and an application to a vacancy of the team."""
    for i in range(n):
        j = next(_counter)
        team = w.team if own_team else factories.TeamFactory(trust=w.trust, name=f"Team {j}")
        peer = factories.PeerFactory(trust=w.trust, full_name=f"Placed {j}")
        post = factories.PostFactory(team=team, holder=peer)
        placement = place(peer, post, start=datetime.date(2026, 1, 1) + datetime.timedelta(days=i * 5))
        plan = InductionPlan.objects.create(placement=placement)
        InductionItem.objects.create(
            plan=plan, section=InductionSection.values[0], title="Meet the team", due_on=placement.start_date
        )
        Progression.objects.create(peer=peer, level=w.level_psw, post=post, started_on=placement.start_date)
        WellnessActionPlan.objects.create(peer=peer, approaches="Walks.", review_on=datetime.date(2026, 6, 1))
        add_application(w, withdraw=bool(i % 2))


def add_application(w, *, withdraw: bool) -> None:
    """An application to the team's vacancy (made once), every other one withdrawn: the funnel's rows."""
    if not hasattr(w, "dashboard_vacancy"):
        post = factories.PostFactory(team=w.team, title="Peer Support Worker", band=2, hours=Decimal("30"))
        give_band_2_job_description(post, by=w.hr_officer)
        w.dashboard_vacancy = make_vacancy(by=w.hr_officer, post=post)
    vacancy = w.dashboard_vacancy
    applicant = factories.PeerFactory(trust=w.trust, full_name=f"Applicant {next(_counter)}")
    application = recruitment_services.submit_application(
        vacancy=vacancy, applicant=applicant, by=w.hr_officer, applied_on=vacancy.opens_on + datetime.timedelta(days=1)
    )
    if withdraw:
        recruitment_services.move_application(application=application, to_stage=Stage.WITHDRAWN, by=w.hr_officer)


def add_team_peers(w, n: int) -> None:
    add_placed_peers(w, n, own_team=True)


def add_trusts(w, n: int) -> None:
    """Another trust per row for a peer lead of many trusts (a regional lead): its programme, a team with a peer
    placed in it and an establishment, and the lead's role there."""
    for _ in range(n):
        trust = factories.TrustFactory()
        factories.ProgrammeFactory(trust=trust)
        factories.StaffRoleFactory(user=w.peer_lead, trust=trust, role=StaffRole.Role.PEER_LEAD)
        team = factories.TeamFactory(trust=trust, name=f"Team {next(_counter)}")
        TeamEstablishment.objects.create(
            team=team, as_of=datetime.date(2026, 1, 1), headcount=20, whole_time_equivalent=18
        )
        peer = factories.PeerFactory(trust=trust, full_name=f"Placed {next(_counter)}")
        place(peer, factories.PostFactory(team=team, holder=peer), start=datetime.date(2026, 1, 1))


def add_training_cohorts(w, n: int) -> None:
    """Training cohorts of the programme (train and place), each with an application and a graduate placed in a
    peer post three months after graduating."""
    from tests.development.pipeline_world import graduate, make_cohort

    for _ in range(n):
        cohort = make_cohort(w, name=f"Cohort {next(_counter)}", starts_on=datetime.date(2025, 3, 3))
        application = graduate(w, cohort, name=f"Graduate {next(_counter)}", graduated_on=datetime.date(2025, 3, 21))
        peer = application.applicant
        place(peer, factories.PostFactory(team=w.team, holder=peer), start=datetime.date(2025, 6, 2))


def add_outcomes(w, n: int) -> None:
    """Issue 18's outcomes per row: a new team with a peer placed, its October return, an absence and a caseload above
    capacity (the trend's and the caseload table's rows)."""
    from outcomes.models import CaseloadAgreement, TeamReturn
    from workforce.models import AbsenceEpisode

    for _ in range(n):
        j = next(_counter)
        team = factories.TeamFactory(trust=w.trust, name=f"Team {j}")
        peer = factories.PeerFactory(trust=w.trust, full_name=f"Placed {j}")
        placement = place(peer, factories.PostFactory(team=team, holder=peer), start=datetime.date(2026, 1, 1))
        TeamReturn.objects.create(
            team=team,
            month=datetime.date(2026, 10, 1),
            people_supported=3,
            contacts=5,
            groups_run=1,
            goals_agreed=2,
            goals_achieved=1,
            measure_1_pairs=2,
            measure_1_before=3,
            measure_1_after=5,
        )
        AbsenceEpisode.objects.create(peer=peer, placement=placement, start_date=datetime.date(2026, 10, 5))
        CaseloadAgreement.objects.create(
            placement=placement, agreed_on=datetime.date(2026, 11, 2), caseload=9, capacity=8
        )


def rows_on_page(response) -> int:
    return sum(len(t.rows) for t in response.context["tables"])


table = lambda key: lambda w: SimpleNamespace(pk=key)  # noqa: E731

# URLs that answer only a POST, each with the reason (tests/perf/test_every_page_has_a_budget.py).
NOT_PAGES = {
    "dashboards:recount": "POST only: a button counting a big dashboard's kept figures again; the kept page's "
    "budget is in tests/dashboards/test_kept.py",
}

PAGES = [
    Page("dashboard", "peer_lead", add_placed_peers, rows_on_page),
    Page("dashboard", "peer_lead", add_trusts, rows_on_page),
    Page("dashboard", "line_manager", add_team_peers, rows_on_page, query="?service_type=cmht"),
    Page("csv", "peer_lead", add_placed_peers, None, pk_of=table("posts")),
    Page("csv", "hr_officer", add_placed_peers, None, pk_of=table("supervision-overdue")),
    Page("pdf", "peer_lead", add_placed_peers, None),
    Page("dashboard", "hr_officer", add_outcomes, rows_on_page),
    Page("csv", "peer_lead", add_outcomes, None, pk_of=table("returns-trend")),
    Page("csv", "line_manager", add_outcomes, None, pk_of=table("caseload")),
    Page("dashboard", "peer_lead", add_training_cohorts, rows_on_page),
    Page("csv", "peer_lead", add_training_cohorts, None, pk_of=table("pipeline")),
]


def frozen_day():
    return time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False)


# The pages that add the same rows, measured on one build of them (tests/perf/together.py).
measured = measured_fixture(clock=frozen_day, around=pdf_not_laid_out)


@pytest.mark.parametrize(("page", "measured"), together(PAGES), indirect=["measured"], ids=ids(PAGES), scope="module")
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(db, page, measured):
    assert_measured_page_keeps_its_budget(page, measured[page])


# dashboards.figures.headline_figures: 17 (its docstring lists them; up to 4 of them for training).
HEADLINE_QUERIES = 17


@pytest.mark.parametrize("add_rows", [add_placed_peers, add_trusts], ids=["peers", "trusts"])
def test_the_headline_figures_make_a_fixed_number_of_queries(development, add_rows):
    """The headline figures and their 12 months' trend (page and board report alike): the same queries with 5 or
    50 placed peers, or for a peer lead of 5 or 50 trusts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dashboards.selectors import headline_figures
    from tests.dashboards.test_selectors import scope_of

    w = development
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False):
        counted = []
        for rows in (5, 45):
            add_rows(w, rows)
            lead = type(w.peer_lead).objects.get(pk=w.peer_lead.pk)  # its roles read afresh
            scope = scope_of(lead, date_to=datetime.date(2026, 11, 23))
            with CaptureQueriesContext(connection) as captured:
                headline = headline_figures(scope)
            counted.append(len(captured.captured_queries))
            assert headline.figure("peers").now > rows
    assert counted[0] == counted[1] <= HEADLINE_QUERIES
