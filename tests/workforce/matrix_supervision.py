"""Permission matrix rows for supervision, Wellness Action Plans and return-to-work conversations (the
`workforce` fixture, tests/workforce/world.py).

Sessions are seen by their supervisor and by those who see an attendee; only the supervisor edits one and
writes its notes; line managers, supervisors and the peer lead record sessions. The schedule is for staff
who see peers; a peer's own supervision page is theirs and their staff's.

A Wellness Action Plan is the peer's: they alone write, edit and share it; the peer support lead always
reads it; the line manager, the supervisor and HR read it only once the peer shares it with them. Samira's
plan (w.wap) is shared with nobody; Daniel's (w.shared_wap) with his line manager.

Return-to-work conversations: the peer, HR, the peer lead and the line manager.
"""

from tests.matrix import ADMIN, Row, answers

SEE_PEER = ("hr_officer", "peer_lead", "line_manager", "supervisor", "peer_worker", *ADMIN)
SEE_COLLEAGUE = ("hr_officer", "peer_lead", "line_manager", "supervisor", *ADMIN)
WORKFORCE_PAGES = (*SEE_PEER, "other_trust_staff")
STAFF_WHO_SEE_PEERS = ("hr_officer", "peer_lead", "line_manager", "supervisor", "other_trust_staff", *ADMIN)
RECORD_SUPERVISION = ("peer_lead", "line_manager", "supervisor", *ADMIN)
RETURN_TO_WORK = ("hr_officer", "peer_lead", "line_manager", *ADMIN)

group_session = lambda w: {"pk": w.group_session.pk}  # noqa: E731
managerial_session = lambda w: {"pk": w.managerial_session.pk}  # noqa: E731
samira = lambda w: {"pk": w.peer.pk}  # noqa: E731
daniel = lambda w: {"pk": w.colleague.pk}  # noqa: E731
unshared = lambda w: {"pk": w.wap.pk}  # noqa: E731
shared = lambda w: {"pk": w.shared_wap.pk}  # noqa: E731

ROWS: list[Row] = [
    # Supervision
    Row("workforce:supervision-list", answers(ok=WORKFORCE_PAGES)),
    Row("workforce:supervision-create", answers(ok=RECORD_SUPERVISION)),
    Row("workforce:supervision-schedule", answers(ok=STAFF_WHO_SEE_PEERS)),
    Row("workforce:supervision-detail", answers(ok=SEE_PEER), group_session, label="group peer session"),
    Row("workforce:supervision-detail", answers(ok=SEE_PEER), managerial_session, label="managerial session"),
    Row("workforce:supervision-update", answers(ok=("supervisor", *ADMIN)), group_session, label="group peer session"),
    Row(
        "workforce:supervision-update",
        answers(ok=("line_manager", *ADMIN)),
        managerial_session,
        label="managerial session",
    ),
    Row("workforce:supervision-notes", answers(ok=("supervisor", *ADMIN)), group_session, label="group peer session"),
    Row("workforce:supervision-notes", answers(ok=("line_manager", *ADMIN)), managerial_session, label="managerial"),
    Row("workforce:peer-supervision", answers(ok=SEE_PEER), samira, label="own page for the peer"),
    Row("workforce:peer-supervision", answers(ok=SEE_COLLEAGUE), daniel, label="a colleague"),
    Row("workforce:peer-supervision-ics", answers(ok=SEE_PEER), samira, label="own calendar for the peer"),
    Row("workforce:peer-supervision-ics", answers(ok=SEE_COLLEAGUE), daniel, label="a colleague"),
    # Wellness Action Plans: the sharing rules.
    Row("workforce:wap-mine", answers(ok=("peer_worker",))),
    Row("workforce:wap-create", answers(peer_worker="302 to /employment/wellbeing/my-plan/"), label="has a plan"),
    *[
        Row(f"workforce:wap-{page}", answers(ok=("peer_lead", "peer_worker", *ADMIN)), unshared, label="unshared")
        for page in ("detail", "versions", "review-create", "pdf")
    ],
    *[
        Row(f"workforce:wap-{page}", answers(ok=("peer_lead", "line_manager", *ADMIN)), shared, label="shared with LM")
        for page in ("detail", "versions", "review-create", "pdf")
    ],
    Row("workforce:wap-update", answers(ok=("peer_worker", *ADMIN)), unshared, label="own plan for the peer"),
    Row("workforce:wap-update", answers(ok=ADMIN), shared, label="another peer's, shared with LM"),
    Row("workforce:wap-sharing", answers(ok=("peer_worker", *ADMIN)), unshared, label="own plan for the peer"),
    Row("workforce:wap-sharing", answers(ok=ADMIN), shared, label="another peer's, shared with LM"),
    # Return to work
    Row("workforce:return-to-work-list", answers(ok=(*RETURN_TO_WORK, "peer_worker")), samira, label="own"),
    Row("workforce:return-to-work-list", answers(ok=RETURN_TO_WORK), daniel, label="a colleague"),
    Row("workforce:return-to-work-create", answers(ok=RETURN_TO_WORK), daniel),
    Row(
        "workforce:return-to-work-detail",
        answers(ok=RETURN_TO_WORK),
        lambda w: {"pk": w.return_to_work.pk},
        label="a colleague's",
    ),
]
