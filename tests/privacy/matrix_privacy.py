"""Permission matrix rows for the privacy pages: a peer's subject access export (the page, its JSON and its PDF),
subject access requests and legal holds. The peer sees their own export; HR and the peer lead of the peer's trust
see any of their peers' (a partial export); the information governance officer of the peer's trust sees it too
(the full export); legal holds are set and released by HR and the peer lead, never by the peer on their own
records; requests are listed for HR, the peer lead and the IG officer, recorded by them, and moved on by the IG
officer; anyone else gets a 404.

Each row also says what the IG officer of the world's trust ("ig_officer") and of the other trust
("other_trust_ig_officer") get: tests/privacy/test_ig_officer_matrix.py fetches them (the shared ROLES have no IG
officer; tests/privacy/ig.py adds the accounts)."""

from tests.matrix import ADMIN, KEEPERS, Row, answers
from tests.privacy.ig import add_ig_officers

OWN_AND_KEEPERS = (*KEEPERS, "peer_worker")
OWN_TRUST_IG = {"ig_officer": 200, "other_trust_ig_officer": 404}
OTHER_TRUST_IG = {"ig_officer": 404, "other_trust_ig_officer": 200}
NO_IG = {"ig_officer": 404, "other_trust_ig_officer": 404}


def _hold(w):
    """A legal hold in force on the applicant (made once per world)."""
    if not hasattr(w, "legal_hold"):
        from privacy import services

        w.legal_hold = services.set_legal_hold(peer=w.applicant, by=w.hr_officer, reason="A complaint.")
    return w.legal_hold


def _request(w):
    """A subject access request about the peer worker, recorded by HR (made once per world)."""
    if not hasattr(w, "access_request"):
        import datetime

        from privacy import services

        w.access_request = services.start_subject_access_request(
            peer=w.peer, by=w.hr_officer, requested_by="Samira herself", received_on=datetime.date(2026, 1, 5)
        )
    return w.access_request


peer = lambda w: {"pk": w.peer.pk}  # noqa: E731
applicant = lambda w: {"pk": w.applicant.pk}  # noqa: E731
other_trust_peer = lambda w: {"pk": w.other_trust_peer.pk}  # noqa: E731

ROWS: list[Row] = [
    *[
        row
        for name in ("privacy:subject-access", "privacy:subject-access-pdf")
        for row in (
            Row(name, answers(ok=OWN_AND_KEEPERS, **OWN_TRUST_IG), peer, label="own record for the peer"),
            Row(name, answers(ok=KEEPERS, **OWN_TRUST_IG), applicant, label="an applicant"),
            Row(
                name,
                answers(ok=("other_trust_staff", *ADMIN), **OTHER_TRUST_IG),
                other_trust_peer,
                label="other trust",
            ),
        )
    ],
    Row("privacy:legal-hold-create", answers(ok=KEEPERS, **NO_IG), peer, label="own record for the peer"),
    Row("privacy:legal-hold-create", answers(ok=KEEPERS, **NO_IG), applicant, label="an applicant"),
    Row("privacy:legal-hold-release", answers(ok=KEEPERS, **NO_IG), lambda w: {"pk": _hold(w).pk}),
    # Every member of staff holding HR, the peer lead or IG sees the list (of their own trusts' requests).
    Row(
        "privacy:request-list",
        answers(ok=(*KEEPERS, "other_trust_staff"), ig_officer=200, other_trust_ig_officer=200),
    ),
    Row("privacy:request-create", answers(ok=KEEPERS, **OWN_TRUST_IG), peer, label="own record for the peer"),
    Row("privacy:request-create", answers(ok=KEEPERS, **OWN_TRUST_IG), applicant, label="an applicant"),
    Row(
        "privacy:request-create",
        answers(ok=("other_trust_staff", *ADMIN), **OTHER_TRUST_IG),
        other_trust_peer,
        label="other trust",
    ),
    Row("privacy:request-status", answers(ok=ADMIN, **OWN_TRUST_IG), lambda w: {"pk": _request(w).pk}),
]

# What else the IG officer opens (and does not): the peer list and page of their trust to find the person, and
# nothing of recruitment, employment, development or the dashboard.
IG_ELSEWHERE: list[Row] = [
    Row("programmes:home", answers(**{"ig_officer": 200, "other_trust_ig_officer": 200})),
    Row("programmes:peer-list", answers(**{"ig_officer": 200, "other_trust_ig_officer": 200})),
    Row("programmes:peer-detail", answers(**OWN_TRUST_IG), peer, label="own trust"),
    Row("programmes:peer-detail", answers(**OTHER_TRUST_IG), other_trust_peer, label="other trust"),
    Row("programmes:peer-update", answers(**NO_IG), peer),
    Row("programmes:peer-access-log", answers(**NO_IG), peer),
    Row("workforce:home", answers(**NO_IG)),
    Row("workforce:peer-supervision", answers(**NO_IG), peer),
    Row("recruitment:dashboard", answers(**NO_IG)),
    Row("development:home", answers(**NO_IG)),
    Row("development:training-list", answers(**NO_IG), peer),
    Row("dashboards:dashboard", answers(**NO_IG)),
]

IG_ROLES = ("ig_officer", "other_trust_ig_officer")
__all__ = ["ROWS", "IG_ELSEWHERE", "IG_ROLES", "add_ig_officers"]
