"""A world in which every kind of sensitive record (DESIGN section 3) holds a marker no other text contains, on top
of the recruitment and employment worlds (tests/recruitment/world.py, tests/workforce/world.py):

- lived experience: Samira's (w.peer, the peer worker) summary;
- care arrangement: Samira works in the team that provides her care (Riverside CMHT, her named line manager and
  supervisor are w.line_manager and w.supervisor);
- occupational health: Chris's (w.applicant) referral and the reasonable adjustments on Samira's placement;
- DBS: Chris's check, returned with a disclosure and a panel decision;
- Wellness Action Plans: Samira's (shared with nobody) and Daniel's (w.colleague, shared with his line manager);
- supervision notes: Samira's at the group peer session (w.supervisor) and at her managerial session
  (w.line_manager), and Daniel's at the group session;
- return to work: Daniel's conversation, held by the line manager;
- the own-care-team peer herself: Samira's name is a marker, so a page naming her to someone she is hidden from
  (a group session's attendees, issue 21) is caught like any record.

Accounts the shared world lacks (issue 21), each an attribute named as its role in the matrix:
- w.team_supervisor, w.team_line_manager, w.team_hr: a second supervisor, a second line manager and an HR
  officer, each limited to Riverside CMHT, the team that provides Samira's care, and not named for her (so she
  is hidden from them, and Daniel, in their team, is not); w.team_line_manager is also a line manager of
  Daniel's team who is not the one named on his placement (his shared plan is not for them);
- w.trust_line_manager: a line manager for the whole trust (sees both peers; not named for either);
- w.group_peer: Daniel's own sign-in, the peer in the group session with Samira;
- w.applicant_user: Chris's sign-in, the applicant with the OH referral and the DBS check.
"""

from __future__ import annotations

import datetime

import pytest

from programmes.models import OwnCareTeamArrangement, StaffRole
from recruitment.models import DbsCheck
from tests import factories

MARKERS = {
    "lived": "ZQLIVEDMARK",
    "care": "ZQCAREMARK",
    "oh_applicant": "ZQOHAPPMARK",
    "oh_placement": "ZQOHPLACEMARK",
    "dbs": "ZQDBSMARK",
    "wap_own": "ZQWAPOWNMARK",
    "wap_shared": "ZQWAPSHAREMARK",
    "notes_group": "ZQNOTESGROUPMARK",
    "notes_managerial": "ZQNOTESMANAGERMARK",
    "rtw": "ZQRTWMARK",
    # Her name itself: it must not reach those she is hidden from (and nothing else in the world contains it).
    "own_care_name": "Samira Okafor",
}

# The accounts added to the shared world's roles (tests/matrix.py ROLES) for the record-kind matrix.
EXTRA_ROLES = [
    "team_supervisor",
    "team_line_manager",
    "team_hr",
    "trust_line_manager",
    "group_peer",
    "applicant_user",
]


def _staff(username: str, trust, role: str, team=None):
    user = factories.UserFactory(username=username)
    StaffRole.objects.create(user=user, trust=trust, team=team, role=role)
    return user


@pytest.fixture(name="sensitive")
def sensitive_fixture(recruitment, workforce):
    w = workforce
    w.peer.lived_experience_summary = f"Psychosis in my twenties; {MARKERS['lived']}."
    w.peer.save()
    Role = StaffRole.Role
    w.team_supervisor = _staff("team_supervisor", w.trust, Role.SUPERVISOR, w.team)
    w.team_line_manager = _staff("team_line_manager", w.trust, Role.LINE_MANAGER, w.team)
    w.team_hr = _staff("team_hr", w.trust, Role.HR, w.team)
    w.trust_line_manager = _staff("trust_line_manager", w.trust, Role.LINE_MANAGER)
    w.group_peer = factories.UserFactory(username="group_peer")
    w.colleague.user = w.group_peer
    w.colleague.save()
    w.applicant_user = factories.UserFactory(username="applicant_user")
    w.applicant.user = w.applicant_user
    w.applicant.save()
    w.care_arrangement = OwnCareTeamArrangement.objects.create(
        peer=w.peer,
        team=w.team,
        line_manager=w.line_manager,
        supervisor=w.supervisor,
        care_arrangement=f"Treated by the Oak Ward crisis team if unwell; {MARKERS['care']}.",
    )
    w.placement.own_care_team = True
    w.placement.reasonable_adjustments = f"A quiet room for breaks; {MARKERS['oh_placement']}."
    w.placement.save()

    w.occupational_health.adjusted_hours = f"No starts before 10am; {MARKERS['oh_applicant']}."
    w.occupational_health.save()
    dbs = w.dbs_check
    dbs.status = DbsCheck.Status.DISCLOSURE
    dbs.submitted_on = datetime.date(2026, 10, 1)
    dbs.returned_on = datetime.date(2026, 10, 20)
    dbs.decision = DbsCheck.Decision.PROCEED_WITH_SAFEGUARDS
    dbs.decided_on = datetime.date(2026, 10, 22)
    dbs.panel = "A peer worker\nHR"
    dbs.safeguards = "Monthly check-ins."
    dbs.rationale = f"A caution from 2009, during a crisis; {MARKERS['dbs']}."
    dbs.save()

    w.wap.approaches = f"A walk at lunchtime; {MARKERS['wap_own']}."
    w.wap.save()
    w.shared_wap.approaches = f"Cycling to work; {MARKERS['wap_shared']}."
    w.shared_wap.save()

    w.attendance.notes = f"Talked about boundaries; {MARKERS['notes_group']}."
    w.attendance.save()
    w.colleague_attendance = w.group_session.attendances.get(peer=w.colleague)
    w.managerial_attendance = w.managerial_session.attendances.get()
    w.managerial_attendance.notes = f"Workload agreed; {MARKERS['notes_managerial']}."
    w.managerial_attendance.save()

    w.return_to_work.support_agreed = f"A phased return; {MARKERS['rtw']}."
    w.return_to_work.save()
    return w
