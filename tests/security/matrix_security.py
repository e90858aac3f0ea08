"""Permission matrix rows for the sessions and sign-in pages (issue 8): every signed-in user may confirm their own
password; anyone else is sent to sign in."""

from tests.matrix import SIGNED_IN, Row, answers

ROWS: list[Row] = [
    Row("programmes:confirm-password", answers(ok=SIGNED_IN)),
]
