"""Permission matrix rows for training and CPD, the place-and-train rule and the personal development plan (the
`development` fixture, tests/development/world.py).

A peer's training and plan are seen by those who see the peer (HR, the peer lead, the line manager and supervisor
of the team) and by the peer. Training is recorded by HR, the peer lead, the line manager and the peer; the plan is
kept by the peer, those who supervise them, HR and the peer lead. The trust-wide list of training expiring is for
HR and the peer lead; the place-and-train page for HR, the peer lead and line managers. Panel members and another
trust's staff get 404 for the trust's peers. Evidence downloads are checked role by role in test_training.py
(they need a stored file); a record without evidence answers 404 to everyone.
"""

from tests.matrix import ADMIN, Row, answers

SEE_PEER = ("hr_officer", "peer_lead", "line_manager", "supervisor", "peer_worker", *ADMIN)
RECORD_TRAINING = ("hr_officer", "peer_lead", "line_manager", "peer_worker", *ADMIN)
KEEP_PLAN = SEE_PEER

peer = lambda w: {"pk": w.peer.pk}  # noqa: E731
colleague = lambda w: {"pk": w.colleague.pk}  # noqa: E731

ROWS: list[Row] = [
    Row("development:training-list", answers(ok=SEE_PEER), peer, label="own record for the peer"),
    Row(
        "development:training-list",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "supervisor", *ADMIN)),
        colleague,
        label="a colleague",
    ),
    Row("development:training-create", answers(ok=RECORD_TRAINING), peer, label="own record for the peer"),
    Row(
        "development:training-create",
        answers(ok=("hr_officer", "peer_lead", "line_manager", *ADMIN)),
        colleague,
        label="a colleague",
    ),
    Row("development:training-update", answers(ok=RECORD_TRAINING), lambda w: {"pk": w.training.pk}),
    Row(
        "development:training-update",
        answers(ok=("hr_officer", "peer_lead", "line_manager", *ADMIN)),
        lambda w: {"pk": w.colleague_training.pk},
        label="a colleague's",
    ),
    Row("development:training-evidence", answers(), lambda w: {"pk": w.training.pk}, label="no evidence file"),
    Row("development:training-expiring", answers(ok=("hr_officer", "peer_lead", "other_trust_staff", *ADMIN))),
    Row(
        "development:place-and-train",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "other_trust_staff", *ADMIN)),
    ),
    Row("development:plan", answers(ok=SEE_PEER), peer, label="own record for the peer"),
    Row(
        "development:plan",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "supervisor", *ADMIN)),
        colleague,
        label="a colleague",
    ),
    Row("development:objective-create", answers(ok=KEEP_PLAN), peer, label="own record for the peer"),
    Row(
        "development:objective-create",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "supervisor", *ADMIN)),
        colleague,
        label="a colleague",
    ),
    Row("development:objective-update", answers(ok=KEEP_PLAN), lambda w: {"pk": w.own_objective.pk}),
]
