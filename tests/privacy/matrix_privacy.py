"""Permission matrix rows for the privacy pages: a peer's subject access export (the page, its JSON and its PDF)
and legal holds. The peer sees their own export; HR and the peer lead of the peer's trust see any of their peers';
legal holds are set and released by HR and the peer lead, never by the peer on their own records; anyone else
gets a 404."""

from tests.matrix import ADMIN, KEEPERS, Row, answers

OWN_AND_KEEPERS = (*KEEPERS, "peer_worker")


def _hold(w):
    """A legal hold in force on the applicant (made once per world)."""
    if not hasattr(w, "legal_hold"):
        from privacy import services

        w.legal_hold = services.set_legal_hold(peer=w.applicant, by=w.hr_officer, reason="A complaint.")
    return w.legal_hold


peer = lambda w: {"pk": w.peer.pk}  # noqa: E731
applicant = lambda w: {"pk": w.applicant.pk}  # noqa: E731
other_trust_peer = lambda w: {"pk": w.other_trust_peer.pk}  # noqa: E731

ROWS: list[Row] = [
    *[
        row
        for name in ("privacy:subject-access", "privacy:subject-access-pdf")
        for row in (
            Row(name, answers(ok=OWN_AND_KEEPERS), peer, label="own record for the peer"),
            Row(name, answers(ok=KEEPERS), applicant, label="an applicant"),
            Row(name, answers(ok=("other_trust_staff", *ADMIN)), other_trust_peer, label="other trust"),
        )
    ],
    Row("privacy:legal-hold-create", answers(ok=KEEPERS), peer, label="own record for the peer"),
    Row("privacy:legal-hold-create", answers(ok=KEEPERS), applicant, label="an applicant"),
    Row("privacy:legal-hold-release", answers(ok=KEEPERS), lambda w: {"pk": _hold(w).pk}),
]
