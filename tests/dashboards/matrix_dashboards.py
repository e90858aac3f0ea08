"""Permission matrix rows for the peer support lead's dashboard, its CSV exports and its PDF.

HR, the peer lead and line managers use the dashboard (another trust's HR officer sees their own trust's, so
answers 200 with none of this trust's figures: tested in tests/dashboards/test_views.py); supervisors, panel
members and peers get 404. An unknown table is 404 for everyone. The button that counts a kept dashboard again
posts and comes back to the page."""

from django.urls import reverse

from tests.matrix import ADMIN, Row, answers

DASHBOARD = ("hr_officer", "peer_lead", "line_manager", "other_trust_staff", *ADMIN)

ROWS: list[Row] = [
    Row("dashboards:dashboard", answers(ok=DASHBOARD), fixture="development"),
    Row("dashboards:pdf", answers(ok=DASHBOARD), fixture="development"),
    # Counting a kept dashboard again (dashboards.kept): a POST from the page's button, back to the page.
    Row(
        "dashboards:recount",
        answers(**dict.fromkeys(DASHBOARD, f"302 to {reverse('dashboards:dashboard')}")),
        method="post",
        fixture="development",
    ),
    Row("dashboards:recount", answers(**dict.fromkeys(DASHBOARD, 405)), fixture="development"),
    *[
        Row(
            "dashboards:csv", answers(ok=DASHBOARD), lambda w, t=table: {"table": t}, label=table, fixture="development"
        )
        for table in ("posts", "funnel", "supervision-overdue", "waps")
    ],
    Row(
        "dashboards:csv", answers(), lambda w: {"table": "no-such-table"}, label="unknown table", fixture="development"
    ),
]
