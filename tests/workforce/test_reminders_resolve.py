"""Reminders that resolve themselves (issue 15): when the work a reminder is about is done or rescheduled through
the service that does it (supervision held, a review recorded, a Wellness Action Plan review held or its date
moved, the last induction item ticked off, training completed or renewed), the reminder stops counting as unread
at once, in the service's transaction, and leaves the home page; the notification list shows it among the done.
Work that does not settle the item (a session only planned, one item of several) leaves the reminder due."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from development import services_training
from development.models import TrainingRecord
from programmes import notifications
from programmes.models import Notification, Programme
from tests import factories
from tests.workforce.world import START, place
from workforce import reminders, services_supervision
from workforce import services as placement_services
from workforce.models import EmploymentReview, SupervisionKind

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

Kind = Notification.Kind


def frozen(day: str):
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T09:00:00+00:00"), tick=False)


def raised(**filters) -> Notification:
    notification = Notification.objects.get(**filters)
    assert notification.read_at is None
    return notification


def home_of(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("programmes:home"))
    assert response.status_code == 200
    return response.content.decode()


def assert_settled(client, notification: Notification) -> None:
    """Gone from the unread count and from the home page, and listed among the done."""
    notification.refresh_from_db()
    user = notification.recipient
    assert notification.read_at is not None
    assert notification.pk not in set(
        Notification.objects.filter(recipient=user, read_at__isnull=True).values_list("pk", flat=True)
    )
    assert notification.title not in home_of(client, user)
    page = client.get(reverse("programmes:notification-list"))
    assert notification in page.context["done"] and notification not in page.context["still_due"]
    assert "Done or rescheduled since" in page.content.decode()


def assert_still_due(client, notification: Notification) -> None:
    notification.refresh_from_db()
    assert notification.read_at is None
    assert notification.title in home_of(client, notification.recipient)
    page = client.get(reverse("programmes:notification-list"))
    assert notification in page.context["still_due"]


# --- Supervision held ----------------------------------------------------------------------------------------


def test_a_supervision_session_held_settles_the_overdue_reminders_of_the_peer_and_the_line_manager(workforce, client):
    w = workforce
    with frozen("2026-11-25"):  # managerial supervision last held 2 November: weekly in the first months
        reminders.run(timezone.localdate())
        subject = f"supervision:{w.peer.pk}:managerial"
        to_manager = raised(kind=Kind.SUPERVISION_OVERDUE, subject=subject, recipient=w.line_manager)
        to_peer = raised(kind=Kind.SUPERVISION_OVERDUE, subject=subject, recipient=w.peer_worker)
        escalated = raised(kind=Kind.SUPERVISION_ESCALATED, subject=subject, recipient=w.line_manager)
        unread_before = notifications.unread_count(w.line_manager)
        services_supervision.record_session(
            by=w.line_manager,
            kind=SupervisionKind.MANAGERIAL,
            format="individual",
            date=timezone.localdate(),
            supervisor=w.line_manager,
            attendees=[w.peer],
        )
        assert notifications.unread_count(w.line_manager) == unread_before - 2  # overdue, and escalated
        assert_settled(client, to_manager)
        assert_settled(client, escalated)
        assert_settled(client, to_peer)


def test_a_session_only_planned_leaves_the_reminder_due_until_it_is_marked_held(workforce, client):
    w = workforce
    with frozen("2026-11-25"):
        reminders.run(timezone.localdate())
        to_manager = raised(
            kind=Kind.SUPERVISION_OVERDUE, subject=f"supervision:{w.peer.pk}:managerial", recipient=w.line_manager
        )
        planned = services_supervision.record_session(
            by=w.line_manager,
            kind=SupervisionKind.MANAGERIAL,
            format="individual",
            date=timezone.localdate() + datetime.timedelta(days=2),
            supervisor=w.line_manager,
            attendees=[w.peer],
            status="planned",
        )
        assert_still_due(client, to_manager)
    with frozen("2026-11-27"):
        services_supervision.mark_held(session=planned, by=w.line_manager)
        assert_settled(client, to_manager)


# --- A review recorded --------------------------------------------------------------------------------------


def test_a_review_recorded_settles_its_overdue_reminder(workforce, client):
    w = workforce
    with frozen("2026-12-05"):  # the 3-month review was due on 1 December
        reminders.run(timezone.localdate())
        note = raised(kind=Kind.REVIEW_OVERDUE, subject=f"review:{w.review.pk}", recipient=w.line_manager)
        placement_services.record_review(review=w.review, by=w.line_manager, held_on=timezone.localdate())
        assert_settled(client, note)


def test_another_review_recorded_leaves_the_reminder_due(workforce, client):
    w = workforce
    with frozen("2026-12-05"):
        reminders.run(timezone.localdate())
        note = raised(kind=Kind.REVIEW_OVERDUE, subject=f"review:{w.review.pk}", recipient=w.line_manager)
        appraisal = w.placement.reviews.get(kind=EmploymentReview.Kind.APPRAISAL)
        placement_services.record_review(review=appraisal, by=w.line_manager, held_on=timezone.localdate())
        assert_still_due(client, note)


# --- A Wellness Action Plan review held, or its date moved ---------------------------------------------------------


def test_moving_the_plans_review_date_settles_the_reminder_of_the_old_date(workforce, client):
    w = workforce
    with frozen("2026-11-29"):  # Samira's plan is due for review on 1 December
        reminders.run(timezone.localdate())
        note = raised(kind=Kind.WAP_REVIEW_DUE, subject=f"wap:{w.wap.pk}", recipient=w.peer_worker)
        services_supervision.save_wap(by=w.peer_worker, peer=w.peer, review_on=datetime.date(2027, 3, 1))
        assert_settled(client, note)


def test_a_plan_review_held_settles_the_reminder_of_the_peer_and_of_the_line_manager_it_is_shared_with(
    workforce, client
):
    w = workforce
    w.wap.shared_with_line_manager, w.wap.line_manager_shared_with = True, w.line_manager
    w.wap.save()
    with frozen("2026-12-03"):  # overdue since 1 December
        reminders.run(timezone.localdate())
        subject = f"wap:{w.wap.pk}"
        to_peer = raised(kind=Kind.WAP_REVIEW_OVERDUE, subject=subject, recipient=w.peer_worker)
        to_manager = raised(kind=Kind.WAP_REVIEW_OVERDUE, subject=subject, recipient=w.line_manager)
        services_supervision.record_wap_review(
            by=w.peer_worker, plan=w.wap, reviewed_on=timezone.localdate(), next_review_on=datetime.date(2027, 6, 1)
        )
        assert_settled(client, to_peer)
        assert_settled(client, to_manager)


# --- Induction items done --------------------------------------------------------------------------------------


def test_the_last_induction_item_done_settles_the_mentors_reminder(workforce, client):
    w = workforce
    with frozen("2026-10-05"):  # week 4 ended on 29 September with four items left
        reminders.run(timezone.localdate())
        note = raised(kind=Kind.INDUCTION_OVERDUE, subject=f"induction:{w.induction.pk}", recipient=w.line_manager)
        *first, last = w.induction_items
        for item in first:
            placement_services.mark_item_done(item=item, by=w.line_manager, done_on=START)
        assert_still_due(client, note)
        placement_services.mark_item_done(item=last, by=w.line_manager, done_on=timezone.localdate())
        assert_settled(client, note)


# --- Training recorded ------------------------------------------------------------------------------------------


@pytest.fixture
def in_training(world):
    """A peer with an account, placed on 31 August 2026 under place and train."""
    w = world
    Programme.objects.filter(trust=w.trust).update(training_model=Programme.TrainingModel.PLACE_AND_TRAIN)
    w.trainee = factories.PeerFactory(trust=w.trust, full_name="Amina Yusuf", user=factories.UserFactory())
    place(w.trainee, factories.PostFactory(team=w.team, holder=w.trainee), start=datetime.date(2026, 8, 31))
    return w


def test_peer_support_training_completed_settles_the_place_and_train_reminder(in_training, client):
    w = in_training
    with frozen("2027-02-01"):
        reminders.run(timezone.localdate())
        note = raised(kind=Kind.PEER_SUPPORT_TRAINING_DUE, recipient=w.trainee.user)
        services_training.record_training(
            by=w.hr_officer,
            peer=w.trainee,
            category=TrainingRecord.Category.PEER_SUPPORT,
            title="Peer support worker training",
            completed_on=timezone.localdate(),
        )
        assert_settled(client, note)


def test_expiring_training_renewed_settles_its_reminder_and_is_not_raised_again(in_training, client):
    w = in_training
    old = TrainingRecord.objects.create(
        peer=w.trainee,
        category=TrainingRecord.Category.MANDATORY,
        title="Safeguarding adults level 2",
        completed_on=datetime.date(2025, 12, 1),
        expires_on=datetime.date(2026, 12, 1),
    )
    with frozen("2026-11-20"):
        reminders.run(timezone.localdate())
        note = raised(kind=Kind.TRAINING_EXPIRING, subject=f"training-expiry:{old.pk}", recipient=w.trainee.user)
        services_training.record_training(
            by=w.trainee.user,
            peer=w.trainee,
            category=TrainingRecord.Category.MANDATORY,
            title="Safeguarding Adults Level 2",
            completed_on=timezone.localdate(),
            expires_on=datetime.date(2027, 11, 20),
        )
        assert_settled(client, note)
        reminders.run(timezone.localdate())
        assert not Notification.objects.filter(subject=f"training-expiry:{old.pk}", read_at__isnull=True).exists()


# --- The home page's reminders re-evaluate the rule ------------------------------------------------------------


def test_a_reminder_done_without_its_service_is_not_counted_on_the_home_page(workforce, client):
    """Work saved without the service (the admin, a data fix) is caught by the due rule when the page is shown."""
    w = workforce
    with frozen("2026-12-05"):
        reminders.run(timezone.localdate())
        note = raised(kind=Kind.REVIEW_OVERDUE, subject=f"review:{w.review.pk}", recipient=w.line_manager)
        assert note.title in home_of(client, w.line_manager)
        EmploymentReview.objects.filter(pk=w.review.pk).update(held_on=timezone.localdate())
        assert note.title not in home_of(client, w.line_manager)
        page = client.get(reverse("programmes:notification-list"))
        assert note in page.context["done"]


def test_the_daily_digest_leaves_out_a_reminder_whose_work_was_done_before_it_was_sent(workforce):
    from django.core import mail

    w = workforce
    w.line_manager.email = "maya@example.org"
    w.line_manager.save()
    with frozen("2026-11-25"):
        reminders.run(timezone.localdate())
        subject = f"supervision:{w.peer.pk}:managerial"
        overdue = raised(kind=Kind.SUPERVISION_OVERDUE, subject=subject, recipient=w.line_manager)
        services_supervision.record_session(
            by=w.line_manager,
            kind=SupervisionKind.MANAGERIAL,
            format="individual",
            date=timezone.localdate(),
            supervisor=w.line_manager,
            attendees=[w.peer],
        )
        mail.outbox.clear()
        notifications.send_digest(user_id=w.line_manager.pk, day=timezone.localdate())
        sent = "\n".join(message.body for message in mail.outbox)
        assert overdue.title not in sent
        overdue.refresh_from_db()
        assert overdue.emailed_at is not None  # carried off, so it does not wait for tomorrow's digest
