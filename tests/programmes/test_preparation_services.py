"""Phase 1, preparation, through its services and selectors: team preparation sessions and readiness,
the programme's readiness plan, job descriptions made from the library, pre-employment training,
the code of conduct and recovery-focused language advice.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from programmes import selectors, services
from programmes.models import (
    AgendaCoverage,
    CodeOfConductAcknowledgement,
    CohortEnrolment,
    CostItem,
    FollowUpAction,
    JobDescription,
    KeyAccountability,
    PersonSpecificationCriterion,
    ProjectAction,
    ReferenceItem,
    SteeringGroupMember,
    Team,
    TeamPreparationSession,
    TrainingCohort,
    TrainingCourse,
)
from programmes.reference_data import for_the_post, words_for_the_post
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 16)
Kind = ReferenceItem.Kind
BAND_2 = "Peer Support Worker (Band 2)"
NONCOMPLIANT_ALTERNATIVES = [
    "Not in agreement with the treatment plan",
    "Difficulty following treatment recommendations",
    "Choosing not to",
]
PHASE_1_MODELS = [
    TeamPreparationSession,
    AgendaCoverage,
    FollowUpAction,
    SteeringGroupMember,
    ProjectAction,
    CostItem,
    JobDescription,
    KeyAccountability,
    PersonSpecificationCriterion,
    TrainingCohort,
    CohortEnrolment,
    CodeOfConductAcknowledgement,
]


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in PHASE_1_MODELS}


def changed(before: dict[str, int]) -> dict[str, int]:
    """How many rows of each phase 1 model were added (or removed) since `before`."""
    after = counts()
    return {name: after[name] - n for name, n in before.items() if after[name] != n}


def agenda() -> list[ReferenceItem]:
    return list(ReferenceItem.objects.filter(kind=Kind.TEAM_PREPARATION_AGENDA).order_by("number"))


def band_2_template() -> JobDescription:
    return JobDescription.objects.get(template_name=BAND_2)


def record_session(team, *, by=None, covered=(), actions=(), held_on=TODAY):
    """A team preparation session covering the agenda items numbered in `covered`."""
    return services.record_team_preparation_session(
        by=by,
        team=team,
        held_on=held_on,
        attendees="Maya Singh, team leader\nJo Reid, peer support lead",
        coverage={item.pk: (True, "") for item in agenda() if item.number in covered},
        actions=list(actions),
    )


def readiness(team):
    row = selectors.readiness_of_team(team)
    return row.readiness, row.readiness_reasons


# --- Team preparation ---------------------------------------------------------------------------


def test_recording_a_team_preparation_session_keeps_every_agenda_item_and_the_actions_agreed():
    team = factories.TeamFactory(name="Riverside CMHT")
    user = factories.UserFactory()
    items = agenda()
    before = counts()

    session = services.record_team_preparation_session(
        by=user,
        team=team,
        held_on=TODAY,
        attendees="Maya Singh, team leader\nJo Reid, peer support lead",
        facilitator="Jo Reid",
        coverage={items[0].pk: (True, "Went through Box 3 together."), items[2].pk: (True, "")},
        actions=[
            {"action": "Share the myths leaflet", "owner": "Maya Singh", "due_date": TODAY + datetime.timedelta(7)},
            {"action": "Invite a peer worker from Oak Ward", "owner": "Jo Reid"},
            {"action": "", "owner": "an empty row of the form"},
        ],
    )

    assert changed(before) == {"TeamPreparationSession": 1, "AgendaCoverage": 7, "FollowUpAction": 2}
    assert (session.team, session.held_on, session.attendee_list) == (
        team,
        TODAY,
        ["Maya Singh, team leader", "Jo Reid, peer support lead"],
    )
    assert list(session.agenda.values_list("item__number", "covered", "notes")) == [
        (1, True, "Went through Box 3 together."),
        (2, False, ""),
        (3, True, ""),
        (4, False, ""),
        (5, False, ""),
        (6, False, ""),
        (7, False, ""),
    ]
    assert sorted(session.follow_up_actions.values_list("action", "owner", "due_date", "done")) == [
        ("Invite a peer worker from Oak Ward", "Jo Reid", None, False),
        ("Share the myths leaflet", "Maya Singh", datetime.date(2026, 3, 23), False),
    ]
    assert list(session.history.values_list("history_type", "history_user")) == [("+", user.pk)]


def test_a_team_with_no_preparation_session_has_not_started():
    team = factories.TeamFactory()

    assert readiness(team) == (
        "Not started",
        ["7 of 7 agenda items not yet covered", "no recovery-focused practice training yet"],
    )


def test_a_team_part_way_through_preparation_is_told_what_is_left():
    team = factories.TeamFactory()
    session = record_session(
        team,
        covered={1, 2, 3, 4, 5},
        actions=[{"action": "Meet the peer lead"}, {"action": "Read Box 4"}, {"action": "Book training"}],
    )
    services.update_record(session.follow_up_actions.get(action="Read Box 4"), by=None, done=True)

    assert readiness(team) == (
        "In preparation",
        [
            "2 of 7 agenda items not yet covered",
            "no recovery-focused practice training yet",
            "2 follow-up actions open",
        ],
    )


def test_a_team_is_ready_when_every_item_is_covered_the_training_is_done_and_the_actions_are_done():
    team = factories.TeamFactory(recovery_training_done=True)
    # The agenda may be covered over two sessions.
    record_session(team, covered={1, 2, 3, 4}, held_on=TODAY - datetime.timedelta(14))
    second = record_session(team, covered={3, 5, 6, 7}, actions=[{"action": "Plan the welcome", "done": True}])

    assert readiness(team) == ("Ready", [])
    assert selectors.is_team_ready(team)

    services.update_record(second.follow_up_actions.get(), by=None, done=False)
    assert readiness(team) == ("In preparation", ["1 follow-up action open"])


def test_readiness_of_several_teams_counts_each_teams_own_sessions_and_actions():
    trust = factories.TrustFactory()
    ready = factories.TeamFactory(trust=trust, name="A ready team", recovery_training_done=True)
    busy = factories.TeamFactory(trust=trust, name="B busy team")
    factories.TeamFactory(trust=trust, name="C untouched team")
    record_session(ready, covered=range(1, 8), actions=[{"action": "Done already", "done": True}] * 3)
    for _ in range(2):
        record_session(busy, covered={1, 2}, actions=[{"action": "Open"}, {"action": "Open too"}])

    rows = selectors.team_readiness(Team.objects.filter(trust=trust))

    assert [(t.name, t.readiness, t.readiness_reasons) for t in rows] == [
        ("A ready team", "Ready", []),
        (
            "B busy team",
            "In preparation",
            [
                "5 of 7 agenda items not yet covered",
                "no recovery-focused practice training yet",
                "4 follow-up actions open",
            ],
        ),
        (
            "C untouched team",
            "Not started",
            ["7 of 7 agenda items not yet covered", "no recovery-focused practice training yet"],
        ),
    ]
    assert [t.session_count for t in rows] == [1, 2, 0]


def test_editing_a_session_changes_its_coverage_and_removes_an_action_marked_for_deletion():
    team = factories.TeamFactory()
    user = factories.UserFactory()
    session = record_session(
        team, covered={1, 2}, actions=[{"action": "Keep this one"}, {"action": "Drop this one", "owner": "Maya"}]
    )
    keep = session.follow_up_actions.get(action="Keep this one")
    drop = session.follow_up_actions.get(action="Drop this one")
    items = agenda()
    before = counts()

    services.update_team_preparation_session(
        session=session,
        by=user,
        notes="Second half of the agenda next month.",
        coverage={items[1].pk: (True, "Heard from Oak Ward."), items[6].pk: (True, "")},
        actions=[
            {"id": keep.pk, "action": "Keep this one", "owner": "Jo Reid", "done": True},
            {"id": drop.pk, "action": "Drop this one", "delete": True},
            {"action": "A new action"},
        ],
    )

    session.refresh_from_db()
    assert changed(before) == {}  # one action removed, one added; the agenda rows are the same seven
    assert session.notes == "Second half of the agenda next month."
    assert list(session.agenda.filter(covered=True).values_list("item__number", "notes")) == [
        (2, "Heard from Oak Ward."),
        (7, ""),
    ]
    assert sorted(session.follow_up_actions.values_list("action", "owner", "done")) == [
        ("A new action", "", False),
        ("Keep this one", "Jo Reid", True),
    ]
    deleted = FollowUpAction.history.get(id=drop.pk, history_type="-")
    assert deleted.history_user == user


def test_editing_only_a_sessions_details_leaves_its_agenda_and_actions_as_recorded():
    team = factories.TeamFactory()
    session = record_session(team, covered={1, 3, 5}, actions=[{"action": "Book training"}])
    agenda_before = list(session.agenda.values_list("pk", "item__number", "covered", "notes"))
    actions_before = list(session.follow_up_actions.values())
    before = counts()

    services.update_team_preparation_session(session=session, by=None, facilitator="Jo Reid")

    session.refresh_from_db()
    assert session.facilitator == "Jo Reid"
    assert list(session.agenda.values_list("pk", "item__number", "covered", "notes")) == agenda_before
    assert list(session.follow_up_actions.values()) == actions_before
    assert changed(before) == {}
    assert AgendaCoverage.history.filter(session_id=session.pk, history_type="~").count() == 0


# --- Programme readiness ------------------------------------------------------------------------


def test_programme_readiness_lists_overdue_actions_costs_and_missing_representation():
    programme = factories.ProgrammeFactory(why_employ_peers="To bring hope.", difference_hoped_for="")
    factories.TeamFactory(trust=programme.trust, recovery_training_done=True)
    add = services.create_record
    for name, represents in [("Ann", "hr"), ("Bo", "finance"), ("Cy", "service_users_and_carers")]:
        add(SteeringGroupMember, by=None, programme=programme, name=name, represents=represents)
    yesterday, tomorrow = TODAY - datetime.timedelta(1), TODAY + datetime.timedelta(1)
    for action, due, status in [
        ("Agree the budget", yesterday, "in_progress"),
        ("Brief HR", yesterday, "done"),
        ("Write the job descriptions", TODAY, "not_started"),
        ("Recruit", tomorrow, "not_started"),
        ("Appoint a lead", TODAY - datetime.timedelta(30), "not_started"),
    ]:
        add(ProjectAction, by=None, programme=programme, action=action, owner="Jo", due_date=due, status=status)
    for category, amount in [("salary", "48000"), ("salary", "24000.50"), ("training", "6500")]:
        add(CostItem, by=None, programme=programme, category=category, description="A line", amount=Decimal(amount))
    before = counts()

    result = selectors.programme_readiness(programme, Team.objects.all(), today=timezone.localdate())

    assert changed(before) == {}
    assert [a.action for a in result.overdue_actions] == ["Appoint a lead", "Agree the budget"]
    assert result.actions_done == 1
    assert result.total_cost == Decimal("78500.50")
    assert result.costs_by_category == [
        ("Salary and on-costs", Decimal("72000.50")),
        ("Recruitment", None),
        ("Training", Decimal("6500.00")),
        ("Peer supervision", None),
        ("Relief cover", None),
        ("Travel", None),
        ("Administration", None),
        ("Equipment", None),
    ]
    assert result.missing_representation == [
        "Occupational health",
        "Learning and development",
        "Communications",
        "Professional groups",
        "Partner organisations",
    ]
    assert [(c.label, c.done) for c in result.checklist] == [
        ("Steering group drawn from across the organisation", False),
        ("Project plan in place and on time", False),
        ("Costs worked out for every part of the checklist", False),
        ("Why we want to employ peers, in our own words", True),
        ("The difference we hope peers will make", False),
        ("Teams prepared for peer workers", False),
    ]
    assert result.checklist[1].detail == "1 of 5 actions done; 2 overdue."
    assert result.done_count == 1


def test_a_programme_with_everything_in_place_has_its_whole_checklist_done():
    programme = factories.ProgrammeFactory(why_employ_peers="Hope.", difference_hoped_for="Recovery.")
    team = factories.TeamFactory(trust=programme.trust, recovery_training_done=True)
    record_session(team, covered=range(1, 8))
    for represents in selectors.CORE_REPRESENTATION:
        services.create_record(SteeringGroupMember, by=None, programme=programme, name="M", represents=represents)
    services.create_record(
        ProjectAction, by=None, programme=programme, action="Plan", owner="Jo", due_date=TODAY, status="not_started"
    )
    for category in CostItem.Category:
        services.create_record(
            CostItem, by=None, programme=programme, category=category, description="x", amount=Decimal("100")
        )

    result = selectors.programme_readiness(programme, Team.objects.all(), today=timezone.localdate())

    assert [c.done for c in result.checklist] == [True] * 6
    assert (result.missing_representation, result.overdue_actions, result.total_cost) == ([], [], Decimal("800"))
    assert result.checklist[2].detail == "Total £800.00 a year."
    assert result.checklist[5].detail == "1 of 1 teams ready."


# --- Job descriptions ---------------------------------------------------------------------------


def test_a_posts_job_description_is_a_full_copy_of_the_template_with_the_posts_own_title_band_and_hours():
    post = factories.PostFactory(title="Peer Support Worker (Inpatient)", band=3, hours=Decimal("22.5"))
    template = band_2_template()
    user = factories.UserFactory()
    before = counts()

    jd = services.create_job_description_from_template(post=post, template=template, by=user)

    rows_in_template = template.accountabilities.count(), template.person_specification.count()
    assert changed(before) == {
        "JobDescription": 1,
        "KeyAccountability": rows_in_template[0],
        "PersonSpecificationCriterion": rows_in_template[1],
    }
    assert (jd.post, jd.based_on, jd.version, jd.template_name) == (post, template, 1, None)
    assert (jd.job_title, jd.band, jd.hours) == ("Peer Support Worker (Inpatient)", 3, "22.5")
    for name in ["reports_to", "role_purpose", "role_context", "dimensions", "organisation_chart", "source"]:
        assert getattr(jd, name) == getattr(template, name), name
    # Word for word, but for the source's employer, which becomes the post's own trust (issue 16).
    trust = post.team.trust.name

    def ours(rows):
        return [
            tuple(
                for_the_post(v, template_name=template.template_name, trust_name=trust) if isinstance(v, str) else v
                for v in row
            )
            for row in rows
        ]

    fields = ["order", "heading", "duties", "performance_measures"]
    assert list(jd.accountabilities.values_list(*fields)) == ours(template.accountabilities.values_list(*fields))
    fields = [
        "order",
        "attribute",
        "essential",
        "essential_weight",
        "desirable",
        "desirable_weight",
        "by_application",
        "by_interview",
        "by_presentation",
        "identified_otherwise",
    ]
    assert list(jd.person_specification.values_list(*fields)) == ours(
        template.person_specification.values_list(*fields)
    )
    copied = " ".join(
        str(v)
        for rows in (
            jd.accountabilities.values_list("duties", "performance_measures"),
            jd.person_specification.values_list(*fields),
        )
        for row in rows
        for v in row
    )
    assert trust in copied
    assert not any(quoted in copied for quoted, _ in words_for_the_post(template.template_name))
    assert list(jd.history.values_list("history_type", "history_user")) == [("+", user.pk)]
    # The template itself is untouched.
    template.refresh_from_db()
    assert (template.job_title, template.band, template.hours, template.post) == (
        "Peer Support Worker (PSW)",
        2,
        "37.5 or part thereof",
        None,
    )


def test_a_second_job_description_for_the_same_post_is_refused_and_nothing_is_created():
    post = factories.PostFactory()
    first = services.create_job_description_from_template(post=post, template=band_2_template(), by=None)
    other_template = JobDescription.objects.get(template_name="Senior Peer Support Worker (Band 4)")
    before = counts()

    with pytest.raises(ValidationError) as refused:
        services.create_job_description_from_template(post=post, template=other_template, by=None)

    assert refused.value.messages == ["This post already has a job description; edit it instead."]
    assert changed(before) == {}
    assert JobDescription.objects.get(post=post) == first


def test_editing_a_job_description_saves_it_as_the_next_version_with_its_history():
    post = factories.PostFactory()
    author, editor = factories.UserFactory(), factories.UserFactory()
    jd = services.create_job_description_from_template(post=post, template=band_2_template(), by=author)
    risk = jd.accountabilities.get(heading="Risk")
    before = counts()

    services.update_job_description(
        job_description=jd,
        by=editor,
        reports_to="Team Leader, Riverside CMHT",
        accountabilities=[{"id": risk.pk, "duties": risk.duties + "\nTo help people write their own safety plans."}],
    )

    jd.refresh_from_db()
    assert changed(before) == {}
    assert (jd.version, jd.reports_to) == (2, "Team Leader, Riverside CMHT")
    assert jd.accountabilities.get(pk=risk.pk).duty_list[-1] == "To help people write their own safety plans."
    versions = list(jd.history.order_by("history_id").values_list("version", "history_user", "reports_to"))
    assert versions == [
        (1, author.pk, "Ward Manager / Team Leader"),
        (2, editor.pk, "Team Leader, Riverside CMHT"),
    ]
    assert risk.history.latest().history_user == editor

    services.update_job_description(job_description=jd, by=editor, hours="30")
    assert jd.history.count() == 3
    assert JobDescription.objects.get(pk=jd.pk).version == 3


# --- Pre-employment training --------------------------------------------------------------------


def make_cohort(*, capacity: int):
    programme = factories.ProgrammeFactory()
    course = TrainingCourse.objects.filter(trust__isnull=True).order_by("name").first()
    return services.create_record(
        TrainingCohort,
        by=None,
        programme=programme,
        course=course,
        name="Spring 2026 cohort",
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=60),
        capacity=capacity,
    )


def test_a_full_cohort_refuses_another_peer_and_saves_nothing():
    cohort = make_cohort(capacity=2)
    trust = cohort.programme.trust
    for _ in range(2):
        services.enrol_peer(cohort=cohort, peer=factories.PeerFactory(trust=trust), by=None)
    latecomer = factories.PeerFactory(trust=trust, full_name="Lee Latecomer")
    before = counts()

    with pytest.raises(ValidationError) as refused:
        services.enrol_peer(cohort=cohort, peer=latecomer, by=None)

    assert refused.value.message_dict == {"peer": ["The cohort is full: all 2 places are taken."]}
    assert changed(before) == {}
    assert not latecomer.training_enrolments.exists()


def test_a_withdrawn_peer_frees_their_place_on_a_cohort():
    cohort = make_cohort(capacity=1)
    trust = cohort.programme.trust
    first = services.enrol_peer(cohort=cohort, peer=factories.PeerFactory(trust=trust), by=None)
    services.update_record(first, by=None, status=CohortEnrolment.Status.WITHDRAWN)

    second = services.enrol_peer(cohort=cohort, peer=factories.PeerFactory(trust=trust), by=None)

    assert list(cohort.enrolments.order_by("pk").values_list("pk", "status")) == [
        (first.pk, "withdrawn"),
        (second.pk, "enrolled"),
    ]


def test_enrolling_a_peer_twice_on_a_cohort_is_refused_on_the_peer_field():
    cohort = make_cohort(capacity=5)
    peer = factories.PeerFactory(trust=cohort.programme.trust, full_name="Samira Okafor", preferred_name="")
    services.enrol_peer(cohort=cohort, peer=peer, by=None)
    before = counts()

    with pytest.raises(ValidationError) as refused:
        services.enrol_peer(cohort=cohort, peer=peer, by=None)

    assert refused.value.message_dict == {"peer": ["Samira Okafor is already enrolled on this cohort."]}
    assert changed(before) == {}


def test_cohort_lists_count_enrolled_completed_withdrawn_and_graduated_peers():
    cohort = make_cohort(capacity=5)
    trust = cohort.programme.trust
    Status, Result = CohortEnrolment.Status, CohortEnrolment.Result
    for status, result, graduated in [
        (Status.ENROLLED, Result.PENDING, None),
        (Status.COMPLETED, Result.PASSED, TODAY),
        (Status.COMPLETED, Result.PASSED, None),
        (Status.WITHDRAWN, Result.PENDING, None),
    ]:
        services.enrol_peer(
            cohort=cohort,
            peer=factories.PeerFactory(trust=trust),
            by=None,
            status=status,
            assessment_result=result,
            graduated_on=graduated,
        )

    row = selectors.cohorts_for_list(TrainingCohort.objects.filter(pk=cohort.pk)).get()

    assert (row.enrolled_count, row.completed_count, row.withdrawn_count, row.graduated_count) == (3, 2, 1, 1)


# --- Code of conduct ----------------------------------------------------------------------------


def test_acknowledging_the_code_of_conduct_records_its_current_version_once():
    peer = factories.PeerFactory(full_name="Samira Okafor", preferred_name="")
    lead = factories.UserFactory()
    version = ReferenceItem.objects.get(kind=Kind.CODE_OF_CONDUCT, code="introduction").version
    before = counts()

    ack = services.acknowledge_code_of_conduct(peer=peer, by=lead, acknowledged_on=TODAY)

    assert version == "Nottingham PSW training 2010"
    assert changed(before) == {"CodeOfConductAcknowledgement": 1}
    assert (ack.peer, ack.version, ack.acknowledged_on, ack.recorded_by) == (peer, version, TODAY, lead)

    with pytest.raises(ValidationError) as refused:
        services.acknowledge_code_of_conduct(peer=peer, by=lead, acknowledged_on=TODAY + datetime.timedelta(1))

    assert refused.value.messages == [
        "Samira Okafor has already acknowledged this version of the code of conduct (Nottingham PSW training 2010)."
    ]
    assert changed(before) == {"CodeOfConductAcknowledgement": 1}


# --- Recovery-focused language --------------------------------------------------------------------


@pytest.mark.parametrize("wording", ["noncompliant", "Noncompliant", "NON-COMPLIANT", "non-compliant", "Non compliant"])
def test_deficit_wording_is_flagged_with_the_seeds_strengths_based_alternatives(wording):
    advice = selectors.language_advice(f"She has been {wording} with her plan this week.")

    flagged = {a.deficit_based: a for a in advice}
    assert "Noncompliant" in flagged, [a.deficit_based for a in advice]
    noncompliant = flagged["Noncompliant"]
    assert (noncompliant.found, noncompliant.count) == (wording, 1)
    assert noncompliant.strengths_based == NONCOMPLIANT_ALTERNATIVES


def test_language_advice_counts_every_use_across_several_texts():
    advice = selectors.language_advice("Noncompliant on Monday.", None, "", "Still noncompliant on Friday.")

    assert [(a.deficit_based, a.found, a.count) for a in advice] == [("Noncompliant", "Noncompliant", 2)]


def test_recovery_focused_wording_gets_no_advice():
    text = (
        "She is not in agreement with the treatment plan and prefers not to take the new medication; "
        "she is working towards her goal of returning to college and is doing well."
    )

    assert selectors.language_advice(text) == []


@pytest.mark.parametrize("texts", [(), ("",), ("   \n\t",), (None,), (None, "")])
def test_language_advice_on_empty_text_is_an_empty_list(texts):
    assert selectors.language_advice(*texts) == []
