"""Notifications: created once per key, read and marked read only by their recipient, the list page and the
unread count in the navigation, and the daily digest email (one a day, only what was not emailed, none for
users without an email address, rolled back on failure)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from programmes import access, notifications, tasks
from programmes.context_processors import navigation
from programmes.models import DigestEmail, Notification
from programmes.notifications import NotificationDraft, create_notifications, new_run_id

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

DUE = datetime.date(2026, 12, 1)
Kind = Notification.Kind


def draft(user, n: int = 0, **fields) -> NotificationDraft:
    """A notification about an item no due rule knows ("example:"), so it stays due until read: these tests are
    about creating, reading and emailing notifications; tests/workforce/test_reminders_resolve.py has the rules."""
    values = {
        "recipient_id": user.pk,
        "kind": Kind.REVIEW_DUE,
        "subject": f"example:{n}",
        "due_on": DUE,
        "title": f"3-month interim review due for Peer {n} on 1 Dec 2026",
        "url": f"/employment/reviews/{n}/",
    }
    values.update(fields)
    return NotificationDraft(**values)


def notify(user, count: int = 1, start: int = 0) -> list[Notification]:
    create_notifications([draft(user, n) for n in range(start, start + count)], run=new_run_id())
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


# --- Creating them once --------------------------------------------------------------------------------------


def test_a_notification_is_created_once_per_recipient_kind_subject_and_due_date(world):
    w = world
    drafts = [draft(w.line_manager, 1), draft(w.line_manager, 1), draft(w.hr_officer, 1), draft(w.line_manager, 2)]
    assert create_notifications(drafts, run=new_run_id()) == 3
    assert create_notifications(drafts, run=new_run_id()) == 0
    # A new due date is a new reminder.
    assert create_notifications([draft(w.line_manager, 1, due_on=DUE + datetime.timedelta(days=30))], run="x") == 1
    assert Notification.objects.count() == 4


def test_creating_nothing_is_zero(world):
    assert create_notifications([], run=new_run_id()) == 0


# --- Reading and marking read ---------------------------------------------------------------------------------


def test_unread_count_and_marking_read_touch_only_the_users_own(world):
    w = world
    mine = notify(w.line_manager, 3)
    theirs = notify(w.hr_officer, 1)
    assert notifications.unread_count(w.line_manager) == 3
    assert notifications.mark_read(w.line_manager, [mine[0].pk, theirs[0].pk]) == 1
    assert notifications.unread_count(w.line_manager) == 2
    assert notifications.unread_count(w.hr_officer) == 1  # someone else's id is ignored
    assert notifications.mark_all_read(w.line_manager) == 2
    assert notifications.unread_count(w.line_manager) == 0
    assert Notification.objects.get(pk=theirs[0].pk).read_at is None


def test_the_list_shows_own_notifications_newest_first_with_unread_in_words(client, world):
    w = world
    # Subjects no due rule knows (there are no such reviews): they stay due until read (tests of the rules:
    # tests/workforce/test_reminders_resolve.py).
    create_notifications([draft(w.line_manager, n, subject=f"example:{n}") for n in range(2)], run=new_run_id())
    notify(w.hr_officer, 1, start=10)
    Notification.objects.filter(recipient=w.line_manager, subject="example:0").update(read_at=timezone.now())
    client.force_login(w.line_manager)
    response = client.get(reverse("programmes:notification-list"))
    html = response.content.decode()
    assert [n.subject for n in response.context["notifications"]] == ["example:1", "example:0"]
    assert response.context["done"] == []
    assert "Peer 10" not in html
    assert "Unread" in html and "Read on" in html
    assert "You have 1 unread notification." in html
    assert "Notifications (1 unread)" in html  # the navigation


def test_the_list_is_paginated_and_has_an_empty_state(client, world):
    w = world
    client.force_login(w.line_manager)
    assert "No notifications yet." in client.get(reverse("programmes:notification-list")).content.decode()
    notify(w.line_manager, 30)
    response = client.get(reverse("programmes:notification-list"))
    assert len(response.context["notifications"]) == 25
    assert "Page 1 of 2" in response.content.decode()
    assert len(client.get(reverse("programmes:notification-list") + "?page=2").context["notifications"]) == 5


def test_marking_one_read_returns_to_the_page_it_came_from(client, world):
    w = world
    (note,) = notify(w.line_manager)
    client.force_login(w.line_manager)
    url = reverse("programmes:notification-read", args=[note.pk])
    assert "Mark as read" in client.get(url).content.decode()
    back = reverse("programmes:notification-list") + "?page=1"
    response = client.post(url, {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    note.refresh_from_db()
    assert note.read_at is not None
    # An address elsewhere is not followed.
    response = client.post(url, {"next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("programmes:notification-list")


def test_someone_elses_notification_is_not_found_and_stays_unread(client, world):
    w = world
    (note,) = notify(w.hr_officer)
    client.force_login(w.line_manager)
    url = reverse("programmes:notification-read", args=[note.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_as_read(client, world):
    w = world
    notify(w.line_manager, 3)
    notify(w.hr_officer, 1)
    client.force_login(w.line_manager)
    assert (
        "You have 3 unread notifications." in client.get(reverse("programmes:notification-read-all")).content.decode()
    )
    response = client.post(reverse("programmes:notification-read-all"), follow=True)
    assert "Marked 3 notifications as read." in response.content.decode()
    assert "Notifications (" not in response.content.decode()  # nothing unread in the navigation
    assert notifications.unread_count(w.hr_officer) == 1


def test_the_unread_count_in_the_navigation_costs_one_query(client, world, django_assert_num_queries):
    w = world
    notify(w.peer_worker, 4)
    client.force_login(w.peer_worker)
    assert "Notifications (4 unread)" in client.get(reverse("programmes:code-of-conduct")).content.decode()
    request = RequestFactory().get("/")
    request.user = w.peer_worker
    access.scope(w.peer_worker)  # the scope is read once per request anyway
    with django_assert_num_queries(1):
        assert navigation(request)["nav"]["unread_notifications"] == 4


# --- The daily digest --------------------------------------------------------------------------------------------


def test_one_digest_a_day_listing_each_title_due_date_and_link(world, settings):
    w = world
    settings.SITE_URL = "https://peers.example.nhs.uk/"
    notify(w.line_manager, 3)
    assert tasks.send_digests(DUE.isoformat()) == 1
    (message,) = mail.outbox
    assert message.to == [w.line_manager.email]
    assert message.subject == "Peer support: 3 things due"
    for n in range(3):
        assert f"3-month interim review due for Peer {n} on 1 Dec 2026" in message.body
        assert f"https://peers.example.nhs.uk/employment/reviews/{n}/" in message.body
    assert "Due: 1 Dec 2026" in message.body
    assert 'href="https://peers.example.nhs.uk/employment/reviews/0/"' in message.alternatives[0][0]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert DigestEmail.objects.get().notification_count == 3


def test_running_the_digest_twice_sends_one_email(world):
    w = world
    notify(w.line_manager, 1)
    assert tasks.send_digests(DUE.isoformat()) == 1
    assert tasks.send_digests(DUE.isoformat()) == 0
    Notification.objects.update(emailed_at=None)  # even if the send was queued twice (beat firing twice)
    assert tasks.send_digest(w.line_manager.pk, DUE.isoformat()) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Peer support: 1 thing due"


def test_new_notifications_after_todays_digest_wait_for_tomorrows(world):
    w = world
    notify(w.line_manager, 1)
    assert tasks.send_digest(w.line_manager.pk, DUE.isoformat()) is True
    notify(w.line_manager, 1, start=5)
    assert tasks.send_digest(w.line_manager.pk, DUE.isoformat()) is False
    assert len(mail.outbox) == 1
    next_day = (DUE + datetime.timedelta(days=1)).isoformat()
    assert tasks.send_digests(next_day) == 1
    assert len(mail.outbox) == 2
    assert "Peer 5" in mail.outbox[1].body and "Peer 0" not in mail.outbox[1].body  # only what was not emailed


def test_users_without_an_email_address_get_none_and_keep_their_notifications(world):
    w = world
    w.line_manager.email = ""
    w.line_manager.save()
    notify(w.line_manager, 2)
    assert tasks.send_digests(DUE.isoformat()) == 0
    assert tasks.send_digest(w.line_manager.pk, DUE.isoformat()) is False
    assert not mail.outbox
    assert Notification.objects.filter(recipient=w.line_manager, emailed_at__isnull=True).count() == 2
    assert not DigestEmail.objects.exists()


def test_a_failed_send_rolls_back_and_the_next_run_sends(world):
    w = world
    notify(w.line_manager, 2)
    failing = mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError)
    with failing, pytest.raises(ConnectionRefusedError):
        tasks.send_digest(w.line_manager.pk, DUE.isoformat())
    assert not DigestEmail.objects.exists()
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2
    assert tasks.send_digest(w.line_manager.pk, DUE.isoformat()) is True
    assert len(mail.outbox) == 1


def test_nothing_to_send_sends_nothing(world):
    assert tasks.send_digests(DUE.isoformat()) == 0
    assert tasks.send_digest(world.line_manager.pk, DUE.isoformat()) is False
    assert not mail.outbox
