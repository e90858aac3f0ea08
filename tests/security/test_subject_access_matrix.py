"""Issue 21, defect 4: subject access as every role. In the sensitive world (tests/security/sensitive_world.py: a
marker in every kind of sensitive record, and in Samira's name), every role of tests/matrix.py ROLES, the world's
extra accounts (EXTRA_ROLES: team-limited staff of Samira's care team, a trust-wide line manager, Daniel's and
Chris's sign-ins) and the IG officers of both trusts fetch the subject access page, JSON and PDF of Samira (lived
experience, care arrangement, reasonable adjustments, her unshared plan, her group and managerial supervision
notes), Daniel (his plan shared with his line manager, his return-to-work conversation) and Chris (an applicant:
OH and DBS).

The full export (every marker about the person) goes to the person and to the IG officer of their trust (and
administrators); HR and the peer lead receive exactly the markers their role reads on the pages
(tests/security/test_record_kind_matrix.py ALLOWED); everyone else gets a 404 and no marker. The page itself shows
counts (and the person's name), never a record's contents."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.matrix import ROLES
from tests.privacy.ig import add_ig_officers
from tests.security.pdf_text import each_pdf_laid_out_once
from tests.security.sensitive_world import (
    EXTRA_ROLES,
    MARKERS,
    sensitive_fixture,  # noqa: F401
)
from tests.security.test_record_kind_matrix import text_of

NAME = "own_care_name"  # Samira's name: in every export of hers that opens
SAMIRA = {"lived", "care", "oh_placement", "wap_own", "notes_group", "notes_managerial", NAME}
DANIEL = {"wap_shared", "rtw"}
CHRIS = {"oh_applicant", "dbs"}
FULL = {"samira": SAMIRA, "daniel": DANIEL, "chris": CHRIS}
NONE = {"samira": set(), "daniel": set(), "chris": set()}

# What each account receives in the downloads of each person (404: nothing).
EXPECTED = {
    "anonymous": NONE,
    "hr_officer": {"samira": {"care", "oh_placement", NAME}, "daniel": {"rtw"}, "chris": CHRIS},
    "peer_lead": {"samira": {"lived", "care", "oh_placement", "wap_own", NAME}, "daniel": DANIEL, "chris": CHRIS},
    "line_manager": NONE,
    "supervisor": NONE,
    "panel_member": NONE,
    "peer_worker": {"samira": SAMIRA, "daniel": set(), "chris": set()},
    "other_trust_staff": NONE,
    "administrator": FULL,
    # HR of Riverside CMHT, the team that provides Samira's care: she is hidden from them (seed 000, Box 10); Daniel
    # is in their team (his conversation, not his plan, which is shared with his line manager); Chris holds no post.
    "team_hr": {"samira": set(), "daniel": {"rtw"}, "chris": set()},
    "team_supervisor": NONE,
    "team_line_manager": NONE,
    "trust_line_manager": NONE,
    "group_peer": {"samira": set(), "daniel": DANIEL, "chris": set()},
    "applicant_user": {"samira": set(), "daniel": set(), "chris": CHRIS},
    "ig_officer": FULL,
    "other_trust_ig_officer": NONE,
}
PEOPLE = {"samira": "peer", "daniel": "colleague", "chris": "applicant"}
ACCOUNTS = [*ROLES, *EXTRA_ROLES, "ig_officer", "other_trust_ig_officer"]


@pytest.fixture
def world_with_ig(sensitive):
    return add_ig_officers(sensitive)


def fetch(client, w, account: str, person: str) -> dict[str, str]:
    if account == "anonymous":
        client.logout()
    else:
        client.force_login(getattr(w, account))
    pk = getattr(w, PEOPLE[person]).pk
    page = reverse("privacy:subject-access", args=[pk])
    answers = {}
    for kind, url in (
        ("page", page),
        ("json", f"{page}?format=json"),
        ("pdf", reverse("privacy:subject-access-pdf", args=[pk])),
    ):
        response = client.get(url)
        answers[kind] = text_of(response) if response.status_code == 200 else f"{response.status_code}"
    return answers


def test_each_account_receives_exactly_the_markers_its_role_reads(client, world_with_ig):
    # One world for every account: it takes a while to build.
    problems = []
    with each_pdf_laid_out_once():  # an export whose HTML is one already printed is not laid out again
        for account in ACCOUNTS:
            for person, expected in EXPECTED[account].items():
                answers = fetch(client, world_with_ig, account, person)
                for kind in ("json", "pdf"):
                    got = {name for name, marker in MARKERS.items() if marker in answers[kind]}
                    if got != expected:
                        problems.append(f"{account}, {person} {kind}: got {sorted(got)}, expected {sorted(expected)}")
                shown = {name for name, marker in MARKERS.items() if marker in answers["page"]} - {NAME}
                if shown:
                    problems.append(f"{account}, {person} page shows {sorted(shown)}")
    assert not problems, "\n".join(problems)


def test_the_expectations_cover_every_marker_and_account():
    assert set(EXPECTED) == set(ACCOUNTS)
    assert set(MARKERS) == SAMIRA | DANIEL | CHRIS
