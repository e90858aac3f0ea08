"""Signing in and out, lock-out after repeated failures, and password reset by email."""

import re

from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_staff_sign_in_and_land_on_their_home_page(world, client):
    response = sign_in(client, "hr_officer", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:home")
    home = client.get(reverse("programmes:home")).content.decode()
    assert "Posts and peers" in home


def test_a_wrong_password_is_refused_with_a_message(world, client):
    response = sign_in(client, "hr_officer", "not the password")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_out_from_that_address(world, client):
    for _ in range(5):
        sign_in(client, "hr_officer", "guess", REMOTE_ADDR="203.0.113.9")
    response = sign_in(client, "hr_officer", TEST_PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not locked out by someone else's guesses.
    assert sign_in(client, "hr_officer", TEST_PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_signing_out_ends_the_session(world, client):
    client.force_login(world.hr_officer)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("programmes:home"))["Location"].startswith(reverse("login"))


def test_password_reset_by_email_sets_a_new_password(world, client):
    user = world.peer_worker
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a-long-new-password-for-samira"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(world, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_weak_new_passwords_are_refused(world, client):
    client.force_login(world.hr_officer)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "password", "new_password2": "password"},
    )
    assert response.status_code == 200
    assert "This password is too common" in response.content.decode()
