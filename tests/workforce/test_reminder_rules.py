"""The reminder jobs' rules with frozen time: when supervision is due (month ends, leap years, the early
weekly period), who is told (the peer, the named supervisor or the team's, escalation), WAP reviews only to
those the plan is shared with, reviews to the line manager, induction to the mentor after week 4."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from programmes import access
from programmes.models import Notification, OwnCareTeamArrangement, Programme, StaffRole
from tests import factories
from tests.workforce.world import place, session
from workforce import reminders, services_supervision
from workforce import services as placement_services
from workforce.models import (
    EmploymentSettings,
    InductionItem,
    InductionPlan,
    InductionSection,
    SupervisionKind,
    WellnessActionPlan,
)

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

Kind = Notification.Kind
MANAGERIAL = "supervision:{}:managerial"


def frozen(day: str):
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T09:00:00+00:00"), tick=False)


def run_today() -> dict[str, int]:
    return reminders.run(timezone.localdate())


def notes(**filters) -> list[Notification]:
    return list(Notification.objects.filter(**filters).order_by("recipient__username", "kind"))


def recipients(**filters) -> set[str]:
    return {n.recipient.username for n in notes(**filters)}


def rules(w, **values) -> EmploymentSettings:
    return EmploymentSettings.objects.create(programme=Programme.objects.get(trust=w.trust), **values)


@pytest.fixture
def samira(world):
    """Samira placed on 1 September 2026 with a named line manager and peer supervisor."""
    w = world
    w.placement = place(w.peer, w.post, line_manager=w.line_manager, peer_supervisor=w.supervisor)
    return w


# --- When supervision is due ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "today", "due"),
    [
        ("2027-01-31", "2027-02-26", datetime.date(2027, 2, 28)),  # 31 January + 1 month
        ("2028-01-31", "2028-02-27", datetime.date(2028, 2, 29)),  # a leap year
    ],
)
def test_monthly_managerial_supervision_from_31_january_is_due_at_the_end_of_february(world, start, today, due):
    w = world
    rules(w, early_weekly_months=0)
    place(w.peer, w.post, start=datetime.date.fromisoformat(start), line_manager=w.line_manager)
    with frozen(today):
        created = run_today()
    due_soon = notes(kind=Kind.SUPERVISION_DUE, subject=MANAGERIAL.format(w.peer.pk))
    assert {n.recipient for n in due_soon} == {w.peer_worker, w.line_manager}
    assert {n.due_on for n in due_soon} == {due}
    assert created["supervision due"] == 2
    by_recipient = {n.recipient: n.title for n in due_soon}
    when = f"{due.day} {due:%b %Y}"
    assert by_recipient[w.line_manager] == f"Managerial supervision due for Samira Okafor on {when}"
    assert by_recipient[w.peer_worker] == f"Your managerial supervision is due on {when}"


def test_nothing_is_due_before_the_reminder_window(world):
    w = world
    rules(w, early_weekly_months=0, due_soon_days=3)
    place(w.peer, w.post, start=datetime.date(2027, 1, 31), line_manager=w.line_manager)
    with frozen("2027-02-24"):  # 4 days before 28 February
        run_today()
    assert not notes(subject=MANAGERIAL.format(w.peer.pk))


def test_managerial_supervision_is_weekly_in_the_early_period_and_monthly_after(samira):
    w = samira  # default settings: weekly for the first 3 months (to 1 December 2026)
    with frozen("2026-09-06"):
        run_today()
    assert {n.due_on for n in notes(subject=MANAGERIAL.format(w.peer.pk))} == {datetime.date(2026, 9, 8)}

    session(kind=SupervisionKind.MANAGERIAL, supervisor=w.line_manager, peers=[w.peer], date=datetime.date(2026, 9, 8))
    with frozen("2026-09-13"):
        run_today()
    assert datetime.date(2026, 9, 15) in {n.due_on for n in notes(subject=MANAGERIAL.format(w.peer.pk))}

    # A week after 28 November falls after the early period: the next is a month on.
    session(
        kind=SupervisionKind.MANAGERIAL, supervisor=w.line_manager, peers=[w.peer], date=datetime.date(2026, 11, 28)
    )
    with frozen("2026-12-04"):
        run_today()
    assert not notes(subject=MANAGERIAL.format(w.peer.pk), due_on=datetime.date(2026, 12, 5))
    with frozen("2026-12-26"):
        run_today()
    assert notes(subject=MANAGERIAL.format(w.peer.pk), due_on=datetime.date(2026, 12, 28), kind=Kind.SUPERVISION_DUE)


def test_peer_supervision_goes_to_the_named_peer_supervisor(samira):
    w = samira
    with frozen("2026-09-06"):  # weekly: due 8 September
        run_today()
    peer_due = notes(kind=Kind.SUPERVISION_DUE, subject=f"supervision:{w.peer.pk}:peer")
    assert {n.recipient for n in peer_due} == {w.peer_worker, w.supervisor}
    assert "Peer supervision due for Samira Okafor on 8 Sep 2026" in {n.title for n in peer_due}


# --- Overdue and escalation ----------------------------------------------------------------------------------


def test_overdue_supervision_goes_to_the_peer_and_supervisor_and_escalates_after_the_set_days(samira):
    w = samira
    programme = Programme.objects.get(trust=w.trust)
    lead = factories.UserFactory(username="programme_lead")
    programme.lead = lead
    programme.save()
    rules(w, escalate_after_days=14)

    with frozen("2026-09-10"):  # managerial due 8 September: 2 days overdue
        created = run_today()
    overdue = notes(kind=Kind.SUPERVISION_OVERDUE, subject=MANAGERIAL.format(w.peer.pk))
    assert {n.recipient for n in overdue} == {w.peer_worker, w.line_manager}
    assert {n.due_on for n in overdue} == {datetime.date(2026, 9, 8)}
    assert not notes(kind=Kind.SUPERVISION_ESCALATED)
    assert created["supervision overdue"] == 4  # managerial and peer, to the peer and each supervisor

    with frozen("2026-09-21"):  # 13 days: not yet
        run_today()
    assert not notes(kind=Kind.SUPERVISION_ESCALATED)

    with frozen("2026-09-22"):  # 14 days overdue
        created = run_today()
    escalated = notes(kind=Kind.SUPERVISION_ESCALATED, subject=MANAGERIAL.format(w.peer.pk))
    assert {n.recipient for n in escalated} == {w.line_manager, w.peer_lead, lead}
    assert created["supervision escalated"] == 6  # both kinds, three people each
    assert created["supervision overdue"] == 0  # once per due date


def test_without_a_named_manager_the_teams_line_managers_are_told(world):
    w = world
    other_manager = factories.UserFactory(username="oak_ward_manager")
    StaffRole.objects.create(user=other_manager, trust=w.trust, team=w.other_team, role=StaffRole.Role.LINE_MANAGER)
    place(w.peer, w.post)  # nobody named
    with frozen("2026-09-06"):
        run_today()
    assert recipients(kind=Kind.SUPERVISION_DUE, subject=MANAGERIAL.format(w.peer.pk)) == {
        "peer_worker",
        "line_manager",
    }
    assert recipients(kind=Kind.SUPERVISION_DUE, subject=f"supervision:{w.peer.pk}:peer") == {
        "peer_worker",
        "supervisor",
    }


def test_a_peer_in_their_own_care_team_is_not_named_to_that_teams_other_members(world):
    w = world
    named_manager = factories.UserFactory(username="named_manager")
    StaffRole.objects.create(user=named_manager, trust=w.trust, team=w.team, role=StaffRole.Role.LINE_MANAGER)
    OwnCareTeamArrangement.objects.create(
        peer=w.peer, team=w.team, line_manager=named_manager, care_arrangement="Treated by the Oak Ward team."
    )
    place(w.peer, w.post, own_care_team=True)  # nobody named on the placement: the team would be told
    with frozen("2026-09-06"):
        run_today()
    told = recipients(subject=MANAGERIAL.format(w.peer.pk))
    assert "named_manager" in told
    assert "line_manager" not in told
    assert "supervisor" not in recipients(subject=f"supervision:{w.peer.pk}:peer")


# --- Wellness Action Plan reviews ------------------------------------------------------------------------------


def share(w, plan, **shared) -> None:
    """The peer shares the plan as the sharing page does (naming the people on her placement today)."""
    services_supervision.share_wap(
        by=w.peer_worker,
        plan=plan,
        line_manager=shared.get("shared_with_line_manager", False),
        supervisor=shared.get("shared_with_supervisor", False),
        hr=shared.get("shared_with_hr", False),
    )


@pytest.mark.parametrize(
    ("shared", "told"),
    [
        ({}, set()),
        ({"shared_with_line_manager": True}, {"line_manager"}),
        ({"shared_with_supervisor": True}, {"supervisor"}),
        ({"shared_with_hr": True}, {"hr_officer"}),
        (
            {"shared_with_line_manager": True, "shared_with_supervisor": True, "shared_with_hr": True},
            {"line_manager", "supervisor", "hr_officer"},
        ),
    ],
)
def test_wap_review_goes_to_the_peer_and_only_those_the_plan_is_shared_with(samira, shared, told):
    w = samira
    plan = WellnessActionPlan.objects.create(
        peer=w.peer, approaches="A walk at lunchtime.", review_on=datetime.date(2026, 12, 1)
    )
    with frozen("2026-11-29"):
        share(w, plan, **shared)
        created = run_today()
    due = notes(kind=Kind.WAP_REVIEW_DUE, subject=f"wap:{plan.pk}")
    assert {n.recipient.username for n in due} == {"peer_worker", *told}
    assert created["WAP review due"] == 1 + len(told)
    for n in due:  # everyone told can open the plan
        if n.recipient != w.peer_worker:
            assert access.visible_waps(n.recipient).filter(pk=plan.pk).exists()
            assert n.title == "Wellness Action Plan review due for Samira Okafor on 1 Dec 2026"
        else:
            assert n.title == "Your Wellness Action Plan review is due on 1 Dec 2026"
    # The peer lead may read every plan, but is not reminded of its review, and nobody else is told.
    assert not notes(kind=Kind.WAP_REVIEW_DUE, recipient=w.peer_lead)


def test_wap_review_goes_to_the_line_manager_the_plan_names_not_every_line_manager_nor_a_new_one(samira):
    """Issue 21: "my line manager" is the person named on the placement when the peer shared the plan. Another
    line manager of the team and a trust-wide one are not told; nor is a new line manager until the peer
    agrees to share it with them."""
    w = samira
    second = factories.UserFactory(username="second_line_manager")
    factories.StaffRoleFactory(user=second, trust=w.trust, role=StaffRole.Role.LINE_MANAGER, team=w.team)
    trust_wide = factories.UserFactory(username="trust_line_manager")
    factories.StaffRoleFactory(user=trust_wide, trust=w.trust, role=StaffRole.Role.LINE_MANAGER)
    plan = WellnessActionPlan.objects.create(peer=w.peer, review_on=datetime.date(2026, 12, 1))
    with frozen("2026-11-20"):
        share(w, plan, shared_with_line_manager=True)
        placement_services.update_placement(placement=w.placement, by=w.hr_officer, line_manager=second)
    with frozen("2026-11-29"):
        run_today()
    assert recipients(kind=Kind.WAP_REVIEW_DUE, subject=f"wap:{plan.pk}") == {"peer_worker", "line_manager"}
    # The peer agrees: the new line manager is told from then on, and the one before no longer.
    with frozen("2026-11-30"):
        services_supervision.confirm_wap_share(by=w.peer_worker, plan=plan, role="line_manager", person_id=second.pk)
        Notification.objects.filter(kind=Kind.WAP_REVIEW_DUE).delete()
        run_today()
    assert recipients(kind=Kind.WAP_REVIEW_DUE, subject=f"wap:{plan.pk}") == {"peer_worker", "second_line_manager"}


def test_an_overdue_wap_review_is_sent_once_per_agreed_date(samira):
    w = samira
    plan = WellnessActionPlan.objects.create(peer=w.peer, review_on=datetime.date(2026, 12, 1))
    with frozen("2026-12-03"):
        share(w, plan, shared_with_line_manager=True)
        created = run_today()
        again = run_today()
    assert created["WAP review overdue"] == 2
    assert again["WAP review overdue"] == 0
    assert {n.title for n in notes(kind=Kind.WAP_REVIEW_OVERDUE)} == {
        "Your Wellness Action Plan review was due on 1 Dec 2026",
        "Wellness Action Plan review for Samira Okafor overdue since 1 Dec 2026",
    }
    # A review that agrees a later date moves the reminder to it.
    plan.reviews.create(reviewed_on=datetime.date(2026, 12, 4), next_review_on=datetime.date(2027, 6, 1))
    with frozen("2026-12-10"):
        assert run_today()["WAP review overdue"] == 0


def test_a_plan_without_a_review_date_reminds_nobody(samira):
    plan = WellnessActionPlan.objects.create(peer=samira.peer)
    with frozen("2026-12-03"):
        share(samira, plan, shared_with_line_manager=True)
        created = run_today()
    assert created["WAP review due"] == created["WAP review overdue"] == 0


# --- Reviews and appraisals ----------------------------------------------------------------------------------


def test_the_three_month_review_goes_to_the_line_manager_when_due_and_again_when_overdue(samira):
    w = samira
    review = w.placement.reviews.get(kind="three_month")  # due 1 December 2026
    with frozen("2026-11-28"):
        created = run_today()
    due = notes(kind=Kind.REVIEW_DUE, subject=f"review:{review.pk}")
    assert [n.recipient for n in due] == [w.line_manager]
    assert due[0].title == "3-month interim review due for Samira Okafor on 1 Dec 2026"
    assert created["reviews due"] == 1
    with frozen("2026-12-02"):
        created = run_today()
    assert [n.recipient for n in notes(kind=Kind.REVIEW_OVERDUE, subject=f"review:{review.pk}")] == [w.line_manager]
    assert created["reviews due"] == 1

    review.held_on = datetime.date(2026, 12, 3)
    review.save()
    with frozen("2026-12-04"):
        Notification.objects.all().delete()
        assert run_today()["reviews due"] == 0


# --- Induction --------------------------------------------------------------------------------------------------


def _induction(w, *, done: int, total: int = 3) -> InductionPlan:
    plan = InductionPlan.objects.create(placement=w.placement, mentor=w.line_manager)
    for i in range(total):
        InductionItem.objects.create(
            plan=plan,
            section=InductionSection.MANDATORY_TRAINING,
            title=f"Item {i}",
            due_on=w.placement.start_date + datetime.timedelta(days=27),
            done_on=w.placement.start_date if i < done else None,
        )
    return plan


def test_induction_items_not_done_by_the_end_of_week_4_go_to_the_mentor_once(samira):
    w = samira
    plan = _induction(w, done=1)
    with frozen("2026-09-28"):  # the 28th day: week 4 has not ended
        assert run_today()["induction not done"] == 0
    with frozen("2026-09-29"):  # 1 September + 28 days
        assert run_today()["induction not done"] == 1
        assert run_today()["induction not done"] == 0
    (note,) = notes(kind=Kind.INDUCTION_OVERDUE)
    assert note.recipient == w.line_manager
    assert note.due_on == datetime.date(2026, 9, 29)
    assert note.subject == f"induction:{plan.pk}"
    assert note.title == "Induction of Samira Okafor: 2 items not done by the end of week 4 (29 Sep 2026)"


def test_a_finished_induction_reminds_nobody(samira):
    _induction(samira, done=3)
    with frozen("2026-10-15"):
        assert run_today()["induction not done"] == 0


# --- Who is not employed, and what titles never say ---------------------------------------------------------


def test_peers_without_a_current_placement_get_no_reminders(world):
    w = world
    place(w.peer, w.post, start=datetime.date(2026, 9, 1), end_date=datetime.date(2026, 9, 30))
    with frozen("2026-10-20"):
        created = run_today()
    assert sum(created.values()) == 0


def test_titles_say_what_is_due_and_for_whom_never_why(workforce):
    w = workforce
    w.attendance.notes = "Talked about a hospital admission."
    w.attendance.save()
    with frozen("2027-01-20"):
        run_today()
    texts = " ".join(f"{n.title} {n.subject} {n.url}" for n in Notification.objects.all())
    assert Notification.objects.count() > 0
    for secret in [
        "medication",
        "hospital",
        "Back-to-back",
        "Going quiet",
        "Cycling",
        "phased return",
        "Depression",
        "Feeling settled",
        "Somali",
    ]:
        assert secret.lower() not in texts.lower()
