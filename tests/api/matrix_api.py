"""Permission matrix rows for the API (issue 20 item 2). An endpoint answers JSON: 401 to a request with no token
and no session (the Bearer challenge), 404 to a role its page is closed to (as the pages do, so nothing announces
itself) and to a record out of reach, and 200 with only what the role may see. The API is for staff: a peer's own
account gets 404 everywhere (`access.can_use_api`). The schema and the reference page are for the same people; the
tokens pages are each user's own."""

from __future__ import annotations

from django.urls import reverse

from tests.matrix import ADMIN, KEEPERS, STAFF_LISTS, STAFF_OF_TRUST, Row, answers

API = {"anonymous": 401}
STAFF = (*STAFF_LISTS,)  # every member of staff of either trust, and administrators
RECRUITERS = ("hr_officer", "peer_lead", "line_manager", "panel_member", "other_trust_staff", *ADMIN)
EMPLOYMENT = ("hr_officer", "peer_lead", "line_manager", "supervisor", "other_trust_staff", *ADMIN)
IMPORTERS = ("hr_officer", "peer_lead", "other_trust_staff", *ADMIN)
GROWTH = ("hr_officer", "peer_lead", "other_trust_staff", *ADMIN)
DASHBOARD = ("hr_officer", "peer_lead", "line_manager", "other_trust_staff", *ADMIN)


def _own_token(w):
    """A token of the HR officer's, made once per world, for the revoke rows."""
    from api import services

    if not hasattr(w, "hr_token"):
        import datetime

        from django.utils import timezone

        w.hr_token = services.create_token(
            user=w.hr_officer, name="Board report", expires_on=timezone.localdate() + datetime.timedelta(days=30)
        ).record
    return {"pk": w.hr_token.pk}


pk = lambda attr: lambda w: {"pk": getattr(w, attr).pk}  # noqa: E731

ROWS: list[Row] = [
    # The schema and its reference page.
    Row("api:schema", answers(ok=STAFF, **API)),
    Row("api:reference", answers(ok=STAFF)),
    # Organisation: as the trust, team and post pages.
    Row("api:trust-list", answers(ok=STAFF, **API)),
    Row("api:trust-detail", answers(ok=(*STAFF_OF_TRUST, *ADMIN), **API), pk("trust")),
    Row("api:trust-detail", answers(ok=("other_trust_staff", *ADMIN), **API), pk("other_trust"), label="other trust"),
    Row("api:programme-list", answers(ok=STAFF, **API)),
    Row(
        "api:programme-detail",
        answers(ok=(*STAFF_OF_TRUST, *ADMIN), **API),
        lambda w: {"pk": w.trust.programmes.get().pk},
    ),
    Row("api:programme-funnel", answers(ok=KEEPERS, **API), lambda w: {"pk": w.trust.programmes.get().pk}),
    Row("api:team-list", answers(ok=STAFF, **API)),
    Row("api:team-detail", answers(ok=(*STAFF_OF_TRUST, *ADMIN), **API), pk("team")),
    Row(
        "api:team-detail",
        answers(ok=("hr_officer", "peer_lead", "panel_member", *ADMIN), **API),
        pk("other_team"),
        label="a team the manager does not manage",
    ),
    Row("api:post-list", answers(ok=STAFF, **API)),
    Row("api:post-detail", answers(ok=(*STAFF_OF_TRUST, *ADMIN), **API), pk("post")),
    Row(
        "api:post-detail", answers(ok=("other_trust_staff", *ADMIN), **API), pk("other_trust_post"), label="other trust"
    ),
    # Recruitment: vacancies as their list page; the funnel as the vacancy's funnel page.
    Row("api:vacancy-list", answers(ok=RECRUITERS, **API), fixture="recruitment"),
    Row(
        "api:vacancy-detail",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "panel_member", *ADMIN), **API),
        pk("vacancy"),
        fixture="recruitment",
    ),
    Row(
        "api:vacancy-funnel",
        answers(ok=("hr_officer", "peer_lead", "line_manager", *ADMIN), **API),
        pk("vacancy"),
        fixture="recruitment",
    ),
    # Employment and development: the staff who see peers in post.
    Row("api:placement-list", answers(ok=EMPLOYMENT, **API), fixture="workforce"),
    Row(
        "api:placement-detail",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "supervisor", *ADMIN), **API),
        pk("placement"),
        fixture="workforce",
    ),
    Row("api:review-list", answers(ok=EMPLOYMENT, **API), fixture="workforce"),
    Row(
        "api:review-detail",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "supervisor", *ADMIN), **API),
        pk("review"),
        fixture="workforce",
    ),
    Row("api:supervision-compliance", answers(ok=EMPLOYMENT, **API), fixture="workforce"),
    Row("api:training-list", answers(ok=EMPLOYMENT, **API), fixture="development"),
    Row(
        "api:training-detail",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "supervisor", *ADMIN), **API),
        pk("training"),
        fixture="development",
    ),
    Row("api:workforce-growth", answers(ok=GROWTH, **API)),
    # The dashboard's figures, for those who have the dashboard.
    Row("api:dashboard", answers(ok=DASHBOARD, **API)),
    Row("api:dashboard-table", answers(ok=DASHBOARD, **API), lambda w: {"key": "funnel"}),
    Row("api:dashboard-table", answers(ok=(), **API), lambda w: {"key": "no-such-table"}, label="unknown table"),
    # Imports: for those who import on the import page. A GET is not allowed; an empty POST is refused, with why.
    Row("api:import", answers(**dict.fromkeys(IMPORTERS, 405), **API), lambda w: {"kind": "peers"}),
    Row(
        "api:import",
        answers(**dict.fromkeys(IMPORTERS, 400), **API),
        lambda w: {"kind": "peers"},
        label="nothing sent",
        method="post",
    ),
    # Personal API tokens: each user's own; a token of someone else's is a 404.
    Row("api:token-list", answers(ok=STAFF)),
    Row("api:token-create", answers(ok=STAFF)),
    Row(
        "api:token-revoke",
        answers(hr_officer=f"302 to {reverse('api:token-list')}"),
        _own_token,
        label="the HR officer's token",
        method="post",
    ),
    Row("api:token-revoke", answers(**dict.fromkeys(STAFF, 405)), _own_token, label="a GET"),
]
