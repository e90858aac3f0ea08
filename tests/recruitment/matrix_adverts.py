"""Permission matrix rows for recruitment's pages: vacancies and adverts, orientation sessions, benefits advice.

The objects named come from the `recruitment` fixture (tests/recruitment/world.py) on top of `world`.
Vacancies are seen by HR and the peer lead of the trust, the line manager of the post's team and the
members of its interview panels; orientation sessions and benefits advice are kept by HR and the peer lead.
"""

from tests.matrix import ADMIN, KEEPERS, SIGNED_IN, STAFF_OF_TRUST, Row, answers  # noqa: F401

vacancy = lambda w: {"pk": w.vacancy.pk}  # noqa: E731
session = lambda w: {"pk": w.orientation.pk}  # noqa: E731
applicant = lambda w: {"pk": w.applicant.pk}  # noqa: E731

RECRUITMENT_STAFF = ("hr_officer", "peer_lead", "line_manager", "panel_member", *ADMIN)
KEEPERS_ANYWHERE = (*KEEPERS, "other_trust_staff")

ROWS: list[Row] = [
    Row("recruitment:vacancy-list", answers(ok=(*RECRUITMENT_STAFF, "other_trust_staff"))),
    Row("recruitment:vacancy-create", answers(ok=KEEPERS_ANYWHERE)),
    Row("recruitment:vacancy-detail", answers(ok=RECRUITMENT_STAFF), vacancy),
    Row(
        "recruitment:vacancy-detail",
        answers(ok=KEEPERS),
        lambda w: {"pk": w.senior_vacancy.pk},
        label="another team, no panel",
    ),
    Row("recruitment:vacancy-update", answers(ok=KEEPERS), vacancy),
    Row("recruitment:vacancy-pdf", answers(ok=RECRUITMENT_STAFF), vacancy),
    Row("recruitment:orientation-list", answers(ok=KEEPERS_ANYWHERE)),
    Row("recruitment:orientation-create", answers(ok=KEEPERS_ANYWHERE)),
    Row("recruitment:orientation-detail", answers(ok=KEEPERS), session),
    Row("recruitment:orientation-update", answers(ok=KEEPERS), session),
    Row("recruitment:orientation-booking-create", answers(ok=KEEPERS), session),
    Row("recruitment:orientation-attendance", answers(ok=KEEPERS), session),
    Row("recruitment:benefits-advice-create", answers(ok=KEEPERS), applicant),
    Row(
        "recruitment:benefits-advice-create",
        answers(ok=KEEPERS),
        lambda w: {"pk": w.peer.pk},
        label="own record for the peer",
    ),
    Row("recruitment:peer-recruitment", answers(ok=KEEPERS), applicant, label="an applicant not in post"),
    Row(
        "recruitment:peer-recruitment",
        answers(ok=(*KEEPERS, "line_manager", "peer_worker")),
        lambda w: {"pk": w.peer.pk},
        label="own record for the peer",
    ),
]
