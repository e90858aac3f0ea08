"""Permission matrix rows for recruitment's pages: applications, the pipeline, shortlisting and interviews.

The objects named come from the `recruitment` fixture (tests/recruitment/world.py) on top of `world`.
Applications are kept by HR and the peer lead of the trust; the line manager of the post's team and the
members of the vacancy's interview panels see them and shortlist; only the panellists of an applicant's
interview score them; an applicant sees their own application, read-only.
"""

from tests.matrix import ADMIN, KEEPERS, SIGNED_IN, STAFF_OF_TRUST, Row, answers  # noqa: F401

vacancy = lambda w: {"pk": w.vacancy.pk}  # noqa: E731
application = lambda w: {"pk": w.application.pk}  # noqa: E731
own_application = lambda w: {"pk": w.own_application.pk}  # noqa: E731
interview = lambda w: {"pk": w.interview.pk}  # noqa: E731

# HR and the peer lead, the line manager of the post's team, the vacancy's panel member.
RECRUITMENT_STAFF = ("hr_officer", "peer_lead", "line_manager", "panel_member", *ADMIN)

ROWS: list[Row] = [
    Row(
        "recruitment:application-list",
        answers(ok=(*RECRUITMENT_STAFF, "other_trust_staff", "peer_worker")),
    ),
    Row("recruitment:application-create", answers(ok=KEEPERS), vacancy),
    Row("recruitment:application-detail", answers(ok=RECRUITMENT_STAFF), application),
    Row(
        "recruitment:application-detail",
        answers(ok=(*KEEPERS, "peer_worker")),
        own_application,
        label="own application for the peer",
    ),
    Row("recruitment:application-update", answers(ok=KEEPERS), application),
    Row("recruitment:application-update", answers(ok=KEEPERS), own_application, label="own application"),
    Row("recruitment:application-move", answers(ok=KEEPERS), application),
    Row("recruitment:application-move", answers(ok=KEEPERS), own_application, label="own application"),
    Row("recruitment:application-outcome", answers(ok=KEEPERS), application),
    # The pipeline board: whoever sees the vacancy (moves only for HR and the peer lead).
    Row("recruitment:vacancy-board", answers(ok=RECRUITMENT_STAFF), vacancy),
    Row(
        "recruitment:vacancy-board",
        answers(ok=KEEPERS),
        lambda w: {"pk": w.senior_vacancy.pk},
        label="another team, no panel",
    ),
    Row("recruitment:shortlist", answers(ok=RECRUITMENT_STAFF), vacancy),
    Row(
        "recruitment:shortlist",
        answers(ok=KEEPERS),
        lambda w: {"pk": w.senior_vacancy.pk},
        label="another team, no panel",
    ),
    Row("recruitment:shortlisting-marks", answers(ok=RECRUITMENT_STAFF), application),
    Row("recruitment:shortlisting-marks", answers(ok=KEEPERS), own_application, label="own application"),
    Row("recruitment:interview-create", answers(ok=KEEPERS), vacancy),
    Row("recruitment:interview-detail", answers(ok=RECRUITMENT_STAFF), interview),
    Row("recruitment:interview-update", answers(ok=KEEPERS), interview),
    Row("recruitment:interview-invite", answers(ok=KEEPERS), interview),
    # Only the panellists of the applicant's interview score them: the panel member and HR (the chair).
    Row("recruitment:interview-score", answers(ok=("hr_officer", "panel_member")), application),
    Row("recruitment:interview-score", answers(), own_application, label="not yet at interview"),
]
