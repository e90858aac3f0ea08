"""Issue 8's "done when": role x view x record kind. Each kind of sensitive record holds a marker no other text
contains (tests/security/sensitive_world.py); every role (tests/matrix.py ROLES) fetches every page, CSV export,
PDF, admin view and dashboard that could show it, and the marker appears only for the roles DESIGN section 3
allows (and does appear for them where the record is shown).

Who may read what (DESIGN section 3, as programmes/access.py enforces it):
- lived experience: the peer and the peer support lead;
- care arrangement (own-care team): the peer, HR and the peer lead (the named line manager and supervisor see the
  peer, not the arrangement);
- occupational health (the referral, and the reasonable adjustments carried to the placement) and DBS: HR and the
  peer lead (and the applicant, who here has no account; the peer worker reads her own adjustments);
- a Wellness Action Plan: the peer, the peer lead and whom the peer shares it with (Daniel's: his line manager);
- supervision notes: the session's supervisor and the peer (not the peer lead, not the peer's line manager
  unless they held the session);
- a return-to-work conversation: the peer, HR, the peer lead and the line manager.

Issue 21 adds the accounts the demo lacked (tests/security/sensitive_world.py EXTRA_ROLES) to the roles iterated
over (MATRIX_ROLES), and the own-care-team peer's name as a marker:
- team-limited staff of the team that provides Samira's care who are not named for her (a second supervisor, a
  second line manager, HR limited to the team) read nothing of hers, her name included: not through a group
  session's attendees either (they see the session, Daniel's name and "1 other attendee"); HR of the team reads
  Daniel's return-to-work conversation, as HR;
- a Wellness Action Plan shared "with my line manager" is read by the line manager named on the placement when
  the peer shared it: not by another line manager of the team, nor by a trust-wide one;
- a peer with a sign-in (Daniel) reads his own records, and of his group session his own name and a count of the
  others: not Samira's name, nor her notes;
- an applicant with a sign-in (Chris) reads his own occupational health and DBS records.
The admin rule (`access.can_use_admin`): the Django admin is for administrators (superusers) only; they read every
record there, and every such read is logged (tests/security/test_sensitive_access_log.py). Every other role is
sent to the admin's sign-in page and sees nothing.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.matrix import ROLES
from tests.security.pdf_text import each_pdf_laid_out_once, pdf_text
from tests.security.sensitive_world import (
    EXTRA_ROLES,
    MARKERS,
    sensitive_fixture,  # noqa: F401
)

# Every role the matrix fetches as: the permission matrix's, and the accounts issue 21 added.
MATRIX_ROLES = [*ROLES, *EXTRA_ROLES]

KEEPERS = {"hr_officer", "peer_lead", "administrator"}
ALLOWED = {
    "lived": {"peer_worker", "peer_lead", "administrator"},
    "care": {"peer_worker", *KEEPERS},
    "oh_applicant": {"applicant_user", *KEEPERS},
    "oh_placement": {"peer_worker", *KEEPERS},
    "dbs": {"applicant_user", *KEEPERS},
    "wap_own": {"peer_worker", "peer_lead", "administrator"},
    # Daniel's plan, shared with his line manager: the one named on his placement (w.line_manager), and him.
    "wap_shared": {"line_manager", "group_peer", "peer_lead", "administrator"},
    "notes_group": {"supervisor", "peer_worker", "administrator"},
    "notes_managerial": {"line_manager", "peer_worker", "administrator"},
    # Daniel's conversation: HR (of the trust, or of his team), the peer lead, line managers over him, and him.
    "rtw": {"line_manager", "team_line_manager", "trust_line_manager", "team_hr", "group_peer", *KEEPERS},
    # Samira, in the team that provides her care: hidden from its members except her named line manager and
    # supervisor; seen by the trust's HR, peer lead and a trust-wide line manager, who are not members of it.
    "own_care_name": {"peer_worker", "line_manager", "supervisor", "trust_line_manager", *KEEPERS},
}
assert set(ALLOWED) == set(MARKERS)
assert all(role in MATRIX_ROLES for roles in ALLOWED.values() for role in roles)


def r(name, *args, query=""):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args]) + query


def adm(model, view, obj=None):
    return lambda w: reverse(f"admin:{model}_{view}", args=[obj(w).pk] if obj else [])


pk = lambda attr: lambda w: getattr(w, attr).pk  # noqa: E731
attr = lambda name: lambda w: getattr(w, name)  # noqa: E731

# (label, url of the world, markers that must be shown there to every allowed role who opens it)
PAGES = [
    ("peer-detail", r("programmes:peer-detail", pk("peer")), {"lived", "care"}),
    ("peer-update", r("programmes:peer-update", pk("peer")), set()),
    ("peer-list", r("programmes:peer-list"), set()),
    ("peer-list.csv", r("programmes:peer-list", query="?format=csv"), set()),
    ("home", r("programmes:home"), set()),
    ("application-detail", r("recruitment:application-detail", pk("application")), set()),
    ("application-list", r("recruitment:application-list"), set()),
    ("application-list.csv", r("recruitment:application-list", query="?format=csv"), set()),
    ("peer-recruitment", r("recruitment:peer-recruitment", pk("applicant")), set()),
    ("recruitment-dashboard", r("recruitment:dashboard"), set()),
    ("occupational-health", r("recruitment:occupational-health", pk("application")), {"oh_applicant"}),
    ("occupational-health-update", r("recruitment:occupational-health-update", pk("application")), set()),
    ("dbs-detail", r("recruitment:dbs-detail", pk("application")), {"dbs"}),
    ("dbs-update", r("recruitment:dbs-update", pk("application")), set()),
    ("placement-detail", r("workforce:placement-detail", pk("placement")), {"oh_placement"}),
    ("placement-update", r("workforce:placement-update", pk("placement")), set()),
    ("placement-list", r("workforce:placement-list"), set()),
    ("placement-list.csv", r("workforce:placement-list", query="?format=csv"), set()),
    ("employment-home", r("workforce:home"), set()),
    (
        "supervision-detail-group",
        r("workforce:supervision-detail", pk("group_session")),
        {"notes_group", "own_care_name"},
    ),
    (
        "supervision-detail-managerial",
        r("workforce:supervision-detail", pk("managerial_session")),
        {"notes_managerial"},
    ),
    ("supervision-notes", r("workforce:supervision-notes", pk("group_session")), set()),
    ("supervision-list", r("workforce:supervision-list"), {"own_care_name"}),
    ("supervision-list.csv", r("workforce:supervision-list", query="?format=csv"), {"own_care_name"}),
    ("supervision-schedule", r("workforce:supervision-schedule"), set()),
    ("supervision-schedule.csv", r("workforce:supervision-schedule", query="?format=csv"), set()),
    ("notification-list", r("programmes:notification-list"), set()),
    ("peer-supervision", r("workforce:peer-supervision", pk("peer")), set()),
    ("peer-supervision-colleague", r("workforce:peer-supervision", pk("colleague")), set()),
    ("wap-detail", r("workforce:wap-detail", pk("wap")), {"wap_own"}),
    ("wap-detail-shared", r("workforce:wap-detail", pk("shared_wap")), {"wap_shared"}),
    ("wap-versions", r("workforce:wap-versions", pk("wap")), set()),
    ("wap-versions-shared", r("workforce:wap-versions", pk("shared_wap")), set()),
    ("wap-mine", r("workforce:wap-mine"), set()),
    ("wap-review-create", r("workforce:wap-review-create", pk("shared_wap")), set()),
    ("return-to-work-detail", r("workforce:return-to-work-detail", pk("return_to_work")), {"rtw"}),
    ("return-to-work-list", r("workforce:return-to-work-list", pk("colleague")), set()),
    ("return-to-work-list.csv", r("workforce:return-to-work-list", pk("colleague"), query="?format=csv"), set()),
]
PDFS_ADMIN_DASHBOARDS = [
    ("wap.pdf", r("workforce:wap-pdf", pk("wap")), {"wap_own"}),
    ("wap-shared.pdf", r("workforce:wap-pdf", pk("shared_wap")), {"wap_shared"}),
    ("admin-peer-change", adm("programmes_peer", "change", attr("peer")), {"lived"}),
    ("admin-peer-history", adm("programmes_peer", "history", attr("peer")), set()),
    ("admin-care-list", adm("programmes_owncareteamarrangement", "changelist"), set()),
    ("admin-care-change", adm("programmes_owncareteamarrangement", "change", attr("care_arrangement")), {"care"}),
    ("admin-placement-change", adm("workforce_placement", "change", attr("placement")), {"oh_placement"}),
    ("admin-placement-history", adm("workforce_placement", "history", attr("placement")), set()),
    ("admin-oh-list", adm("recruitment_occupationalhealthreferral", "changelist"), set()),
    (
        "admin-oh-change",
        adm("recruitment_occupationalhealthreferral", "change", attr("occupational_health")),
        {"oh_applicant"},
    ),
    ("admin-oh-history", adm("recruitment_occupationalhealthreferral", "history", attr("occupational_health")), set()),
    ("admin-dbs-list", adm("recruitment_dbscheck", "changelist"), set()),
    ("admin-dbs-change", adm("recruitment_dbscheck", "change", attr("dbs_check")), {"dbs"}),
    ("admin-dbs-history", adm("recruitment_dbscheck", "history", attr("dbs_check")), {"dbs"}),
    ("admin-session-change", adm("workforce_supervisionsession", "change", attr("group_session")), {"notes_group"}),
    ("admin-session-history", adm("workforce_supervisionsession", "history", attr("group_session")), set()),
    ("admin-wap-list", adm("workforce_wellnessactionplan", "changelist"), set()),
    ("admin-wap-change", adm("workforce_wellnessactionplan", "change", attr("wap")), {"wap_own"}),
    ("admin-wap-history", adm("workforce_wellnessactionplan", "history", attr("shared_wap")), {"wap_shared"}),
    ("admin-rtw-list", adm("workforce_returntoworkconversation", "changelist"), set()),
    ("admin-rtw-change", adm("workforce_returntoworkconversation", "change", attr("return_to_work")), {"rtw"}),
    ("admin-rtw-history", adm("workforce_returntoworkconversation", "history", attr("return_to_work")), {"rtw"}),
    ("dashboard", r("dashboards:dashboard"), set()),
    ("dashboard.pdf", r("dashboards:pdf"), set()),
]


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return pdf_text(body)
    return body.decode("utf-8", errors="replace")


def dashboard_csvs(client, w) -> list[tuple]:
    """Every table's CSV the dashboard links to (as the administrator sees it: every table)."""
    client.force_login(w.administrator)
    html = client.get(reverse("dashboards:dashboard")).content.decode()
    keys = sorted(set(re.findall(r"/dashboard/([\w-]+)\.csv", html)))
    assert keys, "the dashboard links to no CSV"
    return [(f"dashboard-{key}.csv", r("dashboards:csv", key), set()) for key in keys]


def check(client, w, views) -> list[str]:
    problems = []
    for role in MATRIX_ROLES:
        if role == "anonymous":
            client.logout()
        else:
            client.force_login(getattr(w, role))
        for label, url, must_show in views:
            response = client.get(url(w))
            text = text_of(response) if response.status_code == 200 else response.content.decode(errors="replace")
            for kind, marker in MARKERS.items():
                if marker in text and role not in ALLOWED[kind]:
                    problems.append(f"{role} reads {kind} on {label}")
                # The admin is the administrators' alone (`access.can_use_admin`), whatever the record.
                shown_to = {"administrator"} if label.startswith("admin-") else ALLOWED[kind]
                if kind in must_show and role in shown_to and marker not in text:
                    problems.append(f"{role} may read {kind} but {label} does not show it ({response.status_code})")
    return problems


def test_web_pages_and_their_csv_show_each_sensitive_record_only_to_those_allowed(client, sensitive):
    problems = check(client, sensitive, PAGES)
    assert not problems, "\n".join(problems)


def test_pdfs_the_admin_and_the_dashboards_show_each_sensitive_record_only_to_those_allowed(client, sensitive):
    # Roles whose dashboard (or plan) prints the same HTML get the one PDF it makes, laid out once.
    with each_pdf_laid_out_once():
        problems = check(client, sensitive, PDFS_ADMIN_DASHBOARDS + dashboard_csvs(client, sensitive))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", sorted(MARKERS))
def test_every_marker_is_somewhere_in_the_world(kind):
    # So a test above cannot pass by looking for text the world never wrote.
    assert any(kind in views for _, _, views in PAGES + PDFS_ADMIN_DASHBOARDS)
