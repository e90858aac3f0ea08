"""Permission matrix rows for single sign-on (issue 20): a provider that does not exist (or is off) is a 404 for
everyone; signing in at the provider again is for signed-in users, and a session signed in with a password is sent
to "Confirm your password" instead (tests/sso/test_sign_in.py follows a real provider's sign-in)."""

from tests.matrix import LOGIN, Row, answers

NOWHERE = lambda w: {"slug": "nowhere"}  # noqa: E731
CONFIRM_PASSWORD = "302 to /confirm-password/?next=%2F"

ROWS: list[Row] = [
    Row("sso:start", answers(default=404, anonymous=404), NOWHERE),
    Row("sso:callback", answers(default=404, anonymous=404), NOWHERE),
    Row("sso:reauthenticate", answers(default=CONFIRM_PASSWORD, anonymous=LOGIN)),
]
