"""Retention, leavers and sickness absence figures (issue 18 items 3 and 4) on a small hand-built data set with known
answers, on 30 November 2026; the dashboard's "Retention and absence" tables show the same figures; the daily
jobs remind fixed-term contracts at 60 and 30 days and the three-absence trigger once each.

The data set (every post 37.5 hours unless said):
- Riverside: Samira in post since 1 Jan 2024; Ann from 1 Jun 2024 to 31 Mar 2026 (left for professional training);
  Ben from 1 Jan 2025 to 31 May 2026 (moved to a peer post on Oak Ward the next day);
- Oak Ward: Ben from 1 Jun 2026; Tom (18.75 hours) from 1 Feb 2026; Cleo from 1 Jun to 31 Oct 2025 (before the
  window);
- absences: Samira 2-6 Mar 2026 (5 days worked out), 10-12 Jun 2026 (2.5 days entered), from Thu 26 Nov 2026
  still going on (3 working days to Mon 30 Nov); Tom 6-8 Apr 2026 (3 days) and one in Nov 2025 (before the window).

Known answers: Riverside turnover 2 leavers / ((3 + 1) / 2) = 100.0 %, retention 2 of 3 = 66.7 % (Ben is in a peer
post on Oak Ward), median days in post (668 + 515) / 2 = 591.5, into training 1 of 2 = 50.0 %; Oak Ward no leavers,
turnover 0.0 %, nobody in post 12 months ago; the programme: 1 leaver (Ben stayed in the trust) / 3 = 33.3 %,
retention 66.7 %, into training 100.0 %. Days lost per WTE: Riverside 10.5 / 1.00 = 10.50, Oak Ward 3 / 1.50 = 2.00;
Samira has three absences in 12 months (the trigger)."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine

from dashboards import selectors as dashboard
from programmes.models import Notification, Peer, Programme, Team
from tests import factories
from tests.dashboards.test_selectors import scope_of
from workforce import reminders, selectors_retention, services, services_absence
from workforce.models import AbsenceEpisode, LeavingReason, Placement, WellnessActionPlan

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

AS_OF = datetime.date(2026, 11, 30)
D = datetime.date
Kind = Notification.Kind


def _place(peer, team, start, end=None, *, hours=Decimal("37.5"), reason="", **fields) -> Placement:
    post = factories.PostFactory(team=team, hours=hours, holder=None if end else peer)
    return Placement.objects.create(
        peer=peer,
        post=post,
        start_date=start,
        end_date=end,
        hours=hours,
        match_reasons="Asked for by the team.",
        leaving_reason=reason,
        **fields,
    )


@pytest.fixture
def retention(world):
    w = world
    trust = w.trust
    # The world's own posts are not placements; the data set below is the whole of it.
    w.samira_placement = Placement.objects.create(
        peer=w.peer, post=w.post, start_date=D(2024, 1, 1), hours=w.post.hours, match_reasons="Peer groups."
    )
    w.ann = factories.PeerFactory(trust=trust, full_name="Ann Lee")
    _place(w.ann, w.team, D(2024, 6, 1), D(2026, 3, 31), reason=LeavingReason.PROFESSIONAL_TRAINING)
    w.ben = factories.PeerFactory(trust=trust, full_name="Ben Cole")
    _place(w.ben, w.team, D(2025, 1, 1), D(2026, 5, 31), reason=LeavingReason.OTHER_PEER_POST)
    _place(w.ben, w.other_team, D(2026, 6, 1))
    w.tom_placement = Placement.objects.create(
        peer=w.other_team_peer,
        post=w.other_team_peer.posts.get(),
        start_date=D(2026, 2, 1),
        hours=Decimal("18.75"),
        match_reasons="Music.",
    )
    w.cleo = factories.PeerFactory(trust=trust, full_name="Cleo Hart")
    _place(w.cleo, w.other_team, D(2025, 6, 1), D(2025, 10, 31), reason=LeavingReason.OTHER_JOB)
    hr = w.hr_officer
    services_absence.record_absence(by=hr, peer=w.peer, start_date=D(2026, 3, 2), end_date=D(2026, 3, 6))
    services_absence.record_absence(
        by=hr, peer=w.peer, start_date=D(2026, 6, 10), end_date=D(2026, 6, 12), days_lost=Decimal("2.5")
    )
    w.ongoing = services_absence.record_absence(by=hr, peer=w.peer, start_date=D(2026, 11, 26))
    services_absence.record_absence(by=hr, peer=w.other_team_peer, start_date=D(2026, 4, 6), end_date=D(2026, 4, 8))
    AbsenceEpisode.objects.create(
        peer=w.other_team_peer, placement=None, start_date=D(2025, 11, 10), end_date=D(2025, 11, 11), days_lost=2
    )
    return w


def _by_name(rows):
    return {thing.name: figures for thing, figures in rows}


def test_turnover_retention_time_in_post_and_training_share_per_team_and_programme(
    retention, django_assert_max_num_queries
):
    w = retention
    with django_assert_max_num_queries(4):
        figures = selectors_retention.retention_figures(
            Team.objects.filter(trust=w.trust), Programme.objects.filter(trust=w.trust), AS_OF
        )
    teams = _by_name(figures.teams)
    riverside, oak = teams["Riverside CMHT"], teams["Oak Ward"]
    assert (riverside.leavers, riverside.headcount_start, riverside.headcount_end) == (2, 3, 1)
    assert riverside.turnover == Decimal("100.0")
    assert (riverside.cohort, riverside.retained, riverside.retention) == (3, 2, Decimal("66.7"))
    assert riverside.median_days_in_post == Decimal("591.5")
    assert riverside.share_into_training == Decimal("50.0")
    assert (oak.leavers, oak.turnover, oak.cohort, oak.retention) == (0, Decimal("0.0"), 0, None)
    assert oak.median_days_in_post is None
    (programme,) = [f for _, f in figures.programmes]
    assert (programme.leavers, programme.headcount_start, programme.headcount_end) == (1, 3, 3)
    assert programme.turnover == Decimal("33.3")
    assert programme.retention == Decimal("66.7")
    assert programme.median_days_in_post == Decimal("668")
    assert programme.share_into_training == Decimal("100.0")


def test_one_teams_retention_counts_a_move_within_the_trust_as_retained_and_the_cohort_on_the_day_before(retention):
    """Riverside CMHT alone: the cohort is who held its peer posts on the day before the 12 months (Dee's placement
    ended that day), and a peer still in a peer post anywhere in the trust a year on is retained (Ben, now in Oak
    Ward, a team not in view)."""
    w = retention
    dee = factories.PeerFactory(trust=w.trust, full_name="Dee Ray")
    _place(dee, w.team, D(2025, 1, 1), D(2025, 11, 30))
    figures = selectors_retention.retention_figures(
        Team.objects.filter(pk=w.team.pk), Programme.objects.filter(trust=w.trust), AS_OF
    )
    ((team, riverside),) = figures.teams
    assert team == w.team
    # 30 November 2025: Samira, Ann, Ben and Dee; a year on, Samira and Ben hold peer posts in the trust.
    assert (riverside.cohort, riverside.retained, riverside.headcount_start) == (4, 2, 3)


def test_days_lost_per_wte_and_the_three_absence_trigger(retention, django_assert_max_num_queries):
    w = retention
    with django_assert_max_num_queries(5):
        figures = {
            f.team.name: f for f in selectors_retention.absence_figures(Team.objects.filter(trust=w.trust), AS_OF)
        }
    riverside, oak = figures["Riverside CMHT"], figures["Oak Ward"]
    assert (riverside.wte, riverside.episodes, riverside.days_lost) == (Decimal("1.00"), 3, Decimal("10.5"))
    assert riverside.days_lost_per_wte == Decimal("10.50")
    assert (oak.wte, oak.episodes, oak.days_lost, oak.days_lost_per_wte) == (
        Decimal("1.50"),
        1,
        Decimal("3"),
        Decimal("2.00"),
    )
    assert (riverside.peers_at_trigger, oak.peers_at_trigger) == (1, 0)
    triggers = selectors_retention.absence_triggers(Peer.objects.all(), AS_OF)
    assert [(t.peer_id, t.episodes, t.episode_id) for t in triggers] == [(w.peer.pk, 3, w.ongoing.pk)]


def test_the_dashboard_shows_the_selectors_figures_in_a_fixed_number_of_queries(
    retention, django_assert_max_num_queries
):
    w = retention
    scope = scope_of(w.peer_lead, date_to=AS_OF)
    with django_assert_max_num_queries(14):
        tables = {t.key: t for t in dashboard.SECTIONS["retention"](scope)}
    rows = {(r[0], r[1]): r for r in tables["retention"].rows}
    programme = rows[("Programme", "Northshire Peer Support Programme")]
    assert programme[3:] == [1, Decimal("3"), Decimal("33.3"), Decimal("66.7"), Decimal("668"), Decimal("100.0")]
    riverside = rows[("Team", "Riverside CMHT")]
    assert riverside[3:] == [2, Decimal("2"), Decimal("100.0"), Decimal("66.7"), Decimal("591.5"), Decimal("50.0")]
    absence = {r[0]: r for r in tables["absence"].rows}
    assert absence["Riverside CMHT"][1:] == [Decimal("1.00"), 3, Decimal("10.5"), Decimal("10.50"), 1]
    assert absence["Oak Ward"][4] == Decimal("2.00")
    # A CSV of either table builds only this section.
    assert dashboard.dashboard_table(scope, "absence").rows == tables["absence"].rows


def test_the_dashboards_retention_queries_do_not_grow_with_the_data(retention, django_assert_max_num_queries):
    w = retention
    for i in range(6):
        team = factories.TeamFactory(trust=w.trust, name=f"Team {i}")
        peer = factories.PeerFactory(trust=w.trust, full_name=f"Peer {i}")
        placement = _place(peer, team, D(2025, 1, 1), D(2026, 6, 30), reason=LeavingReason.HEALTH)
        AbsenceEpisode.objects.create(peer=peer, placement=placement, start_date=D(2026, 2, 2), days_lost=1)
    with django_assert_max_num_queries(14):
        dashboard.SECTIONS["retention"](scope_of(w.peer_lead, date_to=AS_OF))


# --- Reminders -------------------------------------------------------------------------------------------


def _sent(kind) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", "subject"))


def test_a_fixed_term_contract_is_reminded_to_the_line_manager_and_hr_at_60_and_30_days_once_each(workforce):
    w = workforce
    services.update_placement(placement=w.placement, by=w.hr_officer, contract_end_date=D(2027, 3, 1))
    key = f"contract-end:{w.placement.pk}"
    for day in (D(2026, 12, 1), D(2026, 12, 30)):  # 90 and 61 days before: nothing yet
        reminders.run(day)
    assert _sent(Kind.CONTRACT_ENDING) == []
    reminders.run(D(2026, 12, 31))  # 60 days before
    reminders.run(D(2027, 1, 15))  # again, between the thresholds: nothing more
    assert _sent(Kind.CONTRACT_ENDING) == [("hr_officer", f"{key}:60"), ("line_manager", f"{key}:60")]
    reminders.run(D(2027, 1, 30))  # 30 days before
    reminders.run(D(2027, 1, 30))
    reminders.run(D(2027, 2, 20))
    assert _sent(Kind.CONTRACT_ENDING) == [
        ("hr_officer", f"{key}:30"),
        ("hr_officer", f"{key}:60"),
        ("line_manager", f"{key}:30"),
        ("line_manager", f"{key}:60"),
    ]
    title = Notification.objects.filter(kind=Kind.CONTRACT_ENDING).first().title
    assert title.startswith("Fixed-term contract of Samira Okafor ends on 1 Mar 2027")


def test_a_first_run_inside_30_days_sends_only_the_30_day_reminder():
    assert reminders.contract_threshold(D(2027, 2, 10), D(2027, 3, 1)) == 30
    assert reminders.contract_threshold(D(2026, 12, 31), D(2027, 3, 1)) == 60
    assert reminders.contract_threshold(D(2026, 12, 30), D(2027, 3, 1)) is None
    assert reminders.contract_threshold(D(2027, 3, 2), D(2027, 3, 1)) is None


def test_three_absences_in_12_months_remind_the_peer_and_the_line_manager_the_wap_names_once(workforce):
    w = workforce
    hr = w.hr_officer
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=zoneinfo.ZoneInfo("Europe/London"))):
        for start in (D(2026, 9, 7), D(2026, 10, 5), D(2026, 11, 2)):
            services_absence.record_absence(by=hr, peer=w.colleague, start_date=start, end_date=start)
            services_absence.record_absence(by=hr, peer=w.peer, start_date=start, end_date=start)
    for _ in range(2):
        reminders.run(D(2026, 11, 20))
    sent = _sent(Kind.ABSENCE_TRIGGER)
    # Daniel shares his plan with his line manager (he has no sign-in); Samira's is shared with nobody.
    latest_daniel = AbsenceEpisode.objects.filter(peer=w.colleague).order_by("-pk").first().pk
    latest_samira = AbsenceEpisode.objects.filter(peer=w.peer).order_by("-pk").first().pk
    assert sent == [
        ("line_manager", f"absence-trigger:{w.colleague.pk}:{latest_daniel}"),
        ("peer_worker", f"absence-trigger:{w.peer.pk}:{latest_samira}"),
    ]
    titles = Notification.objects.filter(kind=Kind.ABSENCE_TRIGGER).values_list("title", flat=True)
    assert not any("infection" in t.lower() or "mental" in t.lower() for t in titles)  # never a reason
    assert WellnessActionPlan.objects.get(peer=w.colleague).get_absolute_url() in Notification.objects.filter(
        recipient=w.line_manager, kind=Kind.ABSENCE_TRIGGER
    ).values_list("url", flat=True)


def test_a_trigger_whose_latest_absence_began_more_than_six_weeks_ago_is_not_reminded(workforce):
    w = workforce
    for start in (D(2026, 7, 6), D(2026, 8, 3), D(2026, 9, 1)):
        services_absence.record_absence(by=w.hr_officer, peer=w.peer, start_date=start, end_date=start)
    assert selectors_retention.absence_triggers(Peer.objects.all(), D(2026, 11, 20))  # still three in 12 months
    reminders.run(D(2026, 11, 20))
    assert _sent(Kind.ABSENCE_TRIGGER) == []
