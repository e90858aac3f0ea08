"""Permission matrix rows for recruitment: occupational health, DBS, support for candidates, the funnel.

The objects named come from the `recruitment` fixture (tests/recruitment/world.py) on top of `world`.
Occupational health and DBS are read by HR, the peer lead and the applicant only (DESIGN section 5):
never by a line manager, supervisor or panel member, who get 404.
"""

from tests.matrix import ADMIN, KEEPERS, SIGNED_IN, STAFF_OF_TRUST, Row, answers  # noqa: F401

application = lambda w: {"pk": w.application.pk}  # noqa: E731
own_application = lambda w: {"pk": w.own_application.pk}  # noqa: E731
support = lambda w: {"pk": w.support.pk}  # noqa: E731

ROWS: list[Row] = [
    Row(
        "recruitment:dashboard",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "panel_member", "other_trust_staff", *ADMIN)),
    ),
    *[
        row
        for name in ("occupational-health", "dbs-detail")
        for row in (
            Row(f"recruitment:{name}", answers(ok=KEEPERS), application, label="another's application"),
            Row(
                f"recruitment:{name}",
                answers(ok=(*KEEPERS, "peer_worker")),
                own_application,
                label="own application for the peer",
            ),
        )
    ],
    *[
        row
        for name in ("occupational-health-update", "dbs-update")
        for row in (
            Row(f"recruitment:{name}", answers(ok=KEEPERS), application, label="another's application"),
            Row(f"recruitment:{name}", answers(ok=KEEPERS), own_application, label="own application for the peer"),
        )
    ],
    Row("recruitment:support-list", answers(ok=(*KEEPERS, "other_trust_staff"))),
    Row("recruitment:support-detail", answers(ok=KEEPERS), support),
    Row("recruitment:support-update", answers(ok=KEEPERS), support),
    Row(
        "recruitment:vacancy-funnel",
        answers(ok=(*KEEPERS, "line_manager")),
        lambda w: {"pk": w.vacancy.pk},
        label="the line manager's team",
    ),
    Row(
        "recruitment:vacancy-funnel",
        answers(ok=KEEPERS),
        lambda w: {"pk": w.senior_vacancy.pk},
        label="another team",
    ),
    Row("recruitment:programme-funnel", answers(ok=KEEPERS), lambda w: {"pk": w.programme.pk}),
]
