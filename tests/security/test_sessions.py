"""Sessions and sign-in (issue 8, OWASP ASVS 5.0 level 2): a new session key at sign-in, the idle and absolute
limits, every session of a deactivated user or a changed password ending, the lock-out keyed on the real client
address behind proxies, password rules, and the password asked for again before OH and DBS records."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY, password_validation
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import SensitiveAccessLog
from programmes.security import CONFIRMED_AT, LAST_SEEN_COOKIE, SIGNED_IN_AT, client_ip_address
from tests.factories import TEST_PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent.parent
T0 = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)
HOME = reverse("programmes:home")
NEW_PASSWORD = "a-long-new-password-for-the-test"


def sign_in(client, username, password=TEST_PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def sent_to_sign_in(response, next_url: str = HOME) -> bool:
    if response.status_code != 302:
        return False
    parts = urlsplit(response["Location"])
    return parts.path == reverse("login") and parse_qs(parts.query).get("next") == [next_url]


def sessions_of(user) -> list[str]:
    return [s.session_key for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(user.pk)]


# --- A new session at sign-in -------------------------------------------------------------------------------


def test_signing_in_gives_a_new_session_key_and_drops_the_old_one(world, client):
    before = client.session  # an anonymous session, e.g. one an attacker planted in the browser
    before["planted"] = "by someone else"
    before.save()
    old_key = before.session_key
    assert sign_in(client, "hr_officer").status_code == 302
    new_key = client.session.session_key
    assert old_key and new_key and new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.session[SESSION_KEY] == str(world.hr_officer.pk)


# --- Idle and absolute limits --------------------------------------------------------------------------------


def test_a_session_idle_for_more_than_30_minutes_ends_with_a_message(world, client):
    with time_machine.travel(T0, tick=False) as clock:
        sign_in(client, "hr_officer")
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(minutes=29))  # 58 minutes after signing in, 29 after the last page
        assert client.get(HOME).status_code == 200
        old_key = client.session.session_key
        clock.shift(datetime.timedelta(minutes=30, seconds=1))
        response = client.get(HOME)
        assert sent_to_sign_in(response)
        assert SESSION_KEY not in client.session
        assert not Session.objects.filter(session_key=old_key).exists()  # flushed, not just forgotten
        message = [str(m) for m in get_messages(client.get(response["Location"]).wsgi_request)]
        assert message == ["You were signed out after 30 minutes without activity. Sign in again to carry on."]
        assert sent_to_sign_in(client.get(HOME))


def test_a_session_ends_10_hours_after_signing_in_however_busy(world, client):
    with time_machine.travel(T0, tick=False) as clock:
        sign_in(client, "line_manager")
        for _ in range(29):  # a page every 20 minutes, up to 9 h 40 min
            clock.shift(datetime.timedelta(minutes=20))
            assert client.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(minutes=19, seconds=59))  # 9 h 59 min 59 s
        assert client.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(seconds=2))
        response = client.get(HOME)
        assert sent_to_sign_in(response)
        message = [str(m) for m in get_messages(client.get(response["Location"]).wsgi_request)]
        assert message == [
            "You have been signed in for 10 hours, the longest a session lasts. Sign in again to carry on."
        ]


def test_the_limits_follow_the_settings(world, client, settings):
    settings.SESSION_IDLE_MINUTES = 5
    settings.SESSION_ABSOLUTE_HOURS = 1
    with time_machine.travel(T0, tick=False) as clock:
        client.force_login(world.hr_officer)
        clock.shift(datetime.timedelta(minutes=5, seconds=1))
        assert sent_to_sign_in(client.get(HOME))
        client.force_login(world.hr_officer)
        for _ in range(15):
            clock.shift(datetime.timedelta(minutes=4))
            assert client.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(minutes=1))  # 61 minutes after signing in
        assert sent_to_sign_in(client.get(HOME))


def test_an_expired_session_sends_the_user_back_to_the_page_after_signing_in_again(world, client):
    page = reverse("programmes:peer-detail", args=[world.peer.pk])
    with time_machine.travel(T0, tick=False) as clock:
        sign_in(client, "hr_officer")
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(page)
        assert sent_to_sign_in(response, next_url=page)
        again = client.post(response["Location"], {"username": "hr_officer", "password": TEST_PASSWORD})
        assert again["Location"] == page
        assert client.get(page).status_code == 200


def session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(1 for q in captured.captured_queries if '"django_session"' in q["sql"] and "SELECT" not in q["sql"])


def test_keeping_track_of_activity_writes_nothing_to_the_database(world, client):
    with time_machine.travel(T0, tick=False) as clock:
        client.force_login(world.hr_officer)
        for minutes in (0, 1, 10, 25):
            clock.shift(datetime.timedelta(minutes=minutes))
            assert session_writes(client, HOME) == 0
        cookie = client.cookies[LAST_SEEN_COOKIE]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_last_seen_cookie_cannot_be_forged_or_carried_to_another_session(world):
    with time_machine.travel(T0, tick=False) as clock:
        busy, idle = two_browsers("hr_officer")
        clock.shift(datetime.timedelta(minutes=31))
        assert busy.get(HOME).status_code == 302  # both idle since signing in
        busy, idle = two_browsers("hr_officer")
        clock.shift(datetime.timedelta(minutes=20))
        assert busy.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(minutes=20))
        # 40 minutes idle: the busy browser's fresh cookie does not vouch for the idle browser's session,
        idle.cookies[LAST_SEEN_COOKIE] = busy.cookies[LAST_SEEN_COOKIE].value
        assert sent_to_sign_in(idle.get(HOME))
        # nor does a cookie the browser wrote itself.
        _, forged = two_browsers("hr_officer")
        clock.shift(datetime.timedelta(minutes=31))
        forged.cookies[LAST_SEEN_COOKIE] = forged.session.session_key
        assert sent_to_sign_in(forged.get(HOME))


def test_a_session_from_before_the_limits_existed_is_ended(world, client):
    client.force_login(world.hr_officer)
    session = client.session
    del session[SIGNED_IN_AT], session[CONFIRMED_AT]
    session.save()
    assert sent_to_sign_in(client.get(HOME))


# --- Every session ends on deactivation or a new password -----------------------------------------------------


def two_browsers(username: str) -> tuple[Client, Client]:
    first, second = Client(), Client()
    for browser in (first, second):
        assert sign_in(browser, username).status_code == 302
        assert browser.get(HOME).status_code == 200
    return first, second


def test_deactivating_a_user_ends_all_their_sessions_for_good(world):
    first, second = two_browsers("line_manager")
    bystander, _ = two_browsers("hr_officer")
    user = world.line_manager
    assert len(sessions_of(user)) == 2

    user.is_active = False
    user.save()
    assert sessions_of(user) == []
    assert sent_to_sign_in(first.get(HOME)) and sent_to_sign_in(second.get(HOME))
    # Reactivated later, the account does not pick its old sessions back up.
    user.is_active = True
    user.save()
    assert sent_to_sign_in(first.get(HOME)) and sent_to_sign_in(second.get(HOME))
    assert bystander.get(HOME).status_code == 200


def test_unticking_active_in_the_admin_ends_all_the_users_sessions(world, client):
    first, second = two_browsers("supervisor")
    user = world.supervisor
    client.force_login(world.administrator)
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "is_active": "",
            "groups": [],
            "user_permissions": [],
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "last_login_0": "",
            "last_login_1": "",
        }
    )
    data = {k: v for k, v in data.items() if k not in {"is_active", "date_joined", "last_login"} or v}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert not user.is_active
    assert sessions_of(user) == []
    assert sent_to_sign_in(first.get(HOME)) and sent_to_sign_in(second.get(HOME))


def test_changing_ones_password_ends_the_other_sessions_and_keeps_this_one(world):
    here, elsewhere = two_browsers("peer_worker")
    response = here.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("password_change_done")
    assert here.get(HOME).status_code == 200
    assert sent_to_sign_in(elsewhere.get(HOME))
    assert SESSION_KEY not in elsewhere.session


def test_an_administrator_setting_a_password_ends_all_the_users_sessions(world, client):
    first, second = two_browsers("peer_lead")
    client.force_login(world.administrator)
    url = reverse("admin:auth_user_password_change", args=[world.peer_lead.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    world.peer_lead.refresh_from_db()
    assert world.peer_lead.check_password(NEW_PASSWORD)
    assert sent_to_sign_in(first.get(HOME)) and sent_to_sign_in(second.get(HOME))
    assert client.get(reverse("admin:index")).status_code == 200  # the administrator's own session is untouched


# --- Lock-out by username and client address, behind proxies -----------------------------------------------


def fail_five_times(client, **extra_per_attempt):
    for i in range(5):
        extra = {k: (v(i) if callable(v) else v) for k, v in extra_per_attempt.items()}
        assert sign_in(client, "hr_officer", "a wrong guess", **extra).status_code in (200, 429)  # 429: the 5th


def test_without_proxies_a_forged_forwarded_for_does_not_dodge_the_lockout(world, client, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    fail_five_times(client, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=lambda i: f"198.51.100.{i}")
    response = sign_in(client, "hr_officer", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_behind_one_proxy_the_address_the_proxy_saw_is_the_client(world, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # The client forges the left part of X-Forwarded-For; the proxy appends the address it really saw.
    fail_five_times(client, **proxy, HTTP_X_FORWARDED_FOR=lambda i: f"198.51.100.{i}, 203.0.113.9")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    locked = sign_in(client, "hr_officer", **proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9")
    assert locked.status_code == 429
    # Someone else coming through the same proxy is not locked out by those guesses.
    other = sign_in(Client(), "hr_officer", **proxy, HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.2"),
        (1, "", "10.0.0.2"),  # no header: the request did not come through the proxy
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: never trust the client's part
    ],
)
def test_the_client_address_is_counted_from_the_right(settings, rf, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip_address(request) == expected


# --- Passwords ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short-pass1", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("482915736048", "This password is entirely numeric."),
        ("samira.okafor.nhs", "The password is too similar to the"),
    ],
)
def test_weak_passwords_are_refused_by_the_validators(world, password, message):
    user = world.peer_worker
    user.username, user.email = "samira.okafor", "samira.okafor@example.org"
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password, user)
    assert any(m.startswith(message) for m in refused.value.messages), refused.value.messages
    password_validation.validate_password("a-long-new-password-for-the-test", user)  # a good one passes


# --- The password again before OH and DBS records -------------------------------------------------------------


@pytest.mark.parametrize("page", ["recruitment:occupational-health", "recruitment:dbs-detail"])
def test_oh_and_dbs_records_ask_for_the_password_again_after_15_minutes(recruitment, client, page):
    w = recruitment
    url = reverse(page, args=[w.application.pk])
    with time_machine.travel(T0, tick=False) as clock:
        client.force_login(w.hr_officer)
        assert client.get(url).status_code == 200
        logged = SensitiveAccessLog.objects.count()
        clock.shift(datetime.timedelta(minutes=15, seconds=1))
        response = client.get(url)
        assert response.status_code == 302
        parts = urlsplit(response["Location"])
        assert parts.path == reverse("programmes:confirm-password")
        assert parse_qs(parts.query)["next"] == [url]
        assert SensitiveAccessLog.objects.count() == logged  # nothing shown, nothing logged

        prompt = client.get(response["Location"])
        html = prompt.content.decode()
        assert "Confirm your password to continue" in html
        assert '<label class="form-label" for="id_password">Your password</label>' in html
        assert f'name="next" value="{url}"' in html

        wrong = client.post(reverse("programmes:confirm-password"), {"password": "not it", "next": url})
        html = wrong.content.decode()
        assert wrong.status_code == 200
        assert "There is a problem" in html
        assert 'aria-invalid="true" aria-describedby="id_password-error"' in html
        assert "The password is not right." in html
        assert client.get(url).status_code == 302

        right = client.post(reverse("programmes:confirm-password"), {"password": TEST_PASSWORD, "next": url})
        assert right["Location"] == url
        assert client.get(url).status_code == 200
        assert SensitiveAccessLog.objects.count() == logged + 1


def test_editing_an_oh_record_asks_for_the_password_again_too(recruitment, client):
    w = recruitment
    url = reverse("recruitment:occupational-health-update", args=[w.application.pk])
    with time_machine.travel(T0, tick=False) as clock:
        client.force_login(w.peer_lead)
        assert client.get(url).status_code == 200
        clock.shift(datetime.timedelta(minutes=16))
        assert urlsplit(client.get(url)["Location"]).path == reverse("programmes:confirm-password")
        assert urlsplit(client.post(url, {})["Location"]).path == reverse("programmes:confirm-password")


def test_a_forbidden_record_is_still_a_404_whatever_the_password(recruitment, client):
    w = recruitment
    with time_machine.travel(T0, tick=False) as clock:
        client.force_login(w.line_manager)
        clock.shift(datetime.timedelta(minutes=20))
        url = reverse("recruitment:occupational-health-update", args=[w.application.pk])
        assert client.get(url).status_code == 404


def test_the_reauthentication_time_follows_the_setting(recruitment, client, settings):
    settings.REAUTH_MINUTES = 2
    url = reverse("recruitment:dbs-detail", args=[recruitment.application.pk])
    with time_machine.travel(T0, tick=False) as clock:
        client.force_login(recruitment.hr_officer)
        clock.shift(datetime.timedelta(minutes=2))
        assert client.get(url).status_code == 200
        clock.shift(datetime.timedelta(seconds=1))
        assert client.get(url).status_code == 302


def test_placement_adjustments_are_hidden_until_the_password_is_confirmed(workforce, client):
    w = workforce
    url = reverse("workforce:placement-detail", args=[w.placement.pk])
    with time_machine.travel(T0, tick=False) as clock:
        client.force_login(w.hr_officer)
        assert w.placement.reasonable_adjustments in client.get(url).content.decode()
        clock.shift(datetime.timedelta(minutes=20))
        logged = SensitiveAccessLog.objects.filter(record_type=SensitiveAccessLog.RecordType.OCCUPATIONAL_HEALTH)
        before = logged.count()
        html = client.get(url).content.decode()
        assert w.placement.reasonable_adjustments not in html
        assert "Confirm your password to see them" in html
        assert logged.count() == before
        client.post(reverse("programmes:confirm-password"), {"password": TEST_PASSWORD, "next": url})
        assert w.placement.reasonable_adjustments in client.get(url).content.decode()
        assert logged.count() == before + 1
        edit = reverse("workforce:placement-update", args=[w.placement.pk])
        clock.shift(datetime.timedelta(minutes=16))
        assert urlsplit(client.get(edit)["Location"]).path == reverse("programmes:confirm-password")


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/steal", "//evil.example/steal", "/\\evil.example", "javascript:alert(1)", ""]
)
def test_confirming_the_password_returns_only_to_a_local_page(world, client, next_url):
    client.force_login(world.hr_officer)
    response = client.post(reverse("programmes:confirm-password"), {"password": TEST_PASSWORD, "next": next_url})
    assert response["Location"] == HOME


def test_wrong_passwords_at_the_prompt_count_towards_the_lockout(world, client):
    client.force_login(world.hr_officer)
    url = reverse("programmes:confirm-password")
    for _ in range(5):
        client.post(url, {"password": "a wrong guess", "next": HOME}, REMOTE_ADDR="203.0.113.9")
    response = client.post(url, {"password": TEST_PASSWORD, "next": HOME}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429


# --- Configuration ---------------------------------------------------------------------------------------------

SHOW = (
    "from django.conf import settings as s; "
    "print(s.SESSION_IDLE_MINUTES, s.SESSION_ABSOLUTE_HOURS, s.TRUSTED_PROXY_COUNT, s.REAUTH_MINUTES)"
)


def show_settings(**env) -> list[str]:
    names = {"SESSION_IDLE_MINUTES", "SESSION_ABSOLUTE_HOURS", "TRUSTED_PROXY_COUNT", "REAUTH_MINUTES"}
    environment = {k: v for k, v in os.environ.items() if k not in names}
    environment.update(env, DJANGO_SETTINGS_MODULE="peersupport.settings", DATABASE_URL="sqlite:///:memory:")
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {SHOW}"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_session_settings_default_and_come_from_the_environment():
    assert show_settings() == ["30.0", "10.0", "0", "15.0"]
    configured = show_settings(
        SESSION_IDLE_MINUTES="20", SESSION_ABSOLUTE_HOURS="8", TRUSTED_PROXY_COUNT="1", REAUTH_MINUTES="5"
    )
    assert configured == ["20.0", "8.0", "1", "5.0"]
