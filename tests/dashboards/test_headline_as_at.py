"""The headline's figures "as at" each day, with known answers: peer posts and teams from the posts' history and
placements, the recruitment funnel's windows, and the Wellness Action Plan reviews overdue.

Three peer posts of one team, seen on 23 November 2026 and each month before it:
- A was recorded on 30 September (no holder) and given a holder on 15 October; nobody placed in it;
- B has no history (made before history was kept: it always existed), and a placement from 1 July to 1 October;
- C was recorded on 1 November, but a peer was placed in it on 1 June and still is (a placement makes it exist).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from development.models import TeamEstablishment
from programmes.models import Post, StaffRole, Team
from recruitment import services as recruitment_services
from recruitment.models import Application, StageTransition
from tests import factories
from tests.dashboards.test_selectors import scope_of
from tests.recruitment.world import make_vacancy
from tests.workforce.world import place
from workforce.models import InductionItem, InductionPlan, InductionSection, WapReview, WellnessActionPlan

ON = datetime.date(2026, 11, 23)


def at(day: datetime.date):
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), tick=False)


@pytest.fixture
def posts_world(db):
    trust = factories.TrustFactory()
    factories.ProgrammeFactory(trust=trust, start_date=datetime.date(2024, 1, 1))
    team = factories.TeamFactory(trust=trust, name="Recovery team")
    lead = factories.StaffRoleFactory(trust=trust, role=StaffRole.Role.PEER_LEAD).user
    holder, placed_b, placed_c = (factories.PeerFactory(trust=trust) for _ in range(3))
    level = Post.CareerLevel.PEER_SUPPORT_WORKER
    with at(datetime.date(2026, 9, 30)):
        a = factories.PostFactory(team=team, career_level=level)
    with at(datetime.date(2026, 10, 15)):
        a.holder = holder
        a.save()
    b = factories.PostFactory(team=team, career_level=level)
    Post.history.filter(id=b.pk).delete()
    place(placed_b, b, start=datetime.date(2026, 7, 1), end_date=datetime.date(2026, 10, 1))
    with at(datetime.date(2026, 11, 1)):
        c = factories.PostFactory(team=team, career_level=level)
    place(placed_c, c, start=datetime.date(2026, 6, 1))
    TeamEstablishment.objects.create(
        team=team, as_of=datetime.date(2026, 10, 1), headcount=20, whole_time_equivalent=18
    )
    return lead


@pytest.mark.django_db
def test_posts_existed_and_filled_on_each_day_follow_their_history_and_placements(posts_world):
    from dashboards.selectors import headline_figures

    with at(ON):
        headline = headline_figures(scope_of(posts_world, date_to=ON))
    vacant = headline.figure("vacant").values
    filled = headline.figure("filled").values
    # Now: A (holder since 15 October), B (no history) and C exist; A and C filled.
    # A quarter earlier (23 August): B and C exist (C placed since 1 June), both filled by placements.
    # A year earlier: B only (no history, so always existed), nobody placed.
    assert filled == (2, 2, 0)
    assert vacant == (1, 0, 1)
    months = {m.on: m.vacant_posts for m in headline.trend}
    assert months[datetime.date(2026, 10, 23)] == 1  # A existed (30 September) with its holder; B's placement ended
    assert months[datetime.date(2026, 9, 23)] == 0  # A not yet recorded; B and C placed
    assert months[datetime.date(2026, 5, 23)] == 1  # B alone, and C not yet placed nor recorded
    # Fewer than two peers: not now (two filled), but a year earlier B existed and nobody filled it.
    assert headline.figure("small-teams").values == (0, 0, 1)
    # The share: 2 filled of the 20 recorded on 1 October; none recorded by 23 August.
    assert headline.figure("share").values == (10.0, None, None)


def _moved(application, stage: str, moment: datetime.datetime) -> None:
    transition = StageTransition.objects.create(application=application, to_stage=stage)
    StageTransition.objects.filter(pk=transition.pk).update(at=timezone.make_aware(moment))


@pytest.mark.django_db
def test_applications_and_the_stages_they_reached_by_each_window_end_are_counted_per_window():
    """The funnel's headline figures with known answers. The dashboard shows 24 September to 23 November 2026
    (61 days), so the windows are those 61 days ending on 23 November 2026, 23 August 2026 and 23 November 2025.
    An application counts in the window it was made in, and at a stage when it first reached it by the window's
    last day (any time that day)."""
    from dashboards.selectors import headline_figures

    trust = factories.TrustFactory()
    factories.ProgrammeFactory(trust=trust, start_date=datetime.date(2024, 1, 1))
    team = factories.TeamFactory(trust=trust)
    lead = factories.StaffRoleFactory(trust=trust, role=StaffRole.Role.PEER_LEAD).user
    hr = factories.StaffRoleFactory(trust=trust, role=StaffRole.Role.HR).user
    vacancy = make_vacancy(by=hr, post=factories.PostFactory(team=team))
    Stage = Application.Stage

    def applied(on: datetime.date) -> Application:
        applicant = factories.PeerFactory(trust=trust)
        return recruitment_services.submit_application(vacancy=vacancy, applicant=applicant, by=hr, applied_on=on)

    now = applied(datetime.date(2026, 10, 1))
    _moved(now, Stage.SHORTLISTED, datetime.datetime(2026, 10, 10, 9, 0))
    _moved(now, Stage.INTERVIEWED, datetime.datetime(2026, 11, 23, 23, 30))  # late on the window's last day
    _moved(now, Stage.APPOINTED, datetime.datetime(2026, 11, 24, 0, 30))  # the day after: not by then
    applied(datetime.date(2026, 11, 20))  # made, not yet moved
    quarter = applied(datetime.date(2026, 7, 1))
    _moved(quarter, Stage.SHORTLISTED, datetime.datetime(2026, 8, 24, 0, 30))  # just after 23 August
    year = applied(datetime.date(2025, 10, 1))
    _moved(year, Stage.SHORTLISTED, datetime.datetime(2025, 10, 5, 9, 0))
    _moved(year, Stage.INTERVIEWED, datetime.datetime(2025, 10, 20, 9, 0))
    _moved(year, Stage.APPOINTED, datetime.datetime(2025, 11, 1, 9, 0))
    applied(datetime.date(2025, 9, 23))  # a day before the year's window

    with at(ON):
        headline = headline_figures(scope_of(lead, date_from=datetime.date(2026, 9, 24), date_to=ON))
    assert headline.figure("applications").values == (2, 1, 1)
    assert headline.figure(f"funnel-{Stage.SHORTLISTED}").values == (1, 0, 1)
    assert headline.figure(f"funnel-{Stage.INTERVIEWED}").values == (1, 0, 1)
    assert headline.figure(f"funnel-{Stage.APPOINTED}").values == (0, 0, 1)


@pytest.mark.django_db
def test_induction_plans_begun_in_each_window_and_complete_by_its_last_day_are_counted_per_window():
    """The induction headline figure with known answers, in the same windows as the funnel's (the 61 days ending on
    23 November 2026, 23 August 2026 and 23 November 2025). A plan counts in the window its placement began in,
    and is complete there when it has items and every one was done by the window's last day (that day included):
    a plan with an item done the day after, an item not done, or no items is not."""
    from dashboards.selectors import headline_figures

    trust = factories.TrustFactory()
    factories.ProgrammeFactory(trust=trust, start_date=datetime.date(2024, 1, 1))
    team = factories.TeamFactory(trust=trust)
    lead = factories.StaffRoleFactory(trust=trust, role=StaffRole.Role.PEER_LEAD).user

    def plan(start: datetime.date, *done: datetime.date | None) -> None:
        placement = place(factories.PeerFactory(trust=trust), factories.PostFactory(team=team), start=start)
        induction = InductionPlan.objects.create(placement=placement)
        for order, done_on in enumerate(done):
            InductionItem.objects.create(
                plan=induction,
                section=InductionSection.CHECKLIST,
                order=order,
                title=f"Item {order}",
                due_on=start + datetime.timedelta(days=28),
                done_on=done_on,
            )

    D = datetime.date
    plan(D(2026, 10, 1), D(2026, 10, 5), D(2026, 11, 23))  # complete on the window's last day
    plan(D(2026, 10, 2), D(2026, 10, 5), D(2026, 11, 24))  # its last item the day after: not complete then
    plan(D(2026, 10, 3), D(2026, 10, 5), None)  # an item not done
    plan(D(2026, 10, 4))  # no items: counted, never complete
    plan(D(2026, 7, 1), D(2026, 8, 20))  # complete a quarter earlier
    plan(D(2026, 7, 2), D(2026, 8, 24))  # done just after 23 August
    plan(D(2025, 10, 1), D(2025, 11, 1))  # complete a year earlier
    plan(D(2025, 9, 23), D(2025, 9, 30))  # begun a day before the year's window

    with at(ON):
        figure = headline_figures(scope_of(lead, date_from=datetime.date(2026, 9, 24), date_to=ON)).figure("induction")
    assert figure.parts == ("1 of 4 plans", "1 of 2 plans", "1 of 1 plans")
    assert figure.values == (25.0, 50.0, 100.0)


@pytest.mark.django_db
def test_plans_overdue_on_each_day_follow_their_history_reviews_and_placements():
    """The Wellness Action Plan reviews overdue on 23 November 2026, 23 August 2026 and 23 November 2025, with
    known answers. A plan counts on a day when it was recorded by then (or has no history: it always existed),
    its peer was placed in a team in view that day, and the later of its review date as it stood then and the next
    review agreed at a review held by then was before the day. A plan with no review date then is judged by its
    review date now."""
    from dashboards.selectors import headline_figures

    trust = factories.TrustFactory()
    factories.ProgrammeFactory(trust=trust, start_date=datetime.date(2024, 1, 1))
    team, elsewhere = factories.TeamFactory(trust=trust), factories.TeamFactory(trust=trust)
    lead = factories.StaffRoleFactory(trust=trust, role=StaffRole.Role.PEER_LEAD).user

    def plan_for(placed_in, start, end=None, *, recorded_on, review_on):
        peer = factories.PeerFactory(trust=trust)
        place(peer, factories.PostFactory(team=placed_in), start=start, end_date=end)
        with at(recorded_on):
            return WellnessActionPlan.objects.create(peer=peer, approaches="A walk.", review_on=review_on)

    def change_review_date(plan, on, review_on):
        with at(on):
            plan.review_on = review_on
            plan.save()

    # Overdue a year earlier; a review in January agreed 1 September: not a quarter earlier, again now.
    reviewed = plan_for(
        team, datetime.date(2025, 1, 1), recorded_on=datetime.date(2025, 6, 1), review_on=datetime.date(2025, 10, 1)
    )
    WapReview.objects.create(
        plan=reviewed, reviewed_on=datetime.date(2026, 1, 10), next_review_on=datetime.date(2026, 9, 1)
    )
    # Recorded in July, due 1 August: overdue a quarter earlier; moved to January 2027 on 15 September.
    moved = plan_for(
        team, datetime.date(2026, 6, 1), recorded_on=datetime.date(2026, 7, 1), review_on=datetime.date(2026, 8, 1)
    )
    change_review_date(moved, datetime.date(2026, 9, 15), datetime.date(2027, 1, 1))
    # Due in June 2027 until 5 October 2026, then brought forward to March 2026: overdue now only.
    brought = plan_for(
        team, datetime.date(2025, 1, 1), recorded_on=datetime.date(2025, 1, 1), review_on=datetime.date(2027, 6, 1)
    )
    change_review_date(brought, datetime.date(2026, 10, 5), datetime.date(2026, 3, 1))
    # No history (it always existed), due 1 January 2026, placed until 1 October: overdue a quarter earlier only.
    always = plan_for(
        team, datetime.date(2025, 1, 1), datetime.date(2026, 10, 1), recorded_on=ON, review_on=datetime.date(2026, 1, 1)
    )
    WellnessActionPlan.history.filter(id=always.pk).delete()
    # No review date until 1 October 2026, then 1 February 2026: judged by that date on every day.
    undated = plan_for(team, datetime.date(2025, 1, 1), recorded_on=datetime.date(2025, 6, 1), review_on=None)
    change_review_date(undated, datetime.date(2026, 10, 1), datetime.date(2026, 2, 1))
    # Recorded on 1 October with a date already past: overdue now, not counted before it was recorded.
    plan_for(
        team, datetime.date(2025, 1, 1), recorded_on=datetime.date(2026, 10, 1), review_on=datetime.date(2026, 5, 1)
    )
    # Due on the dashboard's day itself: not yet overdue.
    plan_for(team, datetime.date(2025, 1, 1), recorded_on=datetime.date(2025, 1, 1), review_on=ON)
    # Overdue throughout, but placed in a team not in view.
    plan_for(
        elsewhere, datetime.date(2025, 1, 1), recorded_on=datetime.date(2025, 1, 1), review_on=datetime.date(2025, 2, 1)
    )

    teams = Team.objects.filter(pk=team.pk)
    with at(ON):
        headline = headline_figures(scope_of(lead, date_from=datetime.date(2026, 9, 24), date_to=ON, teams=teams))
    # Now: the reviewed, brought forward, undated and late-recorded plans. A quarter earlier: the moved, the always
    # and the undated ones. A year earlier: the reviewed plan (the undated one's date, February 2026, was to come).
    assert headline.figure("waps").values == (4, 3, 1)
