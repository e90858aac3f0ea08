"""The "what needs me" home page on the demo `make seed` builds (issue 15): for each of the six demo users, the
page is not empty, and every reminder the daily jobs raised for them is on it, in the part of their role (not
only among the unread reminders), linking to a page that opens for them. The demo is built once for the module,
on a fixed day, and rolled back at the end."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from html.parser import HTMLParser

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from programmes import home, notifications
from programmes.models import Notification

DAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
USERS = ["hr", "peerlead", "manager", "supervisor", "panel", "peer"]


class Needs(HTMLParser):
    """The links of the "what needs you" part of a page, by the part of the page they are in."""

    def __init__(self):
        super().__init__()
        self.part = None
        self.depth = 0  # <section> depth inside a part
        self.in_needs = False
        self.links: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id") == "what-needs-you":
            self.in_needs = True
        elif tag == "section" and self.in_needs and "data-part" in attrs:
            self.part, self.depth = attrs["data-part"], 0
        elif tag == "section" and self.part:
            self.depth += 1
        elif tag == "a" and self.part:
            self.links.setdefault(self.part, []).append(attrs["href"])

    def handle_endtag(self, tag):
        if tag != "section":
            return
        if self.part and self.depth:
            self.depth -= 1
        elif self.part:
            self.part = None
        elif self.in_needs:
            self.in_needs = False


def needs_on(html: str) -> dict[str, list[str]]:
    parser = Needs()
    parser.feed(html)
    return parser.links


def run(*command) -> str:
    out = io.StringIO()
    call_command(*command, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, as `make seed` builds it, with the day's reminders: once for the module, then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(DAY, tick=False):
            for command in ("seed_demo", "seed_recruitment_demo", "seed_workforce_demo", "seed_development_demo"):
                run(command)
            run("run_reminders")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def on_the_day(demo, db):
    with time_machine.travel(DAY, tick=False):
        yield


def page_of(client, username) -> tuple[object, dict[str, list[str]]]:
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    response = client.get(reverse("programmes:home"))
    assert response.status_code == 200
    return user, needs_on(response.content.decode())


@pytest.mark.parametrize("username", USERS)
def test_the_demo_shows_each_user_what_needs_them(client, on_the_day, username):
    _user, parts = page_of(client, username)
    in_roles = [link for part, links in parts.items() if part != "reminders" for link in links]
    assert in_roles, f"{username} sees nothing that needs them: {parts}"


@pytest.mark.parametrize("username", USERS)
def test_every_reminder_raised_for_the_user_is_on_their_home_page_in_their_role(client, on_the_day, username):
    user, parts = page_of(client, username)
    raised = list(Notification.objects.filter(recipient=user))
    in_roles = {link for part, links in parts.items() if part != "reminders" for link in links}
    for notification in raised:
        assert notification.url in in_roles, (username, notification.title, notification.url, parts)
    # The unread reminders are listed apart as well, the first of them with a link to them all.
    if raised:
        listed = [link for link in parts["reminders"] if link != reverse("programmes:notification-list")]
        assert len(listed) == min(len(raised), home.SHOWN) and set(listed) <= {n.url for n in raised}


@pytest.mark.parametrize("username", USERS)
def test_every_link_on_the_home_page_opens_for_the_user(client, on_the_day, username):
    _user, parts = page_of(client, username)
    for link in {link for links in parts.values() for link in links}:
        response = client.get(link)
        # Occupational health and DBS ask for the password again first (issue 8): a page that opens after it.
        if response.status_code == 302:
            assert reverse("programmes:confirm-password") in response["Location"], (username, link)
            continue
        assert response.status_code == 200, (username, link)


def test_each_demo_user_sees_the_parts_of_their_roles(client, on_the_day):
    expected = {
        "hr": {"keeper"},
        "peerlead": {"keeper"},
        "manager": {"line_manager"},
        "supervisor": {"supervisor", "own"},  # the senior peer worker: a peer in post too (issue 17)
        "panel": {"panel"},
        "peer": {"own"},
    }
    for username, roles in expected.items():
        _user, parts = page_of(client, username)
        assert roles <= set(parts), (username, set(parts))
        assert not ({"keeper", "line_manager", "supervisor", "panel", "own"} - roles) & set(parts), username


def test_the_reminders_on_the_home_page_are_those_still_due(client, on_the_day):
    user = get_user_model().objects.get(username="manager")
    unread = list(Notification.objects.filter(recipient=user, read_at__isnull=True))
    shown, total = notifications.unread_still_due(user, DAY.date())
    assert total == len(unread) and {n.pk for n in shown} == {n.pk for n in unread}
