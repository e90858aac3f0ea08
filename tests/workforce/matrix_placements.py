"""Permission matrix rows for placements, induction and reviews (the `workforce` fixture, tests/workforce/world.py).

Placements, inductions and reviews are seen by those who see the peer (HR, the peer lead, the line manager and
supervisor of the team) and by the peer; HR and the peer lead make and change placements; the mentor, the line
manager, HR, the peer lead and the peer tick induction items off; the line manager, HR and the peer lead record
reviews. Panel members and another trust's staff get 404.
"""

from tests.matrix import ADMIN, KEEPERS, Row, answers

SEE_PEER = ("hr_officer", "peer_lead", "line_manager", "supervisor", "peer_worker", *ADMIN)
WORKFORCE_PAGES = (*SEE_PEER, "other_trust_staff")
TICK_OFF = ("hr_officer", "peer_lead", "line_manager", "peer_worker", *ADMIN)  # the mentor is the line manager
REVIEWERS = ("hr_officer", "peer_lead", "line_manager", *ADMIN)

placement = lambda w: {"pk": w.placement.pk}  # noqa: E731
induction = lambda w: {"pk": w.induction.pk}  # noqa: E731
item = lambda w: {"pk": w.induction.pk, "item_pk": w.induction_items[0].pk}  # noqa: E731
review = lambda w: {"pk": w.review.pk}  # noqa: E731
objective = lambda w: {"pk": w.review.pk, "objective_pk": w.objective.pk}  # noqa: E731

ROWS: list[Row] = [
    # The employment home page: staff who see peers, and a peer's own account ("My employment").
    Row("workforce:home", answers(ok=WORKFORCE_PAGES)),
    Row("workforce:placement-list", answers(ok=WORKFORCE_PAGES)),
    Row("workforce:placement-create", answers(ok=(*KEEPERS, "other_trust_staff"))),
    Row("workforce:placement-detail", answers(ok=SEE_PEER), placement),
    Row(
        "workforce:placement-detail",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "supervisor", *ADMIN)),
        lambda w: {"pk": w.colleague_placement.pk},
        label="a colleague's placement",
    ),
    Row("workforce:placement-update", answers(ok=KEEPERS), placement),
    Row("workforce:placement-end", answers(ok=KEEPERS), placement),
    Row("workforce:induction-detail", answers(ok=SEE_PEER), induction),
    Row("workforce:induction-ics", answers(ok=SEE_PEER), induction),
    Row("workforce:induction-item-add", answers(ok=TICK_OFF), induction),
    Row("workforce:induction-item-done", answers(ok=TICK_OFF), item),
    Row("workforce:induction-item-schedule", answers(ok=TICK_OFF), item),
    Row("workforce:review-list", answers(ok=WORKFORCE_PAGES)),
    Row("workforce:review-detail", answers(ok=SEE_PEER), review),
    Row(
        "workforce:review-detail",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "supervisor", *ADMIN)),
        lambda w: {"pk": w.colleague_placement.reviews.first().pk},
        label="a colleague's review",
    ),
    Row("workforce:review-record", answers(ok=REVIEWERS), review),
    Row("workforce:review-objective", answers(ok=REVIEWERS), objective),
]
