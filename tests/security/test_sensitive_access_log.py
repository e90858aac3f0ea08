"""The sensitive-access log (issue 8 item 3; OWASP ASVS 5.0 level 3, V8 authorization and V16 logging): complete
(every read of a sensitive record, through every channel, writes who, whose, what, how and when), shown to the
peer, and immutable.

Every read path of a sensitive record, found by grepping the templates, views, exports and admins for each
sensitive field (lived_experience_summary, care_arrangement, the OH referral's adjustments and outcome,
Placement.reasonable_adjustments, the DBS check's status, decision and panel's reasons, the WAP's words and its
reviews, SupervisionAttendance.notes and wellbeing_check, the return-to-work conversation's support and notes):

Web pages (channel "page"; the peer reading their own record is not logged: the log tells them who else looked)
- programmes:peer-detail: lived experience (peer lead), care arrangement (HR, peer lead);
- programmes:peer-update: lived experience in the form (peer lead);
- recruitment:occupational-health and -update, recruitment:dbs-detail and dbs-update: OH, DBS (HR, peer lead);
- workforce:placement-detail and placement-update: reasonable adjustments (OH) and care arrangement;
- workforce:supervision-detail, supervision-notes, peer-supervision: each attendee's notes shown;
- workforce:wap-detail, wap-review-create (the plan beside the form): WAP; workforce:wap-versions shows the
  words only to the peer (others see which parts changed: nothing to log);
- workforce:return-to-work-detail: the conversation. Its list page shows when conversations were held, not what
  was agreed (not logged), but its CSV is.
- workforce:absence-detail and absence-update: the reason category of a sickness absence (issue 18), logged as a
  WAP is; the absence list shows dates and days lost only (not logged).
CSV exports (channel "export", programmes/exports.py `SensitiveRows`): workforce:return-to-work-list?format=csv.
No other list page or CSV has a sensitive column (peers, placements, applications, supervision sessions).
PDFs (channel "pdf"): workforce:wap-pdf. (The subject-access export is tested with it, by its own module.)
The admin (channel "admin", programmes/admin_sensitive.py): the change form, the history (whose changes show
past values) and each past version of Peer (lived experience), OwnCareTeamArrangement, Placement (adjustments),
OccupationalHealthReferral, DbsCheck, WellnessActionPlan, WapReview, ReturnToWorkConversation, AbsenceEpisode and
SupervisionSession (its inline shows every attendee's notes; its own history holds only themes and actions);
and the changelists that show part of a record: OH (outcome), DBS (status, decision), care arrangements (which
team cares for the peer). The WAP, review, RTW, placement, session and peer lists show no sensitive content.
Dashboards: the WAP table names peers whose plan's review is overdue (only plans the viewer may read) and counts
the others: never a plan's words, so nothing to log; every other table holds counts and dates.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from programmes import access
from programmes.models import ImmutableAccessLogError, Peer, SensitiveAccessLog
from tests import factories
from tests.security.sensitive_world import sensitive_fixture  # noqa: F401

RT = SensitiveAccessLog.RecordType
PAGE, ADMIN, EXPORT, PDF = "page", "admin", "export", "pdf"
SAMIRA, DANIEL, CHRIS = "Samira Okafor", "Daniel Whitfield", "Chris Bell"


def daniels_absence(w):
    """Daniel's absence with a reason (a sensitive category), made once per world: the cases of a group share it."""
    from workforce.models import AbsenceEpisode

    if not hasattr(w, "absence"):
        w.absence = AbsenceEpisode.objects.create(
            peer=w.colleague,
            placement=w.colleague_placement,
            start_date=w.return_to_work.absence_from,
            end_date=w.return_to_work.absence_to,
            days_lost=10,
            reason_category="musculoskeletal",
            return_to_work=w.return_to_work,
        )
    return w.absence


def admin_url(model: str, view: str, obj) -> str:
    return reverse(f"admin:{model}_{view}", args=[obj.pk] if obj is not None else [])


# (id, viewer, url of the world, the log rows expected: (viewer, peer, record type, channel))
CASES = [
    # Web pages
    (
        "peer-detail-as-peer-lead",
        "peer_lead",
        lambda w: reverse("programmes:peer-detail", args=[w.peer.pk]),
        [("peer_lead", SAMIRA, RT.LIVED_EXPERIENCE, PAGE), ("peer_lead", SAMIRA, RT.CARE_ARRANGEMENT, PAGE)],
    ),
    (
        "peer-detail-as-hr",
        "hr_officer",
        lambda w: reverse("programmes:peer-detail", args=[w.peer.pk]),
        [("hr_officer", SAMIRA, RT.CARE_ARRANGEMENT, PAGE)],
    ),
    ("peer-detail-as-line-manager", "line_manager", lambda w: reverse("programmes:peer-detail", args=[w.peer.pk]), []),
    (
        "peer-update-as-peer-lead",
        "peer_lead",
        lambda w: reverse("programmes:peer-update", args=[w.peer.pk]),
        [("peer_lead", SAMIRA, RT.LIVED_EXPERIENCE, PAGE)],
    ),
    (
        "occupational-health",
        "hr_officer",
        lambda w: reverse("recruitment:occupational-health", args=[w.application.pk]),
        [("hr_officer", CHRIS, RT.OCCUPATIONAL_HEALTH, PAGE)],
    ),
    (
        "occupational-health-update",
        "peer_lead",
        lambda w: reverse("recruitment:occupational-health-update", args=[w.application.pk]),
        [("peer_lead", CHRIS, RT.OCCUPATIONAL_HEALTH, PAGE)],
    ),
    (
        "dbs-detail",
        "hr_officer",
        lambda w: reverse("recruitment:dbs-detail", args=[w.application.pk]),
        [("hr_officer", CHRIS, RT.DBS, PAGE)],
    ),
    (
        "dbs-update",
        "peer_lead",
        lambda w: reverse("recruitment:dbs-update", args=[w.application.pk]),
        [("peer_lead", CHRIS, RT.DBS, PAGE)],
    ),
    (
        "placement-detail",
        "hr_officer",
        lambda w: reverse("workforce:placement-detail", args=[w.placement.pk]),
        [("hr_officer", SAMIRA, RT.CARE_ARRANGEMENT, PAGE), ("hr_officer", SAMIRA, RT.OCCUPATIONAL_HEALTH, PAGE)],
    ),
    (
        "placement-detail-as-line-manager",
        "line_manager",
        lambda w: reverse("workforce:placement-detail", args=[w.placement.pk]),
        [],
    ),
    (
        "placement-update",
        "peer_lead",
        lambda w: reverse("workforce:placement-update", args=[w.placement.pk]),
        [("peer_lead", SAMIRA, RT.CARE_ARRANGEMENT, PAGE), ("peer_lead", SAMIRA, RT.OCCUPATIONAL_HEALTH, PAGE)],
    ),
    (
        "supervision-detail",
        "supervisor",
        lambda w: reverse("workforce:supervision-detail", args=[w.group_session.pk]),
        [("supervisor", DANIEL, RT.SUPERVISION_NOTES, PAGE), ("supervisor", SAMIRA, RT.SUPERVISION_NOTES, PAGE)],
    ),
    (
        "supervision-detail-as-line-manager",
        "line_manager",
        lambda w: reverse("workforce:supervision-detail", args=[w.group_session.pk]),
        [],
    ),
    (
        "supervision-notes",
        "supervisor",
        lambda w: reverse("workforce:supervision-notes", args=[w.group_session.pk]),
        [("supervisor", DANIEL, RT.SUPERVISION_NOTES, PAGE), ("supervisor", SAMIRA, RT.SUPERVISION_NOTES, PAGE)],
    ),
    (
        "peer-supervision",
        "line_manager",
        lambda w: reverse("workforce:peer-supervision", args=[w.peer.pk]),
        [("line_manager", SAMIRA, RT.SUPERVISION_NOTES, PAGE)],
    ),
    (
        "wap-detail-shared",
        "line_manager",
        lambda w: reverse("workforce:wap-detail", args=[w.shared_wap.pk]),
        [("line_manager", DANIEL, RT.WELLNESS_ACTION_PLAN, PAGE)],
    ),
    (
        "wap-detail-as-peer-lead",
        "peer_lead",
        lambda w: reverse("workforce:wap-detail", args=[w.wap.pk]),
        [("peer_lead", SAMIRA, RT.WELLNESS_ACTION_PLAN, PAGE)],
    ),
    (
        "wap-not-shared-is-404-and-unlogged",
        "line_manager",
        lambda w: reverse("workforce:wap-detail", args=[w.wap.pk]),
        [],
    ),
    (
        "wap-versions-as-line-manager",
        "line_manager",
        lambda w: reverse("workforce:wap-versions", args=[w.shared_wap.pk]),
        [],
    ),
    (
        "wap-review-create",
        "line_manager",
        lambda w: reverse("workforce:wap-review-create", args=[w.shared_wap.pk]),
        [("line_manager", DANIEL, RT.WELLNESS_ACTION_PLAN, PAGE)],
    ),
    (
        "return-to-work-detail",
        "line_manager",
        lambda w: reverse("workforce:return-to-work-detail", args=[w.return_to_work.pk]),
        [("line_manager", DANIEL, RT.RETURN_TO_WORK, PAGE)],
    ),
    (
        "return-to-work-list",
        "hr_officer",
        lambda w: reverse("workforce:return-to-work-list", args=[w.colleague.pk]),
        [],
    ),
    (
        "absence-detail",
        "line_manager",
        lambda w: reverse("workforce:absence-detail", args=[daniels_absence(w).pk]),
        [("line_manager", DANIEL, RT.SICKNESS_ABSENCE, PAGE)],
    ),
    (
        "absence-update",
        "peer_lead",
        lambda w: reverse("workforce:absence-update", args=[daniels_absence(w).pk]),
        [("peer_lead", DANIEL, RT.SICKNESS_ABSENCE, PAGE)],
    ),
    (
        "absence-list",
        "hr_officer",
        lambda w: reverse("workforce:absence-list", args=[daniels_absence(w).peer_id]),
        [],
    ),
    # The peer reading their own records: nothing to tell them about themselves.
    ("own-peer-detail", "peer_worker", lambda w: reverse("programmes:peer-detail", args=[w.peer.pk]), []),
    ("own-placement", "peer_worker", lambda w: reverse("workforce:placement-detail", args=[w.placement.pk]), []),
    ("own-wap", "peer_worker", lambda w: reverse("workforce:wap-detail", args=[w.wap.pk]), []),
    ("own-wap-pdf", "peer_worker", lambda w: reverse("workforce:wap-pdf", args=[w.wap.pk]), []),
    ("own-supervision", "peer_worker", lambda w: reverse("workforce:peer-supervision", args=[w.peer.pk]), []),
    # CSV exports
    (
        "return-to-work-csv",
        "hr_officer",
        lambda w: reverse("workforce:return-to-work-list", args=[w.colleague.pk]) + "?format=csv",
        [("hr_officer", DANIEL, RT.RETURN_TO_WORK, EXPORT)],
    ),
    ("peer-list-csv", "peer_lead", lambda w: reverse("programmes:peer-list") + "?format=csv", []),
    ("placement-list-csv", "hr_officer", lambda w: reverse("workforce:placement-list") + "?format=csv", []),
    ("application-list-csv", "hr_officer", lambda w: reverse("recruitment:application-list") + "?format=csv", []),
    ("supervision-list-csv", "supervisor", lambda w: reverse("workforce:supervision-list") + "?format=csv", []),
    ("dashboard", "peer_lead", lambda w: reverse("dashboards:dashboard"), []),
    ("dashboard-wap-csv", "peer_lead", lambda w: reverse("dashboards:csv", args=["waps"]), []),
    # PDFs
    (
        "wap-pdf",
        "line_manager",
        lambda w: reverse("workforce:wap-pdf", args=[w.shared_wap.pk]),
        [("line_manager", DANIEL, RT.WELLNESS_ACTION_PLAN, PDF)],
    ),
    # The admin
    (
        "admin-peer-change",
        "administrator",
        lambda w: admin_url("programmes_peer", "change", w.peer),
        [("administrator", SAMIRA, RT.LIVED_EXPERIENCE, ADMIN)],
    ),
    (
        "admin-peer-change-nothing-recorded",
        "administrator",
        lambda w: admin_url("programmes_peer", "change", w.colleague),
        [],
    ),
    (
        "admin-peer-history",
        "administrator",
        lambda w: admin_url("programmes_peer", "history", w.peer),
        [("administrator", SAMIRA, RT.LIVED_EXPERIENCE, ADMIN)],
    ),
    ("admin-peer-changelist", "administrator", lambda w: admin_url("programmes_peer", "changelist", None), []),
    (
        "admin-care-changelist",
        "administrator",
        lambda w: admin_url("programmes_owncareteamarrangement", "changelist", None),
        [("administrator", SAMIRA, RT.CARE_ARRANGEMENT, ADMIN)],
    ),
    (
        "admin-care-change",
        "administrator",
        lambda w: admin_url("programmes_owncareteamarrangement", "change", w.care_arrangement),
        [("administrator", SAMIRA, RT.CARE_ARRANGEMENT, ADMIN)],
    ),
    (
        "admin-care-history",
        "administrator",
        lambda w: admin_url("programmes_owncareteamarrangement", "history", w.care_arrangement),
        [("administrator", SAMIRA, RT.CARE_ARRANGEMENT, ADMIN)],
    ),
    (
        "admin-placement-change",
        "administrator",
        lambda w: admin_url("workforce_placement", "change", w.placement),
        [("administrator", SAMIRA, RT.OCCUPATIONAL_HEALTH, ADMIN)],
    ),
    (
        "admin-placement-history",
        "administrator",
        lambda w: admin_url("workforce_placement", "history", w.placement),
        [("administrator", SAMIRA, RT.OCCUPATIONAL_HEALTH, ADMIN)],
    ),
    (
        "admin-placement-without-adjustments",
        "administrator",
        lambda w: admin_url("workforce_placement", "history", w.colleague_placement),
        [],
    ),
    ("admin-placement-changelist", "administrator", lambda w: admin_url("workforce_placement", "changelist", None), []),
    (
        "admin-oh-changelist",
        "administrator",
        lambda w: admin_url("recruitment_occupationalhealthreferral", "changelist", None),
        [("administrator", CHRIS, RT.OCCUPATIONAL_HEALTH, ADMIN)],
    ),
    (
        "admin-oh-change",
        "administrator",
        lambda w: admin_url("recruitment_occupationalhealthreferral", "change", w.occupational_health),
        [("administrator", CHRIS, RT.OCCUPATIONAL_HEALTH, ADMIN)],
    ),
    (
        "admin-oh-history",
        "administrator",
        lambda w: admin_url("recruitment_occupationalhealthreferral", "history", w.occupational_health),
        [("administrator", CHRIS, RT.OCCUPATIONAL_HEALTH, ADMIN)],
    ),
    (
        "admin-dbs-changelist",
        "administrator",
        lambda w: admin_url("recruitment_dbscheck", "changelist", None),
        [("administrator", CHRIS, RT.DBS, ADMIN)],
    ),
    (
        "admin-dbs-change",
        "administrator",
        lambda w: admin_url("recruitment_dbscheck", "change", w.dbs_check),
        [("administrator", CHRIS, RT.DBS, ADMIN)],
    ),
    (
        "admin-dbs-history",
        "administrator",
        lambda w: admin_url("recruitment_dbscheck", "history", w.dbs_check),
        [("administrator", CHRIS, RT.DBS, ADMIN)],
    ),
    (
        "admin-dbs-past-version",
        "administrator",
        lambda w: reverse(
            "admin:recruitment_dbscheck_simple_history",
            args=[w.dbs_check.pk, w.dbs_check.history.earliest().history_id],
        ),
        [("administrator", CHRIS, RT.DBS, ADMIN)],
    ),
    (
        "admin-session-change",
        "administrator",
        lambda w: admin_url("workforce_supervisionsession", "change", w.group_session),
        [
            ("administrator", DANIEL, RT.SUPERVISION_NOTES, ADMIN),
            ("administrator", SAMIRA, RT.SUPERVISION_NOTES, ADMIN),
        ],
    ),
    (
        "admin-session-history",
        "administrator",
        lambda w: admin_url("workforce_supervisionsession", "history", w.group_session),
        [],
    ),
    (
        "admin-wap-change",
        "administrator",
        lambda w: admin_url("workforce_wellnessactionplan", "change", w.shared_wap),
        [("administrator", DANIEL, RT.WELLNESS_ACTION_PLAN, ADMIN)],
    ),
    (
        "admin-wap-history",
        "administrator",
        lambda w: admin_url("workforce_wellnessactionplan", "history", w.shared_wap),
        [("administrator", DANIEL, RT.WELLNESS_ACTION_PLAN, ADMIN)],
    ),
    (
        "admin-wap-past-version",
        "administrator",
        lambda w: reverse(
            "admin:workforce_wellnessactionplan_simple_history", args=[w.wap.pk, w.wap.history.earliest().history_id]
        ),
        [("administrator", SAMIRA, RT.WELLNESS_ACTION_PLAN, ADMIN)],
    ),
    (
        "admin-wap-changelist",
        "administrator",
        lambda w: admin_url("workforce_wellnessactionplan", "changelist", None),
        [],
    ),
    (
        "admin-wap-review-change",
        "administrator",
        lambda w: admin_url("workforce_wapreview", "change", w.wap_review),
        [("administrator", DANIEL, RT.WELLNESS_ACTION_PLAN, ADMIN)],
    ),
    (
        "admin-rtw-change",
        "administrator",
        lambda w: admin_url("workforce_returntoworkconversation", "change", w.return_to_work),
        [("administrator", DANIEL, RT.RETURN_TO_WORK, ADMIN)],
    ),
    (
        "admin-rtw-history",
        "administrator",
        lambda w: admin_url("workforce_returntoworkconversation", "history", w.return_to_work),
        [("administrator", DANIEL, RT.RETURN_TO_WORK, ADMIN)],
    ),
    (
        "admin-absence-change",
        "administrator",
        lambda w: admin_url("workforce_absenceepisode", "change", daniels_absence(w)),
        [("administrator", DANIEL, RT.SICKNESS_ABSENCE, ADMIN)],
    ),
    (
        "admin-absence-history",
        "administrator",
        lambda w: admin_url("workforce_absenceepisode", "history", daniels_absence(w)),
        [("administrator", DANIEL, RT.SICKNESS_ABSENCE, ADMIN)],
    ),
    (
        "admin-absence-changelist",
        "administrator",
        lambda w: admin_url("workforce_absenceepisode", "changelist", None),
        [],
    ),
    (
        "admin-rtw-changelist",
        "administrator",
        lambda w: admin_url("workforce_returntoworkconversation", "changelist", None),
        [],
    ),
]


def group_of(case_id: str) -> str:
    if case_id.startswith("admin-"):
        return "admin"
    if any(word in case_id for word in ("csv", "pdf", "dashboard")):
        return "exports-pdfs-dashboards"
    return "pages"


GROUPS = sorted({group_of(c[0]) for c in CASES})


@pytest.mark.parametrize("group", GROUPS)
def test_every_read_of_a_sensitive_record_is_logged_once_with_who_whose_what_and_how(client, sensitive, group):
    """Each case: the viewer opens the page (or export, PDF, admin view) and exactly the expected rows are added to
    the log. The cases of a group share one world (it takes a while to build); each compares only its own rows."""
    w = sensitive
    failures = []
    for case_id, viewer, url, expected in (c for c in CASES if group_of(c[0]) == group):
        last = SensitiveAccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        client.force_login(getattr(w, viewer))
        response = client.get(url(w))
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)  # a CSV is written (and its reads logged) as it is read
        added = sorted(
            SensitiveAccessLog.objects.filter(pk__gt=last).values_list(
                "user__username", "peer__full_name", "record_type", "channel"
            )
        )
        if response.status_code not in (200, 404) or added != sorted(expected):
            failures.append(f"{case_id}: {response.status_code}, logged {added}, expected {sorted(expected)}")
    assert not failures, "\n".join(failures)


# --- The peer sees who looked -----------------------------------------------------------------------------


def test_the_peer_sees_who_read_what_when_how_and_in_which_role_newest_first(client, sensitive):
    w = sensitive
    w.peer_lead.first_name, w.peer_lead.last_name = "Lee", "Park"
    w.peer_lead.save()
    with time_machine.travel(timezone.now() - datetime.timedelta(days=2), tick=False):
        client.force_login(w.hr_officer)
        client.get(reverse("workforce:placement-detail", args=[w.placement.pk]))
    with time_machine.travel(timezone.now() - datetime.timedelta(days=1), tick=False):
        client.force_login(w.peer_lead)
        client.get(reverse("workforce:wap-detail", args=[w.wap.pk]))
        client.force_login(w.administrator)
        client.get(admin_url("workforce_wellnessactionplan", "change", w.wap))
    client.force_login(w.peer_worker)

    response = client.get(reverse("programmes:peer-access-log", args=[w.peer.pk]))

    assert response.status_code == 200
    reads = [(r.user.username, r.record_type, r.channel) for r in response.context["reads"]]
    assert reads == [
        ("administrator", RT.WELLNESS_ACTION_PLAN, ADMIN),
        ("peer_lead", RT.WELLNESS_ACTION_PLAN, PAGE),
        ("hr_officer", RT.OCCUPATIONAL_HEALTH, PAGE),
        ("hr_officer", RT.CARE_ARRANGEMENT, PAGE),  # the same moment: the later row first
    ]
    html = response.content.decode()
    for text in (
        "Lee Park",
        "Peer support lead",
        "HR",
        "Administrator",
        "Wellness Action Plan",
        "Administration",
        "Web page",
        "Care arrangement",
    ):
        assert text in html, text
    assert SensitiveAccessLog.objects.filter(user=w.peer_worker).count() == 0  # reading the log logs nothing


def test_the_access_log_comes_a_page_at_a_time(client, world):
    for i in range(30):
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=i), tick=False):
            access.log_sensitive_read(user=world.peer_lead, peer=world.peer, record_type=RT.LIVED_EXPERIENCE)
    client.force_login(world.peer_worker)
    url = reverse("programmes:peer-access-log", args=[world.peer.pk])

    first, second = client.get(url), client.get(url + "?page=2")

    times = [r.accessed_at for r in first.context["reads"]] + [r.accessed_at for r in second.context["reads"]]
    assert len(first.context["reads"]) == 25 and len(second.context["reads"]) == 5
    assert times == sorted(times, reverse=True) and len(set(times)) == 30
    assert "Page 1 of 2" in first.content.decode()


@pytest.mark.parametrize("viewer", ["peer_lead", "hr_officer", "line_manager", "supervisor", "other_trust_staff"])
def test_only_the_peer_and_administrators_open_the_access_log(client, world, viewer):
    access.log_sensitive_read(user=world.peer_lead, peer=world.peer, record_type=RT.LIVED_EXPERIENCE)
    url = reverse("programmes:peer-access-log", args=[world.peer.pk])
    client.force_login(getattr(world, viewer))
    assert client.get(url).status_code == 404
    client.force_login(world.administrator)
    assert client.get(url).status_code == 200
    assert not access.can_read_access_log(world.peer_lead, world.peer)


# --- Immutable --------------------------------------------------------------------------------------------


@pytest.fixture
def read(world):
    return access.log_sensitive_read(user=world.peer_lead, peer=world.peer, record_type=RT.LIVED_EXPERIENCE)


def unchanged(read) -> bool:
    row = SensitiveAccessLog.objects.get(pk=read.pk)
    return (row.user_id, row.record_type, row.accessed_at) == (read.user_id, RT.LIVED_EXPERIENCE, read.accessed_at)


def test_a_row_of_the_log_cannot_be_changed(read, world):
    read.record_type = RT.DBS
    attempts = [
        read.save,
        lambda: SensitiveAccessLog.objects.filter(pk=read.pk).update(user=world.hr_officer),
        lambda: SensitiveAccessLog.objects.bulk_update([read], ["record_type"]),
        lambda: SensitiveAccessLog.objects.update_or_create(pk=read.pk, defaults={"record_type": RT.DBS}),
    ]
    for attempt in attempts:
        with pytest.raises(ImmutableAccessLogError), transaction.atomic():
            attempt()
    assert unchanged(read)


def test_a_row_of_the_log_cannot_be_deleted(read):
    attempts = [
        read.delete,
        lambda: SensitiveAccessLog.objects.filter(pk=read.pk).delete(),
        lambda: SensitiveAccessLog.objects.all().delete(),
    ]
    for attempt in attempts:
        with pytest.raises(ImmutableAccessLogError), transaction.atomic():
            attempt()
    assert not hasattr(SensitiveAccessLog.objects, "delete")
    assert unchanged(read)


def test_retention_purges_the_reads_of_the_given_peers_only(world, read):
    access.log_sensitive_read(user=world.hr_officer, peer=world.colleague, record_type=RT.LIVED_EXPERIENCE)
    access.log_sensitive_read(user=world.hr_officer, peer=world.peer, record_type=RT.DBS)

    removed = SensitiveAccessLog.objects.purge_for_retention([world.peer.pk])

    assert removed == 2
    assert list(SensitiveAccessLog.objects.values_list("peer", flat=True)) == [world.colleague.pk]
    assert SensitiveAccessLog.objects.purge_for_retention([]) == 0


def test_deleting_a_peer_at_the_end_of_retention_takes_their_reads_with_them(world):
    gone = factories.PeerFactory(trust=world.trust, full_name="Past Applicant")
    access.log_sensitive_read(user=world.peer_lead, peer=gone, record_type=RT.LIVED_EXPERIENCE)
    access.log_sensitive_read(user=world.peer_lead, peer=world.peer, record_type=RT.LIVED_EXPERIENCE)

    gone.delete()

    assert not Peer.objects.filter(full_name="Past Applicant").exists()
    assert list(SensitiveAccessLog.objects.values_list("peer", flat=True)) == [world.peer.pk]


def test_the_admin_cannot_add_change_or_delete_the_log(client, world, read):
    client.force_login(world.administrator)
    changelist = admin_url("programmes_sensitiveaccesslog", "changelist", None)

    listing = client.get(changelist)
    assert listing.status_code == 200
    assert listing.context["action_form"] is None  # no "delete selected" (nor any other) action
    assert "delete_selected" not in listing.content.decode()
    assert client.post(changelist, {"action": "delete_selected", "_selected_action": [read.pk]}).status_code in (
        200,
        302,
        403,
    )
    assert client.get(admin_url("programmes_sensitiveaccesslog", "add", None)).status_code == 403
    assert client.post(admin_url("programmes_sensitiveaccesslog", "add", None), {}).status_code == 403

    change = admin_url("programmes_sensitiveaccesslog", "change", read)
    form = client.get(change)
    assert form.status_code == 200
    assert form.context["has_change_permission"] is False  # read-only: no field to change, no Save
    assert 'name="_save"' not in form.content.decode()
    assert client.post(change, {"record_type": RT.DBS, "user": world.hr_officer.pk}).status_code == 403

    delete = admin_url("programmes_sensitiveaccesslog", "delete", read)
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert unchanged(read)
    assert SensitiveAccessLog.objects.count() == 1
