"""Query budgets: every page makes the same number of SQL queries whatever the number of rows it shows.

Each case builds its rows at 5, counts the queries of one GET, grows the rows to 50 and counts again.
A count that grows with the rows is an N+1 query in the page. List pages paginate at 25, so the
large run shows a full page of 25 rows against the small run's handful.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
import pytest

from programmes import services
from programmes.models import (
    AgendaCoverage,
    CohortEnrolment,
    CostItem,
    FollowUpAction,
    JobDescription,
    KeyAccountability,
    PersonSpecificationCriterion,
    Post,
    Programme,
    ProjectAction,
    ReferenceItem,
    SensitiveAccessLog,
    StaffRole,
    SteeringGroupMember,
    TeamPreparationSession,
    TrainingCohort,
    TrainingCourse,
)
from tests import factories
from tests.conftest import World
from tests.perf.budget import LARGE, Page, choices, context_len, listed, page_rows
from tests.perf.together import (
    assert_measured_page_keeps_its_budget,
    ids,
    measured_fixture,
    pdf_not_laid_out,
    together,
)

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

# --- Ways of adding rows ------------------------------------------------------------------------


def add_trusts(w: World, n: int) -> None:
    """Trusts, each with a team, a filled post and a vacant post (the trust list counts them)."""
    for _ in range(n):
        team = factories.TeamFactory()
        factories.PostFactory(team=team, holder=factories.PeerFactory(trust=team.trust))
        factories.PostFactory(team=team)


def add_teams(w: World, n: int) -> None:
    """Teams of the world's trust, each with a filled post, a vacant post and a programme."""
    for _ in range(n):
        team = factories.TeamFactory(trust=w.trust)
        factories.PostFactory(team=team, holder=factories.PeerFactory(trust=w.trust))
        factories.PostFactory(team=team)
        factories.ProgrammeFactory(trust=w.trust, lead=factories.UserFactory())


def add_posts_to_team(w: World, n: int) -> None:
    """Posts in the world's team, every other one filled."""
    for i in range(n):
        holder = factories.PeerFactory(trust=w.trust) if i % 2 else None
        factories.PostFactory(team=w.team, holder=holder, title=f"Peer Support Worker {i}")


def add_peers(w: World, n: int) -> None:
    """Peers of the world's trust, every other one in a post of the world's team."""
    for i in range(n):
        peer = factories.PeerFactory(trust=w.trust, preferred_name=f"Pref {i}")
        if i % 2:
            factories.PostFactory(team=w.team, holder=peer)


def add_hr_trusts(w: World, n: int) -> None:
    """Trusts in which the HR officer holds a role (the trust choices of the team and peer forms)."""
    for _ in range(n):
        StaffRole.objects.create(user=w.hr_officer, trust=factories.TrustFactory(), role=StaffRole.Role.HR)


def edit_trust(w: World, n: int) -> None:
    """Changes to the world's trust, each credited to the administrator."""
    start = w.trust.history.count()
    for i in range(start, start + n):
        services.update_trust(trust=w.trust, by=w.administrator, name=f"Northshire Trust {i}")


def edit_post(w: World, n: int) -> None:
    """Changes to the world's post, each credited to the HR officer."""
    start = w.post.history.count()
    for i in range(start, start + n):
        services.update_post(post=w.post, by=w.hr_officer, title=f"Peer Support Worker {i}", band=3 + i % 2)


def edit_peer_and_add_posts(w: World, n: int) -> None:
    """Changes to the world's peer and posts the peer holds (the peer's record lists both)."""
    start = w.peer.history.count()
    for i in range(start, start + n):
        services.update_peer(peer=w.peer, by=w.hr_officer, phone=f"0161 000 {i:04d}")
        factories.PostFactory(team=w.other_team, holder=w.peer, hours=Decimal("7.5"))


def add_reads_of_peer(w: World, n: int) -> None:
    """Reads of the peer's sensitive records by the peer lead and HR, of every kind of record."""
    for i in range(n):
        SensitiveAccessLog.objects.create(
            peer=w.peer,
            user=w.peer_lead if i % 2 else w.hr_officer,
            record_type=SensitiveAccessLog.RecordType.choices[i % len(SensitiveAccessLog.RecordType.choices)][0],
        )


# --- How many rows the page shows (so a case cannot pass by showing nothing) -----------------


def programme_overview(response) -> int:
    return sum(o.team_count + o.post_count for o in response.context["overviews"])


def trust_detail(response) -> int:
    return len(response.context["teams"]) + len(response.context["programmes"])


def history_and_posts(response) -> int:
    return len(response.context["history"]) + len(response.context["posts"])


def home_for_hr(response) -> int:
    return response.context["vacant_count"] + len(response.context["recent_peers"])


LIVED_EXPERIENCE = SensitiveAccessLog.RecordType.LIVED_EXPERIENCE.value
CARE_ARRANGEMENT = SensitiveAccessLog.RecordType.CARE_ARRANGEMENT.value

PAGES = [
    Page("home", "peer_lead", add_teams, programme_overview),
    Page("home", "hr_officer", add_teams, home_for_hr),
    Page("home", "line_manager", add_posts_to_team, context_len("team_posts")),
    Page("home", "peer_worker", edit_peer_and_add_posts, context_len("my_posts")),
    Page("trust-list", "administrator", add_trusts, listed),
    Page("trust-detail", "administrator", add_teams, trust_detail, pk_of=lambda w: w.trust),
    Page("team-list", "hr_officer", add_teams, listed),
    Page("team-detail", "hr_officer", add_posts_to_team, context_len("posts"), pk_of=lambda w: w.team),
    Page("post-list", "hr_officer", add_posts_to_team, listed),
    Page("post-detail", "hr_officer", edit_post, context_len("history"), pk_of=lambda w: w.post),
    Page("peer-list", "hr_officer", add_peers, listed),
    Page(
        "peer-detail",
        "peer_lead",
        edit_peer_and_add_posts,
        history_and_posts,
        pk_of=lambda w: w.peer,
        logs_reads=frozenset({LIVED_EXPERIENCE, CARE_ARRANGEMENT}),
    ),
    Page(
        "peer-detail",
        "hr_officer",
        edit_peer_and_add_posts,
        history_and_posts,
        pk_of=lambda w: w.peer,
        logs_reads=frozenset({CARE_ARRANGEMENT}),
    ),
    Page("peer-access-log", "peer_worker", add_reads_of_peer, context_len("reads"), pk_of=lambda w: w.peer),
    Page("trust-create", "administrator", add_trusts, None),
    Page("trust-update", "administrator", edit_trust, None, pk_of=lambda w: w.trust),
    Page("team-create", "hr_officer", add_hr_trusts, choices("trust")),
    Page("team-update", "hr_officer", add_posts_to_team, None, pk_of=lambda w: w.team),
    Page("post-create", "hr_officer", add_teams, choices("team", "holder")),
    Page("post-update", "hr_officer", add_teams, choices("team", "holder"), pk_of=lambda w: w.post),
    Page("peer-create", "hr_officer", add_hr_trusts, choices("trust")),
    Page("peer-update", "hr_officer", edit_peer_and_add_posts, None, pk_of=lambda w: w.peer),
    Page(
        "peer-update",
        "peer_lead",
        edit_peer_and_add_posts,
        None,
        pk_of=lambda w: w.peer,
        logs_reads=frozenset({LIVED_EXPERIENCE}),  # the form shows the lived-experience details
    ),
]


# --- Phase 1, preparation ---------------------------------------------------------------------
# Factories for the preparation records, the records each page is about (made on first use, so a
# Page can name them before any row is added), ways of adding rows and how many rows a page shows.


class SteeringGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringGroupMember

    name = factory.Faker("name")
    job_title = "Head of service"
    represents = factory.Iterator([r.value for r in SteeringGroupMember.Represents])


class ProjectActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectAction

    action = factory.Sequence(lambda n: f"Project action {n}")
    owner = "Programme manager"
    # Some overdue, some due later; some done, so the readiness counts have something to count.
    due_date = factory.Sequence(lambda n: datetime.date.today() + datetime.timedelta(days=30 * (n % 3 - 1)))
    status = factory.Iterator([s.value for s in ProjectAction.Status])


class CostItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostItem

    category = factory.Iterator([c.value for c in CostItem.Category])
    description = factory.Sequence(lambda n: f"Cost line {n}")
    amount = Decimal("1250.00")


class TeamPreparationSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamPreparationSession

    held_on = datetime.date(2026, 3, 2)
    facilitator = "Peer support lead"
    attendees = "Maya Singh, team leader\nOwen Price, nurse"


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction

    action = factory.Sequence(lambda n: f"Follow-up action {n}")
    owner = "Team leader"
    due_date = datetime.date(2026, 4, 1)
    done = factory.Iterator([False, True])


class JobDescriptionTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobDescription

    template_name = factory.Sequence(lambda n: f"Test template {n}")
    career_level = Post.CareerLevel.PEER_SUPPORT_WORKER
    job_title = "Peer Support Worker"
    band = 3
    source = "Test template"


class KeyAccountabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyAccountability

    order = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Accountability {n}")
    duties = "Offer one-to-one peer support\nShare lived experience purposefully"
    performance_measures = "Feedback from the people supported"


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonSpecificationCriterion

    order = factory.Sequence(lambda n: n)
    attribute = factory.Sequence(lambda n: f"Attribute {n}")
    essential = "Lived experience of mental health problems"
    essential_weight = 5
    desirable = "Experience of groups"
    desirable_weight = 2
    by_application = True
    by_interview = True


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCourse

    name = factory.Sequence(lambda n: f"Peer support worker training {n}")
    provider = "Recovery college"
    length = "11 days"
    length_days = 11


class TrainingCohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2026, 11, 30)
    capacity = 100


class ReferenceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceItem

    code = factory.Sequence(lambda n: f"test_item_{n}")
    number = factory.Sequence(lambda n: 100 + n)
    title = factory.Sequence(lambda n: f"Test item {n}")
    text = "Reference text added by the test."


NORTHSHIRE_PROGRAMME = "Northshire Peer Support Programme"
LANGUAGE_WORDS = [f"testphrase{i}" for i in range(LARGE)]


def the_programme(w: World) -> Programme:
    return Programme.objects.get(trust=w.trust, name=NORTHSHIRE_PROGRAMME)


def first_of(model, w: World, factory_class):
    """The programme's first record of `model`, made if it has none yet."""
    programme = the_programme(w)
    return model.objects.filter(programme=programme).order_by("pk").first() or factory_class(programme=programme)


def steering_member(w: World) -> SteeringGroupMember:
    return first_of(SteeringGroupMember, w, SteeringGroupMemberFactory)


def project_action(w: World) -> ProjectAction:
    return first_of(ProjectAction, w, ProjectActionFactory)


def cost_item(w: World) -> CostItem:
    return first_of(CostItem, w, CostItemFactory)


def preparation_session(w: World) -> TeamPreparationSession:
    return TeamPreparationSession.objects.filter(team=w.team).order_by("pk").first() or make_session(w.team)


def make_session(team, *, covered: int = 3, actions: int = 1) -> TeamPreparationSession:
    """A session with every agenda item (the first `covered` covered) and some follow-up actions."""
    session = TeamPreparationSessionFactory(team=team)
    items = ReferenceItem.objects.filter(kind=ReferenceItem.Kind.TEAM_PREPARATION_AGENDA).order_by("number")
    AgendaCoverage.objects.bulk_create(  # one insert: a session per team made this the file's slowest step
        AgendaCoverage(session=session, item=item, covered=i < covered, notes=f"Notes {i}")
        for i, item in enumerate(items)
    )
    FollowUpActionFactory.create_batch(actions, session=session)
    return session


def own_template(w: World) -> JobDescription:
    return JobDescription.objects.filter(template_name="Test template").first() or JobDescriptionTemplateFactory(
        template_name="Test template"
    )


def post_with_job_description(w: World) -> Post:
    """The world's post, with its own job description made from the library's Band 3 template."""
    if not JobDescription.objects.filter(post=w.post).exists():
        template = JobDescription.objects.filter(post__isnull=True).order_by("band", "pk").first()
        services.create_job_description_from_template(post=w.post, template=template, by=w.hr_officer)
    return w.post


def own_course(w: World) -> TrainingCourse:
    return TrainingCourse.objects.filter(trust=w.trust).order_by("pk").first() or TrainingCourseFactory(trust=w.trust)


def the_cohort(w: World) -> TrainingCohort:
    programme = the_programme(w)
    return TrainingCohort.objects.filter(programme=programme).order_by("pk").first() or TrainingCohortFactory(
        programme=programme, course=own_course(w)
    )


def the_enrolment(w: World) -> CohortEnrolment:
    cohort = the_cohort(w)
    return CohortEnrolment.objects.filter(cohort=cohort, peer=w.peer).first() or CohortEnrolment.objects.create(
        cohort=cohort, peer=w.peer
    )


def _edits(record, by, n: int, field_name: str) -> None:
    """`n` changes to one text field of a record, through the service, each credited to `by`."""
    start = record.history.count()
    for i in range(start, start + n):
        services.update_record(record, by=by, **{field_name: f"Changed {i}"})


def add_readiness_rows(w: World, n: int) -> None:
    """Steering group members, project actions, cost lines and teams with a preparation session
    for the world's programme, and changes to the programme (its history)."""
    programme = the_programme(w)
    SteeringGroupMemberFactory.create_batch(n, programme=programme)
    ProjectActionFactory.create_batch(n, programme=programme)
    CostItemFactory.create_batch(n, programme=programme)
    for i in range(n):
        make_session(factories.TeamFactory(trust=w.trust), covered=i % 8, actions=i % 2)
    _edits(programme, w.peer_lead, n, "why_employ_peers")


def edit_steering_member(w: World, n: int) -> None:
    _edits(steering_member(w), w.hr_officer, n, "job_title")
    SteeringGroupMemberFactory.create_batch(n, programme=the_programme(w))


def edit_project_action(w: World, n: int) -> None:
    _edits(project_action(w), w.hr_officer, n, "notes")
    ProjectActionFactory.create_batch(n, programme=the_programme(w))


def edit_cost_item(w: World, n: int) -> None:
    _edits(cost_item(w), w.hr_officer, n, "description")
    CostItemFactory.create_batch(n, programme=the_programme(w))


def add_agenda_items(w: World, n: int) -> None:
    """Agenda items of team preparation (the create page offers one form each)."""
    ReferenceItemFactory.create_batch(n, kind=ReferenceItem.Kind.TEAM_PREPARATION_AGENDA)


def add_agenda_items_and_actions(w: World, n: int) -> None:
    """Agenda items, some covered in the session, and follow-up actions of the session."""
    session = preparation_session(w)
    for i, item in enumerate(ReferenceItemFactory.create_batch(n, kind=ReferenceItem.Kind.TEAM_PREPARATION_AGENDA)):
        AgendaCoverage.objects.create(session=session, item=item, covered=bool(i % 2), notes=f"Added {i}")
    FollowUpActionFactory.create_batch(n, session=session)


def add_actions_and_edit_session(w: World, n: int) -> None:
    add_agenda_items_and_actions(w, n)
    _edits(preparation_session(w), w.hr_officer, n, "notes")


def add_jd_templates(w: World, n: int) -> None:
    JobDescriptionTemplateFactory.create_batch(n)


def add_rows_to_template(w: World, n: int) -> None:
    template = own_template(w)
    KeyAccountabilityFactory.create_batch(n, job_description=template)
    CriterionFactory.create_batch(n, job_description=template)


def add_rows_to_post_jd(w: World, n: int) -> None:
    jd = JobDescription.objects.get(post=post_with_job_description(w))
    KeyAccountabilityFactory.create_batch(n, job_description=jd)
    CriterionFactory.create_batch(n, job_description=jd)


def edit_post_jd(w: World, n: int) -> None:
    """Rows of the post's job description, and new versions of it (its history)."""
    add_rows_to_post_jd(w, n)
    jd = JobDescription.objects.get(post=post_with_job_description(w))
    for _ in range(n):
        services.update_job_description(job_description=jd, by=w.line_manager, role_context=f"Context {jd.version}")


def _add_cohorts(w: World, n: int, course: TrainingCourse) -> None:
    """Cohorts of the course for the world's programme, each with three enrolments (enrolled,
    completed and graduated, withdrawn)."""
    Status, Result = CohortEnrolment.Status, CohortEnrolment.Result
    for _ in range(n):
        cohort = TrainingCohortFactory(programme=the_programme(w), course=course)
        CohortEnrolment.objects.create(cohort=cohort, peer=factories.PeerFactory(trust=w.trust))
        CohortEnrolment.objects.create(
            cohort=cohort,
            peer=factories.PeerFactory(trust=w.trust),
            status=Status.COMPLETED,
            assessment_result=Result.PASSED,
            graduated_on=datetime.date(2026, 12, 10),
        )
        CohortEnrolment.objects.create(
            cohort=cohort, peer=factories.PeerFactory(trust=w.trust), status=Status.WITHDRAWN
        )


def add_courses_and_cohorts(w: World, n: int) -> None:
    """The trust's own courses, each with a cohort (the training page lists both)."""
    for _ in range(n):
        _add_cohorts(w, 1, TrainingCourseFactory(trust=w.trust))


def add_cohorts_to_course(w: World, n: int) -> None:
    _add_cohorts(w, n, own_course(w))


def edit_course_and_add_cohorts(w: World, n: int) -> None:
    _edits(own_course(w), w.hr_officer, n, "description")
    add_cohorts_to_course(w, n)


def add_programmes(w: World, n: int) -> None:
    """Programmes of the world's trust (the cohort form's programme choices), and cohorts."""
    factories.ProgrammeFactory.create_batch(n, trust=w.trust)
    add_cohorts_to_course(w, n)


def add_enrolments_and_edit_cohort(w: World, n: int) -> None:
    cohort = the_cohort(w)
    for i in range(n):
        CohortEnrolment.objects.create(
            cohort=cohort,
            peer=factories.PeerFactory(trust=w.trust),
            status=CohortEnrolment.Status.WITHDRAWN if i % 3 == 0 else CohortEnrolment.Status.ENROLLED,
            placement_days=i,
        )
    _edits(cohort, w.hr_officer, n, "venue")


def edit_enrolment(w: World, n: int) -> None:
    _edits(the_enrolment(w), w.hr_officer, n, "assessment_notes")
    add_enrolments_and_edit_cohort(w, n)


def add_principles(w: World, n: int) -> None:
    """Principles of the code of conduct and core principles of peer support."""
    ReferenceItemFactory.create_batch(n, kind=ReferenceItem.Kind.CODE_OF_CONDUCT)
    ReferenceItemFactory.create_batch(n, kind=ReferenceItem.Kind.CORE_PRINCIPLE)


def add_language_pairs(w: World, n: int) -> None:
    """Deficit-based phrases with strengths-based alternatives, each found in the checked text."""
    start = ReferenceItem.objects.filter(kind=ReferenceItem.Kind.RECOVERY_LANGUAGE, code__startswith="test_").count()
    for i in range(start, start + n):
        ReferenceItemFactory(
            kind=ReferenceItem.Kind.RECOVERY_LANGUAGE,
            code=f"test_{i}",
            title=LANGUAGE_WORDS[i],
            details={"strengths_based": [f"Strengths-based {i}"]},
        )


def readiness_rows(response) -> int:
    r = response.context["readiness"]
    return len(r.steering_group) + len(r.actions) + len(r.cost_lines) + len(r.teams) + len(response.context["history"])


def session_rows(response) -> int:
    c = response.context
    return len(c["agenda"]) + len(c["actions"]) + len(c["history"])


def session_form_rows(response) -> int:
    return len(response.context["agenda_forms"]) + len(response.context["actions_formset"].forms)


def jd_rows(response) -> int:
    jd = response.context["jd"]
    return len(jd.accountabilities.all()) + len(jd.person_specification.all())


def jd_rows_and_history(response) -> int:
    return jd_rows(response) + len(response.context["history"])


def jd_form_rows(response) -> int:
    return len(response.context["accountabilities"].forms) + len(response.context["criteria"].forms)


def courses_and_cohorts(response) -> int:
    return listed(response) + len(response.context["cohorts"])


def enrolments_and_history(response) -> int:
    return len(response.context["page_obj"].object_list) + len(response.context["history"])


def principles_and_core_principles(response) -> int:
    return len(response.context["principles"]) + len(response.context["core_principles"])


def language_pairs_and_advice(response) -> int:
    return len(response.context["pairs"]) + len(response.context["language_advice"])


PAGES += [
    Page("programme-readiness", "hr_officer", add_readiness_rows, readiness_rows, pk_of=the_programme),
    Page("programme-readiness", "administrator", add_readiness_rows, readiness_rows, pk_of=the_programme),
    Page("programme-update", "peer_lead", add_readiness_rows, None, pk_of=the_programme),
    Page("steering-member-create", "hr_officer", add_readiness_rows, None, pk_of=the_programme),
    Page("steering-member-update", "hr_officer", edit_steering_member, None, pk_of=steering_member),
    Page("project-action-create", "peer_lead", add_readiness_rows, None, pk_of=the_programme),
    Page("project-action-update", "peer_lead", edit_project_action, None, pk_of=project_action),
    Page("cost-item-create", "hr_officer", add_readiness_rows, None, pk_of=the_programme),
    Page("cost-item-update", "hr_officer", edit_cost_item, None, pk_of=cost_item),
    Page(
        "team-preparation-create", "hr_officer", add_agenda_items, context_len("agenda_forms"), pk_of=lambda w: w.team
    ),
    Page(
        "team-preparation-detail", "hr_officer", add_actions_and_edit_session, session_rows, pk_of=preparation_session
    ),
    Page(
        "team-preparation-detail", "line_manager", add_actions_and_edit_session, session_rows, pk_of=preparation_session
    ),
    Page(
        "team-preparation-update",
        "peer_lead",
        add_agenda_items_and_actions,
        session_form_rows,
        pk_of=preparation_session,
    ),
    Page("jd-template-list", "hr_officer", add_jd_templates, listed),
    Page("jd-template-detail", "hr_officer", add_rows_to_template, jd_rows, pk_of=own_template),
    Page("post-jd-detail", "hr_officer", edit_post_jd, jd_rows_and_history, pk_of=post_with_job_description),
    Page("post-jd-detail", "line_manager", edit_post_jd, jd_rows_and_history, pk_of=post_with_job_description),
    # The PDF's text is read in tests/programmes/test_job_description_pdf.py; here, its queries.
    Page("post-jd-pdf", "line_manager", add_rows_to_post_jd, None, pk_of=post_with_job_description),
    Page("post-jd-create", "hr_officer", add_jd_templates, choices("template"), pk_of=lambda w: w.post),
    Page("post-jd-update", "hr_officer", add_rows_to_post_jd, jd_form_rows, pk_of=post_with_job_description),
    Page("course-list", "hr_officer", add_courses_and_cohorts, courses_and_cohorts),
    Page("course-create", "hr_officer", add_hr_trusts, choices("trust")),
    Page("course-detail", "hr_officer", add_cohorts_to_course, page_rows, pk_of=own_course),
    Page("course-update", "hr_officer", edit_course_and_add_cohorts, None, pk_of=own_course),
    Page("cohort-create", "hr_officer", add_programmes, choices("programme"), pk_of=own_course),
    Page("cohort-detail", "hr_officer", add_enrolments_and_edit_cohort, enrolments_and_history, pk_of=the_cohort),
    Page("cohort-update", "peer_lead", add_programmes, choices("programme"), pk_of=the_cohort),
    Page("enrolment-create", "hr_officer", add_peers, choices("peer"), pk_of=the_cohort),
    Page("enrolment-update", "hr_officer", edit_enrolment, None, pk_of=the_enrolment),
    Page("code-of-conduct", "peer_worker", add_principles, principles_and_core_principles),
    Page(
        "peer-acknowledgement-create", "hr_officer", add_principles, context_len("principles"), pk_of=lambda w: w.peer
    ),
    Page(
        "peer-acknowledgement-create", "peer_worker", add_principles, context_len("principles"), pk_of=lambda w: w.peer
    ),
    Page(
        "recovery-language",
        "hr_officer",
        add_language_pairs,
        language_pairs_and_advice,
        query="?text=" + "+".join(["Noncompliant", *LANGUAGE_WORDS]),
    ),
]


def own_care_team(w: World) -> None:
    """The peer works in the team that cares for them, so the peer's record has its care arrangement too."""
    factories.OwnCareTeamArrangementFactory(
        peer=w.peer, team=w.team, line_manager=w.line_manager, supervisor=w.supervisor
    )


# The pages that add the same rows, measured on one build of them (tests/perf/together.py); these make the record
# their page is about on first use, and the peer's home page shows the log of sensitive reads that the peer's
# record writes to, so it is measured alone.
MAKERS = [
    steering_member,
    project_action,
    cost_item,
    preparation_session,
    own_template,
    post_with_job_description,
    own_course,
    the_cohort,
    the_enrolment,
]
measured = measured_fixture(prepare=own_care_team, around=pdf_not_laid_out)


@pytest.mark.parametrize(
    ("page", "measured"),
    together(PAGES, makers=MAKERS, alone=[page for page in PAGES if str(page) == "home-as-peer_worker"]),
    indirect=["measured"],
    ids=ids(PAGES),
    scope="module",
)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(db, page, measured):
    assert_measured_page_keeps_its_budget(page, measured[page])
